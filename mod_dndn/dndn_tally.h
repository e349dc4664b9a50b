/*
 * dndn_tally.h - counters per key in fixed time windows, in a block of
 * memory the caller provides: the look-up limit's table, which the module
 * keeps in the Apache node's shared memory (every child process counts
 * into the same table) and the unit tests in a plain buffer.
 *
 * The table holds `slots` counters.  A counter belongs to one key and one
 * window; counters of an older window are free for reuse, so the table
 * never needs purging and holds at most `slots` keys per window.  A key
 * is compared by its 64-bit hash and its first DNDN_TALLY_KEY_BYTES
 * bytes.
 *
 * Lock-free: any thread of any process sharing the table may call
 * dndn_tally_hit at any time (C11 atomics; see dndn_tally.c for what a
 * window's turn may cost).  Nothing is allocated.
 */
#ifndef DNDN_TALLY_H
#define DNDN_TALLY_H

#include <apr.h>

#define DNDN_TALLY_KEY_BYTES 40 /* a multiple of 8 */
/* Slots looked at for one key before the table counts as full for it. */
#define DNDN_TALLY_PROBES 32

typedef struct dndn_tally dndn_tally;

/* Bytes needed for a table of `slots` counters (slots >= 1). */
apr_size_t dndn_tally_size(apr_uint32_t slots);

/* Make `mem` (dndn_tally_size(slots) bytes, 8-byte aligned) an empty
 * table and return it. */
dndn_tally *dndn_tally_init(void *mem, apr_uint32_t slots);

/* Count one hit of `key` in `window` (any number identifying the window,
 * increasing with time, never 0) and return the key's hits in that window
 * including this one; 0 when no slot was free for the key (the table is
 * full for this window: the caller decides, the module lets it through).
 * A call for a window older than a counter's leaves that counter alone. */
apr_uint32_t dndn_tally_hit(dndn_tally *t, const char *key, apr_int64_t window);

#endif
