/* Q&A terms and query patterns: accents, case, NFD, cutting. */
#include <check.h>
#include <string.h>

#include <apr_general.h>

#include "dndn_search.h"

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

static const char *term(const apr_array_header_t *a, int i)
{
    return APR_ARRAY_IDX(a, i, const char *);
}

START_TEST(terms_are_folded_and_distinct)
{
    apr_array_header_t *t =
        dndn_search_terms(pool, "Đăng ký KINH DOANH: đăng ký thuế, Thuế!");

    ck_assert_int_eq(t->nelts, 5);
    ck_assert_str_eq(term(t, 0), "dang");
    ck_assert_str_eq(term(t, 1), "ky");
    ck_assert_str_eq(term(t, 2), "kinh");
    ck_assert_str_eq(term(t, 3), "doanh");
    ck_assert_str_eq(term(t, 4), "thue");
    ck_assert_int_eq(dndn_search_terms(pool, "")->nelts, 0);
    ck_assert_int_eq(dndn_search_terms(pool, NULL)->nelts, 0);
    ck_assert_int_eq(dndn_search_terms(pool, " -- ! ")->nelts, 0);
}
END_TEST

START_TEST(nfd_and_tone_placement_fold_alike)
{
    /* "hoà" (NFC, mark on a), "hòa" (mark on o), and NFD "ho" + U+0300 + "a".
     */
    apr_array_header_t *t = dndn_search_terms(pool, "ho\xc3\xa0 h\xc3\xb2"
                                                    "a ho\xcc\x80"
                                                    "a");

    ck_assert_int_eq(t->nelts, 1);
    ck_assert_str_eq(term(t, 0), "hoa");
}
END_TEST

START_TEST(long_words_are_cut_on_a_character)
{
    char w[200];
    apr_array_header_t *t;

    memset(w, 'a', 70);
    w[70] = '\0';
    t = dndn_search_terms(pool, w);
    ck_assert_int_eq(strlen(term(t, 0)), DNDN_TERM_MAX_BYTES);
    /* 63 ASCII letters then a 2-byte letter (ß folds to "ss"; use
     * Greek alpha, 2 bytes, which stays one letter): cut before it. */
    memset(w, 'b', 63);
    strcpy(w + 63, "\xce\xb1\xce\xb1");
    t = dndn_search_terms(pool, w);
    ck_assert_int_eq(strlen(term(t, 0)), 63);
}
END_TEST

START_TEST(patterns_prefix_the_last_word)
{
    const char *out[6];
    int n = dndn_search_patterns(pool, "  Đăng KÝ kin ", out, 6);

    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(out[0], "dang");
    ck_assert_str_eq(out[1], "ky");
    ck_assert_str_eq(out[2], "kin%");
    n = dndn_search_patterns(pool, "a b c d e f g h", out, 6);
    ck_assert_int_eq(n, 6);
    ck_assert_str_eq(out[5], "f%");
    ck_assert_int_eq(dndn_search_patterns(pool, "", out, 6), 0);
    ck_assert_int_eq(dndn_search_patterns(pool, NULL, out, 6), 0);
    /* Wildcards never survive folding. */
    n = dndn_search_patterns(pool, "50% _x", out, 6);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(out[0], "50");
    ck_assert_str_eq(out[1], "x%");
}
END_TEST

START_TEST(the_rarest_word_drives)
{
    const apr_int64_t common_then_rare[] = {1000, 12, 1000};
    const apr_int64_t ties[] = {1000, 1000};
    const apr_int64_t one_absent[] = {1000, 3, 0};
    const apr_int64_t last_rarest[] = {40, 41, 7};

    ck_assert_int_eq(dndn_search_driver(common_then_rare, 3), 1);
    ck_assert_int_eq(dndn_search_driver(ties, 2), 0);
    ck_assert_int_eq(dndn_search_driver(last_rarest, 3), 2);
    ck_assert_int_eq(dndn_search_driver(last_rarest, 1), 0);
    /* A word no answer has: nothing can match. */
    ck_assert_int_eq(dndn_search_driver(one_absent, 3), -1);
    ck_assert_int_eq(dndn_search_driver(one_absent, 0), -1);
}
END_TEST

START_TEST(a_prefix_is_a_range_of_terms)
{
    const char *from, *below;

    dndn_search_prefix_range(pool, "kin%", &from, &below);
    ck_assert_str_eq(from, "kin");
    ck_assert_str_eq(below, "kin\xF4\x8F\xBF\xBF");
    /* Every term with the prefix is inside, byte-wise; others are not. */
    ck_assert_int_le(strcmp(from, "kin"), 0);
    ck_assert_int_lt(strcmp("kinh", below), 0);
    ck_assert_int_lt(strcmp("kin\xE1\xBB\xB9", below), 0);
    ck_assert_int_gt(strcmp("kio", below), 0);
    ck_assert_int_lt(strcmp("kim", from), 0);
    dndn_search_prefix_range(pool, "dang", &from, &below);
    ck_assert_str_eq(from, "dang");
}
END_TEST

START_TEST(a_prefix_of_one_term_is_that_term)
{
    /* "tro" is the only term from "tro" on with that prefix. */
    ck_assert_str_eq(dndn_search_only_term("tro%", "tro", "truong"), "tro");
    ck_assert_str_eq(dndn_search_only_term("kin%", "kinh", NULL), "kinh");
    /* Two terms start with "thu": a prefix still. */
    ck_assert_ptr_null(dndn_search_only_term("thu%", "thu", "thue"));
    /* None does: the first term after it is another word. */
    ck_assert_ptr_null(dndn_search_only_term("xyz%", "y", "yen"));
    ck_assert_ptr_null(dndn_search_only_term("xyz%", NULL, NULL));
    /* A pattern without the prefix mark is compared whole. */
    ck_assert_str_eq(dndn_search_only_term("dang", "dang", "danh"), "dang");
}
END_TEST

Suite *dndn_search_suite(void);

Suite *dndn_search_suite(void)
{
    Suite *s = suite_create("dndn_search");
    TCase *tc = tcase_create("terms");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, terms_are_folded_and_distinct);
    tcase_add_test(tc, nfd_and_tone_placement_fold_alike);
    tcase_add_test(tc, long_words_are_cut_on_a_character);
    tcase_add_test(tc, patterns_prefix_the_last_word);
    tcase_add_test(tc, the_rarest_word_drives);
    tcase_add_test(tc, a_prefix_is_a_range_of_terms);
    tcase_add_test(tc, a_prefix_of_one_term_is_that_term);
    suite_add_tcase(s, tc);
    return s;
}
