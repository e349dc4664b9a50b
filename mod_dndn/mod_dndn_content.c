/*
 * mod_dndn_content.c - the procedure catalogue and posts: public reading
 * with word search, editing by staff editors and by partner systems.
 */
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>

#include "dndn_content.h"

#include "mod_dndn.h"

APLOG_USE_MODULE(dndn);

/* Longest ?q= accepted, in bytes. */
#define Q_MAX 200

static int all_digits(const char *s)
{
    if (!s || !*s || strlen(s) > 18) {
        return 0;
    }
    for (; *s; s++) {
        if (!apr_isdigit(*s)) {
            return 0;
        }
    }
    return 1;
}

static int bad_cursor(dndn_req *q)
{
    return dndn_send_field_error(q, "cursor", "invalid_cursor",
                                 "Con trỏ phân trang (cursor) không hợp lệ.");
}

/* ?q=, or a 400 (returns -1) when too long. */
static int query_text(dndn_req *q, const char **out)
{
    *out = apr_table_get(q->query, "q");
    if (*out && strlen(*out) > Q_MAX) {
        dndn_send_field_error(q, "q", "too_long",
                              "Từ khoá tìm kiếm quá dài (tối đa 200 ký tự).");
        return -1;
    }
    return 0;
}

/* Empty query values count as absent. */
static const char *query_opt(dndn_req *q, const char *name)
{
    const char *v = apr_table_get(q->query, name);

    return v && *v ? v : NULL;
}

static int forbidden(dndn_req *q, const char *detail)
{
    return dndn_send_problem(q, HTTP_FORBIDDEN, "Không có quyền", detail, NULL);
}

/* Editors and admins edit the catalogue and posts; 403 for the others. */
static int auth_editor(dndn_req *q, dndn_staff *s)
{
    if (dndn_auth_staff(q, s)) {
        return -1;
    }
    if (!s->role || (strcmp(s->role, "editor") && strcmp(s->role, "admin"))) {
        forbidden(q, "Chỉ biên tập viên hoặc quản trị viên được sửa nội "
                     "dung này.");
        return -1;
    }
    return 0;
}

/* ---------- procedures ---------- */

static int h_procedures(dndn_req *q)
{
    const char *cur[1], *text, *agency = query_opt(q, "agency");
    const char *level = query_opt(q, "level");
    int limit, have_cursor, i;
    dndn_page pg;
    dndn_db *db;
    cJSON *items;
    const dndn_procedure *last = NULL;

    if (dndn_list_params(q, &limit, cur, 1, &have_cursor) ||
        query_text(q, &text)) {
        return OK;
    }
    if (level && !dndn_procedure_level_valid(level)) {
        return dndn_send_field_error(q, "level", "invalid_level",
                                     "Mức độ phải là full_online, "
                                     "partial_online hoặc offline.");
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_procedures(db, text, agency, level,
                              have_cursor ? cur[0] : NULL, limit,
                              &pg) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    items = dndn_json_array(q->r->pool);
    for (i = 0; i < pg.items->nelts; i++) {
        last = &APR_ARRAY_IDX(pg.items, i, dndn_procedure);
        cJSON_AddItemToArray(items, dndn_procedure_json(q->r->pool, last));
    }
    return dndn_send_page(
        q, items,
        last && pg.more ? dndn_cursor_encode(q->r->pool, &last->code, 1) : NULL,
        1);
}

static int h_procedure(dndn_req *q)
{
    dndn_procedure pr;
    dndn_db *db;
    dndn_rc rc;

    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    rc = dndn_store_procedure(db, q->params[0], &pr);
    if (rc == DNDN_NOTFOUND) {
        return dndn_send_problem(q, HTTP_NOT_FOUND, "Không tìm thấy",
                                 "Không có thủ tục hành chính với mã này.",
                                 NULL);
    }
    if (rc != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    return dndn_send_json(
        q, HTTP_OK,
        dndn_json_own(q->r->pool, dndn_procedure_json(q->r->pool, &pr)), 1);
}

/* PUT .../procedures/{code}: full replace or create; the caller has been
 * authorised. */
static int put_procedure(dndn_req *q)
{
    apr_array_header_t *errs = dndn_errors_make(q->r->pool);
    dndn_procedure pr;
    cJSON *body;
    dndn_db *db;
    int st, created = 0;

    if (!(body = dndn_read_json(q, &st))) {
        return st;
    }
    dndn_procedure_from_json(q->r->pool, body, q->params[0], errs, &pr);
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (pr.agency_code) {
        dndn_agency ag;
        dndn_rc rc = dndn_store_agency(db, pr.agency_code, &ag);
        if (rc == DNDN_NOTFOUND) {
            dndn_errors_add(errs, "agency", "unknown_agency",
                            "Không có cơ quan với mã này.");
        }
        else if (rc != DNDN_OK) {
            return dndn_send_db_error(q);
        }
    }
    if (errs->nelts) {
        return dndn_send_problem(q, HTTP_BAD_REQUEST, "Dữ liệu không hợp lệ",
                                 "Vui lòng kiểm tra lại thông tin thủ tục.",
                                 errs);
    }
    if (dndn_store_procedure_put(db, &pr, apr_time_sec(apr_time_now()),
                                 &created) != DNDN_OK ||
        dndn_store_procedure(db, pr.code, &pr) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, q->r,
                  "DNDN0350: procedure %s %s by %s", pr.code,
                  created ? "created" : "replaced", q->r->user);
    if (created) {
        apr_table_setn(q->r->headers_out, "Location", q->r->uri);
    }
    return dndn_send_json(
        q, created ? HTTP_CREATED : HTTP_OK,
        dndn_json_own(q->r->pool, dndn_procedure_json(q->r->pool, &pr)), 0);
}

static int h_staff_put_procedure(dndn_req *q)
{
    dndn_staff s;

    if (auth_editor(q, &s)) {
        return OK;
    }
    return put_procedure(q);
}

static int h_partner_put_procedure(dndn_req *q)
{
    dndn_apikey key;

    if (dndn_auth_partner(q, "procedures:write", &key)) {
        return OK;
    }
    return put_procedure(q);
}

/* ---------- posts ---------- */

static int posts_page(dndn_req *q, const dndn_page *pg, int staff)
{
    cJSON *items = dndn_json_array(q->r->pool);
    const dndn_post *last = NULL;
    const char *next = NULL;
    int i;

    for (i = 0; i < pg->items->nelts; i++) {
        last = &APR_ARRAY_IDX(pg->items, i, dndn_post);
        cJSON_AddItemToArray(items, dndn_post_json(q->r->pool, last, 0, staff));
    }
    if (last && pg->more) {
        const char *parts[2];
        parts[0] = staff ? last->id : last->published_at;
        parts[1] = last->id;
        next = dndn_cursor_encode(q->r->pool, parts, staff ? 1 : 2);
    }
    return dndn_send_page(q, items, next, !staff);
}

static int category_param(dndn_req *q, const char **out)
{
    *out = query_opt(q, "category");
    if (*out && !dndn_post_category_valid(*out)) {
        dndn_send_field_error(q, "category", "invalid_category",
                              "Chuyên mục phải là policy, support, "
                              "announcement hoặc news.");
        return -1;
    }
    return 0;
}

static int h_posts(dndn_req *q)
{
    const char *cur[2], *text, *category;
    int limit, have_cursor;
    dndn_page pg;
    dndn_db *db;

    if (dndn_list_params(q, &limit, cur, 2, &have_cursor) ||
        query_text(q, &text) || category_param(q, &category)) {
        return OK;
    }
    if (have_cursor && (!all_digits(cur[0]) || !all_digits(cur[1]))) {
        return bad_cursor(q);
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_posts(db, text, category, have_cursor ? cur[0] : NULL,
                         have_cursor ? cur[1] : NULL, limit, &pg) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    return posts_page(q, &pg, 0);
}

static int send_post(dndn_req *q, int status, const dndn_post *po, int staff)
{
    return dndn_send_json(
        q, status,
        dndn_json_own(q->r->pool, dndn_post_json(q->r->pool, po, 1, staff)),
        !staff);
}

/* One post by the {id} of the path; 404 sent (returns -1) when there is
 * none, or when public and not published. */
static int load_post(dndn_req *q, dndn_db *db, int staff, dndn_post *po)
{
    dndn_rc rc = DNDN_NOTFOUND;

    if (!db) {
        return -1; /* dndn_db_get sent the 503 */
    }
    if (all_digits(q->params[0])) {
        rc = dndn_store_post(db, q->params[0], po);
    }
    if (rc == DNDN_OK && !staff && strcmp(po->published, "1")) {
        rc = DNDN_NOTFOUND;
    }
    if (rc == DNDN_NOTFOUND) {
        dndn_send_problem(q, HTTP_NOT_FOUND, "Không tìm thấy",
                          "Không có bài viết với mã này.", NULL);
        return -1;
    }
    if (rc != DNDN_OK) {
        dndn_send_db_error(q);
        return -1;
    }
    return 0;
}

static int h_post(dndn_req *q)
{
    dndn_post po;
    dndn_db *db;

    if (!(db = dndn_db_get(q)) || load_post(q, db, 0, &po)) {
        return OK;
    }
    return send_post(q, HTTP_OK, &po, 0);
}

static int h_staff_posts(dndn_req *q)
{
    const char *cur[1], *category;
    int limit, have_cursor;
    dndn_staff s;
    dndn_page pg;
    dndn_db *db;

    if (auth_editor(q, &s) ||
        dndn_list_params(q, &limit, cur, 1, &have_cursor) ||
        category_param(q, &category)) {
        return OK;
    }
    if (have_cursor && !all_digits(cur[0])) {
        return bad_cursor(q);
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_posts_all(db, category, have_cursor ? cur[0] : NULL, limit,
                             &pg) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    return posts_page(q, &pg, 1);
}

static int h_staff_post(dndn_req *q)
{
    dndn_staff s;
    dndn_post po;

    if (auth_editor(q, &s) || load_post(q, dndn_db_get(q), 1, &po)) {
        return OK;
    }
    return send_post(q, HTTP_OK, &po, 1);
}

/* The body of POST/PUT, validated; -1 after a 4xx (status in *st). */
static int read_post(dndn_req *q, dndn_post *po, int *published, int *st)
{
    apr_array_header_t *errs = dndn_errors_make(q->r->pool);
    cJSON *body;

    *st = OK;
    if (!(body = dndn_read_json(q, st))) {
        return -1;
    }
    if (dndn_post_from_json(q->r->pool, body, errs, po, published)) {
        dndn_send_problem(q, HTTP_BAD_REQUEST, "Dữ liệu không hợp lệ",
                          "Vui lòng kiểm tra lại nội dung bài viết.", errs);
        return -1;
    }
    return 0;
}

/* The Idempotency-Key of a POST as a reference private to the caller;
 * NULL without one; -1 after a 400 for a malformed key. */
static int idempotency_ref(dndn_req *q, const char *user, const char **ref)
{
    const char *k = apr_table_get(q->r->headers_in, "Idempotency-Key");
    const char *s;

    *ref = NULL;
    if (!k) {
        return 0;
    }
    for (s = k; *s; s++) {
        if (*s < 0x21 || *s > 0x7e) {
            break;
        }
    }
    if (!*k || *s || s - k > 255) {
        dndn_send_field_error(q, "Idempotency-Key", "invalid_idempotency_key",
                              "Khoá Idempotency-Key phải gồm 1 đến 255 ký "
                              "tự ASCII in được, không có khoảng trắng.");
        return -1;
    }
    s = apr_pstrcat(q->r->pool, "post\n", user, "\n", k, NULL);
    *ref = dndn_sha256_hex(q->r->pool, s, strlen(s));
    return 0;
}

static int h_staff_create_post(dndn_req *q)
{
    const char *id = NULL, *ref;
    dndn_staff s;
    dndn_post po;
    dndn_db *db;
    int published, st, replayed = 0;

    if (auth_editor(q, &s) || idempotency_ref(q, s.username, &ref)) {
        return OK;
    }
    if (read_post(q, &po, &published, &st)) {
        return st;
    }
    po.created_by = s.username;
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_post_create(db, &po, published, apr_time_sec(apr_time_now()),
                               ref, &id, &replayed) != DNDN_OK ||
        dndn_store_post(db, id, &po) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    if (replayed) {
        apr_table_setn(q->r->headers_out, "Idempotent-Replayed", "true");
    }
    else {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, q->r,
                      "DNDN0351: post %s created by %s", id, s.username);
    }
    apr_table_setn(q->r->headers_out, "Location",
                   apr_pstrcat(q->r->pool, q->r->uri, "/", id, NULL));
    return send_post(q, HTTP_CREATED, &po, 1);
}

static int h_staff_put_post(dndn_req *q)
{
    dndn_staff s;
    dndn_post po, old;
    dndn_db *db;
    int published, st;

    if (auth_editor(q, &s)) {
        return OK;
    }
    db = dndn_db_get(q);
    if (load_post(q, db, 1, &old)) {
        return OK;
    }
    if (read_post(q, &po, &published, &st)) {
        return st;
    }
    st = dndn_store_post_update(db, old.id, &po, published,
                                apr_time_sec(apr_time_now()));
    if (st == DNDN_NOTFOUND) {
        return dndn_send_not_found(q);
    }
    if (st != DNDN_OK || dndn_store_post(db, old.id, &po) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, q->r,
                  "DNDN0352: post %s replaced by %s", old.id, s.username);
    return send_post(q, HTTP_OK, &po, 1);
}

static int h_staff_unpublish_post(dndn_req *q)
{
    dndn_staff s;
    dndn_post po;
    dndn_db *db;

    if (auth_editor(q, &s)) {
        return OK;
    }
    db = dndn_db_get(q);
    if (load_post(q, db, 1, &po)) {
        return OK;
    }
    if (dndn_store_post_unpublish(db, po.id, apr_time_sec(apr_time_now())) !=
        DNDN_OK) {
        return dndn_send_db_error(q);
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, q->r,
                  "DNDN0353: post %s unpublished by %s", po.id, s.username);
    q->r->status = HTTP_NO_CONTENT;
    apr_table_setn(q->r->headers_out, "Cache-Control", "no-store");
    return OK;
}

const dndn_route dndn_content_routes[] = {
    {DNDN_PUBLIC, "GET", "/procedures", h_procedures, 1},
    {DNDN_PUBLIC, "GET", "/procedures/{code}", h_procedure, 1},
    {DNDN_STAFF, "PUT", "/procedures/{code}", h_staff_put_procedure, 0},
    {DNDN_PARTNER, "PUT", "/procedures/{code}", h_partner_put_procedure, 0},
    {DNDN_PUBLIC, "GET", "/posts", h_posts, 1},
    {DNDN_PUBLIC, "GET", "/posts/{id}", h_post, 1},
    {DNDN_STAFF, "GET", "/posts", h_staff_posts, 0},
    {DNDN_STAFF, "POST", "/posts", h_staff_create_post, 0},
    {DNDN_STAFF, "GET", "/posts/{id}", h_staff_post, 0},
    {DNDN_STAFF, "PUT", "/posts/{id}", h_staff_put_post, 0},
    {DNDN_STAFF, "DELETE", "/posts/{id}", h_staff_unpublish_post, 0},
    {0, NULL, NULL, NULL, 0}};
