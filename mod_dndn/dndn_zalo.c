/* dndn_zalo.c - the meaning of Zalo Open API answers (see dndn_zalo.h). */
#include <stdlib.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_json.h"
#include "dndn_zalo.h"

/* The "error" member: 0 when absent; a number, or a numeric string. */
static int zalo_error(const cJSON *o, const char **message)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "message");
    int code = 0;

    *message = cJSON_IsString(m) ? m->valuestring : NULL;
    if (cJSON_IsNumber(e)) {
        code = e->valueint;
        if (code == 0 && e->valuedouble != 0) {
            code = -1;
        }
    }
    else if (cJSON_IsString(e) && *e->valuestring) {
        code = atoi(e->valuestring);
        if (code == 0 && strcmp(e->valuestring, "0")) {
            code = -1;
        }
    }
    else if (e && !cJSON_IsNull(e) && !cJSON_IsFalse(e)) {
        code = -1; /* an error member we cannot read is still an error */
    }
    return code;
}

/* A non-empty string member, or a whole number written as digits. */
static const char *id_text(apr_pool_t *p, const cJSON *v)
{
    if (cJSON_IsString(v) && *v->valuestring) {
        return v->valuestring;
    }
    if (cJSON_IsNumber(v) && v->valuedouble >= 1 &&
        v->valuedouble < 9007199254740992.0 &&
        v->valuedouble == (double)(apr_int64_t)v->valuedouble) {
        return apr_psprintf(p, "%" APR_INT64_T_FMT,
                            (apr_int64_t)v->valuedouble);
    }
    return NULL;
}

/* Digits only, at most 64: what the users table can hold as a subject. */
static int id_ok(const char *s)
{
    apr_size_t n = strlen(s);

    return n >= 1 && n <= 64 && strspn(s, "0123456789") == n;
}

int dndn_zalo_parse_me(apr_pool_t *p, const char *buf, apr_size_t len,
                       dndn_zalo_me *out)
{
    const char *err = NULL;
    cJSON *o;
    const cJSON *name;

    memset(out, 0, sizeof(*out));
    out->name = "";
    if (!buf || len > DNDN_ZALO_MAX_ANSWER ||
        !(o = dndn_json_parse(p, buf, len, 1, &err))) {
        return DNDN_ZALO_GARBAGE;
    }
    if ((out->error = zalo_error(o, &out->message)) != 0) {
        return DNDN_ZALO_DENIED;
    }
    out->id = id_text(p, cJSON_GetObjectItemCaseSensitive(o, "id"));
    if (!out->id || !id_ok(out->id)) {
        out->id = NULL;
        return DNDN_ZALO_DENIED;
    }
    out->id = apr_pstrdup(p, out->id);
    name = cJSON_GetObjectItemCaseSensitive(o, "name");
    if (cJSON_IsString(name)) {
        out->name = apr_pstrdup(p, name->valuestring);
    }
    if (out->message) {
        out->message = apr_pstrdup(p, out->message);
    }
    return DNDN_ZALO_OK;
}

int dndn_zalo_parse_phone(apr_pool_t *p, const char *buf, apr_size_t len,
                          dndn_zalo_phone *out)
{
    const char *err = NULL;
    cJSON *o;
    const cJSON *data;

    memset(out, 0, sizeof(*out));
    if (!buf || len > DNDN_ZALO_MAX_ANSWER ||
        !(o = dndn_json_parse(p, buf, len, 1, &err))) {
        return DNDN_ZALO_GARBAGE;
    }
    out->error = zalo_error(o, &out->message);
    if (out->message) {
        out->message = apr_pstrdup(p, out->message);
    }
    if (out->error != 0) {
        return DNDN_ZALO_DENIED;
    }
    data = cJSON_GetObjectItemCaseSensitive(o, "data");
    out->number =
        cJSON_IsObject(data)
            ? id_text(p, cJSON_GetObjectItemCaseSensitive(data, "number"))
            : NULL;
    if (!out->number) {
        return DNDN_ZALO_DENIED;
    }
    out->number = apr_pstrdup(p, out->number);
    return DNDN_ZALO_OK;
}

int dndn_zalo_token_ok(const char *s)
{
    apr_size_t n = 0;

    if (!s) {
        return 0;
    }
    for (; s[n]; n++) {
        unsigned char c = (unsigned char)s[n];
        if (c <= 0x20 || c >= 0x7f || n >= DNDN_ZALO_MAX_TOKEN) {
            return 0;
        }
    }
    return n > 0;
}
