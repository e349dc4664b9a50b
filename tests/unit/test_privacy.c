/* Unit tests: personal data records (consents in force, JSON of consents
 * and access-log entries). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_model.h"

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

static void add(apr_array_header_t *a, const char *kind, const char *purpose,
                const char *granted, const char *at)
{
    dndn_consent *c = apr_array_push(a);

    c->kind = kind;
    c->purpose = purpose;
    c->granted = granted;
    c->created_at = at;
}

START_TEST(in_force_latest_per_kind)
{
    apr_array_header_t *a = apr_array_make(pool, 4, sizeof(dndn_consent));
    apr_array_header_t *open;
    const dndn_consent *c;

    add(a, "phone", "p1", "1", "100");
    add(a, "phone", "p1", "0", "200"); /* withdrawn */
    add(a, "phone", "p2", "1", "300"); /* given again: in force */
    add(a, "marketing", "m", "1", "150");
    add(a, "marketing", "m", "0", "400"); /* withdrawn last */
    open = dndn_consents_in_force(pool, a);
    ck_assert_int_eq(open->nelts, 1);
    c = &APR_ARRAY_IDX(open, 0, dndn_consent);
    ck_assert_str_eq(c->kind, "phone");
    ck_assert_str_eq(c->purpose, "p2");
    ck_assert_str_eq(c->created_at, "300");
}
END_TEST

START_TEST(in_force_none)
{
    apr_array_header_t *a = apr_array_make(pool, 4, sizeof(dndn_consent));

    ck_assert_int_eq(dndn_consents_in_force(pool, a)->nelts, 0);
    add(a, "phone", "p", "1", "100");
    add(a, "phone", "p", "0", "100");
    ck_assert_int_eq(dndn_consents_in_force(pool, a)->nelts, 0);
    add(a, NULL, "broken row", "1", "100");
    ck_assert_int_eq(dndn_consents_in_force(pool, a)->nelts, 0);
}
END_TEST

START_TEST(in_force_two_kinds)
{
    apr_array_header_t *a = apr_array_make(pool, 4, sizeof(dndn_consent));
    apr_array_header_t *open;
    int phone = 0, qa = 0, i;

    add(a, "phone", "p", "1", "100");
    add(a, "public_qa", "q", "1", "110");
    open = dndn_consents_in_force(pool, a);
    ck_assert_int_eq(open->nelts, 2);
    for (i = 0; i < open->nelts; i++) {
        const dndn_consent *c = &APR_ARRAY_IDX(open, i, dndn_consent);
        phone += !strcmp(c->kind, "phone");
        qa += !strcmp(c->kind, "public_qa");
    }
    ck_assert_int_eq(phone, 1);
    ck_assert_int_eq(qa, 1);
}
END_TEST

START_TEST(consent_json)
{
    dndn_consent c = {"phone", "Liên hệ", "0", "0"};
    cJSON *o = dndn_consent_json(pool, &c);
    char *s = cJSON_PrintUnformatted(o);

    ck_assert_str_eq(s,
                     "{\"kind\":\"phone\",\"purpose\":\"Liên hệ\","
                     "\"granted\":false,\"at\":\"1970-01-01T07:00:00+07:00\"}");
    free(s);
    cJSON_Delete(o);
}
END_TEST

START_TEST(access_entry_json)
{
    dndn_access_entry e = {
        "7",  "3600",     "officer", "petition_read", "PAKN-2026-000001",
        "12", "127.0.0.1"};
    dndn_access_entry n = {"8",  "3600", "admin", "petition_list",
                           NULL, NULL,   ""};
    cJSON *o = dndn_access_entry_json(pool, &e);
    char *s = cJSON_PrintUnformatted(o);

    ck_assert_str_eq(s, "{\"id\":7,\"at\":\"1970-01-01T08:00:00+07:00\","
                        "\"staff\":\"officer\",\"action\":\"petition_read\","
                        "\"petition_code\":\"PAKN-2026-000001\","
                        "\"user_id\":12,\"client\":\"127.0.0.1\"}");
    free(s);
    cJSON_Delete(o);
    o = dndn_access_entry_json(pool, &n);
    s = cJSON_PrintUnformatted(o);
    ck_assert_ptr_nonnull(strstr(s, "\"petition_code\":null"));
    ck_assert_ptr_nonnull(strstr(s, "\"user_id\":null"));
    free(s);
    cJSON_Delete(o);
}
END_TEST

Suite *dndn_privacy_suite(void);

Suite *dndn_privacy_suite(void)
{
    Suite *s = suite_create("dndn_privacy");
    TCase *tc = tcase_create("dndn_privacy");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, in_force_latest_per_kind);
    tcase_add_test(tc, in_force_none);
    tcase_add_test(tc, in_force_two_kinds);
    tcase_add_test(tc, consent_json);
    tcase_add_test(tc, access_entry_json);
    suite_add_tcase(s, tc);
    return s;
}
