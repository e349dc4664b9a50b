/*
 * dndn_core.h - shared types of the pure core (no httpd.h here).
 *
 * Every core function allocates from the APR pool it is given; nothing
 * is global.  Field errors are collected in an APR array so that one
 * request can report every problem at once (RFC 9457 "errors" member).
 */
#ifndef DNDN_CORE_H
#define DNDN_CORE_H

#include <apr_pools.h>
#include <apr_tables.h>

#define DNDN_VERSION "0.1.0"

/* One entry of a problem+json "errors" list. */
typedef struct {
    const char *field;   /* JSON field name, e.g. "content" */
    const char *code;    /* stable machine word, e.g. "too_few_words" */
    const char *message; /* Vietnamese, fit to show a user */
} dndn_field_error;

/* A new, empty list of dndn_field_error. */
apr_array_header_t *dndn_errors_make(apr_pool_t *p);

/* Append one error (strings are not copied: pass pool or static memory). */
void dndn_errors_add(apr_array_header_t *errs, const char *field,
                     const char *code, const char *message);

/* base64url without padding (RFC 4648 section 5), pool memory. */
const char *dndn_b64url_encode(apr_pool_t *p, const void *data, apr_size_t len);
/* Decode base64url (padding optional); NULL when malformed.  *len gets the
 * byte count; the result is NUL-terminated for convenience. */
char *dndn_b64url_decode(apr_pool_t *p, const char *s, apr_size_t *len);

/* A fast 64-bit hash of len bytes (not cryptographic): ETags and the
 * look-up counters' slots. */
apr_uint64_t dndn_hash64(const void *data, apr_size_t len);

/* A nullable integer column as the store reads it (decimal text, or NULL
 * for SQL NULL) as a number, NULL being 0. */
apr_int64_t dndn_num(const char *s);

#endif
