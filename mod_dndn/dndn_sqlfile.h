/*
 * dndn_sqlfile.h - split a SQL script (migrations, demo data) into single
 * statements, since apr_dbd runs one statement per call.  Understands
 * '...' and "..." strings (with doubled quotes and backslash escapes),
 * -- line comments and block comments, and SQLite's CREATE TRIGGER ...
 * BEGIN ...; END, whose body's ';' do not end the statement.
 */
#ifndef DNDN_SQLFILE_H
#define DNDN_SQLFILE_H

#include <apr_pools.h>
#include <apr_tables.h>

/* Returns an array of const char* statements (trimmed, without the final
 * ';', comments kept inside), or NULL when a string or comment is left
 * open at the end. */
apr_array_header_t *dndn_sql_split(apr_pool_t *p, const char *script);

#endif
