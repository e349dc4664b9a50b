/*
 * mod_dndn_cache.c - a per-process cache of public answers (the routes
 * marked cacheable: agencies, categories, hotlines, calendar, procedures,
 * posts, the published Q&A), on only when DndnCacheSeconds > 0.
 *
 * An answer is served from the cache for at most DndnCacheSeconds after
 * it was read from the database, so any node shows a change at most that
 * late: the freshness bound the sysadmin chooses (clients may already
 * keep these answers for 60 s: Cache-Control max-age=60).  A write on the
 * staff or partner surface, or a user's erasure (DELETE /me, which
 * unpublishes their answers), empties this process's cache at once; other
 * processes and nodes catch up within the bound.  A hit needs no
 * database connection, so `If-None-Match` is answered with 304 at the
 * cost of a hash look-up.
 *
 * One cache per child process, created in child_init and hung on the
 * server config; a mutex guards it (event and worker MPMs).  Entries
 * live in sub-pools of a pool with its own allocator, destroyed when
 * replaced; at most DNDN_CACHE_MAX_ENTRIES entries of at most
 * DNDN_CACHE_MAX_BODY bytes each.
 */
#include <apr_allocator.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>

#include "mod_dndn.h"

#define DNDN_CACHE_MAX_ENTRIES 512
#define DNDN_CACHE_MAX_BODY    (256 * 1024)

typedef struct {
    apr_pool_t *pool; /* owns everything below */
    const char *key, *etag, *body;
    apr_size_t len;
    apr_time_t stored;
} cache_entry;

struct dndn_cache {
    apr_thread_mutex_t *mutex;
    apr_pool_t *pool; /* parent of the entries' pools */
    apr_hash_t *entries;
    apr_interval_time_t ttl;
};

void dndn_cache_child_init(apr_pool_t *pchild, server_rec *s)
{
    for (; s; s = s->next) {
        dndn_srv_cfg *c = ap_get_module_config(s->module_config, &dndn_module);
        apr_allocator_t *alloc = NULL;
        dndn_cache *cache;

        if (!c->used || dndn_cfg_cache_seconds(c) <= 0) {
            continue;
        }
        cache = apr_pcalloc(pchild, sizeof(*cache));
        if (apr_allocator_create(&alloc) != APR_SUCCESS ||
            apr_pool_create_ex(&cache->pool, pchild, NULL, alloc) !=
                APR_SUCCESS ||
            apr_thread_mutex_create(&cache->mutex, APR_THREAD_MUTEX_DEFAULT,
                                    pchild) != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         "DNDN0031: no answer cache in this process (out of "
                         "memory)");
            continue;
        }
        apr_allocator_owner_set(alloc, cache->pool);
        apr_allocator_max_free_set(alloc, 1024 * 1024);
        cache->entries = apr_hash_make(cache->pool);
        cache->ttl = apr_time_from_sec(dndn_cfg_cache_seconds(c));
        c->cache = cache;
    }
}

const char *dndn_cache_key(dndn_req *q)
{
    if (!q->scfg->cache || q->r->method_number != M_GET) {
        return NULL;
    }
    return apr_pstrcat(q->r->pool, q->r->uri, "?", q->r->args ? q->r->args : "",
                       NULL);
}

int dndn_cache_serve(dndn_req *q, const char *key)
{
    dndn_cache *c = q->scfg->cache;
    const char *etag = NULL, *body = NULL;
    apr_size_t len = 0;
    cache_entry *e;

    apr_thread_mutex_lock(c->mutex);
    e = apr_hash_get(c->entries, key, APR_HASH_KEY_STRING);
    if (e && apr_time_now() - e->stored < c->ttl) {
        etag = apr_pstrdup(q->r->pool, e->etag);
        body = apr_pmemdup(q->r->pool, e->body, e->len);
        len = e->len;
    }
    apr_thread_mutex_unlock(c->mutex);
    if (!body) {
        return 0;
    }
    dndn_send_cacheable(q, etag, body, len);
    return 1;
}

/* Drop stale entries (the caller holds the mutex). */
static void prune(dndn_cache *c, apr_time_t now)
{
    apr_hash_index_t *hi;

    for (hi = apr_hash_first(NULL, c->entries); hi; hi = apr_hash_next(hi)) {
        cache_entry *e = apr_hash_this_val(hi);

        if (now - e->stored >= c->ttl) {
            apr_hash_set(c->entries, e->key, APR_HASH_KEY_STRING, NULL);
            apr_pool_destroy(e->pool);
        }
    }
}

void dndn_cache_store(dndn_req *q, const char *etag, const char *body,
                      apr_size_t len)
{
    dndn_cache *c = q->scfg->cache;
    apr_time_t now = apr_time_now();
    cache_entry *old;
    apr_pool_t *p;

    if (!c || !q->cache_key || len > DNDN_CACHE_MAX_BODY) {
        return;
    }
    apr_thread_mutex_lock(c->mutex);
    old = apr_hash_get(c->entries, q->cache_key, APR_HASH_KEY_STRING);
    if (old) {
        apr_hash_set(c->entries, old->key, APR_HASH_KEY_STRING, NULL);
        apr_pool_destroy(old->pool);
    }
    if (apr_hash_count(c->entries) >= DNDN_CACHE_MAX_ENTRIES) {
        prune(c, now);
    }
    if (apr_hash_count(c->entries) < DNDN_CACHE_MAX_ENTRIES &&
        apr_pool_create(&p, c->pool) == APR_SUCCESS) {
        cache_entry *e = apr_palloc(p, sizeof(*e));

        e->pool = p;
        e->key = apr_pstrdup(p, q->cache_key);
        e->etag = apr_pstrdup(p, etag);
        e->body = apr_pmemdup(p, body, len);
        e->len = len;
        e->stored = now;
        apr_hash_set(c->entries, e->key, APR_HASH_KEY_STRING, e);
    }
    apr_thread_mutex_unlock(c->mutex);
}

void dndn_cache_clear(dndn_req *q)
{
    dndn_cache *c = q->scfg->cache;

    if (!c) {
        return;
    }
    apr_thread_mutex_lock(c->mutex);
    apr_hash_clear(c->entries);
    apr_pool_clear(c->pool); /* every entry's pool with it */
    c->entries = apr_hash_make(c->pool);
    apr_thread_mutex_unlock(c->mutex);
}
