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
    if (u->phone && u->phone_consent_at) {
        cJSON *c = cJSON_AddObjectToObject(o, "phone_consent");
        dndn_json_add_str(c, "purpose", u->phone_consent_purpose);
        dndn_json_add_str(c, "at",
                          dndn_time_format(p, apr_atoi64(u->phone_consent_at)));
    }
    else {
        cJSON_AddNullToObject(o, "phone_consent");
    }
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
