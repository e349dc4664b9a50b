/*
 * dndn_model.h - the records the API serves, and their JSON mapping.
 * Field values are NUL-terminated UTF-8 in pool memory, NULL for SQL NULL.
 */
#ifndef DNDN_MODEL_H
#define DNDN_MODEL_H

#include <apr_pools.h>
#include <cjson/cJSON.h>

typedef struct {
    const char *code, *name, *short_name, *kind, *address, *phone, *email,
        *website, *sort_order;
} dndn_agency;

typedef struct {
    const char *code, *name, *description, *sort_order;
} dndn_category;

typedef struct {
    const char *id, *name, *phone, *tel, *hours, *sort_order;
    const char *agency_code, *agency_name; /* NULL when province-wide */
} dndn_hotline;

typedef struct {
    const char *id, *provider, *name, *phone, *enterprise_tax_code,
        *enterprise_name, *created_at;
} dndn_user;

typedef struct {
    const char *username, *full_name, *role, *agency_code;
} dndn_staff;

typedef struct {
    const char *id, *name, *scopes; /* scopes: space-separated */
} dndn_apikey;

/* Does a space-separated scope list contain scope? */
int dndn_scope_has(const char *scopes, const char *scope);

cJSON *dndn_agency_json(const dndn_agency *a);
cJSON *dndn_category_json(const dndn_category *c);
cJSON *dndn_hotline_json(const dndn_hotline *h);
/* The user as the user sees it (GET /me): id, name, phone, enterprise. */
cJSON *dndn_user_json(apr_pool_t *p, const dndn_user *u);
cJSON *dndn_staff_json(const dndn_staff *s);

/* ---- procedure catalogue and posts (issue 4) ---- */

/* An administrative procedure of the national database. */
typedef struct {
    const char *code, *name, *agency_code, *agency_name, *level,
        *processing_days, *fee, *documents /* JSON array text */, *online_url,
        *updated_at;
} dndn_procedure;

/* A policy post, support programme, announcement or news item. */
typedef struct {
    const char *id, *category, *title, *summary, *body, *published,
        *published_at, *created_by, *created_at, *updated_at;
} dndn_post;

/* {code,name,agency:{code,name}|null,level,processing_days,fee,
 *  documents:[...],online_url,updated_at} */
cJSON *dndn_procedure_json(apr_pool_t *p, const dndn_procedure *pr);
/* {id,category,title,summary,published_at,updated_at} plus body when
 * full, plus published, created_by, created_at when staff. */
cJSON *dndn_post_json(apr_pool_t *p, const dndn_post *po, int full, int staff);

/* Staff rows and API keys as dndnctl lists them. */
typedef struct {
    const char *username, *full_name, *role, *agency_code, *active, *created_at;
} dndn_staff_row;

typedef struct {
    const char *id, *key_prefix, *name, *scopes, *created_at, *last_used_at,
        *revoked_at;
} dndn_apikey_row;

#endif
