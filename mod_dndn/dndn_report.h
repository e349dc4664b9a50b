/*
 * dndn_report.h - the figures of the daily report to the People's
 * Committee and of the Business Association's oversight view (pure core:
 * no httpd.h, no SQL).
 *
 * The store (dndn_store_reports.c) runs the aggregations in SQL and feeds
 * their rows in through the functions below; this file owns every rule
 * that turns rows into figures (who a petition is attributed to, on time
 * or late, working hours, rounding, the 90th percentile) and both output
 * formats, JSON and CSV.  The module and `dndnctl report` share it, so the
 * two print the same figures.
 *
 * Definitions (docs/admin.md, "Reports", says the same for readers):
 * - A day is a Vietnam-local day (UTC+7).  The report of day D describes
 *   the state at its end, 23:59:59 of D, or now when D is today.
 * - Open: received, assigned, in progress or returned.  A petition counts
 *   against an agency while it is assigned to it or in progress there;
 *   received and returned ones wait for the coordinating centre
 *   ("unassigned").
 * - Overdue: open, with a deadline before the report's instant.
 * - On time: answered at or before the deadline (end of its last working
 *   day, extension included).
 * - Hours to answer: working hours (whole working days of 24 h, see
 *   dndn_calendar_working_seconds) from the assignment to the answer.
 *   Means and the 90th percentile (nearest rank) are rounded to 0.1 h.
 */
#ifndef DNDN_REPORT_H
#define DNDN_REPORT_H

#include <apr.h>
#include <apr_hash.h>
#include <apr_pools.h>
#include <apr_tables.h>

#include <cjson/cJSON.h>
#include "dndn_calendar.h"
#include "dndn_workflow.h"

/* ---- the daily report ---- */

typedef struct {
    const char *agency, *agency_name;
    apr_int64_t open, overdue, answered_on_time, answered_late;
    apr_int64_t answer_seconds; /* sum over the day's answers */
    apr_int64_t answers_timed;  /* answers with a known assignment time */
} dndn_daily_agency;

typedef struct {
    const char *code, *agency, *title;
    apr_int64_t due_at;
    int days_overdue; /* working days since the deadline */
} dndn_overdue_item;

typedef struct {
    apr_pool_t *pool;
    const dndn_calendar *cal;
    const char *date;         /* "YYYY-MM-DD" */
    apr_int64_t start, as_of; /* first second of the day; the instant */
    apr_int64_t received, assigned, answered; /* events of the day */
    apr_int64_t open, overdue, unassigned;    /* at as_of */
    apr_array_header_t *agencies;             /* of dndn_daily_agency */
    apr_array_header_t *overdue_list;         /* of dndn_overdue_item */
} dndn_daily_report;

/* Outcome of dndn_report_day. */
#define DNDN_REPORT_BAD_DATE (-1) /* not a strict YYYY-MM-DD date */
#define DNDN_REPORT_FUTURE   (-2) /* a day that has not begun yet */

/* The bounds of day `date` seen at `now`: *start its first second, *as_of
 * its last second or now, whichever is earlier.  0, or one of the codes
 * above. */
int dndn_report_day(const char *date, apr_int64_t now, apr_int64_t *start,
                    apr_int64_t *as_of);

/* Same for a range of days from..to (both included, to >= from, at most
 * DNDN_REPORT_MAX_DAYS days): *start the first second of `from`, *end the
 * last second of `to` or now. */
#define DNDN_REPORT_MAX_DAYS  3660
#define DNDN_REPORT_BAD_RANGE (-3)
int dndn_report_range(const char *from, const char *to, apr_int64_t now,
                      apr_int64_t *start, apr_int64_t *end);

/* Today's date in Vietnam, "YYYY-MM-DD". */
const char *dndn_report_today(apr_pool_t *p, apr_int64_t now);
/* The default first day of a range ending on `to`: the first day of its
 * month ("2026-05-17" -> "2026-05-01"); `to` itself when it is not a
 * YYYY-MM-DD text (dndn_report_range then refuses it). */
const char *dndn_report_month_start(apr_pool_t *p, const char *to);

/* A new, empty daily report for a day whose bounds are known. */
dndn_daily_report *dndn_daily_make(apr_pool_t *p, const dndn_calendar *cal,
                                   const char *date, apr_int64_t start,
                                   apr_int64_t as_of);

/* The agency's row, created (with the code as its name) if absent.
 * Agencies listed first keep their order. */
dndn_daily_agency *dndn_daily_agency_of(dndn_daily_report *r, const char *code,
                                        const char *name);

/* Count `n` open petitions in `status` (stored name), `overdue` of them
 * past their deadline, attributed to `agency` (NULL: none). */
void dndn_daily_add_open(dndn_daily_report *r, const char *status,
                         const char *agency, apr_int64_t n,
                         apr_int64_t overdue);

/* One answer of the day by `agency`; assigned_at <= 0 when unknown. */
void dndn_daily_add_answer(dndn_daily_report *r, const char *agency,
                           apr_int64_t assigned_at, apr_int64_t answered_at,
                           apr_int64_t due_at);

/* One overdue petition, open at as_of in `status`. */
void dndn_daily_add_overdue(dndn_daily_report *r, const char *code,
                            const char *status, const char *agency,
                            apr_int64_t due_at, const char *title);

/* Sort the overdue list (longest overdue first, then by code). */
void dndn_daily_finish(dndn_daily_report *r);

cJSON *dndn_daily_json(const dndn_daily_report *r);
/* UTF-8 with a byte order mark, CRLF lines (RFC 4180), for Excel. */
const char *dndn_daily_csv(const dndn_daily_report *r, apr_size_t *len);

/* ---- the oversight view over a range of days ---- */

typedef struct {
    const char *agency, *agency_name; /* NULL agency: the total */
    apr_int64_t petitions;            /* received in the range */
    apr_int64_t by_status[DNDN_ST_COUNT];
    apr_hash_t *by_category; /* code -> apr_int64_t* */
    apr_int64_t answered, answered_on_time, answered_late;
    apr_array_header_t *answer_seconds; /* of apr_int64_t */
} dndn_agency_stats;

typedef struct {
    apr_pool_t *pool;
    const dndn_calendar *cal;
    const char *from, *to;
    apr_int64_t start, end;
    apr_array_header_t *categories; /* of const char*: every category */
    apr_array_header_t *agencies;   /* of dndn_agency_stats */
    dndn_agency_stats total;
} dndn_oversight_report;

dndn_oversight_report *dndn_oversight_make(apr_pool_t *p,
                                           const dndn_calendar *cal,
                                           const char *from, const char *to,
                                           apr_int64_t start, apr_int64_t end);
void dndn_oversight_add_category(dndn_oversight_report *r, const char *code);
dndn_agency_stats *dndn_oversight_agency_of(dndn_oversight_report *r,
                                            const char *code, const char *name);
/* n petitions received in the range, now in `status` (effective status,
 * stored name) and `category`, assigned to `agency` (NULL: none). */
void dndn_oversight_add_petitions(dndn_oversight_report *r, const char *agency,
                                  const char *status, const char *category,
                                  apr_int64_t n);
/* One answer given in the range by `agency`. */
void dndn_oversight_add_answer(dndn_oversight_report *r, const char *agency,
                               apr_int64_t assigned_at, apr_int64_t answered_at,
                               apr_int64_t due_at);
cJSON *dndn_oversight_json(const dndn_oversight_report *r);
const char *dndn_oversight_csv(const dndn_oversight_report *r, apr_size_t *len);

/* ---- helpers, public for the unit tests ---- */

/* seconds / n in hours rounded to 0.1 (half away from zero). */
double dndn_report_hours(apr_int64_t seconds, apr_int64_t n);
/* The p-th percentile (1..100, nearest rank) of v (sorted in place);
 * -1 when v is empty. */
apr_int64_t dndn_report_percentile(apr_array_header_t *v, int p);
/* One CSV field: quoted when needed; text that a spreadsheet would take
 * for a formula (= + - @ tab CR at its start) gets a leading '. */
const char *dndn_csv_field(apr_pool_t *p, const char *s);

#endif
