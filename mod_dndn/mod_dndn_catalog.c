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

/* A catalogue list: keyset-paged by (sort_order, key). */
typedef struct {
    dndn_rc (*fetch)(dndn_db *db, const char *after_order,
                     const char *after_key, int limit, dndn_page *out);
    int item_size;
    cJSON *(*to_json)(const void *item);
    /* The cursor keys of an item: its sort_order and key. */
    void (*keys)(const void *item, const char **order, const char **key);
    int numeric_key; /* the key is an integer id */
} catalog_list;

static int send_list(dndn_req *q, const catalog_list *l)
{
    const char *cur[2], *next = NULL;
    int limit, have_cursor, i;
    dndn_page pg;
    dndn_db *db;
    cJSON *items;

    if (dndn_list_params(q, &limit, cur, 2, &have_cursor)) {
        return OK;
    }
    /* A cursor is ours only if its keys have the shape we wrote. */
    if (have_cursor && (!dndn_is_integer(cur[0]) ||
                        (l->numeric_key && !dndn_is_integer(cur[1])))) {
        return dndn_send_field_error(q, "cursor", "invalid_cursor",
                                     "Con trỏ phân trang (cursor) không hợp "
                                     "lệ.");
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (l->fetch(db, have_cursor ? cur[0] : NULL, have_cursor ? cur[1] : NULL,
                 limit, &pg) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    items = dndn_json_array(q->r->pool);
    for (i = 0; i < pg.items->nelts; i++) {
        cJSON_AddItemToArray(items,
                             l->to_json(pg.items->elts + i * l->item_size));
    }
    if (pg.more && pg.items->nelts > 0) {
        l->keys(pg.items->elts + (pg.items->nelts - 1) * l->item_size, &cur[0],
                &cur[1]);
        next = dndn_cursor_encode(q->r->pool, cur, 2);
    }
    return dndn_send_page(q, items, next, 1);
}

static cJSON *category_json(const void *item)
{
    return dndn_category_json(item);
}

static void category_keys(const void *item, const char **order,
                          const char **key)
{
    const dndn_category *c = item;
    *order = c->sort_order;
    *key = c->code;
}

static cJSON *agency_json(const void *item)
{
    return dndn_agency_json(item);
}

static void agency_keys(const void *item, const char **order, const char **key)
{
    const dndn_agency *a = item;
    *order = a->sort_order;
    *key = a->code;
}

static cJSON *hotline_json(const void *item)
{
    return dndn_hotline_json(item);
}

static void hotline_keys(const void *item, const char **order, const char **key)
{
    const dndn_hotline *h = item;
    *order = h->sort_order;
    *key = h->id;
}

static const catalog_list categories = {dndn_store_categories,
                                        sizeof(dndn_category), category_json,
                                        category_keys, 0};
static const catalog_list agencies = {dndn_store_agencies, sizeof(dndn_agency),
                                      agency_json, agency_keys, 0};
static const catalog_list hotlines = {dndn_store_hotlines, sizeof(dndn_hotline),
                                      hotline_json, hotline_keys, 1};

static int dndn_h_categories(dndn_req *q)
{
    return send_list(q, &categories);
}

static int dndn_h_agencies(dndn_req *q)
{
    return send_list(q, &agencies);
}

static int dndn_h_hotlines(dndn_req *q)
{
    return send_list(q, &hotlines);
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

const dndn_route dndn_catalog_routes[] = {
    {DNDN_PUBLIC, "GET", "/health", dndn_h_health, 0},
    {DNDN_PUBLIC, "GET", "/categories", dndn_h_categories, 1},
    {DNDN_PUBLIC, "GET", "/agencies", dndn_h_agencies, 1},
    {DNDN_PUBLIC, "GET", "/agencies/{code}", dndn_h_agency, 1},
    {DNDN_PUBLIC, "GET", "/hotlines", dndn_h_hotlines, 1},
    {0, NULL, NULL, NULL, 0}};
