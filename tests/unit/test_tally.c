/*
 * test_tally.c - unit tests of dndn_tally, the look-up limit's counters
 * (Check).  Tables live in plain buffers here; the module puts them in
 * shared memory.
 */
#include <check.h>
#include <pthread.h>
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

/* Threads counting at once, without a lock.  In each window (the
 * threads start it together at a barrier) every thread hits the same
 * keys in the same order, so that takers race for each key's first slot
 * and for neighbouring slots.  Counting is exact when the answers every
 * key got in a window are 1, 2, ..., RACE_THREADS, each once: a hit
 * lost, or a key counted in two slots, shows as a repeated answer. */
#define RACE_THREADS 6
#define RACE_KEYS    200
#define RACE_WINDOWS 40

typedef struct {
    dndn_tally *t;
    pthread_barrier_t *start;
    unsigned short got[RACE_WINDOWS][RACE_KEYS];
} race_arg;

static void *race(void *p)
{
    race_arg *a = p;
    char key[32];
    int w, k;

    for (w = 0; w < RACE_WINDOWS; w++) {
        pthread_barrier_wait(a->start);
        for (k = 0; k < RACE_KEYS; k++) {
            snprintf(key, sizeof(key), "10.0.%d.%d", k / 256, k % 256);
            a->got[w][k] = (unsigned short)dndn_tally_hit(a->t, key, w + 1);
        }
    }
    return NULL;
}

START_TEST(test_threads_count_exactly)
{
    dndn_tally *t = make(RACE_KEYS * 2);
    pthread_barrier_t start;
    pthread_t th[RACE_THREADS];
    race_arg *arg = calloc(RACE_THREADS, sizeof(*arg));
    int i, w, k;

    ck_assert_ptr_nonnull(arg);
    pthread_barrier_init(&start, NULL, RACE_THREADS);
    for (i = 0; i < RACE_THREADS; i++) {
        arg[i].t = t;
        arg[i].start = &start;
        ck_assert_int_eq(pthread_create(&th[i], NULL, race, &arg[i]), 0);
    }
    for (i = 0; i < RACE_THREADS; i++) {
        ck_assert_int_eq(pthread_join(th[i], NULL), 0);
    }
    for (w = 0; w < RACE_WINDOWS; w++) {
        for (k = 0; k < RACE_KEYS; k++) {
            unsigned seen = 0;
            for (i = 0; i < RACE_THREADS; i++) {
                unsigned v = arg[i].got[w][k];
                ck_assert_msg(v >= 1 && v <= RACE_THREADS &&
                                  !(seen & (1u << v)),
                              "window %d key %d: answer %u twice or out "
                              "of range",
                              w, k, v);
                seen |= 1u << v;
            }
        }
    }
    pthread_barrier_destroy(&start);
    free(arg);
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
    tcase_add_test(tc, test_threads_count_exactly);
    suite_add_tcase(s, tc);
    return s;
}
