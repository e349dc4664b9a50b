/*
 * dndn_store_privacy.c - personal data (Decree 13/2023/ND-CP): a user's
 * consent history for the export, the anonymisation of a deleted account,
 * and the staff access log.
 */
#include <string.h>

#include <apr_strings.h>

#include "dndn_store_int.h"

/* What a deleted account's consent to the public Q&A was for (petitions
 * keep the flag itself; the history records its withdrawal). */
#define QA_PURPOSE                                                                         \
    "Công khai câu hỏi và câu trả lời (không kèm thông tin cá nhân) trên " \
    "mục Hỏi đáp"

#define ACCESS_COLS "id, at, staff, action, petition_code, user_id, client"
#define ACCESS_PAGE                                                            \
    "at >= %d AND at <= %d AND (at < %d OR (at = %d AND id < %d)) ORDER BY "   \
    "at DESC, id DESC LIMIT %d"

/* Keyset start: above every time and id. */
#define TOP "9223372036854775807"

const dndn_statement dndn_privacy_statements[] = {
    {"dndn_consents_of_user",
     "SELECT kind, purpose, granted, created_at FROM consents WHERE user_id "
     "= %d ORDER BY created_at, id"},
    {"dndn_user_updated_at", "SELECT updated_at FROM users WHERE id = %d"},
    {"dndn_user_public_consents",
     "SELECT COUNT(*) FROM petitions WHERE user_id = %d AND public_consent = "
     "1"},
    {"dndn_user_anonymise",
     "UPDATE users SET name = %s, provider = 'deleted', subject = %s, "
     "phone = NULL, "
     "phone_consent_purpose = NULL, phone_consent_at = NULL, "
     "enterprise_tax_code = NULL, enterprise_name = NULL, deleted_at = %d, "
     "updated_at = %d WHERE id = %d AND deleted_at IS NULL"},
    {"dndn_user_qa_terms_delete",
     "DELETE FROM qa_terms WHERE petition_id IN (SELECT id FROM petitions "
     "WHERE user_id = %d)"},
    {"dndn_user_petitions_anonymise",
     "UPDATE petitions SET enterprise_tax_code = NULL, enterprise_name = "
     "NULL, contact_phone = NULL, public_consent = 0, published = 0, "
     "updated_at = %d, version = version + 1 WHERE user_id = %d"},
    {"dndn_user_idem_delete",
     "DELETE FROM idempotency_keys WHERE user_id = %d"},
    {"dndn_access_log_insert",
     "INSERT INTO access_log (at, staff, action, petition_code, user_id, "
     "client) VALUES (%d, %s, %s, %s, %d, %s)"},
    {"dndn_access_log_all",
     "SELECT " ACCESS_COLS " FROM access_log WHERE " ACCESS_PAGE},
    {"dndn_access_log_staff",
     "SELECT " ACCESS_COLS
     " FROM access_log WHERE staff = %s AND " ACCESS_PAGE},
    {NULL, NULL}};

dndn_rc dndn_store_consents(dndn_db *db, const char *user_id,
                            apr_array_header_t **out)
{
    apr_dbd_results_t *res;
    const char *c[4];
    dndn_rc rc = dndn_select(db, "dndn_consents_of_user", 1, &user_id, &res);

    *out = apr_array_make(db->pool, 4, sizeof(dndn_consent));
    if (rc != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 4)) {
        dndn_consent *k = apr_array_push(*out);
        k->kind = c[0];
        k->purpose = c[1];
        k->granted = c[2];
        k->created_at = c[3];
    }
    return DNDN_OK;
}

dndn_rc dndn_store_user_updated_at(dndn_db *db, const char *user_id,
                                   const char **updated_at)
{
    return dndn_select_one(db, "dndn_user_updated_at", 1, &user_id, updated_at,
                           1);
}

static dndn_rc withdraw(dndn_db *db, const char *user_id, const char *kind,
                        const char *purpose, const char *at)
{
    const char *args[5];

    args[0] = user_id;
    args[1] = kind;
    args[2] = purpose;
    args[3] = "0";
    args[4] = at;
    return dndn_exec(db, "dndn_consent_insert", 5, args, NULL);
}

static dndn_rc anonymise(dndn_db *db, const char *id, apr_int64_t now)
{
    const char *at = dndn_i64(db, now), *args[5], *n = NULL;
    apr_array_header_t *records, *open;
    dndn_user u;
    dndn_rc rc;
    int i, rows = 0;

    if ((rc = dndn_store_user_get(db, id, &u)) != DNDN_OK ||
        (rc = dndn_store_consents(db, id, &records)) != DNDN_OK ||
        (rc = dndn_select_one(db, "dndn_user_public_consents", 1, &id, &n,
                              1)) != DNDN_OK) {
        return rc;
    }
    /* The consent history stays as proof; what is still in force is
     * withdrawn now. */
    open = dndn_consents_in_force(db->pool, records);
    for (i = 0; i < open->nelts; i++) {
        const dndn_consent *c = &APR_ARRAY_IDX(open, i, dndn_consent);
        if ((rc = withdraw(db, id, c->kind, c->purpose, at)) != DNDN_OK) {
            return rc;
        }
    }
    if (n && apr_atoi64(n) > 0 &&
        (rc = withdraw(db, id, "public_qa", QA_PURPOSE, at)) != DNDN_OK) {
        return rc;
    }
    args[0] = DNDN_DELETED_USER_NAME;
    /* The Zalo id goes too: provider "deleted" and the row's own id keep
     * (provider, subject) unique, and no sign-in ever finds the row. */
    args[1] = id;
    args[2] = args[3] = at;
    args[4] = id;
    if ((rc = dndn_exec(db, "dndn_user_anonymise", 5, args, &rows)) !=
        DNDN_OK) {
        return rc;
    }
    if (rows == 0) {
        return DNDN_NOTFOUND; /* deleted meanwhile */
    }
    args[0] = at;
    args[1] = id;
    if ((rc = dndn_exec(db, "dndn_user_qa_terms_delete", 1, &id, NULL)) !=
            DNDN_OK ||
        (rc = dndn_exec(db, "dndn_user_petitions_anonymise", 2, args, NULL)) !=
            DNDN_OK) {
        return rc;
    }
    return dndn_exec(db, "dndn_user_idem_delete", 1, &id, NULL);
}

dndn_rc dndn_store_user_delete(dndn_db *db, const char *id, apr_int64_t now)
{
    dndn_rc rc = dndn_store_begin(db);

    if (rc != DNDN_OK) {
        return rc;
    }
    rc = anonymise(db, id, now);
    if (dndn_store_end(db, rc == DNDN_OK) != DNDN_OK && rc == DNDN_OK) {
        rc = DNDN_DBERR;
    }
    return rc;
}

static dndn_rc log_one(dndn_db *db, const dndn_access_entry *e)
{
    const char *args[6];

    args[0] = e->at;
    args[1] = e->staff;
    args[2] = e->action;
    args[3] = e->petition_code;
    args[4] = e->user_id;
    args[5] = e->client ? e->client : "";
    return dndn_exec(db, "dndn_access_log_insert", 6, args, NULL);
}

dndn_rc dndn_store_access_log_add(dndn_db *db,
                                  const apr_array_header_t *entries)
{
    dndn_rc rc;
    int i;

    if (entries->nelts == 1) {
        return log_one(db, &APR_ARRAY_IDX(entries, 0, dndn_access_entry));
    }
    if ((rc = dndn_store_begin(db)) != DNDN_OK) {
        return rc;
    }
    for (i = 0; i < entries->nelts && rc == DNDN_OK; i++) {
        rc = log_one(db, &APR_ARRAY_IDX(entries, i, dndn_access_entry));
    }
    if (dndn_store_end(db, rc == DNDN_OK) != DNDN_OK && rc == DNDN_OK) {
        rc = DNDN_DBERR;
    }
    return rc;
}

static void fill_access(void *item, const char **c)
{
    dndn_access_entry *e = item;

    e->id = c[0];
    e->at = c[1];
    e->staff = c[2];
    e->action = c[3];
    e->petition_code = c[4];
    e->user_id = c[5];
    e->client = c[6];
}

dndn_rc dndn_store_access_log(dndn_db *db, const char *staff, apr_int64_t from,
                              apr_int64_t to, const char *after_at,
                              const char *after_id, int limit, dndn_page *out)
{
    const char *args[7];
    int n = 0;

    if (staff) {
        args[n++] = staff;
    }
    args[n++] = dndn_i64(db, from);
    args[n++] = dndn_i64(db, to);
    args[n++] = after_at ? after_at : TOP;
    args[n++] = after_at ? after_at : TOP;
    args[n++] = after_id ? after_id : TOP;
    return dndn_select_page(
        db, staff ? "dndn_access_log_staff" : "dndn_access_log_all", n + 1,
        args, limit, 7, sizeof(dndn_access_entry), fill_access, out);
}
