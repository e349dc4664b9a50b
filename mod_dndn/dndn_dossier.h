/*
 * dndn_dossier.h - administrative dossiers (hồ sơ thủ tục hành chính)
 * pushed by the province's one-stop system: validation of what partners
 * send, the public view's masking of the applicant, the overdue rule and
 * the JSON views.  Pure core: no httpd.h.
 */
#ifndef DNDN_DOSSIER_H
#define DNDN_DOSSIER_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <cjson/cJSON.h>

#include "dndn_core.h"

#define DNDN_DOSSIER_CODE_MAX 64
#define DNDN_DOSSIER_NAME_MAX 255
#define DNDN_DOSSIER_STEP_MAX 255
#define DNDN_DOSSIER_NOTE_MAX 2000
#define DNDN_DOSSIER_PROC_MAX 64
/* The longest steps text (dndn_dossier_steps_json) stored with a
 * dossier, in bytes; a longer timeline is read from its steps each time. */
#define DNDN_DOSSIER_STEPS_JSON_MAX 8000

/* A dossier as stored.  Times are epoch seconds; finished_at is 0 when
 * the dossier is not finished; source_updated_at is the partner's own
 * updated_at (the version used by the stale-update rule). */
typedef struct {
    const char *code, *procedure_code, *status, *applicant_name,
        *applicant_phone, *applicant_tax_code;
    apr_int64_t received_at, due_at, finished_at, source_updated_at;
    apr_int64_t created_at, updated_at;
} dndn_dossier;

/* One step of a dossier's timeline; note may be NULL. */
typedef struct {
    const char *id;
    apr_int64_t at;
    const char *step, *agency, *note;
} dndn_dossier_event;

/* The fields of a dossier as text, as a partner or a foreign database
 * sends them (NULL = absent).  Times are RFC 3339. */
typedef struct {
    const char *procedure_code, *status, *applicant_name, *applicant_phone,
        *applicant_tax_code, *received_at, *due_at, *finished_at, *updated_at;
} dndn_dossier_text;

/* Nonzero when status is one of received, processing, need_supplement,
 * done, result_returned, refused. */
int dndn_dossier_status_valid(const char *status);

/* Receipt code: 1..64 characters of A-Z a-z 0-9 . _ -.  Adds an error on
 * field "code" and returns nonzero when invalid. */
int dndn_dossier_check_code(apr_pool_t *p, apr_array_header_t *errs,
                            const char *code);

/* Members of a JSON body as text; a member of the wrong type adds an
 * "invalid_type" error. */
void dndn_dossier_text_from_json(apr_pool_t *p, const cJSON *body,
                                 apr_array_header_t *errs,
                                 dndn_dossier_text *out);

/*
 * Validate a dossier: procedure_code required (1..64, one line); status in
 * the list; applicant_name 1..255; applicant_phone (dndn_check_phone) and
 * applicant_tax_code (dndn_check_tax_code) optional (NULL or blank =
 * absent); received_at, due_at, updated_at required RFC 3339, finished_at
 * optional; due_at >= received_at.  Every failing field is reported.
 * Returns nonzero when errs holds any error (including those of
 * dndn_dossier_text_from_json); otherwise *out is the clean
 * record (NFC text, canonical phone and tax code; created_at/updated_at 0).
 */
int dndn_dossier_validate(apr_pool_t *p, const char *code,
                          const dndn_dossier_text *in, apr_array_header_t *errs,
                          dndn_dossier *out);

/* A foreign database's time as RFC 3339: "YYYY-MM-DD HH:MM:SS" (or with
 * a 'T') without an offset is Vietnam local time and gets "+07:00";
 * anything else is returned as it is (and validated later).  NULL stays
 * NULL. */
const char *dndn_dossier_time_text(apr_pool_t *p, const char *s);

/* Validate an event body {at, step 1..255, agency 1..255, note? <= 2000};
 * nonzero when errs holds any error. */
int dndn_dossier_event_from_json(apr_pool_t *p, const cJSON *body,
                                 apr_array_header_t *errs,
                                 dndn_dossier_event *out);

/* "Nguyễn Văn An" -> "Nguyễn V. A.": the first word (the family name)
 * whole, then the upper-case initial and a dot of every other word.  The
 * input is NFC-normalised first (NFD input gives the same result); a
 * single word stays as it is; NULL, blank or undecodable input -> "". */
const char *dndn_dossier_mask_name(apr_pool_t *p, const char *name);

/* Puts a timeline (an array of dndn_dossier_event) in its order: by time,
 * then by id (the order the steps were stored in).  The store reads the
 * steps unordered: ordering a dossier's few steps here spares the
 * database a sort (on MariaDB a temporary table on disk, because of the
 * TEXT columns). */
void dndn_dossier_events_sort(apr_array_header_t *steps);

/* Overdue: not finished and now > due_at, or finished after due_at. */
int dndn_dossier_overdue(const dndn_dossier *d, apr_int64_t now);

/* Nonzero when a and b hold the same partner data (ignores code,
 * created_at and updated_at). */
int dndn_dossier_same(const dndn_dossier *a, const dndn_dossier *b);

/* The views are written straight to JSON text (dndn_jw): the public one
 * answers every look-up.  len may be NULL. */

/* The partner's view: every field, applicant unmasked. */
const char *dndn_dossier_partner_json(apr_pool_t *p, const dndn_dossier *d,
                                      apr_int64_t now, apr_size_t *len);

/* The public view's "steps": a JSON array of the steps (an array of
 * dndn_dossier_event, put in timeline order here; NULL = none).  The
 * store keeps this text with the dossier (dossiers.steps_json), so a
 * change to what a step shows needs a migration that sets steps_json to
 * NULL (dndnctl fill-steps then writes them again). */
const char *dndn_dossier_steps_json(apr_pool_t *p, apr_array_header_t *steps,
                                    apr_size_t *len);

/* The public view: applicant masked, no phone or tax code; steps_json is
 * the text of dndn_dossier_steps_json (steps_len bytes). */
const char *dndn_dossier_public_json(apr_pool_t *p, const dndn_dossier *d,
                                     const char *steps_json,
                                     apr_size_t steps_len, apr_int64_t now,
                                     apr_size_t *len);

const char *dndn_dossier_event_json(apr_pool_t *p, const dndn_dossier_event *e,
                                    apr_size_t *len);

#endif
