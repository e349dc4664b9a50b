/*
 * dndn_store_dossiers.c - dossiers pushed by partner systems (and by
 * dndnctl import-dossiers) and their timeline.
 */
#include <stdlib.h>
#include <string.h>

#include <apr_hash.h>
#include <apr_strings.h>

#include "dndn_store_int.h"

#define DOSSIER_COLS                                                           \
    "code, procedure_code, status, applicant_name, applicant_phone, "          \
    "applicant_tax_code, received_at, due_at, finished_at, "                   \
    "source_updated_at, created_at, updated_at"
#define DOSSIER_NCOLS 12

/* The public look-up: one row, its steps as the view's JSON text
 * (migration 011) read through a CAST to the longest stored, so that the
 * MySQL driver's buffer is that long and not a TEXT's 256 KB.  Only what
 * the public view shows is read: never the applicant's phone or tax
 * code. */
/* clang-format off */
#define DOSSIER_LOOKUP                                                         \
    "SELECT code, procedure_code, status, applicant_name, received_at, "      \
    "due_at, finished_at, "                                                    \
    DNDN_TEXT_UPTO("steps_json", DNDN_DOSSIER_STEPS_JSON_MAX)                  \
    " FROM dossiers WHERE code = %s"
#define DOSSIER_LOOKUP_NCOLS 8
/* A step's columns, as event_from_row reads them. */
#define STEP_COLS                                                              \
    "id, at, step, agency, " DNDN_TEXT_UPTO("note", DNDN_DOSSIER_NOTE_MAX)
#define DOSSIER_STEPS                                                          \
    "SELECT " STEP_COLS " FROM dossier_events WHERE dossier_code = %s"
#define DOSSIER_STEPS_RANGE                                                    \
    "SELECT dossier_code, " STEP_COLS " FROM dossier_events "                  \
    "WHERE dossier_code >= %s AND dossier_code <= %s"
/* clang-format on */

const dndn_statement dndn_dossiers_statements[] = {
    {"dndn_dossier_get",
     "SELECT " DOSSIER_COLS " FROM dossiers WHERE code = %s"},
    {"dndn_dossier_update",
     "UPDATE dossiers SET procedure_code = %s, status = %s, applicant_name = "
     "%s, applicant_phone = %s, applicant_tax_code = %s, received_at = %d, "
     "due_at = %d, finished_at = %d, source_updated_at = %d, updated_at = %d "
     "WHERE code = %s AND source_updated_at <= %d"},
    /* A new dossier has no steps: its steps text is an empty array. */
    {"dndn_dossier_insert",
     "INSERT INTO dossiers (procedure_code, status, applicant_name, "
     "applicant_phone, applicant_tax_code, received_at, due_at, finished_at, "
     "source_updated_at, updated_at, code, created_at, steps_json) VALUES "
     "(%s, %s, %s, %s, %s, %d, %d, %d, %d, %d, %s, %d, '[]')"},
    {"dndn_dossier_lookup", DOSSIER_LOOKUP},
    {"dndn_dossier_steps", DOSSIER_STEPS},
    {"dndn_dossier_steps_touch",
     "UPDATE dossiers SET steps_json = NULL, steps_version = steps_version "
     "+ 1 WHERE code = %s"},
    {"dndn_dossier_steps_version",
     "SELECT steps_version FROM dossiers WHERE code = %s"},
    {"dndn_dossier_steps_set",
     "UPDATE dossiers SET steps_json = %s WHERE code = %s AND "
     "steps_version = %d"},
    {"dndn_dossier_steps_missing",
     "SELECT code, steps_version FROM dossiers WHERE steps_json IS NULL AND "
     "code > %s ORDER BY code LIMIT %d"},
    {"dndn_dossier_steps_range", DOSSIER_STEPS_RANGE},
    {"dndn_dossier_event_get",
     "SELECT id, at, step, agency, note FROM dossier_events WHERE "
     "dossier_code = %s AND at = %d AND step = %s"},
    {"dndn_dossier_event_insert",
     "INSERT INTO dossier_events (dossier_code, at, step, agency, note, "
     "created_at) VALUES (%s, %d, %s, %s, %s, %d)"},
    {NULL, NULL}};

static void dossier_from_row(const char **c, dndn_dossier *d)
{
    d->code = c[0];
    d->procedure_code = c[1];
    d->status = c[2];
    d->applicant_name = c[3];
    d->applicant_phone = c[4];
    d->applicant_tax_code = c[5];
    d->received_at = dndn_num(c[6]);
    d->due_at = dndn_num(c[7]);
    d->finished_at = dndn_num(c[8]);
    d->source_updated_at = dndn_num(c[9]);
    d->created_at = dndn_num(c[10]);
    d->updated_at = dndn_num(c[11]);
}

dndn_rc dndn_store_dossier_get(dndn_db *db, const char *code, dndn_dossier *out)
{
    const char *c[DOSSIER_NCOLS];
    dndn_rc rc =
        dndn_select_one(db, "dndn_dossier_get", 1, &code, c, DOSSIER_NCOLS);

    if (rc == DNDN_OK) {
        dossier_from_row(c, out);
    }
    return rc;
}

/* The arguments shared by the UPDATE and the INSERT (first ten). */
static void dossier_args(dndn_db *db, const dndn_dossier *d, apr_int64_t now,
                         const char **a)
{
    a[0] = d->procedure_code;
    a[1] = d->status;
    a[2] = d->applicant_name;
    a[3] = d->applicant_phone;
    a[4] = d->applicant_tax_code;
    a[5] = dndn_i64(db, d->received_at);
    a[6] = dndn_i64(db, d->due_at);
    a[7] = d->finished_at ? dndn_i64(db, d->finished_at) : NULL;
    a[8] = dndn_i64(db, d->source_updated_at);
    a[9] = dndn_i64(db, now);
}

/* Compare with the stored row, then UPDATE (guarded by the version, so a
 * newer row written meanwhile is never overwritten) or INSERT. */
dndn_rc dndn_store_dossier_upsert(dndn_db *db, const dndn_dossier *d,
                                  apr_int64_t now, dndn_upsert *outcome,
                                  dndn_dossier *stored)
{
    const char *a[12];
    dndn_rc rc = dndn_store_dossier_get(db, d->code, stored);
    int n = 0;

    if (rc == DNDN_OK && stored->source_updated_at > d->source_updated_at) {
        *outcome = DNDN_UPSERT_STALE;
        return DNDN_OK;
    }
    if (rc == DNDN_OK && dndn_dossier_same(stored, d)) {
        *outcome = DNDN_UPSERT_UNCHANGED;
        return DNDN_OK;
    }
    if (rc != DNDN_OK && rc != DNDN_NOTFOUND) {
        return rc;
    }
    dossier_args(db, d, now, a);
    a[10] = d->code;
    if (rc == DNDN_OK) {
        a[11] = a[8];
        rc = dndn_exec(db, "dndn_dossier_update", 12, a, &n);
        *outcome = n ? DNDN_UPSERT_UPDATED : DNDN_UPSERT_STALE;
    }
    else {
        a[11] = a[9];
        rc = dndn_exec(db, "dndn_dossier_insert", 12, a, NULL);
        *outcome = DNDN_UPSERT_INSERTED;
    }
    if (rc != DNDN_OK) {
        return rc;
    }
    return dndn_store_dossier_get(db, d->code, stored);
}

dndn_rc dndn_store_dossier_put(dndn_db *db, const dndn_dossier *d,
                               apr_int64_t now, dndn_upsert *outcome,
                               dndn_dossier *stored)
{
    dndn_rc rc = DNDN_DBERR;
    int attempt;

    /* A concurrent first push of the same code may insert between our
     * read and our INSERT: the unique key stops it, the transaction is
     * rolled back, and the second attempt sees the row. */
    for (attempt = 0; attempt < 2; attempt++) {
        if ((rc = dndn_store_begin(db)) != DNDN_OK) {
            return rc;
        }
        rc = dndn_store_dossier_upsert(db, d, now, outcome, stored);
        if (rc == DNDN_OK) {
            return dndn_store_end(db, 1);
        }
        dndn_store_end(db, 0);
        if (rc != DNDN_CONFLICT) {
            return rc;
        }
    }
    return rc;
}

static void event_from_row(const char **c, dndn_dossier_event *e)
{
    e->id = c[0];
    e->at = dndn_num(c[1]);
    e->step = c[2];
    e->agency = c[3];
    e->note = c[4];
}

static dndn_rc event_get(dndn_db *db, const char *code,
                         const dndn_dossier_event *e, dndn_dossier_event *out)
{
    const char *a[3], *c[5];
    dndn_rc rc;

    a[0] = code;
    a[1] = dndn_i64(db, e->at);
    a[2] = e->step;
    rc = dndn_select_one(db, "dndn_dossier_event_get", 3, a, c, 5);
    if (rc == DNDN_OK) {
        event_from_row(c, out);
    }
    return rc;
}

/* In the caller's transaction: the dossier's row is locked first (its
 * steps text cleared, its steps_version counted up: what migration 012's
 * triggers do for any writer), so that two steps added at once to one
 * dossier queue there.  On MariaDB each insert would otherwise share-lock
 * the row for the foreign key and then, in the trigger, wait for the
 * other's share lock: a deadlock. */
static dndn_rc event_add_locked(dndn_db *db, const char *code,
                                const dndn_dossier_event *e, apr_int64_t now,
                                int *created, dndn_dossier_event *stored)
{
    const char *a[6];
    int n = 0;
    dndn_rc rc = dndn_exec(db, "dndn_dossier_steps_touch", 1, &code, &n);

    if (rc != DNDN_OK) {
        return rc;
    }
    if (n == 0) {
        return DNDN_NOTFOUND;
    }
    rc = event_get(db, code, e, stored);
    if (rc != DNDN_NOTFOUND) {
        return rc;
    }
    a[0] = code;
    a[1] = dndn_i64(db, e->at);
    a[2] = e->step;
    a[3] = e->agency;
    a[4] = e->note;
    a[5] = dndn_i64(db, now);
    if ((rc = dndn_exec(db, "dndn_dossier_event_insert", 6, a, NULL)) !=
        DNDN_OK) {
        return rc;
    }
    *created = 1;
    return event_get(db, code, e, stored);
}

dndn_rc dndn_store_dossier_event_add(dndn_db *db, const char *code,
                                     const dndn_dossier_event *e,
                                     apr_int64_t now, int *created,
                                     dndn_dossier_event *stored)
{
    dndn_rc rc = DNDN_DBERR;
    int attempt;

    /* CONFLICT: the same step was inserted meanwhile by a writer that did
     * not lock the dossier first; the second attempt finds it. */
    for (attempt = 0; attempt < 2; attempt++) {
        *created = 0;
        if ((rc = dndn_store_begin(db)) != DNDN_OK) {
            return rc;
        }
        rc = event_add_locked(db, code, e, now, created, stored);
        if (rc == DNDN_OK && *created) {
            return dndn_store_end(db, 1);
        }
        /* Not found, already there, or failed: nothing to keep. */
        dndn_store_end(db, 0);
        if (rc != DNDN_CONFLICT) {
            return rc;
        }
    }
    return rc;
}

/* A dossier's steps, as stored (dndn_dossier_steps_json orders them). */
static dndn_rc steps_read(dndn_db *db, const char *code,
                          apr_array_header_t **steps)
{
    apr_dbd_results_t *res;
    const char *c[5];
    dndn_rc rc = dndn_select(db, "dndn_dossier_steps", 1, &code, &res);

    if (rc != DNDN_OK) {
        return rc;
    }
    *steps = apr_array_make(db->pool, 8, sizeof(dndn_dossier_event));
    while (dndn_next_row(db, res, c, 5)) {
        event_from_row(c, apr_array_push(*steps));
    }
    return DNDN_OK;
}

dndn_rc dndn_store_dossier_lookup(dndn_db *db, const char *code,
                                  dndn_dossier *out, const char **steps_json,
                                  apr_size_t *steps_len)
{
    const char *c[DOSSIER_LOOKUP_NCOLS];
    apr_array_header_t *steps;
    dndn_rc rc = dndn_select_one(db, "dndn_dossier_lookup", 1, &code, c,
                                 DOSSIER_LOOKUP_NCOLS);

    if (rc != DNDN_OK) {
        return rc;
    }
    memset(out, 0, sizeof(*out));
    out->code = c[0];
    out->procedure_code = c[1];
    out->status = c[2];
    out->applicant_name = c[3];
    out->received_at = dndn_num(c[4]);
    out->due_at = dndn_num(c[5]);
    out->finished_at = dndn_num(c[6]);
    if (c[7]) {
        *steps_json = c[7];
        *steps_len = strlen(c[7]);
        return DNDN_OK;
    }
    if ((rc = steps_read(db, code, &steps)) != DNDN_OK) {
        return rc;
    }
    *steps_json = dndn_dossier_steps_json(db->pool, steps, steps_len);
    return DNDN_OK;
}

/* Store the text of a dossier's steps, read after its steps_version:
 * a change to the steps committed after that read counts the version up
 * (migration 012's triggers, or the lock of event_add_locked), and the
 * guarded UPDATE then changes nothing.  That holds inside a transaction
 * too (dndn_store_dossier_steps_fill): InnoDB's UPDATE compares with the
 * latest committed version, whatever the transaction's snapshot. */
static dndn_rc steps_store(dndn_db *db, const char *code, const char *version,
                           apr_array_header_t *steps, int *written)
{
    const char *a[3];
    apr_size_t len = 0;
    int n = 0;
    dndn_rc rc;

    *written = 0;
    a[0] = dndn_dossier_steps_json(db->pool, steps, &len);
    if (len > DNDN_DOSSIER_STEPS_JSON_MAX) {
        return DNDN_OK;
    }
    a[1] = code;
    a[2] = version;
    rc = dndn_exec(db, "dndn_dossier_steps_set", 3, a, &n);
    *written = n > 0;
    return rc;
}

dndn_rc dndn_store_dossier_steps_refresh(dndn_db *db, const char *code,
                                         int *written)
{
    const char *version;
    apr_array_header_t *steps;
    int w = 0;
    dndn_rc rc = dndn_select_one(db, "dndn_dossier_steps_version", 1, &code,
                                 &version, 1);

    if (rc == DNDN_OK && (rc = steps_read(db, code, &steps)) == DNDN_OK) {
        rc = steps_store(db, code, version, steps, &w);
    }
    if (written) {
        *written = w;
    }
    return rc;
}

typedef struct {
    const char *code, *version;
    apr_array_header_t *steps;
} fill_item;

/* A batch is read in two statements (the dossiers with their versions,
 * then every step in their range of codes, steps of dossiers that have
 * their text already included), so that each dossier costs only its
 * UPDATE: on MariaDB a third of the round trips of a refresh each. */
dndn_rc dndn_store_dossier_steps_fill(dndn_db *db, const char *after, int limit,
                                      int *seen, int *written,
                                      const char **last)
{
    apr_dbd_results_t *res;
    apr_array_header_t *items =
        apr_array_make(db->pool, limit, sizeof(fill_item));
    apr_hash_t *by_code = apr_hash_make(db->pool);
    const char *a[2], *c[6];
    fill_item *it;
    dndn_rc rc;
    int i, w;

    *seen = *written = 0;
    a[0] = after;
    a[1] = dndn_i64(db, limit);
    if ((rc = dndn_store_begin(db)) != DNDN_OK) {
        return rc;
    }
    rc = dndn_select(db, "dndn_dossier_steps_missing", 2, a, &res);
    while (rc == DNDN_OK && dndn_next_row(db, res, c, 2)) {
        it = apr_array_push(items);
        it->code = c[0];
        it->version = c[1];
        it->steps = apr_array_make(db->pool, 8, sizeof(dndn_dossier_event));
        apr_hash_set(by_code, it->code, APR_HASH_KEY_STRING, it);
    }
    if (rc == DNDN_OK && items->nelts) {
        a[0] = APR_ARRAY_IDX(items, 0, fill_item).code;
        a[1] = APR_ARRAY_IDX(items, items->nelts - 1, fill_item).code;
        rc = dndn_select(db, "dndn_dossier_steps_range", 2, a, &res);
        while (rc == DNDN_OK && dndn_next_row(db, res, c, 6)) {
            if ((it = apr_hash_get(by_code, c[0], APR_HASH_KEY_STRING))) {
                event_from_row(c + 1, apr_array_push(it->steps));
            }
        }
    }
    for (i = 0; rc == DNDN_OK && i < items->nelts; i++) {
        it = &APR_ARRAY_IDX(items, i, fill_item);
        rc = steps_store(db, it->code, it->version, it->steps, &w);
        *written += w;
        *last = it->code;
    }
    if (rc != DNDN_OK) {
        dndn_store_end(db, 0);
        *written = 0;
        return rc;
    }
    *seen = items->nelts;
    return dndn_store_end(db, 1);
}
