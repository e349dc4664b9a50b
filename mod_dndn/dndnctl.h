/*
 * dndnctl.h - what dndnctl's command files (dndnctl*.c) share.
 */
#ifndef DNDNCTL_H
#define DNDNCTL_H

#include <apr_pools.h>

#include "dndn_store.h"

#define EXIT_DB      1
#define EXIT_USAGE   2
#define EXIT_STATE   3
#define EXIT_SKIPPED 4

typedef struct {
    apr_pool_t *pool;
    const char *driver_name;
    const char *params;
    const char *sql_dir;
    int quiet;
    dndn_db db;
} ctl;

/* Open the database named by --driver/--params (or --config). */
int dndnctl_open_db(ctl *c);
/* Open the database and prepare every statement of the store into a
 * pool of its own (*stmts).  0, or an exit code after a message. */
int dndnctl_open_store(ctl *c, apr_pool_t **stmts);
/* Undo dndnctl_open_store: statements, connection, c->pool. */
void dndnctl_close_store(ctl *c, apr_pool_t *stmts);
/* Read a whole file into pool memory (NUL-terminated). */
int dndnctl_read_file(ctl *c, const char *path, char **text);

/* dndnctl_import.c: import-dossiers with its own arguments (those after
 * the command name). */
int dndnctl_import_dossiers(ctl *c, int argc, const char *const *argv);
/* dndnctl_report.c: report daily|agencies with its own arguments. */
int dndnctl_report(ctl *c, int argc, const char *const *argv);

#endif
