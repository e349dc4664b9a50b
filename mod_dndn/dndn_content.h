/*
 * dndn_content.h - the rules of the procedure catalogue and of posts
 * (pure core, no httpd.h): request bodies to records, with Vietnamese
 * field errors.  Nothing here touches the database; the caller checks
 * that a named agency exists.
 */
#ifndef DNDN_CONTENT_H
#define DNDN_CONTENT_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <cjson/cJSON.h>

#include "dndn_model.h"

#define DNDN_PROC_NAME_MAX    500
#define DNDN_PROC_FEE_MAX     255
#define DNDN_PROC_DOC_MAX     500
#define DNDN_PROC_DOCS_MAX    50
#define DNDN_PROC_DAYS_MAX    365
#define DNDN_URL_MAX          500
#define DNDN_POST_SUMMARY_MAX 1000
#define DNDN_POST_BODY_MAX    20000

/* A national procedure code: 1..32 characters of A-Z a-z 0-9 . - _,
 * starting with a letter or digit ("1.001612", "2.002154.000.00.00.H53"). */
int dndn_procedure_code_valid(const char *code);
/* full_online, partial_online, offline. */
int dndn_procedure_level_valid(const char *level);
/* policy, support, announcement, news. */
int dndn_post_category_valid(const char *category);

/*
 * The body of PUT .../procedures/{code}: {"name","agency"?,"level",
 * "processing_days"?,"fee"?,"documents"?,"online_url"?}.  Fills *out
 * (code from the path, documents as compact JSON text, processing_days
 * as decimal text or NULL) and returns the number of errors added.
 */
int dndn_procedure_from_json(apr_pool_t *p, const cJSON *body, const char *code,
                             apr_array_header_t *errs, dndn_procedure *out);

/*
 * The body of POST/PUT /staff/posts: {"category","title","summary"?,
 * "body","published"?}.  *published gets 1 unless "published": false.
 * Returns the number of errors added.
 */
int dndn_post_from_json(apr_pool_t *p, const cJSON *body,
                        apr_array_header_t *errs, dndn_post *out,
                        int *published);

#endif
