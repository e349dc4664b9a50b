/*
 * mod_dndn_petitions.c - petitions: submission and the author's view
 * (public surface), the staff workflow (staff surface) and the public
 * Q&A.
 *
 * Every transition runs dndn_wf_check (who may do what from which
 * status), then one optimistic UPDATE guarded by status and version: when
 * two people act at once exactly one wins, the other gets 409.
 */
#include <string.h>

#include <apr_strings.h>

#include "dndn_calendar.h"
#include "dndn_search.h"
#include "dndn_text.h"
#include "dndn_workflow.h"
#include "mod_dndn.h"

APLOG_USE_MODULE(dndn);

#define INVALID_DATA   "Dữ liệu không hợp lệ"
#define INVALID_DETAIL "Vui lòng kiểm tra lại các trường được nêu."

static apr_int64_t now_sec(void)
{
    return apr_time_sec(apr_time_now());
}

static const char *i64s(apr_pool_t *p, apr_int64_t v)
{
    return apr_off_t_toa(p, (apr_off_t)v);
}

/* ---------- loading ---------- */

static dndn_petition_event system_event(apr_pool_t *p, const char *action,
                                        const char *from, const char *to)
{
    dndn_petition_event e = {0};

    e.at = i64s(p, now_sec());
    e.actor_kind = "system";
    e.actor = "system";
    e.action = action;
    e.from_status = from;
    e.to_status = to;
    e.internal = "0";
    return e;
}

/* Close an answered petition 30 days after its answer: applied by
 * whoever reads it first (no cron needed).  Losing a race is fine. */
static dndn_rc apply_autoclose(dndn_db *db, dndn_petition *p, apr_pool_t *pool)
{
    apr_int64_t at = dndn_num(p->answered_at);
    dndn_status st = dndn_status_parse(p->status);
    dndn_petition nw = *p;
    dndn_petition_event ev;
    dndn_rc rc;

    if (dndn_wf_effective(st, at, now_sec()) == st) {
        return DNDN_OK;
    }
    nw.status = "closed";
    nw.closed_at = i64s(pool, dndn_wf_autoclose_at(at));
    nw.updated_at = i64s(pool, now_sec());
    ev = system_event(pool, "autoclose", p->status, "closed");
    rc = dndn_store_petition_update(db, p, &nw, &ev, 0, NULL);
    if (rc != DNDN_OK && rc != DNDN_CONFLICT) {
        return rc;
    }
    return dndn_store_petition_get(db, p->code, p);
}

/* The petition by its code: 0, or -1 after a 404/503. */
static int load_petition(dndn_req *q, dndn_db *db, const char *code,
                         dndn_petition *p)
{
    dndn_rc rc = dndn_store_petition_get(db, code, p);

    if (rc == DNDN_OK) {
        rc = apply_autoclose(db, p, q->r->pool);
    }
    if (rc == DNDN_NOTFOUND) {
        dndn_send_problem(q, HTTP_NOT_FOUND, "Không tìm thấy",
                          "Không có phản ánh, kiến nghị với mã này.", NULL);
        return -1;
    }
    if (rc != DNDN_OK) {
        dndn_send_db_error(q);
        return -1;
    }
    return 0;
}

/* ---------- responses ---------- */

static int send_petition(dndn_req *q, int status, const dndn_petition *p,
                         dndn_petition_view view, const dndn_calendar *cal,
                         cJSON *events)
{
    cJSON *o =
        dndn_petition_json(q->r->pool, p, p->status, view, cal, now_sec());

    dndn_json_own(q->r->pool, o);
    if (events) {
        cJSON_AddItemReferenceToObject(o, "events", events);
    }
    return dndn_send_json(q, status, o, view == DNDN_VIEW_PUBLIC);
}

static int send_page(dndn_req *q, const dndn_page *pg, dndn_petition_view view,
                     const dndn_calendar *cal)
{
    cJSON *items = dndn_json_array(q->r->pool);
    const dndn_petition *last = NULL;
    apr_int64_t now = now_sec();
    int i;

    for (i = 0; i < pg->items->nelts; i++) {
        last = &APR_ARRAY_IDX(pg->items, i, dndn_petition);
        cJSON_AddItemToArray(
            items,
            dndn_petition_json(q->r->pool, last, last->status, view, cal, now));
    }
    return dndn_send_page(
        q, items,
        pg->more && last ? dndn_cursor_encode(q->r->pool, &last->id, 1) : NULL,
        view == DNDN_VIEW_PUBLIC);
}

/* The events of a petition as JSON; NULL after a 503. */
/* The history as the author (owner_view) or staff see it; observers get
 * the author's view without the author's own words (a rating comment,
 * a withdrawal note): they may hold personal data. */
static cJSON *events_json(dndn_req *q, dndn_db *db, const dndn_petition *p,
                          int owner_view, int observer)
{
    apr_array_header_t *evs;
    cJSON *a;
    int i;

    if (dndn_store_petition_events(db, p->id, &evs) != DNDN_OK) {
        dndn_send_db_error(q);
        return NULL;
    }
    a = dndn_json_array(q->r->pool);
    for (i = 0; i < evs->nelts; i++) {
        const dndn_petition_event *e =
            &APR_ARRAY_IDX(evs, i, dndn_petition_event);
        dndn_petition_event shown = *e;

        if (owner_view && dndn_num(e->internal)) {
            continue;
        }
        if (observer && e->actor_kind && strcmp(e->actor_kind, "staff")) {
            shown.note = NULL;
        }
        cJSON_AddItemToArray(
            a, dndn_petition_event_json(q->r->pool, &shown, owner_view));
    }
    return a;
}

static int send_invalid_transition(dndn_req *q, const char *current)
{
    return dndn_send_conflict(
        q, "invalid_transition", current,
        apr_psprintf(q->r->pool,
                     "Phản ánh đang ở trạng thái \"%s\": thao tác này không "
                     "thực hiện được.",
                     current));
}

static int forbidden(dndn_req *q, const char *detail)
{
    return dndn_send_problem(q, HTTP_FORBIDDEN, "Không có quyền", detail, NULL);
}

/* ---------- submission ---------- */

/* A string member: NULL when absent; a type error is recorded. */
static const char *str_member(apr_array_header_t *errs, const cJSON *o,
                              const char *name)
{
    int ok = 1;
    const char *v = dndn_json_get_str(o, name, &ok);

    if (!ok) {
        dndn_errors_add(errs, name, "invalid_type",
                        "Trường này phải là một chuỗi ký tự.");
    }
    return v;
}

static apr_size_t slen(const char *s)
{
    return s ? strlen(s) : 0;
}

/* Does a catalogue code exist?  -1 on a database error. */
static int code_exists(dndn_db *db, int agency, const char *code)
{
    dndn_rc rc;

    if (agency) {
        dndn_agency a;
        rc = dndn_store_agency(db, code, &a);
    }
    else {
        rc = dndn_store_category_exists(db, code);
    }
    return rc == DNDN_OK ? 1 : rc == DNDN_NOTFOUND ? 0 : -1;
}

static void check_kind(apr_array_header_t *errs, const char *kind)
{
    if (!kind) {
        dndn_errors_add(errs, "kind", "required",
                        "Vui lòng chọn loại: câu hỏi, phản ánh hoặc kiến "
                        "nghị.");
    }
    else if (dndn_kind_parse(kind) < 0) {
        dndn_errors_add(errs, "kind", "invalid_kind",
                        "Loại phải là question, report hoặc recommendation.");
    }
}

static void check_enterprise(apr_pool_t *p, apr_array_header_t *errs,
                             const cJSON *body, dndn_petition *pt)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(body, "enterprise");
    const char *tax, *name;
    apr_array_header_t *sub = dndn_errors_make(p);
    int i;

    if (!e || cJSON_IsNull(e)) {
        return;
    }
    if (!cJSON_IsObject(e)) {
        dndn_errors_add(errs, "enterprise", "invalid_type",
                        "Thông tin doanh nghiệp phải là một đối tượng "
                        "{tax_code, name}.");
        return;
    }
    tax = str_member(sub, e, "tax_code");
    name = str_member(sub, e, "name");
    if (!sub->nelts) {
        dndn_check_tax_code(p, sub, "tax_code", tax, &pt->enterprise_tax_code);
        dndn_check_text_labeled(p, sub, "name", "Tên doanh nghiệp", name,
                                slen(name), 1, 255, 0, &pt->enterprise_name);
    }
    for (i = 0; i < sub->nelts; i++) {
        const dndn_field_error *fe = &APR_ARRAY_IDX(sub, i, dndn_field_error);
        dndn_errors_add(errs, apr_pstrcat(p, "enterprise.", fe->field, NULL),
                        fe->code, fe->message);
    }
}

static void check_consent(apr_array_header_t *errs, const cJSON *body,
                          dndn_petition *pt)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(body, "public_consent");

    if (c && !cJSON_IsBool(c) && !cJSON_IsNull(c)) {
        dndn_errors_add(errs, "public_consent", "invalid_type",
                        "public_consent phải là true hoặc false.");
    }
    pt->public_consent = cJSON_IsTrue(c) ? "1" : "0";
}

static void unknown_category(apr_array_header_t *errs)
{
    dndn_errors_add(errs, "category", "unknown_category",
                    "Lĩnh vực không có trong danh mục.");
}

/* The catalogue codes named in the body; -1 on a database error.  The
 * category is looked up here only when the body has another error (the
 * agency's included), to name them all at once; otherwise the creating
 * INSERT checks it (create: one round trip less for every valid
 * submission, 5 % more submissions a second on MariaDB,
 * docs/performance.md). */
static int check_codes(dndn_db *db, apr_array_header_t *errs,
                       const char *category, const char *agency)
{
    int a = agency ? code_exists(db, 1, agency) : 1;
    int c =
        category && (errs->nelts || a != 1) ? code_exists(db, 0, category) : 1;

    if (c < 0 || a < 0) {
        return -1;
    }
    if (!c) {
        unknown_category(errs);
    }
    if (!a) {
        dndn_errors_add(errs, "agency", "unknown_agency",
                        "Cơ quan không có trong danh mục.");
    }
    return 0;
}

/* Validate a submission into pt; every error goes to errs. -1 on a
 * database error. */
static int parse_submission(dndn_req *q, dndn_db *db, const cJSON *body,
                            apr_array_header_t *errs, dndn_petition *pt)
{
    apr_pool_t *p = q->r->pool;
    const char *title = str_member(errs, body, "title");
    const char *content = str_member(errs, body, "content");
    const char *phone = str_member(errs, body, "contact_phone");

    pt->kind = str_member(errs, body, "kind");
    pt->category = str_member(errs, body, "category");
    pt->proposed_agency = str_member(errs, body, "agency");
    check_kind(errs, pt->kind);
    dndn_check_title(p, errs, "title", title, slen(title), &pt->title);
    dndn_check_content(p, errs, "content", content, slen(content),
                       &pt->content);
    if (!pt->category) {
        dndn_errors_add(errs, "category", "required",
                        "Vui lòng chọn lĩnh vực.");
    }
    if (phone) {
        dndn_check_phone(p, errs, "contact_phone", phone, &pt->contact_phone);
    }
    check_enterprise(p, errs, body, pt);
    check_consent(errs, body, pt);
    return check_codes(db, errs, pt->category, pt->proposed_agency);
}

/* Idempotency-Key: 1-128 visible ASCII characters.  -1 after a 400. */
static int idem_key(dndn_req *q, const char **key)
{
    const char *k = apr_table_get(q->r->headers_in, "Idempotency-Key");
    const char *c;

    *key = k;
    if (!k) {
        return 0;
    }
    for (c = k; *c; c++) {
        if (*c < 0x21 || *c > 0x7e) {
            break;
        }
    }
    if (*c || c == k || c - k > 128) {
        dndn_send_field_error(q, "Idempotency-Key", "invalid_idempotency_key",
                              "Idempotency-Key phải gồm 1 đến 128 ký tự ASCII "
                              "nhìn thấy được.");
        return -1;
    }
    return 0;
}

/* The calendar a petition's view needs: the working days left to its
 * due date; none (NULL) while it has no due date, as when just received.
 * 0, or -1 after a 503. */
static int view_calendar(dndn_req *q, dndn_db *db, const dndn_petition *p,
                         dndn_calendar **cal)
{
    *cal = NULL;
    if (!p->due_at) {
        return 0;
    }
    return (*cal = dndn_calendar_load(q, db)) ? 0 : -1;
}

/* 201 with the petition: stored is the row the creating transaction
 * stored, or NULL to read it (a replayed Idempotency-Key). */
static int send_created(dndn_req *q, dndn_db *db, const char *code,
                        const dndn_petition *stored)
{
    dndn_petition p;
    dndn_calendar *cal;

    if (stored) {
        p = *stored;
    }
    else if (load_petition(q, db, code, &p)) {
        return OK;
    }
    if (view_calendar(q, db, &p, &cal)) {
        return OK;
    }
    apr_table_setn(
        q->r->headers_out, "Location",
        apr_pstrcat(q->r->pool, q->cfg->mount, "/petitions/", code, NULL));
    return send_petition(q, HTTP_CREATED, &p, DNDN_VIEW_OWNER, cal, NULL);
}

static int send_over_quota(dndn_req *q, apr_int64_t now)
{
    apr_int64_t tomorrow = dndn_local_day(now) + 1;

    apr_table_setn(q->r->err_headers_out, "Retry-After",
                   i64s(q->r->pool, dndn_local_day_start(tomorrow) - now));
    return dndn_send_problem(
        q, HTTP_TOO_MANY_REQUESTS, "Vượt quá số lượng cho phép",
        apr_psprintf(q->r->pool,
                     "Mỗi tài khoản gửi tối đa %d phản ánh, kiến nghị mỗi "
                     "ngày. Vui lòng gửi lại vào ngày mai.",
                     dndn_cfg_petition_quota(q->scfg)),
        NULL);
}

/* Store a valid submission and answer 201 (or 429/503). */
static int create(dndn_req *q, dndn_db *db, const dndn_petition *pt,
                  const char *key, apr_int64_t now)
{
    apr_pool_t *p = q->r->pool;
    dndn_submission sub = {0};
    const char *code = NULL;
    dndn_rc rc;

    sub.in = pt;
    sub.idem_key = key;
    sub.search_text =
        dndn_text_fold(p, apr_pstrcat(p, pt->title, " ", pt->content, NULL));
    sub.now = now;
    sub.quota_since = dndn_local_day_start(dndn_local_day(now));
    sub.quota = dndn_cfg_petition_quota(q->scfg);
    rc = dndn_store_petition_create(db, &sub, &code);
    if (rc != DNDN_OK && rc != DNDN_CONFLICT) {
        return dndn_send_db_error(q);
    }
    if (sub.over_quota) {
        return send_over_quota(q, now);
    }
    if (sub.bad_category) {
        apr_array_header_t *errs = dndn_errors_make(p);
        unknown_category(errs);
        return dndn_send_problem(q, HTTP_BAD_REQUEST, INVALID_DATA,
                                 INVALID_DETAIL, errs);
    }
    /* CONFLICT: the same Idempotency-Key won concurrently; read that one. */
    return send_created(q, db, code, rc == DNDN_OK ? &sub.created : NULL);
}

/* A repeated Idempotency-Key: 1 after answering with the first
 * petition (or a 503), 0 when the key is new. */
static int replayed(dndn_req *q, dndn_db *db, const char *user_id,
                    const char *key, apr_int64_t now)
{
    const char *code;
    dndn_rc rc =
        dndn_store_idem_get(db, user_id, key, now - DNDN_IDEM_TTL, &code);

    if (rc == DNDN_NOTFOUND) {
        return 0;
    }
    if (rc == DNDN_OK) {
        send_created(q, db, code, NULL);
    }
    else {
        dndn_send_db_error(q);
    }
    return 1;
}

static int h_create(dndn_req *q)
{
    apr_array_header_t *errs = dndn_errors_make(q->r->pool);
    apr_int64_t now = now_sec();
    dndn_petition pt = {0};
    const char *key;
    dndn_user u;
    dndn_db *db;
    cJSON *body;
    int st;

    if (dndn_auth_user(q, &u) || idem_key(q, &key)) {
        return OK;
    }
    if (!(body = dndn_read_json(q, &st))) {
        return st;
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (key && replayed(q, db, u.id, key, now)) {
        return OK;
    }
    if (parse_submission(q, db, body, errs, &pt)) {
        return dndn_send_db_error(q);
    }
    if (errs->nelts) {
        return dndn_send_problem(q, HTTP_BAD_REQUEST, INVALID_DATA,
                                 INVALID_DETAIL, errs);
    }
    pt.user_id = u.id;
    pt.author_name = u.name;
    return create(q, db, &pt, key, now);
}

/* ---------- the author's view ---------- */

/* The caller's own petition: 0, or -1 after 401/404/503 (another user's
 * petition is 404: its existence is not theirs to know). */
static int own_petition(dndn_req *q, dndn_db **db, dndn_petition *p)
{
    dndn_user u;

    if (dndn_auth_user(q, &u) || !(*db = dndn_db_get(q)) ||
        load_petition(q, *db, q->params[0], p)) {
        return -1;
    }
    if (strcmp(p->user_id, u.id)) {
        dndn_send_problem(q, HTTP_NOT_FOUND, "Không tìm thấy",
                          "Không có phản ánh, kiến nghị với mã này.", NULL);
        return -1;
    }
    return 0;
}

static int h_get(dndn_req *q)
{
    dndn_petition p;
    dndn_calendar *cal;
    dndn_db *db;

    if (own_petition(q, &db, &p) || view_calendar(q, db, &p, &cal)) {
        return OK;
    }
    return send_petition(q, HTTP_OK, &p, DNDN_VIEW_OWNER, cal, NULL);
}

static int h_events(dndn_req *q)
{
    dndn_petition p;
    dndn_db *db;
    cJSON *evs;

    if (own_petition(q, &db, &p) || !(evs = events_json(q, db, &p, 1, 0))) {
        return OK;
    }
    return dndn_send_page(q, evs, NULL, 0);
}

/* ?limit= and the keyset ?cursor= of a petition list (a row id); *after
 * is NULL for the first page.  -1 after a 400. */
static int list_params(dndn_req *q, int *limit, const char **after)
{
    int have_cursor;
    const char *c;

    if (dndn_list_params(q, limit, after, 1, &have_cursor)) {
        return -1;
    }
    if (!have_cursor) {
        *after = NULL;
        return 0;
    }
    for (c = *after; *c >= '0' && *c <= '9'; c++) {
    }
    if (*c || c == *after || c - *after > 18) {
        dndn_send_field_error(q, "cursor", "invalid_cursor",
                              "Con trỏ phân trang (cursor) không hợp lệ.");
        return -1;
    }
    return 0;
}

/* ?status= of a list: NULL when absent; -1 after a 400. */
static int status_param(dndn_req *q, const char **status)
{
    *status = apr_table_get(q->query, "status");
    if (*status && dndn_status_parse(*status) < 0) {
        dndn_send_field_error(q, "status", "invalid_status",
                              "Trạng thái không hợp lệ.");
        return -1;
    }
    return 0;
}

static int h_mine(dndn_req *q)
{
    const char *status, *after;
    int limit;
    dndn_calendar *cal;
    dndn_page pg;
    dndn_user u;
    dndn_db *db;

    if (dndn_auth_user(q, &u) || status_param(q, &status) ||
        list_params(q, &limit, &after) || !(db = dndn_db_get(q)) ||
        !(cal = dndn_calendar_load(q, db))) {
        return OK;
    }
    if (dndn_store_petitions_of_user(db, u.id, status, after, limit, &pg) !=
        DNDN_OK) {
        return dndn_send_db_error(q);
    }
    return send_page(q, &pg, DNDN_VIEW_OWNER, cal);
}

/* ---------- transitions ---------- */

/* One action being applied to a petition. */
typedef struct {
    dndn_req *q;
    dndn_db *db;
    const cJSON *body;        /* NULL for actions without a body */
    const dndn_staff *staff;  /* NULL when the author acts */
    const dndn_petition *old; /* as loaded */
    dndn_petition nw;         /* the state after */
    dndn_petition_event ev;   /* what the history records */
    apr_array_header_t *errs; /* 400 field errors */
    const dndn_calendar *cal;
    apr_int64_t now;
    int set_terms;             /* replace the Q&A terms by `terms` */
    apr_array_header_t *terms; /* const char *, NULL: none */
    const char *refuse_code;   /* 409 with this code instead of applying */
    const char *refuse_detail;
} act_ctx;

/* Fills nw/ev from the body; returns -1 on a database error. */
typedef int (*apply_fn)(act_ctx *c);

typedef struct {
    const char *name; /* the URL's last segment */
    dndn_action action;
    apply_fn apply;
} action_def;

/* A text member into *out, checked with the given limits. */
static void text_member(act_ctx *c, const char *field, apr_size_t min,
                        apr_size_t max, const char **out)
{
    int before = c->errs->nelts;
    const char *v = str_member(c->errs, c->body, field);

    *out = NULL;
    if (c->errs->nelts == before && (v || min > 0)) {
        dndn_check_text(c->q->r->pool, c->errs, field, v, slen(v), min, max, 1,
                        out);
    }
}

/* An integer member in lo..hi; 0 (and an error) otherwise. */
static int int_member(act_ctx *c, const char *field, int lo, int hi)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->body, field);

    /* Range first: only then is the cast to int defined. */
    if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi ||
        v->valuedouble != (double)(int)v->valuedouble) {
        dndn_errors_add(c->errs, field, v ? "out_of_range" : "required",
                        apr_psprintf(c->q->r->pool,
                                     "Trường này phải là số nguyên từ %d đến "
                                     "%d.",
                                     lo, hi));
        return 0;
    }
    return v->valueint;
}

static int apply_none(act_ctx *c)
{
    (void)c;
    return 0;
}

static int apply_reason(act_ctx *c)
{
    text_member(c, "reason", 1, 2000, &c->ev.note);
    return 0;
}

static int apply_assign(act_ctx *c)
{
    int before = c->errs->nelts, days, exists;
    const char *agency = str_member(c->errs, c->body, "agency");
    int bad_type = c->errs->nelts > before;

    text_member(c, "note", 0, 2000, &c->ev.note);
    if (!agency) {
        if (!bad_type) {
            dndn_errors_add(c->errs, "agency", "required",
                            "Vui lòng chọn cơ quan xử lý.");
        }
        return 0;
    }
    if ((exists = code_exists(c->db, 1, agency)) < 0) {
        return -1;
    }
    if (!exists) {
        dndn_errors_add(c->errs, "agency", "unknown_agency",
                        "Cơ quan không có trong danh mục.");
        return 0;
    }
    days = dndn_cfg_deadline_days(c->q->scfg, dndn_kind_parse(c->old->kind));
    c->nw.agency_code = agency;
    c->nw.assigned_at = i64s(c->q->r->pool, c->now);
    c->nw.due_at = i64s(c->q->r->pool, dndn_calendar_due(c->cal, c->now, days));
    return 0;
}

static int apply_answer(act_ctx *c)
{
    int before = c->errs->nelts;
    const char *content = str_member(c->errs, c->body, "content");

    if (c->errs->nelts == before) {
        dndn_check_content(c->q->r->pool, c->errs, "content", content,
                           slen(content), &c->nw.answer_content);
    }
    c->nw.answered_at = i64s(c->q->r->pool, c->now);
    c->nw.answer_agency = c->staff->agency_code;
    c->nw.answered_by = c->staff->username;
    return 0;
}

static int apply_extend(act_ctx *c)
{
    int days = int_member(c, "days", 1, 30);

    text_member(c, "reason", 1, 2000, &c->ev.note);
    if (dndn_num(c->old->extended)) {
        c->refuse_code = "already_extended";
        c->refuse_detail = "Thời hạn xử lý chỉ được gia hạn một lần.";
        return 0;
    }
    if (days) {
        c->nw.due_at = i64s(
            c->q->r->pool,
            dndn_calendar_add_workdays(c->cal, dndn_num(c->old->due_at), days));
    }
    c->nw.extended = "1";
    c->nw.extension_reason = c->ev.note;
    return 0;
}

/* The words of a published petition for the Q&A index. */
static apr_array_header_t *qa_terms_of(apr_pool_t *p, const dndn_petition *pt)
{
    return dndn_search_terms(
        p, apr_pstrcat(p, pt->title, " ", pt->content, " ",
                       pt->answer_content ? pt->answer_content : "", NULL));
}

static int apply_publish(act_ctx *c)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->body, "public");

    if (!cJSON_IsBool(v)) {
        dndn_errors_add(c->errs, "public", v ? "invalid_type" : "required",
                        "public phải là true hoặc false.");
        return 0;
    }
    if (cJSON_IsTrue(v) && !dndn_num(c->old->public_consent)) {
        c->refuse_code = "no_public_consent";
        c->refuse_detail = "Người gửi không đồng ý công khai phản ánh này.";
        return 0;
    }
    c->nw.published = cJSON_IsTrue(v) ? "1" : "0";
    c->set_terms = 1;
    c->terms = cJSON_IsTrue(v) ? qa_terms_of(c->q->r->pool, c->old) : NULL;
    return 0;
}

static int apply_note(act_ctx *c)
{
    text_member(c, "note", 1, 2000, &c->ev.note);
    c->ev.internal = "1";
    return 0;
}

static int apply_rate(act_ctx *c)
{
    int score = int_member(c, "score", 1, 5);

    text_member(c, "comment", 0, 2000, &c->nw.rating_comment);
    c->nw.rating_score = score ? apr_itoa(c->q->r->pool, score) : NULL;
    c->nw.rated_at = c->nw.closed_at = i64s(c->q->r->pool, c->now);
    c->ev.note = c->nw.rating_comment;
    return 0;
}

/* Store the change; 0, or -1 after a 409/503. */
static int store_change(act_ctx *c, dndn_action a)
{
    dndn_rc rc = a == DNDN_ACT_NOTE
                     ? dndn_store_petition_note(c->db, c->old->id, &c->ev)
                     : dndn_store_petition_update(c->db, c->old, &c->nw, &c->ev,
                                                  c->set_terms, c->terms);
    dndn_petition cur;

    if (rc == DNDN_CONFLICT) {
        /* Someone else acted first: tell the caller where it stands. */
        if (dndn_store_petition_get(c->db, c->old->code, &cur) != DNDN_OK) {
            dndn_send_db_error(c->q);
            return -1;
        }
        send_invalid_transition(c->q, cur.status);
        return -1;
    }
    if (rc != DNDN_OK) {
        dndn_send_db_error(c->q);
        return -1;
    }
    return 0;
}

/* Check, apply and store one action by `role`; then answer with the
 * petition as `view` sees it. */
static int run_action(act_ctx *c, const action_def *d, dndn_role role,
                      dndn_petition_view view)
{
    dndn_status from = dndn_status_parse(c->old->status), to;
    apr_pool_t *p = c->q->r->pool;
    dndn_petition after;
    int v = dndn_wf_check(from, d->action, role, &to);

    if (v == DNDN_WF_FORBIDDEN) {
        return forbidden(c->q, "Bạn không có quyền thực hiện thao tác này.");
    }
    if (v == DNDN_WF_INVALID) {
        return send_invalid_transition(c->q, c->old->status);
    }
    c->nw = *c->old;
    c->nw.status = dndn_status_name(to);
    c->nw.updated_at = i64s(p, c->now);
    if (to == DNDN_ST_REJECTED || to == DNDN_ST_WITHDRAWN) {
        c->nw.closed_at = c->nw.updated_at; /* it left the workflow */
    }
    c->ev.at = c->nw.updated_at;
    c->ev.from_status = c->old->status;
    c->ev.to_status = c->nw.status;
    c->ev.action = dndn_action_name(d->action);
    c->ev.internal = "0";
    c->errs = dndn_errors_make(p);
    if (d->apply(c)) {
        return dndn_send_db_error(c->q);
    }
    if (c->errs->nelts) {
        return dndn_send_problem(c->q, HTTP_BAD_REQUEST, INVALID_DATA,
                                 INVALID_DETAIL, c->errs);
    }
    if (c->refuse_code) {
        return dndn_send_conflict(c->q, c->refuse_code, c->old->status,
                                  c->refuse_detail);
    }
    if (store_change(c, d->action) ||
        load_petition(c->q, c->db, c->old->code, &after)) {
        return OK;
    }
    return send_petition(c->q, HTTP_OK, &after, view, c->cal, NULL);
}

/* The author's actions: withdraw (no body) and rate. */
static int author_action(dndn_req *q, const action_def *d, int with_body)
{
    act_ctx c = {0};
    dndn_petition old;
    dndn_calendar *cal;
    int st;

    c.q = q;
    if (own_petition(q, &c.db, &old) || !(cal = dndn_calendar_load(q, c.db))) {
        return OK;
    }
    if (with_body && !(c.body = dndn_read_json(q, &st))) {
        return st;
    }
    c.old = &old;
    c.cal = cal;
    c.now = now_sec();
    c.ev.actor_kind = "user";
    c.ev.actor = old.user_id;
    return run_action(&c, d, DNDN_ROLE_AUTHOR, DNDN_VIEW_OWNER);
}

static int h_withdraw(dndn_req *q)
{
    static const action_def d = {"withdraw", DNDN_ACT_WITHDRAW, apply_none};

    return author_action(q, &d, 0);
}

static int h_rate(dndn_req *q)
{
    static const action_def d = {"rating", DNDN_ACT_RATE, apply_rate};

    return author_action(q, &d, 1);
}

/* ---------- staff ---------- */

static const action_def staff_actions[] = {
    {"assign", DNDN_ACT_ASSIGN, apply_assign},
    {"accept", DNDN_ACT_ACCEPT, apply_none},
    {"return", DNDN_ACT_RETURN, apply_reason},
    {"answer", DNDN_ACT_ANSWER, apply_answer},
    {"extend", DNDN_ACT_EXTEND, apply_extend},
    {"reject", DNDN_ACT_REJECT, apply_reason},
    {"publish", DNDN_ACT_PUBLISH, apply_publish},
    {"notes", DNDN_ACT_NOTE, apply_note},
    {NULL, DNDN_ACT_COUNT, NULL}};

/* A petition a staff member may see: 0, or -1 after 401/403/404/503. */
static int staff_petition(dndn_req *q, dndn_staff *s, dndn_db **db,
                          dndn_petition *p, dndn_role *role)
{
    int r;

    if (dndn_auth_staff(q, s) || !(*db = dndn_db_get(q)) ||
        load_petition(q, *db, q->params[0], p)) {
        return -1;
    }
    r = dndn_role_of_staff(s->role, s->agency_code, p->agency_code);
    if (r < 0 || !dndn_wf_may_view(r)) {
        forbidden(q, "Phản ánh này không thuộc phạm vi xử lý của bạn.");
        return -1;
    }
    *role = r;
    return 0;
}

static dndn_petition_view staff_view(dndn_role role)
{
    return dndn_wf_redacted(role) ? DNDN_VIEW_OBSERVER : DNDN_VIEW_STAFF;
}

static int h_staff_get(dndn_req *q)
{
    dndn_petition p;
    dndn_calendar *cal;
    dndn_staff s;
    dndn_role role;
    dndn_db *db;
    cJSON *evs;

    if (staff_petition(q, &s, &db, &p, &role) ||
        !(cal = dndn_calendar_load(q, db)) ||
        !(evs = events_json(q, db, &p, dndn_wf_redacted(role),
                            dndn_wf_redacted(role)))) {
        return OK;
    }
    /* Personal data is shown only with its audit record. */
    if (staff_view(role) == DNDN_VIEW_STAFF &&
        dndn_audit_petitions(q, &s, "petition_read", &p, 1)) {
        return OK;
    }
    return send_petition(q, HTTP_OK, &p, staff_view(role), cal, evs);
}

static int h_staff_action(dndn_req *q)
{
    const action_def *d;
    act_ctx c = {0};
    dndn_petition old;
    dndn_staff s;
    dndn_role role;
    int st;

    for (d = staff_actions; d->name && strcmp(d->name, q->params[1]); d++) {
    }
    if (!d->name) {
        return dndn_send_not_found(q);
    }
    c.q = q;
    if (staff_petition(q, &s, &c.db, &old, &role) ||
        !(c.cal = dndn_calendar_load(q, c.db))) {
        return OK;
    }
    if (!(c.body = dndn_read_json(q, &st))) {
        return st;
    }
    c.old = &old;
    c.staff = &s;
    c.now = now_sec();
    c.ev.actor_kind = "staff";
    c.ev.actor = s.username;
    c.ev.actor_agency = s.agency_code;
    return run_action(&c, d, role, staff_view(role));
}

/* ?kind= / ?agency= / ?overdue= of the staff list; -1 after a 400. */
static int staff_filter(dndn_req *q, const dndn_staff *s,
                        dndn_petition_filter *f)
{
    const char *overdue = apr_table_get(q->query, "overdue");
    const char *text = apr_table_get(q->query, "q");

    if (status_param(q, &f->status)) {
        return -1;
    }
    f->kind = apr_table_get(q->query, "kind");
    if (f->kind && dndn_kind_parse(f->kind) < 0) {
        dndn_send_field_error(q, "kind", "invalid_kind",
                              "Loại phải là question, report hoặc "
                              "recommendation.");
        return -1;
    }
    f->agency = apr_table_get(q->query, "agency");
    if (!strcmp(s->role, "officer")) {
        /* Officers see their own agency's petitions only. */
        f->agency = s->agency_code ? s->agency_code : "-";
    }
    f->overdue = overdue && !strcmp(overdue, "1");
    f->now = now_sec();
    if (text && *(text = dndn_text_fold(q->r->pool, text))) {
        f->like = apr_pstrcat(q->r->pool, "%", text, "%", NULL);
    }
    return 0;
}

static int h_staff_list(dndn_req *q)
{
    dndn_petition_filter f = {0};
    const char *after;
    int limit, role;
    dndn_calendar *cal;
    dndn_staff s;
    dndn_page pg;
    dndn_db *db;

    if (dndn_auth_staff(q, &s)) {
        return OK;
    }
    role = dndn_role_of_staff(s.role, s.agency_code, s.agency_code);
    if (role < 0 || !dndn_wf_may_view(role)) {
        return forbidden(q, "Tài khoản này không xem được phản ánh.");
    }
    if (staff_filter(q, &s, &f) || list_params(q, &limit, &after) ||
        !(db = dndn_db_get(q)) || !(cal = dndn_calendar_load(q, db))) {
        return OK;
    }
    if (dndn_store_petitions_staff(db, &f, after, limit, &pg) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    if (staff_view(role) == DNDN_VIEW_STAFF &&
        dndn_audit_petitions(q, &s, "petition_list",
                             (const dndn_petition *)pg.items->elts,
                             pg.items->nelts)) {
        return OK;
    }
    return send_page(q, &pg, staff_view(role), cal);
}

/* ---------- partner systems ---------- */

/* GET /partner/petitions?updated_since=RFC3339: every petition changed
 * since then, oldest change first, in the observer's view (numbers, titles
 * and statuses; no personal data, no content).  Scope petitions:read. */
static int h_partner_list(dndn_req *q)
{
    const char *since = apr_table_get(q->query, "updated_since");
    const char *cur[2], *after_updated = "-1", *after_id = "0", *next = NULL;
    apr_int64_t t = 0, now = now_sec();
    int limit, have_cursor, i;
    dndn_calendar *cal;
    dndn_apikey key;
    dndn_page pg;
    dndn_db *db;
    cJSON *items;

    if (dndn_auth_partner(q, "petitions:read", &key) ||
        dndn_list_params(q, &limit, cur, 2, &have_cursor)) {
        return OK;
    }
    if (since && dndn_time_parse(since, &t)) {
        return dndn_send_field_error(q, "updated_since", "invalid_time",
                                     "updated_since phải là thời điểm theo "
                                     "RFC 3339, ví dụ "
                                     "2026-01-31T08:00:00+07:00.");
    }
    if (have_cursor) {
        if (!dndn_is_integer(cur[0]) || !dndn_is_integer(cur[1])) {
            return dndn_send_field_error(q, "cursor", "invalid_cursor",
                                         "Con trỏ phân trang (cursor) không "
                                         "hợp lệ.");
        }
        after_updated = cur[0];
        after_id = cur[1];
    }
    else if (since) {
        /* updated_at >= since */
        after_updated = apr_off_t_toa(q->r->pool, (apr_off_t)(t - 1));
        after_id = "9223372036854775807";
    }
    if (!(db = dndn_db_get(q)) || !(cal = dndn_calendar_load(q, db))) {
        return OK;
    }
    if (dndn_store_petitions_updated(db, after_updated, after_id, limit, &pg) !=
        DNDN_OK) {
        return dndn_send_db_error(q);
    }
    items = dndn_json_array(q->r->pool);
    for (i = 0; i < pg.items->nelts; i++) {
        const dndn_petition *p = &APR_ARRAY_IDX(pg.items, i, dndn_petition);
        cJSON_AddItemToArray(items,
                             dndn_petition_json(q->r->pool, p, p->status,
                                                DNDN_VIEW_OBSERVER, cal, now));
        if (pg.more && i == pg.items->nelts - 1) {
            cur[0] = p->updated_at;
            cur[1] = p->id;
            next = dndn_cursor_encode(q->r->pool, cur, 2);
        }
    }
    return dndn_send_page(q, items, next, 0);
}

/* ---------- public Q&A ---------- */

static int h_qa_list(dndn_req *q)
{
    const char *patterns[DNDN_QA_MAX_TERMS], *after;
    int n, limit;
    dndn_page pg;
    dndn_db *db;

    if (list_params(q, &limit, &after) || !(db = dndn_db_get(q))) {
        return OK;
    }
    n = dndn_search_patterns(q->r->pool, apr_table_get(q->query, "q"), patterns,
                             DNDN_QA_MAX_TERMS);
    if (dndn_store_qa(db, apr_table_get(q->query, "category"), patterns, n,
                      after, limit, &pg) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    return send_page(q, &pg, DNDN_VIEW_PUBLIC, NULL);
}

static int h_qa_get(dndn_req *q)
{
    dndn_petition p;
    dndn_db *db;

    if (!(db = dndn_db_get(q)) || load_petition(q, db, q->params[0], &p)) {
        return OK;
    }
    if (!dndn_num(p.published) || !dndn_num(p.public_consent)) {
        return dndn_send_not_found(q);
    }
    return send_petition(q, HTTP_OK, &p, DNDN_VIEW_PUBLIC, NULL, NULL);
}

const dndn_route dndn_petitions_routes[] = {
    {DNDN_PUBLIC, "POST", "/petitions", h_create, 0},
    {DNDN_PUBLIC, "GET", "/petitions/{code}", h_get, 0},
    {DNDN_PUBLIC, "GET", "/petitions/{code}/events", h_events, 0},
    {DNDN_PUBLIC, "POST", "/petitions/{code}/withdraw", h_withdraw, 0},
    {DNDN_PUBLIC, "POST", "/petitions/{code}/rating", h_rate, 0},
    {DNDN_PUBLIC, "GET", "/me/petitions", h_mine, 0},
    {DNDN_PUBLIC, "GET", "/qa", h_qa_list, 1},
    {DNDN_PUBLIC, "GET", "/qa/{code}", h_qa_get, 1},
    {DNDN_STAFF, "GET", "/petitions", h_staff_list, 0},
    {DNDN_STAFF, "GET", "/petitions/{code}", h_staff_get, 0},
    {DNDN_STAFF, "POST", "/petitions/{code}/{action}", h_staff_action, 0},
    {DNDN_PARTNER, "GET", "/petitions", h_partner_list, 0},
    {0, NULL, NULL, NULL, 0}};
