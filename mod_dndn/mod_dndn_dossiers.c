/*
 * mod_dndn_dossiers.c - administrative dossiers: partner systems push
 * them (PUT /partner/dossiers/{code}, POST .../events), anyone looks one
 * up by its receipt code (GET /dossiers/{code}), rate-limited per client
 * address so that codes cannot be enumerated quickly.
 */
#include <apr_strings.h>

#include "dndn_dossier.h"
#include "mod_dndn.h"

APLOG_USE_MODULE(dndn);

#define LOOKUP_WINDOW 60

static apr_int64_t now_sec(void)
{
    return apr_time_sec(apr_time_now());
}

static int invalid_body(dndn_req *q, const apr_array_header_t *errs)
{
    return dndn_send_problem(q, HTTP_BAD_REQUEST, "Dữ liệu không hợp lệ",
                             "Vui lòng kiểm tra lại các trường được nêu.",
                             errs);
}

static int dossier_not_found(dndn_req *q)
{
    return dndn_send_problem(q, HTTP_NOT_FOUND, "Không tìm thấy hồ sơ",
                             "Không có hồ sơ với mã biên nhận này.", NULL);
}

/* PUT /partner/dossiers/{code}: 201 created, 200 updated or unchanged
 * (a stale update changes nothing); the body is the stored dossier. */
static int h_dossier_put(dndn_req *q)
{
    apr_pool_t *p = q->r->pool;
    apr_array_header_t *errs = dndn_errors_make(p);
    dndn_dossier_text t;
    dndn_dossier d, stored;
    dndn_apikey key;
    dndn_upsert outcome;
    dndn_db *db;
    cJSON *body;
    const char *body_text;
    apr_size_t len = 0;
    int st;

    if (dndn_auth_partner(q, "dossiers:write", &key)) {
        return OK;
    }
    if (!(body = dndn_read_json(q, &st))) {
        return st;
    }
    dndn_dossier_text_from_json(p, body, errs, &t);
    if (dndn_dossier_validate(p, q->params[0], &t, errs, &d)) {
        return invalid_body(q, errs);
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_dossier_put(db, &d, now_sec(), &outcome, &stored) !=
        DNDN_OK) {
        return dndn_send_db_error(q);
    }
    if (outcome == DNDN_UPSERT_STALE) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, q->r,
                      "DNDN0300: key %s: stale update of dossier %s ignored",
                      key.id, d.code);
    }
    body_text = dndn_dossier_partner_json(p, &stored, now_sec(), &len);
    return dndn_send_json_text(
        q, outcome == DNDN_UPSERT_INSERTED ? HTTP_CREATED : HTTP_OK, body_text,
        len);
}

/* POST /partner/dossiers/{code}/events: 201 added, 200 already there. */
static int h_event_post(dndn_req *q)
{
    apr_pool_t *p = q->r->pool;
    apr_array_header_t *errs = dndn_errors_make(p);
    dndn_dossier_event e, stored;
    dndn_apikey key;
    dndn_db *db;
    dndn_rc rc;
    cJSON *body;
    const char *body_text;
    apr_size_t len = 0;
    int st, created = 0;

    if (dndn_auth_partner(q, "dossiers:write", &key)) {
        return OK;
    }
    if (!(body = dndn_read_json(q, &st))) {
        return st;
    }
    if (dndn_dossier_event_from_json(p, body, errs, &e)) {
        return invalid_body(q, errs);
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    rc = dndn_store_dossier_event_add(db, q->params[0], &e, now_sec(), &created,
                                      &stored);
    if (rc == DNDN_NOTFOUND) {
        return dossier_not_found(q);
    }
    if (rc != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    /* The step is stored (and the dossier's steps text cleared with it):
     * a failure to write the new text only leaves look-ups reading the
     * steps themselves, so the answer stands. */
    rc = dndn_store_dossier_steps_refresh(db, q->params[0], NULL);
    if (rc != DNDN_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, q->r,
                      "DNDN0043: steps text of dossier %s not written: %s",
                      q->params[0], db->error ? db->error : "?");
    }
    body_text = dndn_dossier_event_json(p, &stored, &len);
    return dndn_send_json_text(q, created ? HTTP_CREATED : HTTP_OK, body_text,
                               len);
}

/* Count this look-up on this node (mod_dndn_tally.c); returns -1 after
 * sending 429.  Counted before the database is touched, so a flood of
 * look-ups costs the database nothing once it is over the limit. */
static int lookup_allowed(dndn_req *q)
{
    int limit = dndn_cfg_lookup_limit(q->scfg);
    apr_int64_t now = now_sec();
    apr_int64_t start = now - now % LOOKUP_WINDOW;
    const char *client = q->r->useragent_ip ? q->r->useragent_ip : "-";

    if (limit == 0 ||
        dndn_lookup_hits(q, client, start) <= (apr_uint32_t)limit) {
        return 0;
    }
    apr_table_setn(q->r->err_headers_out, "Retry-After",
                   apr_psprintf(q->r->pool, "%" APR_INT64_T_FMT,
                                start + LOOKUP_WINDOW - now));
    dndn_send_problem(
        q, HTTP_TOO_MANY_REQUESTS, "Tra cứu quá nhiều",
        apr_psprintf(q->r->pool,
                     "Mỗi địa chỉ chỉ được tra cứu %d hồ sơ mỗi phút. Vui "
                     "lòng thử lại sau.",
                     limit),
        NULL);
    return -1;
}

/* GET /dossiers/{code}: the public view, applicant masked. */
static int h_dossier_get(dndn_req *q)
{
    apr_pool_t *p = q->r->pool;
    dndn_dossier d;
    dndn_db *db;
    dndn_rc rc;
    const char *body_text, *steps = NULL;
    apr_size_t len = 0, steps_len = 0;

    if (lookup_allowed(q) || !(db = dndn_db_get(q))) {
        return OK;
    }
    rc = dndn_store_dossier_lookup(db, q->params[0], &d, &steps, &steps_len);
    if (rc == DNDN_NOTFOUND) {
        return dossier_not_found(q);
    }
    if (rc != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    body_text =
        dndn_dossier_public_json(p, &d, steps, steps_len, now_sec(), &len);
    return dndn_send_json_text(q, HTTP_OK, body_text, len);
}

const dndn_route dndn_dossier_routes[] = {
    {DNDN_PUBLIC, "GET", "/dossiers/{code}", h_dossier_get, 0},
    {DNDN_PARTNER, "PUT", "/dossiers/{code}", h_dossier_put, 0},
    {DNDN_PARTNER, "POST", "/dossiers/{code}/events", h_event_post, 0},
    {0, NULL, NULL, NULL, 0}};
