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
#include "dndn_report.h"

typedef struct {
    apr_pool_t *pool; /* where results are copied: the request's pool */
    const apr_dbd_driver_t *driver;
    apr_dbd_t *handle;
    apr_hash_t *prepared;      /* label -> apr_dbd_prepared_t* */
    const char *error;         /* last database error text, for the log only */
    apr_dbd_transaction_t *tx; /* open apr_dbd transaction, or NULL */
    int in_tx;                 /* 1 in a transaction begun by statement */
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
/* A change of a user's profile (PUT /me, the Zalo phone exchange).
 * phone_op: 0 keep the phone, 1 set `phone` with consent for
 * `phone_purpose` (recorded in consents unless the same number already
 * rests on a consent), -1 remove it (recording the withdrawal).
 * enterprise_op: 0 keep, 1 set tax_code and enterprise_name, -1 remove. */
typedef struct {
    const char *name; /* NULL: keep */
    int phone_op;
    const char *phone, *phone_purpose;
    int enterprise_op;
    const char *tax_code, *enterprise_name;
} dndn_user_change;
/* Apply a change in one transaction and return the updated row.
 * NOTFOUND when the user no longer exists. */
dndn_rc dndn_store_user_change(dndn_db *db, const char *id,
                               const dndn_user_change *ch, apr_int64_t now,
                               dndn_user *out);
/* Staff: an active staff row by user name. */
dndn_rc dndn_store_staff_get(dndn_db *db, const char *username,
                             dndn_staff *out);

/* Partner keys: an unrevoked key by the SHA-256 hex of its text; records
 * the time of use (to the minute). */
dndn_rc dndn_store_apikey_get(dndn_db *db, const char *key_hash,
                              apr_int64_t now, dndn_apikey *out);

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

/* ---- schema migrations (dndnctl) ----
 * These work before the schema exists, so they prepare ad hoc rather
 * than through dndn_store_prepare_all. */

/* Highest applied migration, 0 when the schema_version table is absent. */
dndn_rc dndn_store_schema_version(dndn_db *db, int *version);
/* The set of applied migration versions (keys: decimal text). */
dndn_rc dndn_store_schema_applied(dndn_db *db, apr_hash_t **applied);
/* Record that migration `version` (file `name`) was applied at `now`. */
dndn_rc dndn_store_schema_record(dndn_db *db, int version, const char *name,
                                 apr_int64_t now);
/* Run one statement of a trusted script shipped with mod_dndn (sql/). */
dndn_rc dndn_store_exec_script(dndn_db *db, const char *sql);
/* Number of agencies (to tell whether demo data is loaded). */
dndn_rc dndn_store_count_agencies(dndn_db *db, int *n);

/* ---- petitions (dndn_store_petitions.c) ---- */

/* Idempotency-Key lifetime, seconds. */
#define DNDN_IDEM_TTL (24 * 3600)
/* Words of a Q&A query that are looked up (the rest are ignored). */
#define DNDN_QA_MAX_TERMS 6

/* Filters of the staff list; NULL/0 means "any". */
typedef struct {
    const char *status, *agency, *kind;
    int overdue;      /* only open petitions past due_at < now */
    apr_int64_t now;  /* for overdue */
    const char *like; /* LIKE pattern on search_text */
} dndn_petition_filter;

/* One row of the calendar table. */
typedef struct {
    const char *day, *type, *name;
} dndn_calendar_day;

dndn_rc dndn_store_petition_get(dndn_db *db, const char *code,
                                dndn_petition *out);
/* The user's petitions, newest first, optionally of one status. */
dndn_rc dndn_store_petitions_of_user(dndn_db *db, const char *user_id,
                                     const char *status, const char *after_id,
                                     int limit, dndn_page *out);
/* Petitions changed after (after_updated, after_id), oldest change first
 * (partner systems' incremental reads). */
dndn_rc dndn_store_petitions_updated(dndn_db *db, const char *after_updated,
                                     const char *after_id, int limit,
                                     dndn_page *out);
dndn_rc dndn_store_petitions_staff(dndn_db *db, const dndn_petition_filter *f,
                                   const char *after_id, int limit,
                                   dndn_page *out);
/* Published petitions with consent; patterns: LIKE patterns matched
 * against qa_terms (at most DNDN_QA_MAX_TERMS, all must match). */
dndn_rc dndn_store_qa(dndn_db *db, const char *category,
                      const char *const *patterns, int npatterns,
                      const char *after_id, int limit, dndn_page *out);
/* The petition code remembered for (user, Idempotency-Key) since
 * `since`; NOTFOUND when none. */
dndn_rc dndn_store_idem_get(dndn_db *db, const char *user_id, const char *key,
                            apr_int64_t since, const char **code);
/* A petition to create. */
typedef struct {
    const dndn_petition *in; /* user_id, author_name, kind, title, content,
                                category, proposed_agency, enterprise_*,
                                contact_phone, public_consent */
    const char *idem_key;    /* Idempotency-Key, or NULL */
    const char *search_text; /* folded title and content */
    apr_int64_t now;
    apr_int64_t quota_since; /* start of the user's (local) day */
    int quota;               /* petitions allowed since quota_since */
    int over_quota;          /* out: 1 when refused for the quota */
    int bad_category;        /* out: 1 when in->category is not an active
                                category (checked by the INSERT itself) */
    dndn_petition created;   /* out: the stored petition, when DNDN_OK */
} dndn_submission;

/* Create a petition with its code from the year's counter, its first
 * event and its Idempotency-Key, in one transaction (retried when two
 * nodes create the year's counter row at once).  *code gets the new code.
 * DNDN_CONFLICT when the key was used meanwhile (then *code is the first
 * petition's); DNDN_OK with over_quota set when the quota was reached,
 * or else bad_category when the category is not an active one (nothing
 * stored either way); DNDN_DBERR, *code NULL, after four conflicts that
 * were not the key's. */
dndn_rc dndn_store_petition_create(dndn_db *db, dndn_submission *sub,
                                   const char **code);
/* Move `old` to the state `nw` (status and workflow fields) if nobody
 * changed it meanwhile (same status and version), with its event; when
 * set_terms, replace its Q&A terms by `terms` (const char *, may be NULL
 * to clear).  DNDN_CONFLICT when the row changed meanwhile. */
dndn_rc dndn_store_petition_update(dndn_db *db, const dndn_petition *old,
                                   const dndn_petition *nw,
                                   const dndn_petition_event *ev, int set_terms,
                                   const apr_array_header_t *terms);
/* An event that changes nothing else (a note). */
dndn_rc dndn_store_petition_note(dndn_db *db, const char *petition_id,
                                 const dndn_petition_event *ev);
/* The history, oldest first (dndn_petition_event). */
dndn_rc dndn_store_petition_events(dndn_db *db, const char *petition_id,
                                   apr_array_header_t **out);
/* OK when an active category has this code, else NOTFOUND. */
dndn_rc dndn_store_category_exists(dndn_db *db, const char *code);
/* Calendar rows (dndn_calendar_day) with from <= day <= to, or all of
 * them when from is NULL. */
dndn_rc dndn_store_calendar(dndn_db *db, const char *from, const char *to,
                            apr_array_header_t **out);
/* The whole calendar table as a core calendar (from db->pool), for
 * deadlines and working hours; rows it cannot use (a bad date or type)
 * are left out and listed in *ignored (dndn_calendar_day). */
dndn_rc dndn_store_calendar_load(dndn_db *db, dndn_calendar **out,
                                 apr_array_header_t **ignored);
/* Set one day's mark (upsert). */
dndn_rc dndn_store_calendar_put(dndn_db *db, const dndn_calendar_day *d);

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
 * is 0 and *stored is the existing one.  A transaction of its own, which
 * first locks the dossier's row and clears its steps text: call
 * dndn_store_dossier_steps_refresh after it to write the text again. */
dndn_rc dndn_store_dossier_event_add(dndn_db *db, const char *code,
                                     const dndn_dossier_event *e,
                                     apr_int64_t now, int *created,
                                     dndn_dossier_event *stored);
/* A dossier as the public sees it (code, procedure, status, applicant's
 * name and times; the rest zero) and its steps as the public view's JSON
 * array (dndn_dossier_steps_json): the text stored with the dossier, or,
 * when there is none (not written yet, or cleared by a change to the
 * steps), made from the steps themselves. */
dndn_rc dndn_store_dossier_lookup(dndn_db *db, const char *code,
                                  dndn_dossier *out, const char **steps_json,
                                  apr_size_t *steps_len);
/* Store a dossier's steps text (dossiers.steps_json) made from its steps
 * as they are now.  Nothing is written when the steps change meanwhile
 * (the text stays NULL, and the writer of the change writes it) or when
 * the text is longer than DNDN_DOSSIER_STEPS_JSON_MAX.  *written (may be
 * NULL) is 1 when a row changed.  DNDN_NOTFOUND without the dossier. */
dndn_rc dndn_store_dossier_steps_refresh(dndn_db *db, const char *code,
                                         int *written);
/* One batch of dndnctl fill-steps: the steps text of up to `limit`
 * dossiers without one whose code sorts after `after` ("" first), in one
 * transaction.  *seen counts them (0: done), *written those stored,
 * *last is the last code seen (the next batch's `after`). */
dndn_rc dndn_store_dossier_steps_fill(dndn_db *db, const char *after, int limit,
                                      int *seen, int *written,
                                      const char **last);

/* ---- reports (dndn_store_reports.c; figures in dndn_report.c) ---- */

/* Fill a daily report made by dndn_daily_make (its calendar included). */
dndn_rc dndn_store_report_daily(dndn_db *db, dndn_daily_report *r);
/* Fill an oversight report made by dndn_oversight_make; `now` decides
 * which unrated answers have closed by themselves. */
dndn_rc dndn_store_report_oversight(dndn_db *db, dndn_oversight_report *r,
                                    apr_int64_t now);
/* ---- personal data (dndn_store_privacy.c) ---- */

/* Every consent record of a user, oldest first (dndn_consent). */
dndn_rc dndn_store_consents(dndn_db *db, const char *user_id,
                            apr_array_header_t **out);
/* The user row's last change (epoch seconds as text). */
dndn_rc dndn_store_user_updated_at(dndn_db *db, const char *user_id,
                                   const char **updated_at);
/* Delete an account, in one transaction: the consents in force get a
 * withdrawal record (the history stays as proof); the user's name becomes
 * DNDN_DELETED_USER_NAME and their phone, Zalo id and enterprise go; their
 * petitions lose contact phone, enterprise and publication (Q&A terms
 * too) but stay for statistics; their Idempotency-Keys go; the row is
 * marked deleted so that dndn_store_user_get no longer finds it.
 * NOTFOUND when there is no such (undeleted) user. */
dndn_rc dndn_store_user_delete(dndn_db *db, const char *id, apr_int64_t now);
/* Record staff reads of personal data (dndn_access_entry), all or none. */
dndn_rc dndn_store_access_log_add(dndn_db *db,
                                  const apr_array_header_t *entries);
/* The access log, newest first, with from <= at <= to, of one staff user
 * when staff is not NULL; after (at, id) of the previous page's last
 * entry, or NULL for the first page. */
dndn_rc dndn_store_access_log(dndn_db *db, const char *staff, apr_int64_t from,
                              apr_int64_t to, const char *after_at,
                              const char *after_id, int limit, dndn_page *out);

#endif
