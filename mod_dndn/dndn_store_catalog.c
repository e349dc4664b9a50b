/*
 * dndn_store_catalog.c - statements and queries of the public catalogue:
 * agencies, categories, hotlines.
 */
#include <apr_strings.h>

#include "dndn_store_int.h"

/* Keyset "first page" values: below any sort_order in use. */
#define FIRST_ORDER "-1000000000"

const dndn_statement dndn_catalog_statements[] = {
    {"dndn_agencies",
     "SELECT code, name, short_name, kind, address, phone, email, website, "
     "sort_order FROM agencies WHERE active = 1 AND (sort_order > %d OR "
     "(sort_order = %d AND code > %s)) ORDER BY sort_order, code LIMIT %d"},
    {"dndn_agency",
     "SELECT code, name, short_name, kind, address, phone, email, website, "
     "sort_order FROM agencies WHERE code = %s AND active = 1"},
    {"dndn_categories",
     "SELECT code, name, description, sort_order FROM categories WHERE "
     "active = 1 AND (sort_order > %d OR (sort_order = %d AND code > %s)) "
     "ORDER BY sort_order, code LIMIT %d"},
    {"dndn_hotlines",
     "SELECT h.id, h.name, h.phone, h.tel, h.hours, h.sort_order, "
     "a.code, a.name FROM hotlines h LEFT JOIN agencies a ON a.code = "
     "h.agency_code WHERE h.active = 1 AND (h.sort_order > %d OR "
     "(h.sort_order = %d AND h.id > %d)) ORDER BY h.sort_order, h.id "
     "LIMIT %d"},
    {NULL, NULL}};

static void agency_from(dndn_agency *a, const char **c)
{
    a->code = c[0];
    a->name = c[1];
    a->short_name = c[2];
    a->kind = c[3];
    a->address = c[4];
    a->phone = c[5];
    a->email = c[6];
    a->website = c[7];
    a->sort_order = c[8];
}

dndn_rc dndn_store_agencies(dndn_db *db, const char *after_order,
                            const char *after_code, int limit, dndn_page *out)
{
    const char *args[4], *c[9];
    apr_dbd_results_t *res;
    dndn_rc rc;

    args[0] = args[1] = after_order ? after_order : FIRST_ORDER;
    args[2] = after_code ? after_code : "";
    args[3] = apr_itoa(db->pool, limit + 1);
    dndn_page_init(db, out, sizeof(dndn_agency));
    if ((rc = dndn_select(db, "dndn_agencies", 4, args, &res)) != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 9)) {
        if (out->items->nelts == limit) {
            out->more = 1;
            continue;
        }
        agency_from(apr_array_push(out->items), c);
    }
    return DNDN_OK;
}

dndn_rc dndn_store_agency(dndn_db *db, const char *code, dndn_agency *out)
{
    const char *c[9];
    apr_dbd_results_t *res;
    dndn_rc rc;

    if ((rc = dndn_select(db, "dndn_agency", 1, &code, &res)) != DNDN_OK) {
        return rc;
    }
    rc = DNDN_NOTFOUND;
    while (dndn_next_row(db, res, c, 9)) {
        agency_from(out, c);
        rc = DNDN_OK;
    }
    return rc;
}

dndn_rc dndn_store_categories(dndn_db *db, const char *after_order,
                              const char *after_code, int limit, dndn_page *out)
{
    const char *args[4], *c[4];
    apr_dbd_results_t *res;
    dndn_rc rc;

    args[0] = args[1] = after_order ? after_order : FIRST_ORDER;
    args[2] = after_code ? after_code : "";
    args[3] = apr_itoa(db->pool, limit + 1);
    dndn_page_init(db, out, sizeof(dndn_category));
    if ((rc = dndn_select(db, "dndn_categories", 4, args, &res)) != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 4)) {
        dndn_category *cat;
        if (out->items->nelts == limit) {
            out->more = 1;
            continue;
        }
        cat = apr_array_push(out->items);
        cat->code = c[0];
        cat->name = c[1];
        cat->description = c[2];
        cat->sort_order = c[3];
    }
    return DNDN_OK;
}

dndn_rc dndn_store_hotlines(dndn_db *db, const char *after_order,
                            const char *after_id, int limit, dndn_page *out)
{
    const char *args[4], *c[8];
    apr_dbd_results_t *res;
    dndn_rc rc;

    args[0] = args[1] = after_order ? after_order : FIRST_ORDER;
    args[2] = after_id ? after_id : "0";
    args[3] = apr_itoa(db->pool, limit + 1);
    dndn_page_init(db, out, sizeof(dndn_hotline));
    if ((rc = dndn_select(db, "dndn_hotlines", 4, args, &res)) != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 8)) {
        dndn_hotline *h;
        if (out->items->nelts == limit) {
            out->more = 1;
            continue;
        }
        h = apr_array_push(out->items);
        h->id = c[0];
        h->name = c[1];
        h->phone = c[2];
        h->tel = c[3];
        h->hours = c[4];
        h->sort_order = c[5];
        h->agency_code = c[6];
        h->agency_name = c[7];
    }
    return DNDN_OK;
}
