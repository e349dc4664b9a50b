/*
 * mod_dndn_reports.c - the daily report to the People's Committee and
 * the Business Association's oversight view, on the staff surface
 * (coordinators, observers, admins) and the partner surface (scope
 * reports:read).  Figures: dndn_report.c; SQL: dndn_store_reports.c.
 */
#include <string.h>

#include <apr_strings.h>

#include "dndn_report.h"
#include "mod_dndn.h"

#define CSV_TYPE "text/csv; charset=utf-8"

/* Who may read reports: 0, or -1 after a 401/403/503. */
static int may_read_reports(dndn_req *q)
{
    dndn_apikey key;
    dndn_staff s;

    if (q->cfg->surface == DNDN_PARTNER) {
        return dndn_auth_partner(q, "reports:read", &key);
    }
    if (dndn_auth_staff(q, &s)) {
        return -1;
    }
    if (strcmp(s.role, "coordinator") && strcmp(s.role, "observer") &&
        strcmp(s.role, "admin")) {
        dndn_send_problem(q, HTTP_FORBIDDEN, "Không có quyền",
                          "Chỉ điều phối viên, người giám sát hoặc quản trị "
                          "viên được xem báo cáo.",
                          NULL);
        return -1;
    }
    return 0;
}

/* 1 for CSV (?format=csv, or Accept naming text/csv), 0 for JSON, -1
 * after a 400. */
static int wants_csv(dndn_req *q)
{
    const char *f = apr_table_get(q->query, "format");
    const char *accept = apr_table_get(q->r->headers_in, "Accept");

    apr_table_mergen(q->r->headers_out, "Vary", "Accept");
    if (f) {
        if (!strcmp(f, "csv")) {
            return 1;
        }
        if (!strcmp(f, "json")) {
            return 0;
        }
        dndn_send_field_error(q, "format", "invalid_format",
                              "format phải là csv hoặc json.");
        return -1;
    }
    return accept && ap_strcasestr(accept, "text/csv") ? 1 : 0;
}

/* The calendar and the connection; NULL after a 503. */
static dndn_db *report_db(dndn_req *q, const dndn_calendar **cal)
{
    dndn_db *db = dndn_db_get(q);

    if (!db || !(*cal = dndn_calendar_load(q, db))) {
        return NULL;
    }
    return db;
}

static int send_csv(dndn_req *q, const char *name, const char *text,
                    apr_size_t len)
{
    apr_table_setn(
        q->r->headers_out, "Content-Disposition",
        apr_psprintf(q->r->pool, "attachment; filename=\"%s.csv\"", name));
    return dndn_send_text(q, HTTP_OK, CSV_TYPE, text, len);
}

/* A 400 for a refused date or range. */
static int bad_dates(dndn_req *q, int why, const char *field)
{
    switch (why) {
    case DNDN_REPORT_FUTURE:
        return dndn_send_field_error(q, field, "date_in_future",
                                     "Chưa có số liệu cho ngày trong tương "
                                     "lai.");
    case DNDN_REPORT_BAD_RANGE:
        return dndn_send_field_error(
            q, "to", "invalid_range",
            apr_psprintf(q->r->pool,
                         "Ngày kết thúc phải không trước ngày bắt đầu và "
                         "khoảng thời gian không quá %d ngày.",
                         DNDN_REPORT_MAX_DAYS));
    default:
        return dndn_send_field_error(q, field, "invalid_date",
                                     "Ngày phải có dạng YYYY-MM-DD.");
    }
}

static int h_daily(dndn_req *q)
{
    apr_int64_t now = apr_time_sec(apr_time_now()), start, as_of;
    const char *date = apr_table_get(q->query, "date");
    const dndn_calendar *cal = NULL;
    dndn_daily_report *rep;
    apr_size_t len;
    const char *text;
    dndn_db *db;
    int csv, why;

    if (may_read_reports(q) || (csv = wants_csv(q)) < 0) {
        return OK;
    }
    if (!date) {
        date = dndn_report_today(q->r->pool, now);
    }
    if ((why = dndn_report_day(date, now, &start, &as_of))) {
        return bad_dates(q, why, "date");
    }
    if (!(db = report_db(q, &cal))) {
        return OK;
    }
    rep = dndn_daily_make(q->r->pool, cal, date, start, as_of);
    if (dndn_store_report_daily(db, rep) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    if (!csv) {
        return dndn_send_json(q, HTTP_OK, dndn_daily_json(rep), 0);
    }
    text = dndn_daily_csv(rep, &len);
    return send_csv(q, apr_pstrcat(q->r->pool, "bao-cao-ngay-", date, NULL),
                    text, len);
}

static int h_agencies(dndn_req *q)
{
    apr_int64_t now = apr_time_sec(apr_time_now()), start, end;
    const char *from = apr_table_get(q->query, "from");
    const char *to = apr_table_get(q->query, "to");
    const dndn_calendar *cal = NULL;
    dndn_oversight_report *rep;
    apr_size_t len;
    const char *text;
    dndn_db *db;
    int csv, why;

    if (may_read_reports(q) || (csv = wants_csv(q)) < 0) {
        return OK;
    }
    if (!to) {
        to = dndn_report_today(q->r->pool, now);
    }
    if (!from) {
        from = dndn_report_month_start(q->r->pool, to);
    }
    if ((why = dndn_report_range(from, to, now, &start, &end))) {
        const char *field = why == DNDN_REPORT_BAD_RANGE ? "to" : "from";
        dndn_date d;

        if (why == DNDN_REPORT_BAD_DATE && dndn_date_parse(to, &d)) {
            field = "to";
        }
        return bad_dates(q, why, field);
    }
    if (!(db = report_db(q, &cal))) {
        return OK;
    }
    rep = dndn_oversight_make(q->r->pool, cal, from, to, start, end);
    if (dndn_store_report_oversight(db, rep, now) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    if (!csv) {
        return dndn_send_json(q, HTTP_OK, dndn_oversight_json(rep), 0);
    }
    text = dndn_oversight_csv(rep, &len);
    return send_csv(
        q, apr_pstrcat(q->r->pool, "bao-cao-co-quan-", from, "_", to, NULL),
        text, len);
}

const dndn_route dndn_reports_routes[] = {
    {DNDN_STAFF | DNDN_PARTNER, "GET", "/reports/daily", h_daily, 0},
    {DNDN_STAFF | DNDN_PARTNER, "GET", "/reports/agencies", h_agencies, 0},
    {0, NULL, NULL, NULL, 0}};
