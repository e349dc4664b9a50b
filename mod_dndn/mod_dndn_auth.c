/*
 * mod_dndn_auth.c - who is calling: business users with the module's own
 * session tokens, staff through Apache's authentication; the development
 * sign-in; GET /me and GET /staff/me.
 */
#include <string.h>

#include <apr_strings.h>

#include "mod_dndn.h"

APLOG_USE_MODULE(dndn);

static int unauthorized(dndn_req *q, const char *error, const char *detail)
{
    apr_table_setn(
        q->r->err_headers_out, "WWW-Authenticate",
        apr_psprintf(q->r->pool, "Bearer realm=\"dndn\", error=\"%s\"", error));
    dndn_send_problem(q, HTTP_UNAUTHORIZED, "Chưa đăng nhập", detail, NULL);
    return -1;
}

int dndn_auth_user(dndn_req *q, dndn_user *user)
{
    const char *h = apr_table_get(q->r->headers_in, "Authorization");
    const char *sub = NULL;
    apr_int64_t exp = 0;
    dndn_db *db;
    dndn_rc rc;
    int v;

    if (!h || strncasecmp(h, "Bearer ", 7)) {
        return unauthorized(q, "invalid_request",
                            "Vui lòng đăng nhập bằng Zalo để tiếp tục.");
    }
    if (!q->scfg->session_key) {
        return unauthorized(q, "invalid_token",
                            "Máy chủ chưa được cấu hình phiên đăng nhập.");
    }
    h += 7;
    while (*h == ' ') {
        h++;
    }
    v = dndn_token_verify(q->r->pool, q->scfg->session_key,
                          q->scfg->session_key_len, h,
                          apr_time_sec(apr_time_now()), &sub, &exp);
    if (v == DNDN_TOKEN_EXPIRED) {
        return unauthorized(q, "invalid_token",
                            "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập "
                            "lại.");
    }
    if (v != DNDN_TOKEN_OK) {
        return unauthorized(q, "invalid_token",
                            "Phiên đăng nhập không hợp lệ. Vui lòng đăng "
                            "nhập lại.");
    }
    if (!(db = dndn_db_get(q))) {
        return -1;
    }
    rc = dndn_store_user_get(db, sub, user);
    if (rc == DNDN_NOTFOUND) {
        return unauthorized(q, "invalid_token",
                            "Tài khoản không còn tồn tại. Vui lòng đăng "
                            "nhập lại.");
    }
    if (rc != DNDN_OK) {
        dndn_send_db_error(q);
        return -1;
    }
    q->r->user = apr_pstrcat(q->r->pool, "u", user->id, NULL);
    return 0;
}

int dndn_auth_staff(dndn_req *q, dndn_staff *staff)
{
    dndn_db *db;
    dndn_rc rc;

    if (!q->r->user) {
        /* The sysadmin left this Location without authentication. */
        dndn_send_problem(q, HTTP_UNAUTHORIZED, "Chưa đăng nhập",
                          "Cần đăng nhập tài khoản cán bộ.", NULL);
        return -1;
    }
    if (!(db = dndn_db_get(q))) {
        return -1;
    }
    rc = dndn_store_staff_get(db, q->r->user, staff);
    if (rc == DNDN_NOTFOUND) {
        dndn_send_problem(q, HTTP_FORBIDDEN, "Không có quyền",
                          "Tài khoản này chưa được cấp quyền cán bộ trong hệ "
                          "thống.",
                          NULL);
        return -1;
    }
    if (rc != DNDN_OK) {
        dndn_send_db_error(q);
        return -1;
    }
    return 0;
}

int dndn_auth_partner(dndn_req *q, const char *scope, dndn_apikey *key)
{
    const char *k = apr_table_get(q->r->headers_in, "X-API-Key");
    dndn_db *db;
    dndn_rc rc;

    if (!k || !*k || strlen(k) > 256) {
        dndn_send_problem(q, HTTP_UNAUTHORIZED, "Chưa xác thực",
                          "Thiếu khoá API (X-API-Key) hợp lệ.", NULL);
        return -1;
    }
    if (!(db = dndn_db_get(q))) {
        return -1;
    }
    /* Keys are stored as SHA-256 hashes and looked up by hash: the
     * comparison the database makes is on the hash, never the secret. */
    rc = dndn_store_apikey_get(db, dndn_sha256_hex(q->r->pool, k, strlen(k)),
                               apr_time_sec(apr_time_now()), key);
    if (rc == DNDN_NOTFOUND) {
        dndn_send_problem(q, HTTP_UNAUTHORIZED, "Chưa xác thực",
                          "Khoá API không hợp lệ hoặc đã bị thu hồi.", NULL);
        return -1;
    }
    if (rc != DNDN_OK) {
        dndn_send_db_error(q);
        return -1;
    }
    if (!dndn_scope_has(key->scopes, scope)) {
        dndn_send_problem(
            q, HTTP_FORBIDDEN, "Không có quyền",
            apr_psprintf(q->r->pool, "Khoá API này không có quyền %s.", scope),
            NULL);
        return -1;
    }
    q->r->user = apr_pstrcat(q->r->pool, "key", key->id, NULL);
    return 0;
}

int dndn_send_session(dndn_req *q, int status, const dndn_user *u)
{
    apr_pool_t *p = q->r->pool;
    apr_int64_t now = apr_time_sec(apr_time_now());
    apr_int64_t exp = now + dndn_cfg_session_ttl(q->scfg);
    const char *token = dndn_token_sign(
        p, q->scfg->session_key, q->scfg->session_key_len, u->id, now, exp);
    cJSON *o = dndn_json_object(p);

    if (!token) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
                      "DNDN0030: signing a session token failed");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    cJSON_AddStringToObject(o, "token", token);
    cJSON_AddStringToObject(o, "expires_at", dndn_time_format(p, exp));
    cJSON_AddItemToObject(o, "user", dndn_user_json(p, u));
    return dndn_send_json(q, status, o, 0);
}

/* POST /auth/dev {"name"}: a session without Zalo, when DndnDevLogin On. */
static int h_auth_dev(dndn_req *q)
{
    cJSON *body;
    const char *name, *clean = NULL;
    apr_array_header_t *errs = dndn_errors_make(q->r->pool);
    dndn_user u;
    dndn_db *db;
    int st, ok = 1;

    if (!dndn_cfg_dev_login(q->scfg) || !q->scfg->session_key) {
        return dndn_send_not_found(q);
    }
    if (!(body = dndn_read_json(q, &st))) {
        return st;
    }
    name = dndn_json_get_str(body, "name", &ok);
    if (!ok) {
        dndn_errors_add(errs, "name", "invalid_type",
                        "Tên phải là một chuỗi ký tự.");
    }
    else {
        dndn_check_text(q->r->pool, errs, "name", name, name ? strlen(name) : 0,
                        1, 100, 0, &clean);
    }
    if (errs->nelts) {
        return dndn_send_problem(q, HTTP_BAD_REQUEST, "Dữ liệu không hợp lệ",
                                 "Vui lòng kiểm tra lại tên.", errs);
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_user_signin(db, "dev", clean, clean,
                               apr_time_sec(apr_time_now()), &u) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    return dndn_send_session(q, HTTP_OK, &u);
}

static int h_me(dndn_req *q)
{
    dndn_user u;

    if (dndn_auth_user(q, &u)) {
        return OK;
    }
    return dndn_send_json(
        q, HTTP_OK, dndn_json_own(q->r->pool, dndn_user_json(q->r->pool, &u)),
        0);
}

static int h_staff_me(dndn_req *q)
{
    dndn_staff s;

    if (dndn_auth_staff(q, &s)) {
        return OK;
    }
    return dndn_send_json(q, HTTP_OK,
                          dndn_json_own(q->r->pool, dndn_staff_json(&s)), 0);
}

const dndn_route dndn_auth_routes[] = {
    {DNDN_PUBLIC, "POST", "/auth/dev", h_auth_dev, 0},
    {DNDN_PUBLIC, "GET", "/me", h_me, 0},
    {DNDN_STAFF, "GET", "/me", h_staff_me, 0},
    {0, NULL, NULL, NULL, 0}};
