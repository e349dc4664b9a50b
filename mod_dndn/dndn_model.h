/*
 * dndn_model.h - the records the API serves, and their JSON mapping.
 * Field values are NUL-terminated UTF-8 in pool memory, NULL for SQL NULL.
 */
#ifndef DNDN_MODEL_H
#define DNDN_MODEL_H

#include <apr_pools.h>
#include <apr_tables.h>
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

/* ---- petitions (dndn_store_petitions.c, mod_dndn_petitions.c) ---- */

/* A petition row; numbers are database text, NULL for SQL NULL. */
typedef struct {
    const char *id, *code, *user_id, *kind, *title, *content, *category,
        *agency_code, *proposed_agency, *enterprise_tax_code, *enterprise_name,
        *contact_phone, *public_consent, *status, *created_at, *assigned_at,
        *due_at, *extended, *extension_reason, *answered_at, *answer_content,
        *answer_agency, *answered_by, *closed_at, *rating_score,
        *rating_comment, *rated_at, *published, *updated_at, *version,
        *author_name;
} dndn_petition;

/* One entry of a petition's history. */
typedef struct {
    const char *at, *actor_kind, *actor, *actor_agency, *from_status,
        *to_status, *action, *note, *internal;
} dndn_petition_event;

/* Who looks at a petition, which decides what its JSON shows. */
typedef enum {
    DNDN_VIEW_OWNER,    /* the author: the contract's petition */
    DNDN_VIEW_STAFF,    /* + author, enterprise, phone, workflow fields */
    DNDN_VIEW_OBSERVER, /* staff fields without personal data or content */
    DNDN_VIEW_PUBLIC    /* published Q&A: no personal data */
} dndn_petition_view;

struct dndn_calendar;
/* The petition as `view` sees it at `now`; working_days_left and overdue
 * come from the calendar (NULL: plain Monday-Friday).  `status` is the
 * effective status (see dndn_wf_effective). */
cJSON *dndn_petition_json(apr_pool_t *p, const dndn_petition *pt,
                          const char *status, dndn_petition_view view,
                          const struct dndn_calendar *cal, apr_int64_t now);
/* An event; the owner's view names the agency, never the staff member. */
cJSON *dndn_petition_event_json(apr_pool_t *p, const dndn_petition_event *e,
                                int owner_view);

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

/* ---- personal data: export, deletion, staff access log (issue 6) ---- */

/* The name a deleted account's rows keep (statistics stay, the person
 * does not). */
#define DNDN_DELETED_USER_NAME "Người dùng đã xoá"

/* One consent record: given (granted "1") or withdrawn ("0"). */
typedef struct {
    const char *kind, *purpose, *granted, *created_at;
} dndn_consent;

/* {kind,purpose,granted:bool,at} */
cJSON *dndn_consent_json(apr_pool_t *p, const dndn_consent *c);

/* Consents still in force: of records in time order (dndn_consent), the
 * latest of each kind when it grants.  Returns an array of dndn_consent
 * (what a deletion must record as withdrawn). */
apr_array_header_t *dndn_consents_in_force(apr_pool_t *p,
                                           const apr_array_header_t *records);

/* One staff read of personal data. */
typedef struct {
    const char *id, *at, *staff, *action, *petition_code, *user_id, *client;
} dndn_access_entry;

/* {id,at,staff,action,petition_code,user_id,client} */
cJSON *dndn_access_entry_json(apr_pool_t *p, const dndn_access_entry *e);

#endif
