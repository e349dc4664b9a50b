/*
 * dndn_store_int.h - what the store's own files (dndn_store*.c) share.
 * Nothing outside the store includes this: the rest of mod_dndn sees only
 * the functions of dndn_store.h.
 */
#ifndef DNDN_STORE_INT_H
#define DNDN_STORE_INT_H

#include "dndn_store.h"

/* A TEXT column read as text of at most `chars` characters, the length
 * every write path validates.  MySQL's client (apr_dbd_mysql) gives each
 * result column a buffer of the column's declared size on every SELECT:
 * 256 KB for a utf8mb4 TEXT, 1 MB (its cap) for a MEDIUMTEXT.  The CAST
 * declares the real bound: the dossier look-up with its note so read
 * went from 2,579-2,724 to 2,783-3,171 a second on MariaDB (three A/B
 * pairs, 100,000 dossiers).  A longer value, which only a hand-written
 * UPDATE could store, would come back cut to `chars`.  SQLite ignores the
 * length. */
#define DNDN_TEXT_UPTO(column, chars)                                          \
    "CAST(" column " AS CHAR(" DNDN_STR(chars) "))"
#define DNDN_STR(x)  DNDN_STR_(x)
#define DNDN_STR_(x) #x

/* Each store file's statements, terminated by {NULL, NULL}. */
extern const dndn_statement dndn_core_statements[];
extern const dndn_statement dndn_catalog_statements[];
extern const dndn_statement dndn_users_statements[];
extern const dndn_statement dndn_content_statements[];
extern const dndn_statement dndn_admin_statements[];
extern const dndn_statement dndn_dossiers_statements[];
extern const dndn_statement dndn_petitions_statements[];
extern const dndn_statement dndn_reports_statements[];
extern const dndn_statement dndn_privacy_statements[];

/* Run a prepared SELECT; read rows with dndn_next_row until it returns 0
 * (the MySQL driver streams results: always read to the end). */
dndn_rc dndn_select(dndn_db *db, const char *label, int nargs,
                    const char **args, apr_dbd_results_t **res);

/* Next row copied into cols[0..n-1] (pool copies; NULL for SQL NULL).
 * Returns 1 with a row, 0 at the end. */
int dndn_next_row(dndn_db *db, apr_dbd_results_t *res, const char **cols,
                  int n);

/* Read what is left of a result. */
void dndn_drain(dndn_db *db, apr_dbd_results_t *res);

/* Run a prepared INSERT/UPDATE/DELETE.  *nrows gets the affected rows
 * (may be NULL).  A unique-key violation gives DNDN_CONFLICT. */
dndn_rc dndn_exec(dndn_db *db, const char *label, int nargs, const char **args,
                  int *nrows);

/* A SELECT expected to give at most one row: DNDN_NOTFOUND when none. */
dndn_rc dndn_select_one(dndn_db *db, const char *label, int nargs,
                        const char **args, const char **cols, int ncols);

/* A fresh page with items of the given size. */
void dndn_page_init(dndn_db *db, dndn_page *out, int item_size);

/* Fill one record from a row's columns. */
typedef void (*dndn_row_fn)(void *item, const char **cols);

/* One page of a keyset-paged SELECT whose LIMIT is its last argument
 * (filled in here with limit + 1 to learn whether more rows follow):
 * args[0..nargs-2] are the caller's, ncols columns per row. */
dndn_rc dndn_select_page(dndn_db *db, const char *label, int nargs,
                         const char **args, int limit, int ncols, int item_size,
                         dndn_row_fn fill, dndn_page *out);

/* 1 when every statement is a round trip to a database server (MariaDB),
 * 0 when the database is in the process (SQLite): where saving a round
 * trip costs work that an in-process statement would not. */
int dndn_store_remote(dndn_db *db);

/* Integer to text for statement arguments. */
const char *dndn_i64(dndn_db *db, apr_int64_t v);

#endif
