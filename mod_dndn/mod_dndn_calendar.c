/*
 * mod_dndn_calendar.c - the working-day calendar: public GET /calendar,
 * PUT /staff/calendar/{date} for admins and coordinators, and the loader
 * that turns the calendar table into the core's dndn_calendar for
 * deadlines.
 */
#include <stdlib.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_calendar.h"
#include "mod_dndn.h"

APLOG_USE_MODULE(dndn);

/* The calendar table as a core calendar; NULL after a 503. */
dndn_calendar *dndn_calendar_load(dndn_req *q, dndn_db *db)
{
    apr_array_header_t *ignored;
    dndn_calendar *cal;
    int i;

    if (dndn_store_calendar_load(db, &cal, &ignored) != DNDN_OK) {
        dndn_send_db_error(q);
        return NULL;
    }
    for (i = 0; i < ignored->nelts; i++) {
        const dndn_calendar_day *d =
            &APR_ARRAY_IDX(ignored, i, dndn_calendar_day);
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, q->r,
                      "DNDN0100: calendar row '%s' (%s) ignored", d->day,
                      d->type);
    }
    return cal;
}

static cJSON *day_json(const dndn_calendar_day *d)
{
    cJSON *o = cJSON_CreateObject();

    dndn_json_add_str(o, "date", d->day);
    dndn_json_add_str(o, "type", d->type);
    dndn_json_add_str(o, "name", d->name);
    return o;
}

static int h_calendar(dndn_req *q)
{
    const char *y = apr_table_get(q->query, "year");
    int year =
        y ? atoi(y)
          : dndn_civil_from_days(dndn_local_day(apr_time_sec(apr_time_now())))
                .y;
    apr_array_header_t *days;
    cJSON *o, *arr;
    dndn_db *db;
    int i;

    if (year < 2000 || year > 2100 ||
        (y && strcmp(y, apr_itoa(q->r->pool, year)))) {
        return dndn_send_field_error(q, "year", "invalid_year",
                                     "Năm phải là số từ 2000 đến 2100.");
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_calendar(db, apr_psprintf(q->r->pool, "%d-01-01", year),
                            apr_psprintf(q->r->pool, "%d-12-31", year),
                            &days) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    o = dndn_json_object(q->r->pool);
    cJSON_AddNumberToObject(o, "year", year);
    arr = cJSON_AddArrayToObject(o, "days");
    for (i = 0; i < days->nelts; i++) {
        cJSON_AddItemToArray(
            arr, day_json(&APR_ARRAY_IDX(days, i, dndn_calendar_day)));
    }
    return dndn_send_json(q, HTTP_OK, o, 1);
}

static int h_calendar_put(dndn_req *q)
{
    apr_array_header_t *errs = dndn_errors_make(q->r->pool);
    dndn_calendar_day d;
    const char *name;
    dndn_date date;
    dndn_staff s;
    dndn_db *db;
    cJSON *body;
    int st, ok = 1;

    if (dndn_auth_staff(q, &s)) {
        return OK;
    }
    if (strcmp(s.role, "admin") && strcmp(s.role, "coordinator")) {
        return dndn_send_problem(q, HTTP_FORBIDDEN, "Không có quyền",
                                 "Chỉ quản trị viên hoặc điều phối viên được "
                                 "sửa lịch làm việc.",
                                 NULL);
    }
    if (!(body = dndn_read_json(q, &st))) {
        return st;
    }
    if (dndn_date_parse(q->params[0], &date)) {
        dndn_errors_add(errs, "date", "invalid_date",
                        "Ngày phải có dạng YYYY-MM-DD.");
    }
    d.day = q->params[0];
    d.type = dndn_json_get_str(body, "type", &ok);
    if (!d.type || (strcmp(d.type, "holiday") && strcmp(d.type, "workday"))) {
        dndn_errors_add(errs, "type",
                        !ok      ? "invalid_type"
                        : d.type ? "invalid_day_type"
                                 : "required",
                        "Loại ngày phải là holiday hoặc workday.");
    }
    ok = 1;
    name = dndn_json_get_str(body, "name", &ok);
    d.name = "";
    if (!ok) {
        dndn_errors_add(errs, "name", "invalid_type",
                        "Tên ngày phải là một chuỗi ký tự.");
    }
    else if (name) {
        dndn_check_text(q->r->pool, errs, "name", name, strlen(name), 0, 200, 0,
                        &d.name);
    }
    if (errs->nelts) {
        return dndn_send_problem(q, HTTP_BAD_REQUEST, "Dữ liệu không hợp lệ",
                                 "Vui lòng kiểm tra lại các trường được nêu.",
                                 errs);
    }
    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    if (dndn_store_calendar_put(db, &d) != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    return dndn_send_json(q, HTTP_OK, dndn_json_own(q->r->pool, day_json(&d)),
                          0);
}

const dndn_route dndn_calendar_routes[] = {
    {DNDN_PUBLIC, "GET", "/calendar", h_calendar, 1},
    {DNDN_STAFF, "PUT", "/calendar/{date}", h_calendar_put, 0},
    {0, NULL, NULL, NULL, 0}};
