/*
 * dndn_store_dossiers.c - dossiers pushed by partner systems (and by
 * dndnctl import-dossiers) and their timeline.
 */
#include <stdlib.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_store_int.h"

#define DOSSIER_COLS                                                           \
    "code, procedure_code, status, applicant_name, applicant_phone, "          \
    "applicant_tax_code, received_at, due_at, finished_at, "                   \
    "source_updated_at, created_at, updated_at"
#define DOSSIER_NCOLS 12

/* The public look-up in one round trip: a row for the dossier (kind 'd')
 * and one per step (kind 's'), each with only its own columns, where a
 * join repeated the dossier's on every step (the kind is text: SQLite
 * hands every value over as text, and an integer costs a conversion).
 * Only what the public view shows is read: never the applicant's phone
 * or tax code. */
/* clang-format off */
#define DOSSIER_LOOKUP                                                         \
    "SELECT 'd', code, procedure_code, status, applicant_name, "               \
    "received_at, due_at, finished_at FROM dossiers WHERE code = %s "          \
    "UNION ALL "                                                               \
    "SELECT 's', id, at, step, agency, "                                       \
    DNDN_TEXT_UPTO("note", DNDN_DOSSIER_NOTE_MAX) ", NULL, NULL "              \
    "FROM dossier_events WHERE dossier_code = %s"
#define DOSSIER_LOOKUP_NCOLS 8
/* clang-format on */

const dndn_statement dndn_dossiers_statements[] = {
    {"dndn_dossier_get",
     "SELECT " DOSSIER_COLS " FROM dossiers WHERE code = %s"},
    {"dndn_dossier_update",
     "UPDATE dossiers SET procedure_code = %s, status = %s, applicant_name = "
     "%s, applicant_phone = %s, applicant_tax_code = %s, received_at = %d, "
     "due_at = %d, finished_at = %d, source_updated_at = %d, updated_at = %d "
     "WHERE code = %s AND source_updated_at <= %d"},
    {"dndn_dossier_insert",
     "INSERT INTO dossiers (procedure_code, status, applicant_name, "
     "applicant_phone, applicant_tax_code, received_at, due_at, finished_at, "
     "source_updated_at, updated_at, code, created_at) VALUES (%s, %s, %s, "
     "%s, %s, %d, %d, %d, %d, %d, %s, %d)"},
    {"dndn_dossier_lookup", DOSSIER_LOOKUP},
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

dndn_rc dndn_store_dossier_event_add(dndn_db *db, const char *code,
                                     const dndn_dossier_event *e,
                                     apr_int64_t now, int *created,
                                     dndn_dossier_event *stored)
{
    dndn_dossier d;
    const char *a[6];
    dndn_rc rc = dndn_store_dossier_get(db, code, &d);

    *created = 0;
    if (rc != DNDN_OK) {
        return rc;
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
    rc = dndn_exec(db, "dndn_dossier_event_insert", 6, a, NULL);
    if (rc != DNDN_OK && rc != DNDN_CONFLICT) {
        return rc;
    }
    /* CONFLICT: the same event arrived concurrently; report that one. */
    *created = rc == DNDN_OK;
    return event_get(db, code, e, stored);
}

dndn_rc dndn_store_dossier_lookup(dndn_db *db, const char *code,
                                  dndn_dossier *out, apr_array_header_t **steps)
{
    apr_dbd_results_t *res;
    const char *args[2] = {code, code};
    const char *c[DOSSIER_LOOKUP_NCOLS];
    dndn_rc rc = dndn_select(db, "dndn_dossier_lookup", 2, args, &res);
    int found = 0;

    if (rc != DNDN_OK) {
        return rc;
    }
    memset(out, 0, sizeof(*out));
    *steps = apr_array_make(db->pool, 8, sizeof(dndn_dossier_event));
    while (dndn_next_row(db, res, c, DOSSIER_LOOKUP_NCOLS)) {
        if (c[0] && c[0][0] == 'd') {
            out->code = c[1];
            out->procedure_code = c[2];
            out->status = c[3];
            out->applicant_name = c[4];
            out->received_at = dndn_num(c[5]);
            out->due_at = dndn_num(c[6]);
            out->finished_at = dndn_num(c[7]);
            found = 1;
        }
        else {
            event_from_row(c + 1, apr_array_push(*steps));
        }
    }
    dndn_dossier_events_sort(*steps);
    return found ? DNDN_OK : DNDN_NOTFOUND;
}
