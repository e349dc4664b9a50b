/* dndn_model.c - JSON mapping of the catalogue records. */
#include <string.h>

#include <apr_strings.h>

#include "dndn_json.h"
#include "dndn_time.h"
#include "dndn_model.h"

cJSON *dndn_agency_json(const dndn_agency *a)
{
    cJSON *o = cJSON_CreateObject();

    dndn_json_add_str(o, "code", a->code);
    dndn_json_add_str(o, "name", a->name);
    dndn_json_add_str(o, "short_name", a->short_name);
    dndn_json_add_str(o, "kind", a->kind);
    dndn_json_add_str(o, "address", a->address);
    dndn_json_add_str(o, "phone", a->phone);
    dndn_json_add_str(o, "email", a->email);
    dndn_json_add_str(o, "website", a->website);
    return o;
}

cJSON *dndn_category_json(const dndn_category *c)
{
    cJSON *o = cJSON_CreateObject();

    dndn_json_add_str(o, "code", c->code);
    dndn_json_add_str(o, "name", c->name);
    dndn_json_add_str(o, "description", c->description);
    return o;
}

cJSON *dndn_hotline_json(const dndn_hotline *h)
{
    cJSON *o = cJSON_CreateObject();

    dndn_json_add_int_str(o, "id", h->id);
    dndn_json_add_str(o, "name", h->name);
    dndn_json_add_str(o, "phone", h->phone);
    dndn_json_add_str(o, "tel", h->tel);
    dndn_json_add_str(o, "hours", h->hours);
    if (h->agency_code) {
        cJSON *ag = cJSON_AddObjectToObject(o, "agency");
        dndn_json_add_str(ag, "code", h->agency_code);
        dndn_json_add_str(ag, "name", h->agency_name);
    }
    else {
        cJSON_AddNullToObject(o, "agency");
    }
    return o;
}

cJSON *dndn_user_json(apr_pool_t *p, const dndn_user *u)
{
    cJSON *o = cJSON_CreateObject();

    dndn_json_add_int_str(o, "id", u->id);
    dndn_json_add_str(o, "name", u->name);
    dndn_json_add_str(o, "phone", u->phone);
    if (u->enterprise_tax_code) {
        cJSON *e = cJSON_AddObjectToObject(o, "enterprise");
        dndn_json_add_str(e, "tax_code", u->enterprise_tax_code);
        dndn_json_add_str(e, "name", u->enterprise_name);
    }
    else {
        cJSON_AddNullToObject(o, "enterprise");
    }
    dndn_json_add_str(
        o, "created_at",
        u->created_at ? dndn_time_format(p, apr_atoi64(u->created_at)) : NULL);
    return o;
}

cJSON *dndn_staff_json(const dndn_staff *s)
{
    cJSON *o = cJSON_CreateObject();

    dndn_json_add_str(o, "username", s->username);
    dndn_json_add_str(o, "full_name", s->full_name);
    dndn_json_add_str(o, "role", s->role);
    dndn_json_add_str(o, "agency", s->agency_code);
    return o;
}

int dndn_scope_has(const char *scopes, const char *scope)
{
    apr_size_t n = strlen(scope);
    const char *s = scopes;

    while (s && *s) {
        while (*s == ' ') {
            s++;
        }
        if (!strncmp(s, scope, n) && (s[n] == ' ' || s[n] == '\0')) {
            return 1;
        }
        s = strchr(s, ' ');
    }
    return 0;
}

/* ---- procedure catalogue and posts ---- */

static void add_time(apr_pool_t *p, cJSON *o, const char *name,
                     const char *epoch)
{
    dndn_json_add_str(o, name,
                      epoch ? dndn_time_format(p, apr_atoi64(epoch)) : NULL);
}

cJSON *dndn_procedure_json(apr_pool_t *p, const dndn_procedure *pr)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *docs = NULL;

    dndn_json_add_str(o, "code", pr->code);
    dndn_json_add_str(o, "name", pr->name);
    if (pr->agency_code) {
        cJSON *ag = cJSON_AddObjectToObject(o, "agency");
        dndn_json_add_str(ag, "code", pr->agency_code);
        dndn_json_add_str(ag, "name", pr->agency_name);
    }
    else {
        cJSON_AddNullToObject(o, "agency");
    }
    dndn_json_add_str(o, "level", pr->level);
    dndn_json_add_int_str(o, "processing_days", pr->processing_days);
    dndn_json_add_str(o, "fee", pr->fee);
    /* Stored as the JSON text of an array of strings, written by us. */
    if (pr->documents) {
        docs = cJSON_ParseWithLength(pr->documents, strlen(pr->documents));
        if (docs && !cJSON_IsArray(docs)) {
            cJSON_Delete(docs);
            docs = NULL;
        }
    }
    cJSON_AddItemToObject(o, "documents", docs ? docs : cJSON_CreateArray());
    dndn_json_add_str(o, "online_url", pr->online_url);
    add_time(p, o, "updated_at", pr->updated_at);
    return o;
}

cJSON *dndn_post_json(apr_pool_t *p, const dndn_post *po, int full, int staff)
{
    cJSON *o = cJSON_CreateObject();

    dndn_json_add_int_str(o, "id", po->id);
    dndn_json_add_str(o, "category", po->category);
    dndn_json_add_str(o, "title", po->title);
    dndn_json_add_str(o, "summary", po->summary);
    if (full) {
        dndn_json_add_str(o, "body", po->body);
    }
    add_time(p, o, "published_at", po->published_at);
    add_time(p, o, "updated_at", po->updated_at);
    if (staff) {
        cJSON_AddBoolToObject(o, "published",
                              po->published && !strcmp(po->published, "1"));
        dndn_json_add_str(o, "created_by", po->created_by);
        add_time(p, o, "created_at", po->created_at);
    }
    return o;
}
