/*
 * dndn_json.h - the only place that touches cJSON.
 *
 * Every cJSON tree made here is owned by an APR pool: a cleanup deletes it
 * when the pool goes, so a request can never leak a tree, whatever path it
 * takes out of the handler.
 */
#ifndef DNDN_JSON_H
#define DNDN_JSON_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <cjson/cJSON.h>

#include "dndn_core.h"

/* Deepest nesting accepted in a request body (the contract: 32). */
#define DNDN_JSON_MAX_DEPTH 32

/* Give a tree (not part of another) to the pool; returns j. */
cJSON *dndn_json_own(apr_pool_t *p, cJSON *j);

/* New empty object/array owned by p. */
cJSON *dndn_json_object(apr_pool_t *p);
cJSON *dndn_json_array(apr_pool_t *p);

/*
 * Parse exactly len bytes.  On failure returns NULL and *err is one of
 * "invalid_json", "too_deep", "not_object" (when want_object and the top
 * level is something else).
 */
cJSON *dndn_json_parse(apr_pool_t *p, const char *buf, apr_size_t len,
                       int want_object, const char **err);

/* Nesting depth of a JSON text, counted outside strings; stops early
 * once max is exceeded (returns max + 1). */
int dndn_json_depth(const char *buf, apr_size_t len, int max);

/* Compact text of j in pool memory: what cJSON_PrintUnformatted gives,
 * written by the writer below (no malloc). */
char *dndn_json_print(apr_pool_t *p, const cJSON *j, apr_size_t *len);

/* Add a string, or JSON null when s is NULL.  Neither is copied: name
 * must be a literal and s must live as long as the tree (a literal, or
 * memory of the pool that owns the tree or of a longer-lived one). */
void dndn_json_add_str(cJSON *o, const char *name, const char *s);
/* Add an integer from database text ("12"); null when NULL. */
void dndn_json_add_int_str(cJSON *o, const char *name, const char *s);

/* Typed getters for request bodies: NULL/absent gives def. *ok becomes 0
 * when the member exists with the wrong type. */
const char *dndn_json_get_str(const cJSON *o, const char *name, int *ok);

/*
 * A JSON writer straight into pool memory: no tree, no malloc/free per
 * member, byte for byte what cJSON_PrintUnformatted gives for the same
 * members (strings escaped as cJSON escapes them).  The dossier views
 * write with it directly; dndn_json_print walks a cJSON tree with it.
 * Members go in the order written; name is NULL for array elements and
 * the top level.
 */
typedef struct {
    apr_pool_t *pool;
    char *buf;
    apr_size_t len, cap;
    int comma; /* a value was written at this level: the next needs ',' */
} dndn_jw;

void dndn_jw_init(dndn_jw *w, apr_pool_t *p, apr_size_t size_hint);
/* '{' or '[', as a member called name (or NULL). */
void dndn_jw_open(dndn_jw *w, const char *name, char bracket);
/* '}' or ']'. */
void dndn_jw_close(dndn_jw *w, char bracket);
/* A string member, or null when s is NULL. */
void dndn_jw_str(dndn_jw *w, const char *name, const char *s);
void dndn_jw_bool(dndn_jw *w, const char *name, int b);
/* A value already written as JSON (by this writer), copied as it is. */
void dndn_jw_raw(dndn_jw *w, const char *name, const char *json,
                 apr_size_t len);
/* The text written so far (NUL-terminated, pool memory). */
const char *dndn_jw_text(dndn_jw *w, apr_size_t *len);

/* problem+json body (RFC 9457) with an optional "errors" list. */
cJSON *dndn_json_problem(apr_pool_t *p, int status, const char *type,
                         const char *title, const char *detail,
                         const apr_array_header_t *errs);

#endif
