/* The petition workflow table, checked exhaustively: every status x
 * action x role against an independent list of what is allowed. */
#include <check.h>
#include <string.h>

#include "dndn_workflow.h"

typedef struct {
    const char *from, *action, *role, *to;
} allowed;

/* Written from the contract (API.md "Petition workflow"), not from the
 * table in dndn_workflow.c. */
static const allowed ALLOWED[] = {
    {"received", "assign", "coordinator", "assigned"},
    {"returned", "assign", "coordinator", "assigned"},
    {"assigned", "accept", "officer", "in_progress"},
    {"in_progress", "answer", "officer", "answered"},
    {"answered", "rate", "author", "closed"},
    {"assigned", "return", "officer", "returned"},
    {"in_progress", "return", "officer", "returned"},
    {"received", "reject", "coordinator", "rejected"},
    {"returned", "reject", "coordinator", "rejected"},
    {"received", "withdraw", "author", "withdrawn"},
    {"assigned", "extend", "coordinator", "assigned"},
    {"in_progress", "extend", "coordinator", "in_progress"},
    {"answered", "publish", "coordinator", "answered"},
    {"closed", "publish", "coordinator", "closed"},
};

static const char *const ROLES[DNDN_ROLE_COUNT] = {
    "author", "coordinator", "officer", "other_officer",
    "editor", "observer",    "admin"};

/* Roles that hold an action somewhere (so others get 403, not 409). */
static int role_holds(const char *action, const char *role)
{
    size_t i;

    if (!strcmp(action, "note")) {
        return !strcmp(role, "coordinator") || !strcmp(role, "officer") ||
               !strcmp(role, "admin");
    }
    for (i = 0; i < sizeof(ALLOWED) / sizeof(ALLOWED[0]); i++) {
        if (!strcmp(ALLOWED[i].action, action) &&
            !strcmp(ALLOWED[i].role, role)) {
            return 1;
        }
    }
    return 0;
}

static const char *expected_to(const char *from, const char *action,
                               const char *role)
{
    size_t i;

    if (!strcmp(action, "note")) {
        return role_holds(action, role) ? from : NULL;
    }
    for (i = 0; i < sizeof(ALLOWED) / sizeof(ALLOWED[0]); i++) {
        if (!strcmp(ALLOWED[i].from, from) &&
            !strcmp(ALLOWED[i].action, action) &&
            !strcmp(ALLOWED[i].role, role)) {
            return ALLOWED[i].to;
        }
    }
    return NULL;
}

START_TEST(every_status_action_role)
{
    int s, a, r, checked = 0, ok_count = 0;

    for (s = 0; s < DNDN_ST_COUNT; s++) {
        for (a = 0; a < DNDN_ACT_COUNT; a++) {
            for (r = 0; r < DNDN_ROLE_COUNT; r++) {
                const char *from = dndn_status_name(s);
                const char *act = dndn_action_name(a);
                const char *want = expected_to(from, act, ROLES[r]);
                dndn_status to = DNDN_ST_COUNT;
                int v = dndn_wf_check(s, a, r, &to);
                if (want) {
                    ck_assert_msg(v == DNDN_WF_OK, "%s %s %s: %d", from, act,
                                  ROLES[r], v);
                    ck_assert_str_eq(dndn_status_name(to), want);
                    ok_count++;
                }
                else if (role_holds(act, ROLES[r])) {
                    ck_assert_msg(v == DNDN_WF_INVALID, "%s %s %s: %d", from,
                                  act, ROLES[r], v);
                }
                else {
                    ck_assert_msg(v == DNDN_WF_FORBIDDEN, "%s %s %s: %d", from,
                                  act, ROLES[r], v);
                }
                checked++;
            }
        }
    }
    ck_assert_int_eq(checked, DNDN_ST_COUNT * DNDN_ACT_COUNT * DNDN_ROLE_COUNT);
    /* 14 transitions + note by 3 roles from 8 statuses. */
    ck_assert_int_eq(ok_count, 14 + 3 * DNDN_ST_COUNT);
}
END_TEST

START_TEST(out_of_range_is_forbidden)
{
    dndn_status to;

    ck_assert_int_eq(
        dndn_wf_check(DNDN_ST_COUNT, DNDN_ACT_NOTE, DNDN_ROLE_ADMIN, &to),
        DNDN_WF_FORBIDDEN);
    ck_assert_int_eq(
        dndn_wf_check(DNDN_ST_RECEIVED, DNDN_ACT_COUNT, DNDN_ROLE_ADMIN, &to),
        DNDN_WF_FORBIDDEN);
    ck_assert_int_eq(
        dndn_wf_check(DNDN_ST_RECEIVED, DNDN_ACT_ASSIGN, DNDN_ROLE_COUNT, &to),
        DNDN_WF_FORBIDDEN);
    ck_assert_int_eq(dndn_wf_check(DNDN_ST_RECEIVED, DNDN_ACT_ASSIGN,
                                   DNDN_ROLE_COORDINATOR, NULL),
                     DNDN_WF_OK);
}
END_TEST

START_TEST(names_round_trip)
{
    int i;

    for (i = 0; i < DNDN_ST_COUNT; i++) {
        ck_assert_int_eq(dndn_status_parse(dndn_status_name(i)), i);
    }
    ck_assert_int_eq(dndn_status_parse("open"), -1);
    ck_assert_int_eq(dndn_status_parse(NULL), -1);
    ck_assert_ptr_null(dndn_status_name(DNDN_ST_COUNT));
    ck_assert_ptr_null(dndn_action_name(DNDN_ACT_COUNT));
    for (i = 0; i < DNDN_KIND_COUNT; i++) {
        ck_assert_int_eq(dndn_kind_parse(dndn_kind_name(i)), i);
    }
    ck_assert_int_eq(dndn_kind_parse("complaint"), -1);
    ck_assert_int_eq(dndn_kind_default_days(dndn_kind_parse("question")), 5);
    ck_assert_int_eq(dndn_kind_default_days(dndn_kind_parse("report")), 10);
    ck_assert_int_eq(dndn_kind_default_days(dndn_kind_parse("recommendation")),
                     10);
}
END_TEST

START_TEST(staff_roles)
{
    ck_assert_int_eq(dndn_role_of_staff("officer", "SKHDT", "SKHDT"),
                     DNDN_ROLE_OFFICER);
    ck_assert_int_eq(dndn_role_of_staff("officer", "STC", "SKHDT"),
                     DNDN_ROLE_OTHER_OFFICER);
    ck_assert_int_eq(dndn_role_of_staff("officer", NULL, NULL),
                     DNDN_ROLE_OTHER_OFFICER);
    ck_assert_int_eq(dndn_role_of_staff("officer", "SKHDT", NULL),
                     DNDN_ROLE_OTHER_OFFICER);
    ck_assert_int_eq(dndn_role_of_staff("coordinator", NULL, "X"),
                     DNDN_ROLE_COORDINATOR);
    ck_assert_int_eq(dndn_role_of_staff("editor", NULL, "X"), DNDN_ROLE_EDITOR);
    ck_assert_int_eq(dndn_role_of_staff("observer", NULL, "X"),
                     DNDN_ROLE_OBSERVER);
    ck_assert_int_eq(dndn_role_of_staff("admin", NULL, "X"), DNDN_ROLE_ADMIN);
    ck_assert_int_eq(dndn_role_of_staff("root", NULL, "X"), -1);
    ck_assert_int_eq(dndn_role_of_staff(NULL, NULL, "X"), -1);
    ck_assert(dndn_wf_may_view(DNDN_ROLE_OFFICER));
    ck_assert(!dndn_wf_may_view(DNDN_ROLE_OTHER_OFFICER));
    ck_assert(!dndn_wf_may_view(DNDN_ROLE_EDITOR));
    ck_assert(dndn_wf_may_view(DNDN_ROLE_OBSERVER));
    ck_assert(dndn_wf_redacted(DNDN_ROLE_OBSERVER));
    ck_assert(!dndn_wf_redacted(DNDN_ROLE_COORDINATOR));
}
END_TEST

START_TEST(autoclose_after_thirty_days)
{
    apr_int64_t t = 1780000000;
    apr_int64_t limit = t + 30 * 86400;

    ck_assert_int_eq(dndn_wf_effective(DNDN_ST_ANSWERED, t, limit - 1),
                     DNDN_ST_ANSWERED);
    ck_assert_int_eq(dndn_wf_effective(DNDN_ST_ANSWERED, t, limit),
                     DNDN_ST_CLOSED);
    ck_assert_int_eq(dndn_wf_effective(DNDN_ST_IN_PROGRESS, t, limit + 99),
                     DNDN_ST_IN_PROGRESS);
    ck_assert_int_eq(dndn_wf_effective(DNDN_ST_ANSWERED, 0, limit),
                     DNDN_ST_ANSWERED);
    ck_assert(dndn_wf_autoclose_at(t) == limit);
    ck_assert(dndn_wf_deadline_runs(DNDN_ST_ASSIGNED));
    ck_assert(dndn_wf_deadline_runs(DNDN_ST_IN_PROGRESS));
    ck_assert(!dndn_wf_deadline_runs(DNDN_ST_ANSWERED));
    ck_assert(!dndn_wf_deadline_runs(DNDN_ST_RETURNED));
}
END_TEST

Suite *dndn_workflow_suite(void);

Suite *dndn_workflow_suite(void)
{
    Suite *s = suite_create("dndn_workflow");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, every_status_action_role);
    tcase_add_test(tc, out_of_range_is_forbidden);
    tcase_add_test(tc, names_round_trip);
    tcase_add_test(tc, staff_roles);
    tcase_add_test(tc, autoclose_after_thirty_days);
    suite_add_tcase(s, tc);
    return s;
}
