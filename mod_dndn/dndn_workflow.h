/*
 * dndn_workflow.h - the petition workflow of the pure core: who may do
 * what from which status, and the deadline rules.
 *
 *   received -> assigned      coordinator: assign {agency}
 *   assigned -> in_progress   officer of the petition's agency: accept
 *   in_progress -> answered   officer of the agency: answer {content}
 *   answered -> closed        author: rate; or 30 days after the answer
 *                             (applied lazily when the petition is read)
 *   assigned|in_progress -> returned   officer of the agency: return
 *   returned -> assigned      coordinator: assign (reassign)
 *   received|returned -> rejected      coordinator: reject
 *   received -> withdrawn     author: withdraw
 *   extend (coordinator; assigned|in_progress; once)   no status change
 *   publish (coordinator; answered|closed)             no status change
 *   note (coordinator, admin, officer of the agency; any status)
 */
#ifndef DNDN_WORKFLOW_H
#define DNDN_WORKFLOW_H

#include <apr.h>

#include "dndn_calendar.h"

typedef enum {
    DNDN_ST_RECEIVED,
    DNDN_ST_ASSIGNED,
    DNDN_ST_IN_PROGRESS,
    DNDN_ST_ANSWERED,
    DNDN_ST_CLOSED,
    DNDN_ST_RETURNED,
    DNDN_ST_REJECTED,
    DNDN_ST_WITHDRAWN,
    DNDN_ST_COUNT
} dndn_status;

typedef enum {
    DNDN_ACT_ASSIGN,
    DNDN_ACT_ACCEPT,
    DNDN_ACT_RETURN,
    DNDN_ACT_ANSWER,
    DNDN_ACT_EXTEND,
    DNDN_ACT_REJECT,
    DNDN_ACT_PUBLISH,
    DNDN_ACT_NOTE,
    DNDN_ACT_WITHDRAW,
    DNDN_ACT_RATE,
    DNDN_ACT_COUNT
} dndn_action;

typedef enum {
    DNDN_ROLE_AUTHOR,
    DNDN_ROLE_COORDINATOR,
    DNDN_ROLE_OFFICER,       /* an officer of the petition's agency */
    DNDN_ROLE_OTHER_OFFICER, /* an officer of another agency */
    DNDN_ROLE_EDITOR,
    DNDN_ROLE_OBSERVER,
    DNDN_ROLE_ADMIN,
    DNDN_ROLE_COUNT
} dndn_role;

/* Verdicts of dndn_wf_check. */
#define DNDN_WF_OK        0
#define DNDN_WF_FORBIDDEN 1 /* the role may never do this: 403 */
#define DNDN_WF_INVALID   2 /* not from this status: 409 */

/* Days after the answer when an unrated petition closes by itself. */
#define DNDN_WF_AUTOCLOSE_DAYS 30

/* Names as stored and sent ("in_progress"); NULL/-1 when unknown. */
const char *dndn_status_name(dndn_status s);
int dndn_status_parse(const char *name);
const char *dndn_action_name(dndn_action a);
/* Staff role from its name and whether the officer's agency is the
 * petition's; -1 for an unknown role name. */
int dndn_role_of_staff(const char *role, const char *staff_agency,
                       const char *petition_agency);

/* May `role` do `a` on a petition in status `from`?  On DNDN_WF_OK *to
 * gets the status after the action (the same status for extend, publish
 * and note).  A role that may do `a` from some status gets
 * DNDN_WF_INVALID for the other statuses, so that a clear 409 names the
 * current status. */
int dndn_wf_check(dndn_status from, dndn_action a, dndn_role role,
                  dndn_status *to);

/* May a staff member with this role see the petition at all?
 * Observers see it without personal data (see dndn_wf_redacted). */
int dndn_wf_may_view(dndn_role role);
int dndn_wf_redacted(dndn_role role);

/* The status as it is at `now`: an answered petition whose answer is
 * DNDN_WF_AUTOCLOSE_DAYS old is closed. */
dndn_status dndn_wf_effective(dndn_status s, apr_int64_t answered_at,
                              apr_int64_t now);
/* When it closed by itself (answered_at + 30 days). */
apr_int64_t dndn_wf_autoclose_at(apr_int64_t answered_at);

/* Statuses in which the deadline runs. */
int dndn_wf_deadline_runs(dndn_status s);

/* Deadline kinds: "question", "report", "recommendation" -> 0, 1, 2; -1
 * when unknown. */
#define DNDN_KIND_COUNT 3
int dndn_kind_parse(const char *kind);
const char *dndn_kind_name(int kind);
/* Default working days per kind: 5, 10, 10. */
int dndn_kind_default_days(int kind);

#endif
