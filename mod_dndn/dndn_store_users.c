/*
 * dndn_store_users.c - who calls: business users (Mini App sign-in),
 * staff, and partner systems' API keys.
 */
#include <string.h>

#include <apr_strings.h>

#include "dndn_token.h"

#include "dndn_store_int.h"

const dndn_statement dndn_users_statements[] = {
    {"dndn_user_by_identity",
     "SELECT id FROM users WHERE provider = %s AND subject = %s"},
    {"dndn_user_insert",
     "INSERT INTO users (provider, subject, name, created_at, updated_at) "
     "VALUES (%s, %s, %s, %d, %d)"},
    {"dndn_user_get",
     "SELECT id, provider, name, phone, enterprise_tax_code, "
     "enterprise_name, created_at, subject, phone_consent_purpose, "
     "phone_consent_at FROM users WHERE id = %d AND deleted_at IS NULL"},
    {"dndn_user_update",
     "UPDATE users SET name = %s, phone = %s, phone_consent_purpose = %s, "
     "phone_consent_at = %d, enterprise_tax_code = %s, enterprise_name = "
     "%s, updated_at = %d WHERE id = %d AND deleted_at IS NULL"},
    {"dndn_consent_insert",
     "INSERT INTO consents (user_id, kind, purpose, granted, created_at) "
     "VALUES (%d, %s, %s, %d, %d)"},
    {"dndn_staff_get",
     "SELECT username, full_name, role, agency_code FROM staff WHERE "
     "username = %s AND active = 1"},
    {"dndn_apikey_get",
     "SELECT id, name, scopes, key_hash FROM api_keys WHERE key_hash = %s "
     "AND "
     "revoked_at IS NULL"},
    {"dndn_apikey_used",
     "UPDATE api_keys SET last_used_at = %d WHERE id = %d AND "
     "(last_used_at IS NULL OR last_used_at < %d)"},
    {NULL, NULL}};

dndn_rc dndn_store_user_get(dndn_db *db, const char *id, dndn_user *out)
{
    const char *c[10];
    dndn_rc rc = dndn_select_one(db, "dndn_user_get", 1, &id, c, 10);

    if (rc == DNDN_OK) {
        out->id = c[0];
        out->provider = c[1];
        out->name = c[2];
        out->phone = c[3];
        out->enterprise_tax_code = c[4];
        out->enterprise_name = c[5];
        out->created_at = c[6];
        out->subject = c[7];
        out->phone_consent_purpose = c[8];
        out->phone_consent_at = c[9];
    }
    return rc;
}

static dndn_rc record_consent(dndn_db *db, const char *user_id,
                              const char *kind, const char *purpose,
                              int granted, const char *now)
{
    const char *args[5];

    args[0] = user_id;
    args[1] = kind;
    args[2] = purpose;
    args[3] = granted ? "1" : "0";
    args[4] = now;
    return dndn_exec(db, "dndn_consent_insert", 5, args, NULL);
}

static dndn_rc user_update(dndn_db *db, const char *id,
                           const dndn_user_change *ch, apr_int64_t now)
{
    const char *args[8], *at = dndn_i64(db, now);
    dndn_user cur;
    dndn_rc rc = dndn_store_user_get(db, id, &cur);

    if (rc != DNDN_OK) {
        return rc;
    }
    args[0] = ch->name ? ch->name : cur.name;
    args[1] = cur.phone;
    args[2] = cur.phone_consent_purpose;
    args[3] = cur.phone_consent_at;
    args[4] = cur.enterprise_tax_code;
    args[5] = cur.enterprise_name;
    args[6] = at;
    args[7] = id;
    if (ch->phone_op > 0) {
        /* A new number, or a number without a recorded consent: this
         * request is the consent; record it.  The same number again
         * keeps the consent it rests on. */
        if (!cur.phone || strcmp(cur.phone, ch->phone) ||
            !cur.phone_consent_at) {
            rc = record_consent(db, id, "phone", ch->phone_purpose, 1, at);
            if (rc != DNDN_OK) {
                return rc;
            }
            args[1] = ch->phone;
            args[2] = ch->phone_purpose;
            args[3] = at;
        }
    }
    else if (ch->phone_op < 0 && cur.phone) {
        /* Removing the number withdraws the consent it rested on. */
        rc =
            record_consent(db, id, "phone",
                           cur.phone_consent_purpose ? cur.phone_consent_purpose
                                                     : ch->phone_purpose,
                           0, at);
        if (rc != DNDN_OK) {
            return rc;
        }
        args[1] = args[2] = args[3] = NULL;
    }
    if (ch->enterprise_op > 0) {
        args[4] = ch->tax_code;
        args[5] = ch->enterprise_name;
    }
    else if (ch->enterprise_op < 0) {
        args[4] = args[5] = NULL;
    }
    /* No affected-row check: MySQL counts changed rows, and an update
     * that changes nothing is fine (the row was read above). */
    return dndn_exec(db, "dndn_user_update", 8, args, NULL);
}

dndn_rc dndn_store_user_change(dndn_db *db, const char *id,
                               const dndn_user_change *ch, apr_int64_t now,
                               dndn_user *out)
{
    dndn_rc rc = dndn_store_begin(db);

    if (rc != DNDN_OK) {
        return rc;
    }
    rc = user_update(db, id, ch, now);
    if (dndn_store_end(db, rc == DNDN_OK) != DNDN_OK && rc == DNDN_OK) {
        rc = DNDN_DBERR;
    }
    return rc == DNDN_OK ? dndn_store_user_get(db, id, out) : rc;
}

dndn_rc dndn_store_user_signin(dndn_db *db, const char *provider,
                               const char *subject, const char *name,
                               apr_int64_t now, dndn_user *out)
{
    const char *args[5], *id = NULL;
    dndn_rc rc;
    int attempt;

    args[0] = provider;
    args[1] = subject;
    /* Two attempts: a concurrent first sign-in may insert between our
     * look-up and our insert; the unique key then sends us back to the
     * look-up. */
    for (attempt = 0; attempt < 2; attempt++) {
        rc = dndn_select_one(db, "dndn_user_by_identity", 2, args, &id, 1);
        if (rc == DNDN_OK) {
            /* A returning user keeps the name they set with PUT /me. */
            return dndn_store_user_get(db, id, out);
        }
        if (rc != DNDN_NOTFOUND) {
            return rc;
        }
        args[2] = name;
        args[3] = args[4] = dndn_i64(db, now);
        rc = dndn_exec(db, "dndn_user_insert", 5, args, NULL);
        if (rc != DNDN_CONFLICT && rc != DNDN_OK) {
            return rc;
        }
    }
    rc = dndn_select_one(db, "dndn_user_by_identity", 2, args, &id, 1);
    return rc == DNDN_OK ? dndn_store_user_get(db, id, out) : rc;
}

dndn_rc dndn_store_staff_get(dndn_db *db, const char *username, dndn_staff *out)
{
    const char *c[4];
    dndn_rc rc = dndn_select_one(db, "dndn_staff_get", 1, &username, c, 4);

    if (rc == DNDN_OK) {
        out->username = c[0];
        out->full_name = c[1];
        out->role = c[2];
        out->agency_code = c[3];
    }
    return rc;
}

dndn_rc dndn_store_apikey_get(dndn_db *db, const char *key_hash,
                              apr_int64_t now, dndn_apikey *out)
{
    const char *c[4], *args[3];
    dndn_rc rc = dndn_select_one(db, "dndn_apikey_get", 1, &key_hash, c, 4);

    if (rc != DNDN_OK) {
        return rc;
    }
    /* The index found it; confirm in constant time all the same. */
    if (!c[3] || strlen(c[3]) != strlen(key_hash) ||
        !dndn_secure_equals(c[3], key_hash, strlen(key_hash))) {
        return DNDN_NOTFOUND;
    }
    out->id = c[0];
    out->name = c[1];
    out->scopes = c[2];
    /* last_used_at to the minute: one write per key per minute at most. */
    args[0] = dndn_i64(db, now);
    args[1] = out->id;
    args[2] = dndn_i64(db, now - 60);
    return dndn_exec(db, "dndn_apikey_used", 3, args, NULL);
}
