/* dndn_http.c - routes, entity tags, origins, query strings, cursors. */
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>

#include "dndn_core.h"
#include "dndn_http.h"

int dndn_route_match(apr_pool_t *p, const char *pattern, const char *path,
                     const char **params)
{
    int n = 0;

    while (*pattern && *path) {
        if (*pattern != '/' || *path != '/') {
            return -1;
        }
        pattern++;
        path++;
        if (*pattern == '{') {
            const char *seg_end = strchr(path, '/');
            apr_size_t seg_len =
                seg_end ? (apr_size_t)(seg_end - path) : strlen(path);
            const char *close = strchr(pattern, '}');
            if (seg_len == 0 || !close || n >= DNDN_ROUTE_MAX_PARAMS) {
                return -1;
            }
            params[n++] = apr_pstrmemdup(p, path, seg_len);
            path += seg_len;
            pattern = close + 1;
        }
        else {
            while (*pattern && *pattern != '/') {
                if (*pattern != *path) {
                    return -1;
                }
                pattern++;
                path++;
            }
            if (*path && *path != '/') {
                return -1;
            }
        }
    }
    return (*pattern || *path) ? -1 : n;
}

/* The body's dndn_hash64: two bodies that differ anywhere never share a
 * tag (see dndn_core.h). */
const char *dndn_etag(apr_pool_t *p, const char *body, apr_size_t len)
{
    return apr_psprintf(p, "\"%016" APR_UINT64_T_HEX_FMT "\"",
                        dndn_hash64(body, len));
}

int dndn_etag_matches(const char *inm, const char *etag)
{
    apr_size_t elen;

    if (!inm || !etag) {
        return 0;
    }
    if (etag[0] == 'W' && etag[1] == '/') {
        etag += 2;
    }
    elen = strlen(etag);
    while (*inm) {
        const char *start;
        while (*inm == ' ' || *inm == '\t' || *inm == ',') {
            inm++;
        }
        if (*inm == '*') {
            return 1;
        }
        if (inm[0] == 'W' && inm[1] == '/') {
            inm += 2;
        }
        start = inm;
        if (*inm == '"') {
            inm++;
            while (*inm && *inm != '"') {
                inm++;
            }
            if (*inm == '"') {
                inm++;
            }
        }
        else {
            while (*inm && *inm != ',') {
                inm++;
            }
        }
        if ((apr_size_t)(inm - start) == elen && !strncmp(start, etag, elen)) {
            return 1;
        }
        while (*inm && *inm != ',') {
            inm++;
        }
    }
    return 0;
}

int dndn_origin_valid(const char *s)
{
    const char *sep, *h;
    int port_digits = -1;

    if (!s || !apr_isalpha(*s)) {
        return 0;
    }
    sep = strstr(s, "://");
    if (!sep) {
        return 0;
    }
    for (h = s; h < sep; h++) {
        if (!apr_isalnum(*h) && *h != '+' && *h != '-' && *h != '.') {
            return 0;
        }
    }
    h = sep + 3;
    if (!*h) {
        return 0;
    }
    for (; *h; h++) {
        if (port_digits >= 0) {
            if (!apr_isdigit(*h) || ++port_digits > 5) {
                return 0;
            }
        }
        else if (*h == ':') {
            port_digits = 0;
        }
        else if (!apr_isalnum(*h) && *h != '-' && *h != '.') {
            return 0;
        }
    }
    return port_digits != 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Decode one urlencoded component in place; -1 when broken. */
static int url_decode(char *s)
{
    char *out = s;

    for (; *s; s++) {
        if (*s == '+') {
            *out++ = ' ';
        }
        else if (*s == '%') {
            int hi = hexval(s[1]), lo = hi < 0 ? -1 : hexval(s[2]);
            if (lo < 0 || (hi == 0 && lo == 0)) {
                return -1;
            }
            *out++ = (char)(hi * 16 + lo);
            s += 2;
        }
        else {
            *out++ = *s;
        }
    }
    *out = '\0';
    return 0;
}

apr_table_t *dndn_query_parse(apr_pool_t *p, const char *args)
{
    apr_table_t *t = apr_table_make(p, 4);
    char *copy, *pair, *state = NULL;

    if (!args || !*args) {
        return t;
    }
    copy = apr_pstrdup(p, args);
    for (pair = apr_strtok(copy, "&", &state); pair;
         pair = apr_strtok(NULL, "&", &state)) {
        char *eq = strchr(pair, '=');
        char *val = pair + strlen(pair); /* "" inside our own copy */
        if (eq) {
            *eq = '\0';
            val = eq + 1;
        }
        if (url_decode(pair) || url_decode(val)) {
            return NULL;
        }
        if (*pair) {
            apr_table_add(t, pair, val);
        }
    }
    return t;
}

int dndn_parse_limit(const char *s, int def, int max, int *out)
{
    apr_int64_t v = 0;
    const char *c;

    if (!s) {
        *out = def;
        return 0;
    }
    if (!*s || strlen(s) > 9) {
        return -1;
    }
    for (c = s; *c; c++) {
        if (!apr_isdigit(*c)) {
            return -1;
        }
        v = v * 10 + (*c - '0');
    }
    if (v < 1) {
        return -1;
    }
    *out = v > max ? max : (int)v;
    return 0;
}

int dndn_is_integer(const char *s)
{
    apr_size_t n = 0;

    if (!s) {
        return 0;
    }
    if (*s == '-') {
        s++;
    }
    for (; *s; s++, n++) {
        if (!apr_isdigit(*s)) {
            return 0;
        }
    }
    return n > 0 && n <= 18;
}

const char *dndn_cursor_encode(apr_pool_t *p, const char *const *parts, int n)
{
    const char *joined = "";
    int i;

    for (i = 0; i < n; i++) {
        joined = i ? apr_pstrcat(p, joined, "\n", parts[i], NULL) : parts[i];
    }
    return dndn_b64url_encode(p, joined, strlen(joined));
}

int dndn_cursor_decode(apr_pool_t *p, const char *cursor, const char **parts,
                       int max)
{
    apr_size_t len;
    char *dec, *state = NULL, *tok;
    int n = 0;

    if (!cursor || !*cursor || strlen(cursor) > 512) {
        return -1;
    }
    dec = dndn_b64url_decode(p, cursor, &len);
    if (!dec || len == 0 || memchr(dec, '\0', len)) {
        return -1;
    }
    for (tok = apr_strtok(dec, "\n", &state); tok;
         tok = apr_strtok(NULL, "\n", &state)) {
        if (n >= max) {
            return -1;
        }
        parts[n++] = tok;
    }
    return n;
}
