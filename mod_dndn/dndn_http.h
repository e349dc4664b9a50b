/*
 * dndn_http.h - HTTP-level rules that need no httpd: route patterns,
 * entity tags, CORS origins, query strings, list paging.
 */
#ifndef DNDN_HTTP_H
#define DNDN_HTTP_H

#include <apr_pools.h>
#include <apr_tables.h>

#define DNDN_ROUTE_MAX_PARAMS 4

/*
 * Match a path against a pattern like "/agencies/{code}".  A "{name}"
 * segment matches one non-empty segment.  Returns the number of captured
 * parameters (stored in params, pool memory), or -1 when it does not match.
 */
int dndn_route_match(apr_pool_t *p, const char *pattern, const char *path,
                     const char **params);

/* Strong entity tag ("\"<16 hex digits>\"") of a body: a 64-bit hash
 * (dndn_hash64 of dndn_core.h). */
const char *dndn_etag(apr_pool_t *p, const char *body, apr_size_t len);

/* Does an If-None-Match header value match etag?  Weak comparison
 * (RFC 9110 13.1.2): W/ prefixes are ignored; "*" matches anything. */
int dndn_etag_matches(const char *if_none_match, const char *etag);

/* Is s a well-formed origin "scheme://host[:port]" (no path, no slash at
 * the end, scheme of letters, digits, '+', '-', '.')? */
int dndn_origin_valid(const char *s);

/*
 * Parse an application/x-www-form-urlencoded query string into a table
 * ('+' is a space, %XX decoded).  Returns NULL when an escape is broken
 * or decodes to a NUL byte.  A NULL or empty args gives an empty table.
 */
apr_table_t *dndn_query_parse(apr_pool_t *p, const char *args);

/* The contract's ?limit=: default def, at most max (larger values are
 * clamped).  Returns 0 and sets *out, or -1 when s is not a positive
 * decimal integer. */
int dndn_parse_limit(const char *s, int def, int max, int *out);

/* Is s an optionally negative decimal integer of at most 18 digits? */
int dndn_is_integer(const char *s);

/* Opaque keyset cursors: base64url of the key parts joined by '\n'.
 * decode returns the number of parts (at most max) or -1. */
const char *dndn_cursor_encode(apr_pool_t *p, const char *const *parts, int n);
int dndn_cursor_decode(apr_pool_t *p, const char *cursor, const char **parts,
                       int max);

#endif
