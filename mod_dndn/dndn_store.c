/*
 * dndn_store.c - every SQL statement of mod_dndn, and the code that runs
 * them through apr_dbd prepared statements.  No SQL is ever built from
 * request text: values travel only as statement parameters.
 *
 * Rules for the statements: the dialect shared by SQLite 3.40 and
 * MariaDB 10.11 (no upsert syntax, no string concatenation, no engine
 * functions); times are epoch seconds passed in by the caller.
 */
#include <stdlib.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_store.h"

/* Keyset "first page" values: below any sort_order in use. */
#define FIRST_ORDER "-1000000000"

static const dndn_statement statements[] = {
    {"dndn_ping", "SELECT 1 FROM schema_version WHERE 1 = 0"},
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

const dndn_statement *dndn_store_statements(void)
{
    return statements;
}

const char *dndn_store_prepare_all(dndn_db *db, apr_pool_t *conn_pool)
{
    const dndn_statement *s;

    db->prepared = apr_hash_make(conn_pool);
    for (s = statements; s->label; s++) {
        apr_dbd_prepared_t *st = NULL;
        if (apr_dbd_prepare(db->driver, conn_pool, db->handle, s->sql, s->label,
                            &st)) {
            db->error = apr_dbd_error(db->driver, db->handle, 1);
            return s->label;
        }
        apr_hash_set(db->prepared, s->label, APR_HASH_KEY_STRING, st);
    }
    return NULL;
}

static apr_dbd_prepared_t *stmt(dndn_db *db, const char *label)
{
    apr_dbd_prepared_t *st =
        apr_hash_get(db->prepared, label, APR_HASH_KEY_STRING);
    if (!st) {
        db->error = apr_psprintf(db->pool, "statement %s not prepared", label);
    }
    return st;
}

/* Run a SELECT; rows are read with next_row() and must be drained. */
static dndn_rc select_rows(dndn_db *db, const char *label, int nargs,
                           const char **args, apr_dbd_results_t **res)
{
    apr_dbd_prepared_t *st = stmt(db, label);
    int rv;

    *res = NULL;
    if (!st) {
        return DNDN_DBERR;
    }
    rv = apr_dbd_pselect(db->driver, db->pool, db->handle, res, st, 0, nargs,
                         args);
    if (rv) {
        db->error =
            apr_pstrcat(db->pool, label, ": ",
                        apr_dbd_error(db->driver, db->handle, rv), NULL);
        return DNDN_DBERR;
    }
    return DNDN_OK;
}

/* Next row copied into cols[0..n-1] (pool copies: the MySQL driver reuses
 * its buffers between rows).  Returns 1 with a row, 0 at the end. */
static int next_row(dndn_db *db, apr_dbd_results_t *res, const char **cols,
                    int n)
{
    apr_dbd_row_t *row = NULL;
    int i;

    if (apr_dbd_get_row(db->driver, db->pool, res, &row, -1) != 0) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        const char *v = apr_dbd_get_entry(db->driver, row, i);
        cols[i] = v ? apr_pstrdup(db->pool, v) : NULL;
    }
    return 1;
}

/* Read what is left so that the connection is free for the next query. */
static void drain(dndn_db *db, apr_dbd_results_t *res)
{
    apr_dbd_row_t *row = NULL;

    while (apr_dbd_get_row(db->driver, db->pool, res, &row, -1) == 0) {
    }
}

dndn_rc dndn_store_ping(dndn_db *db)
{
    apr_dbd_results_t *res;
    dndn_rc rc = select_rows(db, "dndn_ping", 0, NULL, &res);

    if (rc == DNDN_OK) {
        drain(db, res);
    }
    return rc;
}

static void page_init(dndn_db *db, dndn_page *out, int size)
{
    out->items = apr_array_make(db->pool, 16, size);
    out->more = 0;
}

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
    page_init(db, out, sizeof(dndn_agency));
    if ((rc = select_rows(db, "dndn_agencies", 4, args, &res)) != DNDN_OK) {
        return rc;
    }
    while (next_row(db, res, c, 9)) {
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

    if ((rc = select_rows(db, "dndn_agency", 1, &code, &res)) != DNDN_OK) {
        return rc;
    }
    rc = DNDN_NOTFOUND;
    while (next_row(db, res, c, 9)) {
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
    page_init(db, out, sizeof(dndn_category));
    if ((rc = select_rows(db, "dndn_categories", 4, args, &res)) != DNDN_OK) {
        return rc;
    }
    while (next_row(db, res, c, 4)) {
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
    page_init(db, out, sizeof(dndn_hotline));
    if ((rc = select_rows(db, "dndn_hotlines", 4, args, &res)) != DNDN_OK) {
        return rc;
    }
    while (next_row(db, res, c, 8)) {
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

/* ---------- migrations ---------- */

static dndn_rc select_adhoc(dndn_db *db, const char *sql, int nargs,
                            const char **args, const char **cols, int ncols,
                            int *found)
{
    apr_dbd_prepared_t *st = NULL;
    apr_dbd_results_t *res = NULL;
    int rv;

    *found = 0;
    rv = apr_dbd_prepare(db->driver, db->pool, db->handle, sql, NULL, &st);
    if (!rv) {
        rv = apr_dbd_pselect(db->driver, db->pool, db->handle, &res, st, 0,
                             nargs, args);
    }
    if (rv) {
        db->error = apr_dbd_error(db->driver, db->handle, rv);
        return DNDN_DBERR;
    }
    while (next_row(db, res, cols, ncols)) {
        *found = 1;
    }
    return DNDN_OK;
}

dndn_rc dndn_store_schema_version(dndn_db *db, int *version)
{
    const char *v = NULL;
    int found;

    *version = 0;
    if (select_adhoc(db, "SELECT MAX(version) FROM schema_version", 0, NULL, &v,
                     1, &found) != DNDN_OK) {
        /* No table yet: a fresh database. */
        return DNDN_OK;
    }
    *version = (found && v) ? atoi(v) : 0;
    return DNDN_OK;
}

dndn_rc dndn_store_schema_record(dndn_db *db, int version, const char *name,
                                 apr_int64_t now)
{
    apr_dbd_prepared_t *st = NULL;
    const char *args[3];
    int rv, nrows = 0;

    args[0] = apr_itoa(db->pool, version);
    args[1] = name;
    args[2] = apr_off_t_toa(db->pool, (apr_off_t)now);
    rv = apr_dbd_prepare(db->driver, db->pool, db->handle,
                         "INSERT INTO schema_version (version, name, "
                         "applied_at) VALUES (%d, %s, %d)",
                         NULL, &st);
    if (!rv) {
        rv = apr_dbd_pquery(db->driver, db->pool, db->handle, &nrows, st, 3,
                            args);
    }
    if (rv) {
        db->error = apr_dbd_error(db->driver, db->handle, rv);
        return DNDN_DBERR;
    }
    return DNDN_OK;
}

dndn_rc dndn_store_exec_script(dndn_db *db, const char *sql)
{
    int nrows = 0;
    int rv = apr_dbd_query(db->driver, db->handle, &nrows, sql);

    if (rv) {
        db->error = apr_dbd_error(db->driver, db->handle, rv);
        return DNDN_DBERR;
    }
    return DNDN_OK;
}

dndn_rc dndn_store_count_agencies(dndn_db *db, int *n)
{
    const char *v = NULL;
    int found;
    dndn_rc rc = select_adhoc(db, "SELECT COUNT(*) FROM agencies", 0, NULL, &v,
                              1, &found);

    *n = (found && v) ? atoi(v) : 0;
    return rc;
}
