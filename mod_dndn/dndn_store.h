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

#include "dndn_dossier.h"
#include "dndn_model.h"

typedef struct {
    apr_pool_t *pool; /* where results are copied: the request's pool */
    const apr_dbd_driver_t *driver;
    apr_dbd_t *handle;
    apr_hash_t *prepared;      /* label -> apr_dbd_prepared_t* */
    const char *error;         /* last database error text, for the log only */
    apr_dbd_transaction_t *tx; /* open transaction, or NULL */
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

/* Every statement table of the store (NULL-terminated list of tables,
 * each terminated by a {NULL, NULL} entry). */
const dndn_statement *const *dndn_store_statement_tables(void);

/* Prepare every statement on a connection of our own (dndnctl).
 * Returns the label that failed, or NULL on success. */
const char *dndn_store_prepare_all(dndn_db *db, apr_pool_t *conn_pool);

/* A page of a list: items plus whether more exist. */
typedef struct {
    apr_array_header_t *items; /* of record structs */
    int more;                  /* 1 when another page follows */
} dndn_page;

dndn_rc dndn_store_ping(dndn_db *db);

/* Transactions: every write that must be all-or-nothing runs between
 * begin and end; end(db, 0) rolls back.  An error inside makes the
 * driver roll back at end whatever is asked. */
dndn_rc dndn_store_begin(dndn_db *db);
dndn_rc dndn_store_end(dndn_db *db, int commit);

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

/* Users: look up by id (text), NOTFOUND when absent or deleted. */
dndn_rc dndn_store_user_get(dndn_db *db, const char *id, dndn_user *out);
/* Sign-in: find the user of (provider, subject), or create it with this
 * name; return the row. */
dndn_rc dndn_store_user_signin(dndn_db *db, const char *provider,
                               const char *subject, const char *name,
                               apr_int64_t now, dndn_user *out);
/* Staff: an active staff row by user name. */
dndn_rc dndn_store_staff_get(dndn_db *db, const char *username,
                             dndn_staff *out);

/* Partner keys: an unrevoked key by the SHA-256 hex of its text; records
 * the time of use (to the minute). */
dndn_rc dndn_store_apikey_get(dndn_db *db, const char *key_hash,
                              apr_int64_t now, dndn_apikey *out);

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

/* ---- dossiers (dndn_store_dossiers.c) ---- */

/* What an upsert did: a new row, a changed row, the same version again
 * (nothing to change), or an older version than the stored one (ignored). */
typedef enum {
    DNDN_UPSERT_INSERTED,
    DNDN_UPSERT_UPDATED,
    DNDN_UPSERT_UNCHANGED,
    DNDN_UPSERT_STALE
} dndn_upsert;

dndn_rc dndn_store_dossier_get(dndn_db *db, const char *code,
                               dndn_dossier *out);
/* Upsert a validated dossier inside the caller's transaction: an update
 * whose source_updated_at is older than the stored one changes nothing.
 * *stored gets the row as it is afterwards.  DNDN_CONFLICT when another
 * writer inserted the same code meanwhile (the transaction is spoilt). */
dndn_rc dndn_store_dossier_upsert(dndn_db *db, const dndn_dossier *d,
                                  apr_int64_t now, dndn_upsert *outcome,
                                  dndn_dossier *stored);
/* The same in a transaction of its own, retried once on DNDN_CONFLICT. */
dndn_rc dndn_store_dossier_put(dndn_db *db, const dndn_dossier *d,
                               apr_int64_t now, dndn_upsert *outcome,
                               dndn_dossier *stored);
/* Add an event to a dossier (DNDN_NOTFOUND when the dossier does not
 * exist); an event with the same (at, step) is not added twice: *created
 * is 0 and *stored is the existing one. */
dndn_rc dndn_store_dossier_event_add(dndn_db *db, const char *code,
                                     const dndn_dossier_event *e,
                                     apr_int64_t now, int *created,
                                     dndn_dossier_event *stored);
/* A dossier and its steps (dndn_dossier_event) in time order. */
dndn_rc dndn_store_dossier_lookup(dndn_db *db, const char *code,
                                  dndn_dossier *out,
                                  apr_array_header_t **steps);
/* Count one look-up by client in the window starting at window_start;
 * *hits gets the count so far, this one included.  Windows older than
 * five minutes are deleted when a client opens a new one. */
dndn_rc dndn_store_lookup_hit(dndn_db *db, const char *client,
                              apr_int64_t window_start, int *hits);

#endif
