/*
 * dndn_time.c - date and time helpers of the pure core.
 *
 * The civil <-> day number conversions are Howard Hinnant's
 * "days_from_civil" / "civil_from_days" algorithms (public domain), which
 * work on 400-year eras of 146097 days and are exact for the whole
 * proleptic Gregorian calendar.
 */
#include "dndn_time.h"

#include <string.h>

#include <apr_strings.h>

/* floor(a / b) and the matching non-negative remainder, for b > 0. */
static apr_int64_t floor_div(apr_int64_t a, apr_int64_t b)
{
    apr_int64_t q = a / b;

    if ((a % b) != 0 && a < 0) {
        q--;
    }
    return q;
}

static apr_int64_t floor_mod(apr_int64_t a, apr_int64_t b)
{
    return a - floor_div(a, b) * b;
}

int dndn_is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int dndn_days_in_month(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (m < 1 || m > 12) {
        return 0;
    }
    if (m == 2 && dndn_is_leap_year(y)) {
        return 29;
    }
    return len[m - 1];
}

int dndn_date_valid(int y, int m, int d)
{
    if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1) {
        return 0;
    }
    return d <= dndn_days_in_month(y, m);
}

apr_int64_t dndn_days_from_civil(int y, int m, int d)
{
    apr_int64_t yy = (apr_int64_t)y - (m <= 2 ? 1 : 0);
    apr_int64_t era = floor_div(yy, 400);
    apr_int64_t yoe = yy - era * 400;                          /* [0, 399] */
    apr_int64_t mp = m > 2 ? m - 3 : m + 9;                    /* [0, 11] */
    apr_int64_t doy = (153 * mp + 2) / 5 + (apr_int64_t)d - 1; /* [0, 365] */
    apr_int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;   /* [0, 146096] */

    return era * 146097 + doe - 719468;
}

apr_int64_t dndn_date_to_days(dndn_date d)
{
    return dndn_days_from_civil(d.y, d.m, d.d);
}

dndn_date dndn_civil_from_days(apr_int64_t days)
{
    dndn_date out;
    apr_int64_t z = days + 719468;
    apr_int64_t era = floor_div(z, 146097);
    apr_int64_t doe = z - era * 146097; /* [0, 146096] */
    apr_int64_t yoe =
        (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    apr_int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365] */
    apr_int64_t mp = (5 * doy + 2) / 153;                      /* [0, 11] */
    apr_int64_t m = mp < 10 ? mp + 3 : mp - 9;

    out.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    out.m = (int)m;
    out.y = (int)(yoe + era * 400 + (m <= 2 ? 1 : 0));
    return out;
}

int dndn_weekday(apr_int64_t days)
{
    /* 1970-01-01 was a Thursday (4). */
    return (int)floor_mod(days + 4, 7);
}

apr_int64_t dndn_local_day(apr_int64_t epoch_seconds)
{
    /* Split first so that adding the offset cannot overflow. */
    apr_int64_t day = floor_div(epoch_seconds, DNDN_SECONDS_PER_DAY);
    apr_int64_t sec = epoch_seconds - day * DNDN_SECONDS_PER_DAY;

    if (sec + DNDN_TZ_OFFSET_SECONDS >= DNDN_SECONDS_PER_DAY) {
        day++;
    }
    return day;
}

apr_int64_t dndn_local_day_start(apr_int64_t days)
{
    return days * DNDN_SECONDS_PER_DAY - DNDN_TZ_OFFSET_SECONDS;
}

apr_int64_t dndn_local_day_end(apr_int64_t days)
{
    return dndn_local_day_start(days) + DNDN_SECONDS_PER_DAY - 1;
}

/* v (0 <= v < 10^n) as n decimal digits at s. */
static void put_digits(char *s, int n, int v)
{
    while (n-- > 0) {
        s[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

const char *dndn_time_format(apr_pool_t *p, apr_int64_t epoch_seconds)
{
    static const char layout[] = "0000-00-00T00:00:00+07:00";
    apr_int64_t day = dndn_local_day(epoch_seconds);
    apr_int64_t sod = epoch_seconds - dndn_local_day_start(day);
    dndn_date d = dndn_civil_from_days(day);
    char *s;

    if (d.y < 0 || d.y > 9999) { /* not from dndn_time_parse */
        return apr_psprintf(p, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", d.y, d.m,
                            d.d, (int)(sod / 3600), (int)(sod / 60 % 60),
                            (int)(sod % 60));
    }
    /* Digits by hand: every dossier step and answer shows times, and the
     * formatter cost ten times this (callgrind). */
    s = apr_palloc(p, sizeof(layout));
    memcpy(s, layout, sizeof(layout));
    put_digits(s, 4, d.y);
    put_digits(s + 5, 2, d.m);
    put_digits(s + 8, 2, d.d);
    put_digits(s + 11, 2, (int)(sod / 3600));
    put_digits(s + 14, 2, (int)(sod / 60 % 60));
    put_digits(s + 17, 2, (int)(sod % 60));
    return s;
}

/* Reads exactly n decimal digits at *s (no sign, no space); -1 if not. */
static int read_digits(const char **s, int n, int *out)
{
    int v = 0;
    int i;

    for (i = 0; i < n; i++) {
        char c = (*s)[i];

        if (c < '0' || c > '9') {
            return -1;
        }
        v = v * 10 + (c - '0');
    }
    *s += n;
    *out = v;
    return 0;
}

/* Reads "YYYY-MM-DD" at *s and checks it is a real date. */
static int read_date(const char **s, dndn_date *d)
{
    const char *q = *s;

    if (read_digits(&q, 4, &d->y) != 0 || *q++ != '-' ||
        read_digits(&q, 2, &d->m) != 0 || *q++ != '-' ||
        read_digits(&q, 2, &d->d) != 0) {
        return -1;
    }
    if (!dndn_date_valid(d->y, d->m, d->d)) {
        return -1;
    }
    *s = q;
    return 0;
}

int dndn_date_parse(const char *s, dndn_date *out)
{
    dndn_date d;

    if (s == NULL || out == NULL) {
        return -1;
    }
    if (read_date(&s, &d) != 0 || *s != '\0') {
        return -1;
    }
    *out = d;
    return 0;
}

int dndn_time_parse(const char *s, apr_int64_t *epoch_seconds)
{
    dndn_date d;
    int hh, mm, ss;
    int oh = 0, om = 0, sign = 0;
    apr_int64_t t;

    if (s == NULL || epoch_seconds == NULL) {
        return -1;
    }
    if (read_date(&s, &d) != 0) {
        return -1;
    }
    if (*s != 'T' && *s != 't' && *s != ' ') {
        return -1;
    }
    s++;
    if (read_digits(&s, 2, &hh) != 0 || *s++ != ':' ||
        read_digits(&s, 2, &mm) != 0 || *s++ != ':' ||
        read_digits(&s, 2, &ss) != 0) {
        return -1;
    }
    if (hh > 23 || mm > 59 || ss > 60) {
        return -1;
    }
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9') {
            return -1;
        }
        while (*s >= '0' && *s <= '9') {
            s++;
        }
    }
    if (*s == 'Z' || *s == 'z') {
        s++;
    }
    else if (*s == '+' || *s == '-') {
        sign = *s == '+' ? 1 : -1;
        s++;
        if (read_digits(&s, 2, &oh) != 0 || *s++ != ':' ||
            read_digits(&s, 2, &om) != 0) {
            return -1;
        }
        if (oh > 23 || om > 59) {
            return -1;
        }
    }
    else {
        return -1;
    }
    if (*s != '\0') {
        return -1;
    }

    t = dndn_date_to_days(d) * DNDN_SECONDS_PER_DAY + hh * 3600 + mm * 60 + ss;
    /* Local time = UTC + offset, so UTC = local - offset. */
    t -= (apr_int64_t)sign * (oh * 3600 + om * 60);
    /* Every instant we accept must have a Vietnam-local date in years
     * 0000-9999, so that dndn_time_format writes it back as RFC 3339
     * ("9999-12-31T20:26:60Z" is 10000-01-01 in Vietnam: refused). */
    {
        dndn_date local = dndn_civil_from_days(dndn_local_day(t));
        if (local.y < 0 || local.y > 9999) {
            return -1;
        }
    }
    *epoch_seconds = t;
    return 0;
}

const char *dndn_date_format(apr_pool_t *p, dndn_date d)
{
    return apr_psprintf(p, "%04d-%02d-%02d", d.y, d.m, d.d);
}
