/*
 * dndn_calendar.c - the working-day calendar of the pure core.
 */
#include "dndn_calendar.h"

#include <limits.h>
#include <string.h>

#include <apr_tables.h>

/* One marked day. */
typedef struct {
    apr_int64_t day;
    dndn_day_type type;
} dndn_cal_entry;

struct dndn_calendar {
    apr_array_header_t *entries; /* of dndn_cal_entry, sorted by day */
};

dndn_calendar *dndn_calendar_make(apr_pool_t *p)
{
    dndn_calendar *c = apr_pcalloc(p, sizeof(*c));

    c->entries = apr_array_make(p, 64, sizeof(dndn_cal_entry));
    return c;
}

/* Index of the first entry whose day is >= day (nelts if none). */
static int lower_bound(const dndn_calendar *c, apr_int64_t day)
{
    const dndn_cal_entry *e = (const dndn_cal_entry *)c->entries->elts;
    int lo = 0;
    int hi = c->entries->nelts;

    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;

        if (e[mid].day < day) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return lo;
}

void dndn_calendar_set(dndn_calendar *c, apr_int64_t day, dndn_day_type type)
{
    apr_array_header_t *a;
    dndn_cal_entry *e;
    int i;

    if (c == NULL) {
        return;
    }
    a = c->entries;
    i = lower_bound(c, day);
    e = (dndn_cal_entry *)a->elts;

    if (type != DNDN_DAY_HOLIDAY && type != DNDN_DAY_WORKDAY) {
        if (i < a->nelts && e[i].day == day) {
            memmove(&e[i], &e[i + 1], (size_t)(a->nelts - i - 1) * sizeof(*e));
            a->nelts--;
        }
        return;
    }
    if (i < a->nelts && e[i].day == day) {
        e[i].type = type;
        return;
    }
    apr_array_push(a); /* may move the elements */
    e = (dndn_cal_entry *)a->elts;
    memmove(&e[i + 1], &e[i], (size_t)(a->nelts - 1 - i) * sizeof(*e));
    e[i].day = day;
    e[i].type = type;
}

int dndn_calendar_set_str(dndn_calendar *c, const char *yyyy_mm_dd,
                          const char *type)
{
    dndn_date d;
    dndn_day_type t;

    if (c == NULL || type == NULL || dndn_date_parse(yyyy_mm_dd, &d) != 0) {
        return -1;
    }
    if (strcmp(type, "holiday") == 0) {
        t = DNDN_DAY_HOLIDAY;
    }
    else if (strcmp(type, "workday") == 0) {
        t = DNDN_DAY_WORKDAY;
    }
    else {
        return -1;
    }
    dndn_calendar_set(c, dndn_date_to_days(d), t);
    return 0;
}

dndn_day_type dndn_calendar_get(const dndn_calendar *c, apr_int64_t day)
{
    const dndn_cal_entry *e;
    int i;

    if (c == NULL) {
        return DNDN_DAY_DEFAULT;
    }
    i = lower_bound(c, day);
    e = (const dndn_cal_entry *)c->entries->elts;
    if (i < c->entries->nelts && e[i].day == day) {
        return e[i].type;
    }
    return DNDN_DAY_DEFAULT;
}

int dndn_calendar_count(const dndn_calendar *c)
{
    return c == NULL ? 0 : c->entries->nelts;
}

static int is_weekend(apr_int64_t day)
{
    int wd = dndn_weekday(day);

    return wd == 0 || wd == 6;
}

int dndn_calendar_is_workday(const dndn_calendar *c, apr_int64_t day)
{
    dndn_day_type t = dndn_calendar_get(c, day);

    if (is_weekend(day)) {
        return t == DNDN_DAY_WORKDAY;
    }
    return t != DNDN_DAY_HOLIDAY;
}

/* Monday-Friday days d with d < x, counted from Monday 1969-12-29
 * (day -3); a difference of two values counts the weekdays between. */
static apr_int64_t weekdays_before(apr_int64_t x)
{
    apr_int64_t s = x + 3; /* 0 on Monday 1969-12-29 */
    apr_int64_t q = s / 7;
    apr_int64_t r = s % 7;

    if (r < 0) {
        r += 7;
        q--;
    }
    return 5 * q + (r < 5 ? r : 5);
}

apr_int64_t dndn_calendar_count_workdays(const dndn_calendar *c,
                                         apr_int64_t from_day,
                                         apr_int64_t to_day)
{
    apr_int64_t n;
    int i;

    if (to_day <= from_day) {
        return 0;
    }
    /* Weekdays in [from_day + 1, to_day]. */
    n = weekdays_before(to_day + 1) - weekdays_before(from_day + 1);
    if (c == NULL) {
        return n;
    }
    for (i = lower_bound(c, from_day + 1); i < c->entries->nelts; i++) {
        const dndn_cal_entry *e =
            &((const dndn_cal_entry *)c->entries->elts)[i];

        if (e->day > to_day) {
            break;
        }
        if (is_weekend(e->day)) {
            n += e->type == DNDN_DAY_WORKDAY ? 1 : 0;
        }
        else {
            n -= e->type == DNDN_DAY_HOLIDAY ? 1 : 0;
        }
    }
    return n;
}

int dndn_calendar_due_ex(const dndn_calendar *c, apr_int64_t start, int n,
                         apr_int64_t *due)
{
    apr_int64_t day = dndn_local_day(start);
    apr_int64_t last = day + DNDN_CALENDAR_MAX_SCAN_DAYS;
    int found = 0;

    if (due == NULL) {
        return -1;
    }
    if (n <= 0) {
        *due = dndn_local_day_end(day);
        return 0;
    }
    while (day < last) {
        day++;
        if (dndn_calendar_is_workday(c, day) && ++found == n) {
            *due = dndn_local_day_end(day);
            return 0;
        }
    }
    *due = dndn_local_day_end(last);
    return 1;
}

apr_int64_t dndn_calendar_due(const dndn_calendar *c, apr_int64_t start, int n)
{
    apr_int64_t due;

    (void)dndn_calendar_due_ex(c, start, n, &due);
    return due;
}

apr_int64_t dndn_calendar_add_workdays(const dndn_calendar *c, apr_int64_t due,
                                       int n)
{
    return dndn_calendar_due(c, due, n);
}

static int clamp_int(apr_int64_t v)
{
    if (v > INT_MAX) {
        return INT_MAX;
    }
    if (v < INT_MIN) {
        return INT_MIN;
    }
    return (int)v;
}

int dndn_calendar_days_left(const dndn_calendar *c, apr_int64_t now,
                            apr_int64_t due)
{
    apr_int64_t today = dndn_local_day(now);
    apr_int64_t due_day = dndn_local_day(due);

    if (today <= due_day) {
        return clamp_int(dndn_calendar_count_workdays(c, today, due_day));
    }
    return clamp_int(-dndn_calendar_count_workdays(c, due_day, today));
}

apr_int64_t dndn_calendar_working_seconds(const dndn_calendar *c, apr_int64_t a,
                                          apr_int64_t b)
{
    apr_int64_t da, db, total = 0;

    if (b <= a) {
        return 0;
    }
    da = dndn_local_day(a);
    db = dndn_local_day(b);
    if (da == db) {
        return dndn_calendar_is_workday(c, da) ? b - a : 0;
    }
    if (dndn_calendar_is_workday(c, da)) {
        total += dndn_local_day_start(da + 1) - a;
    }
    if (dndn_calendar_is_workday(c, db)) {
        total += b - dndn_local_day_start(db);
    }
    /* Whole days strictly between: (da, db - 1]. */
    total += dndn_calendar_count_workdays(c, da, db - 1) * DNDN_SECONDS_PER_DAY;
    return total;
}
