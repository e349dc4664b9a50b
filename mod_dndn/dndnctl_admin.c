/*
 * dndnctl_admin.c - dndnctl's administration commands.
 *
 *   staff add USER --role R [--agency CODE] [--name N]
 *                  [--password-stdin | --no-password]
 *   staff list
 *   staff disable USER
 *   apikey create --name N --scopes "s1 s2"
 *   apikey list
 *   apikey revoke ID
 *   search rebuild
 *
 * Staff passwords are stored as bcrypt hashes, which Apache's
 * mod_authn_dbd checks (AuthDBDUserPWQuery).  API keys are 32 random
 * bytes shown once; only their SHA-256 is stored.  All SQL is in the
 * store (dndn_store_admin.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_lib.h>
#include <apr_md5.h>
#include <apr_strings.h>
#include <apr_time.h>

#include "dndn_core.h"
#include "dndn_time.h"
#include "dndn_token.h"
#include "dndn_validate.h"
#include "dndnctl_admin.h"

#define EXIT_DB    1
#define EXIT_USAGE 2
#define EXIT_STATE 3

#define BCRYPT_COST 10
#define KEY_BYTES   32
#define KEY_PREFIX  "dndn_"

struct dndnctl_admin_job {
    apr_pool_t *pool;
    const char *cmd, *sub;
    const char *target; /* USER or ID */
    const char *role, *agency, *name, *scopes;
    int password_stdin, no_password;
};

static const char *const roles[] = {"officer",  "coordinator", "editor",
                                    "observer", "admin",       NULL};
static const char *const scopes_known[] = {"dossiers:write", "procedures:write",
                                           "petitions:read", "reports:read",
                                           NULL};

void dndnctl_admin_usage(FILE *out)
{
    fprintf(out, "  staff add USER --role ROLE [--agency CODE] [--name NAME]\n"
                 "            [--password-stdin | --no-password]\n"
                 "               add a staff account (see 'staff --help')\n"
                 "  staff list   list staff accounts\n"
                 "  staff disable USER\n"
                 "               disable a staff account\n"
                 "  apikey create --name NAME --scopes \"SCOPE ...\"\n"
                 "               create a partner API key, shown once\n"
                 "  apikey list  list partner API keys (never the keys)\n"
                 "  apikey revoke ID\n"
                 "               revoke a partner API key\n"
                 "  search rebuild\n"
                 "               rebuild the search terms of procedures and\n"
                 "               posts (after loading them with plain SQL)\n");
}

static void search_help(FILE *out)
{
    fprintf(out,
            "Usage: dndnctl [OPTIONS] search rebuild\n"
            "\n"
            "Recompute the folded search text and the search terms\n"
            "(procedure_terms, post_terms) of every procedure and post, in\n"
            "one transaction.  The module keeps them current on every\n"
            "write; run this after loading procedures or posts with plain\n"
            "SQL.  'dndnctl demo-data' runs it by itself.\n"
            "\n"
            "Exit codes: 0 done, 1 database error, 2 usage error, 3 the\n"
            "database has no schema yet.\n");
}

static void staff_help(FILE *out)
{
    fprintf(
        out,
        "Usage: dndnctl [OPTIONS] staff add USER --role ROLE [--agency CODE]\n"
        "                 [--name NAME] [--password-stdin | --no-password]\n"
        "       dndnctl [OPTIONS] staff list\n"
        "       dndnctl [OPTIONS] staff disable USER\n"
        "\n"
        "Staff accounts of the staff API (/api/v1/staff).\n"
        "  add       ROLE is officer, coordinator, editor, observer or\n"
        "            admin; officers need --agency (an agency code).\n"
        "            --password-stdin reads the password (8 characters or\n"
        "            more) from the first line of standard input; without\n"
        "            it a random password is generated and printed once.\n"
        "            --no-password stores none (single sign-on: Apache\n"
        "            authenticates the user some other way).  The password\n"
        "            is stored as a bcrypt hash, as mod_authn_dbd expects.\n"
        "  list      user name, role, agency, active, created, full name\n"
        "            (tab-separated; never password hashes).\n"
        "  disable   the account can no longer use the staff API.\n"
        "\n"
        "Exit codes: 0 done, 1 database error, 2 usage error, 3 the user\n"
        "exists already (add) or no active user has that name (disable),\n"
        "or the database has no schema yet.\n");
}

static void apikey_help(FILE *out)
{
    fprintf(out,
            "Usage: dndnctl [OPTIONS] apikey create --name NAME --scopes "
            "\"SCOPE ...\"\n"
            "       dndnctl [OPTIONS] apikey list\n"
            "       dndnctl [OPTIONS] apikey revoke ID\n"
            "\n"
            "API keys of partner systems (X-API-Key on /api/v1/partner).\n"
            "  create   prints the new key on standard output, once: only\n"
            "           its SHA-256 is stored.  SCOPES, space-separated:\n"
            "           dossiers:write procedures:write petitions:read\n"
            "           reports:read.\n"
            "  list     id, prefix, name, scopes, created, last used,\n"
            "           revoked (tab-separated; never the key).\n"
            "  revoke   the key stops working at once.\n"
            "\n"
            "Exit codes: 0 done, 1 database error, 2 usage error, 3 no\n"
            "unrevoked key has that id, or the database has no schema yet.\n");
}

int dndnctl_admin_command(const char *cmd)
{
    return !strcmp(cmd, "staff") || !strcmp(cmd, "apikey") ||
           !strcmp(cmd, "search");
}

static dndnctl_admin_job *usage_error(int *rc, const char *fmt, const char *arg)
{
    fprintf(stderr, "dndnctl: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see --help)\n");
    *rc = EXIT_USAGE;
    return NULL;
}

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++) {
        if (!strcmp(*list, s)) {
            return 1;
        }
    }
    return 0;
}

static int username_ok(const char *u)
{
    apr_size_t n = strlen(u);

    if (n < 1 || n > 100) {
        return 0;
    }
    for (; *u; u++) {
        if (!apr_isalnum(*u) && !strchr("._@-", *u)) {
            return 0;
        }
    }
    return 1;
}

dndnctl_admin_job *dndnctl_admin_parse(apr_pool_t *p, const char *cmd, int argc,
                                       const char *const *argv, int *rc)
{
    dndnctl_admin_job *j = apr_pcalloc(p, sizeof(*j));
    int staff = !strcmp(cmd, "staff"), i;

    *rc = 0;
    j->pool = p;
    j->cmd = cmd;
    for (i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            if (staff) {
                staff_help(stdout);
            }
            else if (!strcmp(cmd, "search")) {
                search_help(stdout);
            }
            else {
                apikey_help(stdout);
            }
            return NULL;
        }
    }
    if (argc < 1) {
        return usage_error(rc, "%s needs a subcommand", cmd);
    }
    j->sub = argv[0];
    if (!strcmp(cmd, "search")) {
        if (strcmp(j->sub, "rebuild") || argc > 1) {
            return usage_error(rc, "%s", "usage: search rebuild");
        }
        return j;
    }
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (!strcmp(a, "--role") && has_value && staff) {
            j->role = argv[++i];
        }
        else if (!strcmp(a, "--agency") && has_value && staff) {
            j->agency = argv[++i];
        }
        else if (!strcmp(a, "--name") && has_value) {
            j->name = argv[++i];
        }
        else if (!strcmp(a, "--scopes") && has_value && !staff) {
            j->scopes = argv[++i];
        }
        else if (!strcmp(a, "--password-stdin") && staff) {
            j->password_stdin = 1;
        }
        else if (!strcmp(a, "--no-password") && staff) {
            j->no_password = 1;
        }
        else if (a[0] == '-' || j->target) {
            return usage_error(rc, "unexpected argument %s", a);
        }
        else {
            j->target = a;
        }
    }
    if (staff && !strcmp(j->sub, "add")) {
        if (!j->target || !username_ok(j->target)) {
            return usage_error(rc, "%s",
                               "staff add needs a USER of 1-100 "
                               "letters, digits, . _ @ -");
        }
        if (!j->role || !in_list(roles, j->role)) {
            return usage_error(rc, "%s",
                               "--role must be officer, "
                               "coordinator, editor, observer or "
                               "admin");
        }
        if (!strcmp(j->role, "officer") && !j->agency) {
            return usage_error(rc, "%s", "an officer needs --agency CODE");
        }
        if (j->password_stdin && j->no_password) {
            return usage_error(rc, "%s",
                               "--password-stdin and "
                               "--no-password exclude each other");
        }
        return j;
    }
    if (staff && !strcmp(j->sub, "disable")) {
        if (!j->target || j->role || j->agency || j->name) {
            return usage_error(rc, "%s", "usage: staff disable USER");
        }
        return j;
    }
    if (!staff && !strcmp(j->sub, "create")) {
        if (j->target || !j->name || !j->scopes) {
            return usage_error(rc, "%s",
                               "usage: apikey create --name NAME "
                               "--scopes \"SCOPE ...\"");
        }
        return j;
    }
    if (!staff && !strcmp(j->sub, "revoke")) {
        apr_size_t k;
        if (!j->target || j->name || j->scopes) {
            return usage_error(rc, "%s", "usage: apikey revoke ID");
        }
        for (k = 0; j->target[k]; k++) {
            if (!apr_isdigit(j->target[k]) || k > 17) {
                return usage_error(rc, "the key id %s is not a number",
                                   j->target);
            }
        }
        return j;
    }
    if (!strcmp(j->sub, "list")) {
        if (argc > 1) {
            return usage_error(rc, "unexpected argument %s", argv[1]);
        }
        return j;
    }
    return usage_error(rc, "unknown subcommand %s", j->sub);
}

/* ---------- running ---------- */

static int db_error(dndn_db *db, const char *what)
{
    fprintf(stderr, "dndnctl: %s: %s\n", what,
            db->error ? db->error : "database error");
    return EXIT_DB;
}

static const char *time_or_dash(apr_pool_t *p, const char *epoch)
{
    return epoch ? dndn_time_format(p, apr_atoi64(epoch)) : "-";
}

/* A checked one-line text option (NFC, no control characters). */
static int clean_text(apr_pool_t *p, const char *opt, const char *in,
                      apr_size_t max, const char **out)
{
    apr_array_header_t *errs = dndn_errors_make(p);

    if (dndn_check_text(p, errs, opt, in, strlen(in), 1, max, 0, out)) {
        fprintf(stderr, "dndnctl: %s: %s\n", opt,
                APR_ARRAY_IDX(errs, 0, dndn_field_error).message);
        return EXIT_USAGE;
    }
    return 0;
}

static int read_password(apr_pool_t *p, const char **out)
{
    char buf[1024];
    apr_size_t n;

    if (!fgets(buf, sizeof(buf), stdin)) {
        fprintf(stderr, "dndnctl: no password on standard input\n");
        return EXIT_USAGE;
    }
    n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) {
        buf[--n] = '\0';
    }
    if (n < 8 || n > 72) {
        /* bcrypt reads at most 72 bytes: longer would be silently cut. */
        fprintf(stderr, "dndnctl: the password must be 8 to 72 bytes\n");
        return EXIT_USAGE;
    }
    *out = apr_pstrmemdup(p, buf, n);
    memset(buf, 0, sizeof(buf));
    return 0;
}

static int staff_add(dndnctl_admin_job *j, dndn_db *db, int quiet)
{
    apr_pool_t *p = j->pool;
    const char *password = NULL, *hash = NULL, *name = "";
    int generated = 0, rc;
    dndn_agency ag;
    dndn_rc st;

    if (j->name && (rc = clean_text(p, "--name", j->name, 255, &name))) {
        return rc;
    }
    if (j->agency) {
        st = dndn_store_agency(db, j->agency, &ag);
        if (st == DNDN_NOTFOUND) {
            fprintf(stderr, "dndnctl: no active agency has the code %s\n",
                    j->agency);
            return EXIT_USAGE;
        }
        if (st != DNDN_OK) {
            return db_error(db, "reading agencies");
        }
    }
    if (j->password_stdin && (rc = read_password(p, &password))) {
        return rc;
    }
    if (!j->password_stdin && !j->no_password) {
        unsigned char rnd[18];
        if (apr_generate_random_bytes(rnd, sizeof(rnd)) != APR_SUCCESS) {
            fprintf(stderr, "dndnctl: no random bytes available\n");
            return EXIT_DB;
        }
        password = dndn_b64url_encode(p, rnd, sizeof(rnd));
        generated = 1;
    }
    if (password) {
        unsigned char salt[16];
        char *out = apr_palloc(p, 128);
        if (apr_generate_random_bytes(salt, sizeof(salt)) != APR_SUCCESS ||
            apr_bcrypt_encode(password, BCRYPT_COST, salt, sizeof(salt), out,
                              128) != APR_SUCCESS) {
            fprintf(stderr, "dndnctl: cannot hash the password\n");
            return EXIT_DB;
        }
        hash = out;
    }
    st = dndn_store_staff_add(db, j->target, hash, name, j->role, j->agency,
                              apr_time_sec(apr_time_now()));
    if (st == DNDN_CONFLICT) {
        fprintf(stderr, "dndnctl: the user %s exists already\n", j->target);
        return EXIT_STATE;
    }
    if (st != DNDN_OK) {
        return db_error(db, "adding the user");
    }
    if (generated) {
        printf("%s\n", password);
        if (!quiet) {
            fprintf(stderr,
                    "added %s (%s); the password above is shown only "
                    "once\n",
                    j->target, j->role);
        }
    }
    else if (!quiet) {
        printf("added %s (%s)\n", j->target, j->role);
    }
    return 0;
}

static int staff_list(dndnctl_admin_job *j, dndn_db *db)
{
    apr_array_header_t *rows;
    int i;

    if (dndn_store_staff_list(db, &rows) != DNDN_OK) {
        return db_error(db, "reading staff");
    }
    printf("USER\tROLE\tAGENCY\tACTIVE\tCREATED\tNAME\n");
    for (i = 0; i < rows->nelts; i++) {
        const dndn_staff_row *s = &APR_ARRAY_IDX(rows, i, dndn_staff_row);
        printf("%s\t%s\t%s\t%s\t%s\t%s\n", s->username, s->role,
               s->agency_code ? s->agency_code : "-",
               s->active && !strcmp(s->active, "1") ? "yes" : "no",
               time_or_dash(j->pool, s->created_at),
               s->full_name ? s->full_name : "");
    }
    return 0;
}

static int staff_disable(dndnctl_admin_job *j, dndn_db *db, int quiet)
{
    dndn_rc st = dndn_store_staff_disable(db, j->target);

    if (st == DNDN_NOTFOUND) {
        fprintf(stderr, "dndnctl: no active user %s\n", j->target);
        return EXIT_STATE;
    }
    if (st != DNDN_OK) {
        return db_error(db, "disabling the user");
    }
    if (!quiet) {
        printf("disabled %s\n", j->target);
    }
    return 0;
}

/* "a b a" -> "a b" in the canonical order; NULL when a scope is unknown
 * or none is given. */
static const char *canonical_scopes(apr_pool_t *p, const char *in)
{
    char *copy = apr_pstrdup(p, in), *last = NULL, *tok;
    int want[8] = {0}, i, any = 0;
    const char *out = NULL;

    for (tok = apr_strtok(copy, " \t,", &last); tok;
         tok = apr_strtok(NULL, " \t,", &last)) {
        for (i = 0; scopes_known[i] && strcmp(scopes_known[i], tok); i++) {
        }
        if (!scopes_known[i]) {
            fprintf(stderr, "dndnctl: unknown scope %s\n", tok);
            return NULL;
        }
        want[i] = any = 1;
    }
    if (!any) {
        fprintf(stderr, "dndnctl: --scopes names no scope\n");
        return NULL;
    }
    for (i = 0; scopes_known[i]; i++) {
        if (want[i]) {
            out = out ? apr_pstrcat(p, out, " ", scopes_known[i], NULL)
                      : scopes_known[i];
        }
    }
    return out;
}

static int apikey_create(dndnctl_admin_job *j, dndn_db *db, int quiet)
{
    apr_pool_t *p = j->pool;
    unsigned char rnd[KEY_BYTES];
    const char *name, *scopes, *key, *id = NULL;
    int rc;
    dndn_rc st;

    if ((rc = clean_text(p, "--name", j->name, 255, &name))) {
        return rc;
    }
    if (!(scopes = canonical_scopes(p, j->scopes))) {
        return EXIT_USAGE;
    }
    if (apr_generate_random_bytes(rnd, sizeof(rnd)) != APR_SUCCESS) {
        fprintf(stderr, "dndnctl: no random bytes available\n");
        return EXIT_DB;
    }
    key = apr_pstrcat(p, KEY_PREFIX, dndn_b64url_encode(p, rnd, sizeof(rnd)),
                      NULL);
    memset(rnd, 0, sizeof(rnd));
    st = dndn_store_apikey_create(db, dndn_sha256_hex(p, key, strlen(key)),
                                  apr_pstrndup(p, key, 8), name, scopes,
                                  apr_time_sec(apr_time_now()), &id);
    if (st != DNDN_OK) {
        return db_error(db, "storing the key");
    }
    printf("%s\n", key);
    if (!quiet) {
        fprintf(stderr,
                "created API key %s (%s) with scopes: %s\n"
                "The key above is shown only once: give it to the partner "
                "now.\n",
                id, apr_pstrndup(p, key, 8), scopes);
    }
    return 0;
}

static int apikey_list(dndnctl_admin_job *j, dndn_db *db)
{
    apr_array_header_t *rows;
    int i;

    if (dndn_store_apikey_list(db, &rows) != DNDN_OK) {
        return db_error(db, "reading API keys");
    }
    printf("ID\tPREFIX\tNAME\tSCOPES\tCREATED\tLAST_USED\tREVOKED\n");
    for (i = 0; i < rows->nelts; i++) {
        const dndn_apikey_row *k = &APR_ARRAY_IDX(rows, i, dndn_apikey_row);
        printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k->id, k->key_prefix, k->name,
               k->scopes, time_or_dash(j->pool, k->created_at),
               time_or_dash(j->pool, k->last_used_at),
               time_or_dash(j->pool, k->revoked_at));
    }
    return 0;
}

static int apikey_revoke(dndnctl_admin_job *j, dndn_db *db, int quiet)
{
    dndn_rc st =
        dndn_store_apikey_revoke(db, j->target, apr_time_sec(apr_time_now()));

    if (st == DNDN_NOTFOUND) {
        fprintf(stderr, "dndnctl: no unrevoked API key has the id %s\n",
                j->target);
        return EXIT_STATE;
    }
    if (st != DNDN_OK) {
        return db_error(db, "revoking the key");
    }
    if (!quiet) {
        printf("revoked API key %s\n", j->target);
    }
    return 0;
}

static int prepare(dndn_db *db, apr_pool_t *p)
{
    const char *failed = dndn_store_prepare_all(db, p);

    if (failed) {
        fprintf(stderr,
                "dndnctl: the database schema is not current (%s: %s); run "
                "'dndnctl migrate' first\n",
                failed, db->error ? db->error : "?");
        return EXIT_STATE;
    }
    return 0;
}

static int rebuild(dndn_db *db, int quiet)
{
    int nproc = 0, nposts = 0;

    if (dndn_store_search_rebuild(db, &nproc, &nposts) != DNDN_OK) {
        return db_error(db, "building the search terms");
    }
    if (!quiet) {
        printf("search terms of %d procedures and %d posts built\n", nproc,
               nposts);
    }
    return 0;
}

int dndnctl_admin_run(dndnctl_admin_job *j, dndn_db *db, int quiet)
{
    int rc = prepare(db, j->pool);

    if (rc) {
        return rc;
    }
    if (!strcmp(j->cmd, "search")) {
        if (dndn_store_begin(db) != DNDN_OK) {
            return db_error(db, "starting a transaction");
        }
        rc = rebuild(db, quiet);
        if (dndn_store_end(db, rc == 0) != DNDN_OK && !rc) {
            rc = db_error(db, "committing");
        }
        return rc;
    }
    if (!strcmp(j->cmd, "staff")) {
        if (!strcmp(j->sub, "add")) {
            return staff_add(j, db, quiet);
        }
        if (!strcmp(j->sub, "disable")) {
            return staff_disable(j, db, quiet);
        }
        return staff_list(j, db);
    }
    if (!strcmp(j->sub, "create")) {
        return apikey_create(j, db, quiet);
    }
    if (!strcmp(j->sub, "revoke")) {
        return apikey_revoke(j, db, quiet);
    }
    return apikey_list(j, db);
}

int dndnctl_admin_after_demo(dndn_db *db, apr_pool_t *p, int quiet)
{
    int rc = prepare(db, p);

    return rc ? rc : rebuild(db, quiet);
}
