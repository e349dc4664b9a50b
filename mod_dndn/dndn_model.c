/* dndn_model.c - JSON mapping of the catalogue records. */
#include "dndn_json.h"
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
