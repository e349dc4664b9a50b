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
    /* The identity at the provider (Zalo user id), and the consent the
     * stored phone rests on (NULL when no phone). */
    const char *subject, *phone_consent_purpose, *phone_consent_at;
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

#endif
