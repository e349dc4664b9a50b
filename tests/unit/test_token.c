/* Unit tests: base64url, session tokens, hashing, scopes. */
#include <check.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_core.h"
#include "dndn_model.h"
#include "dndn_token.h"

static apr_pool_t *pool;
static const unsigned char key[] = "0123456789abcdef0123456789abcdef";

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

START_TEST(b64url_round_trip)
{
    const unsigned char bin[] = {0xfb, 0xff, 0x00, 0x3e, 0x3f};
    apr_size_t len = 0;
    const char *e = dndn_b64url_encode(pool, bin, sizeof(bin));
    char *d;

    ck_assert_str_eq(e, "-_8APj8");
    d = dndn_b64url_decode(pool, e, &len);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(len, sizeof(bin));
    ck_assert_mem_eq(d, bin, sizeof(bin));
    ck_assert_ptr_null(dndn_b64url_decode(pool, "a+b=", &len));
    ck_assert_ptr_null(dndn_b64url_decode(pool, "abcde", &len));
    ck_assert_ptr_nonnull(dndn_b64url_decode(pool, "", &len));
    ck_assert_uint_eq(len, 0);
}
END_TEST

START_TEST(nullable_numbers)
{
    ck_assert(dndn_num(NULL) == 0);
    ck_assert(dndn_num("0") == 0);
    ck_assert(dndn_num("1764374400") == APR_INT64_C(1764374400));
    ck_assert(dndn_num("-5") == -5);
    ck_assert(dndn_num("9223372036854775807") == APR_INT64_MAX);
}
END_TEST

START_TEST(token_sign_verify)
{
    const char *sub = NULL;
    apr_int64_t exp = 0;
    const char *t = dndn_token_sign(pool, key, 32, "42", 1000, 2000);

    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(strncmp(t, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", 37),
                     0);
    ck_assert_int_eq(dndn_token_verify(pool, key, 32, t, 1500, &sub, &exp),
                     DNDN_TOKEN_OK);
    ck_assert_str_eq(sub, "42");
    ck_assert_int_eq(exp, 2000);
    ck_assert_int_eq(dndn_token_verify(pool, key, 32, t, 2000, &sub, &exp),
                     DNDN_TOKEN_EXPIRED);
    /* Another key, a changed byte, a truncated or empty token. */
    ck_assert_int_eq(
        dndn_token_verify(
            pool, (const unsigned char *)"another key of thirty-two bytes!", 32,
            t, 1500, &sub, &exp),
        DNDN_TOKEN_INVALID);
    {
        char *bad = apr_pstrdup(pool, t);
        bad[40] = bad[40] == 'A' ? 'B' : 'A';
        ck_assert_int_eq(
            dndn_token_verify(pool, key, 32, bad, 1500, &sub, &exp),
            DNDN_TOKEN_INVALID);
        bad[strlen(bad) - 3] = '\0';
        ck_assert_int_eq(
            dndn_token_verify(pool, key, 32, bad, 1500, &sub, &exp),
            DNDN_TOKEN_INVALID);
    }
    ck_assert_int_eq(dndn_token_verify(pool, key, 32, "", 1500, &sub, &exp),
                     DNDN_TOKEN_INVALID);
    ck_assert_int_eq(dndn_token_verify(pool, key, 32, NULL, 1500, &sub, &exp),
                     DNDN_TOKEN_INVALID);
    /* alg "none" header with an empty signature. */
    ck_assert_int_eq(
        dndn_token_verify(pool, key, 32,
                          "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
                          "eyJzdWIiOiI0MiIsImV4cCI6OTk5OTk5OTk5OX0.",
                          1500, &sub, &exp),
        DNDN_TOKEN_INVALID);
}
END_TEST

START_TEST(sha256_and_equals)
{
    ck_assert_str_eq(
        dndn_sha256_hex(pool, "dev-partner-key", 15),
        "6d3f12bf21b1659b487e01cb811640b5279d34a8a0675ca88c93f0ccfa7ae8dc");
    ck_assert(dndn_secure_equals("abc", "abc", 3));
    ck_assert(!dndn_secure_equals("abc", "abd", 3));
}
END_TEST

START_TEST(scopes)
{
    const char *s = "dossiers:write procedures:write";

    ck_assert(dndn_scope_has(s, "dossiers:write"));
    ck_assert(dndn_scope_has(s, "procedures:write"));
    ck_assert(!dndn_scope_has(s, "dossiers"));
    ck_assert(!dndn_scope_has(s, "petitions:read"));
    ck_assert(!dndn_scope_has("", "dossiers:write"));
    ck_assert(!dndn_scope_has("dossiers:writer", "dossiers:write"));
}
END_TEST

Suite *dndn_token_suite(void);
Suite *dndn_token_suite(void)
{
    Suite *s = suite_create("token");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, b64url_round_trip);
    tcase_add_test(tc, nullable_numbers);
    tcase_add_test(tc, token_sign_verify);
    tcase_add_test(tc, sha256_and_equals);
    tcase_add_test(tc, scopes);
    suite_add_tcase(s, tc);
    return s;
}
