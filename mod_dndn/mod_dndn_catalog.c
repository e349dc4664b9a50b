/*
 * mod_dndn_catalog.c - public catalogue: health, categories, agencies,
 * hotlines.  Catalogue answers carry an ETag and answer If-None-Match.
 */
#include "mod_dndn.h"

APLOG_USE_MODULE(dndn);

static int dndn_h_health(dndn_req *q)
{
    cJSON *o = dndn_json_object(q->r->pool);
    /* Health answers in its own shape, so no problem+json from here. */
    dndn_db *db = dndn_db_try(q);
    int ok = db && dndn_store_ping(db) == DNDN_OK;

    if (db && !ok) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
                      "DNDN0020: health check query failed: %s",
                      db->error ? db->error : "?");
    }
    cJSON_AddStringToObject(o, "status", ok ? "ok" : "unavailable");
    cJSON_AddStringToObject(o, "database", ok ? "ok" : "unavailable");
    cJSON_AddStringToObject(o, "version", DNDN_VERSION);
    if (!ok) {
        apr_table_setn(q->r->err_headers_out, "Retry-After", "5");
    }
    return dndn_send_json(q, ok ? HTTP_OK : HTTP_SERVICE_UNAVAILABLE, o, 0);
}

/* The next_cursor of a page whose last item has the given keys. */
static const char *next_cursor(dndn_req *q, const dndn_page *pg,
                               const char *order, const char *key)
{
    const char *parts[2];

    if (!pg->more) {
        return NULL;
    }
    parts[0] = order;
    parts[1] = key;
    return dndn_cursor_encode(q->r->pool, parts, 2);
}

static int dndn_h_categories(dndn_req *q)
{
    const char *cur[2];
    int limit, have_cursor, i;
    dndn_page pg;
    dndn_db *db;
    cJSON *items;
    const dndn_category *last = NULL;

    if (dndn_list_params(q, &limit, cur, 2, &have_cursor)) {
        return OK;
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_categories(db, have_cursor ? cur[0] : NULL,
                              have_cursor ? cur[1] : NULL, limit,
                              &pg) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    items = dndn_json_array(q->r->pool);
    for (i = 0; i < pg.items->nelts; i++) {
        last = &APR_ARRAY_IDX(pg.items, i, dndn_category);
        cJSON_AddItemToArray(items, dndn_category_json(last));
    }
    return dndn_send_page(
        q, items,
        last ? next_cursor(q, &pg, last->sort_order, last->code) : NULL, 1);
}

static int dndn_h_agencies(dndn_req *q)
{
    const char *cur[2];
    int limit, have_cursor, i;
    dndn_page pg;
    dndn_db *db;
    cJSON *items;
    const dndn_agency *last = NULL;

    if (dndn_list_params(q, &limit, cur, 2, &have_cursor)) {
        return OK;
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_agencies(db, have_cursor ? cur[0] : NULL,
                            have_cursor ? cur[1] : NULL, limit,
                            &pg) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    items = dndn_json_array(q->r->pool);
    for (i = 0; i < pg.items->nelts; i++) {
        last = &APR_ARRAY_IDX(pg.items, i, dndn_agency);
        cJSON_AddItemToArray(items, dndn_agency_json(last));
    }
    return dndn_send_page(
        q, items,
        last ? next_cursor(q, &pg, last->sort_order, last->code) : NULL, 1);
}

static int dndn_h_agency(dndn_req *q)
{
    dndn_agency a;
    dndn_db *db;
    dndn_rc rc;
    cJSON *o;

    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    rc = dndn_store_agency(db, q->params[0], &a);
    if (rc == DNDN_NOTFOUND) {
        return dndn_send_problem(q, HTTP_NOT_FOUND, "Không tìm thấy",
                                 "Không có cơ quan với mã này.", NULL);
    }
    if (rc != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    o = dndn_agency_json(&a);
    dndn_json_own(q->r->pool, o);
    return dndn_send_json(q, HTTP_OK, o, 1);
}

static int dndn_h_hotlines(dndn_req *q)
{
    const char *cur[2];
    int limit, have_cursor, i;
    dndn_page pg;
    dndn_db *db;
    cJSON *items;
    const dndn_hotline *last = NULL;

    if (dndn_list_params(q, &limit, cur, 2, &have_cursor)) {
        return OK;
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_hotlines(db, have_cursor ? cur[0] : NULL,
                            have_cursor ? cur[1] : NULL, limit,
                            &pg) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    items = dndn_json_array(q->r->pool);
    for (i = 0; i < pg.items->nelts; i++) {
        last = &APR_ARRAY_IDX(pg.items, i, dndn_hotline);
        cJSON_AddItemToArray(items, dndn_hotline_json(last));
    }
    return dndn_send_page(
        q, items, last ? next_cursor(q, &pg, last->sort_order, last->id) : NULL,
        1);
}

const dndn_route dndn_catalog_routes[] = {
    {DNDN_PUBLIC, "GET", "/health", dndn_h_health, 0},
    {DNDN_PUBLIC, "GET", "/categories", dndn_h_categories, 1},
    {DNDN_PUBLIC, "GET", "/agencies", dndn_h_agencies, 1},
    {DNDN_PUBLIC, "GET", "/agencies/{code}", dndn_h_agency, 1},
    {DNDN_PUBLIC, "GET", "/hotlines", dndn_h_hotlines, 1},
    {0, NULL, NULL, NULL, 0}};
