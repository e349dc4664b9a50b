/* dndn_sqlfile.c - split SQL scripts into statements. */
#include <string.h>
#include <strings.h>

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

/* Length of the word w (ASCII letters, any case) at s, or 0. */
static apr_size_t word_at(const char *s, const char *end, const char *w)
{
    apr_size_t n = strlen(w);

    if ((apr_size_t)(end - s) < n || strncasecmp(s, w, n) ||
        (s + n < end && (apr_isalnum(s[n]) || s[n] == '_'))) {
        return 0;
    }
    return n;
}

static const char *skip_blank(const char *s, const char *end)
{
    while (s < end) {
        if (apr_isspace(*s)) {
            s++;
        }
        else if (s[0] == '-' && s + 1 < end && s[1] == '-') {
            while (s < end && *s != '\n') {
                s++;
            }
        }
        else if (s[0] == '/' && s + 1 < end && s[1] == '*') {
            const char *close = strstr(s + 2, "*/");
            s = close && close + 2 <= end ? close + 2 : end;
        }
        else {
            break;
        }
    }
    return s;
}

/* Nonzero when [s, end) is a CREATE TRIGGER whose BEGIN ... END body is
 * not closed yet: its ';' separate the body's statements.  (A trigger
 * without BEGIN, MariaDB's single-statement form, ends at its ';'.) */
static int trigger_body_open(const char *s, const char *end)
{
    const char *c;
    apr_size_t n, len;
    int begun = 0;

    s = skip_blank(s, end);
    if (!(n = word_at(s, end, "CREATE"))) {
        return 0;
    }
    s = skip_blank(s + n, end);
    if (!word_at(s, end, "TRIGGER")) {
        return 0;
    }
    for (c = s; c < end && !begun; c++) {
        begun = (c == s || !(apr_isalnum(c[-1]) || c[-1] == '_')) &&
                word_at(c, end, "BEGIN");
    }
    if (!begun) {
        return 0;
    }
    len = (apr_size_t)(end - s);
    while (len && apr_isspace(s[len - 1])) {
        len--;
    }
    /* Open unless the text before this ';' ends with the word END. */
    if (len <= 3 || apr_isalnum(s[len - 4]) || s[len - 4] == '_') {
        return 1;
    }
    return strncasecmp(s + len - 3, "END", 3) != 0;
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
        else if (*c == ';' && trigger_body_open(start, c)) {
            c++;
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
