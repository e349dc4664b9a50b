/*
 * dndnctl_import.c - dndnctl import-dossiers: read dossiers from the
 * province's one-stop system, whatever engine it runs on, through libdbi,
 * and upsert them with the very validator and store function the partner
 * endpoint uses (same stale-update rule).
 *
 * libdbi is linked into dndnctl only, never into the Apache module.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <apr_time.h>
#include <dbi/dbi.h>

#include "dndn_dossier.h"
#include "dndnctl.h"

#define DEFAULT_BATCH  500
#define PROGRESS_EVERY 1000

/* The columns the mapping SELECT must (or may) give, by alias. */
enum {
    COL_CODE,
    COL_PROCEDURE,
    COL_STATUS,
    COL_NAME,
    COL_PHONE,
    COL_TAX,
    COL_RECEIVED,
    COL_DUE,
    COL_FINISHED,
    COL_UPDATED,
    NCOLS
};

static const struct {
    const char *name;
    int required;
} columns[NCOLS] = {
    {"code", 1},           {"procedure_code", 1},  {"status", 1},
    {"applicant_name", 1}, {"applicant_phone", 0}, {"applicant_tax_code", 0},
    {"received_at", 1},    {"due_at", 1},          {"finished_at", 0},
    {"updated_at", 1}};

typedef struct {
    const char *driver;
    apr_array_header_t *options; /* "key=value" */
    const char *map_file;
    int batch;
} import_opts;

typedef struct {
    long read, inserted, updated, unchanged, skipped;
} import_counts;

static void import_usage(FILE *out)
{
    fprintf(out,
            "Usage: dndnctl [DB OPTIONS] import-dossiers --source-driver D\n"
            "         --source-option KEY=VALUE ... --map FILE.sql "
            "[--batch N]\n"
            "\n"
            "Reads dossiers from another database (the province's one-stop\n"
            "system) through libdbi and upserts them into mod_dndn's\n"
            "database with the rules of PUT /partner/dossiers/{code}: each\n"
            "row is validated, and a row whose updated_at is older than the\n"
            "stored one changes nothing.\n"
            "\n"
            "  --source-driver D     libdbi driver: sqlite3 or mysql\n"
            "                        (packages libdbd-sqlite3, "
            "libdbd-mysql)\n"
            "  --source-option K=V   a libdbi connection option, repeatable:\n"
            "                        sqlite3: dbname, sqlite3_dbdir;\n"
            "                        mysql: host, port, username, password,\n"
            "                        dbname, encoding\n"
            "  --map FILE.sql        one SELECT whose column aliases are\n"
            "                        code, procedure_code, status,\n"
            "                        applicant_name, applicant_phone?,\n"
            "                        applicant_tax_code?, received_at, "
            "due_at,\n"
            "                        finished_at?, updated_at (? optional)\n"
            "  --batch N             rows per transaction (default %d)\n"
            "\n"
            "Times: RFC 3339 text, or 'YYYY-MM-DD HH:MM:SS' (also DATETIME\n"
            "columns) read as Vietnam local time (+07:00).\n"
            "Prints a progress line every %d rows (stderr), one line per\n"
            "skipped row with its reason, and a summary (stdout):\n"
            "  read N, inserted N, updated N, unchanged N, skipped N\n"
            "Exit codes: 0 every row imported or already there; 1 database\n"
            "or file error (the current batch is rolled back); 2 usage or\n"
            "mapping error; 3 mod_dndn's schema is missing (run migrate);\n"
            "4 done, but some rows were skipped.\n",
            DEFAULT_BATCH, PROGRESS_EVERY);
}

static int parse_args(ctl *c, int argc, const char *const *argv, import_opts *o)
{
    int i;

    o->options = apr_array_make(c->pool, 8, sizeof(const char *));
    o->batch = DEFAULT_BATCH;
    for (i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            import_usage(stdout);
            return -1;
        }
        if (!v) {
            break;
        }
        if (!strcmp(a, "--source-driver")) {
            o->driver = v;
        }
        else if (!strcmp(a, "--source-option") && strchr(v, '=')) {
            APR_ARRAY_PUSH(o->options, const char *) = v;
        }
        else if (!strcmp(a, "--map")) {
            o->map_file = v;
        }
        else if (!strcmp(a, "--batch") && atoi(v) > 0) {
            o->batch = atoi(v);
        }
        else {
            break;
        }
        i++;
    }
    if (i < argc || !o->driver || !o->map_file) {
        fprintf(stderr, "dndnctl import-dossiers: %s (see --help)\n",
                i < argc ? apr_psprintf(c->pool, "bad argument %s", argv[i])
                         : "--source-driver and --map are required");
        return EXIT_USAGE;
    }
    return 0;
}

/* ---------- the source database (libdbi) ---------- */

static int numeric_option(const char *key)
{
    return !strcmp(key, "port") || !strcmp(key, "timeout");
}

static int source_connect(ctl *c, const import_opts *o, dbi_inst inst,
                          dbi_conn *conn)
{
    const char *err = NULL;
    int i;

    *conn = dbi_conn_new_r(o->driver, inst);
    if (!*conn) {
        fprintf(stderr,
                "dndnctl: libdbi driver '%s' is not available (install "
                "libdbd-sqlite3 or libdbd-mysql)\n",
                o->driver);
        return EXIT_USAGE;
    }
    for (i = 0; i < o->options->nelts; i++) {
        char *kv =
            apr_pstrdup(c->pool, APR_ARRAY_IDX(o->options, i, const char *));
        char *val = strchr(kv, '=');
        *val++ = '\0';
        if (numeric_option(kv)) {
            dbi_conn_set_option_numeric(*conn, kv, atoi(val));
        }
        else {
            dbi_conn_set_option(*conn, kv, val);
        }
    }
    if (dbi_conn_connect(*conn) < 0) {
        dbi_conn_error(*conn, &err);
        fprintf(stderr, "dndnctl: cannot open the source database: %s\n",
                err ? err : "unknown error");
        return EXIT_DB;
    }
    return 0;
}

/* The mapping file's SELECT, without a trailing ';'. */
static int read_map(ctl *c, const char *path, const char **sql)
{
    char *text;
    apr_size_t n;
    int rc = dndnctl_read_file(c, path, &text);

    if (rc) {
        return rc;
    }
    n = strlen(text);
    while (n && (apr_isspace(text[n - 1]) || text[n - 1] == ';')) {
        text[--n] = '\0';
    }
    *sql = text;
    return 0;
}

/* Index (1-based) of each of our columns in the result; 0 = absent. */
static int map_columns(dbi_result res, unsigned int *idx)
{
    int i, rc = 0;

    for (i = 0; i < NCOLS; i++) {
        idx[i] = dbi_result_get_field_idx(res, columns[i].name);
        if (!idx[i] && columns[i].required) {
            fprintf(stderr,
                    "dndnctl: the mapping SELECT gives no column named "
                    "%s\n",
                    columns[i].name);
            rc = EXIT_USAGE;
        }
    }
    return rc;
}

/* Column i of the current row as text in pool memory, NULL for NULL. */
static const char *cell(apr_pool_t *p, dbi_result res, unsigned int idx)
{
    char *v;
    const char *out;

    if (!idx || dbi_result_field_is_null_idx(res, idx)) {
        return NULL;
    }
    v = dbi_result_get_as_string_copy_idx(res, idx);
    out = v ? apr_pstrdup(p, v) : NULL;
    free(v);
    return out;
}

static void row_text(apr_pool_t *p, dbi_result res, const unsigned int *idx,
                     dndn_dossier_text *t)
{
    t->procedure_code = cell(p, res, idx[COL_PROCEDURE]);
    t->status = cell(p, res, idx[COL_STATUS]);
    t->applicant_name = cell(p, res, idx[COL_NAME]);
    t->applicant_phone = cell(p, res, idx[COL_PHONE]);
    t->applicant_tax_code = cell(p, res, idx[COL_TAX]);
    t->received_at = dndn_dossier_time_text(p, cell(p, res, idx[COL_RECEIVED]));
    t->due_at = dndn_dossier_time_text(p, cell(p, res, idx[COL_DUE]));
    t->finished_at = dndn_dossier_time_text(p, cell(p, res, idx[COL_FINISHED]));
    t->updated_at = dndn_dossier_time_text(p, cell(p, res, idx[COL_UPDATED]));
}

/* ---------- our database ---------- */

static void report_skip(long rownum, const char *code,
                        const apr_array_header_t *errs)
{
    int i;

    for (i = 0; i < errs->nelts; i++) {
        const dndn_field_error *e = &APR_ARRAY_IDX(errs, i, dndn_field_error);
        printf("skipped row %ld (code %s): %s %s: %s\n", rownum,
               code ? code : "NULL", e->field, e->code, e->message);
    }
}

/* Validate and upsert one row; returns 0, or EXIT_DB. */
static int import_row(ctl *c, dbi_result res, const unsigned int *idx,
                      import_counts *n)
{
    apr_pool_t *p = c->db.pool;
    apr_array_header_t *errs = dndn_errors_make(p);
    const char *code = cell(p, res, idx[COL_CODE]);
    dndn_dossier_text t;
    dndn_dossier d, stored;
    dndn_upsert outcome;

    n->read++;
    row_text(p, res, idx, &t);
    if (dndn_dossier_validate(p, code, &t, errs, &d)) {
        report_skip(n->read, code, errs);
        n->skipped++;
        return 0;
    }
    if (dndn_store_dossier_upsert(&c->db, &d, apr_time_sec(apr_time_now()),
                                  &outcome, &stored) != DNDN_OK) {
        fprintf(stderr, "dndnctl: row %ld (code %s): %s\n", n->read, code,
                c->db.error ? c->db.error : "database error");
        return EXIT_DB;
    }
    n->inserted += outcome == DNDN_UPSERT_INSERTED;
    n->updated += outcome == DNDN_UPSERT_UPDATED;
    n->unchanged +=
        outcome == DNDN_UPSERT_UNCHANGED || outcome == DNDN_UPSERT_STALE;
    return 0;
}

/* Every row, in transactions of o->batch rows.  Each batch's memory is
 * freed when it is committed. */
static int import_rows(ctl *c, const import_opts *o, dbi_result res,
                       const unsigned int *idx, import_counts *n)
{
    apr_pool_t *batch;
    int rc = 0, in_batch = 0;

    apr_pool_create(&batch, c->pool);
    while (!rc && dbi_result_next_row(res)) {
        if (!in_batch) {
            apr_pool_clear(batch);
            c->db.pool = batch;
            if (dndn_store_begin(&c->db) != DNDN_OK) {
                fprintf(stderr, "dndnctl: %s\n", c->db.error);
                return EXIT_DB;
            }
        }
        rc = import_row(c, res, idx, n);
        if (++in_batch == o->batch || rc) {
            in_batch = 0;
            if (dndn_store_end(&c->db, !rc) != DNDN_OK && !rc) {
                fprintf(stderr, "dndnctl: %s\n", c->db.error);
                rc = EXIT_DB;
            }
        }
        if (n->read % PROGRESS_EVERY == 0 && !c->quiet) {
            fprintf(stderr, "import-dossiers: %ld rows read\n", n->read);
        }
    }
    if (in_batch && dndn_store_end(&c->db, 1) != DNDN_OK) {
        fprintf(stderr, "dndnctl: %s\n", c->db.error);
        rc = EXIT_DB;
    }
    c->db.pool = c->pool;
    return rc;
}

static int run_import(ctl *c, const import_opts *o, dbi_conn conn)
{
    const char *sql = NULL, *err = NULL;
    unsigned int idx[NCOLS];
    import_counts n = {0, 0, 0, 0, 0};
    dbi_result res;
    int rc;

    if ((rc = read_map(c, o->map_file, &sql))) {
        return rc;
    }
    if (!(res = dbi_conn_query(conn, sql))) {
        dbi_conn_error(conn, &err);
        fprintf(stderr, "dndnctl: the mapping SELECT failed: %s\n",
                err ? err : "unknown error");
        return EXIT_USAGE;
    }
    rc = map_columns(res, idx);
    if (!rc) {
        rc = import_rows(c, o, res, idx, &n);
    }
    dbi_result_free(res);
    if (!rc) {
        printf("read %ld, inserted %ld, updated %ld, unchanged %ld, skipped "
               "%ld\n",
               n.read, n.inserted, n.updated, n.unchanged, n.skipped);
    }
    return rc ? rc : n.skipped ? EXIT_SKIPPED : 0;
}

int dndnctl_import_dossiers(ctl *c, int argc, const char *const *argv)
{
    import_opts o;
    apr_pool_t *stmts;
    dbi_inst inst = NULL;
    dbi_conn conn = NULL;
    int rc;

    memset(&o, 0, sizeof(o));
    if ((rc = parse_args(c, argc, argv, &o))) {
        return rc < 0 ? 0 : rc;
    }
    if ((rc = dndnctl_open_store(c, &stmts))) {
        dndnctl_close_store(c, stmts);
        return rc;
    }
    if (dbi_initialize_r(NULL, &inst) < 0) {
        fprintf(stderr, "dndnctl: libdbi found no drivers\n");
        rc = EXIT_DB;
    }
    else if (!(rc = source_connect(c, &o, inst, &conn))) {
        rc = run_import(c, &o, conn);
    }
    if (conn) {
        dbi_conn_close(conn);
    }
    /* No dbi_shutdown_r(): like apr_terminate() in main, it would unload
     * the drivers before LeakSanitizer looks, hiding which library a
     * report is in.  The process ends here anyway. */
    dndnctl_close_store(c, stmts);
    return rc;
}
