/*
 * test_time.c - unit tests of dndn_time (Check).
 *
 * Expected values are worked out by hand in the comments, not copied from
 * the code under test.  Anchors used below:
 *   2026-01-01 = day 20454: 56 years after 1970, 14 leap days
 *     (1972 .. 2024 step 4) -> 56 * 365 + 14 = 20454.
 *   2026-02-13 = 20454 + 31 + 12 = 20497; 20497 * 86400 = 1770940800.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* setenv, unsetenv, tzset */
#endif

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <apr_general.h>
#include <apr_pools.h>

#include "dndn_time.h"

Suite *dndn_time_suite(void);

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

/* The test's own month length, independent of dndn_days_in_month. */
static int month_len(int y, int m)
{
    if (m == 2) {
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return leap ? 29 : 28;
    }
    return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

START_TEST(test_leap_years)
{
    ck_assert_int_eq(dndn_is_leap_year(2000), 1); /* divisible by 400 */
    ck_assert_int_eq(dndn_is_leap_year(1900), 0); /* by 100, not 400 */
    ck_assert_int_eq(dndn_is_leap_year(2100), 0);
    ck_assert_int_eq(dndn_is_leap_year(2024), 1);
    ck_assert_int_eq(dndn_is_leap_year(2025), 0);
    ck_assert_int_eq(dndn_is_leap_year(2028), 1);
    ck_assert_int_eq(dndn_days_in_month(2000, 2), 29);
    ck_assert_int_eq(dndn_days_in_month(2100, 2), 28);
    ck_assert_int_eq(dndn_days_in_month(2026, 4), 30);
    ck_assert_int_eq(dndn_days_in_month(2026, 12), 31);
    ck_assert_int_eq(dndn_days_in_month(2026, 13), 0);
    ck_assert_int_eq(dndn_date_valid(2000, 2, 29), 1);
    ck_assert_int_eq(dndn_date_valid(1900, 2, 29), 0);
    ck_assert_int_eq(dndn_date_valid(2100, 2, 29), 0);
    ck_assert_int_eq(dndn_date_valid(2026, 0, 1), 0);
    ck_assert_int_eq(dndn_date_valid(2026, 1, 0), 0);
}
END_TEST

START_TEST(test_known_days)
{
    ck_assert_int_eq(dndn_days_from_civil(1970, 1, 1), 0);
    ck_assert_int_eq(dndn_days_from_civil(1969, 12, 31), -1);
    /* 2000-01-01: 30 years, 7 leap days (1972..1996) -> 10950 + 7. */
    ck_assert_int_eq(dndn_days_from_civil(2000, 1, 1), 10957);
    /* 1900-01-01: 70 years back, 17 leap days (1904..1968) -> 25550+17. */
    ck_assert_int_eq(dndn_days_from_civil(1900, 1, 1), -25567);
    ck_assert_int_eq(dndn_days_from_civil(2026, 1, 1), 20454);
    ck_assert_int_eq(dndn_days_from_civil(2026, 2, 17), 20501);
    /* 2024-03-01 = 2024-01-01 (20454 - 365 - 366 = 19723) + 31 + 29. */
    ck_assert_int_eq(dndn_days_from_civil(2024, 3, 1), 19783);
    {
        dndn_date d = dndn_civil_from_days(20501);
        ck_assert_int_eq(d.y, 2026);
        ck_assert_int_eq(d.m, 2);
        ck_assert_int_eq(d.d, 17);
        d = dndn_civil_from_days(-1);
        ck_assert_int_eq(d.y, 1969);
        ck_assert_int_eq(d.m, 12);
        ck_assert_int_eq(d.d, 31);
        d = dndn_civil_from_days(19782);
        ck_assert_int_eq(d.y, 2024);
        ck_assert_int_eq(d.m, 2);
        ck_assert_int_eq(d.d, 29);
    }
}
END_TEST

/* Walks every date from 1900-01-01 to 2100-12-31 with the test's own
 * month lengths and checks both conversions on each one. */
START_TEST(test_round_trip_1900_2100)
{
    apr_int64_t expect = -25567; /* 1900-01-01 */
    int y, m, d;
    int feb29 = 0;

    for (y = 1900; y <= 2100; y++) {
        for (m = 1; m <= 12; m++) {
            for (d = 1; d <= month_len(y, m); d++) {
                dndn_date back;

                ck_assert_int_eq(dndn_days_from_civil(y, m, d), expect);
                back = dndn_civil_from_days(expect);
                ck_assert_int_eq(back.y, y);
                ck_assert_int_eq(back.m, m);
                ck_assert_int_eq(back.d, d);
                ck_assert_int_eq(dndn_date_valid(y, m, d), 1);
                if (m == 2 && d == 29) {
                    feb29++;
                }
                expect++;
            }
        }
    }
    /* 1904..2096 step 4 is 49 leap years, 2000 included; 1900 and 2100
     * are not leap. */
    ck_assert_int_eq(feb29, 49);
    /* 1900-2100 holds 201 * 365 + 49 = 73414 days, so 2100-12-31 is day
     * -25567 + 73414 - 1 = 47846. */
    ck_assert_int_eq(expect, -25567 + 73414);
    ck_assert_int_eq(dndn_days_from_civil(2100, 12, 31), 47846);
}
END_TEST

START_TEST(test_weekday)
{
    ck_assert_int_eq(dndn_weekday(0), 4); /* 1970-01-01 Thursday */
    ck_assert_int_eq(dndn_weekday(-1), 3);
    ck_assert_int_eq(dndn_weekday(-4), 0); /* 1969-12-28 Sunday */
    ck_assert_int_eq(dndn_weekday(dndn_days_from_civil(2026, 2, 17)), 2);
    ck_assert_int_eq(dndn_weekday(dndn_days_from_civil(2026, 1, 1)), 4);
    ck_assert_int_eq(dndn_weekday(dndn_days_from_civil(2026, 2, 13)), 5);
    ck_assert_int_eq(dndn_weekday(dndn_days_from_civil(2025, 4, 26)), 6);
    ck_assert_int_eq(dndn_weekday(dndn_days_from_civil(2026, 4, 26)), 0);
    ck_assert_int_eq(dndn_weekday(dndn_days_from_civil(2000, 1, 1)), 6);
    ck_assert_int_eq(dndn_weekday(dndn_days_from_civil(1900, 1, 1)), 1);
    ck_assert_int_eq(dndn_weekday(dndn_days_from_civil(1945, 9, 2)), 0);
}
END_TEST

START_TEST(test_local_day)
{
    /* 2026-02-13T16:59:59Z = 23:59:59+07:00 on the 13th:
     * 1770940800 + 16 * 3600 + 59 * 60 + 59 = 1771001999. */
    ck_assert_int_eq(dndn_local_day(1771001999), 20497);
    /* One second later it is 00:00:00+07:00 on the 14th. */
    ck_assert_int_eq(dndn_local_day(1771002000), 20498);
    ck_assert_int_eq(dndn_local_day_start(20498), 1771002000);
    ck_assert_int_eq(dndn_local_day_end(20497), 1771001999);
    /* 2026-02-12T17:00:00Z is the first second of local day 20497. */
    ck_assert_int_eq(dndn_local_day_start(20497), 1770940800 - 7 * 3600);
    ck_assert_int_eq(dndn_local_day(1770940800 - 7 * 3600 - 1), 20496);
    /* Before 1970: epoch 0 is 07:00 local on day 0; -25200 is local
     * midnight of day 0; -25201 is 23:59:59 on 1969-12-31 (day -1). */
    ck_assert_int_eq(dndn_local_day(0), 0);
    ck_assert_int_eq(dndn_local_day(-25200), 0);
    ck_assert_int_eq(dndn_local_day(-25201), -1);
    ck_assert_int_eq(dndn_local_day(-25200 - 86400), -1);
    ck_assert_int_eq(dndn_local_day(-25201 - 86400), -2);
    ck_assert_int_eq(dndn_local_day_start(0), -25200);
}
END_TEST

START_TEST(test_format)
{
    ck_assert_str_eq(dndn_time_format(pool, 1770951600),
                     "2026-02-13T10:00:00+07:00");
    ck_assert_str_eq(dndn_time_format(pool, 0), "1970-01-01T07:00:00+07:00");
    ck_assert_str_eq(dndn_time_format(pool, -25201),
                     "1969-12-31T23:59:59+07:00");
    ck_assert_str_eq(dndn_time_format(pool, 1771001999),
                     "2026-02-13T23:59:59+07:00");
    ck_assert_str_eq(dndn_time_format(pool, 1771002000),
                     "2026-02-14T00:00:00+07:00");
    /* 2024-02-29T00:00:00Z = 19782 * 86400 = 1709164800 -> 07:00 local. */
    ck_assert_str_eq(dndn_time_format(pool, 1709164800),
                     "2024-02-29T07:00:00+07:00");
    /* Years 0 and 9999 are written by hand like the rest; beyond them
     * (never parsed, so never stored by the module) as printf would. */
    ck_assert_str_eq(dndn_time_format(pool, -62167219200 - 25200),
                     "0000-01-01T00:00:00+07:00");
    ck_assert_str_eq(dndn_time_format(pool, 253402275599),
                     "9999-12-31T23:59:59+07:00");
    ck_assert_str_eq(dndn_time_format(pool, 253402275600),
                     "10000-01-01T00:00:00+07:00");
    ck_assert_str_eq(dndn_time_format(pool, -62167219201 - 25200),
                     "-001-12-31T23:59:59+07:00");
    {
        dndn_date d = {2026, 2, 17};
        dndn_date e = {5, 1, 2};
        ck_assert_str_eq(dndn_date_format(pool, d), "2026-02-17");
        ck_assert_str_eq(dndn_date_format(pool, e), "0005-01-02");
    }
}
END_TEST

START_TEST(test_parse_ok)
{
    apr_int64_t t = 0;

    ck_assert_int_eq(dndn_time_parse("2026-02-13T10:00:00+07:00", &t), 0);
    ck_assert_int_eq(t, 1770951600);
    t = 0;
    ck_assert_int_eq(dndn_time_parse("2026-02-13T03:00:00Z", &t), 0);
    ck_assert_int_eq(t, 1770951600);
    /* 22:00 at -05:00 is 03:00Z the next day. */
    t = 0;
    ck_assert_int_eq(dndn_time_parse("2026-02-12T22:00:00-05:00", &t), 0);
    ck_assert_int_eq(t, 1770951600);
    /* Lowercase t and z, a space, fractions, +00:00 and -00:00. */
    t = 0;
    ck_assert_int_eq(dndn_time_parse("2026-02-13t03:00:00z", &t), 0);
    ck_assert_int_eq(t, 1770951600);
    t = 0;
    ck_assert_int_eq(dndn_time_parse("2026-02-13 10:00:00.999+07:00", &t), 0);
    ck_assert_int_eq(t, 1770951600);
    t = 0;
    ck_assert_int_eq(dndn_time_parse("2026-02-13T03:00:00.123456789Z", &t), 0);
    ck_assert_int_eq(t, 1770951600);
    t = 0;
    ck_assert_int_eq(dndn_time_parse("2026-02-13T03:00:00+00:00", &t), 0);
    ck_assert_int_eq(t, 1770951600);
    t = 0;
    ck_assert_int_eq(dndn_time_parse("2026-02-13T03:00:00-00:00", &t), 0);
    ck_assert_int_eq(t, 1770951600);
    /* Half-hour offset: 08:30+05:30 = 03:00Z. */
    t = 0;
    ck_assert_int_eq(dndn_time_parse("2026-02-13T08:30:00+05:30", &t), 0);
    ck_assert_int_eq(t, 1770951600);
    /* Leap day and epoch. */
    ck_assert_int_eq(dndn_time_parse("2024-02-29T00:00:00Z", &t), 0);
    ck_assert_int_eq(t, 1709164800);
    ck_assert_int_eq(dndn_time_parse("2000-02-29T00:00:00Z", &t), 0);
    ck_assert_int_eq(t, (apr_int64_t)(10957 + 31 + 28) * 86400);
    ck_assert_int_eq(dndn_time_parse("1970-01-01T07:00:00+07:00", &t), 0);
    ck_assert_int_eq(t, 0);
    ck_assert_int_eq(dndn_time_parse("1969-12-31T23:59:59Z", &t), 0);
    ck_assert_int_eq(t, -1);
    /* A leap second folds into the next second. */
    ck_assert_int_eq(dndn_time_parse("2016-12-31T23:59:60Z", &t), 0);
    {
        apr_int64_t u = 0;
        ck_assert_int_eq(dndn_time_parse("2017-01-01T00:00:00Z", &u), 0);
        ck_assert_int_eq(t, u);
    }
}
END_TEST

START_TEST(test_parse_rejects)
{
    static const char *const bad[] = {
        "",
        "2026-02-30T10:00:00Z", /* no 30 February */
        "2026-13-01T10:00:00Z", /* month 13 */
        "2026-00-01T10:00:00Z", /* month 0 */
        "2026-01-00T10:00:00Z", /* day 0 */
        "2026-1-1T10:00:00Z",   /* short fields */
        /* Found by fuzz_time: year 10000 in Vietnam, not writable back. */
        "9999-12-31t20:26:60z",
        "9999-12-31T17:00:00Z",
        "2026-01-01T1:00:00Z",
        "2025-02-29T10:00:00Z", /* 2025 is not leap */
        "2100-02-29T10:00:00Z", /* 2100 is not leap */
        "1900-02-29T10:00:00Z",
        "2026-02-13T24:00:00Z",       /* hour 24 */
        "2026-02-13T10:60:00Z",       /* minute 60 */
        "2026-02-13T10:00:61Z",       /* second 61 */
        "2026-02-13T10:00:00",        /* no offset */
        "2026-02-13T10:00:00+07",     /* short offset */
        "2026-02-13T10:00:00+0700",   /* offset without colon */
        "2026-02-13T10:00:00+24:00",  /* offset hour 24 */
        "2026-02-13T10:00:00+07:60",  /* offset minute 60 */
        "2026-02-13T10:00:00.Z",      /* fraction without digits */
        "2026-02-13T10:00:00+07:00x", /* trailing garbage */
        "2026-02-13T10:00:00Z ",      /* trailing space */
        " 2026-02-13T10:00:00Z",      /* leading space */
        "2026-02-13X10:00:00Z",       /* bad separator */
        "2026-02-13T10:00Z",          /* no seconds */
        "2026-02-13",                 /* a date only */
        "2026/02/13T10:00:00Z",
        "+2026-02-13T10:00:00Z",
        "2026-02-13T-1:00:00Z",
        "2026-02-13T10:00:00ZZ",
    };
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        apr_int64_t t = 42;

        ck_assert_msg(dndn_time_parse(bad[i], &t) != 0, "accepted \"%s\"",
                      bad[i]);
        ck_assert_msg(t == 42, "wrote the result for \"%s\"", bad[i]);
    }
    {
        apr_int64_t t = 0;
        ck_assert_int_ne(dndn_time_parse(NULL, &t), 0);
        ck_assert_int_ne(dndn_time_parse("2026-02-13T10:00:00Z", NULL), 0);
    }
}
END_TEST

START_TEST(test_date_parse)
{
    static const char *const bad[] = {
        "",           "2026-02-30",  "2026-13-01",           "2026-1-1",
        "2026-01-1",  "2026-01-01x", "2026-01-01 ",          " 2026-01-01",
        "2026/01/01", "2026-00-10",  "2026-01-00",           "2025-02-29",
        "2100-02-29", "20260101",    "2026-01-01T00:00:00Z", "abcd-ef-gh",
    };
    dndn_date d = {0, 0, 0};
    size_t i;

    ck_assert_int_eq(dndn_date_parse("2026-02-17", &d), 0);
    ck_assert_int_eq(d.y, 2026);
    ck_assert_int_eq(d.m, 2);
    ck_assert_int_eq(d.d, 17);
    ck_assert_int_eq(dndn_date_parse("2000-02-29", &d), 0);
    ck_assert_int_eq(d.d, 29);
    ck_assert_int_eq(dndn_date_parse("0001-01-01", &d), 0);
    ck_assert_int_eq(d.y, 1);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        dndn_date e = {7, 7, 7};

        ck_assert_msg(dndn_date_parse(bad[i], &e) != 0, "accepted \"%s\"",
                      bad[i]);
        ck_assert_msg(e.y == 7 && e.m == 7 && e.d == 7,
                      "wrote the result for \"%s\"", bad[i]);
    }
    ck_assert_int_ne(dndn_date_parse(NULL, &d), 0);
    ck_assert_int_ne(dndn_date_parse("2026-02-17", NULL), 0);
}
END_TEST

/* format -> parse gives the instant back; also date format -> parse. */
START_TEST(test_format_parse_round_trip)
{
    apr_int64_t t;
    apr_int64_t day;

    /* From 1900 to 2100 in steps of a prime number of seconds, so that
     * every hour, minute and second value is hit. */
    for (t = -2208988800LL; t < 4133980800LL; t += 999983) {
        apr_int64_t back = 0;
        const char *s = dndn_time_format(pool, t);

        ck_assert_int_eq(strlen(s), 25);
        ck_assert_msg(dndn_time_parse(s, &back) == 0, "rejected %s", s);
        ck_assert_int_eq(back, t);
    }
    for (day = -25567; day < 47847; day += 13) {
        dndn_date d = dndn_civil_from_days(day);
        dndn_date e = {0, 0, 0};

        ck_assert_int_eq(dndn_date_parse(dndn_date_format(pool, d), &e), 0);
        ck_assert_int_eq(dndn_date_to_days(e), day);
    }
}
END_TEST

/* Nothing depends on the process time zone. */
START_TEST(test_tz_independent)
{
    apr_int64_t t = 0;

    setenv("TZ", "America/New_York", 1);
    tzset();
    ck_assert_int_eq(dndn_local_day(1771001999), 20497);
    ck_assert_str_eq(dndn_time_format(pool, 1770951600),
                     "2026-02-13T10:00:00+07:00");
    ck_assert_int_eq(dndn_time_parse("2026-02-13T10:00:00+07:00", &t), 0);
    ck_assert_int_eq(t, 1770951600);
    setenv("TZ", "UTC", 1);
    tzset();
    ck_assert_str_eq(dndn_time_format(pool, 1770951600),
                     "2026-02-13T10:00:00+07:00");
    unsetenv("TZ");
    tzset();
}
END_TEST

Suite *dndn_time_suite(void)
{
    Suite *s = suite_create("dndn_time");
    TCase *tc = tcase_create("time");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_leap_years);
    tcase_add_test(tc, test_known_days);
    tcase_add_test(tc, test_round_trip_1900_2100);
    tcase_add_test(tc, test_weekday);
    tcase_add_test(tc, test_local_day);
    tcase_add_test(tc, test_format);
    tcase_add_test(tc, test_parse_ok);
    tcase_add_test(tc, test_parse_rejects);
    tcase_add_test(tc, test_date_parse);
    tcase_add_test(tc, test_format_parse_round_trip);
    tcase_add_test(tc, test_tz_independent);
    suite_add_tcase(s, tc);
    return s;
}
