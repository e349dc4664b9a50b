/*
 * dndn_calendar.h - the working-day calendar of the pure core.
 *
 * A day is a working day when it is Monday-Friday and not marked
 * 'holiday', or when it is Saturday/Sunday and marked 'workday' (a
 * make-up working day, "ngày làm bù").  A 'holiday' mark on a weekend or
 * a 'workday' mark on a weekday is kept but changes nothing.
 *
 * All days are Vietnam-local day numbers (see dndn_time.h); all instants
 * are seconds since the epoch.  The exceptions live in a pool-allocated
 * array sorted by day number: lookups are binary searches and counting
 * working days over a range is arithmetic plus one pass over the
 * exceptions inside it, so no count loops over calendar days.
 *
 * Thread safety: build a calendar (make/set) in one thread; once built,
 * every const function may be called from any number of threads.
 *
 * Runaway guard: the functions that search forward for the N-th working
 * day (dndn_calendar_due and friends) look at most
 * DNDN_CALENDAR_MAX_SCAN_DAYS calendar days past the start day.  If the
 * N-th working day is not found by then (a calendar with every day a
 * holiday, or an absurd N), the result is the end of the last day looked
 * at, i.e. 23:59:59+07:00 of start day + DNDN_CALENDAR_MAX_SCAN_DAYS: a
 * far-away deadline, never a past one.  dndn_calendar_due_ex reports
 * when that happened.
 */
#ifndef DNDN_CALENDAR_H
#define DNDN_CALENDAR_H

#include <apr.h>
#include <apr_pools.h>

#include "dndn_time.h"

/* How many calendar days a forward search may look at (about 10 years). */
#define DNDN_CALENDAR_MAX_SCAN_DAYS 3660

typedef enum {
    DNDN_DAY_DEFAULT = 0,
    DNDN_DAY_HOLIDAY = 1,
    DNDN_DAY_WORKDAY = 2
} dndn_day_type;

typedef struct dndn_calendar dndn_calendar;

/* A new calendar without exceptions (plain Monday-Friday), from p. */
dndn_calendar *dndn_calendar_make(apr_pool_t *p);

/* Marks local day `day` (dndn_days_from_civil(...)).  DNDN_DAY_DEFAULT, or
 * any value that is not HOLIDAY/WORKDAY, removes the mark.  Setting a day
 * again replaces its mark. */
void dndn_calendar_set(dndn_calendar *c, apr_int64_t day, dndn_day_type type);

/* Same from database text: yyyy_mm_dd strict "YYYY-MM-DD", type exactly
 * "holiday" or "workday".  Returns 0 on success, -1 (calendar unchanged)
 * on a bad date or type. */
int dndn_calendar_set_str(dndn_calendar *c, const char *yyyy_mm_dd,
                          const char *type);

/* The mark of a day (DNDN_DAY_DEFAULT when none). */
dndn_day_type dndn_calendar_get(const dndn_calendar *c, apr_int64_t day);

/* Number of marked days. */
int dndn_calendar_count(const dndn_calendar *c);

/* 1 if local day `day` is a working day, else 0.  A NULL calendar is
 * plain Monday-Friday. */
int dndn_calendar_is_workday(const dndn_calendar *c, apr_int64_t day);

/* Number of working days d with from_day < d <= to_day (0 if
 * to_day <= from_day).  Exact for any range, no loop over days. */
apr_int64_t dndn_calendar_count_workdays(const dndn_calendar *c,
                                         apr_int64_t from_day,
                                         apr_int64_t to_day);

/* Deadline: the end of the N-th working day AFTER the local day
 * containing `start` (the start day itself never counts, even if it is a
 * working day).  End of day = 23:59:59+07:00 of that day, returned in
 * epoch seconds.  n >= 1; n <= 0 returns the end of the start day itself
 * (nothing added).  Capped as described above. */
apr_int64_t dndn_calendar_due(const dndn_calendar *c, apr_int64_t start, int n);

/* Same as dndn_calendar_due, result in *due; returns 0 when the N-th
 * working day was found, 1 when the search hit the cap (then *due is the
 * capped value described at the top of this file), -1 if due is NULL. */
int dndn_calendar_due_ex(const dndn_calendar *c, apr_int64_t start, int n,
                         apr_int64_t *due);

/* Adds n working days to a deadline (an extension): the end of the n-th
 * working day after the local day of `due`.  Same as
 * dndn_calendar_due(c, due, n). */
apr_int64_t dndn_calendar_add_workdays(const dndn_calendar *c, apr_int64_t due,
                                       int n);

/* Working days left.  If now's local day <= due's local day: the number of
 * working days in (today, due_day] (so 0 on the due day itself);
 * otherwise minus the number of working days in (due_day, today].
 * Saturates at INT_MIN/INT_MAX (never reached for real dates). */
int dndn_calendar_days_left(const dndn_calendar *c, apr_int64_t now,
                            apr_int64_t due);

/* Seconds between a and b (a <= b) that fall on working days (each local
 * day counted as a whole 24 h), for "time to answer" statistics.
 * 0 if b <= a. */
apr_int64_t dndn_calendar_working_seconds(const dndn_calendar *c, apr_int64_t a,
                                          apr_int64_t b);

#endif
