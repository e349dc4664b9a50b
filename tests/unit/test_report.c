/*
 * test_report.c - unit tests of dndn_report (Check): rounding, the
 * percentile, CSV fields, day bounds, attribution and both formats.
 * Calendar: the holidays of late April 2026 (Sun 26/4 and Mon 27/4,
 * Thu 30/4, Fri 1/5); the report day is Mon 4/5/2026.
 */
#include <check.h>
#include <string.h>

#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "dndn_json.h"
#include "dndn_report.h"
#include "dndn_time.h"

Suite *dndn_report_suite(void);

static apr_pool_t *pool;

static void setup(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
    apr_terminate();
}

/* Epoch seconds of 2026-mm-dd hh:mi Vietnam time. */
static apr_int64_t vn(int m, int d, int hh, int mi)
{
    return dndn_local_day_start(dndn_days_from_civil(2026, m, d)) + hh * 3600 +
           mi * 60;
}

static dndn_calendar *may_2026(void)
{
    dndn_calendar *c = dndn_calendar_make(pool);

    ck_assert_int_eq(dndn_calendar_set_str(c, "2026-04-26", "holiday"), 0);
    ck_assert_int_eq(dndn_calendar_set_str(c, "2026-04-27", "holiday"), 0);
    ck_assert_int_eq(dndn_calendar_set_str(c, "2026-04-30", "holiday"), 0);
    ck_assert_int_eq(dndn_calendar_set_str(c, "2026-05-01", "holiday"), 0);
    return c;
}

START_TEST(hours_round_half_up_to_a_tenth)
{
    ck_assert(dndn_report_hours(0, 1) == 0.0);
    ck_assert(dndn_report_hours(3600, 1) == 1.0);
    ck_assert(dndn_report_hours(180, 1) == 0.1);      /* exactly 0.05 h up */
    ck_assert(dndn_report_hours(179, 1) == 0.0);      /* 0.0497 h */
    ck_assert(dndn_report_hours(808200, 2) == 112.3); /* 112.25 h */
    ck_assert(dndn_report_hours(1002600, 3) == 92.8); /* 92.83 h */
    ck_assert(dndn_report_hours(-180, 1) == -0.1);
    ck_assert(dndn_report_hours(3600, 0) == 0.0); /* no division by 0 */
}
END_TEST

static apr_array_header_t *values(int n, const apr_int64_t *v)
{
    apr_array_header_t *a = apr_array_make(pool, n, sizeof(apr_int64_t));
    int i;

    for (i = 0; i < n; i++) {
        APR_ARRAY_PUSH(a, apr_int64_t) = v[i];
    }
    return a;
}

START_TEST(percentile_is_nearest_rank)
{
    static const apr_int64_t ten[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    static const apr_int64_t two[] = {175, 49};
    static const apr_int64_t eleven[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

    ck_assert_int_eq(dndn_report_percentile(values(10, ten), 90), 9);
    ck_assert_int_eq(dndn_report_percentile(values(10, ten), 100), 10);
    ck_assert_int_eq(dndn_report_percentile(values(10, ten), 1), 1);
    ck_assert_int_eq(dndn_report_percentile(values(2, two), 90), 175);
    ck_assert_int_eq(dndn_report_percentile(values(2, two), 50), 49);
    /* ceil(0.9 * 11) = 10th value */
    ck_assert_int_eq(dndn_report_percentile(values(11, eleven), 90), 10);
    ck_assert_int_eq(dndn_report_percentile(values(0, ten), 90), -1);
    ck_assert_int_eq(dndn_report_percentile(NULL, 90), -1);
}
END_TEST

START_TEST(csv_fields_are_quoted_and_defused)
{
    ck_assert_str_eq(dndn_csv_field(pool, "Sở Tài chính"), "Sở Tài chính");
    ck_assert_str_eq(dndn_csv_field(pool, NULL), "");
    ck_assert_str_eq(dndn_csv_field(pool, "a,b"), "\"a,b\"");
    ck_assert_str_eq(dndn_csv_field(pool, "say \"hi\""), "\"say \"\"hi\"\"\"");
    ck_assert_str_eq(dndn_csv_field(pool, "two\nlines"), "\"two\nlines\"");
    /* Spreadsheet formulas in user text are neutralised. */
    ck_assert_str_eq(dndn_csv_field(pool, "=HYPERLINK(\"x\")"),
                     "\"'=HYPERLINK(\"\"x\"\")\"");
    ck_assert_str_eq(dndn_csv_field(pool, "+84912"), "\"'+84912\"");
    ck_assert_str_eq(dndn_csv_field(pool, "-1"), "\"'-1\"");
    ck_assert_str_eq(dndn_csv_field(pool, "@SUM(A1)"), "\"'@SUM(A1)\"");
    ck_assert_str_eq(dndn_csv_field(pool, "1-2"), "1-2");
}
END_TEST

START_TEST(day_bounds)
{
    apr_int64_t start = 0, as_of = 0, now = vn(5, 6, 12, 0);

    ck_assert_int_eq(dndn_report_day("2026-05-04", now, &start, &as_of), 0);
    ck_assert_int_eq(start, vn(5, 4, 0, 0));
    ck_assert_int_eq(as_of, vn(5, 4, 23, 59) + 59);
    /* Today: up to now. */
    ck_assert_int_eq(dndn_report_day("2026-05-06", now, &start, &as_of), 0);
    ck_assert_int_eq(as_of, now);
    ck_assert_int_eq(dndn_report_day("2026-05-07", now, &start, &as_of),
                     DNDN_REPORT_FUTURE);
    ck_assert_int_eq(dndn_report_day("2026-02-29", now, &start, &as_of),
                     DNDN_REPORT_BAD_DATE);
    ck_assert_int_eq(dndn_report_day("2026-5-04", now, &start, &as_of),
                     DNDN_REPORT_BAD_DATE);
    ck_assert_int_eq(dndn_report_day(NULL, now, &start, &as_of),
                     DNDN_REPORT_BAD_DATE);
    ck_assert_str_eq(dndn_report_today(pool, now), "2026-05-06");
    ck_assert_str_eq(dndn_report_today(pool, vn(5, 6, 0, 0) - 1), "2026-05-05");
    ck_assert_str_eq(dndn_report_month_start(pool, "2026-05-17"), "2026-05-01");
    ck_assert_str_eq(dndn_report_month_start(pool, "tomorrow"), "tomorrow");
}
END_TEST

START_TEST(range_bounds)
{
    apr_int64_t a = 0, b = 0, now = vn(5, 6, 12, 0);

    ck_assert_int_eq(dndn_report_range("2026-04-20", "2026-05-04", now, &a, &b),
                     0);
    ck_assert_int_eq(a, vn(4, 20, 0, 0));
    ck_assert_int_eq(b, vn(5, 4, 23, 59) + 59);
    ck_assert_int_eq(dndn_report_range("2026-05-01", "2026-05-31", now, &a, &b),
                     0);
    ck_assert_int_eq(b, now);
    ck_assert_int_eq(dndn_report_range("2026-05-04", "2026-05-04", now, &a, &b),
                     0);
    ck_assert_int_eq(dndn_report_range("2026-05-04", "2026-05-03", now, &a, &b),
                     DNDN_REPORT_BAD_RANGE);
    ck_assert_int_eq(dndn_report_range("2010-01-01", "2026-05-03", now, &a, &b),
                     DNDN_REPORT_BAD_RANGE);
    ck_assert_int_eq(dndn_report_range("2026-05-07", "2026-05-08", now, &a, &b),
                     DNDN_REPORT_FUTURE);
    ck_assert_int_eq(dndn_report_range("2026-05-07", "x", now, &a, &b),
                     DNDN_REPORT_BAD_DATE);
}
END_TEST

/* The daily report of Mon 4/5/2026 with a few rows fed in by hand. */
static dndn_daily_report *sample_daily(void)
{
    apr_int64_t start, as_of;
    dndn_daily_report *r;

    ck_assert_int_eq(
        dndn_report_day("2026-05-04", vn(6, 1, 0, 0), &start, &as_of), 0);
    r = dndn_daily_make(pool, may_2026(), "2026-05-04", start, as_of);
    dndn_daily_agency_of(r, "SKHDT", "Sở Kế hoạch và Đầu tư");
    dndn_daily_agency_of(r, "STC", "Sở Tài chính");
    dndn_daily_add_open(r, "in_progress", "STC", 2, 1);
    dndn_daily_add_open(r, "returned", "SKHDT", 1, 1); /* the centre's */
    dndn_daily_add_open(r, "received", NULL, 3, 0);
    /* Tue 28/4 10:00 -> Mon 4/5 11:00: 14 + 24 + 11 = 49 working hours */
    dndn_daily_add_answer(r, "SKHDT", vn(4, 28, 10, 0), vn(5, 4, 11, 0),
                          vn(5, 5, 23, 59) + 59);
    /* late, assignment unknown: counted, not timed */
    dndn_daily_add_answer(r, "SKHDT", 0, vn(5, 4, 12, 0),
                          vn(4, 29, 23, 59) + 59);
    dndn_daily_add_overdue(r, "PAKN-2", "returned", "SKHDT",
                           vn(4, 29, 23, 59) + 59, "=cmd()");
    dndn_daily_add_overdue(r, "PAKN-1", "in_progress", "STC",
                           vn(4, 28, 23, 59) + 59, "Hỏi về thuế");
    dndn_daily_finish(r);
    return r;
}

START_TEST(daily_attribution)
{
    dndn_daily_report *r = sample_daily();
    const dndn_daily_agency *skhdt, *stc;
    const dndn_overdue_item *o;

    ck_assert_int_eq(r->open, 6);
    ck_assert_int_eq(r->overdue, 2);
    ck_assert_int_eq(r->unassigned, 4); /* received 3 + returned 1 */
    ck_assert_int_eq(r->agencies->nelts, 2);
    skhdt = &APR_ARRAY_IDX(r->agencies, 0, dndn_daily_agency);
    stc = &APR_ARRAY_IDX(r->agencies, 1, dndn_daily_agency);
    ck_assert_str_eq(skhdt->agency, "SKHDT");
    ck_assert_int_eq(skhdt->open, 0);
    ck_assert_int_eq(skhdt->answered_on_time, 1);
    ck_assert_int_eq(skhdt->answered_late, 1);
    ck_assert_int_eq(skhdt->answers_timed, 1);
    ck_assert_int_eq(skhdt->answer_seconds, 49 * 3600);
    ck_assert_int_eq(stc->open, 2);
    ck_assert_int_eq(stc->overdue, 1);
    /* Sorted by deadline; days in working days up to 4/5 (29/4, 4/5). */
    o = &APR_ARRAY_IDX(r->overdue_list, 0, dndn_overdue_item);
    ck_assert_str_eq(o->code, "PAKN-1");
    ck_assert_str_eq(o->agency, "STC");
    ck_assert_int_eq(o->days_overdue, 2);
    o = &APR_ARRAY_IDX(r->overdue_list, 1, dndn_overdue_item);
    ck_assert_ptr_null(o->agency); /* returned: waits for the centre */
    ck_assert_int_eq(o->days_overdue, 1);
}
END_TEST

START_TEST(daily_json_and_csv)
{
    dndn_daily_report *r = sample_daily();
    apr_size_t len = 0;
    const char *csv;
    char *json = dndn_json_print(pool, dndn_daily_json(r), &len);

    ck_assert_ptr_nonnull(strstr(json, "\"date\":\"2026-05-04\",\"as_of\":"
                                       "\"2026-05-04T23:59:59+07:00\""));
    ck_assert_ptr_nonnull(strstr(json, "\"mean_hours_to_answer\":49"));
    ck_assert_ptr_nonnull(strstr(json, "\"agency\":\"STC\",\"agency_name\":"
                                       "\"Sở Tài chính\",\"open\":2"));
    ck_assert_ptr_nonnull(strstr(json, "\"days_overdue\":1,\"title\":"
                                       "\"=cmd()\""));
    csv = dndn_daily_csv(r, &len);
    ck_assert_int_eq(len, strlen(csv));
    ck_assert(!memcmp(csv,
                      "\xEF\xBB\xBF"
                      "Báo cáo ngày,2026-05-04\r\n",
                      30));
    ck_assert_ptr_nonnull(strstr(csv, "\r\nĐang xử lý,6\r\n"));
    ck_assert_ptr_nonnull(strstr(csv, "\r\nSKHDT,Sở Kế hoạch và Đầu tư,0,1,1,"
                                      "0,49.0\r\n"));
    ck_assert_ptr_nonnull(strstr(csv, "\r\nSTC,Sở Tài chính,2,0,0,1,\r\n"));
    ck_assert_ptr_nonnull(strstr(csv, ",1,\"'=cmd()\"\r\n"));
    ck_assert_ptr_null(strstr(csv, "\n\n")); /* every line ends CRLF */
}
END_TEST

START_TEST(oversight_figures)
{
    dndn_oversight_report *r =
        dndn_oversight_make(pool, may_2026(), "2026-04-01", "2026-05-31",
                            vn(4, 1, 0, 0), vn(5, 31, 23, 59) + 59);
    const dndn_agency_stats *a;
    apr_size_t len = 0;
    char *json;
    const char *csv;

    dndn_oversight_add_category(r, "thue");
    dndn_oversight_add_category(r, "khac");
    dndn_oversight_agency_of(r, "SKHDT", "Sở Kế hoạch và Đầu tư");
    dndn_oversight_add_petitions(r, "SKHDT", "closed", "thue", 3);
    dndn_oversight_add_petitions(r, NULL, "received", "dat-dai", 2);
    /* 49 h on time, 175.5 h late (Mon 20/4 09:00 -> Mon 4/5 16:30) */
    dndn_oversight_add_answer(r, "SKHDT", vn(4, 28, 10, 0), vn(5, 4, 11, 0),
                              vn(5, 5, 23, 59) + 59);
    dndn_oversight_add_answer(r, "SKHDT", vn(4, 20, 9, 0), vn(5, 4, 16, 30),
                              vn(4, 24, 23, 59) + 59);
    ck_assert_int_eq(r->agencies->nelts, 1);
    a = &APR_ARRAY_IDX(r->agencies, 0, dndn_agency_stats);
    ck_assert_int_eq(a->petitions, 3);
    ck_assert_int_eq(a->by_status[DNDN_ST_CLOSED], 3);
    ck_assert_int_eq(r->total.petitions, 5);
    ck_assert_int_eq(r->total.by_status[DNDN_ST_RECEIVED], 2);
    ck_assert_int_eq(r->categories->nelts, 3); /* dat-dai added */
    json = dndn_json_print(pool, dndn_oversight_json(r), &len);
    ck_assert_ptr_nonnull(strstr(
        json, "\"answered\":2,\"answered_on_time\":1,\"answered_late\":1,"
              "\"on_time_rate\":0.5,\"mean_hours_to_answer\":112.3,"
              "\"p90_hours_to_answer\":175.5"));
    ck_assert_ptr_nonnull(
        strstr(json, "\"by_category\":{\"thue\":3,\"khac\":0,\"dat-dai\":0}"));
    ck_assert_ptr_nonnull(
        strstr(json, "\"total\":{\"petitions\":5,\"answered\":2"));
    csv = dndn_oversight_csv(r, &len);
    ck_assert_ptr_nonnull(strstr(csv, "\r\nSKHDT,Sở Kế hoạch và Đầu tư,3,2,1,"
                                      "1,0.500,112.3,175.5,0,0,0,0,3,0,0,0,"
                                      "3,0,0\r\n"));
    ck_assert_ptr_nonnull(strstr(csv, "\r\n,Tổng cộng,5,2,1,1,0.500,112.3,"
                                      "175.5,2,0,0,0,3,0,0,0,3,0,2\r\n"));
}
END_TEST

START_TEST(oversight_without_answers_has_nulls)
{
    dndn_oversight_report *r =
        dndn_oversight_make(pool, NULL, "2026-04-01", "2026-04-30",
                            vn(4, 1, 0, 0), vn(4, 30, 23, 59) + 59);
    apr_size_t len = 0;
    char *json = dndn_json_print(pool, dndn_oversight_json(r), &len);

    ck_assert_ptr_nonnull(strstr(json, "\"on_time_rate\":null,"
                                       "\"mean_hours_to_answer\":null,"
                                       "\"p90_hours_to_answer\":null"));
    ck_assert_ptr_nonnull(strstr(json, "\"agencies\":[]"));
}
END_TEST

Suite *dndn_report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, hours_round_half_up_to_a_tenth);
    tcase_add_test(tc, percentile_is_nearest_rank);
    tcase_add_test(tc, csv_fields_are_quoted_and_defused);
    tcase_add_test(tc, day_bounds);
    tcase_add_test(tc, range_bounds);
    tcase_add_test(tc, daily_attribution);
    tcase_add_test(tc, daily_json_and_csv);
    tcase_add_test(tc, oversight_figures);
    tcase_add_test(tc, oversight_without_answers_has_nulls);
    suite_add_tcase(s, tc);
    return s;
}
