/*
 * mod_dndn_privacy.c - personal data under Decree 13/2023/ND-CP:
 *
 *   GET /me/export        (Bearer) everything stored about the caller
 *   DELETE /me            (Bearer) anonymise the account, 204
 *   GET /staff/access-log (admin)  who read whose personal data
 *
 * and dndn_audit_petitions, which every staff read of personal data calls
 * before it answers: without its audit record the data is not shown (503).
 */
#include <string.h>

#include <apr_strings.h>

#include "dndn_calendar.h"
#include "dndn_workflow.h"
#include "mod_dndn.h"

APLOG_USE_MODULE(dndn);

static apr_int64_t now_sec(void)
{
    return apr_time_sec(apr_time_now());
}

int dndn_audit_petitions(dndn_req *q, const dndn_staff *s, const char *action,
                         const dndn_petition *ps, int n)
{
    apr_pool_t *p = q->r->pool;
    apr_array_header_t *entries;
    const char *at = apr_off_t_toa(p, (apr_off_t)now_sec());
    dndn_db *db;
    int i;

    if (n == 0) {
        return 0;
    }
    if (!(db = dndn_db_get(q))) {
        return -1;
    }
    entries = apr_array_make(p, n, sizeof(dndn_access_entry));
    for (i = 0; i < n; i++) {
        dndn_access_entry *e = apr_array_push(entries);
        memset(e, 0, sizeof(*e));
        e->at = at;
        e->staff = s->username;
        e->action = action;
        e->petition_code = ps[i].code;
        e->user_id = ps[i].user_id;
        e->client = q->r->useragent_ip;
    }
    if (dndn_store_access_log_add(db, entries) != DNDN_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
                      "DNDN0450: the access log could not be written; "
                      "personal data withheld");
        dndn_send_db_error(q);
        return -1;
    }
    return 0;
}

/* ---------- GET /me/export ---------- */

static cJSON *export_petition(dndn_req *q, dndn_db *db, const dndn_petition *p,
                              const dndn_calendar *cal, apr_int64_t now)
{
    apr_pool_t *pool = q->r->pool;
    const char *status = dndn_status_name(dndn_wf_effective(
        dndn_status_parse(p->status),
        p->answered_at ? apr_atoi64(p->answered_at) : 0, now));
    cJSON *o = dndn_petition_json(pool, p, status ? status : p->status,
                                  DNDN_VIEW_OWNER, cal, now);
    cJSON *evs;
    apr_array_header_t *rows;
    int i;

    /* What the author gave with it, beyond the contract's petition. */
    if (p->enterprise_tax_code) {
        cJSON *e = cJSON_AddObjectToObject(o, "enterprise");
        dndn_json_add_str(e, "tax_code", p->enterprise_tax_code);
        dndn_json_add_str(e, "name", p->enterprise_name);
    }
    else {
        cJSON_AddNullToObject(o, "enterprise");
    }
    dndn_json_add_str(o, "contact_phone", p->contact_phone);
    cJSON_AddBoolToObject(o, "public_consent",
                          p->public_consent && apr_atoi64(p->public_consent));
    if (dndn_store_petition_events(db, p->id, &rows) != DNDN_OK) {
        cJSON_Delete(o);
        return NULL;
    }
    evs = cJSON_AddArrayToObject(o, "events");
    for (i = 0; i < rows->nelts; i++) {
        const dndn_petition_event *e =
            &APR_ARRAY_IDX(rows, i, dndn_petition_event);
        if (e->internal && apr_atoi64(e->internal)) {
            continue; /* internal notes are not the author's */
        }
        cJSON_AddItemToArray(evs, dndn_petition_event_json(pool, e, 1));
    }
    return o;
}

static int h_export(dndn_req *q)
{
    apr_pool_t *p = q->r->pool;
    apr_int64_t now = now_sec();
    apr_array_header_t *consents;
    const char *updated = NULL, *after = NULL;
    dndn_calendar *cal;
    cJSON *doc, *user, *arr, *pets;
    dndn_page pg;
    dndn_user u;
    dndn_db *db;
    int i;

    if (dndn_auth_user(q, &u) || !(db = dndn_db_get(q)) ||
        !(cal = dndn_calendar_load(q, db))) {
        return OK;
    }
    if (dndn_store_user_updated_at(db, u.id, &updated) != DNDN_OK ||
        dndn_store_consents(db, u.id, &consents) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    doc = dndn_json_object(p);
    dndn_json_add_str(doc, "exported_at", dndn_time_format(p, now));
    user = dndn_user_json(p, &u);
    cJSON_AddItemToObject(doc, "user", user);
    dndn_json_add_str(user, "provider", u.provider);
    dndn_json_add_str(user, "zalo_id",
                      u.provider && !strcmp(u.provider, "zalo") ? u.subject
                                                                : NULL);
    dndn_json_add_str(user, "updated_at",
                      updated ? dndn_time_format(p, apr_atoi64(updated))
                              : NULL);
    arr = cJSON_AddArrayToObject(doc, "consents");
    for (i = 0; i < consents->nelts; i++) {
        cJSON_AddItemToArray(
            arr,
            dndn_consent_json(p, &APR_ARRAY_IDX(consents, i, dndn_consent)));
    }
    pets = cJSON_AddArrayToObject(doc, "petitions");
    do {
        const dndn_petition *last = NULL;
        if (dndn_store_petitions_of_user(db, u.id, NULL, after, 100, &pg) !=
            DNDN_OK) {
            return dndn_send_db_error(q);
        }
        for (i = 0; i < pg.items->nelts; i++) {
            cJSON *o;
            last = &APR_ARRAY_IDX(pg.items, i, dndn_petition);
            if (!(o = export_petition(q, db, last, cal, now))) {
                return dndn_send_db_error(q);
            }
            cJSON_AddItemToArray(pets, o);
        }
        after = last ? last->id : NULL;
    } while (pg.more && after);

    apr_table_setn(
        q->r->headers_out, "Content-Disposition",
        apr_psprintf(p, "attachment; filename=\"dndn-export-%s.json\"", u.id));
    return dndn_send_json(q, HTTP_OK, doc, 0);
}

/* ---------- DELETE /me ---------- */

static int h_delete_me(dndn_req *q)
{
    dndn_user u;
    dndn_db *db;
    dndn_rc rc;

    if (dndn_auth_user(q, &u) || !(db = dndn_db_get(q))) {
        return OK;
    }
    rc = dndn_store_user_delete(db, u.id, now_sec());
    if (rc == DNDN_NOTFOUND) {
        return dndn_send_not_found(q);
    }
    if (rc != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, q->r,
                  "DNDN0451: account %s deleted by its owner", u.id);
    q->r->status = HTTP_NO_CONTENT;
    apr_table_setn(q->r->headers_out, "Cache-Control", "no-store");
    return OK;
}

/* ---------- GET /staff/access-log ---------- */

/* ?from= / ?to=: an RFC 3339 time or a date (its first or last second,
 * Vietnam time).  0 when absent or valid, -1 after a 400. */
static int time_param(dndn_req *q, const char *name, int end, apr_int64_t *out)
{
    const char *v = apr_table_get(q->query, name);
    dndn_date d;

    if (!v) {
        return 0;
    }
    if (!dndn_date_parse(v, &d)) {
        apr_int64_t day = dndn_date_to_days(d);
        *out = end ? dndn_local_day_end(day) : dndn_local_day_start(day);
        return 0;
    }
    if (!dndn_time_parse(v, out)) {
        return 0;
    }
    dndn_send_field_error(q, name, "invalid_time",
                          apr_psprintf(q->r->pool,
                                       "%s phải là ngày (YYYY-MM-DD) hoặc thời "
                                       "điểm theo RFC 3339.",
                                       name));
    return -1;
}

static int h_access_log(dndn_req *q)
{
    apr_pool_t *p = q->r->pool;
    const char *cur[2], *staff = apr_table_get(q->query, "staff"), *next = NULL;
    apr_int64_t from = 0, to = APR_INT64_C(253402300799); /* 9999-12-31 */
    int limit, have_cursor, i;
    dndn_staff s;
    dndn_page pg;
    dndn_db *db;
    cJSON *items;

    if (dndn_auth_staff(q, &s)) {
        return OK;
    }
    if (!s.role || strcmp(s.role, "admin")) {
        return dndn_send_problem(q, HTTP_FORBIDDEN, "Không có quyền",
                                 "Chỉ quản trị viên xem được nhật ký truy "
                                 "cập dữ liệu cá nhân.",
                                 NULL);
    }
    if (dndn_list_params(q, &limit, cur, 2, &have_cursor) ||
        time_param(q, "from", 0, &from) || time_param(q, "to", 1, &to)) {
        return OK;
    }
    if (have_cursor && (!dndn_is_integer(cur[0]) || !dndn_is_integer(cur[1]))) {
        return dndn_send_field_error(q, "cursor", "invalid_cursor",
                                     "Con trỏ phân trang (cursor) không hợp "
                                     "lệ.");
    }
    if (staff && !*staff) {
        staff = NULL;
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_access_log(db, staff, from, to, have_cursor ? cur[0] : NULL,
                              have_cursor ? cur[1] : NULL, limit,
                              &pg) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    items = dndn_json_array(p);
    for (i = 0; i < pg.items->nelts; i++) {
        const dndn_access_entry *e =
            &APR_ARRAY_IDX(pg.items, i, dndn_access_entry);
        cJSON_AddItemToArray(items, dndn_access_entry_json(p, e));
        if (pg.more && i == pg.items->nelts - 1) {
            cur[0] = e->at;
            cur[1] = e->id;
            next = dndn_cursor_encode(p, cur, 2);
        }
    }
    return dndn_send_page(q, items, next, 0);
}

const dndn_route dndn_privacy_routes[] = {
    {DNDN_PUBLIC, "GET", "/me/export", h_export, 0},
    {DNDN_PUBLIC, "DELETE", "/me", h_delete_me, 0},
    {DNDN_STAFF, "GET", "/access-log", h_access_log, 0},
    {0, NULL, NULL, NULL, 0}};
