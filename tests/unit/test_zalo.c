/* Unit tests: the meaning of Zalo Open API answers. */
#include <check.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_json.h"
#include "dndn_model.h"
#include "dndn_zalo.h"

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

static int me(const char *text, dndn_zalo_me *out)
{
    return dndn_zalo_parse_me(pool, text, strlen(text), out);
}

static int phone(const char *text, dndn_zalo_phone *out)
{
    return dndn_zalo_parse_phone(pool, text, strlen(text), out);
}

START_TEST(me_success)
{
    dndn_zalo_me m;

    ck_assert_int_eq(me("{\"id\":\"5012345678901234567\",\"name\":\"Nguyễn "
                        "Văn An\",\"picture\":{\"data\":{\"url\":\"x\"}}}",
                        &m),
                     DNDN_ZALO_OK);
    ck_assert_str_eq(m.id, "5012345678901234567");
    ck_assert_str_eq(m.name, "Nguyễn Văn An");
    ck_assert_int_eq(m.error, 0);
    /* error 0 is success; name may be absent; a numeric id is accepted. */
    ck_assert_int_eq(me("{\"error\":0,\"message\":\"Success\",\"id\":42}", &m),
                     DNDN_ZALO_OK);
    ck_assert_str_eq(m.id, "42");
    ck_assert_str_eq(m.name, "");
}
END_TEST

START_TEST(me_refused)
{
    dndn_zalo_me m;

    ck_assert_int_eq(
        me("{\"error\":-124,\"message\":\"Access token is invalid\"}", &m),
        DNDN_ZALO_DENIED);
    ck_assert_int_eq(m.error, -124);
    ck_assert_str_eq(m.message, "Access token is invalid");
    ck_assert_ptr_null(m.id);
    /* An error together with an id is still a refusal. */
    ck_assert_int_eq(me("{\"error\":\"-501\",\"id\":\"1\"}", &m),
                     DNDN_ZALO_DENIED);
    ck_assert_int_eq(m.error, -501);
    ck_assert_int_eq(me("{\"error\":true,\"id\":\"1\"}", &m), DNDN_ZALO_DENIED);
    /* No id, an empty, a non-numeric or too long id, a fractional id. */
    ck_assert_int_eq(me("{\"name\":\"A\"}", &m), DNDN_ZALO_DENIED);
    ck_assert_int_eq(me("{\"id\":\"\"}", &m), DNDN_ZALO_DENIED);
    ck_assert_int_eq(me("{\"id\":\"12' OR 1=1\"}", &m), DNDN_ZALO_DENIED);
    ck_assert_int_eq(me("{\"id\":null}", &m), DNDN_ZALO_DENIED);
    ck_assert_int_eq(me("{\"id\":1.5}", &m), DNDN_ZALO_DENIED);
    ck_assert_int_eq(
        me("{\"id\":\"12345678901234567890123456789012345678901234567890"
           "123456789012345\"}",
           &m),
        DNDN_ZALO_DENIED);
}
END_TEST

START_TEST(me_garbage)
{
    dndn_zalo_me m;
    char *big;

    ck_assert_int_eq(me("", &m), DNDN_ZALO_GARBAGE);
    ck_assert_int_eq(me("<html>502 Bad Gateway</html>", &m), DNDN_ZALO_GARBAGE);
    ck_assert_int_eq(me("[1]", &m), DNDN_ZALO_GARBAGE);
    ck_assert_int_eq(me("{\"id\":\"1\"} trailing", &m), DNDN_ZALO_GARBAGE);
    ck_assert_int_eq(dndn_zalo_parse_me(pool, NULL, 0, &m), DNDN_ZALO_GARBAGE);
    /* Longer than the cap: refused without being parsed. */
    big = apr_palloc(pool, DNDN_ZALO_MAX_ANSWER + 2);
    memset(big, ' ', DNDN_ZALO_MAX_ANSWER + 1);
    memcpy(big, "{\"id\":\"1\"}", 10);
    ck_assert_int_eq(
        dndn_zalo_parse_me(pool, big, DNDN_ZALO_MAX_ANSWER + 1, &m),
        DNDN_ZALO_GARBAGE);
    ck_assert_int_eq(dndn_zalo_parse_me(pool, big, DNDN_ZALO_MAX_ANSWER, &m),
                     DNDN_ZALO_OK);
}
END_TEST

START_TEST(phone_answers)
{
    dndn_zalo_phone ph;

    ck_assert_int_eq(phone("{\"data\":{\"number\":\"84912345678\"},"
                           "\"error\":0,\"message\":\"Success\"}",
                           &ph),
                     DNDN_ZALO_OK);
    ck_assert_str_eq(ph.number, "84912345678");
    ck_assert_str_eq(ph.message, "Success");
    ck_assert_int_eq(phone("{\"data\":{\"number\":84912345678}}", &ph),
                     DNDN_ZALO_OK);
    ck_assert_str_eq(ph.number, "84912345678");
    ck_assert_int_eq(
        phone("{\"error\":-201,\"message\":\"Invalid code\"}", &ph),
        DNDN_ZALO_DENIED);
    ck_assert_int_eq(ph.error, -201);
    ck_assert_ptr_null(ph.number);
    ck_assert_int_eq(phone("{\"data\":{},\"error\":0}", &ph), DNDN_ZALO_DENIED);
    ck_assert_int_eq(phone("{\"data\":\"84912345678\"}", &ph),
                     DNDN_ZALO_DENIED);
    ck_assert_int_eq(phone("{\"data\":{\"number\":\"\"}}", &ph),
                     DNDN_ZALO_DENIED);
    ck_assert_int_eq(phone("not json", &ph), DNDN_ZALO_GARBAGE);
}
END_TEST

START_TEST(token_fit_for_a_header)
{
    char *longest = apr_palloc(pool, DNDN_ZALO_MAX_TOKEN + 2);

    ck_assert_int_eq(dndn_zalo_token_ok("abc-DEF_123.xyz~+/="), 1);
    ck_assert_int_eq(dndn_zalo_token_ok(""), 0);
    ck_assert_int_eq(dndn_zalo_token_ok(NULL), 0);
    ck_assert_int_eq(dndn_zalo_token_ok("abc\r\nX-Evil: 1"), 0);
    ck_assert_int_eq(dndn_zalo_token_ok("a b"), 0);
    ck_assert_int_eq(dndn_zalo_token_ok("a\tb"), 0);
    ck_assert_int_eq(dndn_zalo_token_ok("mã"), 0);
    memset(longest, 'a', DNDN_ZALO_MAX_TOKEN);
    longest[DNDN_ZALO_MAX_TOKEN] = '\0';
    ck_assert_int_eq(dndn_zalo_token_ok(longest), 1);
    longest[DNDN_ZALO_MAX_TOKEN] = 'a';
    longest[DNDN_ZALO_MAX_TOKEN + 1] = '\0';
    ck_assert_int_eq(dndn_zalo_token_ok(longest), 0);
}
END_TEST

START_TEST(user_json_shows_phone_consent)
{
    dndn_user u;
    char *text;

    memset(&u, 0, sizeof(u));
    u.id = "7";
    u.name = "An";
    u.phone = "+84912345678";
    u.phone_consent_purpose = DNDN_PHONE_CONSENT_PURPOSE;
    u.phone_consent_at = "1767225600"; /* 2026-01-01T07:00:00+07:00 */
    text = dndn_json_print(pool, dndn_json_own(pool, dndn_user_json(pool, &u)),
                           NULL);
    ck_assert_ptr_nonnull(strstr(text, "\"phone_consent\":{\"purpose\":\""
                                       "Liên hệ với doanh nghiệp"));
    ck_assert_ptr_nonnull(
        strstr(text, "\"at\":\"2026-01-01T07:00:00+07:00\"}"));
    /* No phone: no consent shown, whatever the columns hold. */
    u.phone = NULL;
    text = dndn_json_print(pool, dndn_json_own(pool, dndn_user_json(pool, &u)),
                           NULL);
    ck_assert_ptr_nonnull(
        strstr(text, "\"phone\":null,\"phone_consent\":null"));
    u.phone = "+84912345678";
    u.phone_consent_at = NULL;
    text = dndn_json_print(pool, dndn_json_own(pool, dndn_user_json(pool, &u)),
                           NULL);
    ck_assert_ptr_nonnull(strstr(text, "\"phone_consent\":null"));
}
END_TEST

Suite *dndn_zalo_suite(void);

Suite *dndn_zalo_suite(void)
{
    Suite *s = suite_create("dndn_zalo");
    TCase *tc = tcase_create("answers");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, me_success);
    tcase_add_test(tc, me_refused);
    tcase_add_test(tc, me_garbage);
    tcase_add_test(tc, phone_answers);
    tcase_add_test(tc, token_fit_for_a_header);
    tcase_add_test(tc, user_json_shows_phone_consent);
    suite_add_tcase(s, tc);
    return s;
}
