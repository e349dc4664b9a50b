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

#endif

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

/* ---- procedure catalogue and posts (dndn_store_content.c) ---- */

/* Active procedures ordered by code, after after_code (NULL: from the
 * start); q (folded words, the last as prefix), agency and level filter
 * when not NULL/empty. */
dndn_rc dndn_store_procedures(dndn_db *db, const char *q, const char *agency,
                              const char *level, const char *after_code,
                              int limit, dndn_page *out);
dndn_rc dndn_store_procedure(dndn_db *db, const char *code,
                             dndn_procedure *out);
/* Full replace or insert of pr (validated) with its search terms, in one
 * transaction; *created tells which. */
dndn_rc dndn_store_procedure_put(dndn_db *db, const dndn_procedure *pr,
                                 apr_int64_t now, int *created);
/* Published posts, newest first (published_at, id), after the cursor
 * (NULL: from the newest); q and category filter when not NULL/empty. */
dndn_rc dndn_store_posts(dndn_db *db, const char *q, const char *category,
                         const char *after_time, const char *after_id,
                         int limit, dndn_page *out);
/* Every post (staff), newest id first. */
dndn_rc dndn_store_posts_all(dndn_db *db, const char *category,
                             const char *after_id, int limit, dndn_page *out);
/* One post, published or not (the caller decides who may see it). */
dndn_rc dndn_store_post(dndn_db *db, const char *id, dndn_post *out);
/* New post from a validated record (created_by set); *id gets its id.
 * idem_ref (or NULL): a reference derived from the caller's
 * Idempotency-Key; when a post made with it less than 24 h ago exists,
 * nothing is created, *id is that post and *replayed is 1. */
dndn_rc dndn_store_post_create(dndn_db *db, const dndn_post *po, int published,
                               apr_int64_t now, const char *idem_ref,
                               const char **id, int *replayed);
/* Full replace of a post; NOTFOUND when there is none. */
dndn_rc dndn_store_post_update(dndn_db *db, const char *id, const dndn_post *po,
                               int published, apr_int64_t now);
/* Take a post off the public lists; NOTFOUND when there is none. */
dndn_rc dndn_store_post_unpublish(dndn_db *db, const char *id, apr_int64_t now);
/* Recompute search_text and the terms of every procedure and post (after
 * `dndnctl demo-data` or a bulk load by SQL). */
dndn_rc dndn_store_search_rebuild(dndn_db *db, int *nprocedures, int *nposts);

/* ---- administration by dndnctl (dndn_store_admin.c) ---- */

/* Add a staff row; CONFLICT when the user name exists. */
dndn_rc dndn_store_staff_add(dndn_db *db, const char *username,
                             const char *password_hash, const char *full_name,
                             const char *role, const char *agency_code,
                             apr_int64_t now);
/* Every staff row, by user name (array of dndn_staff_row). */
dndn_rc dndn_store_staff_list(dndn_db *db, apr_array_header_t **out);
/* Disable a staff account; NOTFOUND when no active row has that name. */
dndn_rc dndn_store_staff_disable(dndn_db *db, const char *username);
/* Store a new key's hash; *id gets its id. */
dndn_rc dndn_store_apikey_create(dndn_db *db, const char *key_hash,
                                 const char *key_prefix, const char *name,
                                 const char *scopes, apr_int64_t now,
                                 const char **id);
/* Every key, by id (array of dndn_apikey_row); never the hash. */
dndn_rc dndn_store_apikey_list(dndn_db *db, apr_array_header_t **out);
/* Revoke a key; NOTFOUND when no unrevoked key has that id. */
dndn_rc dndn_store_apikey_revoke(dndn_db *db, const char *id, apr_int64_t now);
