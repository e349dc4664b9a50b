/*
 * dndn_store.c - the store layer's common part: the statement registry,
 * running statements through apr_dbd, transactions, migrations.  The
 * statements themselves live in dndn_store_<domain>.c files.
 *
 * No SQL is ever built from request text: values travel only as
 * prepared-statement parameters.  Statements are written once in the
 * dialect SQLite 3.40 and MariaDB 10.11 share (no upsert syntax, no string
 * concatenation, no function one of them lacks: COUNT, SUM, MIN, MAX,
 * REPLACE, SUBSTR and CAST ... AS CHAR are all the store uses; INSERT ...
 * RETURNING, which both have); times are epoch seconds passed in by the
 * caller.
 */
#include <stdlib.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_store_int.h"

/* clang-format off */
const dndn_statement dndn_core_statements[] = {
    {"dndn_ping", "SELECT 1 FROM schema_version WHERE 1 = 0"},
    /* Transactions on MariaDB (dndn_store_begin). */
    {"dndn_begin", "BEGIN"},
    {"dndn_commit", "COMMIT"},
    {"dndn_rollback", "ROLLBACK"},
    {NULL, NULL}};
/* clang-format on */

/* Every statement table; add one line per new store file. */
/* One table per line, so that adding one is one line. */
/* clang-format off */
static const dndn_statement *const statement_tables[] = {
    dndn_core_statements,
    dndn_catalog_statements,
    dndn_users_statements,
    dndn_petitions_statements,
    dndn_reports_statements,
    dndn_dossiers_statements,
    dndn_content_statements,
    dndn_admin_statements,
    dndn_privacy_statements,
    NULL};
/* clang-format on */

const dndn_statement *const *dndn_store_statement_tables(void)
{
    return statement_tables;
}

const char *dndn_store_prepare_all(dndn_db *db, apr_pool_t *conn_pool)
{
    const dndn_statement *const *t;
    const dndn_statement *s;

    db->prepared = apr_hash_make(conn_pool);
    for (t = statement_tables; *t; t++) {
        for (s = *t; s->label; s++) {
            apr_dbd_prepared_t *st = NULL;
            if (apr_dbd_prepare(db->driver, conn_pool, db->handle, s->sql,
                                s->label, &st)) {
                db->error = apr_dbd_error(db->driver, db->handle, 1);
                return s->label;
            }
            apr_hash_set(db->prepared, s->label, APR_HASH_KEY_STRING, st);
        }
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

static void note_error(dndn_db *db, const char *label, int rv)
{
    db->error = apr_pstrcat(db->pool, label, ": ",
                            apr_dbd_error(db->driver, db->handle, rv), NULL);
}

/* Unique-key violations.  MySQL reports ER_DUP_ENTRY; apr_dbd's SQLite
 * driver returns a generic code, so its message tells. */
static int is_duplicate(dndn_db *db, int rv)
{
    const char *name = apr_dbd_name(db->driver);

    if (!strcmp(name, "sqlite3")) {
        const char *msg = apr_dbd_error(db->driver, db->handle, rv);
        return rv == 19 || (msg && strstr(msg, "UNIQUE constraint failed"));
    }
    return rv == 1062;
}

dndn_rc dndn_select(dndn_db *db, const char *label, int nargs,
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
        note_error(db, label, rv);
        return is_duplicate(db, rv) ? DNDN_CONFLICT : DNDN_DBERR;
    }
    return DNDN_OK;
}

int dndn_next_row(dndn_db *db, apr_dbd_results_t *res, const char **cols, int n)
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

void dndn_drain(dndn_db *db, apr_dbd_results_t *res)
{
    apr_dbd_row_t *row = NULL;

    while (apr_dbd_get_row(db->driver, db->pool, res, &row, -1) == 0) {
    }
}

dndn_rc dndn_select_one(dndn_db *db, const char *label, int nargs,
                        const char **args, const char **cols, int ncols)
{
    apr_dbd_results_t *res;
    dndn_rc rc = dndn_select(db, label, nargs, args, &res);

    if (rc != DNDN_OK) {
        return rc;
    }
    rc = DNDN_NOTFOUND;
    if (dndn_next_row(db, res, cols, ncols)) {
        rc = DNDN_OK;
        dndn_drain(db, res);
    }
    return rc;
}

dndn_rc dndn_exec(dndn_db *db, const char *label, int nargs, const char **args,
                  int *nrows)
{
    apr_dbd_prepared_t *st = stmt(db, label);
    int rv, n = 0;

    if (nrows) {
        *nrows = 0;
    }
    if (!st) {
        return DNDN_DBERR;
    }
    rv = apr_dbd_pquery(db->driver, db->pool, db->handle, &n, st, nargs, args);
    if (rv) {
        note_error(db, label, rv);
        return is_duplicate(db, rv) ? DNDN_CONFLICT : DNDN_DBERR;
    }
    if (nrows) {
        *nrows = n;
    }
    return DNDN_OK;
}

void dndn_page_init(dndn_db *db, dndn_page *out, int item_size)
{
    out->items = apr_array_make(db->pool, 16, item_size);
    out->more = 0;
}

dndn_rc dndn_select_page(dndn_db *db, const char *label, int nargs,
                         const char **args, int limit, int ncols, int item_size,
                         dndn_row_fn fill, dndn_page *out)
{
    const char **cols = apr_palloc(db->pool, ncols * sizeof(*cols));
    apr_dbd_results_t *res;
    dndn_rc rc;

    args[nargs - 1] = apr_itoa(db->pool, limit + 1);
    dndn_page_init(db, out, item_size);
    if ((rc = dndn_select(db, label, nargs, args, &res)) != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, cols, ncols)) {
        if (out->items->nelts == limit) {
            out->more = 1; /* keep reading: the result must be drained */
            continue;
        }
        fill(apr_array_push(out->items), cols);
    }
    return DNDN_OK;
}

const char *dndn_i64(dndn_db *db, apr_int64_t v)
{
    return apr_off_t_toa(db->pool, (apr_off_t)v);
}

int dndn_store_remote(dndn_db *db)
{
    return !strcmp(apr_dbd_name(db->driver), "mysql");
}

/* MariaDB's transactions are BEGIN and COMMIT statements: two round
 * trips, where apr_dbd_mysql's take three (autocommit off, COMMIT,
 * autocommit on).  SQLite keeps apr_dbd's BEGIN IMMEDIATE, which takes
 * the write lock at once (a deferred transaction that reads first could
 * not wait for it) and costs no round trip. */
dndn_rc dndn_store_begin(dndn_db *db)
{
    db->tx = NULL;
    db->in_tx = 0;
    if (dndn_store_remote(db)) {
        if (dndn_exec(db, "dndn_begin", 0, NULL, NULL) != DNDN_OK) {
            return DNDN_DBERR;
        }
        db->in_tx = 1;
        return DNDN_OK;
    }
    if (apr_dbd_transaction_start(db->driver, db->pool, db->handle, &db->tx)) {
        db->error = apr_pstrcat(db->pool, "BEGIN: ",
                                apr_dbd_error(db->driver, db->handle, 1), NULL);
        db->tx = NULL;
        return DNDN_DBERR;
    }
    return DNDN_OK;
}

dndn_rc dndn_store_end(dndn_db *db, int commit)
{
    int rv;

    if (db->in_tx) {
        db->in_tx = 0;
        return dndn_exec(db, commit ? "dndn_commit" : "dndn_rollback", 0, NULL,
                         NULL) == DNDN_OK
                   ? DNDN_OK
                   : DNDN_DBERR;
    }
    if (!db->tx) {
        return DNDN_DBERR;
    }
    if (!commit) {
        apr_dbd_transaction_mode_set(db->driver, db->tx,
                                     APR_DBD_TRANSACTION_ROLLBACK);
    }
    rv = apr_dbd_transaction_end(db->driver, db->pool, db->tx);
    db->tx = NULL;
    if (rv) {
        note_error(db, commit ? "COMMIT" : "ROLLBACK", rv);
        return DNDN_DBERR;
    }
    return DNDN_OK;
}

dndn_rc dndn_store_ping(dndn_db *db)
{
    apr_dbd_results_t *res;
    dndn_rc rc = dndn_select(db, "dndn_ping", 0, NULL, &res);

    if (rc == DNDN_OK) {
        dndn_drain(db, res);
    }
    return rc;
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
    while (dndn_next_row(db, res, cols, ncols)) {
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

dndn_rc dndn_store_schema_applied(dndn_db *db, apr_hash_t **applied)
{
    apr_dbd_prepared_t *st = NULL;
    apr_dbd_results_t *res = NULL;
    const char *v;

    *applied = apr_hash_make(db->pool);
    if (apr_dbd_prepare(db->driver, db->pool, db->handle,
                        "SELECT version FROM schema_version", NULL, &st) ||
        apr_dbd_pselect(db->driver, db->pool, db->handle, &res, st, 0, 0,
                        NULL)) {
        /* No table yet: a fresh database. */
        return DNDN_OK;
    }
    while (dndn_next_row(db, res, &v, 1)) {
        if (v) {
            apr_hash_set(*applied, v, APR_HASH_KEY_STRING, v);
        }
    }
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
