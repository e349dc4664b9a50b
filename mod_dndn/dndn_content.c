/*
 * dndn_content.c - request bodies of the procedure catalogue and of posts
 * to records, with Vietnamese field errors.
 */
#include <math.h>
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>

#include "dndn_content.h"
#include "dndn_json.h"
#include "dndn_validate.h"

int dndn_procedure_code_valid(const char *code)
{
    apr_size_t i, n = code ? strlen(code) : 0;

    if (n < 1 || n > 32 || !apr_isalnum(code[0])) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!apr_isalnum(code[i]) && !strchr(".-_", code[i])) {
            return 0;
        }
    }
    return 1;
}

int dndn_procedure_level_valid(const char *level)
{
    return level &&
           (!strcmp(level, "full_online") || !strcmp(level, "partial_online") ||
            !strcmp(level, "offline"));
}

int dndn_post_category_valid(const char *category)
{
    return category &&
           (!strcmp(category, "policy") || !strcmp(category, "support") ||
            !strcmp(category, "announcement") || !strcmp(category, "news"));
}

static const char *type_error(apr_array_header_t *errs, const char *field,
                              const char *message)
{
    dndn_errors_add(errs, field, "invalid_type", message);
    return NULL;
}

/* A string member: NULL when absent or null; a type error otherwise. */
static const char *str_member(const cJSON *o, const char *name,
                              apr_array_header_t *errs, int *present)
{
    int ok = 1;
    const char *s = dndn_json_get_str(o, name, &ok);

    *present = ok && s;
    if (!ok) {
        return type_error(errs, name, "Trường này phải là một chuỗi ký tự.");
    }
    return s;
}

/* A member present with a type other than string or null (its error
 * has been added by str_member). */
static int wrong_type(const cJSON *o, const char *name)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);

    return m && !cJSON_IsNull(m) && !cJSON_IsString(m);
}

/* Optional one-line text: cleaned, or NULL when absent/null/invalid. */
static const char *opt_text(apr_pool_t *p, const cJSON *o, const char *name,
                            apr_size_t max, int newlines,
                            apr_array_header_t *errs)
{
    int present;
    const char *s = str_member(o, name, errs, &present), *clean = NULL;

    if (!present) {
        return NULL;
    }
    dndn_check_text(p, errs, name, s, strlen(s), 1, max, newlines, &clean);
    return clean;
}

static int url_ok(const char *u)
{
    const char *host;

    if (!strncmp(u, "https://", 8)) {
        host = u + 8;
    }
    else if (!strncmp(u, "http://", 7)) {
        host = u + 7;
    }
    else {
        return 0;
    }
    if (!apr_isalnum(*host)) {
        return 0;
    }
    for (; *u; u++) {
        if ((unsigned char)*u <= ' ' || (unsigned char)*u >= 0x7f ||
            strchr("\"<>\\^`{|}", *u)) {
            return 0;
        }
    }
    return 1;
}

int dndn_procedure_from_json(apr_pool_t *p, const cJSON *body, const char *code,
                             apr_array_header_t *errs, dndn_procedure *out)
{
    int before = errs->nelts, present;
    const char *s;
    const cJSON *m;

    memset(out, 0, sizeof(*out));
    if (!dndn_procedure_code_valid(code)) {
        dndn_errors_add(errs, "code", "invalid_code",
                        "Mã thủ tục không hợp lệ: tối đa 32 ký tự gồm chữ, "
                        "số và dấu chấm, ví dụ 1.001612.");
    }
    out->code = code;
    s = str_member(body, "name", errs, &present);
    if (!wrong_type(body, "name")) {
        dndn_check_text_labeled(p, errs, "name", "Tên thủ tục", s,
                                s ? strlen(s) : 0, 5, DNDN_PROC_NAME_MAX, 0,
                                &out->name);
    }
    out->agency_code = opt_text(p, body, "agency", 32, 0, errs);
    s = str_member(body, "level", errs, &present);
    if (present && dndn_procedure_level_valid(s)) {
        out->level = s;
    }
    else if (!wrong_type(body, "level")) {
        dndn_errors_add(errs, "level", present ? "invalid_level" : "required",
                        "Mức độ dịch vụ công phải là full_online, "
                        "partial_online hoặc offline.");
    }
    m = cJSON_GetObjectItemCaseSensitive(body, "processing_days");
    if (m && !cJSON_IsNull(m)) {
        if (!cJSON_IsNumber(m) || m->valuedouble != floor(m->valuedouble) ||
            m->valuedouble < 0 || m->valuedouble > DNDN_PROC_DAYS_MAX) {
            dndn_errors_add(errs, "processing_days", "invalid_days",
                            "Thời hạn giải quyết phải là số ngày nguyên từ "
                            "0 đến 365.");
        }
        else {
            out->processing_days = apr_itoa(p, (int)m->valuedouble);
        }
    }
    out->fee = opt_text(p, body, "fee", DNDN_PROC_FEE_MAX, 0, errs);
    if (!out->fee) {
        out->fee = "";
    }
    m = cJSON_GetObjectItemCaseSensitive(body, "documents");
    if (m && !cJSON_IsNull(m)) {
        const cJSON *d;
        cJSON *arr = dndn_json_array(p);
        int i = 0, bad = 0;
        if (!cJSON_IsArray(m) || cJSON_GetArraySize(m) > DNDN_PROC_DOCS_MAX) {
            dndn_errors_add(errs, "documents", "invalid_documents",
                            "Thành phần hồ sơ phải là danh sách (tối đa 50 "
                            "mục) các chuỗi ký tự.");
            bad = 1;
        }
        for (d = bad ? NULL : m->child; d; d = d->next, i++) {
            const char *clean = NULL;
            const char *field = apr_psprintf(p, "documents[%d]", i);
            if (!cJSON_IsString(d)) {
                dndn_errors_add(errs, field, "invalid_type",
                                "Mỗi thành phần hồ sơ phải là một chuỗi ký "
                                "tự.");
                continue;
            }
            if (!dndn_check_text(p, errs, field, d->valuestring,
                                 strlen(d->valuestring), 1, DNDN_PROC_DOC_MAX,
                                 0, &clean)) {
                cJSON_AddItemToArray(arr, cJSON_CreateString(clean));
            }
        }
        out->documents = dndn_json_print(p, arr, NULL);
    }
    else {
        out->documents = "[]";
    }
    s = str_member(body, "online_url", errs, &present);
    if (present && *s) {
        if (strlen(s) > DNDN_URL_MAX || !url_ok(s)) {
            dndn_errors_add(errs, "online_url", "invalid_url",
                            "Địa chỉ dịch vụ công trực tuyến phải là một "
                            "URL http:// hoặc https:// hợp lệ.");
        }
        else {
            out->online_url = s;
        }
    }
    return errs->nelts - before;
}

int dndn_post_from_json(apr_pool_t *p, const cJSON *body,
                        apr_array_header_t *errs, dndn_post *out,
                        int *published)
{
    int before = errs->nelts, present;
    const char *s;
    const cJSON *m;

    memset(out, 0, sizeof(*out));
    s = str_member(body, "category", errs, &present);
    if (present && dndn_post_category_valid(s)) {
        out->category = s;
    }
    else if (!wrong_type(body, "category")) {
        dndn_errors_add(errs, "category",
                        present ? "invalid_category" : "required",
                        "Chuyên mục phải là policy, support, announcement "
                        "hoặc news.");
    }
    s = str_member(body, "title", errs, &present);
    if (!wrong_type(body, "title")) {
        dndn_check_title(p, errs, "title", s, s ? strlen(s) : 0, &out->title);
    }
    out->summary = opt_text(p, body, "summary", DNDN_POST_SUMMARY_MAX, 1, errs);
    if (!out->summary) {
        out->summary = "";
    }
    s = str_member(body, "body", errs, &present);
    if (!wrong_type(body, "body")) {
        dndn_check_text_labeled(p, errs, "body", "Nội dung", s,
                                s ? strlen(s) : 0, 1, DNDN_POST_BODY_MAX, 1,
                                &out->body);
    }
    *published = 1;
    m = cJSON_GetObjectItemCaseSensitive(body, "published");
    if (m && !cJSON_IsNull(m)) {
        if (!cJSON_IsBool(m)) {
            dndn_errors_add(errs, "published", "invalid_type",
                            "Trường published phải là true hoặc false.");
        }
        else {
            *published = cJSON_IsTrue(m);
        }
    }
    return errs->nelts - before;
}
