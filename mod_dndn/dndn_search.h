/*
 * dndn_search.h - accent-insensitive word search of the pure core (no
 * httpd.h).  Searchable records (procedures, posts) keep a "terms" table
 * of their folded words; a query's words are folded the same way and
 * looked up there by equality, the last word by prefix (so the Mini App
 * can search as the user types).
 */
#ifndef DNDN_SEARCH_H
#define DNDN_SEARCH_H

#include <apr_pools.h>
#include <apr_tables.h>

/* Longest term kept, in bytes (cut at a character boundary). */
#define DNDN_TERM_MAX_BYTES 64
/* Words of a query used: up to DNDN_QUERY_MAX_EQ words matched exactly
 * plus the last word matched as a prefix. */
#define DNDN_QUERY_MAX_EQ 5

/* The distinct terms (const char *) of an already folded text
 * (dndn_text_fold), in order of first appearance, each cut to
 * DNDN_TERM_MAX_BYTES. */
apr_array_header_t *dndn_search_terms(apr_pool_t *p, const char *folded);

/* A parsed query: folded with dndn_text_fold, split into distinct
 * terms.  eq[0..neq-1] must match whole terms, prefix must start one.
 * Returns 0 when the query holds no word (list everything), 1 otherwise.
 * When the query has more words than fit, the first DNDN_QUERY_MAX_EQ
 * and the last are used. */
typedef struct {
    const char *eq[DNDN_QUERY_MAX_EQ];
    int neq;
    const char *prefix;
} dndn_search_query;

int dndn_search_parse(apr_pool_t *p, const char *q, dndn_search_query *out);

#endif
