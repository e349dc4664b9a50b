/*
 * dndn_time.h - date and time helpers of the pure core.
 *
 * Vietnam keeps UTC+07:00 all year (no daylight saving time), so every
 * local value here is plain integer arithmetic on seconds since the Unix
 * epoch.  Nothing reads the process time zone (no localtime(), mktime(),
 * tzset()): every function is thread-safe, reentrant and independent of
 * TZ.
 *
 * Day numbers ("days") count days since 1970-01-01 in the proleptic
 * Gregorian calendar (negative before 1970).  A Vietnam-local day number
 * is the day number of the calendar date seen on a clock in Vietnam.
 *
 * Supported range: years 0000-9999 (what RFC 3339 can write).  Outside it
 * the arithmetic stays well defined for |days| < 2^40, but text formats
 * are not guaranteed to be valid RFC 3339.
 */
#ifndef DNDN_TIME_H
#define DNDN_TIME_H

#include <apr.h>
#include <apr_pools.h>

/* Offset of Vietnam local time from UTC, in seconds (+07:00). */
#define DNDN_TZ_OFFSET_SECONDS (7 * 3600)
#define DNDN_SECONDS_PER_DAY   86400

/* A calendar date; m is 1-12, d is 1-31. */
typedef struct {
    int y, m, d;
} dndn_date;

/* 1 if y is a Gregorian leap year (2000 yes, 1900 and 2100 no), else 0. */
int dndn_is_leap_year(int y);

/* Number of days in month m (1-12) of year y; 0 if m is out of range. */
int dndn_days_in_month(int y, int m);

/* 1 if y-m-d is a real date with 0 <= y <= 9999, else 0. */
int dndn_date_valid(int y, int m, int d);

/* Days since 1970-01-01 of the date y-m-d (any y; m 1-12, d 1-31). */
apr_int64_t dndn_days_from_civil(int y, int m, int d);

/* Same, from a dndn_date. */
apr_int64_t dndn_date_to_days(dndn_date d);

/* The date of day number `days` (inverse of dndn_days_from_civil). */
dndn_date dndn_civil_from_days(apr_int64_t days);

/* Day of the week of day number `days`: 0=Sunday, 1=Monday .. 6=Saturday. */
int dndn_weekday(apr_int64_t days);

/* Vietnam-local day number (UTC+7) of an instant given in seconds since
 * the epoch.  Floors correctly for instants before 1970. */
apr_int64_t dndn_local_day(apr_int64_t epoch_seconds);

/* Epoch seconds of local midnight (00:00:00+07:00) starting local day
 * `days`. */
apr_int64_t dndn_local_day_start(apr_int64_t days);

/* Epoch seconds of the last second (23:59:59+07:00) of local day `days`. */
apr_int64_t dndn_local_day_end(apr_int64_t days);

/* "2026-02-13T10:00:00+07:00" (always +07:00), allocated from p. */
const char *dndn_time_format(apr_pool_t *p, apr_int64_t epoch_seconds);

/* Strict RFC 3339 date-time parse:
 *   "YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm|-hh:mm)"
 * 'T' may also be 't' or one space; 'Z' may be 'z'.  Every field has
 * exactly the digits shown; ranges are checked (month 1-12, day valid for
 * the month and year, hour 0-23, minute 0-59, second 0-60, offset hours
 * 0-23 and minutes 0-59).  A fraction (one or more digits) is ignored.
 * A leap second (:60) is folded into the next second, as POSIX time does.
 * Nothing may follow the offset.  Returns 0 and sets *epoch_seconds on
 * success; returns -1 and leaves *epoch_seconds untouched on error
 * (including a NULL argument). */
int dndn_time_parse(const char *s, apr_int64_t *epoch_seconds);

/* Strict "YYYY-MM-DD" parse (exactly 10 characters, a real date).
 * Returns 0 and fills *out on success, -1 on error (out untouched). */
int dndn_date_parse(const char *s, dndn_date *out);

/* "YYYY-MM-DD" of d (zero padded), allocated from p. */
const char *dndn_date_format(apr_pool_t *p, dndn_date d);

#endif
