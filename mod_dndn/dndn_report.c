/*
 * dndn_report.c - figures and formats of the reports (see dndn_report.h
 * for the definitions).
 */
#include <stdlib.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_json.h"
#include "dndn_report.h"
#include "dndn_time.h"

/* ---- helpers ---- */

double dndn_report_hours(apr_int64_t seconds, apr_int64_t n)
{
    apr_int64_t den, tenths;

    if (n <= 0) {
        return 0.0;
    }
    den = 3600 * n;
    /* Half away from zero, in whole tenths of an hour. */
    tenths = seconds >= 0 ? (seconds * 10 + den / 2) / den
                          : -((-seconds * 10 + den / 2) / den);
    return (double)tenths / 10.0;
}

static int cmp_i64(const void *a, const void *b)
{
    apr_int64_t x = *(const apr_int64_t *)a, y = *(const apr_int64_t *)b;

    return x < y ? -1 : x > y;
}

apr_int64_t dndn_report_percentile(apr_array_header_t *v, int p)
{
    apr_int64_t rank;

    if (!v || v->nelts == 0) {
        return -1;
    }
    qsort(v->elts, (size_t)v->nelts, sizeof(apr_int64_t), cmp_i64);
    if (p < 1) {
        p = 1;
    }
    if (p > 100) {
        p = 100;
    }
    rank = ((apr_int64_t)p * v->nelts + 99) / 100; /* ceil(p% of n) */
    if (rank < 1) {
        rank = 1;
    }
    return APR_ARRAY_IDX(v, rank - 1, apr_int64_t);
}

const char *dndn_csv_field(apr_pool_t *p, const char *s)
{
    const char *c;
    char *out, *o;
    int formula, quote = 0;

    if (!s) {
        return "";
    }
    formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
              s[0] == '\t' || s[0] == '\r';
    for (c = s; *c; c++) {
        if (*c == '"' || *c == ',' || *c == '\n' || *c == '\r' || *c == ';') {
            quote = 1;
        }
    }
    if (!quote && !formula) {
        return s;
    }
    o = out = apr_palloc(p, strlen(s) * 2 + 4);
    *o++ = '"';
    if (formula) {
        *o++ = '\'';
    }
    for (c = s; *c; c++) {
        if (*c == '"') {
            *o++ = '"';
        }
        *o++ = *c;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

/* Both ends of the report's day as seen at `now`. */
int dndn_report_day(const char *date, apr_int64_t now, apr_int64_t *start,
                    apr_int64_t *as_of)
{
    dndn_date d;
    apr_int64_t day;

    if (dndn_date_parse(date, &d)) {
        return DNDN_REPORT_BAD_DATE;
    }
    day = dndn_date_to_days(d);
    *start = dndn_local_day_start(day);
    if (*start > now) {
        return DNDN_REPORT_FUTURE;
    }
    *as_of = dndn_local_day_end(day);
    if (*as_of > now) {
        *as_of = now;
    }
    return 0;
}

int dndn_report_range(const char *from, const char *to, apr_int64_t now,
                      apr_int64_t *start, apr_int64_t *end)
{
    dndn_date a, b;
    apr_int64_t da, db;

    if (dndn_date_parse(from, &a) || dndn_date_parse(to, &b)) {
        return DNDN_REPORT_BAD_DATE;
    }
    da = dndn_date_to_days(a);
    db = dndn_date_to_days(b);
    if (db < da || db - da >= DNDN_REPORT_MAX_DAYS) {
        return DNDN_REPORT_BAD_RANGE;
    }
    *start = dndn_local_day_start(da);
    if (*start > now) {
        return DNDN_REPORT_FUTURE;
    }
    *end = dndn_local_day_end(db);
    if (*end > now) {
        *end = now;
    }
    return 0;
}

const char *dndn_report_today(apr_pool_t *p, apr_int64_t now)
{
    return dndn_date_format(p, dndn_civil_from_days(dndn_local_day(now)));
}

const char *dndn_report_month_start(apr_pool_t *p, const char *to)
{
    return to && strlen(to) == 10
               ? apr_pstrcat(p, apr_pstrndup(p, to, 8), "01", NULL)
               : to;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Who an open petition waits on: its agency while assigned or in
 * progress; the coordinating centre (NULL) otherwise. */
static const char *open_owner(const char *status, const char *agency)
{
    int s = dndn_status_parse(status);

    return s == DNDN_ST_ASSIGNED || s == DNDN_ST_IN_PROGRESS ? agency : NULL;
}

/* ---- the daily report ---- */

dndn_daily_report *dndn_daily_make(apr_pool_t *p, const dndn_calendar *cal,
                                   const char *date, apr_int64_t start,
                                   apr_int64_t as_of)
{
    dndn_daily_report *r = apr_pcalloc(p, sizeof(*r));

    r->pool = p;
    r->cal = cal;
    r->date = apr_pstrdup(p, date);
    r->start = start;
    r->as_of = as_of;
    r->agencies = apr_array_make(p, 32, sizeof(dndn_daily_agency));
    r->overdue_list = apr_array_make(p, 16, sizeof(dndn_overdue_item));
    return r;
}

dndn_daily_agency *dndn_daily_agency_of(dndn_daily_report *r, const char *code,
                                        const char *name)
{
    dndn_daily_agency *a;
    int i;

    for (i = 0; i < r->agencies->nelts; i++) {
        a = &APR_ARRAY_IDX(r->agencies, i, dndn_daily_agency);
        if (same(a->agency, code)) {
            return a;
        }
    }
    a = apr_array_push(r->agencies);
    memset(a, 0, sizeof(*a));
    a->agency = code;
    a->agency_name = name ? name : code;
    return a;
}

void dndn_daily_add_open(dndn_daily_report *r, const char *status,
                         const char *agency, apr_int64_t n, apr_int64_t overdue)
{
    const char *owner = open_owner(status, agency);

    r->open += n;
    r->overdue += overdue;
    if (!owner) {
        r->unassigned += n;
        return;
    }
    dndn_daily_agency *a = dndn_daily_agency_of(r, owner, NULL);
    a->open += n;
    a->overdue += overdue;
}

void dndn_daily_add_answer(dndn_daily_report *r, const char *agency,
                           apr_int64_t assigned_at, apr_int64_t answered_at,
                           apr_int64_t due_at)
{
    dndn_daily_agency *a = dndn_daily_agency_of(r, agency, NULL);

    if (due_at > 0 && answered_at > due_at) {
        a->answered_late++;
    }
    else {
        a->answered_on_time++;
    }
    if (assigned_at > 0) {
        a->answer_seconds +=
            dndn_calendar_working_seconds(r->cal, assigned_at, answered_at);
        a->answers_timed++;
    }
}

void dndn_daily_add_overdue(dndn_daily_report *r, const char *code,
                            const char *status, const char *agency,
                            apr_int64_t due_at, const char *title)
{
    dndn_overdue_item *it = apr_array_push(r->overdue_list);

    it->code = code;
    it->agency = open_owner(status, agency);
    it->title = title;
    it->due_at = due_at;
    it->days_overdue = -dndn_calendar_days_left(r->cal, r->as_of, due_at);
}

static int cmp_overdue(const void *a, const void *b)
{
    const dndn_overdue_item *x = a, *y = b;

    if (x->due_at != y->due_at) {
        return x->due_at < y->due_at ? -1 : 1;
    }
    return strcmp(x->code, y->code);
}

void dndn_daily_finish(dndn_daily_report *r)
{
    qsort(r->overdue_list->elts, (size_t)r->overdue_list->nelts,
          sizeof(dndn_overdue_item), cmp_overdue);
}

static void add_hours(cJSON *o, const char *name, apr_int64_t seconds,
                      apr_int64_t n)
{
    if (n > 0) {
        cJSON_AddNumberToObject(o, name, dndn_report_hours(seconds, n));
    }
    else {
        cJSON_AddNullToObject(o, name);
    }
}

cJSON *dndn_daily_json(const dndn_daily_report *r)
{
    cJSON *o = dndn_json_object(r->pool), *arr;
    int i;

    dndn_json_add_str(o, "date", r->date);
    dndn_json_add_str(o, "as_of", dndn_time_format(r->pool, r->as_of));
    cJSON_AddNumberToObject(o, "received", (double)r->received);
    cJSON_AddNumberToObject(o, "assigned", (double)r->assigned);
    cJSON_AddNumberToObject(o, "answered", (double)r->answered);
    cJSON_AddNumberToObject(o, "open", (double)r->open);
    cJSON_AddNumberToObject(o, "overdue", (double)r->overdue);
    cJSON_AddNumberToObject(o, "unassigned", (double)r->unassigned);
    arr = cJSON_AddArrayToObject(o, "agencies");
    for (i = 0; i < r->agencies->nelts; i++) {
        const dndn_daily_agency *a =
            &APR_ARRAY_IDX(r->agencies, i, dndn_daily_agency);
        cJSON *e = cJSON_CreateObject();

        cJSON_AddItemToArray(arr, e);
        dndn_json_add_str(e, "agency", a->agency);
        dndn_json_add_str(e, "agency_name", a->agency_name);
        cJSON_AddNumberToObject(e, "open", (double)a->open);
        cJSON_AddNumberToObject(e, "answered_on_time",
                                (double)a->answered_on_time);
        cJSON_AddNumberToObject(e, "answered_late", (double)a->answered_late);
        cJSON_AddNumberToObject(e, "overdue", (double)a->overdue);
        add_hours(e, "mean_hours_to_answer", a->answer_seconds,
                  a->answers_timed);
    }
    arr = cJSON_AddArrayToObject(o, "overdue_petitions");
    for (i = 0; i < r->overdue_list->nelts; i++) {
        const dndn_overdue_item *it =
            &APR_ARRAY_IDX(r->overdue_list, i, dndn_overdue_item);
        cJSON *e = cJSON_CreateObject();

        cJSON_AddItemToArray(arr, e);
        dndn_json_add_str(e, "code", it->code);
        dndn_json_add_str(e, "agency", it->agency);
        dndn_json_add_str(e, "due_at", dndn_time_format(r->pool, it->due_at));
        cJSON_AddNumberToObject(e, "days_overdue", it->days_overdue);
        dndn_json_add_str(e, "title", it->title);
    }
    return o;
}

/* CSV text under construction: lines joined with CRLF. */
typedef struct {
    apr_pool_t *p;
    apr_array_header_t *parts; /* of const char* */
} csv_buf;

static void csv_line(csv_buf *b, int n, const char *const *fields)
{
    int i;

    for (i = 0; i < n; i++) {
        if (i) {
            APR_ARRAY_PUSH(b->parts, const char *) = ",";
        }
        APR_ARRAY_PUSH(b->parts, const char *) =
            dndn_csv_field(b->p, fields[i]);
    }
    APR_ARRAY_PUSH(b->parts, const char *) = "\r\n";
}

static const char *csv_done(csv_buf *b, apr_size_t *len)
{
    const char *s = apr_array_pstrcat(b->p, b->parts, 0);

    *len = strlen(s);
    return s;
}

static csv_buf csv_start(apr_pool_t *p)
{
    csv_buf b;

    b.p = p;
    b.parts = apr_array_make(p, 256, sizeof(const char *));
    APR_ARRAY_PUSH(b.parts, const char *) = "\xEF\xBB\xBF"; /* BOM */
    return b;
}

static const char *num(apr_pool_t *p, apr_int64_t v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, v);
}

static const char *hours_text(apr_pool_t *p, apr_int64_t seconds, apr_int64_t n)
{
    return n > 0 ? apr_psprintf(p, "%.1f", dndn_report_hours(seconds, n)) : "";
}

static void csv_pair(csv_buf *b, const char *label, apr_int64_t v)
{
    const char *f[2];

    f[0] = label;
    f[1] = num(b->p, v);
    csv_line(b, 2, f);
}

const char *dndn_daily_csv(const dndn_daily_report *r, apr_size_t *len)
{
    apr_pool_t *p = r->pool;
    csv_buf b = csv_start(p);
    const char *f[7];
    int i;

    f[0] = "Báo cáo ngày";
    f[1] = r->date;
    csv_line(&b, 2, f);
    f[0] = "Số liệu tính đến";
    f[1] = dndn_time_format(p, r->as_of);
    csv_line(&b, 2, f);
    csv_pair(&b, "Tiếp nhận trong ngày", r->received);
    csv_pair(&b, "Chuyển xử lý trong ngày", r->assigned);
    csv_pair(&b, "Trả lời trong ngày", r->answered);
    csv_pair(&b, "Đang xử lý", r->open);
    csv_pair(&b, "Quá hạn", r->overdue);
    csv_pair(&b, "Chờ phân công", r->unassigned);
    csv_line(&b, 0, f);
    f[0] = "Mã cơ quan";
    f[1] = "Cơ quan";
    f[2] = "Đang xử lý";
    f[3] = "Trả lời đúng hạn";
    f[4] = "Trả lời trễ hạn";
    f[5] = "Quá hạn";
    f[6] = "Số giờ làm việc trung bình để trả lời";
    csv_line(&b, 7, f);
    for (i = 0; i < r->agencies->nelts; i++) {
        const dndn_daily_agency *a =
            &APR_ARRAY_IDX(r->agencies, i, dndn_daily_agency);

        f[0] = a->agency;
        f[1] = a->agency_name;
        f[2] = num(p, a->open);
        f[3] = num(p, a->answered_on_time);
        f[4] = num(p, a->answered_late);
        f[5] = num(p, a->overdue);
        f[6] = hours_text(p, a->answer_seconds, a->answers_timed);
        csv_line(&b, 7, f);
    }
    csv_line(&b, 0, f);
    f[0] = "Mã phản ánh";
    f[1] = "Cơ quan";
    f[2] = "Hạn xử lý";
    f[3] = "Số ngày làm việc quá hạn";
    f[4] = "Tiêu đề";
    csv_line(&b, 5, f);
    for (i = 0; i < r->overdue_list->nelts; i++) {
        const dndn_overdue_item *it =
            &APR_ARRAY_IDX(r->overdue_list, i, dndn_overdue_item);

        f[0] = it->code;
        f[1] = it->agency;
        f[2] = dndn_time_format(p, it->due_at);
        f[3] = num(p, it->days_overdue);
        f[4] = it->title;
        csv_line(&b, 5, f);
    }
    return csv_done(&b, len);
}

/* ---- the oversight view ---- */

static void stats_init(apr_pool_t *p, dndn_agency_stats *s, const char *code,
                       const char *name)
{
    memset(s, 0, sizeof(*s));
    s->agency = code;
    s->agency_name = name ? name : code;
    s->by_category = apr_hash_make(p);
    s->answer_seconds = apr_array_make(p, 16, sizeof(apr_int64_t));
}

dndn_oversight_report *dndn_oversight_make(apr_pool_t *p,
                                           const dndn_calendar *cal,
                                           const char *from, const char *to,
                                           apr_int64_t start, apr_int64_t end)
{
    dndn_oversight_report *r = apr_pcalloc(p, sizeof(*r));

    r->pool = p;
    r->cal = cal;
    r->from = apr_pstrdup(p, from);
    r->to = apr_pstrdup(p, to);
    r->start = start;
    r->end = end;
    r->categories = apr_array_make(p, 16, sizeof(const char *));
    r->agencies = apr_array_make(p, 32, sizeof(dndn_agency_stats));
    stats_init(p, &r->total, NULL, NULL);
    return r;
}

void dndn_oversight_add_category(dndn_oversight_report *r, const char *code)
{
    int i;

    for (i = 0; i < r->categories->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(r->categories, i, const char *), code)) {
            return;
        }
    }
    APR_ARRAY_PUSH(r->categories, const char *) = apr_pstrdup(r->pool, code);
}

dndn_agency_stats *dndn_oversight_agency_of(dndn_oversight_report *r,
                                            const char *code, const char *name)
{
    dndn_agency_stats *s;
    int i;

    for (i = 0; i < r->agencies->nelts; i++) {
        s = &APR_ARRAY_IDX(r->agencies, i, dndn_agency_stats);
        if (same(s->agency, code)) {
            return s;
        }
    }
    s = apr_array_push(r->agencies);
    stats_init(r->pool, s, code, name);
    return s;
}

static void count_petitions(apr_pool_t *p, dndn_agency_stats *s, int status,
                            const char *category, apr_int64_t n)
{
    apr_int64_t *c =
        apr_hash_get(s->by_category, category, APR_HASH_KEY_STRING);

    s->petitions += n;
    if (status >= 0 && status < DNDN_ST_COUNT) {
        s->by_status[status] += n;
    }
    if (!c) {
        c = apr_pcalloc(p, sizeof(*c));
        apr_hash_set(s->by_category, apr_pstrdup(p, category),
                     APR_HASH_KEY_STRING, c);
    }
    *c += n;
}

void dndn_oversight_add_petitions(dndn_oversight_report *r, const char *agency,
                                  const char *status, const char *category,
                                  apr_int64_t n)
{
    int st = dndn_status_parse(status);

    dndn_oversight_add_category(r, category);
    count_petitions(r->pool, &r->total, st, category, n);
    if (agency) {
        count_petitions(r->pool, dndn_oversight_agency_of(r, agency, NULL), st,
                        category, n);
    }
}

static void count_answer(dndn_agency_stats *s, const dndn_calendar *cal,
                         apr_int64_t assigned_at, apr_int64_t answered_at,
                         apr_int64_t due_at)
{
    s->answered++;
    if (due_at > 0 && answered_at > due_at) {
        s->answered_late++;
    }
    else {
        s->answered_on_time++;
    }
    if (assigned_at > 0) {
        APR_ARRAY_PUSH(s->answer_seconds, apr_int64_t) =
            dndn_calendar_working_seconds(cal, assigned_at, answered_at);
    }
}

void dndn_oversight_add_answer(dndn_oversight_report *r, const char *agency,
                               apr_int64_t assigned_at, apr_int64_t answered_at,
                               apr_int64_t due_at)
{
    count_answer(&r->total, r->cal, assigned_at, answered_at, due_at);
    count_answer(dndn_oversight_agency_of(r, agency, NULL), r->cal, assigned_at,
                 answered_at, due_at);
}

/* Ratio rounded to 0.001 (half up); n > 0. */
static double rate(apr_int64_t k, apr_int64_t n)
{
    return (double)((k * 2000 + n) / (2 * n)) / 1000.0;
}

static apr_int64_t sum_of(const apr_array_header_t *v)
{
    apr_int64_t s = 0;
    int i;

    for (i = 0; i < v->nelts; i++) {
        s += APR_ARRAY_IDX(v, i, apr_int64_t);
    }
    return s;
}

/* Figures derived from a stats record, shared by JSON and CSV. */
typedef struct {
    int has_rate, has_hours;
    double rate, mean, p90;
} derived;

static derived derive(const dndn_agency_stats *s)
{
    derived d = {0};
    apr_int64_t n = s->answer_seconds->nelts;

    if (s->answered > 0) {
        d.has_rate = 1;
        d.rate = rate(s->answered_on_time, s->answered);
    }
    if (n > 0) {
        d.has_hours = 1;
        d.mean = dndn_report_hours(sum_of(s->answer_seconds), n);
        d.p90 =
            dndn_report_hours(dndn_report_percentile(s->answer_seconds, 90), 1);
    }
    return d;
}

static cJSON *stats_json(const dndn_oversight_report *r,
                         const dndn_agency_stats *s, int with_agency)
{
    cJSON *o = cJSON_CreateObject(), *m;
    derived d = derive(s);
    int i;

    if (with_agency) {
        dndn_json_add_str(o, "agency", s->agency);
        dndn_json_add_str(o, "agency_name", s->agency_name);
    }
    cJSON_AddNumberToObject(o, "petitions", (double)s->petitions);
    cJSON_AddNumberToObject(o, "answered", (double)s->answered);
    cJSON_AddNumberToObject(o, "answered_on_time", (double)s->answered_on_time);
    cJSON_AddNumberToObject(o, "answered_late", (double)s->answered_late);
    if (d.has_rate) {
        cJSON_AddNumberToObject(o, "on_time_rate", d.rate);
    }
    else {
        cJSON_AddNullToObject(o, "on_time_rate");
    }
    if (d.has_hours) {
        cJSON_AddNumberToObject(o, "mean_hours_to_answer", d.mean);
        cJSON_AddNumberToObject(o, "p90_hours_to_answer", d.p90);
    }
    else {
        cJSON_AddNullToObject(o, "mean_hours_to_answer");
        cJSON_AddNullToObject(o, "p90_hours_to_answer");
    }
    m = cJSON_AddObjectToObject(o, "by_status");
    for (i = 0; i < DNDN_ST_COUNT; i++) {
        cJSON_AddNumberToObject(m, dndn_status_name((dndn_status)i),
                                (double)s->by_status[i]);
    }
    m = cJSON_AddObjectToObject(o, "by_category");
    for (i = 0; i < r->categories->nelts; i++) {
        const char *c = APR_ARRAY_IDX(r->categories, i, const char *);
        const apr_int64_t *v =
            apr_hash_get(s->by_category, c, APR_HASH_KEY_STRING);

        cJSON_AddNumberToObject(m, c, v ? (double)*v : 0.0);
    }
    return o;
}

cJSON *dndn_oversight_json(const dndn_oversight_report *r)
{
    cJSON *o = dndn_json_object(r->pool), *arr;
    int i;

    dndn_json_add_str(o, "from", r->from);
    dndn_json_add_str(o, "to", r->to);
    dndn_json_add_str(o, "as_of", dndn_time_format(r->pool, r->end));
    arr = cJSON_AddArrayToObject(o, "agencies");
    for (i = 0; i < r->agencies->nelts; i++) {
        cJSON_AddItemToArray(
            arr, stats_json(
                     r, &APR_ARRAY_IDX(r->agencies, i, dndn_agency_stats), 1));
    }
    cJSON_AddItemToObject(o, "total", stats_json(r, &r->total, 0));
    return o;
}

static void csv_stats(csv_buf *b, const dndn_oversight_report *r,
                      const dndn_agency_stats *s, const char *code,
                      const char *name)
{
    apr_pool_t *p = b->p;
    int ncol = 9 + DNDN_ST_COUNT + r->categories->nelts, i, k = 0;
    const char **f = apr_palloc(p, sizeof(*f) * (size_t)ncol);
    derived d = derive(s);

    f[k++] = code;
    f[k++] = name;
    f[k++] = num(p, s->petitions);
    f[k++] = num(p, s->answered);
    f[k++] = num(p, s->answered_on_time);
    f[k++] = num(p, s->answered_late);
    f[k++] = d.has_rate ? apr_psprintf(p, "%.3f", d.rate) : "";
    f[k++] = d.has_hours ? apr_psprintf(p, "%.1f", d.mean) : "";
    f[k++] = d.has_hours ? apr_psprintf(p, "%.1f", d.p90) : "";
    for (i = 0; i < DNDN_ST_COUNT; i++) {
        f[k++] = num(p, s->by_status[i]);
    }
    for (i = 0; i < r->categories->nelts; i++) {
        const apr_int64_t *v = apr_hash_get(
            s->by_category, APR_ARRAY_IDX(r->categories, i, const char *),
            APR_HASH_KEY_STRING);
        f[k++] = num(p, v ? *v : 0);
    }
    csv_line(b, ncol, f);
}

const char *dndn_oversight_csv(const dndn_oversight_report *r, apr_size_t *len)
{
    static const char *const head[] = {"Mã cơ quan",
                                       "Cơ quan",
                                       "Số phản ánh nhận",
                                       "Đã trả lời",
                                       "Trả lời đúng hạn",
                                       "Trả lời trễ hạn",
                                       "Tỷ lệ đúng hạn",
                                       "Số giờ trung bình để trả lời",
                                       "Số giờ để trả lời (bách phân vị 90)"};
    apr_pool_t *p = r->pool;
    csv_buf b = csv_start(p);
    int ncol = 9 + DNDN_ST_COUNT + r->categories->nelts, i, k;
    const char **f = apr_palloc(p, sizeof(*f) * (size_t)ncol);

    f[0] = "Từ ngày";
    f[1] = r->from;
    f[2] = "Đến ngày";
    f[3] = r->to;
    csv_line(&b, 4, f);
    for (k = 0; k < 9; k++) {
        f[k] = head[k];
    }
    for (i = 0; i < DNDN_ST_COUNT; i++) {
        f[k++] =
            apr_pstrcat(p, "status:", dndn_status_name((dndn_status)i), NULL);
    }
    for (i = 0; i < r->categories->nelts; i++) {
        f[k++] = apr_pstrcat(
            p, "category:", APR_ARRAY_IDX(r->categories, i, const char *),
            NULL);
    }
    csv_line(&b, ncol, f);
    for (i = 0; i < r->agencies->nelts; i++) {
        const dndn_agency_stats *s =
            &APR_ARRAY_IDX(r->agencies, i, dndn_agency_stats);
        csv_stats(&b, r, s, s->agency, s->agency_name);
    }
    csv_stats(&b, r, &r->total, "", "Tổng cộng");
    return csv_done(&b, len);
}
