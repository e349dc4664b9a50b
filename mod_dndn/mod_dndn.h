/*
 * mod_dndn.h - internal header of the httpd glue (mod_dndn*.c).
 * The pure core (dndn_*.c) never includes this file.
 */
#ifndef MOD_DNDN_H
#define MOD_DNDN_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"

#include "dndn_http.h"
#include "dndn_json.h"
#include "dndn_store.h"
#include "dndn_time.h"
#include "dndn_token.h"
#include "dndn_validate.h"

#define DNDN_HANDLER "dndn"

/* Surfaces, as bits so that a route can serve several. */
#define DNDN_PUBLIC  1
#define DNDN_STAFF   2
#define DNDN_PARTNER 4

#define DNDN_UNSET -1

typedef struct {
    int surface;                 /* DNDN_PUBLIC.. or DNDN_UNSET */
    const char *mount;           /* the <Location> path of DndnSurface */
    apr_array_header_t *origins; /* DndnCORSOrigins, NULL when unset */
    apr_off_t max_body;          /* DndnMaxBodySize, DNDN_UNSET */
} dndn_dir_cfg;

typedef struct dndn_cache dndn_cache;     /* mod_dndn_cache.c */
typedef struct dndn_lookups dndn_lookups; /* mod_dndn_tally.c */

typedef struct {
    int statements_registered;        /* ap_dbd_prepare done for this server */
    int used;                         /* a DndnSurface appears in this server */
    const unsigned char *session_key; /* DndnSessionKeyFile contents */
    apr_size_t session_key_len;
    const char *session_key_file;
    apr_int64_t session_ttl;    /* DndnSessionTTL seconds, DNDN_UNSET */
    int dev_login;              /* DndnDevLogin, DNDN_UNSET */
    int lookup_limit;           /* DndnLookupLimit per minute, DNDN_UNSET */
    int petition_quota;         /* DndnPetitionQuota, DNDN_UNSET */
    int deadline_days[3];       /* DndnDeadlineDays per kind, DNDN_UNSET */
    const char *zalo_graph_url; /* DndnZaloGraphURL, no trailing '/' */
    apr_int64_t zalo_timeout;   /* DndnZaloTimeout ms, DNDN_UNSET */
    const unsigned char *zalo_secret; /* DndnZaloAppSecretFile contents */
    apr_size_t zalo_secret_len;
    int cache_seconds; /* DndnCacheSeconds, DNDN_UNSET */
    dndn_cache *cache; /* this process's answer cache (child_init), or NULL */
    dndn_lookups *lookups; /* the node's look-up counters, or NULL */
} dndn_srv_cfg;

/* Defaults, applied by the getters (never stored in the config). */
#define DNDN_DEFAULT_MAX_BODY (64 * 1024)

#define DNDN_DEFAULT_SESSION_TTL    (7 * 24 * 3600)
#define DNDN_DEFAULT_PETITION_QUOTA 20
int dndn_cfg_petition_quota(const dndn_srv_cfg *s);
/* Working days to answer a petition of kind (dndn_kind_parse). */
int dndn_cfg_deadline_days(const dndn_srv_cfg *s, int kind);

#define DNDN_DEFAULT_ZALO_GRAPH_URL "https://graph.zalo.me/v2.0"
#define DNDN_DEFAULT_ZALO_TIMEOUT   5000

#define DNDN_DEFAULT_LOOKUP_LIMIT 120

apr_off_t dndn_cfg_max_body(const dndn_dir_cfg *c);
/* Freshness bound of the catalogue answer cache; 0 = no cache. */
int dndn_cfg_cache_seconds(const dndn_srv_cfg *s);
apr_int64_t dndn_cfg_session_ttl(const dndn_srv_cfg *s);
int dndn_cfg_dev_login(const dndn_srv_cfg *s);
/* Dossier look-ups per client address per minute; 0 = no limit. */
int dndn_cfg_lookup_limit(const dndn_srv_cfg *s);
const char *dndn_cfg_zalo_graph_url(const dndn_srv_cfg *s);
apr_int64_t dndn_cfg_zalo_timeout(const dndn_srv_cfg *s);

/* One request being served. */
typedef struct dndn_req {
    request_rec *r;
    const dndn_dir_cfg *cfg;
    const dndn_srv_cfg *scfg;
    const char *path;                          /* below the mount */
    const char *params[DNDN_ROUTE_MAX_PARAMS]; /* {name} captures */
    apr_table_t *query;                        /* decoded ?args */
    dndn_db db;
    int have_db;
    int cors;              /* dndn_cors() of this request */
    const char *cache_key; /* set when the answer may go to the cache */
} dndn_req;

typedef int (*dndn_handler_fn)(dndn_req *q);

typedef struct {
    int surfaces;       /* DNDN_PUBLIC | ... */
    const char *method; /* "GET", "POST", ... */
    const char *pattern;
    dndn_handler_fn fn;
    int cacheable; /* catalogue data: ETag / If-None-Match */
} dndn_route;

/* mod_dndn.c */
extern module AP_MODULE_DECLARE_DATA dndn_module;
/* The request's database connection (from mod_dbd), or NULL after a 503
 * has been sent. */
dndn_db *dndn_db_get(dndn_req *q);
/* The same, but sends nothing when there is no connection. */
dndn_db *dndn_db_try(dndn_req *q);

/* mod_dndn_io.c: every response leaves through these; they return OK. */
int dndn_send_json(dndn_req *q, int status, cJSON *body, int cacheable);
/* JSON already written as text (dndn_jw), never cached. */
int dndn_send_json_text(dndn_req *q, int status, const char *body,
                        apr_size_t len);
/* A 200 of catalogue data with its ETag (304 when If-None-Match
 * matches); stored in the answer cache when q->cache_key is set. */
int dndn_send_cacheable(dndn_req *q, const char *etag, const char *body,
                        apr_size_t len);
/* Any other body (e.g. CSV) of the given media type, never cached. */
int dndn_send_text(dndn_req *q, int status, const char *type, const char *body,
                   apr_size_t len);
int dndn_send_problem(dndn_req *q, int status, const char *title,
                      const char *detail, const apr_array_header_t *errs);
/* 400 with a single field error. */
int dndn_send_field_error(dndn_req *q, const char *field, const char *code,
                          const char *message);
/* 503 for a database failure: logs the driver's text, never sends it. */
int dndn_send_db_error(dndn_req *q);
int dndn_send_not_found(dndn_req *q);
/* 409 problem with a machine "code" (e.g. "invalid_transition") and the
 * thing's "current_status". */
int dndn_send_conflict(dndn_req *q, const char *code, const char *current,
                       const char *detail);
/* A list page {"items":[...],"next_cursor":...}; items must be owned
 * by the request pool (dndn_json_array). */
int dndn_send_page(dndn_req *q, cJSON *items, const char *next_cursor,
                   int cacheable);
/* CORS response headers for the request's Origin, when allowed (set once
 * by the router for every answer, errors included).  Returns 1 when the
 * origin is allowed, 0 when not, -1 without Origin. */
int dndn_cors(dndn_req *q);
extern const dndn_route dndn_content_routes[];
/* Read the request body as a JSON object; on failure a 4xx has been
 * sent and NULL is returned (*status holds what to return). */
cJSON *dndn_read_json(dndn_req *q, int *status);
/* ?limit= and ?cursor= of a list; on failure a 400 has been sent and -1
 * is returned. */
int dndn_list_params(dndn_req *q, int *limit, const char **parts, int nparts,
                     int *have_cursor);

/* mod_dndn_auth.c: who is calling.  Each returns 0 when the caller is
 * known, or -1 after sending 401/403/503 (the handler returns OK then). */
/* A business user from "Authorization: Bearer <session token>". */
int dndn_auth_user(dndn_req *q, dndn_user *user);
/* A staff member: Apache's authenticated r->user, mapped to the staff
 * table (unknown or disabled: 403). */
int dndn_auth_staff(dndn_req *q, dndn_staff *staff);
/* A partner system from "X-API-Key: <key>" holding scope (401 without a
 * valid key, 403 when the key lacks the scope). */
int dndn_auth_partner(dndn_req *q, const char *scope, dndn_apikey *key);
/* mod_dndn_me.c: store a change of the user's profile and consents and
 * answer with the user (or 404/503). */
int dndn_apply_user_change(dndn_req *q, dndn_user *u,
                           const dndn_user_change *ch);
/* Issue a session for a user: {"token","expires_at","user"}. */
int dndn_send_session(dndn_req *q, int status, const dndn_user *u);

/* Route tables, one per glue file, terminated by {0, NULL, ...}. */
extern const dndn_route dndn_catalog_routes[];
extern const dndn_route dndn_auth_routes[];
extern const dndn_route dndn_petitions_routes[];
extern const dndn_route dndn_calendar_routes[];
extern const dndn_route dndn_dossier_routes[];

/* mod_dndn_calendar.c: the calendar table as a core calendar (for
 * deadlines); NULL after a 503. */
struct dndn_calendar *dndn_calendar_load(dndn_req *q, dndn_db *db);
extern const dndn_route dndn_zalo_routes[];
extern const dndn_route dndn_me_routes[];
extern const dndn_route dndn_reports_routes[];

/* mod_dndn_tally.c: the node's look-up counters (DndnLookupLimit). */
int dndn_tally_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                          apr_pool_t *ptemp);
int dndn_tally_post_config(apr_pool_t *pconf, server_rec *s);
/* Count a look-up by client in window (its start, in seconds); returns
 * the client's look-ups in the window on this node, this one included,
 * or 0 when it could not be counted (then it is let through). */
apr_uint32_t dndn_lookup_hits(dndn_req *q, const char *client,
                              apr_int64_t window);

/* mod_dndn_cache.c: the per-process answer cache (DndnCacheSeconds). */
void dndn_cache_child_init(apr_pool_t *pchild, server_rec *s);
/* The cache key of a GET when the cache is on, else NULL. */
const char *dndn_cache_key(dndn_req *q);
/* Answer from the cache: 1 when sent, 0 on a miss. */
int dndn_cache_serve(dndn_req *q, const char *key);
void dndn_cache_store(dndn_req *q, const char *etag, const char *body,
                      apr_size_t len);
/* Forget everything this process cached (after a write). */
void dndn_cache_clear(dndn_req *q);

/* mod_dndn_zalo.c: libcurl's global set-up, once per configuration
 * (post_config, before any thread exists); undone when pconf goes. */
void dndn_zalo_global_init(apr_pool_t *pconf);

/* mod_dndn_privacy.c: record that staff member s read the personal data
 * of petitions ps[0..n-1] (action e.g. "petition_read"); 0, or -1 after a
 * 503 (the data must then not be shown). */
int dndn_audit_petitions(dndn_req *q, const dndn_staff *s, const char *action,
                         const dndn_petition *ps, int n);
extern const dndn_route dndn_privacy_routes[];

#endif
