/*
 * test_calendar.c - unit tests of dndn_calendar (Check).
 *
 * The calendar used is the official 2025/2026 data of sql/demo/calendar.sql
 * (the same rows, copied below).  Every expected value is worked out by
 * hand in the comments.  Weekdays used (checked in test_time.c and by
 * dndn_weekday below): 2026-01-01 Thu, 2026-02-13 Fri, 2026-02-17 Tue,
 * 2026-03-06 Fri, 2025-04-26 Sat, 2026-08-22 Sat.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <apr_general.h>
#include <apr_pools.h>

#include "dndn_calendar.h"
#include "dndn_time.h"

Suite *dndn_calendar_suite(void);

/* Same rows as sql/demo/calendar.sql (day, type). */
static const char *const official[][2] = {
    /* 2025 */
    {"2025-01-01", "holiday"}, /* Tết Dương lịch, Wed */
    {"2025-01-27", "holiday"}, /* Tết Ất Tỵ: Mon 27 .. Fri 31 January */
    {"2025-01-28", "holiday"},
    {"2025-01-29", "holiday"},
    {"2025-01-30", "holiday"},
    {"2025-01-31", "holiday"},
    {"2025-04-07", "holiday"}, /* Giỗ Tổ Hùng Vương, Mon */
    {"2025-04-26", "workday"}, /* Sat, make-up for Fri 2 May */
    {"2025-04-30", "holiday"}, /* Wed */
    {"2025-05-01", "holiday"}, /* Thu */
    {"2025-05-02", "holiday"}, /* Fri, swapped with Sat 26 April */
    {"2025-09-01", "holiday"}, /* Mon */
    {"2025-09-02", "holiday"}, /* Tue */
    /* 2026 */
    {"2026-01-01", "holiday"}, /* Thu */
    {"2026-01-02", "holiday"}, /* Fri, swapped with Sat 10 January */
    {"2026-01-10", "workday"}, /* Sat, make-up */
    {"2026-02-16", "holiday"}, /* Tết Bính Ngọ: Mon 16 .. Fri 20 Feb */
    {"2026-02-17", "holiday"},
    {"2026-02-18", "holiday"},
    {"2026-02-19", "holiday"},
    {"2026-02-20", "holiday"},
    {"2026-04-26", "holiday"}, /* Giỗ Tổ on a Sunday: no effect */
    {"2026-04-27", "holiday"}, /* Mon, compensatory day off */
    {"2026-04-30", "holiday"}, /* Thu */
    {"2026-05-01", "holiday"}, /* Fri */
    {"2026-08-22", "workday"}, /* Sat, make-up for Mon 31 August */
    {"2026-08-31", "holiday"}, /* Mon, swapped */
    {"2026-09-01", "holiday"}, /* Tue */
    {"2026-09-02", "holiday"}, /* Wed */
};
#define N_OFFICIAL ((int)(sizeof(official) / sizeof(official[0])))

static apr_pool_t *pool;
static dndn_calendar *cal;

static void setup(void)
{
    int i;

    apr_initialize();
    apr_pool_create(&pool, NULL);
    cal = dndn_calendar_make(pool);
    for (i = 0; i < N_OFFICIAL; i++) {
        ck_assert_int_eq(
            dndn_calendar_set_str(cal, official[i][0], official[i][1]), 0);
    }
}

static void teardown(void)
{
    apr_pool_destroy(pool);
    apr_terminate();
}

/* Epoch seconds of an RFC 3339 text (the parser is tested elsewhere). */
static apr_int64_t at(const char *s)
{
    apr_int64_t t = 0;

    ck_assert_msg(dndn_time_parse(s, &t) == 0, "bad test time %s", s);
    return t;
}

static apr_int64_t day_of(const char *yyyy_mm_dd)
{
    dndn_date d;

    ck_assert_int_eq(dndn_date_parse(yyyy_mm_dd, &d), 0);
    return dndn_date_to_days(d);
}

static const char *due_str(const char *start, int n)
{
    return dndn_time_format(pool, dndn_calendar_due(cal, at(start), n));
}

START_TEST(test_loaded_days)
{
    ck_assert_int_eq(dndn_calendar_count(cal), N_OFFICIAL);
    ck_assert_int_eq(dndn_weekday(day_of("2026-02-13")), 5);
    ck_assert_int_eq(dndn_weekday(day_of("2025-04-26")), 6);
    ck_assert_int_eq(dndn_weekday(day_of("2026-01-10")), 6);
    ck_assert_int_eq(dndn_weekday(day_of("2026-08-22")), 6);
    ck_assert_int_eq(dndn_weekday(day_of("2026-04-26")), 0);
    /* Tết weekdays off, the weekdays around them on. */
    ck_assert_int_eq(dndn_calendar_is_workday(cal, day_of("2026-02-13")), 1);
    ck_assert_int_eq(dndn_calendar_is_workday(cal, day_of("2026-02-14")), 0);
    ck_assert_int_eq(dndn_calendar_is_workday(cal, day_of("2026-02-16")), 0);
    ck_assert_int_eq(dndn_calendar_is_workday(cal, day_of("2026-02-20")), 0);
    ck_assert_int_eq(dndn_calendar_is_workday(cal, day_of("2026-02-23")), 1);
    /* Make-up Saturdays on, ordinary Saturdays off. */
    ck_assert_int_eq(dndn_calendar_is_workday(cal, day_of("2025-04-26")), 1);
    ck_assert_int_eq(dndn_calendar_is_workday(cal, day_of("2025-04-19")), 0);
    ck_assert_int_eq(dndn_calendar_is_workday(cal, day_of("2026-01-10")), 1);
    /* A 'holiday' row on a Sunday stays a non-working day, nothing else. */
    ck_assert_int_eq(dndn_calendar_get(cal, day_of("2026-04-26")),
                     DNDN_DAY_HOLIDAY);
    ck_assert_int_eq(dndn_calendar_is_workday(cal, day_of("2026-04-26")), 0);
    ck_assert_int_eq(dndn_calendar_get(cal, day_of("2026-03-06")),
                     DNDN_DAY_DEFAULT);
}
END_TEST

/* The rows above are the rows of sql/demo/calendar.sql, when the file can
 * be found from the working directory (repository root or tests/unit). */
START_TEST(test_matches_demo_sql)
{
    static const char *const paths[] = {"sql/demo/calendar.sql",
                                        "../sql/demo/calendar.sql",
                                        "../../sql/demo/calendar.sql"};
    FILE *f = NULL;
    char line[512];
    int rows = 0;
    size_t i;

    for (i = 0; f == NULL && i < sizeof(paths) / sizeof(paths[0]); i++) {
        f = fopen(paths[i], "r");
    }
    if (f == NULL) {
        return; /* not run from the source tree */
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        static const char head[] =
            "INSERT INTO calendar (day, type, name) VALUES ('";
        char day[11], type[8];

        if (strncmp(line, head, sizeof(head) - 1) != 0) {
            continue;
        }
        ck_assert_int_eq(
            sscanf(line + sizeof(head) - 1, "%10[0-9-]', '%7[a-z]'", day, type),
            2);
        ck_assert_int_lt(rows, N_OFFICIAL);
        ck_assert_str_eq(day, official[rows][0]);
        ck_assert_str_eq(type, official[rows][1]);
        rows++;
    }
    fclose(f);
    ck_assert_int_eq(rows, N_OFFICIAL);
}
END_TEST

/* Assigned on the last working day before Tết 2026, N = 5. */
START_TEST(test_due_over_tet_2026)
{
    apr_int64_t start = at("2026-02-13T10:00:00+07:00");

    ck_assert_int_eq(start, 1770951600);
    /* Start day Fri 13 never counts; Sat 14, Sun 15 weekend; Mon 16 ..
     * Fri 20 Tết; Sat 21, Sun 22 weekend; then Mon 23 (1), Tue 24 (2),
     * Wed 25 (3), Thu 26 (4), Fri 27 (5). */
    ck_assert_str_eq(due_str("2026-02-13T10:00:00+07:00", 5),
                     "2026-02-27T23:59:59+07:00");
    /* (20511 + 1) * 86400 - 25200 - 1, 2026-02-27 being day 20511. */
    ck_assert_int_eq(dndn_calendar_due(cal, start, 5), 1772211599);
    ck_assert_str_eq(due_str("2026-02-13T10:00:00+07:00", 1),
                     "2026-02-23T23:59:59+07:00");
    /* Without the Tết rows the 5th working day would be Fri 20. */
    {
        const dndn_calendar *plain = dndn_calendar_make(pool);
        ck_assert_str_eq(
            dndn_time_format(pool, dndn_calendar_due(plain, start, 5)),
            "2026-02-20T23:59:59+07:00");
    }
}
END_TEST

/* Assigned the day before the break starts. */
START_TEST(test_due_day_before_tet)
{
    /* Thu 12: Fri 13 (1), then the break, Mon 23 (2) .. Thu 26 (5). */
    ck_assert_str_eq(due_str("2026-02-12T09:00:00+07:00", 1),
                     "2026-02-13T23:59:59+07:00");
    ck_assert_str_eq(due_str("2026-02-12T09:00:00+07:00", 2),
                     "2026-02-23T23:59:59+07:00");
    ck_assert_str_eq(due_str("2026-02-12T09:00:00+07:00", 5),
                     "2026-02-26T23:59:59+07:00");
    /* Sun 15, the day before the first Tết weekday: Mon 23 (1). */
    ck_assert_str_eq(due_str("2026-02-15T20:00:00+07:00", 1),
                     "2026-02-23T23:59:59+07:00");
    /* During Tết (Wed 18, mùng 2): Mon 23, Tue 24, Wed 25 (3). */
    ck_assert_str_eq(due_str("2026-02-18T08:00:00+07:00", 3),
                     "2026-02-25T23:59:59+07:00");
}
END_TEST

/* Make-up working Saturdays: 2025-04-26, 2026-01-10, 2026-08-22. */
START_TEST(test_due_makeup_saturday)
{
    /* Thu 24/4/2025: Fri 25 (1), Sat 26 make-up (2), Sun 27 off,
     * Mon 28 (3). */
    ck_assert_str_eq(due_str("2025-04-24T14:00:00+07:00", 2),
                     "2025-04-26T23:59:59+07:00");
    ck_assert_str_eq(due_str("2025-04-24T14:00:00+07:00", 3),
                     "2025-04-28T23:59:59+07:00");
    /* Fri 25: the make-up Saturday is the next working day. */
    ck_assert_str_eq(due_str("2025-04-25T16:00:00+07:00", 1),
                     "2025-04-26T23:59:59+07:00");
    /* Assigned on the make-up Saturday itself: it does not count;
     * Sun 27 off, Mon 28 (1). */
    ck_assert_str_eq(due_str("2025-04-26T09:00:00+07:00", 1),
                     "2025-04-28T23:59:59+07:00");
    /* Mon 28/4/2025: Tue 29 (1); 30/4, 1/5, 2/5 off; Sat 3, Sun 4 off;
     * Mon 5 (2), Tue 6 (3). */
    ck_assert_str_eq(due_str("2025-04-28T10:00:00+07:00", 3),
                     "2025-05-06T23:59:59+07:00");
    /* Fri 9/1/2026: Sat 10 is a make-up day (1). */
    ck_assert_str_eq(due_str("2026-01-09T10:00:00+07:00", 1),
                     "2026-01-10T23:59:59+07:00");
    /* Wed 31/12/2025: 1/1 and 2/1 off, Sat 3 and Sun 4 off, Mon 5 (1),
     * Tue 6 (2). */
    ck_assert_str_eq(due_str("2025-12-31T10:00:00+07:00", 1),
                     "2026-01-05T23:59:59+07:00");
    ck_assert_str_eq(due_str("2025-12-31T10:00:00+07:00", 2),
                     "2026-01-06T23:59:59+07:00");
    /* Fri 21/8/2026: Sat 22 make-up (1).  Fri 28/8: Sat 29, Sun 30 off,
     * Mon 31 (swapped), Tue 1/9, Wed 2/9 off, Thu 3/9 (1). */
    ck_assert_str_eq(due_str("2026-08-21T10:00:00+07:00", 1),
                     "2026-08-22T23:59:59+07:00");
    ck_assert_str_eq(due_str("2026-08-28T10:00:00+07:00", 1),
                     "2026-09-03T23:59:59+07:00");
    /* Fri 24/4/2026: Sat 25, Sun 26 (Giỗ Tổ), Mon 27 (nghỉ bù) off,
     * Tue 28 (1), Wed 29 (2), Thu 30 and Fri 1/5 off, weekend,
     * Mon 4/5 (3). */
    ck_assert_str_eq(due_str("2026-04-24T10:00:00+07:00", 1),
                     "2026-04-28T23:59:59+07:00");
    ck_assert_str_eq(due_str("2026-04-24T10:00:00+07:00", 3),
                     "2026-05-04T23:59:59+07:00");
}
END_TEST

START_TEST(test_due_friday_and_saturday)
{
    /* N = 1 on an ordinary Friday (6/3/2026) -> Monday 9/3. */
    ck_assert_str_eq(due_str("2026-03-06T16:30:00+07:00", 1),
                     "2026-03-09T23:59:59+07:00");
    /* The local day decides: Thu 5/3 23:59:59 local is 16:59:59Z
     * (Thursday, so Fri 6 is the 1st working day); one second later it is
     * Friday 00:00 local, so Mon 9 is. */
    ck_assert_str_eq(due_str("2026-03-05T16:59:59Z", 1),
                     "2026-03-06T23:59:59+07:00");
    ck_assert_str_eq(due_str("2026-03-05T17:00:00Z", 1),
                     "2026-03-09T23:59:59+07:00");
    /* Assigned on Saturday 7/3: Mon 9 (1) .. Fri 13 (5). */
    ck_assert_str_eq(due_str("2026-03-07T09:00:00+07:00", 1),
                     "2026-03-09T23:59:59+07:00");
    ck_assert_str_eq(due_str("2026-03-07T09:00:00+07:00", 5),
                     "2026-03-13T23:59:59+07:00");
    /* N = 10 from Mon 9/3: 10..13 (4), 16..20 (9), Mon 23 (10). */
    ck_assert_str_eq(due_str("2026-03-09T08:00:00+07:00", 10),
                     "2026-03-23T23:59:59+07:00");
    /* n <= 0 adds nothing: end of the start day. */
    ck_assert_str_eq(due_str("2026-03-07T09:00:00+07:00", 0),
                     "2026-03-07T23:59:59+07:00");
}
END_TEST

START_TEST(test_add_workdays)
{
    apr_int64_t due = at("2026-02-13T23:59:59+07:00");

    /* Extending Fri 13/2 by 2: Mon 23 (1), Tue 24 (2). */
    ck_assert_str_eq(
        dndn_time_format(pool, dndn_calendar_add_workdays(cal, due, 2)),
        "2026-02-24T23:59:59+07:00");
    ck_assert_int_eq(dndn_calendar_add_workdays(cal, due, 2),
                     dndn_calendar_due(cal, due, 2));
    ck_assert_int_eq(dndn_calendar_add_workdays(cal, due, 0), due);
}
END_TEST

START_TEST(test_days_left)
{
    apr_int64_t due = at("2026-02-23T23:59:59+07:00"); /* Mon after Tết */
    apr_int64_t mon = at("2026-03-09T23:59:59+07:00");

    /* Thu 12: (12, 23] holds Fri 13 and Mon 23. */
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-02-12T10:00:00+07:00"), due), 2);
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-02-13T15:00:00+07:00"), due), 1);
    /* Weekend and Tết days in between count for nothing. */
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-02-14T10:00:00+07:00"), due), 1);
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-02-18T10:00:00+07:00"), due), 1);
    /* The due day itself: 0, until its last second. */
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-02-23T08:00:00+07:00"), due), 0);
    ck_assert_int_eq(dndn_calendar_days_left(cal, due, due), 0);
    /* Overdue: (23, 24] = Tue 24 -> -1; (23, Sat 28] = 24..27 -> -4;
     * (23, Mon 2/3] = 24..27 and 2/3 -> -5. */
    ck_assert_int_eq(dndn_calendar_days_left(cal, due + 1, due), -1);
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-02-28T10:00:00+07:00"), due), -4);
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-03-02T10:00:00+07:00"), due), -5);
    /* Across an ordinary weekend, due Mon 9/3: from Fri 6, Sat 7, Sun 8
     * one day left; Tue 10 -> -1; Mon 16 -> (9, 16] = 10..13, 16 -> -5. */
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-03-06T10:00:00+07:00"), mon), 1);
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-03-07T10:00:00+07:00"), mon), 1);
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-03-08T23:00:00+07:00"), mon), 1);
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-03-10T00:00:00+07:00"), mon), -1);
    ck_assert_int_eq(
        dndn_calendar_days_left(cal, at("2026-03-16T10:00:00+07:00"), mon), -5);
    /* Holidays after the due day: due Tue 29/4/2025; (29, Fri 2/5] holds
     * only days off -> 0 (late in calendar days, not in working days);
     * (29, Mon 5/5] -> Mon 5 -> -1. */
    ck_assert_int_eq(dndn_calendar_days_left(cal,
                                             at("2025-05-02T10:00:00+07:00"),
                                             at("2025-04-29T23:59:59+07:00")),
                     0);
    ck_assert_int_eq(dndn_calendar_days_left(cal,
                                             at("2025-05-05T10:00:00+07:00"),
                                             at("2025-04-29T23:59:59+07:00")),
                     -1);
    /* The make-up Saturday counts: (Thu 24/4, Mon 28/4] = Fri 25, Sat 26,
     * Mon 28 -> 3; due Fri 25, now Mon 28 -> -(Sat 26, Mon 28) = -2. */
    ck_assert_int_eq(dndn_calendar_days_left(cal,
                                             at("2025-04-24T10:00:00+07:00"),
                                             at("2025-04-28T23:59:59+07:00")),
                     3);
    ck_assert_int_eq(dndn_calendar_days_left(cal,
                                             at("2025-04-28T10:00:00+07:00"),
                                             at("2025-04-25T23:59:59+07:00")),
                     -2);
}
END_TEST

/* Whole years, counted without a day loop. */
START_TEST(test_count_workdays_years)
{
    const dndn_calendar *plain = dndn_calendar_make(pool);

    /* 2026 starts on a Thursday and has 365 days: 52 weeks + 1 Thursday
     * -> 261 weekdays.  Weekday holidays: 1/1, 2/1, 16-20/2, 27/4, 30/4,
     * 1/5, 31/8, 1/9, 2/9 = 13; make-up Saturdays 10/1 and 22/8 = 2.
     * 261 - 13 + 2 = 250. */
    ck_assert_int_eq(dndn_calendar_count_workdays(plain, day_of("2025-12-31"),
                                                  day_of("2026-12-31")),
                     261);
    ck_assert_int_eq(dndn_calendar_count_workdays(cal, day_of("2025-12-31"),
                                                  day_of("2026-12-31")),
                     250);
    /* 2025 starts on a Wednesday: 261 weekdays.  Weekday holidays: 1/1,
     * 27-31/1, 7/4, 30/4, 1/5, 2/5, 1/9, 2/9 = 12; make-up 26/4 = 1.
     * 261 - 12 + 1 = 250. */
    ck_assert_int_eq(dndn_calendar_count_workdays(cal, day_of("2024-12-31"),
                                                  day_of("2025-12-31")),
                     250);
    /* As days left: from 31/12/2025 to a due date on 31/12/2026. */
    ck_assert_int_eq(dndn_calendar_days_left(cal,
                                             at("2025-12-31T10:00:00+07:00"),
                                             at("2026-12-31T23:59:59+07:00")),
                     250);
    /* Empty and reversed ranges. */
    ck_assert_int_eq(dndn_calendar_count_workdays(cal, 100, 100), 0);
    ck_assert_int_eq(dndn_calendar_count_workdays(cal, 100, 50), 0);
    /* Around 1970 (negative day numbers): (Sun 1969-12-28 = -4,
     * Sun 1970-01-04 = 3] holds Mon 29 .. Fri 2 -> 5. */
    ck_assert_int_eq(dndn_calendar_count_workdays(plain, -4, 3), 5);
    ck_assert_int_eq(dndn_calendar_count_workdays(NULL, -4, 3), 5);
    /* 100 years in one call: 1900-01-01 .. 1999-12-31 holds 36524 days,
     * a Monday start, 5217 full weeks + 5 days (Mon..Fri) = 26090. */
    ck_assert_int_eq(
        dndn_calendar_count_workdays(plain, dndn_days_from_civil(1899, 12, 31),
                                     dndn_days_from_civil(1999, 12, 31)),
        5217 * 5 + 5);
}
END_TEST

START_TEST(test_working_seconds)
{
    /* Fri 17:00 -> Mon 09:00: 7 h on Friday + 9 h on Monday. */
    ck_assert_int_eq(
        dndn_calendar_working_seconds(cal, at("2026-03-06T17:00:00+07:00"),
                                      at("2026-03-09T09:00:00+07:00")),
        16 * 3600);
    /* Same day. */
    ck_assert_int_eq(
        dndn_calendar_working_seconds(cal, at("2026-03-06T10:00:00+07:00"),
                                      at("2026-03-06T15:00:00+07:00")),
        5 * 3600);
    /* Only weekend. */
    ck_assert_int_eq(
        dndn_calendar_working_seconds(cal, at("2026-03-07T08:00:00+07:00"),
                                      at("2026-03-08T20:00:00+07:00")),
        0);
    /* Saturday noon -> Monday 06:00: 6 h. */
    ck_assert_int_eq(
        dndn_calendar_working_seconds(cal, at("2026-03-07T12:00:00+07:00"),
                                      at("2026-03-09T06:00:00+07:00")),
        6 * 3600);
    /* Thu noon -> Mon noon: 12 h + all of Friday + 12 h = 48 h. */
    ck_assert_int_eq(
        dndn_calendar_working_seconds(cal, at("2026-03-05T12:00:00+07:00"),
                                      at("2026-03-09T12:00:00+07:00")),
        48 * 3600);
    /* Across Tết: Fri 13/2 10:00 -> Mon 23/2 10:00 = 14 h + 10 h. */
    ck_assert_int_eq(
        dndn_calendar_working_seconds(cal, at("2026-02-13T10:00:00+07:00"),
                                      at("2026-02-23T10:00:00+07:00")),
        24 * 3600);
    /* The make-up Saturday counts: Fri 25/4/2025 12:00 -> Mon 28 00:00 =
     * 12 h + 24 h (Sat 26) + 0 (Sun 27). */
    ck_assert_int_eq(
        dndn_calendar_working_seconds(cal, at("2025-04-25T12:00:00+07:00"),
                                      at("2025-04-28T00:00:00+07:00")),
        36 * 3600);
    /* Empty or reversed. */
    ck_assert_int_eq(dndn_calendar_working_seconds(cal, 1000, 1000), 0);
    ck_assert_int_eq(dndn_calendar_working_seconds(cal, 2000, 1000), 0);
}
END_TEST

/* Runaway guard: no working day at all for more than 10 years. */
START_TEST(test_cap)
{
    dndn_calendar *c = dndn_calendar_make(pool);
    apr_int64_t start = at("2026-03-06T10:00:00+07:00");
    apr_int64_t day0 = dndn_local_day(start);
    apr_int64_t due = 0;
    apr_int64_t d;

    for (d = day0 + 1; d <= day0 + 4000; d++) {
        dndn_calendar_set(c, d, DNDN_DAY_HOLIDAY);
    }
    ck_assert_int_eq(dndn_calendar_due_ex(c, start, 1, &due), 1);
    ck_assert_int_eq(due,
                     dndn_local_day_end(day0 + DNDN_CALENDAR_MAX_SCAN_DAYS));
    ck_assert_int_eq(dndn_calendar_due(c, start, 1), due);
    /* 6/3/2026 + 3660 days: to 6/3/2036 is 10 * 365 + 3 (29 February of
     * 2028, 2032 and 2036) = 3653 days, + 7 -> 13/3/2036. */
    ck_assert_str_eq(dndn_time_format(pool, due), "2036-03-13T23:59:59+07:00");
    /* days_left over that calendar is exact and finite: no working day in
     * (6/3/2026, 13/3/2036]. */
    ck_assert_int_eq(dndn_calendar_days_left(c, start, due), 0);
    ck_assert_int_eq(dndn_calendar_count_workdays(c, day0, day0 + 4000), 0);
    /* An absurd N on a normal calendar is capped the same way. */
    ck_assert_int_eq(dndn_calendar_due_ex(cal, start, INT_MAX, &due), 1);
    ck_assert_int_eq(due,
                     dndn_local_day_end(day0 + DNDN_CALENDAR_MAX_SCAN_DAYS));
    /* A found deadline reports 0. */
    ck_assert_int_eq(dndn_calendar_due_ex(cal, start, 1, &due), 0);
    ck_assert_str_eq(dndn_time_format(pool, due), "2026-03-09T23:59:59+07:00");
    ck_assert_int_ne(dndn_calendar_due_ex(cal, start, 1, NULL), 0);
}
END_TEST

START_TEST(test_set_semantics)
{
    dndn_calendar *c = dndn_calendar_make(pool);
    apr_int64_t fri = day_of("2026-03-06");
    apr_int64_t sat = day_of("2026-03-07");

    ck_assert_int_eq(dndn_calendar_count(c), 0);
    ck_assert_int_eq(dndn_calendar_is_workday(c, fri), 1);
    ck_assert_int_eq(dndn_calendar_is_workday(c, sat), 0);
    /* Out of order inserts, then replace, then remove. */
    dndn_calendar_set(c, sat, DNDN_DAY_WORKDAY);
    dndn_calendar_set(c, fri, DNDN_DAY_HOLIDAY);
    dndn_calendar_set(c, fri - 30, DNDN_DAY_HOLIDAY);
    dndn_calendar_set(c, sat + 30, DNDN_DAY_HOLIDAY);
    ck_assert_int_eq(dndn_calendar_count(c), 4);
    ck_assert_int_eq(dndn_calendar_is_workday(c, fri), 0);
    ck_assert_int_eq(dndn_calendar_is_workday(c, sat), 1);
    dndn_calendar_set(c, fri, DNDN_DAY_WORKDAY); /* weekday: no effect */
    ck_assert_int_eq(dndn_calendar_count(c), 4);
    ck_assert_int_eq(dndn_calendar_get(c, fri), DNDN_DAY_WORKDAY);
    ck_assert_int_eq(dndn_calendar_is_workday(c, fri), 1);
    dndn_calendar_set(c, sat, DNDN_DAY_HOLIDAY); /* weekend: stays off */
    ck_assert_int_eq(dndn_calendar_is_workday(c, sat), 0);
    dndn_calendar_set(c, sat, DNDN_DAY_DEFAULT);
    dndn_calendar_set(c, fri, DNDN_DAY_DEFAULT);
    dndn_calendar_set(c, fri, DNDN_DAY_DEFAULT); /* already gone */
    ck_assert_int_eq(dndn_calendar_count(c), 2);
    ck_assert_int_eq(dndn_calendar_get(c, sat), DNDN_DAY_DEFAULT);
    ck_assert_int_eq(dndn_calendar_get(c, fri - 30), DNDN_DAY_HOLIDAY);
    ck_assert_int_eq(dndn_calendar_get(c, sat + 30), DNDN_DAY_HOLIDAY);
    /* Bad text leaves the calendar alone. */
    ck_assert_int_ne(dndn_calendar_set_str(c, "2026-02-30", "holiday"), 0);
    ck_assert_int_ne(dndn_calendar_set_str(c, "2026-03-06", "Holiday"), 0);
    ck_assert_int_ne(dndn_calendar_set_str(c, "2026-03-06", "off"), 0);
    ck_assert_int_ne(dndn_calendar_set_str(c, "2026-03-06", ""), 0);
    ck_assert_int_ne(dndn_calendar_set_str(c, "2026-03-06", NULL), 0);
    ck_assert_int_ne(dndn_calendar_set_str(c, NULL, "holiday"), 0);
    ck_assert_int_ne(dndn_calendar_set_str(NULL, "2026-03-06", "holiday"), 0);
    ck_assert_int_eq(dndn_calendar_count(c), 2);
    ck_assert_int_eq(dndn_calendar_set_str(c, "2026-03-06", "holiday"), 0);
    ck_assert_int_eq(dndn_calendar_is_workday(c, fri), 0);
    /* A NULL calendar is plain Monday-Friday. */
    ck_assert_int_eq(dndn_calendar_is_workday(NULL, fri), 1);
    ck_assert_int_eq(dndn_calendar_is_workday(NULL, sat), 0);
    ck_assert_int_eq(dndn_calendar_count(NULL), 0);
}
END_TEST

Suite *dndn_calendar_suite(void)
{
    Suite *s = suite_create("dndn_calendar");
    TCase *tc = tcase_create("calendar");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_loaded_days);
    tcase_add_test(tc, test_matches_demo_sql);
    tcase_add_test(tc, test_due_over_tet_2026);
    tcase_add_test(tc, test_due_day_before_tet);
    tcase_add_test(tc, test_due_makeup_saturday);
    tcase_add_test(tc, test_due_friday_and_saturday);
    tcase_add_test(tc, test_add_workdays);
    tcase_add_test(tc, test_days_left);
    tcase_add_test(tc, test_count_workdays_years);
    tcase_add_test(tc, test_working_seconds);
    tcase_add_test(tc, test_cap);
    tcase_add_test(tc, test_set_semantics);
    suite_add_tcase(s, tc);
    return s;
}
