/*
 * dndn_store_reports.c - the aggregations behind the daily report and the
 * oversight view.  Every figure is counted in SQL over indexed columns
 * (petition_events (at, action); petitions (status, due_at), (status,
 * closed_at, created_at), and two covering indexes from migration 007:
 * answers by time and arrivals by time, holding every column their
 * queries read, so "answered after T yet created by T" is decided in the
 * index); only one day's answers, or one
 * range's, come back row by row, because their working hours need the
 * calendar.  The rules that turn rows into figures are in dndn_report.c.
 *
 * "Open at instant T" is answered without history tables:
 *   still open now and created by T
 *   + answered after T and created by T
 *   + rejected or withdrawn after T (closed_at) and created by T.
 */
#include <string.h>

#include <apr_strings.h>

#include "dndn_report.h"
#include "dndn_store_int.h"

#define OPEN_STATUSES "('received', 'assigned', 'in_progress', 'returned')"

const dndn_statement dndn_reports_statements[] = {
    {"dndn_report_events",
     "SELECT action, COUNT(*) FROM petition_events WHERE at >= %d AND "
     "at <= %d AND action IN ('submit', 'assign', 'answer') GROUP BY action"},
    /* Open now: status, agency, count, overdue at T. */
    {"dndn_report_open_now",
     "SELECT status, agency_code, COUNT(*), SUM(CASE WHEN due_at < %d THEN 1 "
     "ELSE 0 END) FROM petitions WHERE status IN " OPEN_STATUSES
     " AND created_at <= %d GROUP BY status, agency_code"},
    /* Answered after T: at T it was with its agency if assigned by then,
     * else waiting for the coordinating centre. */
    {"dndn_report_open_answered_later",
     "SELECT CASE WHEN assigned_at <= %d THEN 'assigned' ELSE 'received' END "
     "AS st, agency_code, COUNT(*), SUM(CASE WHEN assigned_at <= %d AND "
     "due_at < %d THEN 1 ELSE 0 END) FROM petitions WHERE answered_at > %d "
     "AND created_at <= %d GROUP BY st, agency_code"},
    /* Rejected or withdrawn after T: received or returned at T. */
    {"dndn_report_open_closed_later",
     "SELECT 'received', NULL, COUNT(*), SUM(CASE WHEN due_at < %d THEN 1 "
     "ELSE 0 END) FROM petitions WHERE status IN ('rejected', 'withdrawn') "
     "AND closed_at > %d AND created_at <= %d"},
    {"dndn_report_answers",
     "SELECT answer_agency, assigned_at, answered_at, due_at FROM petitions "
     "WHERE answered_at >= %d AND answered_at <= %d"},
    {"dndn_report_overdue_now",
     "SELECT code, status, agency_code, due_at, title FROM petitions WHERE "
     "status IN " OPEN_STATUSES " AND due_at < %d AND created_at <= %d"},
    {"dndn_report_overdue_answered_later",
     /* The ids come from the covering index petitions_answered alone;
      * the LIMIT keeps the derived table from being merged into a plan
      * that reads every row answered since T (MariaDB would, for a day
      * long past). */
     "SELECT p.code, 'assigned', p.agency_code, p.due_at, p.title FROM "
     "(SELECT id FROM petitions WHERE answered_at > %d AND assigned_at <= %d "
     "AND due_at < %d AND created_at <= %d LIMIT 1000000000) x JOIN "
     "petitions p ON p.id = x.id"},
    {"dndn_report_overdue_closed_later",
     "SELECT code, 'received', NULL, due_at, title FROM petitions WHERE "
     "status IN "
     "('rejected', 'withdrawn') AND closed_at > %d AND due_at < %d AND "
     "created_at <= %d"},
    {"dndn_report_agencies",
     "SELECT code, name FROM agencies WHERE active = 1 ORDER BY sort_order, "
     "code"},
    {"dndn_report_categories",
     "SELECT code FROM categories WHERE active = 1 ORDER BY sort_order, code"},
    /* Petitions received in a range by agency, effective status (an
     * answer left unrated closes by itself: see dndn_wf_effective) and
     * category. */
    {"dndn_report_received",
     "SELECT agency_code, CASE WHEN status = 'answered' AND answered_at <= %d "
     "THEN 'closed' ELSE status END AS st, category, COUNT(*) FROM petitions "
     "WHERE created_at >= %d AND created_at <= %d GROUP BY agency_code, st, "
     "category"},
    {NULL, NULL}};

static apr_int64_t n64(const char *s)
{
    return s ? apr_atoi64(s) : 0;
}

/* Each row of a statement to a callback. */
typedef void (*row_cb)(void *ctx, const char **cols);

static dndn_rc each_row(dndn_db *db, const char *label, int nargs,
                        const char **args, int ncols, row_cb fn, void *ctx)
{
    apr_dbd_results_t *res;
    const char *c[8];
    dndn_rc rc = dndn_select(db, label, nargs, args, &res);

    if (rc != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, ncols)) {
        fn(ctx, c);
    }
    return DNDN_OK;
}

static void daily_agency(void *r, const char **c)
{
    dndn_daily_agency_of(r, c[0], c[1]);
}

static void daily_answer(void *r, const char **c)
{
    dndn_daily_add_answer(r, c[0], n64(c[1]), n64(c[2]), n64(c[3]));
}

static void oversight_agency(void *r, const char **c)
{
    dndn_oversight_agency_of(r, c[0], c[1]);
}

static void oversight_answer(void *r, const char **c)
{
    dndn_oversight_add_answer(r, c[0], n64(c[1]), n64(c[2]), n64(c[3]));
}

static void oversight_category(void *r, const char **c)
{
    dndn_oversight_add_category(r, c[0]);
}

static void oversight_received(void *r, const char **c)
{
    dndn_oversight_add_petitions(r, c[0], c[1], c[2], n64(c[3]));
}

/* Answers given in [from, to]. */
static dndn_rc answers(dndn_db *db, apr_int64_t from, apr_int64_t to, row_cb fn,
                       void *r)
{
    const char *args[2];

    args[0] = dndn_i64(db, from);
    args[1] = dndn_i64(db, to);
    return each_row(db, "dndn_report_answers", 2, args, 4, fn, r);
}

static void daily_event_row(void *ctx, const char **c)
{
    dndn_daily_report *r = ctx;
    apr_int64_t n = n64(c[1]);

    if (!strcmp(c[0], "submit")) {
        r->received = n;
    }
    else if (!strcmp(c[0], "assign")) {
        r->assigned = n;
    }
    else {
        r->answered = n;
    }
}

static void daily_open_row(void *r, const char **c)
{
    dndn_daily_add_open(r, c[0], c[1], n64(c[2]), n64(c[3]));
}

static void daily_overdue_row(void *r, const char **c)
{
    dndn_daily_add_overdue(r, c[0], c[1], c[2], n64(c[3]), c[4]);
}

/* Open and overdue petitions at r->as_of, both ways: the counts and the
 * list.  Every statement of each trio gives the same columns. */
static dndn_rc daily_open(dndn_db *db, dndn_daily_report *r)
{
    static const char *const counts[] = {"dndn_report_open_now",
                                         "dndn_report_open_answered_later",
                                         "dndn_report_open_closed_later"};
    static const char *const lists[] = {"dndn_report_overdue_now",
                                        "dndn_report_overdue_answered_later",
                                        "dndn_report_overdue_closed_later"};
    static const int nargs[][3] = {{2, 5, 3}, {2, 4, 3}};
    const char *t = dndn_i64(db, r->as_of), *args[5];
    dndn_rc rc = DNDN_OK;
    int i;

    args[0] = args[1] = args[2] = args[3] = args[4] = t;
    for (i = 0; i < 3 && rc == DNDN_OK; i++) {
        rc = each_row(db, counts[i], nargs[0][i], args, 4, daily_open_row, r);
    }
    for (i = 0; i < 3 && rc == DNDN_OK; i++) {
        rc = each_row(db, lists[i], nargs[1][i], args, 5, daily_overdue_row, r);
    }
    dndn_daily_finish(r);
    return rc;
}

dndn_rc dndn_store_report_daily(dndn_db *db, dndn_daily_report *r)
{
    const char *args[2];
    dndn_rc rc;

    args[0] = dndn_i64(db, r->start);
    args[1] = dndn_i64(db, r->as_of);
    if ((rc = each_row(db, "dndn_report_agencies", 0, NULL, 2, daily_agency,
                       r)) != DNDN_OK ||
        (rc = each_row(db, "dndn_report_events", 2, args, 2, daily_event_row,
                       r)) != DNDN_OK ||
        (rc = answers(db, r->start, r->as_of, daily_answer, r)) != DNDN_OK) {
        return rc;
    }
    return daily_open(db, r);
}

dndn_rc dndn_store_report_oversight(dndn_db *db, dndn_oversight_report *r,
                                    apr_int64_t now)
{
    const char *args[3];
    dndn_rc rc;

    if ((rc = each_row(db, "dndn_report_agencies", 0, NULL, 2, oversight_agency,
                       r)) != DNDN_OK ||
        (rc = each_row(db, "dndn_report_categories", 0, NULL, 1,
                       oversight_category, r)) != DNDN_OK) {
        return rc;
    }
    /* Unrated answers older than this count as closed. */
    args[0] = dndn_i64(db, now - dndn_wf_autoclose_at(0));
    args[1] = dndn_i64(db, r->start);
    args[2] = dndn_i64(db, r->end);
    if ((rc = each_row(db, "dndn_report_received", 3, args, 4,
                       oversight_received, r)) != DNDN_OK) {
        return rc;
    }
    return answers(db, r->start, r->end, oversight_answer, r);
}
