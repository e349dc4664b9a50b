/*
 * dndnctl_report.c - `dndnctl report daily|agencies`: the reports of the
 * staff surface, printed on standard output for a cron job that mails
 * them.  Same store queries and the same figures (dndn_report.c) as
 * GET /staff/reports/daily and /staff/reports/agencies.
 */
#include <stdio.h>
#include <string.h>

#include <apr_strings.h>
#include <apr_time.h>

#include "dndn_calendar.h"
#include "dndn_json.h"
#include "dndn_report.h"
#include "dndnctl.h"

typedef struct {
    int daily; /* 1 daily, 0 agencies */
    const char *date, *from, *to;
    int csv;
} report_opts;

static void report_usage(FILE *out)
{
    fprintf(out,
            "Usage: dndnctl [OPTIONS] report daily [--date YYYY-MM-DD] "
            "[--format json|csv]\n"
            "       dndnctl [OPTIONS] report agencies [--from YYYY-MM-DD] "
            "[--to YYYY-MM-DD]\n"
            "                                [--format json|csv]\n"
            "\n"
            "Prints the daily report to the People's Committee (default: "
            "today,\n"
            "Vietnam time) or the per-agency oversight view (default: from "
            "the\n"
            "first day of the --to month to --to, itself today by default):\n"
            "the same figures as GET /staff/reports/daily and\n"
            "GET /staff/reports/agencies.  CSV is UTF-8 with a byte order "
            "mark,\n"
            "for Excel.  Example cron line (07:00 every day, yesterday's "
            "report):\n"
            "  0 7 * * * dndnctl --config /etc/apache2/conf-available/"
            "dndn.conf \\\n"
            "    report daily --date $(date -d yesterday +\\%%F) "
            "--format csv\n"
            "Exit codes: 0 printed, 1 database error, 2 usage error (a bad "
            "date),\n"
            "3 the schema is not migrated.\n");
}

/* 0 with o filled; -1 after --help; EXIT_USAGE on an error. */
static int parse_args(int argc, const char *const *argv, report_opts *o)
{
    int i;

    if (argc < 1 || (strcmp(argv[0], "daily") && strcmp(argv[0], "agencies"))) {
        if (argc >= 1 &&
            (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
            report_usage(stdout);
            return -1;
        }
        report_usage(stderr);
        return EXIT_USAGE;
    }
    o->daily = !strcmp(argv[0], "daily");
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            report_usage(stdout);
            return -1;
        }
        if (!v) {
            fprintf(stderr, "dndnctl: %s needs a value (see report --help)\n",
                    a);
            return EXIT_USAGE;
        }
        if (o->daily && !strcmp(a, "--date")) {
            o->date = v;
        }
        else if (!o->daily && !strcmp(a, "--from")) {
            o->from = v;
        }
        else if (!o->daily && !strcmp(a, "--to")) {
            o->to = v;
        }
        else if (!strcmp(a, "--format") &&
                 (!strcmp(v, "csv") || !strcmp(v, "json"))) {
            o->csv = !strcmp(v, "csv");
        }
        else {
            fprintf(stderr, "dndnctl: bad argument %s %s (see report --help)\n",
                    a, v);
            return EXIT_USAGE;
        }
        i++;
    }
    return 0;
}

/* The working-day calendar of the database; NULL on a database error. */
static dndn_calendar *load_calendar(ctl *c)
{
    apr_array_header_t *ignored;
    dndn_calendar *cal;
    int i;

    if (dndn_store_calendar_load(&c->db, &cal, &ignored) != DNDN_OK) {
        return NULL;
    }
    for (i = 0; i < ignored->nelts; i++) {
        const dndn_calendar_day *d =
            &APR_ARRAY_IDX(ignored, i, dndn_calendar_day);
        fprintf(stderr, "dndnctl: calendar row '%s' (%s) ignored\n", d->day,
                d->type);
    }
    return cal;
}

static int bad_date(int why)
{
    fprintf(stderr, "dndnctl: %s\n",
            why == DNDN_REPORT_FUTURE      ? "that day has not begun yet"
            : why == DNDN_REPORT_BAD_RANGE ? "--to is before --from, or the "
                                             "range is too long"
                                           : "dates are written YYYY-MM-DD");
    return EXIT_USAGE;
}

static int print_out(const char *text, apr_size_t len)
{
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout)) {
        fprintf(stderr, "dndnctl: cannot write the report\n");
        return EXIT_DB;
    }
    return 0;
}

static int run_report(ctl *c, const report_opts *o)
{
    apr_int64_t now = apr_time_sec(apr_time_now()), a, b;
    const dndn_calendar *cal;
    const char *text;
    apr_size_t len;
    cJSON *json;
    int why;

    if (o->daily) {
        const char *date = o->date ? o->date : dndn_report_today(c->pool, now);
        dndn_daily_report *r;

        if ((why = dndn_report_day(date, now, &a, &b))) {
            return bad_date(why);
        }
        if (!(cal = load_calendar(c))) {
            goto db_error;
        }
        r = dndn_daily_make(c->pool, cal, date, a, b);
        if (dndn_store_report_daily(&c->db, r) != DNDN_OK) {
            goto db_error;
        }
        json = o->csv ? NULL : dndn_daily_json(r);
        text = o->csv ? dndn_daily_csv(r, &len) : NULL;
    }
    else {
        const char *to = o->to ? o->to : dndn_report_today(c->pool, now);
        const char *from =
            o->from ? o->from : dndn_report_month_start(c->pool, to);
        dndn_oversight_report *r;

        if ((why = dndn_report_range(from, to, now, &a, &b))) {
            return bad_date(why);
        }
        if (!(cal = load_calendar(c))) {
            goto db_error;
        }
        r = dndn_oversight_make(c->pool, cal, from, to, a, b);
        if (dndn_store_report_oversight(&c->db, r, now) != DNDN_OK) {
            goto db_error;
        }
        json = o->csv ? NULL : dndn_oversight_json(r);
        text = o->csv ? dndn_oversight_csv(r, &len) : NULL;
    }
    if (json) {
        text = apr_pstrcat(c->pool, dndn_json_print(c->pool, json, &len), "\n",
                           NULL);
        len = strlen(text);
    }
    return print_out(text, len);

db_error:
    fprintf(stderr, "dndnctl: the report failed: %s\n",
            c->db.error ? c->db.error : "database error");
    return EXIT_DB;
}

int dndnctl_report(ctl *c, int argc, const char *const *argv)
{
    report_opts o;
    apr_pool_t *stmts;
    int rc;

    memset(&o, 0, sizeof(o));
    if ((rc = parse_args(argc, argv, &o))) {
        return rc < 0 ? 0 : rc;
    }
    if (!(rc = dndnctl_open_store(c, &stmts))) {
        rc = run_report(c, &o);
    }
    dndnctl_close_store(c, stmts);
    return rc;
}
