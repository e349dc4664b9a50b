/* dndn_json.c - cJSON wrapped in APR pools, and a JSON writer. */
#include <stdint.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_json.h"

static apr_status_t json_cleanup(void *data)
{
    cJSON_Delete(data);
    return APR_SUCCESS;
}

cJSON *dndn_json_own(apr_pool_t *p, cJSON *j)
{
    if (j) {
        apr_pool_cleanup_register(p, j, json_cleanup, apr_pool_cleanup_null);
    }
    return j;
}

cJSON *dndn_json_object(apr_pool_t *p)
{
    return dndn_json_own(p, cJSON_CreateObject());
}

cJSON *dndn_json_array(apr_pool_t *p)
{
    return dndn_json_own(p, cJSON_CreateArray());
}

int dndn_json_depth(const char *buf, apr_size_t len, int max)
{
    int depth = 0, deepest = 0, in_string = 0;
    apr_size_t i;

    for (i = 0; i < len; i++) {
        char c = buf[i];
        if (in_string) {
            if (c == '\\') {
                i++;
            }
            else if (c == '"') {
                in_string = 0;
            }
            continue;
        }
        if (c == '"') {
            in_string = 1;
        }
        else if (c == '{' || c == '[') {
            if (++depth > deepest) {
                deepest = depth;
                if (deepest > max) {
                    return max + 1;
                }
            }
        }
        else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return deepest;
}

cJSON *dndn_json_parse(apr_pool_t *p, const char *buf, apr_size_t len,
                       int want_object, const char **err)
{
    cJSON *j;
    const char *end = NULL;

    if (dndn_json_depth(buf, len, DNDN_JSON_MAX_DEPTH) > DNDN_JSON_MAX_DEPTH) {
        *err = "too_deep";
        return NULL;
    }
    j = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    if (!j) {
        *err = "invalid_json";
        return NULL;
    }
    dndn_json_own(p, j);
    /* Only whitespace may follow the value. */
    while (end && (apr_size_t)(end - buf) < len &&
           (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')) {
        end++;
    }
    if (end && (apr_size_t)(end - buf) < len) {
        *err = "invalid_json";
        return NULL;
    }
    if (want_object && !cJSON_IsObject(j)) {
        *err = "not_object";
        return NULL;
    }
    return j;
}

void dndn_json_add_str(cJSON *o, const char *name, const char *s)
{
    /* Neither copied: one malloc for the item where there were three (and
     * as many frees in cJSON_Delete). */
    cJSON_AddItemToObjectCS(
        o, name, s ? cJSON_CreateStringReference(s) : cJSON_CreateNull());
}

void dndn_json_add_int_str(cJSON *o, const char *name, const char *s)
{
    if (s) {
        cJSON_AddNumberToObject(o, name, (double)apr_atoi64(s));
    }
    else {
        cJSON_AddNullToObject(o, name);
    }
}

/* ---------- the writer ---------- */

/* Room for n more bytes and the final NUL. */
static void jw_grow(dndn_jw *w, apr_size_t n)
{
    char *grown;
    apr_size_t cap = w->cap;

    while (w->len + n + 1 > cap) {
        cap *= 2;
    }
    grown = apr_palloc(w->pool, cap);
    memcpy(grown, w->buf, w->len);
    w->buf = grown;
    w->cap = cap;
}

static void jw_raw(dndn_jw *w, const char *s, apr_size_t n)
{
    if (w->len + n + 1 > w->cap) {
        jw_grow(w, n);
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

#define JW_ONES  0x0101010101010101ULL
#define JW_HIGHS 0x8080808080808080ULL

/* Nonzero if one of the 8 bytes in x is below 0x20, '"' or '\\' (the
 * classic "has a zero byte" test: exact for the word as a whole). */
static int jw_word_escaped(uint64_t x)
{
    uint64_t q = x ^ (JW_ONES * '"'), b = x ^ (JW_ONES * '\\');

    return ((((x - JW_ONES * 0x20) & ~x) | ((q - JW_ONES) & ~q) |
             ((b - JW_ONES) & ~b)) &
            JW_HIGHS) != 0;
}

/* A quoted string, escaped as cJSON's printer does: '"', '\\' and the
 * control characters below 0x20 (short forms where JSON has them, else
 * \u00xx); every other byte as it is.  Room for the worst case (every
 * byte six) is made once; bytes go eight at a time while none of them
 * needs escaping. */
static void jw_quoted(dndn_jw *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t n = strlen(s);
    const unsigned char *end = u + n;
    char *o;

    if (w->len + n * 6 + 2 + 1 > w->cap) {
        jw_grow(w, n * 6 + 2);
    }
    o = w->buf + w->len;
    *o++ = '"';
    while (u < end) {
        unsigned char c;

        if (end - u >= 8) {
            uint64_t x;

            memcpy(&x, u, 8);
            if (!jw_word_escaped(x)) {
                memcpy(o, u, 8);
                o += 8;
                u += 8;
                continue;
            }
        }
        c = *u++;
        if (c >= 0x20 && c != '"' && c != '\\') {
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *o++ = (char)c;
            break;
        case '\b':
            *o++ = 'b';
            break;
        case '\f':
            *o++ = 'f';
            break;
        case '\n':
            *o++ = 'n';
            break;
        case '\r':
            *o++ = 'r';
            break;
        case '\t':
            *o++ = 't';
            break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o++ = '"';
    w->len = (apr_size_t)(o - w->buf);
}

/* The separator and name before a value. */
static void jw_member(dndn_jw *w, const char *name)
{
    if (w->comma) {
        jw_raw(w, ",", 1);
    }
    if (name) {
        jw_quoted(w, name);
        jw_raw(w, ":", 1);
    }
    w->comma = 1;
}

void dndn_jw_init(dndn_jw *w, apr_pool_t *p, apr_size_t size_hint)
{
    w->pool = p;
    w->cap = size_hint > 16 ? size_hint : 16;
    w->buf = apr_palloc(p, w->cap);
    w->len = 0;
    w->comma = 0;
}

void dndn_jw_open(dndn_jw *w, const char *name, char bracket)
{
    jw_member(w, name);
    jw_raw(w, &bracket, 1);
    w->comma = 0;
}

void dndn_jw_close(dndn_jw *w, char bracket)
{
    jw_raw(w, &bracket, 1);
    w->comma = 1;
}

void dndn_jw_str(dndn_jw *w, const char *name, const char *s)
{
    jw_member(w, name);
    if (s) {
        jw_quoted(w, s);
    }
    else {
        jw_raw(w, "null", 4);
    }
}

void dndn_jw_bool(dndn_jw *w, const char *name, int b)
{
    jw_member(w, name);
    if (b) {
        jw_raw(w, "true", 4);
    }
    else {
        jw_raw(w, "false", 5);
    }
}

void dndn_jw_raw(dndn_jw *w, const char *name, const char *json, apr_size_t len)
{
    jw_member(w, name);
    jw_raw(w, json, len);
}

const char *dndn_jw_text(dndn_jw *w, apr_size_t *len)
{
    w->buf[w->len] = '\0';
    if (len) {
        *len = w->len;
    }
    return w->buf;
}

/* One item (and what it holds) as cJSON's printer writes it; -1 for an
 * item cJSON would refuse to print.  Numbers go through cJSON itself
 * (into a stack buffer), so their form is cJSON's by construction. */
static int jw_item(dndn_jw *w, const char *name, const cJSON *item)
{
    const cJSON *child;
    char num[64];

    switch (item->type & 0xFF) {
    case cJSON_NULL:
        dndn_jw_str(w, name, NULL);
        return 0;
    case cJSON_False:
    case cJSON_True:
        dndn_jw_bool(w, name, cJSON_IsTrue(item));
        return 0;
    case cJSON_String:
        dndn_jw_str(w, name, item->valuestring ? item->valuestring : "");
        return 0;
    case cJSON_Number:
        if (!cJSON_PrintPreallocated((cJSON *)item, num, sizeof(num), 0)) {
            return -1;
        }
        jw_member(w, name);
        jw_raw(w, num, strlen(num));
        return 0;
    case cJSON_Raw:
        if (!item->valuestring) {
            return -1;
        }
        jw_member(w, name);
        jw_raw(w, item->valuestring, strlen(item->valuestring));
        return 0;
    case cJSON_Array:
    case cJSON_Object: {
        int array = cJSON_IsArray(item);

        dndn_jw_open(w, name, array ? '[' : '{');
        for (child = item->child; child; child = child->next) {
            const char *key = child->string ? child->string : "";

            if (jw_item(w, array ? NULL : key, child)) {
                return -1;
            }
        }
        dndn_jw_close(w, array ? ']' : '}');
        return 0;
    }
    default:
        return -1;
    }
}

char *dndn_json_print(apr_pool_t *p, const cJSON *j, apr_size_t *len)
{
    dndn_jw w;

    if (!j) {
        return NULL;
    }
    dndn_jw_init(&w, p, 1024);
    if (jw_item(&w, NULL, j)) {
        return NULL;
    }
    return (char *)dndn_jw_text(&w, len);
}

const char *dndn_json_get_str(const cJSON *o, const char *name, int *ok)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);

    if (!m || cJSON_IsNull(m)) {
        return NULL;
    }
    if (!cJSON_IsString(m)) {
        *ok = 0;
        return NULL;
    }
    return m->valuestring;
}

cJSON *dndn_json_problem(apr_pool_t *p, int status, const char *type,
                         const char *title, const char *detail,
                         const apr_array_header_t *errs)
{
    cJSON *o = dndn_json_object(p);

    cJSON_AddStringToObject(o, "type", type);
    cJSON_AddStringToObject(o, "title", title);
    cJSON_AddNumberToObject(o, "status", status);
    if (detail) {
        cJSON_AddStringToObject(o, "detail", detail);
    }
    if (errs && errs->nelts > 0) {
        cJSON *arr = cJSON_AddArrayToObject(o, "errors");
        int i;
        for (i = 0; i < errs->nelts; i++) {
            const dndn_field_error *e =
                &APR_ARRAY_IDX(errs, i, dndn_field_error);
            cJSON *item = cJSON_CreateObject();
            cJSON_AddStringToObject(item, "field", e->field);
            cJSON_AddStringToObject(item, "code", e->code);
            cJSON_AddStringToObject(item, "message", e->message);
            cJSON_AddItemToArray(arr, item);
        }
    }
    return o;
}
