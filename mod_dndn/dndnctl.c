/*
 * dndnctl - the sysadmin's tool for mod_dndn.  It links the same core and
 * store as the Apache module and opens its own apr_dbd connection.
 *
 *   dndnctl [--driver D --params P | --config FILE] COMMAND [ARGS]
 *
 * Exit codes: 0 done; 1 database or file error; 2 usage error;
 * 3 refused because the database is not in the state the command needs;
 * 4 (import-dossiers) done, but some rows were skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apr_dbd.h>
#include <apr_file_io.h>
#include <apr_general.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <apr_time.h>

#include "dndn_core.h"
#include "dndn_sqlfile.h"
#include "dndnctl_admin.h"
#include "dndn_store.h"
#include "dndnctl.h"

#ifndef DNDN_SQL_DIR
#define DNDN_SQL_DIR "/usr/local/share/mod_dndn/sql"
#endif

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dndnctl [OPTIONS] COMMAND\n"
            "\n"
            "Commands:\n"
            "  migrate      apply the schema migrations not yet applied\n"
            "  demo-data    load the demo data (development servers only)\n"
            "  version      print the version and the schema version\n"
            "  fill-steps   store the steps text of dossiers without one\n"
            "               (after migration 011, or after steps were\n"
            "               changed by hand)\n");
    dndnctl_admin_usage(out);
    fprintf(out,
            "  import-dossiers --source-driver D --map FILE.sql ...\n"
            "               import dossiers from another database through\n"
            "               libdbi (see dndnctl import-dossiers --help)\n"
            "  report daily|agencies ...\n"
            "               print the daily report or the oversight view\n"
            "               (see dndnctl report --help)\n"
            "\n"
            "Options:\n"
            "  --driver NAME     apr_dbd driver: sqlite3 or mysql\n"
            "  --params TEXT     apr_dbd parameters, as in DBDParams\n"
            "  --config FILE     read DBDriver and DBDParams from an Apache\n"
            "                    configuration file instead\n"
            "  --sql-dir DIR     SQL scripts (default %s)\n"
            "  -q, --quiet       print only errors\n"
            "  -h, --help        this text\n"
            "\n"
            "The environment variables DNDN_DB_DRIVER and DNDN_DB_PARAMS\n"
            "are used when no option names the database.\n"
            "Exit codes: 0 done, 1 database or file error, 2 usage error,\n"
            "3 the database is not in the state the command needs,\n"
            "4 import-dossiers skipped some rows.\n"
            "'dndnctl COMMAND --help' describes each command.\n",
            DNDN_SQL_DIR);
}

/* Take the value of an Apache directive line "Name value" or
 * "Name \"value\"". */
static const char *directive_value(apr_pool_t *p, const char *line,
                                   const char *name)
{
    apr_size_t n = strlen(name);
    const char *v;
    char *out;

    while (apr_isspace(*line)) {
        line++;
    }
    if (strncasecmp(line, name, n) || !apr_isspace(line[n])) {
        return NULL;
    }
    v = line + n;
    while (apr_isspace(*v)) {
        v++;
    }
    out = apr_pstrdup(p, v);
    n = strlen(out);
    while (n && apr_isspace(out[n - 1])) {
        out[--n] = '\0';
    }
    if (n >= 2 && out[0] == '"' && out[n - 1] == '"') {
        out[n - 1] = '\0';
        out++;
    }
    return out;
}

static int read_apache_config(ctl *c, const char *path)
{
    apr_file_t *f;
    char line[4096];

    if (apr_file_open(&f, path, APR_READ, 0, c->pool) != APR_SUCCESS) {
        fprintf(stderr, "dndnctl: cannot read %s\n", path);
        return EXIT_DB;
    }
    while (apr_file_gets(line, sizeof(line), f) == APR_SUCCESS) {
        const char *v;
        if ((v = directive_value(c->pool, line, "DBDriver"))) {
            c->driver_name = v;
        }
        else if ((v = directive_value(c->pool, line, "DBDParams"))) {
            c->params = v;
        }
    }
    apr_file_close(f);
    if (!c->driver_name || !c->params) {
        fprintf(stderr, "dndnctl: %s has no DBDriver and DBDParams lines\n",
                path);
        return EXIT_USAGE;
    }
    return 0;
}

int dndnctl_open_db(ctl *c)
{
    const char *err = NULL;
    apr_status_t rv;

    if (!c->driver_name || !c->params) {
        fprintf(stderr, "dndnctl: no database given: use --driver and "
                        "--params, or --config FILE\n");
        return EXIT_USAGE;
    }
    rv = apr_dbd_get_driver(c->pool, c->driver_name, &c->db.driver);
    if (rv != APR_SUCCESS) {
        fprintf(stderr,
                "dndnctl: apr_dbd driver '%s' is not available (install "
                "libaprutil1-dbd-sqlite3 or libaprutil1-dbd-mysql)\n",
                c->driver_name);
        return EXIT_DB;
    }
    rv = apr_dbd_open_ex(c->db.driver, c->pool, c->params, &c->db.handle, &err);
    if (rv != APR_SUCCESS) {
        fprintf(stderr, "dndnctl: cannot open the database: %s\n",
                err ? err : "unknown error");
        return EXIT_DB;
    }
    c->db.pool = c->pool;
    return 0;
}

int dndnctl_open_store(ctl *c, apr_pool_t **stmts)
{
    int rc;

    *stmts = NULL;
    if ((rc = dndnctl_open_db(c))) {
        return rc;
    }
    /* The prepared statements go before the connection does. */
    apr_pool_create(stmts, c->pool);
    if (dndn_store_prepare_all(&c->db, *stmts)) {
        fprintf(stderr,
                "dndnctl: mod_dndn's database is not ready (%s); run "
                "'dndnctl migrate' first\n",
                c->db.error);
        return EXIT_STATE;
    }
    return 0;
}

void dndnctl_close_store(ctl *c, apr_pool_t *stmts)
{
    if (stmts) {
        apr_pool_destroy(stmts);
        apr_dbd_close(c->db.driver, c->db.handle);
    }
    apr_pool_destroy(c->pool);
}

static const char *engine_dir(const ctl *c)
{
    if (!strcmp(c->driver_name, "sqlite3")) {
        return "sqlite";
    }
    if (!strcmp(c->driver_name, "mysql")) {
        return "mysql";
    }
    return NULL;
}

int dndnctl_read_file(ctl *c, const char *path, char **text)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_size_t n;

    if (apr_file_open(&f, path, APR_READ | APR_BINARY, 0, c->pool) ||
        apr_file_info_get(&fi, APR_FINFO_SIZE, f)) {
        fprintf(stderr, "dndnctl: cannot read %s\n", path);
        return EXIT_DB;
    }
    n = (apr_size_t)fi.size;
    *text = apr_palloc(c->pool, n + 1);
    if (apr_file_read_full(f, *text, n, &n) != APR_SUCCESS && n == 0 &&
        fi.size > 0) {
        apr_file_close(f);
        fprintf(stderr, "dndnctl: cannot read %s\n", path);
        return EXIT_DB;
    }
    (*text)[n] = '\0';
    apr_file_close(f);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The *.sql files of a directory, sorted by name. */
static apr_array_header_t *sql_files(ctl *c, const char *dir)
{
    apr_array_header_t *out = apr_array_make(c->pool, 8, sizeof(char *));
    apr_dir_t *d;
    apr_finfo_t fi;

    if (apr_dir_open(&d, dir, c->pool) != APR_SUCCESS) {
        return NULL;
    }
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d) ==
           APR_SUCCESS) {
        apr_size_t n = strlen(fi.name);
        if (fi.filetype == APR_REG && n > 4 &&
            !strcmp(fi.name + n - 4, ".sql")) {
            APR_ARRAY_PUSH(out, char *) = apr_pstrdup(c->pool, fi.name);
        }
    }
    apr_dir_close(d);
    qsort(out->elts, out->nelts, sizeof(char *), cmp_str);
    return out;
}

/* Run every statement of a script file inside the current transaction. */
static int run_script(ctl *c, const char *path)
{
    char *text;
    apr_array_header_t *stmts;
    int i, rc;

    if ((rc = dndnctl_read_file(c, path, &text))) {
        return rc;
    }
    stmts = dndn_sql_split(c->pool, text);
    if (!stmts) {
        fprintf(stderr, "dndnctl: %s: unterminated string or comment\n", path);
        return EXIT_DB;
    }
    for (i = 0; i < stmts->nelts; i++) {
        const char *sql = APR_ARRAY_IDX(stmts, i, const char *);
        if (dndn_store_exec_script(&c->db, sql) != DNDN_OK) {
            fprintf(stderr, "dndnctl: %s, statement %d: %s\n", path, i + 1,
                    c->db.error);
            return EXIT_DB;
        }
    }
    return 0;
}

static int cmd_migrate(ctl *c)
{
    const char *edir = engine_dir(c);
    const char *dir;
    apr_array_header_t *files;
    apr_hash_t *applied;
    int version = 0, i, count = 0, rc;

    if (!edir) {
        fprintf(stderr,
                "dndnctl: driver '%s' is not supported (sqlite3, "
                "mysql)\n",
                c->driver_name);
        return EXIT_USAGE;
    }
    if (!strcmp(edir, "sqlite")) {
        /* Write-ahead log: readers never wait for the writer. Persistent. */
        dndn_store_exec_script(&c->db, "PRAGMA journal_mode=WAL");
    }
    dir = apr_pstrcat(c->pool, c->sql_dir, "/", edir, NULL);
    files = sql_files(c, dir);
    if (!files) {
        fprintf(stderr, "dndnctl: no migrations in %s\n", dir);
        return EXIT_DB;
    }
    /* Every numbered file not yet recorded is applied, in order, even
     * one numbered below the highest applied (branches merged late). */
    dndn_store_schema_applied(&c->db, &applied);
    for (i = 0; i < files->nelts; i++) {
        const char *name = APR_ARRAY_IDX(files, i, const char *);
        int v = atoi(name);
        apr_dbd_transaction_t *tx = NULL;
        if (v <= 0 ||
            apr_hash_get(applied, apr_itoa(c->pool, v), APR_HASH_KEY_STRING)) {
            continue;
        }
        if (apr_dbd_transaction_start(c->db.driver, c->pool, c->db.handle,
                                      &tx)) {
            fprintf(stderr, "dndnctl: cannot start a transaction\n");
            return EXIT_DB;
        }
        rc = run_script(c, apr_pstrcat(c->pool, dir, "/", name, NULL));
        if (!rc && dndn_store_schema_record(&c->db, v, name,
                                            apr_time_sec(apr_time_now()))) {
            fprintf(stderr, "dndnctl: cannot record migration %d: %s\n", v,
                    c->db.error);
            rc = EXIT_DB;
        }
        if (rc) {
            apr_dbd_transaction_mode_set(c->db.driver, tx,
                                         APR_DBD_TRANSACTION_ROLLBACK);
        }
        apr_dbd_transaction_end(c->db.driver, c->pool, tx);
        if (rc) {
            return rc;
        }
        if (!c->quiet) {
            printf("applied %s\n", name);
        }
        count++;
    }
    if (!c->quiet) {
        dndn_store_schema_version(&c->db, &version);
        printf("schema at version %d (%d migration%s applied)\n", version,
               count, count == 1 ? "" : "s");
    }
    return 0;
}

static int cmd_demo_data(ctl *c)
{
    const char *dir = apr_pstrcat(c->pool, c->sql_dir, "/demo", NULL);
    apr_array_header_t *files = sql_files(c, dir);
    apr_dbd_transaction_t *tx = NULL;
    int i, n = 0, rc = 0;

    if (dndn_store_count_agencies(&c->db, &n) != DNDN_OK) {
        fprintf(stderr,
                "dndnctl: cannot read the database (%s); run "
                "'dndnctl migrate' first\n",
                c->db.error);
        return EXIT_STATE;
    }
    if (n > 0) {
        fprintf(stderr,
                "dndnctl: the database already holds %d agencies; "
                "demo data is only for an empty database\n",
                n);
        return EXIT_STATE;
    }
    if (!files) {
        fprintf(stderr, "dndnctl: no demo data in %s\n", dir);
        return EXIT_DB;
    }
    if (apr_dbd_transaction_start(c->db.driver, c->pool, c->db.handle, &tx)) {
        fprintf(stderr, "dndnctl: cannot start a transaction\n");
        return EXIT_DB;
    }
    for (i = 0; i < files->nelts && !rc; i++) {
        const char *name = APR_ARRAY_IDX(files, i, const char *);
        rc = run_script(c, apr_pstrcat(c->pool, dir, "/", name, NULL));
        if (!rc && !c->quiet) {
            printf("loaded %s\n", name);
        }
    }
    if (!rc) {
        rc = dndnctl_admin_after_demo(&c->db, c->pool, c->quiet);
    }
    if (rc) {
        apr_dbd_transaction_mode_set(c->db.driver, tx,
                                     APR_DBD_TRANSACTION_ROLLBACK);
    }
    apr_dbd_transaction_end(c->db.driver, c->pool, tx);
    return rc;
}

#define FILL_BATCH 500

/* Every dossier whose steps_json is NULL, in batches of FILL_BATCH in a
 * transaction each, each batch's memory freed before the next. */
static int cmd_fill_steps(ctl *c)
{
    apr_pool_t *stmts, *batch;
    char after[DNDN_DOSSIER_CODE_MAX + 1] = "";
    const char *last = NULL;
    long seen_all = 0, written_all = 0;
    int seen = 0, written = 0, rc;
    apr_time_t t0 = apr_time_now();

    if ((rc = dndnctl_open_store(c, &stmts))) {
        dndnctl_close_store(c, stmts);
        return rc;
    }
    apr_pool_create(&batch, c->pool);
    do {
        apr_pool_clear(batch);
        c->db.pool = batch;
        if (dndn_store_dossier_steps_fill(&c->db, after, FILL_BATCH, &seen,
                                          &written, &last) != DNDN_OK) {
            fprintf(stderr, "dndnctl: fill-steps stopped after %s: %s\n",
                    after[0] ? after : "the start", c->db.error);
            rc = EXIT_DB;
            break;
        }
        if (seen) {
            apr_cpystrn(after, last, sizeof(after));
        }
        seen_all += seen;
        written_all += written;
    } while (seen);
    c->db.pool = c->pool;
    if (!rc && !c->quiet) {
        printf("steps text of %ld dossiers written (%ld without one, %.1f "
               "s); the others change meanwhile or are longer than %d "
               "bytes and are read from their steps\n",
               written_all, seen_all,
               (double)(apr_time_now() - t0) / APR_USEC_PER_SEC,
               DNDN_DOSSIER_STEPS_JSON_MAX);
    }
    dndnctl_close_store(c, stmts);
    return rc;
}

static int cmd_version(ctl *c)
{
    int version = 0;

    dndn_store_schema_version(&c->db, &version);
    printf("mod_dndn %s, schema version %d\n", DNDN_VERSION, version);
    return 0;
}

int main(int argc, const char *const *argv)
{
    ctl c;
    const char *cmd = NULL;
    dndnctl_admin_job *admin = NULL;
    int i, rc;

    /* No apr_terminate() at exit: it would unload the database driver
     * before LeakSanitizer looks, hiding which library a report is in. */
    apr_app_initialize(&argc, &argv, NULL);
    memset(&c, 0, sizeof(c));
    apr_pool_create(&c.pool, NULL);
    apr_dbd_init(c.pool);
    c.sql_dir = getenv("DNDN_SQL_DIR") ? getenv("DNDN_SQL_DIR") : DNDN_SQL_DIR;
    c.driver_name = getenv("DNDN_DB_DRIVER");
    c.params = getenv("DNDN_DB_PARAMS");

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        }
        else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            c.quiet = 1;
        }
        else if (!strcmp(a, "--driver") && has_value) {
            c.driver_name = argv[++i];
        }
        else if (!strcmp(a, "--params") && has_value) {
            c.params = argv[++i];
        }
        else if (!strcmp(a, "--sql-dir") && has_value) {
            c.sql_dir = argv[++i];
        }
        else if (!strcmp(a, "--config") && has_value) {
            if ((rc = read_apache_config(&c, argv[++i]))) {
                return rc;
            }
        }
        else if (a[0] == '-') {
            fprintf(stderr, "dndnctl: unknown option %s (see --help)\n", a);
            return EXIT_USAGE;
        }
        else {
            cmd = a;
            if (dndnctl_admin_command(cmd)) {
                admin = dndnctl_admin_parse(c.pool, cmd, argc - i - 1,
                                            argv + i + 1, &rc);
                if (!admin) {
                    return rc;
                }
                break;
            }
            if (!strcmp(cmd, "import-dossiers")) {
                return dndnctl_import_dossiers(&c, argc - i - 1, argv + i + 1);
            }
            if (!strcmp(cmd, "report")) {
                return dndnctl_report(&c, argc - i - 1, argv + i + 1);
            }
            if (i + 1 < argc && (!strcmp(argv[i + 1], "--help") ||
                                 !strcmp(argv[i + 1], "-h"))) {
                usage(stdout);
                return 0;
            }
            if (i + 1 < argc) {
                fprintf(stderr, "dndnctl: unexpected argument %s\n",
                        argv[i + 1]);
                return EXIT_USAGE;
            }
            break;
        }
    }
    if (!cmd) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(cmd, "fill-steps")) {
        return cmd_fill_steps(&c);
    }
    if (!admin && strcmp(cmd, "migrate") && strcmp(cmd, "demo-data") &&
        strcmp(cmd, "version")) {
        fprintf(stderr, "dndnctl: unknown command %s (see --help)\n", cmd);
        return EXIT_USAGE;
    }
    if ((rc = dndnctl_open_db(&c))) {
        return rc;
    }
    if (admin) {
        rc = dndnctl_admin_run(admin, &c.db, c.quiet);
    }
    else if (!strcmp(cmd, "migrate")) {
        rc = cmd_migrate(&c);
    }
    else if (!strcmp(cmd, "demo-data")) {
        rc = cmd_demo_data(&c);
    }
    else {
        rc = cmd_version(&c);
    }
    apr_dbd_close(c.db.driver, c.db.handle);
    apr_pool_destroy(c.pool);
    return rc;
}
