/*
 * dndn_tally.c - counters per key in fixed windows (see dndn_tally.h).
 *
 * Open addressing with linear probing from the key's hash.  Within one
 * window slots only ever go from free to taken (a counter frees itself by
 * growing old, and all counters of a window grow old together), so a
 * key's counter is never behind a free slot on its probe path: the search
 * stops at the first free slot and takes it.
 *
 * Without a lock: every field is a C11 atomic, so the table can be shared
 * by the threads of every process of a node.  A slot is taken by one
 * compare-and-swap of its window to -window ("being written"); its taker
 * then writes the hash and the key and publishes the slot by storing the
 * window (release).  A caller that finds a slot being written for its own
 * window waits for it (the taker may be writing the very key it looks
 * for: counting that key in a second slot would halve its count).  A
 * taker that never finishes (its process killed in between) leaves the
 * slot to the next window.  At a window's turn a counter of the old
 * window may be taken while a caller of that old window is counting into
 * it: one hit may then go to the wrong window, which a per-minute limit
 * can bear.
 */
#include <sched.h>
#include <stdatomic.h>
#include <string.h>

#include "dndn_core.h"
#include "dndn_tally.h"

#define KEY_WORDS (DNDN_TALLY_KEY_BYTES / 8)

/* The table is shared between processes: its atomics must not be locks
 * living in one process's memory. */
_Static_assert(ATOMIC_LONG_LOCK_FREE == 2 && ATOMIC_LLONG_LOCK_FREE == 2 &&
                   ATOMIC_INT_LOCK_FREE == 2,
               "the look-up counters need lock-free 32- and 64-bit atomics");
/* Yields while waiting for a slot being written before giving up on it. */
#define WAIT_YIELDS 1000

typedef struct {
    _Atomic apr_int64_t window; /* 0: never used; -w: being written for w */
    _Atomic apr_uint64_t hash;
    _Atomic apr_uint32_t hits;
    apr_uint32_t pad;
    _Atomic apr_uint64_t key[KEY_WORDS]; /* the key's first bytes, 0-padded */
} tally_slot;

struct dndn_tally {
    apr_uint32_t slots;
    apr_uint32_t pad;
    tally_slot slot[];
};

apr_size_t dndn_tally_size(apr_uint32_t slots)
{
    return sizeof(dndn_tally) + (apr_size_t)slots * sizeof(tally_slot);
}

dndn_tally *dndn_tally_init(void *mem, apr_uint32_t slots)
{
    dndn_tally *t = mem;
    apr_uint32_t i;
    int k;

    memset(mem, 0, dndn_tally_size(slots));
    t->slots = slots;
    for (i = 0; i < slots; i++) {
        tally_slot *s = &t->slot[i];
        atomic_init(&s->window, 0);
        atomic_init(&s->hash, 0);
        atomic_init(&s->hits, 0);
        for (k = 0; k < KEY_WORDS; k++) {
            atomic_init(&s->key[k], 0);
        }
    }
    return t;
}

/* A slot the caller of `window` may take: never used, a counter of an
 * older window, or a slot left half-written in an older window. */
static int takable(apr_int64_t cur, apr_int64_t window)
{
    return cur >= 0 ? cur < window : -cur < window;
}

static int same_key(tally_slot *s, apr_uint64_t h, const apr_uint64_t *key)
{
    int k;

    if (atomic_load_explicit(&s->hash, memory_order_relaxed) != h) {
        return 0;
    }
    for (k = 0; k < KEY_WORDS; k++) {
        if (atomic_load_explicit(&s->key[k], memory_order_relaxed) != key[k]) {
            return 0;
        }
    }
    return 1;
}

apr_uint32_t dndn_tally_hit(dndn_tally *t, const char *key, apr_int64_t window)
{
    apr_size_t len = strlen(key);
    apr_uint64_t h = dndn_hash64(key, len);
    apr_uint64_t words[KEY_WORDS] = {0};
    apr_uint32_t i = (apr_uint32_t)(h % t->slots), n;
    int k;

    memcpy(words, key, len < sizeof(words) ? len : sizeof(words));
    for (n = 0; n < DNDN_TALLY_PROBES && n < t->slots; n++) {
        tally_slot *s = &t->slot[i];
        apr_int64_t cur =
            atomic_load_explicit(&s->window, memory_order_acquire);
        int yields = 0;

        for (;;) {
            if (cur == -window && yields++ < WAIT_YIELDS) {
                sched_yield();
                cur = atomic_load_explicit(&s->window, memory_order_acquire);
                continue;
            }
            if (!takable(cur, window)) {
                break;
            }
            if (atomic_compare_exchange_weak_explicit(&s->window, &cur, -window,
                                                      memory_order_acquire,
                                                      memory_order_acquire)) {
                atomic_store_explicit(&s->hash, h, memory_order_relaxed);
                for (k = 0; k < KEY_WORDS; k++) {
                    atomic_store_explicit(&s->key[k], words[k],
                                          memory_order_relaxed);
                }
                atomic_store_explicit(&s->hits, 1, memory_order_relaxed);
                atomic_store_explicit(&s->window, window, memory_order_release);
                return 1;
            }
            /* cur holds the slot's window now: look again. */
        }
        if (cur == window && same_key(s, h, words)) {
            /* Wraps only after 2^32 hits of one key in one window. */
            return atomic_fetch_add_explicit(&s->hits, 1,
                                             memory_order_relaxed) +
                   1;
        }
        i = i + 1 == t->slots ? 0 : i + 1;
    }
    return 0;
}
