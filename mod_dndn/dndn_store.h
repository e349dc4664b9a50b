/*
 * dndn_store.h - the store layer: every SQL statement of mod_dndn lives in
 * dndn_store.c, prepared under a "dndn_" label.  It speaks apr_dbd only,
 * so the Apache module (connections from mod_dbd) and dndnctl (its own
 * connection) run the very same statements on SQLite and MySQL/MariaDB.
 * The SQL is written once, in the dialect both engines share.
 */
#ifndef DNDN_STORE_H
#define DNDN_STORE_H

#include <apr_dbd.h>
#include <apr_hash.h>
#include <apr_pools.h>
#include <apr_tables.h>

#include "dndn_model.h"

typedef struct {
    apr_pool_t *pool; /* where results are copied: the request's pool */
    const apr_dbd_driver_t *driver;
    apr_dbd_t *handle;
    apr_hash_t *prepared; /* label -> apr_dbd_prepared_t* */
    const char *error;    /* last database error text, for the log only */
} dndn_db;

typedef enum {
    DNDN_OK = 0,
    DNDN_NOTFOUND = 1,
    DNDN_CONFLICT = 2,
    DNDN_DBERR = -1
} dndn_rc;

typedef struct {
    const char *label;
    const char *sql;
} dndn_statement;

/* All statements, terminated by a {NULL, NULL} entry. */
const dndn_statement *dndn_store_statements(void);

/* Prepare every statement on a connection of our own (dndnctl).
 * Returns the label that failed, or NULL on success. */
const char *dndn_store_prepare_all(dndn_db *db, apr_pool_t *conn_pool);

/* A page of a list: items plus whether more exist. */
typedef struct {
    apr_array_header_t *items; /* of record structs */
    int more;                  /* 1 when another page follows */
} dndn_page;

dndn_rc dndn_store_ping(dndn_db *db);

/* Catalogue, ordered by (sort_order, key); after_* are the keyset cursor
 * values of the previous page's last item, or NULL for the first page. */
dndn_rc dndn_store_agencies(dndn_db *db, const char *after_order,
                            const char *after_code, int limit, dndn_page *out);
dndn_rc dndn_store_agency(dndn_db *db, const char *code, dndn_agency *out);
dndn_rc dndn_store_categories(dndn_db *db, const char *after_order,
                              const char *after_code, int limit,
                              dndn_page *out);
dndn_rc dndn_store_hotlines(dndn_db *db, const char *after_order,
                            const char *after_id, int limit, dndn_page *out);

#endif

/* ---- schema migrations (dndnctl) ----
 * These work before the schema exists, so they prepare ad hoc rather
 * than through dndn_store_prepare_all. */

/* Highest applied migration, 0 when the schema_version table is absent. */
dndn_rc dndn_store_schema_version(dndn_db *db, int *version);
/* Record that migration `version` (file `name`) was applied at `now`. */
dndn_rc dndn_store_schema_record(dndn_db *db, int version, const char *name,
                                 apr_int64_t now);
/* Run one statement of a trusted script shipped with mod_dndn (sql/). */
dndn_rc dndn_store_exec_script(dndn_db *db, const char *sql);
/* Number of agencies (to tell whether demo data is loaded). */
dndn_rc dndn_store_count_agencies(dndn_db *db, int *n);
