/*
 * dndn_search.h - words for the public Q&A term index (qa_terms) and the
 * LIKE patterns that look them up.  Pure core: no httpd, no SQL.
 *
 * Both sides go through dndn_text_fold(), so "Thuế", "THUE", "thuê" and
 * an NFD "thuế" all become "thue".  Folded words hold only letters and
 * digits: never a LIKE wildcard.
 */
#ifndef DNDN_SEARCH_H
#define DNDN_SEARCH_H

#include <apr_pools.h>
#include <apr_tables.h>

/* Longest term kept, in bytes (the qa_terms.term column). */
#define DNDN_TERM_MAX_BYTES 64

/* The distinct folded words of text (const char *, in order of first
 * appearance), each cut to DNDN_TERM_MAX_BYTES on a character boundary. */
apr_array_header_t *dndn_search_terms(apr_pool_t *p, const char *text);

/* LIKE patterns of a query: its first `max` folded words, cut like the
 * terms; every word must equal a term, the last one is a prefix
 * ("dang ky kin" -> "dang", "ky", "kin%").  Returns the number written to
 * out (0 for an empty query). */
int dndn_search_patterns(apr_pool_t *p, const char *query, const char **out,
                         int max);

/* Which of a query's n words drives the search: the one with the fewest
 * terms in the index (counts[i], as counted up to some cap), the first
 * of equals; -1 when a word has no term at all (nothing can match) or
 * n is 0. */
int dndn_search_driver(const apr_int64_t *counts, int n);

/* The range of terms a prefix pattern ("kin%") matches, for an index,
 * in byte order: from <= term < below ("kin" and "kin" + U+10FFFF).  The
 * range may hold more than the pattern matches; the LIKE beside it
 * decides. */
void dndn_search_prefix_range(apr_pool_t *p, const char *pattern,
                              const char **from, const char **below);

/* Whether a prefix pattern ("kin%") matches exactly one term, given the
 * first two terms of the index at or after its prefix ("kinh", "kip";
 * NULL where there are none): then that term is returned, and the word
 * can be searched as that exact term, which an index answers in order.
 * NULL when no term or several terms start with the prefix. */
const char *dndn_search_only_term(const char *pattern, const char *first,
                                  const char *next);

#endif
