/*
 * test_tally.c - unit tests of dndn_tally, the look-up limit's counters
 * (Check).  Tables live in plain buffers here; the module puts them in
 * shared memory.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dndn_tally.h"

Suite *dndn_tally_suite(void);

static dndn_tally *make(apr_uint32_t slots)
{
    void *mem = malloc(dndn_tally_size(slots));

    ck_assert_ptr_nonnull(mem);
    return dndn_tally_init(mem, slots);
}

START_TEST(test_counts_per_key)
{
    dndn_tally *t = make(1024);

    ck_assert_uint_eq(dndn_tally_hit(t, "203.0.113.7", 100), 1);
    ck_assert_uint_eq(dndn_tally_hit(t, "203.0.113.7", 100), 2);
    ck_assert_uint_eq(dndn_tally_hit(t, "203.0.113.70", 100), 1);
    ck_assert_uint_eq(dndn_tally_hit(t, "2001:db8::7", 100), 1);
    ck_assert_uint_eq(dndn_tally_hit(t, "203.0.113.7", 100), 3);
    ck_assert_uint_eq(dndn_tally_hit(t, "203.0.113.70", 100), 2);
    free(t);
}
END_TEST

/* A new window starts every key at 1; a late call for the old window
 * does not disturb the new window's counters. */
START_TEST(test_windows)
{
    dndn_tally *t = make(1024);
    int i;

    for (i = 1; i <= 5; i++) {
        ck_assert_uint_eq(dndn_tally_hit(t, "198.51.100.1", 7), (unsigned)i);
    }
    ck_assert_uint_eq(dndn_tally_hit(t, "198.51.100.1", 8), 1);
    ck_assert_uint_eq(dndn_tally_hit(t, "198.51.100.1", 7), 1);
    ck_assert_uint_eq(dndn_tally_hit(t, "198.51.100.1", 8), 2);
    ck_assert_uint_eq(dndn_tally_hit(t, "198.51.100.1", 9), 1);
    free(t);
}
END_TEST

/* Keys longer than the stored prefix are still told apart (by hash). */
START_TEST(test_long_keys)
{
    dndn_tally *t = make(64);
    char a[100], b[100];

    memset(a, 'x', sizeof(a) - 2);
    a[sizeof(a) - 2] = 'a';
    a[sizeof(a) - 1] = '\0';
    memcpy(b, a, sizeof(b));
    b[sizeof(b) - 2] = 'b';
    ck_assert_uint_eq(dndn_tally_hit(t, a, 1), 1);
    ck_assert_uint_eq(dndn_tally_hit(t, b, 1), 1);
    ck_assert_uint_eq(dndn_tally_hit(t, a, 1), 2);
    ck_assert_uint_eq(dndn_tally_hit(t, b, 1), 2);
    free(t);
}
END_TEST

/* A full table answers 0 for a key without a counter, keeps counting
 * the others exactly, and is free again in the next window. */
START_TEST(test_full_table)
{
    dndn_tally *t = make(4);
    char key[32];
    int i;

    for (i = 0; i < 4; i++) {
        snprintf(key, sizeof(key), "10.0.0.%d", i);
        ck_assert_uint_eq(dndn_tally_hit(t, key, 1), 1);
    }
    ck_assert_uint_eq(dndn_tally_hit(t, "10.0.0.4", 1), 0);
    ck_assert_uint_eq(dndn_tally_hit(t, "10.0.0.4", 1), 0);
    for (i = 0; i < 4; i++) {
        snprintf(key, sizeof(key), "10.0.0.%d", i);
        ck_assert_uint_eq(dndn_tally_hit(t, key, 1), 2);
    }
    ck_assert_uint_eq(dndn_tally_hit(t, "10.0.0.4", 2), 1);
    ck_assert_uint_eq(dndn_tally_hit(t, "10.0.0.0", 2), 1);
    free(t);
}
END_TEST

/* Many keys in a table with more slots than the probe limit: every key
 * that got a counter counts on exactly; one that did not keeps getting
 * 0 in that window; a table twice the keys' number holds them all. */
START_TEST(test_probe_limit)
{
    apr_uint32_t slots = DNDN_TALLY_PROBES * 4;
    dndn_tally *t = make(slots);
    unsigned first[DNDN_TALLY_PROBES * 4];
    char key[32];
    unsigned i, counted = 0;

    for (i = 0; i < slots; i++) {
        snprintf(key, sizeof(key), "172.16.%u.%u", i / 256, i % 256);
        first[i] = dndn_tally_hit(t, key, 5);
        ck_assert(first[i] <= 1);
        counted += first[i];
    }
    ck_assert_uint_le(counted, slots);
    ck_assert_uint_ge(counted, slots / 2);
    for (i = 0; i < slots; i++) {
        snprintf(key, sizeof(key), "172.16.%u.%u", i / 256, i % 256);
        ck_assert_uint_eq(dndn_tally_hit(t, key, 5), first[i] ? 2 : 0);
    }
    free(t);
    t = make(slots * 2);
    for (i = 0; i < slots; i++) {
        snprintf(key, sizeof(key), "172.16.%u.%u", i / 256, i % 256);
        ck_assert_uint_eq(dndn_tally_hit(t, key, 5), 1);
    }
    free(t);
}
END_TEST

Suite *dndn_tally_suite(void)
{
    Suite *s = suite_create("dndn_tally");
    TCase *tc = tcase_create("tally");

    tcase_add_test(tc, test_counts_per_key);
    tcase_add_test(tc, test_windows);
    tcase_add_test(tc, test_long_keys);
    tcase_add_test(tc, test_full_table);
    tcase_add_test(tc, test_probe_limit);
    suite_add_tcase(s, tc);
    return s;
}
