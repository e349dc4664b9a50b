/* dndn_sqlfile.c - split SQL scripts into statements. */
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>

#include "dndn_sqlfile.h"

static void push_trimmed(apr_pool_t *p, apr_array_header_t *out,
                         const char *start, const char *end)
{
    const char *s = start, *e = end;
    int only_comments = 1;
    const char *c;

    while (s < e && apr_isspace(*s)) {
        s++;
    }
    while (e > s && apr_isspace(e[-1])) {
        e--;
    }
    /* Skip statements made only of comments and blanks. */
    for (c = s; c < e; c++) {
        if (c[0] == '-' && c + 1 < e && c[1] == '-') {
            while (c < e && *c != '\n') {
                c++;
            }
        }
        else if (!apr_isspace(*c)) {
            only_comments = 0;
            break;
        }
    }
    if (s < e && !only_comments) {
        APR_ARRAY_PUSH(out, const char *) = apr_pstrmemdup(p, s, e - s);
    }
}

apr_array_header_t *dndn_sql_split(apr_pool_t *p, const char *script)
{
    apr_array_header_t *out = apr_array_make(p, 16, sizeof(const char *));
    const char *c = script, *start = script;

    while (*c) {
        if (*c == '\'' || *c == '"') {
            char q = *c++;
            for (;;) {
                if (!*c) {
                    return NULL;
                }
                if (*c == '\\' && c[1]) {
                    c += 2;
                    continue;
                }
                if (*c == q) {
                    if (c[1] == q) {
                        c += 2;
                        continue;
                    }
                    c++;
                    break;
                }
                c++;
            }
        }
        else if (c[0] == '-' && c[1] == '-') {
            while (*c && *c != '\n') {
                c++;
            }
        }
        else if (c[0] == '/' && c[1] == '*') {
            const char *close = strstr(c + 2, "*/");
            if (!close) {
                return NULL;
            }
            c = close + 2;
        }
        else if (*c == ';') {
            push_trimmed(p, out, start, c);
            start = ++c;
        }
        else {
            c++;
        }
    }
    push_trimmed(p, out, start, c);
    return out;
}
