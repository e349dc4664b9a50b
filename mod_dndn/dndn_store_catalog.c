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

static void agency_from(void *item, const char **c)
{
    dndn_agency *a = item;

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

static void category_from(void *item, const char **c)
{
    dndn_category *cat = item;

    cat->code = c[0];
    cat->name = c[1];
    cat->description = c[2];
    cat->sort_order = c[3];
}

static void hotline_from(void *item, const char **c)
{
    dndn_hotline *h = item;

    h->id = c[0];
    h->name = c[1];
    h->phone = c[2];
    h->tel = c[3];
    h->hours = c[4];
    h->sort_order = c[5];
    h->agency_code = c[6];
    h->agency_name = c[7];
}

/* Catalogue lists are ordered by (sort_order, key). */
static dndn_rc ordered_page(dndn_db *db, const char *label,
                            const char *after_order, const char *after_key,
                            const char *first_key, int limit, int ncols,
                            int item_size, dndn_row_fn fill, dndn_page *out)
{
    const char *args[4];

    args[0] = args[1] = after_order ? after_order : FIRST_ORDER;
    args[2] = after_key ? after_key : first_key;
    return dndn_select_page(db, label, 4, args, limit, ncols, item_size, fill,
                            out);
}

dndn_rc dndn_store_agencies(dndn_db *db, const char *after_order,
                            const char *after_code, int limit, dndn_page *out)
{
    return ordered_page(db, "dndn_agencies", after_order, after_code, "", limit,
                        9, sizeof(dndn_agency), agency_from, out);
}

dndn_rc dndn_store_agency(dndn_db *db, const char *code, dndn_agency *out)
{
    const char *c[9];
    dndn_rc rc = dndn_select_one(db, "dndn_agency", 1, &code, c, 9);

    if (rc == DNDN_OK) {
        agency_from(out, c);
    }
    return rc;
}

dndn_rc dndn_store_categories(dndn_db *db, const char *after_order,
                              const char *after_code, int limit, dndn_page *out)
{
    return ordered_page(db, "dndn_categories", after_order, after_code, "",
                        limit, 4, sizeof(dndn_category), category_from, out);
}

dndn_rc dndn_store_hotlines(dndn_db *db, const char *after_order,
                            const char *after_id, int limit, dndn_page *out)
{
    return ordered_page(db, "dndn_hotlines", after_order, after_id, "0", limit,
                        8, sizeof(dndn_hotline), hotline_from, out);
}
