/*
 * dndn_tally.c - counters per key in fixed windows (see dndn_tally.h).
 *
 * Open addressing with linear probing from the key's hash.  Within one
 * window slots only ever go from free to taken (a counter frees itself by
 * growing old, and all counters of a window grow old together), so a
 * key's counter is never behind a free slot on its probe path: the search
 * stops at the first free slot and takes it.
 */
#include <string.h>

#include "dndn_core.h"
#include "dndn_tally.h"

typedef struct {
    apr_int64_t window; /* 0: never used */
    apr_uint64_t hash;
    apr_uint32_t hits;
    char key[DNDN_TALLY_KEY_BYTES]; /* NUL-terminated prefix of the key */
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

    memset(mem, 0, dndn_tally_size(slots));
    t->slots = slots;
    return t;
}

apr_uint32_t dndn_tally_hit(dndn_tally *t, const char *key, apr_int64_t window)
{
    apr_uint64_t h = dndn_hash64(key, strlen(key));
    apr_uint32_t i = (apr_uint32_t)(h % t->slots), n;

    for (n = 0; n < DNDN_TALLY_PROBES && n < t->slots; n++) {
        tally_slot *s = &t->slot[i];

        if (s->window < window) { /* free: the key has no counter yet */
            s->window = window;
            s->hash = h;
            s->hits = 1;
            strncpy(s->key, key, sizeof(s->key) - 1);
            s->key[sizeof(s->key) - 1] = '\0';
            return 1;
        }
        if (s->window == window && s->hash == h &&
            strncmp(s->key, key, sizeof(s->key) - 1) == 0) {
            if (s->hits < APR_UINT32_MAX) {
                s->hits++;
            }
            return s->hits;
        }
        i = i + 1 == t->slots ? 0 : i + 1;
    }
    return 0;
}
