/* Unit tests: routes, entity tags, origins, query strings, cursors. */
#include <check.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_http.h"

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

START_TEST(route_literal_and_params)
{
    const char *p[DNDN_ROUTE_MAX_PARAMS];

    ck_assert_int_eq(dndn_route_match(pool, "/agencies", "/agencies", p), 0);
    ck_assert_int_eq(dndn_route_match(pool, "/agencies", "/agencies/", p), -1);
    ck_assert_int_eq(dndn_route_match(pool, "/agencies", "/agenciesx", p), -1);
    ck_assert_int_eq(dndn_route_match(pool, "/agencies", "/agencie", p), -1);
    ck_assert_int_eq(dndn_route_match(pool, "/agencies", "", p), -1);
    ck_assert_int_eq(
        dndn_route_match(pool, "/agencies/{code}", "/agencies/SKHDT", p), 1);
    ck_assert_str_eq(p[0], "SKHDT");
    ck_assert_int_eq(
        dndn_route_match(pool, "/agencies/{code}", "/agencies/", p), -1);
    ck_assert_int_eq(
        dndn_route_match(pool, "/agencies/{code}", "/agencies/a/b", p), -1);
    ck_assert_int_eq(dndn_route_match(pool, "/petitions/{code}/events",
                                      "/petitions/PAKN-2026-000001/events", p),
                     1);
    ck_assert_str_eq(p[0], "PAKN-2026-000001");
    ck_assert_int_eq(dndn_route_match(pool, "/petitions/{code}/events",
                                      "/petitions/X/event", p),
                     -1);
}
END_TEST

START_TEST(etag_stable_and_matching)
{
    const char *a = dndn_etag(pool, "abc", 3);
    const char *b = dndn_etag(pool, "abd", 3);

    ck_assert_int_eq(strlen(a), 18);
    ck_assert_str_eq(a, dndn_etag(pool, "abc", 3));
    ck_assert_str_ne(a, b);
    ck_assert(dndn_etag_matches(a, a));
    ck_assert(!dndn_etag_matches(b, a));
    ck_assert(dndn_etag_matches(apr_pstrcat(pool, b, ", ", a, NULL), a));
    ck_assert(dndn_etag_matches(apr_pstrcat(pool, "W/", a, NULL), a));
    ck_assert(dndn_etag_matches("*", a));
    ck_assert(!dndn_etag_matches("", a));
    ck_assert(!dndn_etag_matches(NULL, a));
    ck_assert(!dndn_etag_matches("\"0123456789abcdef", a));
}
END_TEST

/* Bodies of every length up to two words and a tail, each with one byte
 * changed at every position (any bit of it, words and tail alike): all
 * tags differ from the unchanged body's, and a longer body is not its
 * prefix's tag. */
START_TEST(etag_sees_every_byte)
{
    char body[24], changed[24];
    apr_size_t len, i;
    int bit;

    for (i = 0; i < sizeof(body); i++) {
        body[i] = (char)('a' + i);
    }
    for (len = 1; len <= sizeof(body); len++) {
        const char *tag = dndn_etag(pool, body, len);
        ck_assert_str_ne(tag, dndn_etag(pool, body, len - 1));
        for (i = 0; i < len; i++) {
            for (bit = 0; bit < 8; bit++) {
                memcpy(changed, body, len);
                changed[i] = (char)(changed[i] ^ (1 << bit));
                ck_assert_str_ne(tag, dndn_etag(pool, changed, len));
            }
        }
    }
}
END_TEST

START_TEST(origins)
{
    ck_assert(dndn_origin_valid("https://h5.zdn.vn"));
    ck_assert(dndn_origin_valid("zbrowser://h5.zdn.vn"));
    ck_assert(dndn_origin_valid("http://127.0.0.1:8080"));
    ck_assert(!dndn_origin_valid("https://h5.zdn.vn/"));
    ck_assert(!dndn_origin_valid("https://h5.zdn.vn/path"));
    ck_assert(!dndn_origin_valid("h5.zdn.vn"));
    ck_assert(!dndn_origin_valid("https://"));
    ck_assert(!dndn_origin_valid("https://a:"));
    ck_assert(!dndn_origin_valid("https://a:123456"));
    ck_assert(!dndn_origin_valid("*"));
    ck_assert(!dndn_origin_valid(NULL));
}
END_TEST

START_TEST(query_strings)
{
    apr_table_t *t = dndn_query_parse(pool, "q=thu%E1%BA%BF+doanh&limit=5&x");

    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(apr_table_get(t, "q"), "thuế doanh");
    ck_assert_str_eq(apr_table_get(t, "limit"), "5");
    ck_assert_str_eq(apr_table_get(t, "x"), "");
    ck_assert_ptr_null(dndn_query_parse(pool, "q=%zz"));
    ck_assert_ptr_null(dndn_query_parse(pool, "q=%4"));
    ck_assert_ptr_null(dndn_query_parse(pool, "q=a%00b"));
    ck_assert_int_eq(apr_table_elts(dndn_query_parse(pool, NULL))->nelts, 0);
}
END_TEST

START_TEST(limits)
{
    int v = 0;

    ck_assert_int_eq(dndn_parse_limit(NULL, 20, 100, &v), 0);
    ck_assert_int_eq(v, 20);
    ck_assert_int_eq(dndn_parse_limit("7", 20, 100, &v), 0);
    ck_assert_int_eq(v, 7);
    ck_assert_int_eq(dndn_parse_limit("1000", 20, 100, &v), 0);
    ck_assert_int_eq(v, 100);
    ck_assert_int_eq(dndn_parse_limit("0", 20, 100, &v), -1);
    ck_assert_int_eq(dndn_parse_limit("-1", 20, 100, &v), -1);
    ck_assert_int_eq(dndn_parse_limit("5a", 20, 100, &v), -1);
    ck_assert_int_eq(dndn_parse_limit("", 20, 100, &v), -1);
    ck_assert_int_eq(dndn_parse_limit("99999999999", 20, 100, &v), -1);
}
END_TEST

START_TEST(integers)
{
    ck_assert(dndn_is_integer("0"));
    ck_assert(dndn_is_integer("-1000000000"));
    ck_assert(dndn_is_integer("123456789012345678"));
    ck_assert(!dndn_is_integer("1234567890123456789"));
    ck_assert(!dndn_is_integer(""));
    ck_assert(!dndn_is_integer("-"));
    ck_assert(!dndn_is_integer("1a"));
    ck_assert(!dndn_is_integer(" 1"));
    ck_assert(!dndn_is_integer(NULL));
}
END_TEST

START_TEST(cursors_round_trip)
{
    const char *in[2] = {"20", "Sở KH&ĐT/+="};
    const char *out[2];
    const char *c = dndn_cursor_encode(pool, in, 2);

    ck_assert_ptr_null(strpbrk(c, "+/="));
    ck_assert_int_eq(dndn_cursor_decode(pool, c, out, 2), 2);
    ck_assert_str_eq(out[0], "20");
    ck_assert_str_eq(out[1], in[1]);
    ck_assert_int_eq(dndn_cursor_decode(pool, c, out, 1), -1);
    ck_assert_int_eq(dndn_cursor_decode(pool, "!!", out, 2), -1);
    ck_assert_int_eq(dndn_cursor_decode(pool, "", out, 2), -1);
}
END_TEST

Suite *dndn_http_suite(void);
Suite *dndn_http_suite(void)
{
    Suite *s = suite_create("http");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, route_literal_and_params);
    tcase_add_test(tc, etag_stable_and_matching);
    tcase_add_test(tc, etag_sees_every_byte);
    tcase_add_test(tc, origins);
    tcase_add_test(tc, query_strings);
    tcase_add_test(tc, limits);
    tcase_add_test(tc, integers);
    tcase_add_test(tc, cursors_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
