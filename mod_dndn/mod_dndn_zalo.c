/*
 * mod_dndn_zalo.c - sign-in with Zalo and the Zalo phone number exchange.
 *
 *   POST /auth/zalo        {"access_token"}          -> a session
 *   POST /auth/zalo/phone  {"code","access_token"}   -> the user, with phone
 *
 * The access token is checked with Zalo's Graph API (GET /me); the phone
 * token ("code") is exchanged with GET /me/info, which also needs the app's
 * secret key (DndnZaloAppSecretFile).  Calls go out through libcurl with
 * the DndnZaloTimeout limit; every handle and header list belongs to the
 * request pool.  The meaning of Zalo's answers is in the core (dndn_zalo.c).
 * Neither the tokens nor the secret are ever logged or sent back.
 */
#include <string.h>

#include <apr_strings.h>
#include <curl/curl.h>

#include "dndn_zalo.h"
#include "mod_dndn.h"

APLOG_USE_MODULE(dndn);

/* ---------- libcurl ---------- */

static apr_status_t global_cleanup(void *data)
{
    (void)data;
    curl_global_cleanup();
    return APR_SUCCESS;
}

void dndn_zalo_global_init(apr_pool_t *pconf)
{
    /* Reference-counted by libcurl: once per configuration cycle, paired
     * with a cleanup when that configuration's pool goes. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK) {
        apr_pool_cleanup_register(pconf, NULL, global_cleanup,
                                  apr_pool_cleanup_null);
    }
}

static apr_status_t easy_cleanup(void *h)
{
    curl_easy_cleanup(h);
    return APR_SUCCESS;
}

static apr_status_t slist_cleanup(void *l)
{
    curl_slist_free_all(l);
    return APR_SUCCESS;
}

/* The answer being received, capped at DNDN_ZALO_MAX_ANSWER bytes. */
typedef struct {
    apr_pool_t *pool;
    char *buf;
    apr_size_t len, cap;
    int overflow;
} answer;

static size_t on_data(char *data, size_t size, size_t nmemb, void *ud)
{
    answer *a = ud;
    size_t n = size * nmemb;

    if (a->len + n > DNDN_ZALO_MAX_ANSWER) {
        a->overflow = 1;
        return 0; /* libcurl stops with CURLE_WRITE_ERROR */
    }
    if (a->len + n + 1 > a->cap) {
        apr_size_t cap = a->cap ? a->cap : 4096;
        char *bigger;
        while (a->len + n + 1 > cap) {
            cap *= 2;
        }
        bigger = apr_palloc(a->pool, cap);
        if (a->len) {
            memcpy(bigger, a->buf, a->len);
        }
        a->buf = bigger;
        a->cap = cap;
    }
    memcpy(a->buf + a->len, data, n);
    a->len += n;
    a->buf[a->len] = '\0';
    return n;
}

#define CALL_OK   0
#define CALL_DOWN -1 /* unreachable, too slow, 5xx or too large: logged */

/*
 * GET <graph><path> with the given "name: value" header lines (never
 * logged: they carry tokens).  On CALL_OK, *body and *len hold the answer.
 */
static int zalo_get(dndn_req *q, const char *path, const char *const *hdrs,
                    int nhdrs, const char **body, apr_size_t *len)
{
    apr_pool_t *p = q->r->pool;
    const char *url =
        apr_pstrcat(p, dndn_cfg_zalo_graph_url(q->scfg), path, NULL);
    long timeout = (long)dndn_cfg_zalo_timeout(q->scfg);
    char *errbuf = apr_pcalloc(p, CURL_ERROR_SIZE);
    answer a;
    struct curl_slist *list = NULL;
    CURL *h;
    CURLcode rc;
    long status = 0;
    int i;

    memset(&a, 0, sizeof(a));
    a.pool = p;
    if (!(h = curl_easy_init())) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
                      "DNDN0200: libcurl could not make a handle");
        return CALL_DOWN;
    }
    apr_pool_cleanup_register(p, h, easy_cleanup, apr_pool_cleanup_null);
    for (i = 0; i < nhdrs; i++) {
        struct curl_slist *l = curl_slist_append(list, hdrs[i]);
        if (!l) {
            curl_slist_free_all(list);
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
                          "DNDN0201: out of memory building a Zalo request");
            return CALL_DOWN;
        }
        list = l;
    }
    if (list) {
        apr_pool_cleanup_register(p, list, slist_cleanup,
                                  apr_pool_cleanup_null);
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM */
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE, (long)DNDN_ZALO_MAX_ANSWER);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &a);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "mod_dndn/" DNDN_VERSION);
    rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, q->r,
                      "DNDN0202: Zalo Graph API %s: %s%s", path,
                      a.overflow || rc == CURLE_FILESIZE_EXCEEDED
                          ? "answer larger than 64 KiB"
                          : curl_easy_strerror(rc),
                      *errbuf ? apr_pstrcat(p, " (", errbuf, ")", NULL) : "");
        return CALL_DOWN;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 500 || status < 200) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, q->r,
                      "DNDN0203: Zalo Graph API %s answered HTTP %ld", path,
                      status);
        return CALL_DOWN;
    }
    *body = a.buf ? a.buf : "";
    *len = a.len;
    return CALL_OK;
}

static int zalo_down(dndn_req *q)
{
    apr_table_setn(q->r->err_headers_out, "Retry-After", "30");
    return dndn_send_problem(q, HTTP_SERVICE_UNAVAILABLE,
                             "Không kết nối được Zalo",
                             "Hệ thống tạm thời không kết nối được với "
                             "Zalo. Vui lòng thử lại sau ít phút.",
                             NULL);
}

static int zalo_garbage(dndn_req *q, const char *path)
{
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, q->r,
                  "DNDN0204: Zalo Graph API %s answered something that is "
                  "not a JSON object",
                  path);
    return zalo_down(q);
}

static int not_configured(dndn_req *q, const char *what)
{
    return dndn_send_problem(q, HTTP_SERVICE_UNAVAILABLE,
                             "Chức năng chưa được cấu hình",
                             apr_pstrcat(q->r->pool, what,
                                         " chưa được quản trị hệ thống cấu "
                                         "hình trên máy chủ này.",
                                         NULL),
                             NULL);
}

/* A client-supplied token or code, fit for an HTTP header; on failure
 * an error is added and NULL returned. */
static const char *token_member(apr_array_header_t *errs, const cJSON *body,
                                const char *name)
{
    int ok = 1;
    const char *v = dndn_json_get_str(body, name, &ok);

    if (!ok) {
        dndn_errors_add(errs, name, "invalid_type",
                        "Giá trị phải là một chuỗi ký tự.");
        return NULL;
    }
    if (!v || !*v) {
        dndn_errors_add(errs, name, "required",
                        "Thiếu mã xác thực do Zalo cấp.");
        return NULL;
    }
    if (!dndn_zalo_token_ok(v)) {
        dndn_errors_add(errs, name, "invalid_format",
                        "Mã xác thực do Zalo cấp không đúng định dạng.");
        return NULL;
    }
    return v;
}

/* GET /me with the access token: DNDN_ZALO_OK with *me, DENIED, or
 * CALL_DOWN after the 503 was sent. */
static int zalo_me(dndn_req *q, const char *access_token, dndn_zalo_me *me)
{
    const char *path = "/me?fields=id,name,picture";
    const char *hdr[1], *body = NULL;
    apr_size_t len = 0;
    int v;

    hdr[0] = apr_pstrcat(q->r->pool, "access_token: ", access_token, NULL);
    if (zalo_get(q, path, hdr, 1, &body, &len) != CALL_OK) {
        zalo_down(q);
        return CALL_DOWN;
    }
    v = dndn_zalo_parse_me(q->r->pool, body, len, me);
    if (v == DNDN_ZALO_GARBAGE) {
        zalo_garbage(q, "/me");
        return CALL_DOWN;
    }
    if (v == DNDN_ZALO_DENIED) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, q->r,
                      "DNDN0205: Zalo refused an access token (error %d)",
                      me->error);
    }
    return v;
}

/* ---------- POST /auth/zalo ---------- */

static int h_auth_zalo(dndn_req *q)
{
    apr_pool_t *p = q->r->pool;
    apr_array_header_t *errs = dndn_errors_make(p);
    const char *token, *name = NULL;
    dndn_zalo_me me;
    dndn_user u;
    dndn_db *db;
    cJSON *body;
    int st;

    if (!q->scfg->session_key) {
        return not_configured(q, "Đăng nhập");
    }
    if (!(body = dndn_read_json(q, &st))) {
        return st;
    }
    if (!(token = token_member(errs, body, "access_token"))) {
        return dndn_send_problem(q, HTTP_BAD_REQUEST, "Dữ liệu không hợp lệ",
                                 "Thiếu hoặc sai access_token của Zalo.", errs);
    }
    st = zalo_me(q, token, &me);
    if (st == CALL_DOWN) {
        return OK;
    }
    if (st != DNDN_ZALO_OK) {
        apr_table_setn(q->r->err_headers_out, "WWW-Authenticate",
                       "Bearer realm=\"dndn\", error=\"invalid_token\"");
        return dndn_send_problem(q, HTTP_UNAUTHORIZED, "Đăng nhập thất bại",
                                 "Zalo không xác nhận phiên đăng nhập này. "
                                 "Vui lòng mở lại ứng dụng và thử lại.",
                                 NULL);
    }
    /* Zalo's display name, cleaned; a neutral name when it is unusable
     * (the user can change it with PUT /me). */
    if (dndn_check_text(p, dndn_errors_make(p), "name", me.name,
                        strlen(me.name), 1, 100, 0, &name)) {
        name = "Người dùng Zalo";
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_user_signin(db, "zalo", me.id, name,
                               apr_time_sec(apr_time_now()), &u) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    return dndn_send_session(q, HTTP_OK, &u);
}

/* ---------- POST /auth/zalo/phone ---------- */

static int rejected(dndn_req *q, const char *field, const char *message)
{
    apr_array_header_t *errs = dndn_errors_make(q->r->pool);

    dndn_errors_add(errs, field, "zalo_rejected", message);
    return dndn_send_problem(q, HTTP_BAD_REQUEST, "Zalo từ chối yêu cầu",
                             message, errs);
}

static int h_auth_zalo_phone(dndn_req *q)
{
    apr_pool_t *p = q->r->pool;
    apr_array_header_t *errs = dndn_errors_make(p);
    const char *code, *token, *hdr[3], *answer_text = NULL, *phone = NULL;
    apr_size_t len = 0;
    dndn_user u;
    dndn_user_change ch;
    dndn_zalo_me me;
    dndn_zalo_phone ph;
    cJSON *body;
    int st;

    if (dndn_auth_user(q, &u)) {
        return OK;
    }
    if (!q->scfg->zalo_secret) {
        return not_configured(q, "Chia sẻ số điện thoại qua Zalo");
    }
    if (!(body = dndn_read_json(q, &st))) {
        return st;
    }
    code = token_member(errs, body, "code");
    token = token_member(errs, body, "access_token");
    if (errs->nelts) {
        return dndn_send_problem(q, HTTP_BAD_REQUEST, "Dữ liệu không hợp lệ",
                                 "Thiếu hoặc sai mã do Zalo cấp.", errs);
    }
    if (!u.provider || strcmp(u.provider, "zalo") || !u.subject) {
        return dndn_send_problem(q, HTTP_FORBIDDEN, "Không có quyền",
                                 "Chỉ tài khoản đăng nhập bằng Zalo mới chia "
                                 "sẻ được số điện thoại Zalo.",
                                 NULL);
    }
    /* The access token must be this user's: no attaching the number of
     * another Zalo account. */
    st = zalo_me(q, token, &me);
    if (st == CALL_DOWN) {
        return OK;
    }
    if (st != DNDN_ZALO_OK) {
        return rejected(q, "access_token",
                        "Zalo không xác nhận access_token này. Vui lòng mở "
                        "lại ứng dụng và thử lại.");
    }
    if (strcmp(me.id, u.subject)) {
        return dndn_send_problem(q, HTTP_FORBIDDEN, "Không có quyền",
                                 "access_token thuộc một tài khoản Zalo khác "
                                 "với tài khoản đang đăng nhập.",
                                 NULL);
    }
    hdr[0] = apr_pstrcat(p, "access_token: ", token, NULL);
    hdr[1] = apr_pstrcat(p, "code: ", code, NULL);
    hdr[2] = apr_pstrcat(p, "secret_key: ", (const char *)q->scfg->zalo_secret,
                         NULL);
    if (zalo_get(q, "/me/info", hdr, 3, &answer_text, &len) != CALL_OK) {
        return zalo_down(q);
    }
    st = dndn_zalo_parse_phone(p, answer_text, len, &ph);
    if (st == DNDN_ZALO_GARBAGE) {
        return zalo_garbage(q, "/me/info");
    }
    if (st != DNDN_ZALO_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, q->r,
                      "DNDN0206: Zalo refused a phone token (error %d)",
                      ph.error);
        return rejected(q, "code",
                        "Zalo không chấp nhận mã chia sẻ số điện thoại (mã "
                        "đã hết hạn hoặc đã dùng). Vui lòng thử lại.");
    }
    if (dndn_check_phone(p, errs, "code", ph.number, &phone)) {
        return dndn_send_problem(q, HTTP_BAD_REQUEST,
                                 "Số điện thoại không dùng được",
                                 "Số điện thoại Zalo của bạn không phải số di "
                                 "động Việt Nam hợp lệ.",
                                 errs);
    }
    memset(&ch, 0, sizeof(ch));
    ch.phone_op = 1;
    ch.phone = phone;
    ch.phone_purpose = DNDN_PHONE_CONSENT_PURPOSE;
    return dndn_apply_user_change(q, &u, &ch);
}

const dndn_route dndn_zalo_routes[] = {
    {DNDN_PUBLIC, "POST", "/auth/zalo", h_auth_zalo, 0},
    {DNDN_PUBLIC, "POST", "/auth/zalo/phone", h_auth_zalo_phone, 0},
    {0, NULL, NULL, NULL, 0}};
