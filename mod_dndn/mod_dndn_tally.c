/*
 * mod_dndn_tally.c - the look-up limit's counters (DndnLookupLimit) in the
 * Apache node's shared memory.
 *
 * Counting a public look-up must not cost a database write: on the
 * default limit, counting in a database table made every GET
 * /dossiers/{code} a durable write (SQLite 8,600 -> 1,000 look-ups/s,
 * MariaDB 2,900 -> 1,600/s on the bench machine), and a flood of look-ups
 * then competed with petition writes.  The counters therefore live in one
 * table per server in anonymous shared memory created in post_config
 * (inherited by every child process, so all of a node's processes count
 * together), counted into without a lock (dndn_tally.c).  With several
 * nodes behind a balancer each node counts its own look-ups.
 * The counters are lost on restart, which only starts a fresh window.
 *
 * When the table has no slot left for a new address in the current
 * minute (more than DNDN_LOOKUP_SLOTS / 2 or so distinct addresses), that
 * address is let through for the rest of the minute and a warning logged.
 */
#include <apr_atomic.h>
#include <apr_shm.h>
#include <apr_strings.h>

#include "util_mutex.h"

#include "dndn_tally.h"
#include "mod_dndn.h"

#define DNDN_LOOKUP_SLOTS 65536 /* 64 bytes each: 4 MiB per server */
#define MUTEX_TYPE        "dndn-lookup"

struct dndn_lookups {
    dndn_tally *table;
    volatile apr_uint32_t warned; /* the last window warned about, here */
};

/* The counters took a mutex of this name until they went lock-free; it
 * stays registered so that a configuration naming it ("Mutex sysvsem
 * dndn-lookup") still starts. */
int dndn_tally_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                          apr_pool_t *ptemp)
{
    (void)plog;
    (void)ptemp;
    return ap_mutex_register(pconf, MUTEX_TYPE, NULL, APR_LOCK_DEFAULT, 0) ==
                   APR_SUCCESS
               ? OK
               : HTTP_INTERNAL_SERVER_ERROR;
}

int dndn_tally_post_config(apr_pool_t *pconf, server_rec *s)
{
    for (; s; s = s->next) {
        dndn_srv_cfg *c = ap_get_module_config(s->module_config, &dndn_module);
        apr_size_t size = dndn_tally_size(DNDN_LOOKUP_SLOTS);
        dndn_lookups *l;
        apr_shm_t *shm;
        apr_status_t rv;

        /* Virtual hosts without directives of ours share the main
         * server's config: one table for them all. */
        if (!c->used || dndn_cfg_lookup_limit(c) == 0 || c->lookups) {
            continue;
        }
        l = apr_pcalloc(pconf, sizeof(*l));
        rv = apr_shm_create(&shm, size, NULL, pconf);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                         "DNDN0040: cannot set up the look-up counters "
                         "(%" APR_SIZE_T_FMT " bytes of shared memory)",
                         size);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        l->table =
            dndn_tally_init(apr_shm_baseaddr_get(shm), DNDN_LOOKUP_SLOTS);
        c->lookups = l;
    }
    return OK;
}

apr_uint32_t dndn_lookup_hits(dndn_req *q, const char *client,
                              apr_int64_t window)
{
    dndn_lookups *l = q->scfg->lookups;
    apr_uint32_t hits;

    if (!l) {
        return 0;
    }
    hits = dndn_tally_hit(l->table, client, window);
    /* Once a minute per process, not once per look-up. */
    if (hits == 0 && apr_atomic_xchg32(&l->warned, (apr_uint32_t)window) !=
                         (apr_uint32_t)window) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, q->r,
                      "DNDN0042: look-up counters full for this minute: "
                      "%s is not counted",
                      client);
    }
    return hits;
}
