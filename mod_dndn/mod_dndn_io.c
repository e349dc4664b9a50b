/*
 * mod_dndn_io.c - how responses leave and request bodies come in:
 * JSON and problem+json bodies through a brigade, entity tags, CORS,
 * list paging parameters, and the capped body reader.
 */
#include <string.h>

#include <apr_strings.h>

#include "util_filter.h"

#include "mod_dndn.h"

APLOG_USE_MODULE(dndn);

#define JSON_TYPE    "application/json; charset=utf-8"
#define PROBLEM_TYPE "application/problem+json; charset=utf-8"

static int send_body(dndn_req *q, int status, const char *type,
                     const char *body, apr_size_t len)
{
    request_rec *r = q->r;
    apr_bucket_brigade *bb =
        apr_brigade_create(r->pool, r->connection->bucket_alloc);
    apr_status_t rv;

    r->status = status;
    ap_set_content_type(r, type);
    ap_set_content_length(r, len);
    if (!apr_table_get(r->headers_out, "Cache-Control")) {
        apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    }
    APR_BRIGADE_INSERT_TAIL(
        bb, apr_bucket_immortal_create(body, len, bb->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(bb->bucket_alloc));
    rv = ap_pass_brigade(r->output_filters, bb);
    if (rv != APR_SUCCESS && !r->connection->aborted) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, rv, r,
                      "DNDN0010: sending the response failed");
    }
    return OK;
}

int dndn_send_text(dndn_req *q, int status, const char *type, const char *body,
                   apr_size_t len)
{
    return send_body(q, status, type, body, len);
}

int dndn_send_json_text(dndn_req *q, int status, const char *body,
                        apr_size_t len)
{
    return send_body(q, status, JSON_TYPE, body, len);
}

int dndn_send_json(dndn_req *q, int status, cJSON *body, int cacheable)
{
    request_rec *r = q->r;
    apr_size_t len = 0;
    char *text = dndn_json_print(r->pool, body, &len);

    if (!text) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "DNDN0011: could not serialise a JSON response");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (cacheable && status == HTTP_OK) {
        const char *etag = dndn_etag(r->pool, text, len);

        dndn_cache_store(q, etag, text, len);
        return dndn_send_cacheable(q, etag, text, len);
    }
    return send_body(q, status, JSON_TYPE, text, len);
}

int dndn_send_cacheable(dndn_req *q, const char *etag, const char *body,
                        apr_size_t len)
{
    request_rec *r = q->r;

    apr_table_setn(r->headers_out, "ETag", etag);
    apr_table_setn(r->headers_out, "Cache-Control", "public, max-age=60");
    if (dndn_etag_matches(apr_table_get(r->headers_in, "If-None-Match"),
                          etag)) {
        apr_bucket_brigade *bb =
            apr_brigade_create(r->pool, r->connection->bucket_alloc);
        r->status = HTTP_NOT_MODIFIED;
        APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(bb->bucket_alloc));
        ap_pass_brigade(r->output_filters, bb);
        return OK;
    }
    return send_body(q, HTTP_OK, JSON_TYPE, body, len);
}

static const char *problem_slug(int status)
{
    switch (status) {
    case HTTP_BAD_REQUEST:
        return "invalid-request";
    case HTTP_UNAUTHORIZED:
        return "unauthorized";
    case HTTP_FORBIDDEN:
        return "forbidden";
    case HTTP_NOT_FOUND:
        return "not-found";
    case HTTP_METHOD_NOT_ALLOWED:
        return "method-not-allowed";
    case HTTP_CONFLICT:
        return "conflict";
    case HTTP_REQUEST_ENTITY_TOO_LARGE:
        return "body-too-large";
    case HTTP_UNSUPPORTED_MEDIA_TYPE:
        return "unsupported-media-type";
    case HTTP_TOO_MANY_REQUESTS:
        return "too-many-requests";
    case HTTP_SERVICE_UNAVAILABLE:
        return "service-unavailable";
    default:
        return "error";
    }
}

int dndn_send_problem(dndn_req *q, int status, const char *title,
                      const char *detail, const apr_array_header_t *errs)
{
    request_rec *r = q->r;
    const char *type =
        apr_pstrcat(r->pool, "urn:dndn:problem:", problem_slug(status), NULL);
    cJSON *o = dndn_json_problem(r->pool, status, type, title, detail, errs);
    apr_size_t len = 0;
    char *text = dndn_json_print(r->pool, o, &len);

    apr_table_unset(r->headers_out, "ETag");
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    return send_body(q, status, PROBLEM_TYPE, text, len);
}

int dndn_send_field_error(dndn_req *q, const char *field, const char *code,
                          const char *message)
{
    apr_array_header_t *errs = dndn_errors_make(q->r->pool);

    dndn_errors_add(errs, field, code, message);
    return dndn_send_problem(q, HTTP_BAD_REQUEST, "Dữ liệu không hợp lệ",
                             message, errs);
}

int dndn_send_db_error(dndn_req *q)
{
    if (q->db.error) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
                      "DNDN0012: database error: %s", q->db.error);
    }
    apr_table_setn(q->r->err_headers_out, "Retry-After", "5");
    return dndn_send_problem(q, HTTP_SERVICE_UNAVAILABLE,
                             "Hệ thống tạm thời gián đoạn",
                             "Không kết nối được cơ sở dữ liệu. Vui lòng "
                             "thử lại sau ít phút.",
                             NULL);
}

int dndn_send_not_found(dndn_req *q)
{
    return dndn_send_problem(q, HTTP_NOT_FOUND, "Không tìm thấy",
                             "Không tìm thấy nội dung được yêu cầu.", NULL);
}

int dndn_send_page(dndn_req *q, cJSON *items, const char *next_cursor,
                   int cacheable)
{
    cJSON *o = dndn_json_object(q->r->pool);

    /* items is owned by the pool already: add it by reference. */
    cJSON_AddItemReferenceToObject(o, "items", items);
    dndn_json_add_str(o, "next_cursor", next_cursor);
    return dndn_send_json(q, HTTP_OK, o, cacheable);
}

int dndn_cors(dndn_req *q)
{
    request_rec *r = q->r;
    const char *origin = apr_table_get(r->headers_in, "Origin");
    const apr_array_header_t *allowed = q->cfg->origins;
    int i;

    /* Answers differ by Origin wherever CORS is configured: say so to
     * caches even for requests without one. */
    if (allowed) {
        apr_table_setn(r->err_headers_out, "Vary", "Origin");
    }
    if (!origin) {
        return -1;
    }
    for (i = 0; allowed && i < allowed->nelts; i++) {
        if (!strcmp(origin, APR_ARRAY_IDX(allowed, i, const char *))) {
            apr_table_setn(r->err_headers_out, "Access-Control-Allow-Origin",
                           origin);
            apr_table_setn(r->err_headers_out, "Access-Control-Expose-Headers",
                           "ETag, Location, Retry-After");
            return 1;
        }
    }
    return 0;
}

int dndn_list_params(dndn_req *q, int *limit, const char **parts, int nparts,
                     int *have_cursor)
{
    const char *cursor = apr_table_get(q->query, "cursor");

    if (dndn_parse_limit(apr_table_get(q->query, "limit"), 20, 100, limit)) {
        dndn_send_field_error(q, "limit", "invalid_limit",
                              "Tham số limit phải là số nguyên dương (tối "
                              "đa 100).");
        return -1;
    }
    *have_cursor = 0;
    if (cursor) {
        if (dndn_cursor_decode(q->r->pool, cursor, parts, nparts) != nparts) {
            dndn_send_field_error(q, "cursor", "invalid_cursor",
                                  "Con trỏ phân trang (cursor) không hợp "
                                  "lệ.");
            return -1;
        }
        *have_cursor = 1;
    }
    return 0;
}

static int is_json_type(const char *ct)
{
    apr_size_t n;

    if (!ct) {
        return 0;
    }
    while (*ct == ' ') {
        ct++;
    }
    n = strcspn(ct, "; \t");
    return (n == 16 && !strncasecmp(ct, "application/json", 16)) ||
           (n > 5 && !strncasecmp(ct + n - 5, "+json", 5) &&
            !strncasecmp(ct, "application/", 12));
}

static void too_large(dndn_req *q, apr_off_t cap)
{
    dndn_send_problem(q, HTTP_REQUEST_ENTITY_TOO_LARGE,
                      "Dữ liệu gửi lên quá lớn",
                      apr_psprintf(q->r->pool,
                                   "Dữ liệu gửi lên vượt quá giới hạn "
                                   "%" APR_OFF_T_FMT " byte.",
                                   cap),
                      NULL);
}

/* Bytes of a too-large body read and thrown away before the 413 goes out.
 * Answering while the client is still sending makes HTTP/2 reset the
 * stream after the answer (RFC 9113 8.1), and some clients then report the
 * reset instead of the 413; reading a moderately oversized body to its end
 * first lets every client see the answer.  Beyond this the answer goes out
 * at once and the connection or stream is closed (mod_reqtimeout bounds a
 * slow sender either way). */
#define DNDN_DRAIN_MAX (1024 * 1024)

static void drain_body(request_rec *r, apr_bucket_brigade *bb)
{
    apr_off_t drained = 0;

    while (drained < DNDN_DRAIN_MAX) {
        apr_bucket *b;
        if (ap_get_brigade(r->input_filters, bb, AP_MODE_READBYTES,
                           APR_BLOCK_READ, HUGE_STRING_LEN) != APR_SUCCESS) {
            break;
        }
        for (b = APR_BRIGADE_FIRST(bb); b != APR_BRIGADE_SENTINEL(bb);
             b = APR_BUCKET_NEXT(b)) {
            const char *data;
            apr_size_t n;
            if (APR_BUCKET_IS_EOS(b)) {
                apr_brigade_cleanup(bb);
                return;
            }
            if (apr_bucket_read(b, &data, &n, APR_BLOCK_READ) != APR_SUCCESS) {
                apr_brigade_cleanup(bb);
                return;
            }
            drained += (apr_off_t)n;
        }
        if (APR_BRIGADE_EMPTY(bb)) {
            break;
        }
        apr_brigade_cleanup(bb);
    }
    apr_brigade_cleanup(bb);
}

cJSON *dndn_read_json(dndn_req *q, int *status)
{
    request_rec *r = q->r;
    apr_off_t cap = dndn_cfg_max_body(q->cfg);
    apr_bucket_brigade *bb;
    char *buf;
    apr_size_t len = 0, size = 8192;
    int seen_eos = 0;
    const char *err = NULL;
    cJSON *j;

    *status = OK;
    if (!is_json_type(apr_table_get(r->headers_in, "Content-Type"))) {
        dndn_send_problem(q, HTTP_UNSUPPORTED_MEDIA_TYPE,
                          "Định dạng dữ liệu không được hỗ trợ",
                          "Dữ liệu gửi lên phải là JSON (Content-Type: "
                          "application/json).",
                          NULL);
        return NULL;
    }
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    buf = apr_palloc(r->pool, size);
    while (!seen_eos) {
        apr_bucket *b;
        apr_status_t rv =
            ap_get_brigade(r->input_filters, bb, AP_MODE_READBYTES,
                           APR_BLOCK_READ, HUGE_STRING_LEN);
        if (rv != APR_SUCCESS) {
            int st = ap_map_http_request_error(rv, HTTP_BAD_REQUEST);
            if (st == HTTP_REQUEST_ENTITY_TOO_LARGE) {
                too_large(q, cap);
            }
            else {
                *status = st;
            }
            return NULL;
        }
        for (b = APR_BRIGADE_FIRST(bb); b != APR_BRIGADE_SENTINEL(bb);
             b = APR_BUCKET_NEXT(b)) {
            const char *data;
            apr_size_t n;
            if (APR_BUCKET_IS_EOS(b)) {
                seen_eos = 1;
                break;
            }
            if (apr_bucket_read(b, &data, &n, APR_BLOCK_READ) != APR_SUCCESS) {
                *status = HTTP_BAD_REQUEST;
                return NULL;
            }
            if ((apr_off_t)(len + n) > cap) {
                apr_brigade_cleanup(bb);
                drain_body(r, bb);
                too_large(q, cap);
                return NULL;
            }
            if (len + n + 1 > size) {
                char *bigger;
                while (len + n + 1 > size) {
                    size *= 2;
                }
                bigger = apr_palloc(r->pool, size);
                memcpy(bigger, buf, len);
                buf = bigger;
            }
            memcpy(buf + len, data, n);
            len += n;
        }
        apr_brigade_cleanup(bb);
    }
    buf[len] = '\0';
    j = dndn_json_parse(r->pool, buf, len, 1, &err);
    if (!j) {
        const char *msg =
            !strcmp(err, "too_deep")
                ? "Dữ liệu JSON lồng nhau quá sâu (tối đa 32 cấp)."
            : !strcmp(err, "not_object")
                ? "Dữ liệu gửi lên phải là một đối tượng JSON."
                : "Dữ liệu gửi lên không phải JSON hợp lệ.";
        dndn_send_field_error(q, "body", err, msg);
        return NULL;
    }
    return j;
}

int dndn_send_conflict(dndn_req *q, const char *code, const char *current,
                       const char *detail)
{
    request_rec *r = q->r;
    cJSON *o =
        dndn_json_problem(r->pool, HTTP_CONFLICT, "urn:dndn:problem:conflict",
                          "Không thể thực hiện thao tác", detail, NULL);
    apr_size_t len = 0;
    char *text;

    dndn_json_add_str(o, "code", code);
    dndn_json_add_str(o, "current_status", current);
    text = dndn_json_print(r->pool, o, &len);
    apr_table_unset(r->headers_out, "ETag");
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    return send_body(q, HTTP_CONFLICT, PROBLEM_TYPE, text, len);
}
