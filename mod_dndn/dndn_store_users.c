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
     "enterprise_name, created_at FROM users WHERE id = %d AND deleted_at "
     "IS NULL"},
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
    const char *c[7];
    dndn_rc rc = dndn_select_one(db, "dndn_user_get", 1, &id, c, 7);

    if (rc == DNDN_OK) {
        out->id = c[0];
        out->provider = c[1];
        out->name = c[2];
        out->phone = c[3];
        out->enterprise_tax_code = c[4];
        out->enterprise_name = c[5];
        out->created_at = c[6];
    }
    return rc;
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
