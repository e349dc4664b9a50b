/*
 * dndnctl_admin.h - dndnctl's administration commands: staff accounts
 * and partner API keys, and the search index after demo data.
 */
#ifndef DNDNCTL_ADMIN_H
#define DNDNCTL_ADMIN_H

#include <stdio.h>

#include <apr_pools.h>

#include "dndn_store.h"

typedef struct dndnctl_admin_job dndnctl_admin_job;

/* Lines of the main --help about these commands. */
void dndnctl_admin_usage(FILE *out);
/* Is cmd one of ours (staff, apikey, search)? */
int dndnctl_admin_command(const char *cmd);
/* Parse "cmd ARGS..." (argv holds what follows cmd).  Returns NULL with
 * *rc the exit code when nothing is left to do (help shown: 0; usage
 * error: 2), else the job to run once the database is open. */
dndnctl_admin_job *dndnctl_admin_parse(apr_pool_t *p, const char *cmd, int argc,
                                       const char *const *argv, int *rc);
/* Run a parsed job; returns the exit code. */
int dndnctl_admin_run(dndnctl_admin_job *job, dndn_db *db, int quiet);
/* After demo-data loaded its SQL files: rebuild the search terms of the
 * procedures and posts.  Returns an exit code. */
int dndnctl_admin_after_demo(dndn_db *db, apr_pool_t *p, int quiet);

#endif
