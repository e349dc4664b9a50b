/* JSON mapping of petitions: what each viewer sees. */
#include <check.h>
#include <string.h>

#include <apr_general.h>

#include "dndn_calendar.h"
#include "dndn_json.h"
#include "dndn_model.h"
#include "dndn_time.h"

static apr_pool_t *pool;

static void setup(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
    apr_terminate();
}

/* Assigned on Monday 2026-03-02 10:00+07:00, due Monday 2026-03-09. */
static dndn_petition sample(void)
{
    dndn_petition p = {0};

    p.id = "7";
    p.code = "PAKN-2026-000007";
    p.user_id = "3";
    p.kind = "question";
    p.title = "Hỏi về thuế";
    p.content = "Nội dung câu hỏi";
    p.category = "thue";
    p.agency_code = "SKHDT";
    p.enterprise_tax_code = "0100109106";
    p.enterprise_name = "Công ty ABC";
    p.contact_phone = "+84912345678";
    p.public_consent = "1";
    p.status = "assigned";
    p.created_at = "1772420400";
    p.assigned_at = "1772420400";
    p.due_at = "1773075599";
    p.extended = "0";
    p.published = "0";
    p.updated_at = "1772420400";
    p.version = "2";
    p.author_name = "Nguyễn Văn An";
    return p;
}

static int has(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k) != NULL;
}

START_TEST(owner_view_is_the_contract)
{
    dndn_petition p = sample();
    /* Wednesday 2026-03-04 09:00+07:00: Thu, Fri, Mon left. */
    apr_int64_t now = 1772589600;
    cJSON *o =
        dndn_json_own(pool, dndn_petition_json(pool, &p, "assigned",
                                               DNDN_VIEW_OWNER, NULL, now));
    const char *keys[] = {
        "code",    "kind",   "title",      "content", "category",
        "status",  "agency", "created_at", "due_at",  "working_days_left",
        "overdue", "answer", "rating"};
    size_t i;

    ck_assert_int_eq(cJSON_GetArraySize(o), 13);
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        ck_assert_msg(has(o, keys[i]), "%s", keys[i]);
    }
    ck_assert_str_eq(cJSON_GetObjectItem(o, "due_at")->valuestring,
                     "2026-03-09T23:59:59+07:00");
    ck_assert_int_eq(cJSON_GetObjectItem(o, "working_days_left")->valueint, 3);
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(o, "overdue")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(o, "answer")));
    ck_assert(!has(o, "contact_phone") && !has(o, "author"));
}
END_TEST

START_TEST(overdue_after_the_due_day)
{
    dndn_petition p = sample();
    cJSON *o = dndn_json_own(pool, dndn_petition_json(pool, &p, "in_progress",
                                                      DNDN_VIEW_OWNER, NULL,
                                                      1773075600));

    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(o, "overdue")));
    /* Tuesday 00:00: one working day late. */
    ck_assert_int_eq(cJSON_GetObjectItem(o, "working_days_left")->valueint, -1);
    /* Answered: the deadline no longer runs. */
    o = dndn_json_own(pool,
                      dndn_petition_json(pool, &p, "answered", DNDN_VIEW_OWNER,
                                         NULL, 1773075600));
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(o, "overdue")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(o, "working_days_left")));
}
END_TEST

START_TEST(holiday_in_the_calendar_counts)
{
    dndn_petition p = sample();
    dndn_calendar *cal = dndn_calendar_make(pool);
    cJSON *o;

    ck_assert_int_eq(dndn_calendar_set_str(cal, "2026-03-05", "holiday"), 0);
    o = dndn_json_own(pool,
                      dndn_petition_json(pool, &p, "assigned", DNDN_VIEW_OWNER,
                                         cal, 1772589600));
    ck_assert_int_eq(cJSON_GetObjectItem(o, "working_days_left")->valueint, 2);
}
END_TEST

START_TEST(staff_observer_public_views)
{
    dndn_petition p = sample();
    cJSON *staff, *obs, *pub;

    p.answered_at = "1772500000";
    p.answer_content = "Trả lời";
    p.answer_agency = "SKHDT";
    p.rating_score = "5";
    staff = dndn_json_own(
        pool, dndn_petition_json(pool, &p, "closed", DNDN_VIEW_STAFF, NULL, 0));
    obs = dndn_json_own(pool, dndn_petition_json(pool, &p, "closed",
                                                 DNDN_VIEW_OBSERVER, NULL, 0));
    pub = dndn_json_own(pool, dndn_petition_json(pool, &p, "closed",
                                                 DNDN_VIEW_PUBLIC, NULL, 0));
    ck_assert(has(staff, "contact_phone") && has(staff, "enterprise") &&
              has(staff, "author") && has(staff, "content"));
    ck_assert(!has(obs, "contact_phone") && !has(obs, "enterprise") &&
              !has(obs, "author") && !has(obs, "content"));
    ck_assert(!has(cJSON_GetObjectItem(obs, "answer"), "content"));
    ck_assert(has(obs, "published") && has(obs, "rating"));
    ck_assert(!has(pub, "contact_phone") && !has(pub, "author") &&
              !has(pub, "rating") && !has(pub, "published"));
    ck_assert_str_eq(
        cJSON_GetObjectItem(cJSON_GetObjectItem(pub, "answer"), "content")
            ->valuestring,
        "Trả lời");
}
END_TEST

START_TEST(events_hide_staff_names_from_the_owner)
{
    dndn_petition_event e = {"1772420400", "staff",    "officer",
                             "SKHDT",      "assigned", "in_progress",
                             "accept",     NULL,       "0"};
    cJSON *own = dndn_json_own(pool, dndn_petition_event_json(pool, &e, 1));
    cJSON *st = dndn_json_own(pool, dndn_petition_event_json(pool, &e, 0));

    ck_assert(!has(own, "actor") && !has(own, "internal"));
    ck_assert_str_eq(cJSON_GetObjectItem(own, "agency")->valuestring, "SKHDT");
    ck_assert_str_eq(cJSON_GetObjectItem(st, "actor")->valuestring, "officer");
    e.actor_kind = "user";
    own = dndn_json_own(pool, dndn_petition_event_json(pool, &e, 1));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(own, "agency")));
}
END_TEST

Suite *dndn_petition_suite(void);

Suite *dndn_petition_suite(void)
{
    Suite *s = suite_create("dndn_petition");
    TCase *tc = tcase_create("json");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, owner_view_is_the_contract);
    tcase_add_test(tc, overdue_after_the_due_day);
    tcase_add_test(tc, holiday_in_the_calendar_counts);
    tcase_add_test(tc, staff_observer_public_views);
    tcase_add_test(tc, events_hide_staff_names_from_the_owner);
    suite_add_tcase(s, tc);
    return s;
}
