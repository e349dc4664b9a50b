/* dndn_search.c - Q&A terms and query patterns. */
#include <string.h>

#include <apr_hash.h>
#include <apr_strings.h>

#include "dndn_search.h"
#include "dndn_text.h"

/* Cut a folded word to the term size without splitting a character. */
static char *cut(char *w)
{
    apr_size_t n = strlen(w);

    if (n > DNDN_TERM_MAX_BYTES) {
        n = DNDN_TERM_MAX_BYTES;
        while (n > 0 && ((unsigned char)w[n] & 0xC0) == 0x80) {
            n--;
        }
        w[n] = '\0';
    }
    return w;
}

/* The folded words of text, cut, in order (duplicates kept). */
static apr_array_header_t *words(apr_pool_t *p, const char *text, int max)
{
    char *folded = apr_pstrdup(p, dndn_text_fold(p, text));
    apr_array_header_t *out = apr_array_make(p, 16, sizeof(const char *));
    char *last, *w;

    for (w = apr_strtok(folded, " ", &last);
         w && (max <= 0 || out->nelts < max);
         w = apr_strtok(NULL, " ", &last)) {
        APR_ARRAY_PUSH(out, const char *) = cut(w);
    }
    return out;
}

apr_array_header_t *dndn_search_terms(apr_pool_t *p, const char *text)
{
    apr_array_header_t *all = words(p, text, 0);
    apr_array_header_t *out =
        apr_array_make(p, all->nelts + 1, sizeof(const char *));
    apr_hash_t *seen = apr_hash_make(p);
    int i;

    for (i = 0; i < all->nelts; i++) {
        const char *w = APR_ARRAY_IDX(all, i, const char *);
        if (!apr_hash_get(seen, w, APR_HASH_KEY_STRING)) {
            apr_hash_set(seen, w, APR_HASH_KEY_STRING, w);
            APR_ARRAY_PUSH(out, const char *) = w;
        }
    }
    return out;
}

int dndn_search_patterns(apr_pool_t *p, const char *query, const char **out,
                         int max)
{
    apr_array_header_t *w = words(p, query, max);
    int i;

    for (i = 0; i < w->nelts; i++) {
        out[i] = APR_ARRAY_IDX(w, i, const char *);
    }
    if (i > 0) {
        out[i - 1] = apr_pstrcat(p, out[i - 1], "%", NULL);
    }
    return i;
}

int dndn_search_driver(const apr_int64_t *counts, int n)
{
    int best = 0, i;

    for (i = 0; i < n; i++) {
        if (counts[i] <= 0) {
            return -1;
        }
        if (counts[i] < counts[best]) {
            best = i;
        }
    }
    return n > 0 ? best : -1;
}

/* The length of a pattern's prefix: without the trailing '%'. */
static apr_size_t stem_len(const char *pattern)
{
    apr_size_t n = strlen(pattern);

    return n > 0 && pattern[n - 1] == '%' ? n - 1 : n;
}

void dndn_search_prefix_range(apr_pool_t *p, const char *pattern,
                              const char **from, const char **below)
{
    *from = apr_pstrndup(p, pattern, stem_len(pattern));
    /* U+10FFFF, the last code point: byte-wise above every character
     * after the prefix, as SQLite compares these lower-case terms (NOCASE
     * folds ASCII letters only).  Not a bound under MariaDB's
     * utf8mb4_unicode_ci, which weighs it like any character beyond the
     * BMP: the store does not use the range there. */
    *below = apr_pstrcat(p, *from, "\xF4\x8F\xBF\xBF", NULL);
}

static int has_prefix(const char *term, const char *pattern, apr_size_t n)
{
    return term && !strncmp(term, pattern, n);
}

const char *dndn_search_only_term(const char *pattern, const char *first,
                                  const char *next)
{
    apr_size_t n = stem_len(pattern);

    return has_prefix(first, pattern, n) && !has_prefix(next, pattern, n)
               ? first
               : NULL;
}
