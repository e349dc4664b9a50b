/*
 * mod_dndn.c - module declaration, configuration, hooks and the router.
 *
 * One handler serves three surfaces (public, staff, partner), each mounted
 * by the sysadmin with DndnSurface inside its own <Location>.  Routes are
 * matched against the path below that Location.  The module keeps no
 * state between requests: all data lives in the database behind mod_dbd.
 */
#include <string.h>

#include <apr_lib.h>
#include <apr_optional.h>
#include <apr_strings.h>

#include "dndn_workflow.h"
#include "mod_dndn.h"

#include "ap_config.h"
#include "http_core.h"
#include "mod_dbd.h"

/* mod_dbd's functions, looked up once mod_dbd is loaded (configuration
 * time); set before any request and never changed while serving. */
static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) *dbd_acquire_fn = NULL;

/* ---------- the route tables ---------- */

/* Each glue file serves its own table; add one line per new file. */
/* One table per line, so that adding one is one line. */
/* clang-format off */
static const dndn_route *const route_tables[] = {
    dndn_catalog_routes,
    dndn_auth_routes,
    dndn_zalo_routes,
    dndn_me_routes,
    dndn_petitions_routes,
    dndn_calendar_routes,
    dndn_dossier_routes,
    dndn_content_routes,
    dndn_reports_routes,
    dndn_privacy_routes,
    NULL};
/* clang-format on */

/* ---------- configuration ---------- */

static void *create_dir_cfg(apr_pool_t *p, char *dir)
{
    dndn_dir_cfg *c = apr_pcalloc(p, sizeof(*c));

    (void)dir;
    c->surface = DNDN_UNSET;
    c->max_body = DNDN_UNSET;
    return c;
}

static void *merge_dir_cfg(apr_pool_t *p, void *basev, void *addv)
{
    const dndn_dir_cfg *base = basev, *add = addv;
    dndn_dir_cfg *c = apr_pcalloc(p, sizeof(*c));

    c->surface = add->surface != DNDN_UNSET ? add->surface : base->surface;
    c->mount = add->surface != DNDN_UNSET ? add->mount : base->mount;
    c->origins = add->origins ? add->origins : base->origins;
    c->max_body = add->max_body != DNDN_UNSET ? add->max_body : base->max_body;
    return c;
}

static void *create_srv_cfg(apr_pool_t *p, server_rec *s)
{
    dndn_srv_cfg *c = apr_pcalloc(p, sizeof(*c));

    (void)s;
    c->session_ttl = DNDN_UNSET;
    c->dev_login = DNDN_UNSET;
    c->zalo_timeout = DNDN_UNSET;
    c->petition_quota = DNDN_UNSET;
    c->deadline_days[0] = c->deadline_days[1] = c->deadline_days[2] =
        DNDN_UNSET;
    c->lookup_limit = DNDN_UNSET;
    c->cache_seconds = DNDN_UNSET;
    return c;
}

static void *merge_srv_cfg(apr_pool_t *p, void *basev, void *addv)
{
    const dndn_srv_cfg *base = basev, *add = addv;
    dndn_srv_cfg *c = apr_pcalloc(p, sizeof(*c));
    int i;

    /* Statement registration is per server record: never inherited. */
    c->statements_registered = add->statements_registered;
    c->used = add->used;
    c->lookup_limit = add->lookup_limit != DNDN_UNSET ? add->lookup_limit
                                                      : base->lookup_limit;
    c->cache_seconds = add->cache_seconds != DNDN_UNSET ? add->cache_seconds
                                                        : base->cache_seconds;
    if (add->session_key) {
        c->session_key = add->session_key;
        c->session_key_len = add->session_key_len;
        c->session_key_file = add->session_key_file;
    }
    else {
        c->session_key = base->session_key;
        c->session_key_len = base->session_key_len;
        c->session_key_file = base->session_key_file;
    }
    c->session_ttl =
        add->session_ttl != DNDN_UNSET ? add->session_ttl : base->session_ttl;
    c->dev_login =
        add->dev_login != DNDN_UNSET ? add->dev_login : base->dev_login;
    c->petition_quota = add->petition_quota != DNDN_UNSET
                            ? add->petition_quota
                            : base->petition_quota;
    for (i = 0; i < DNDN_KIND_COUNT; i++) {
        c->deadline_days[i] = add->deadline_days[i] != DNDN_UNSET
                                  ? add->deadline_days[i]
                                  : base->deadline_days[i];
    }
    c->zalo_graph_url =
        add->zalo_graph_url ? add->zalo_graph_url : base->zalo_graph_url;
    c->zalo_timeout = add->zalo_timeout != DNDN_UNSET ? add->zalo_timeout
                                                      : base->zalo_timeout;
    if (add->zalo_secret) {
        c->zalo_secret = add->zalo_secret;
        c->zalo_secret_len = add->zalo_secret_len;
    }
    else {
        c->zalo_secret = base->zalo_secret;
        c->zalo_secret_len = base->zalo_secret_len;
    }
    return c;
}

apr_off_t dndn_cfg_max_body(const dndn_dir_cfg *c)
{
    return c->max_body != DNDN_UNSET ? c->max_body : DNDN_DEFAULT_MAX_BODY;
}

apr_int64_t dndn_cfg_session_ttl(const dndn_srv_cfg *s)
{
    return s->session_ttl != DNDN_UNSET ? s->session_ttl
                                        : DNDN_DEFAULT_SESSION_TTL;
}

int dndn_cfg_dev_login(const dndn_srv_cfg *s)
{
    return s->dev_login == 1;
}

const char *dndn_cfg_zalo_graph_url(const dndn_srv_cfg *s)
{
    return s->zalo_graph_url ? s->zalo_graph_url : DNDN_DEFAULT_ZALO_GRAPH_URL;
}

apr_int64_t dndn_cfg_zalo_timeout(const dndn_srv_cfg *s)
{
    return s->zalo_timeout != DNDN_UNSET ? s->zalo_timeout
                                         : DNDN_DEFAULT_ZALO_TIMEOUT;
}

int dndn_cfg_petition_quota(const dndn_srv_cfg *s)
{
    return s->petition_quota != DNDN_UNSET ? s->petition_quota
                                           : DNDN_DEFAULT_PETITION_QUOTA;
}

int dndn_cfg_deadline_days(const dndn_srv_cfg *s, int kind)
{
    if (kind < 0 || kind >= DNDN_KIND_COUNT) {
        return dndn_kind_default_days(kind);
    }
    return s->deadline_days[kind] != DNDN_UNSET ? s->deadline_days[kind]
                                                : dndn_kind_default_days(kind);
}

int dndn_cfg_cache_seconds(const dndn_srv_cfg *s)
{
    return s->cache_seconds != DNDN_UNSET ? s->cache_seconds : 0;
}

int dndn_cfg_lookup_limit(const dndn_srv_cfg *s)
{
    return s->lookup_limit != DNDN_UNSET ? s->lookup_limit
                                         : DNDN_DEFAULT_LOOKUP_LIMIT;
}

/* Hand every statement of the store to mod_dbd, which prepares them on
 * each new connection. */
static const char *register_statements(cmd_parms *cmd)
{
    dndn_srv_cfg *sc =
        ap_get_module_config(cmd->server->module_config, &dndn_module);
    APR_OPTIONAL_FN_TYPE(ap_dbd_prepare) *prepare_fn =
        APR_RETRIEVE_OPTIONAL_FN(ap_dbd_prepare);
    const dndn_statement *const *t;
    const dndn_statement *st;

    sc->used = 1;
    if (!prepare_fn || !APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire)) {
        return "DndnSurface: mod_dbd is not loaded. mod_dndn keeps its data "
               "in a database reached through mod_dbd: load it before this "
               "line (a2enmod dbd, or LoadModule dbd_module "
               "modules/mod_dbd.so) and set DBDriver and DBDParams";
    }
    if (sc->statements_registered) {
        return NULL;
    }
    for (t = dndn_store_statement_tables(); *t; t++) {
        for (st = *t; st->label; st++) {
            prepare_fn(cmd->server, st->sql, st->label);
        }
    }
    sc->statements_registered = 1;
    return NULL;
}

static const char *set_surface(cmd_parms *cmd, void *dv, const char *arg)
{
    dndn_dir_cfg *c = dv;
    const ap_directive_t *parent = cmd->directive->parent;
    char *mount;
    apr_size_t n;

    if (!strcasecmp(arg, "public")) {
        c->surface = DNDN_PUBLIC;
    }
    else if (!strcasecmp(arg, "staff")) {
        c->surface = DNDN_STAFF;
    }
    else if (!strcasecmp(arg, "partner")) {
        c->surface = DNDN_PARTNER;
    }
    else if (!strcasecmp(arg, "none")) {
        c->surface = 0;
    }
    else {
        return apr_psprintf(cmd->pool,
                            "DndnSurface: '%s' is not a surface; use public, "
                            "staff, partner or none",
                            arg);
    }
    if (!cmd->path || !parent || strcasecmp(parent->directive, "<Location")) {
        return "DndnSurface: must be used inside a <Location> block (not "
               "<LocationMatch>, <Directory> or <Files>); the Location path "
               "is where the API is mounted";
    }
    mount = apr_pstrdup(cmd->pool, cmd->path);
    n = strlen(mount);
    while (n > 0 && mount[n - 1] == '/') {
        mount[--n] = '\0';
    }
    c->mount = mount;
    return register_statements(cmd);
}

static const char *set_origins(cmd_parms *cmd, void *dv, const char *arg)
{
    dndn_dir_cfg *c = dv;

    if (!dndn_origin_valid(arg)) {
        return apr_psprintf(cmd->pool,
                            "DndnCORSOrigins: '%s' is not an origin; write "
                            "scheme://host[:port] with no path, e.g. "
                            "https://h5.zdn.vn",
                            arg);
    }
    if (!c->origins) {
        c->origins = apr_array_make(cmd->pool, 2, sizeof(const char *));
    }
    APR_ARRAY_PUSH(c->origins, const char *) = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

static const char *set_max_body(cmd_parms *cmd, void *dv, const char *arg)
{
    dndn_dir_cfg *c = dv;
    char *end;
    apr_off_t v;

    if (apr_strtoff(&v, arg, &end, 10) || *end || v < 1024 ||
        v > 16 * 1024 * 1024) {
        return apr_psprintf(cmd->pool,
                            "DndnMaxBodySize: '%s' is not a size in bytes "
                            "between 1024 and 16777216",
                            arg);
    }
    c->max_body = v;
    return NULL;
}

/* Read a secret from a file: the file, not the configuration, holds it. */
static const char *read_secret(cmd_parms *cmd, const char *directive,
                               const char *path, apr_size_t min_len,
                               const unsigned char **out, apr_size_t *len)
{
    const char *full = ap_server_root_relative(cmd->pool, path);
    apr_file_t *f;
    apr_finfo_t fi;
    char *buf;
    apr_size_t n;

    if (!full || apr_file_open(&f, full, APR_READ | APR_BINARY, 0, cmd->pool) !=
                     APR_SUCCESS) {
        return apr_psprintf(cmd->pool, "%s: cannot read the file '%s'",
                            directive, path);
    }
    if (apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_PROT, f) !=
            APR_SUCCESS ||
        fi.size > 4096) {
        apr_file_close(f);
        return apr_psprintf(cmd->pool, "%s: '%s' is not a small key file",
                            directive, path);
    }
    n = (apr_size_t)fi.size;
    buf = apr_palloc(cmd->pool, n + 1);
    if (n && apr_file_read_full(f, buf, n, &n) != APR_SUCCESS) {
        apr_file_close(f);
        return apr_psprintf(cmd->pool, "%s: cannot read the file '%s'",
                            directive, path);
    }
    apr_file_close(f);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) {
        n--;
    }
    if (n < min_len) {
        return apr_psprintf(cmd->pool,
                            "%s: '%s' holds %lu bytes; at least %lu are "
                            "needed (e.g. head -c 48 /dev/urandom | base64 > "
                            "FILE)",
                            directive, path, (unsigned long)n,
                            (unsigned long)min_len);
    }
    if (fi.protection & APR_FPROT_WREAD) {
        return apr_psprintf(cmd->pool,
                            "%s: '%s' is readable by every user; chmod 600 "
                            "it (or 640 with the group of root)",
                            directive, path);
    }
    buf[n] = '\0';
    *out = (const unsigned char *)buf;
    *len = n;
    return NULL;
}

static const char *set_session_key(cmd_parms *cmd, void *dv, const char *arg)
{
    dndn_srv_cfg *c =
        ap_get_module_config(cmd->server->module_config, &dndn_module);
    const char *err = ap_check_cmd_context(cmd, NOT_IN_DIR_CONTEXT);

    (void)dv;
    if (err) {
        return err;
    }
    c->session_key_file = arg;
    return read_secret(cmd, "DndnSessionKeyFile", arg, DNDN_TOKEN_MIN_KEY,
                       &c->session_key, &c->session_key_len);
}

/* A whole number between min and max for directive `name`: NULL and *out
 * when fine, else "name: 'arg' is not <what>". */
static const char *int_in_range(cmd_parms *cmd, const char *name,
                                const char *arg, apr_int64_t min,
                                apr_int64_t max, const char *what,
                                apr_int64_t *out)
{
    char *end;
    apr_int64_t v = apr_strtoi64(arg, &end, 10);

    if (end == arg || *end || v < min || v > max) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not %s", name, arg, what);
    }
    *out = v;
    return NULL;
}

static const char *set_session_ttl(cmd_parms *cmd, void *dv, const char *arg)
{
    dndn_srv_cfg *c =
        ap_get_module_config(cmd->server->module_config, &dndn_module);

    (void)dv;
    return int_in_range(cmd, "DndnSessionTTL", arg, 300, 90 * 24 * 3600,
                        "a number of seconds between 300 and 7776000 (90 "
                        "days)",
                        &c->session_ttl);
}

static const char *set_dev_login(cmd_parms *cmd, void *dv, int on)
{
    dndn_srv_cfg *c =
        ap_get_module_config(cmd->server->module_config, &dndn_module);

    (void)dv;
    c->dev_login = on ? 1 : 0;
    return NULL;
}

static const char *set_zalo_graph_url(cmd_parms *cmd, void *dv, const char *arg)
{
    dndn_srv_cfg *c =
        ap_get_module_config(cmd->server->module_config, &dndn_module);
    char *url = apr_pstrdup(cmd->pool, arg);
    apr_size_t n = strlen(url), i;

    (void)dv;
    for (i = 0; i < n; i++) {
        if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f ||
            url[i] == '?' || url[i] == '#') {
            break;
        }
    }
    if (i < n || (strncmp(url, "https://", 8) && strncmp(url, "http://", 7)) ||
        n < 9) {
        return apr_psprintf(cmd->pool,
                            "DndnZaloGraphURL: '%s' is not an http(s) URL "
                            "without query, e.g. https://graph.zalo.me/v2.0",
                            arg);
    }
    while (n > 0 && url[n - 1] == '/') {
        url[--n] = '\0';
    }
    c->zalo_graph_url = url;
    return NULL;
}

static const char *set_zalo_timeout(cmd_parms *cmd, void *dv, const char *arg)
{
    dndn_srv_cfg *c =
        ap_get_module_config(cmd->server->module_config, &dndn_module);

    (void)dv;
    return int_in_range(cmd, "DndnZaloTimeout", arg, 100, 60000,
                        "a number of milliseconds between 100 and 60000",
                        &c->zalo_timeout);
}

static const char *set_zalo_secret(cmd_parms *cmd, void *dv, const char *arg)
{
    dndn_srv_cfg *c =
        ap_get_module_config(cmd->server->module_config, &dndn_module);
    const char *err = ap_check_cmd_context(cmd, NOT_IN_DIR_CONTEXT);
    apr_size_t i;

    (void)dv;
    if (err) {
        return err;
    }
    err = read_secret(cmd, "DndnZaloAppSecretFile", arg, 8, &c->zalo_secret,
                      &c->zalo_secret_len);
    if (err) {
        return err;
    }
    /* It travels in an HTTP header: visible ASCII only. */
    for (i = 0; i < c->zalo_secret_len; i++) {
        if (c->zalo_secret[i] <= 0x20 || c->zalo_secret[i] >= 0x7f) {
            c->zalo_secret = NULL;
            return apr_psprintf(cmd->pool,
                                "DndnZaloAppSecretFile: '%s' must hold the "
                                "app secret key on one line, with no spaces",
                                arg);
        }
    }
    return NULL;
}

/* A whole-number server directive stored into *slot (left unset when
 * the value is refused). */
static const char *srv_int(cmd_parms *cmd, const char *name, const char *arg,
                           apr_int64_t min, apr_int64_t max, const char *what,
                           int *slot)
{
    apr_int64_t v = 0;
    const char *err = int_in_range(cmd, name, arg, min, max, what, &v);

    if (!err) {
        *slot = (int)v;
    }
    return err;
}

static const char *set_petition_quota(cmd_parms *cmd, void *dv, const char *arg)
{
    dndn_srv_cfg *c =
        ap_get_module_config(cmd->server->module_config, &dndn_module);

    (void)dv;
    return srv_int(cmd, "DndnPetitionQuota", arg, 1, 100000,
                   "a number of petitions per user and day "
                   "between 1 and 100000",
                   &c->petition_quota);
}

static const char *set_deadline_days(cmd_parms *cmd, void *dv, const char *kind,
                                     const char *days)
{
    dndn_srv_cfg *c =
        ap_get_module_config(cmd->server->module_config, &dndn_module);
    int k = dndn_kind_parse(kind);

    (void)dv;
    if (k < 0) {
        return apr_psprintf(cmd->pool,
                            "DndnDeadlineDays: '%s' is not a petition kind; "
                            "use question, report or recommendation",
                            kind);
    }
    return srv_int(cmd, "DndnDeadlineDays", days, 1, 365,
                   "a number of working days between 1 and 365",
                   &c->deadline_days[k]);
}

static const char *set_lookup_limit(cmd_parms *cmd, void *dv, const char *arg)
{
    dndn_srv_cfg *c =
        ap_get_module_config(cmd->server->module_config, &dndn_module);

    (void)dv;
    return srv_int(cmd, "DndnLookupLimit", arg, 0, 1000000,
                   "a number of look-ups per minute between 0 "
                   "(no limit) and 1000000",
                   &c->lookup_limit);
}

static const char *set_cache_seconds(cmd_parms *cmd, void *dv, const char *arg)
{
    dndn_srv_cfg *c =
        ap_get_module_config(cmd->server->module_config, &dndn_module);

    (void)dv;
    return srv_int(cmd, "DndnCacheSeconds", arg, 0, 3600,
                   "a number of seconds between 0 (no cache) "
                   "and 3600",
                   &c->cache_seconds);
}

static const command_rec dndn_cmds[] = {
    AP_INIT_TAKE1("DndnSurface", set_surface, NULL, ACCESS_CONF,
                  "Which API this <Location> serves: public, staff, partner "
                  "or none"),
    AP_INIT_ITERATE("DndnCORSOrigins", set_origins, NULL, ACCESS_CONF,
                    "Origins allowed to call the API from a browser "
                    "(scheme://host[:port] ...)"),
    AP_INIT_TAKE1("DndnMaxBodySize", set_max_body, NULL, ACCESS_CONF,
                  "Largest request body accepted, in bytes (default 65536)"),
    AP_INIT_TAKE1("DndnSessionKeyFile", set_session_key, NULL, RSRC_CONF,
                  "File holding the key (32+ bytes) that signs session "
                  "tokens"),
    AP_INIT_TAKE1("DndnSessionTTL", set_session_ttl, NULL, RSRC_CONF,
                  "Lifetime of a session token in seconds (default 604800)"),
    AP_INIT_FLAG("DndnDevLogin", set_dev_login, NULL, RSRC_CONF,
                 "Allow POST /auth/dev sign-in without Zalo (development "
                 "only; default Off)"),
    AP_INIT_TAKE1("DndnLookupLimit", set_lookup_limit, NULL, RSRC_CONF,
                  "Dossier look-ups per client address per minute (default "
                  "120; 0 = no limit)"),
    AP_INIT_TAKE1("DndnCacheSeconds", set_cache_seconds, NULL, RSRC_CONF,
                  "How long a process may answer catalogue GETs from its "
                  "cache, in seconds (default 0: no cache)"),
    AP_INIT_TAKE1("DndnPetitionQuota", set_petition_quota, NULL, RSRC_CONF,
                  "Petitions one user may submit per Vietnam-local day "
                  "(default 20)"),
    AP_INIT_TAKE2("DndnDeadlineDays", set_deadline_days, NULL, RSRC_CONF,
                  "Working days to answer a petition of a kind: question|"
                  "report|recommendation N (defaults 5, 10, 10)"),
    AP_INIT_TAKE1("DndnZaloGraphURL", set_zalo_graph_url, NULL, RSRC_CONF,
                  "Base URL of Zalo's Graph API (default "
                  "https://graph.zalo.me/v2.0)"),
    AP_INIT_TAKE1("DndnZaloTimeout", set_zalo_timeout, NULL, RSRC_CONF,
                  "Connect and total time limit of a call to Zalo, in "
                  "milliseconds (default 5000)"),
    AP_INIT_TAKE1("DndnZaloAppSecretFile", set_zalo_secret, NULL, RSRC_CONF,
                  "File holding the Zalo app's secret key (phone number "
                  "exchange)"),
    {NULL}};

/* ---------- hooks ---------- */

static void retrieve_optional_fns(void)
{
    dbd_acquire_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire);
}

static int dndn_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                            apr_pool_t *ptemp, server_rec *s)
{
    server_rec *sv;

    (void)plog;
    (void)ptemp;
    dndn_zalo_global_init(pconf);
    /* optional_fn_retrieve runs after post_config: look it up now too. */
    retrieve_optional_fns();
    for (sv = s; sv; sv = sv->next) {
        const dndn_srv_cfg *sc =
            ap_get_module_config(sv->module_config, &dndn_module);
        if (sc->used && !dbd_acquire_fn) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, sv,
                         "DNDN0001: mod_dbd is not loaded; mod_dndn cannot "
                         "reach its database");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if (sc->used && dndn_cfg_dev_login(sc)) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, sv,
                         "DNDN0004: DndnDevLogin is On: anyone can sign in "
                         "without Zalo. Never use this on a public server");
        }
        if (sc->used && !sc->session_key) {
            ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, sv,
                         "DNDN0005: no DndnSessionKeyFile: business sign-in "
                         "is unavailable on this server");
        }
        if (sc->used && !sc->zalo_secret) {
            ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, sv,
                         "DNDN0207: no DndnZaloAppSecretFile: the Zalo phone "
                         "number exchange is unavailable on this server");
        }
    }
    if (dndn_tally_post_config(pconf, s) != OK) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, s,
                 "DNDN0002: mod_dndn " DNDN_VERSION " configured");
    return OK;
}

/*
 * Our URLs have no file behind them, so the directory walk (and its
 * .htaccess look-ups) is skipped.  httpd resets per_dir_config before
 * map_to_storage, so the Location's verdict is noted at translate_name,
 * when the first location walk's config is still in place.
 */
static int dndn_translate_name(request_rec *r)
{
    const dndn_dir_cfg *c =
        ap_get_module_config(r->per_dir_config, &dndn_module);

    if (c->surface > 0) {
        ap_set_module_config(r->request_config, &dndn_module, (void *)c);
    }
    return DECLINED;
}

static int dndn_map_to_storage(request_rec *r)
{
    return ap_get_module_config(r->request_config, &dndn_module) ? OK
                                                                 : DECLINED;
}

/* Our Locations are served by our handler unless SetHandler says else. */
static int dndn_fixups(request_rec *r)
{
    const dndn_dir_cfg *c =
        ap_get_module_config(r->per_dir_config, &dndn_module);

    if (c->surface > 0 && !r->handler) {
        r->handler = DNDN_HANDLER;
    }
    return DECLINED;
}

/* A connection mod_dbd could not make at once is asked for again a few
 * times, briefly.  SQLite refuses a new connection's statement preparation
 * outright while another process holds the database for a moment (WAL
 * recovery after a killed child, the checkpoint of a closing connection
 * after a graceful restart; apr_dbd_sqlite3 retries steps on SQLITE_BUSY
 * but not preparations), and a MariaDB connection that has just been
 * dropped is often back the next moment.  Only quick failures are retried,
 * so that an unreachable database (a connect timeout) still gets its 503
 * without delay, and the whole wait stays a fraction of a second. */
#define DNDN_ACQUIRE_RETRIES 10
#define DNDN_ACQUIRE_PAUSE   apr_time_from_msec(40)
#define DNDN_ACQUIRE_QUICK   apr_time_from_msec(50)

static ap_dbd_t *acquire(request_rec *r)
{
    int attempt;

    if (!dbd_acquire_fn) {
        return NULL;
    }
    for (attempt = 0;; attempt++) {
        apr_time_t start = apr_time_now();
        ap_dbd_t *dbd = dbd_acquire_fn(r);
        if (dbd || attempt == DNDN_ACQUIRE_RETRIES ||
            apr_time_now() - start > DNDN_ACQUIRE_QUICK) {
            return dbd;
        }
        apr_sleep(DNDN_ACQUIRE_PAUSE);
    }
}

dndn_db *dndn_db_try(dndn_req *q)
{
    ap_dbd_t *dbd;

    if (q->have_db) {
        return &q->db;
    }
    dbd = acquire(q->r);
    if (!dbd) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
                      "DNDN0003: no database connection from mod_dbd");
        return NULL;
    }
    q->db.pool = q->r->pool;
    q->db.driver = dbd->driver;
    q->db.handle = dbd->handle;
    q->db.prepared = dbd->prepared;
    q->db.error = NULL;
    q->db.tx = NULL;
    q->db.in_tx = 0;
    q->have_db = 1;
    return &q->db;
}

dndn_db *dndn_db_get(dndn_req *q)
{
    dndn_db *db = dndn_db_try(q);

    if (!db) {
        dndn_send_db_error(q);
    }
    return db;
}

static const char *allowed_methods(dndn_req *q, int surface)
{
    const dndn_route *const *t;
    const dndn_route *rt;
    const char *allow = NULL;
    const char *params[DNDN_ROUTE_MAX_PARAMS];

    for (t = route_tables; *t; t++) {
        for (rt = *t; rt->pattern; rt++) {
            if ((rt->surfaces & surface) &&
                dndn_route_match(q->r->pool, rt->pattern, q->path, params) >=
                    0) {
                const char *m = rt->method;
                if (!strcmp(m, "GET")) {
                    m = "GET, HEAD";
                }
                allow =
                    allow ? apr_pstrcat(q->r->pool, allow, ", ", m, NULL) : m;
            }
        }
    }
    return allow ? apr_pstrcat(q->r->pool, allow, ", OPTIONS", NULL) : NULL;
}

static int answer_options(dndn_req *q, const char *allow)
{
    request_rec *r = q->r;
    const char *req_method =
        apr_table_get(r->headers_in, "Access-Control-Request-Method");
    int cors = q->cors;

    apr_table_setn(r->headers_out, "Allow", allow);
    if (req_method && cors == 0) {
        return dndn_send_problem(q, HTTP_FORBIDDEN, "Nguồn gọi không được phép",
                                 "Trang web này không được phép gọi API "
                                 "của hệ thống.",
                                 NULL);
    }
    if (req_method && cors == 1) {
        apr_table_setn(r->err_headers_out, "Access-Control-Allow-Methods",
                       allow);
        apr_table_setn(r->err_headers_out, "Access-Control-Allow-Headers",
                       "Authorization, Content-Type, Idempotency-Key, "
                       "If-None-Match, X-API-Key");
        apr_table_setn(r->err_headers_out, "Access-Control-Max-Age", "600");
    }
    r->status = HTTP_NO_CONTENT;
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    return OK;
}

static int dndn_handler(request_rec *r)
{
    const dndn_dir_cfg *c =
        ap_get_module_config(r->per_dir_config, &dndn_module);
    const dndn_route *const *t;
    const dndn_route *rt, *found = NULL;
    dndn_req *q;
    const char *rel, *method;
    apr_size_t mlen;
    int rc;

    if (c->surface <= 0 || !r->handler || strcmp(r->handler, DNDN_HANDLER)) {
        return DECLINED;
    }
    q = apr_pcalloc(r->pool, sizeof(*q));
    q->r = r;
    q->cfg = c;
    q->scfg = ap_get_module_config(r->server->module_config, &dndn_module);
    apr_table_setn(r->err_headers_out, "X-Content-Type-Options", "nosniff");
    q->cors = dndn_cors(q);

    mlen = strlen(c->mount);
    rel = r->uri;
    if (strncmp(rel, c->mount, mlen) || (rel[mlen] && rel[mlen] != '/')) {
        q->path = "";
        return dndn_send_not_found(q);
    }
    q->path = rel + mlen;
    q->query = dndn_query_parse(r->pool, r->args);
    if (!q->query) {
        q->query = apr_table_make(r->pool, 1);
        return dndn_send_problem(q, HTTP_BAD_REQUEST, "Địa chỉ không hợp lệ",
                                 "Chuỗi truy vấn (query string) bị lỗi mã "
                                 "hoá.",
                                 NULL);
    }

    method = r->method_number == M_GET ? "GET" : r->method;
    if (r->method_number == M_OPTIONS) {
        const char *allow = allowed_methods(q, c->surface);
        return allow ? answer_options(q, allow) : dndn_send_not_found(q);
    }
    for (t = route_tables; *t && !found; t++) {
        for (rt = *t; rt->pattern; rt++) {
            if ((rt->surfaces & c->surface) && !strcmp(rt->method, method) &&
                dndn_route_match(r->pool, rt->pattern, q->path, q->params) >=
                    0) {
                found = rt;
                break;
            }
        }
    }
    if (!found) {
        const char *allow = allowed_methods(q, c->surface);
        if (!allow) {
            return dndn_send_not_found(q);
        }
        apr_table_setn(r->err_headers_out, "Allow", allow);
        return dndn_send_problem(
            q, HTTP_METHOD_NOT_ALLOWED, "Phương thức không được hỗ trợ",
            apr_psprintf(r->pool, "Địa chỉ này chỉ nhận các phương thức: %s.",
                         allow),
            NULL);
    }
    if (found->cacheable && (q->cache_key = dndn_cache_key(q)) &&
        dndn_cache_serve(q, q->cache_key)) {
        return OK;
    }
    rc = found->fn(q);
    if ((c->surface != DNDN_PUBLIC && r->method_number != M_GET) ||
        r->method_number == M_DELETE) {
        /* Staff and partners change the catalogue and publish answers, a
         * user's erasure unpublishes theirs: forget it here now; other
         * processes within DndnCacheSeconds. */
        dndn_cache_clear(q);
    }
    return rc;
}

static void dndn_register_hooks(apr_pool_t *p)
{
    static const char *const after_dbd[] = {"mod_dbd.c", NULL};

    (void)p;
    ap_hook_optional_fn_retrieve(retrieve_optional_fns, NULL, NULL,
                                 APR_HOOK_MIDDLE);
    ap_hook_pre_config(dndn_tally_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(dndn_post_config, NULL, after_dbd, APR_HOOK_MIDDLE);
    ap_hook_translate_name(dndn_translate_name, NULL, NULL, APR_HOOK_FIRST);
    ap_hook_map_to_storage(dndn_map_to_storage, NULL, NULL, APR_HOOK_FIRST);
    ap_hook_fixups(dndn_fixups, NULL, NULL, APR_HOOK_LAST);
    ap_hook_handler(dndn_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(dndn_cache_child_init, NULL, NULL, APR_HOOK_MIDDLE);
}

AP_DECLARE_MODULE(dndn) = {
    STANDARD20_MODULE_STUFF,
    create_dir_cfg, /* per-directory config */
    merge_dir_cfg,  /* merge per-directory */
    create_srv_cfg, /* per-server config */
    merge_srv_cfg,  /* merge per-server */
    dndn_cmds,      /* directives */
    dndn_register_hooks,
    0 /* flags */
};
