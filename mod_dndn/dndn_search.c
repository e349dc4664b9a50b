/* dndn_search.c - terms of searchable text and parsed queries. */
#include <string.h>

#include <apr_strings.h>

#include "dndn_search.h"
#include "dndn_text.h"

/* Cut s to at most max bytes without splitting a UTF-8 sequence. */
static const char *cut(apr_pool_t *p, const char *s, apr_size_t n)
{
    apr_size_t max = DNDN_TERM_MAX_BYTES;

    if (n <= max) {
        return apr_pstrmemdup(p, s, n);
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) {
        max--;
    }
    return apr_pstrmemdup(p, s, max);
}

apr_array_header_t *dndn_search_terms(apr_pool_t *p, const char *folded)
{
    apr_array_header_t *out = apr_array_make(p, 16, sizeof(const char *));
    const char *s = folded ? folded : "";

    while (*s) {
        apr_size_t n;
        const char *t;
        int i, dup = 0;

        while (*s == ' ') {
            s++;
        }
        n = strcspn(s, " ");
        if (!n) {
            break;
        }
        t = cut(p, s, n);
        s += n;
        for (i = 0; i < out->nelts && !dup; i++) {
            dup = !strcmp(APR_ARRAY_IDX(out, i, const char *), t);
        }
        if (!dup) {
            APR_ARRAY_PUSH(out, const char *) = t;
        }
    }
    return out;
}

int dndn_search_parse(apr_pool_t *p, const char *q, dndn_search_query *out)
{
    apr_array_header_t *t = dndn_search_terms(p, dndn_text_fold(p, q));
    int i, n = t->nelts;

    memset(out, 0, sizeof(*out));
    if (!n) {
        return 0;
    }
    out->prefix = APR_ARRAY_IDX(t, n - 1, const char *);
    for (i = 0; i < n - 1 && i < DNDN_QUERY_MAX_EQ; i++) {
        out->eq[out->neq++] = APR_ARRAY_IDX(t, i, const char *);
    }
    return 1;
}
