/*
 * dndn_workflow.c - the petition transition table and deadline helpers.
 */
#include <string.h>

#include "dndn_workflow.h"

#define ST(s)   (1u << (s))
#define ROLE(r) (1u << (r))
#define SAME    -1

typedef struct {
    unsigned roles; /* ROLE() bits that may act */
    unsigned from;  /* ST() bits it may act from */
    int to;         /* the status after, or SAME */
} rule;

/* Indexed by dndn_action. */
static const rule rules[DNDN_ACT_COUNT] = {
    [DNDN_ACT_ASSIGN] = {ROLE(DNDN_ROLE_COORDINATOR),
                         ST(DNDN_ST_RECEIVED) | ST(DNDN_ST_RETURNED),
                         DNDN_ST_ASSIGNED},
    [DNDN_ACT_ACCEPT] = {ROLE(DNDN_ROLE_OFFICER), ST(DNDN_ST_ASSIGNED),
                         DNDN_ST_IN_PROGRESS},
    [DNDN_ACT_RETURN] = {ROLE(DNDN_ROLE_OFFICER),
                         ST(DNDN_ST_ASSIGNED) | ST(DNDN_ST_IN_PROGRESS),
                         DNDN_ST_RETURNED},
    [DNDN_ACT_ANSWER] = {ROLE(DNDN_ROLE_OFFICER), ST(DNDN_ST_IN_PROGRESS),
                         DNDN_ST_ANSWERED},
    [DNDN_ACT_EXTEND] = {ROLE(DNDN_ROLE_COORDINATOR),
                         ST(DNDN_ST_ASSIGNED) | ST(DNDN_ST_IN_PROGRESS), SAME},
    [DNDN_ACT_REJECT] = {ROLE(DNDN_ROLE_COORDINATOR),
                         ST(DNDN_ST_RECEIVED) | ST(DNDN_ST_RETURNED),
                         DNDN_ST_REJECTED},
    [DNDN_ACT_PUBLISH] = {ROLE(DNDN_ROLE_COORDINATOR),
                          ST(DNDN_ST_ANSWERED) | ST(DNDN_ST_CLOSED), SAME},
    [DNDN_ACT_NOTE] = {ROLE(DNDN_ROLE_COORDINATOR) | ROLE(DNDN_ROLE_OFFICER) |
                           ROLE(DNDN_ROLE_ADMIN),
                       (1u << DNDN_ST_COUNT) - 1, SAME},
    [DNDN_ACT_WITHDRAW] = {ROLE(DNDN_ROLE_AUTHOR), ST(DNDN_ST_RECEIVED),
                           DNDN_ST_WITHDRAWN},
    [DNDN_ACT_RATE] = {ROLE(DNDN_ROLE_AUTHOR), ST(DNDN_ST_ANSWERED),
                       DNDN_ST_CLOSED},
};

static const char *const status_names[DNDN_ST_COUNT] = {
    "received", "assigned", "in_progress", "answered",
    "closed",   "returned", "rejected",    "withdrawn"};

static const char *const action_names[DNDN_ACT_COUNT] = {
    "assign", "accept",  "return", "answer",   "extend",
    "reject", "publish", "note",   "withdraw", "rate"};

static const char *const kind_names[DNDN_KIND_COUNT] = {"question", "report",
                                                        "recommendation"};
static const int kind_days[DNDN_KIND_COUNT] = {5, 10, 10};

static int index_of(const char *const *names, int n, const char *name)
{
    int i;

    for (i = 0; name && i < n; i++) {
        if (!strcmp(names[i], name)) {
            return i;
        }
    }
    return -1;
}

const char *dndn_status_name(dndn_status s)
{
    return (unsigned)s < DNDN_ST_COUNT ? status_names[s] : NULL;
}

int dndn_status_parse(const char *name)
{
    return index_of(status_names, DNDN_ST_COUNT, name);
}

const char *dndn_action_name(dndn_action a)
{
    return (unsigned)a < DNDN_ACT_COUNT ? action_names[a] : NULL;
}

int dndn_role_of_staff(const char *role, const char *staff_agency,
                       const char *petition_agency)
{
    if (!role) {
        return -1;
    }
    if (!strcmp(role, "officer")) {
        return staff_agency && petition_agency &&
                       !strcmp(staff_agency, petition_agency)
                   ? DNDN_ROLE_OFFICER
                   : DNDN_ROLE_OTHER_OFFICER;
    }
    if (!strcmp(role, "coordinator")) {
        return DNDN_ROLE_COORDINATOR;
    }
    if (!strcmp(role, "editor")) {
        return DNDN_ROLE_EDITOR;
    }
    if (!strcmp(role, "observer")) {
        return DNDN_ROLE_OBSERVER;
    }
    if (!strcmp(role, "admin")) {
        return DNDN_ROLE_ADMIN;
    }
    return -1;
}

int dndn_wf_check(dndn_status from, dndn_action a, dndn_role role,
                  dndn_status *to)
{
    const rule *r;

    if ((unsigned)a >= DNDN_ACT_COUNT || (unsigned)from >= DNDN_ST_COUNT ||
        (unsigned)role >= DNDN_ROLE_COUNT) {
        return DNDN_WF_FORBIDDEN;
    }
    r = &rules[a];
    if (!(r->roles & ROLE(role))) {
        return DNDN_WF_FORBIDDEN;
    }
    if (!(r->from & ST(from))) {
        return DNDN_WF_INVALID;
    }
    if (to) {
        *to = r->to == SAME ? from : (dndn_status)r->to;
    }
    return DNDN_WF_OK;
}

int dndn_wf_may_view(dndn_role role)
{
    return role == DNDN_ROLE_COORDINATOR || role == DNDN_ROLE_OFFICER ||
           role == DNDN_ROLE_OBSERVER || role == DNDN_ROLE_ADMIN;
}

int dndn_wf_redacted(dndn_role role)
{
    return role == DNDN_ROLE_OBSERVER;
}

apr_int64_t dndn_wf_autoclose_at(apr_int64_t answered_at)
{
    return answered_at +
           (apr_int64_t)DNDN_WF_AUTOCLOSE_DAYS * DNDN_SECONDS_PER_DAY;
}

dndn_status dndn_wf_effective(dndn_status s, apr_int64_t answered_at,
                              apr_int64_t now)
{
    if (s == DNDN_ST_ANSWERED && answered_at > 0 &&
        now >= dndn_wf_autoclose_at(answered_at)) {
        return DNDN_ST_CLOSED;
    }
    return s;
}

int dndn_wf_deadline_runs(dndn_status s)
{
    return s == DNDN_ST_ASSIGNED || s == DNDN_ST_IN_PROGRESS;
}

int dndn_kind_parse(const char *kind)
{
    return index_of(kind_names, DNDN_KIND_COUNT, kind);
}

const char *dndn_kind_name(int kind)
{
    return (unsigned)kind < DNDN_KIND_COUNT ? kind_names[kind] : NULL;
}

int dndn_kind_default_days(int kind)
{
    return (unsigned)kind < DNDN_KIND_COUNT ? kind_days[kind] : 10;
}
