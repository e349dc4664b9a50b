/*
 * dndn_store_admin.c - what dndnctl changes for the sysadmin: staff
 * accounts and partner API keys.
 */
#include <apr_strings.h>

#include "dndn_store_int.h"

const dndn_statement dndn_admin_statements[] = {
    {"dndn_staff_add",
     "INSERT INTO staff (username, password_hash, full_name, role, "
     "agency_code, active, created_at) VALUES (%s, %s, %s, %s, %s, 1, %d)"},
    {"dndn_staff_exists", "SELECT username FROM staff WHERE username = %s"},
    {"dndn_staff_list",
     "SELECT username, full_name, role, agency_code, active, created_at "
     "FROM staff ORDER BY username"},
    {"dndn_staff_disable",
     "UPDATE staff SET active = 0 WHERE username = %s AND active = 1"},
    {"dndn_apikey_add",
     "INSERT INTO api_keys (key_hash, key_prefix, name, scopes, created_at) "
     "VALUES (%s, %s, %s, %s, %d)"},
    {"dndn_apikey_id", "SELECT id FROM api_keys WHERE key_hash = %s"},
    {"dndn_apikey_list",
     "SELECT id, key_prefix, name, scopes, created_at, last_used_at, "
     "revoked_at FROM api_keys ORDER BY id"},
    {"dndn_apikey_revoke",
     "UPDATE api_keys SET revoked_at = %d WHERE id = %d AND revoked_at IS "
     "NULL"},
    {NULL, NULL}};

dndn_rc dndn_store_staff_add(dndn_db *db, const char *username,
                             const char *password_hash, const char *full_name,
                             const char *role, const char *agency_code,
                             apr_int64_t now)
{
    const char *args[6], *found = NULL;
    dndn_rc rc =
        dndn_select_one(db, "dndn_staff_exists", 1, &username, &found, 1);

    /* Looked up first: not every apr_dbd driver reports a unique-key
     * violation in a way dndn_exec recognises. */
    if (rc != DNDN_NOTFOUND) {
        return rc == DNDN_OK ? DNDN_CONFLICT : rc;
    }
    args[0] = username;
    args[1] = password_hash;
    args[2] = full_name ? full_name : "";
    args[3] = role;
    args[4] = agency_code;
    args[5] = dndn_i64(db, now);
    return dndn_exec(db, "dndn_staff_add", 6, args, NULL);
}

dndn_rc dndn_store_staff_list(dndn_db *db, apr_array_header_t **out)
{
    apr_dbd_results_t *res;
    const char *c[6];
    dndn_rc rc;

    *out = apr_array_make(db->pool, 16, sizeof(dndn_staff_row));
    if ((rc = dndn_select(db, "dndn_staff_list", 0, NULL, &res)) != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 6)) {
        dndn_staff_row *s = apr_array_push(*out);
        s->username = c[0];
        s->full_name = c[1];
        s->role = c[2];
        s->agency_code = c[3];
        s->active = c[4];
        s->created_at = c[5];
    }
    return DNDN_OK;
}

dndn_rc dndn_store_staff_disable(dndn_db *db, const char *username)
{
    int n = 0;
    dndn_rc rc = dndn_exec(db, "dndn_staff_disable", 1, &username, &n);

    return rc == DNDN_OK && n == 0 ? DNDN_NOTFOUND : rc;
}

dndn_rc dndn_store_apikey_create(dndn_db *db, const char *key_hash,
                                 const char *key_prefix, const char *name,
                                 const char *scopes, apr_int64_t now,
                                 const char **id)
{
    const char *args[5];
    dndn_rc rc;

    args[0] = key_hash;
    args[1] = key_prefix;
    args[2] = name;
    args[3] = scopes;
    args[4] = dndn_i64(db, now);
    if ((rc = dndn_exec(db, "dndn_apikey_add", 5, args, NULL)) != DNDN_OK) {
        return rc;
    }
    rc = dndn_select_one(db, "dndn_apikey_id", 1, &key_hash, id, 1);
    return rc == DNDN_NOTFOUND ? DNDN_DBERR : rc;
}

dndn_rc dndn_store_apikey_list(dndn_db *db, apr_array_header_t **out)
{
    apr_dbd_results_t *res;
    const char *c[7];
    dndn_rc rc;

    *out = apr_array_make(db->pool, 16, sizeof(dndn_apikey_row));
    if ((rc = dndn_select(db, "dndn_apikey_list", 0, NULL, &res)) != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 7)) {
        dndn_apikey_row *k = apr_array_push(*out);
        k->id = c[0];
        k->key_prefix = c[1];
        k->name = c[2];
        k->scopes = c[3];
        k->created_at = c[4];
        k->last_used_at = c[5];
        k->revoked_at = c[6];
    }
    return DNDN_OK;
}

dndn_rc dndn_store_apikey_revoke(dndn_db *db, const char *id, apr_int64_t now)
{
    const char *args[2];
    int n = 0;
    dndn_rc rc;

    args[0] = dndn_i64(db, now);
    args[1] = id;
    rc = dndn_exec(db, "dndn_apikey_revoke", 2, args, &n);
    return rc == DNDN_OK && n == 0 ? DNDN_NOTFOUND : rc;
}
