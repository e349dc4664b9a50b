/*
 * dndn_dossier.c - dossier validation, masking, overdue rule, JSON views.
 */
#include <string.h>

#include <apr_strings.h>
#include <utf8proc.h>

#include "dndn_dossier.h"
#include "dndn_json.h"
#include "dndn_text.h"
#include "dndn_time.h"
#include "dndn_validate.h"

static const char *const statuses[] = {
    "received", "processing", "need_supplement", "done", "result_returned",
    "refused",  NULL};

int dndn_dossier_status_valid(const char *status)
{
    int i;

    for (i = 0; status && statuses[i]; i++) {
        if (!strcmp(status, statuses[i])) {
            return 1;
        }
    }
    return 0;
}

int dndn_dossier_check_code(apr_pool_t *p, apr_array_header_t *errs,
                            const char *code)
{
    apr_size_t n = code ? strlen(code) : 0;
    apr_size_t i;

    (void)p;
    if (n == 0 || n > DNDN_DOSSIER_CODE_MAX) {
        dndn_errors_add(errs, "code", "invalid_code",
                        "Mã hồ sơ phải có từ 1 đến 64 ký tự.");
        return 1;
    }
    for (i = 0; i < n; i++) {
        char c = code[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
            dndn_errors_add(errs, "code", "invalid_code",
                            "Mã hồ sơ chỉ gồm chữ cái không dấu, chữ số và "
                            "các dấu . _ -");
            return 1;
        }
    }
    return 0;
}

/* A string member, with an invalid_type error for other JSON types. */
static const char *member(const cJSON *body, apr_array_header_t *errs,
                          const char *name)
{
    int ok = 1;
    const char *v = dndn_json_get_str(body, name, &ok);

    if (!ok) {
        dndn_errors_add(errs, name, "invalid_type",
                        "Trường này phải là một chuỗi ký tự.");
    }
    return v;
}

void dndn_dossier_text_from_json(apr_pool_t *p, const cJSON *body,
                                 apr_array_header_t *errs,
                                 dndn_dossier_text *out)
{
    (void)p;
    out->procedure_code = member(body, errs, "procedure_code");
    out->status = member(body, errs, "status");
    out->applicant_name = member(body, errs, "applicant_name");
    out->applicant_phone = member(body, errs, "applicant_phone");
    out->applicant_tax_code = member(body, errs, "applicant_tax_code");
    out->received_at = member(body, errs, "received_at");
    out->due_at = member(body, errs, "due_at");
    out->finished_at = member(body, errs, "finished_at");
    out->updated_at = member(body, errs, "updated_at");
}

static int has_error(const apr_array_header_t *errs, const char *field)
{
    int i;

    for (i = 0; i < errs->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(errs, i, dndn_field_error).field, field)) {
            return 1;
        }
    }
    return 0;
}

/* A single-line text field of min..max characters. */
static const char *text_field(apr_pool_t *p, apr_array_header_t *errs,
                              const char *field, const char *in, apr_size_t min,
                              apr_size_t max)
{
    const char *out = NULL;

    if (!has_error(errs, field)) {
        dndn_check_text(p, errs, field, in, in ? strlen(in) : 0, min, max, 0,
                        &out);
    }
    return out;
}

/* An RFC 3339 time; optional ones may be NULL.  Returns nonzero on error. */
static int time_field(apr_array_header_t *errs, const char *field,
                      const char *in, int required, apr_int64_t *out)
{
    *out = 0;
    if (has_error(errs, field)) {
        return 1;
    }
    if (!in && !required) {
        return 0;
    }
    if (!in) {
        dndn_errors_add(errs, field, "required",
                        "Trường này không được để trống.");
        return 1;
    }
    if (dndn_time_parse(in, out)) {
        dndn_errors_add(errs, field, "invalid_time",
                        "Thời gian phải theo dạng RFC 3339, ví dụ "
                        "2026-02-13T10:00:00+07:00.");
        return 1;
    }
    return 0;
}

static int blank(apr_pool_t *p, const char *s)
{
    return !s || !*dndn_text_trim(p, s);
}

/* Optional phone or tax code: blank means absent. */
static const char *optional_field(apr_pool_t *p, apr_array_header_t *errs,
                                  const char *field, const char *in,
                                  int is_phone)
{
    const char *out = NULL;

    if (has_error(errs, field) || blank(p, in)) {
        return NULL;
    }
    if (is_phone) {
        dndn_check_phone(p, errs, field, in, &out);
    }
    else {
        dndn_check_tax_code(p, errs, field, in, &out);
    }
    return out;
}

int dndn_dossier_validate(apr_pool_t *p, const char *code,
                          const dndn_dossier_text *in, apr_array_header_t *errs,
                          dndn_dossier *out)
{
    int times_ok = 1;

    memset(out, 0, sizeof(*out));
    dndn_dossier_check_code(p, errs, code);
    out->code = code;
    out->procedure_code =
        text_field(p, errs, "procedure_code", in->procedure_code, 1,
                   DNDN_DOSSIER_PROC_MAX);
    if (!has_error(errs, "status") && !dndn_dossier_status_valid(in->status)) {
        dndn_errors_add(errs, "status",
                        in->status ? "invalid_status" : "required",
                        "Trạng thái phải là một trong: received, processing, "
                        "need_supplement, done, result_returned, refused.");
    }
    out->status = in->status;
    out->applicant_name =
        text_field(p, errs, "applicant_name", in->applicant_name, 1,
                   DNDN_DOSSIER_NAME_MAX);
    out->applicant_phone =
        optional_field(p, errs, "applicant_phone", in->applicant_phone, 1);
    out->applicant_tax_code = optional_field(p, errs, "applicant_tax_code",
                                             in->applicant_tax_code, 0);
    times_ok &=
        !time_field(errs, "received_at", in->received_at, 1, &out->received_at);
    times_ok &= !time_field(errs, "due_at", in->due_at, 1, &out->due_at);
    time_field(errs, "finished_at", in->finished_at, 0, &out->finished_at);
    time_field(errs, "updated_at", in->updated_at, 1, &out->source_updated_at);
    if (times_ok && out->due_at < out->received_at) {
        dndn_errors_add(errs, "due_at", "before_received",
                        "Hạn trả kết quả không được trước thời điểm tiếp "
                        "nhận hồ sơ.");
    }
    return errs->nelts > 0;
}

const char *dndn_dossier_time_text(apr_pool_t *p, const char *s)
{
    if (s && strlen(s) == 19 && (s[10] == ' ' || s[10] == 'T')) {
        return apr_pstrcat(p, s, "+07:00", NULL);
    }
    return s;
}

int dndn_dossier_event_from_json(apr_pool_t *p, const cJSON *body,
                                 apr_array_header_t *errs,
                                 dndn_dossier_event *out)
{
    const char *at = member(body, errs, "at");
    const char *step = member(body, errs, "step");
    const char *agency = member(body, errs, "agency");
    const char *note = member(body, errs, "note");

    memset(out, 0, sizeof(*out));
    time_field(errs, "at", at, 1, &out->at);
    out->step = text_field(p, errs, "step", step, 1, DNDN_DOSSIER_STEP_MAX);
    out->agency =
        text_field(p, errs, "agency", agency, 1, DNDN_DOSSIER_STEP_MAX);
    if (note && !has_error(errs, "note") && !blank(p, note)) {
        dndn_check_text(p, errs, "note", note, strlen(note), 1,
                        DNDN_DOSSIER_NOTE_MAX, 1, &out->note);
    }
    return errs->nelts > 0;
}

/* ---------- masking ---------- */

static apr_size_t decode(const char *s, utf8proc_int32_t *cp)
{
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, cp);

    return n > 0 ? (apr_size_t)n : 1;
}

static int is_mark(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);

    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
           c == UTF8PROC_CATEGORY_ME;
}

/* Append the upper-case initial of the word at s (its first code point
 * with the marks that follow) and a dot. */
static void append_initial(char *out, apr_size_t *o, const char *s)
{
    utf8proc_int32_t cp;
    apr_size_t n = decode(s, &cp), i = n;

    *o += (apr_size_t)utf8proc_encode_char(utf8proc_toupper(cp),
                                           (utf8proc_uint8_t *)out + *o);
    while (s[i]) {
        apr_size_t m = decode(s + i, &cp);
        if (!is_mark(cp)) {
            break;
        }
        memcpy(out + *o, s + i, m);
        *o += m;
        i += m;
    }
    out[(*o)++] = '.';
}

/* Bytes of white space (or of a word, when !space) at the start of s. */
static apr_size_t span(const char *s, int space)
{
    apr_size_t i = 0;
    utf8proc_int32_t cp;

    while (s[i]) {
        apr_size_t n = decode(s + i, &cp);
        if (!dndn_text_is_space(cp) != !space) {
            break;
        }
        i += n;
    }
    return i;
}

const char *dndn_dossier_mask_name(apr_pool_t *p, const char *name)
{
    const char *nfc = NULL, *s;
    char *out;
    apr_size_t o = 0, n;

    if (!name || dndn_text_normalize(p, name, strlen(name), 1, &nfc) != NULL) {
        return "";
    }
    s = dndn_text_trim(p, nfc);
    /* Each initial ("X." after a space) takes at most twice the bytes of
     * the word and separator it replaces. */
    out = apr_palloc(p, strlen(s) * 2 + 8);
    n = span(s, 0);
    memcpy(out, s, n); /* the family name, whole */
    o = n;
    s += n;
    while (*s) {
        s += span(s, 1);
        if (!*s) {
            break;
        }
        out[o++] = ' ';
        append_initial(out, &o, s);
        s += span(s, 0);
    }
    out[o] = '\0';
    return out;
}

/* ---------- rules and views ---------- */

/* Nonzero when a comes after b in a timeline. */
static int event_after(const dndn_dossier_event *a, const dndn_dossier_event *b)
{
    apr_int64_t ia, ib;

    if (a->at != b->at) {
        return a->at > b->at;
    }
    ia = a->id ? apr_atoi64(a->id) : 0;
    ib = b->id ? apr_atoi64(b->id) : 0;
    return ia > ib;
}

void dndn_dossier_events_sort(apr_array_header_t *steps)
{
    dndn_dossier_event *e = (dndn_dossier_event *)steps->elts;
    int i, j;

    /* Insertion sort: a timeline has a handful of steps, usually stored
     * in order already. */
    for (i = 1; i < steps->nelts; i++) {
        dndn_dossier_event cur = e[i];
        for (j = i; j > 0 && event_after(&e[j - 1], &cur); j--) {
            e[j] = e[j - 1];
        }
        e[j] = cur;
    }
}

int dndn_dossier_overdue(const dndn_dossier *d, apr_int64_t now)
{
    if (d->finished_at) {
        return d->finished_at > d->due_at;
    }
    return now > d->due_at;
}

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

int dndn_dossier_same(const dndn_dossier *a, const dndn_dossier *b)
{
    return same_str(a->procedure_code, b->procedure_code) &&
           same_str(a->status, b->status) &&
           same_str(a->applicant_name, b->applicant_name) &&
           same_str(a->applicant_phone, b->applicant_phone) &&
           same_str(a->applicant_tax_code, b->applicant_tax_code) &&
           a->received_at == b->received_at && a->due_at == b->due_at &&
           a->finished_at == b->finished_at &&
           a->source_updated_at == b->source_updated_at;
}

static void add_time(apr_pool_t *p, dndn_jw *w, const char *name, apr_int64_t t)
{
    dndn_jw_str(w, name, t ? dndn_time_format(p, t) : NULL);
}

/* Opens the object with the fields both views share. */
static void dossier_common(apr_pool_t *p, dndn_jw *w, const dndn_dossier *d,
                           apr_int64_t now)
{
    dndn_jw_open(w, NULL, '{');
    dndn_jw_str(w, "code", d->code);
    dndn_jw_str(w, "procedure_code", d->procedure_code);
    dndn_jw_str(w, "status", d->status);
    add_time(p, w, "received_at", d->received_at);
    add_time(p, w, "due_at", d->due_at);
    add_time(p, w, "finished_at", d->finished_at);
    dndn_jw_bool(w, "overdue", dndn_dossier_overdue(d, now));
}

const char *dndn_dossier_partner_json(apr_pool_t *p, const dndn_dossier *d,
                                      apr_int64_t now, apr_size_t *len)
{
    dndn_jw w;

    dndn_jw_init(&w, p, 512);
    dossier_common(p, &w, d, now);
    dndn_jw_str(&w, "applicant_name", d->applicant_name);
    dndn_jw_str(&w, "applicant_phone", d->applicant_phone);
    dndn_jw_str(&w, "applicant_tax_code", d->applicant_tax_code);
    add_time(p, &w, "updated_at", d->source_updated_at);
    dndn_jw_close(&w, '}');
    return dndn_jw_text(&w, len);
}

static void event_write(apr_pool_t *p, dndn_jw *w, const dndn_dossier_event *e)
{
    dndn_jw_open(w, NULL, '{');
    add_time(p, w, "at", e->at);
    dndn_jw_str(w, "step", e->step);
    dndn_jw_str(w, "agency", e->agency);
    dndn_jw_str(w, "note", e->note);
    dndn_jw_close(w, '}');
}

const char *dndn_dossier_event_json(apr_pool_t *p, const dndn_dossier_event *e,
                                    apr_size_t *len)
{
    dndn_jw w;

    dndn_jw_init(&w, p, 256);
    event_write(p, &w, e);
    return dndn_jw_text(&w, len);
}

const char *dndn_dossier_steps_json(apr_pool_t *p, apr_array_header_t *steps,
                                    apr_size_t *len)
{
    dndn_jw w;
    int i, n = steps ? steps->nelts : 0;

    dndn_jw_init(&w, p, 64 + 160 * (apr_size_t)n);
    dndn_jw_open(&w, NULL, '[');
    if (steps) {
        dndn_dossier_events_sort(steps);
    }
    for (i = 0; i < n; i++) {
        event_write(p, &w, &APR_ARRAY_IDX(steps, i, dndn_dossier_event));
    }
    dndn_jw_close(&w, ']');
    return dndn_jw_text(&w, len);
}

const char *dndn_dossier_public_json(apr_pool_t *p, const dndn_dossier *d,
                                     const char *steps_json,
                                     apr_size_t steps_len, apr_int64_t now,
                                     apr_size_t *len)
{
    dndn_jw w;

    dndn_jw_init(&w, p, 320 + steps_len);
    dossier_common(p, &w, d, now);
    dndn_jw_raw(&w, "steps", steps_json, steps_len);
    dndn_jw_str(&w, "applicant_name",
                dndn_dossier_mask_name(p, d->applicant_name));
    dndn_jw_close(&w, '}');
    return dndn_jw_text(&w, len);
}
