/* dndn_model.c - JSON mapping of the catalogue records. */
#include <string.h>

#include <apr_strings.h>

#include "dndn_json.h"
#include "dndn_time.h"
#include "dndn_model.h"
#include "dndn_calendar.h"
#include "dndn_workflow.h"

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

/* ---- petitions ---- */

static void add_time(apr_pool_t *p, cJSON *o, const char *name, const char *t)
{
    dndn_json_add_str(o, name, t ? dndn_time_format(p, dndn_num(t)) : NULL);
}

static void add_deadline(cJSON *o, const dndn_petition *pt, const char *status,
                         const dndn_calendar *cal, apr_int64_t now)
{
    int st = dndn_status_parse(status);

    if (pt->due_at && st >= 0 && dndn_wf_deadline_runs(st)) {
        apr_int64_t due = dndn_num(pt->due_at);
        cJSON_AddNumberToObject(o, "working_days_left",
                                dndn_calendar_days_left(cal, now, due));
        cJSON_AddBoolToObject(o, "overdue", now > due);
    }
    else {
        cJSON_AddNullToObject(o, "working_days_left");
        cJSON_AddBoolToObject(o, "overdue", 0);
    }
}

static void add_answer(apr_pool_t *p, cJSON *o, const dndn_petition *pt,
                       int with_content)
{
    cJSON *a;

    if (!pt->answered_at) {
        cJSON_AddNullToObject(o, "answer");
        return;
    }
    a = cJSON_AddObjectToObject(o, "answer");
    if (with_content) {
        dndn_json_add_str(a, "content", pt->answer_content);
    }
    dndn_json_add_str(a, "agency", pt->answer_agency);
    add_time(p, a, "answered_at", pt->answered_at);
}

/* The rating; the author's comment only when `comment` (observers see
 * the score alone). */
static void add_rating(apr_pool_t *p, cJSON *o, const dndn_petition *pt,
                       int comment)
{
    cJSON *r;

    if (!pt->rating_score) {
        cJSON_AddNullToObject(o, "rating");
        return;
    }
    r = cJSON_AddObjectToObject(o, "rating");
    dndn_json_add_int_str(r, "score", pt->rating_score);
    dndn_json_add_str(r, "comment", comment ? pt->rating_comment : NULL);
    add_time(p, r, "rated_at", pt->rated_at);
}

/* What only staff see; observers without personal data. */
static void add_staff_fields(apr_pool_t *p, cJSON *o, const dndn_petition *pt,
                             int personal)
{
    dndn_json_add_str(o, "proposed_agency", pt->proposed_agency);
    cJSON_AddBoolToObject(o, "public_consent",
                          dndn_num(pt->public_consent) != 0);
    cJSON_AddBoolToObject(o, "published", dndn_num(pt->published) != 0);
    add_time(p, o, "assigned_at", pt->assigned_at);
    cJSON_AddBoolToObject(o, "extended", dndn_num(pt->extended) != 0);
    dndn_json_add_str(o, "extension_reason", pt->extension_reason);
    add_time(p, o, "closed_at", pt->closed_at);
    add_time(p, o, "updated_at", pt->updated_at);
    if (!personal) {
        return;
    }
    dndn_json_add_str(o, "answered_by", pt->answered_by);
    {
        cJSON *a = cJSON_AddObjectToObject(o, "author");
        dndn_json_add_int_str(a, "id", pt->user_id);
        dndn_json_add_str(a, "name", pt->author_name);
    }
    if (pt->enterprise_tax_code) {
        cJSON *e = cJSON_AddObjectToObject(o, "enterprise");
        dndn_json_add_str(e, "tax_code", pt->enterprise_tax_code);
        dndn_json_add_str(e, "name", pt->enterprise_name);
    }
    else {
        cJSON_AddNullToObject(o, "enterprise");
    }
    dndn_json_add_str(o, "contact_phone", pt->contact_phone);
}

cJSON *dndn_petition_json(apr_pool_t *p, const dndn_petition *pt,
                          const char *status, dndn_petition_view view,
                          const struct dndn_calendar *cal, apr_int64_t now)
{
    cJSON *o = cJSON_CreateObject();
    int content = view != DNDN_VIEW_OBSERVER;

    dndn_json_add_str(o, "code", pt->code);
    dndn_json_add_str(o, "kind", pt->kind);
    dndn_json_add_str(o, "title", pt->title);
    if (content) {
        dndn_json_add_str(o, "content", pt->content);
    }
    dndn_json_add_str(o, "category", pt->category);
    dndn_json_add_str(o, "status", status);
    dndn_json_add_str(o, "agency", pt->agency_code);
    add_time(p, o, "created_at", pt->created_at);
    add_time(p, o, "due_at", pt->due_at);
    add_deadline(o, pt, status, cal, now);
    add_answer(p, o, pt, content);
    if (view != DNDN_VIEW_PUBLIC) {
        add_rating(p, o, pt, content);
    }
    if (view == DNDN_VIEW_STAFF || view == DNDN_VIEW_OBSERVER) {
        add_staff_fields(p, o, pt, view == DNDN_VIEW_STAFF);
    }
    return o;
}

cJSON *dndn_petition_event_json(apr_pool_t *p, const dndn_petition_event *e,
                                int owner_view)
{
    cJSON *o = cJSON_CreateObject();
    int staff = e->actor_kind && !strcmp(e->actor_kind, "staff");

    add_time(p, o, "at", e->at);
    dndn_json_add_str(o, "action", e->action);
    dndn_json_add_str(o, "from", e->from_status);
    dndn_json_add_str(o, "to", e->to_status);
    dndn_json_add_str(o, "actor_kind", e->actor_kind);
    if (!owner_view) {
        dndn_json_add_str(o, "actor", e->actor);
    }
    dndn_json_add_str(o, "agency", staff ? e->actor_agency : NULL);
    dndn_json_add_str(o, "note", e->note);
    if (!owner_view) {
        cJSON_AddBoolToObject(o, "internal", dndn_num(e->internal) != 0);
    }
    return o;
}

/* ---- procedure catalogue and posts ---- */

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

/* ---- personal data (issue 6) ---- */

cJSON *dndn_consent_json(apr_pool_t *p, const dndn_consent *c)
{
    cJSON *o = cJSON_CreateObject();

    dndn_json_add_str(o, "kind", c->kind);
    dndn_json_add_str(o, "purpose", c->purpose);
    cJSON_AddBoolToObject(o, "granted", dndn_num(c->granted) != 0);
    add_time(p, o, "at", c->created_at);
    return o;
}

apr_array_header_t *dndn_consents_in_force(apr_pool_t *p,
                                           const apr_array_header_t *records)
{
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(dndn_consent));
    int i, j;

    /* The latest record of each kind decides; walk backwards and take
     * the first record seen of each kind. */
    for (i = records->nelts - 1; i >= 0; i--) {
        const dndn_consent *c = &APR_ARRAY_IDX(records, i, dndn_consent);
        int seen = 0;
        for (j = i + 1; j < records->nelts && !seen; j++) {
            const dndn_consent *d = &APR_ARRAY_IDX(records, j, dndn_consent);
            seen = c->kind && d->kind && !strcmp(c->kind, d->kind);
        }
        if (!seen && c->kind && dndn_num(c->granted) != 0) {
            *(dndn_consent *)apr_array_push(out) = *c;
        }
    }
    return out;
}

cJSON *dndn_access_entry_json(apr_pool_t *p, const dndn_access_entry *e)
{
    cJSON *o = cJSON_CreateObject();

    dndn_json_add_int_str(o, "id", e->id);
    add_time(p, o, "at", e->at);
    dndn_json_add_str(o, "staff", e->staff);
    dndn_json_add_str(o, "action", e->action);
    dndn_json_add_str(o, "petition_code", e->petition_code);
    dndn_json_add_int_str(o, "user_id", e->user_id);
    dndn_json_add_str(o, "client", e->client);
    return o;
}
