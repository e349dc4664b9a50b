/*
 * dndn_store_content.c - statements and queries of the procedure
 * catalogue and of posts, with their word search.
 *
 * Search: each record's folded text (dndn_text_fold) is split into terms
 * (dndn_search_terms) kept in procedure_terms / post_terms.  A query's
 * words become six LIKE patterns, each matched through the terms index:
 * the exact words as themselves (folded terms hold only letters, digits
 * and no LIKE wildcard), the last word as 'word%'; unused slots repeat
 * the last pattern, so one prepared statement serves every query.
 */
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "dndn_core.h"
#include "dndn_search.h"
#include "dndn_text.h"

#include "dndn_store_int.h"

/* Keyset start for newest-first lists: above any time or id. */
#define LAST_KEY "9000000000000000000"

#define PROC_COLS                                                              \
    "p.code, p.name, p.agency_code, a.name, p.level, p.processing_days, "      \
    "p.fee, p.documents, p.online_url, p.updated_at"
#define PROC_FROM                                                              \
    " FROM procedures p LEFT JOIN agencies a ON a.code = p.agency_code "
#define PROC_FILTER                                                            \
    "p.active = 1 AND p.code > %s AND (%s = '' OR p.agency_code = %s) AND "    \
    "(%s = '' OR p.level = %s) "

/* Procedure search.  One word (a prefix): the catalogue is read in code
 * order and each candidate checked through (procedure_code), so the
 * look-up stops after one page.  Several words: the first (exact) drives
 * through (term, procedure_code), whose rows come in code order, and each
 * other word is checked per candidate.  As "p.code IN (SELECT ...)" per
 * word, MariaDB materialised every match of every word and sorted the
 * rows with their TEXT columns in an on-disk temporary table (6-15 ms a
 * search over 2,000 procedures). */
#define PROC_HAS_TERM(pattern)                                                 \
    "(SELECT COUNT(*) FROM procedure_terms x WHERE x.procedure_code = "        \
    "p.code AND x.term LIKE " pattern ") > 0 "
#define PROC_TERM "AND " PROC_HAS_TERM("%s")
#define PROC_MORE "AND (%s = '' OR " PROC_HAS_TERM("%s") ") "
#define PROC_BY_WORD                                                           \
    " FROM procedure_terms t JOIN procedures p ON p.code = t.procedure_code "  \
    "LEFT JOIN agencies a ON a.code = p.agency_code WHERE t.term = %s AND "    \
    "t.procedure_code > %s AND p.active = 1 AND (%s = '' OR p.agency_code = "  \
    "%s) AND (%s = '' OR p.level = %s) "

#define POST_COLS                                                              \
    "id, category, title, summary, body, published, published_at, "            \
    "created_by, created_at, updated_at"
#define POST_PUBLIC                                                            \
    "published = 1 AND (published_at < %d OR (published_at = %d AND id < "     \
    "%d)) AND (%s = '' OR category = %s) "
#define POST_TERM                                                              \
    "AND id IN (SELECT post_id FROM post_terms WHERE term LIKE %s) "
#define SIX(x) x x x x x x

const dndn_statement dndn_content_statements[] = {
    {"dndn_procedures", "SELECT " PROC_COLS PROC_FROM "WHERE " PROC_FILTER
                        "ORDER BY p.code LIMIT %d"},
    {"dndn_procedures_q",
     "SELECT " PROC_COLS PROC_FROM "WHERE " PROC_FILTER PROC_TERM
     "ORDER BY p.code LIMIT %d"},
    {"dndn_procedures_words",
     "SELECT " PROC_COLS PROC_BY_WORD PROC_MORE PROC_MORE PROC_MORE PROC_MORE
         PROC_MORE "ORDER BY t.procedure_code LIMIT %d"},
    {"dndn_procedure",
     "SELECT " PROC_COLS PROC_FROM "WHERE p.code = %s AND p.active = 1"},
    {"dndn_procedure_exists", "SELECT code FROM procedures WHERE code = %s"},
    {"dndn_procedure_insert",
     "INSERT INTO procedures (code, name, agency_code, level, "
     "processing_days, fee, documents, online_url, search_text, active, "
     "updated_at) VALUES (%s, %s, %s, %s, %d, %s, %s, %s, %s, 1, %d)"},
    {"dndn_procedure_update",
     "UPDATE procedures SET name = %s, agency_code = %s, level = %s, "
     "processing_days = %d, fee = %s, documents = %s, online_url = %s, "
     "search_text = %s, active = 1, updated_at = %d WHERE code = %s"},
    {"dndn_procedure_names", "SELECT code, name FROM procedures"},
    {"dndn_procedure_search_text",
     "UPDATE procedures SET search_text = %s WHERE code = %s"},
    {"dndn_procedure_terms_clear",
     "DELETE FROM procedure_terms WHERE procedure_code = %s"},
    {"dndn_procedure_term_add",
     "INSERT INTO procedure_terms (term, procedure_code) VALUES (%s, %s)"},
    {"dndn_posts", "SELECT " POST_COLS " FROM posts WHERE " POST_PUBLIC
                   "ORDER BY published_at DESC, id DESC LIMIT %d"},
    {"dndn_posts_q",
     "SELECT " POST_COLS " FROM posts WHERE " POST_PUBLIC SIX(
         POST_TERM) "ORDER BY published_at DESC, id DESC LIMIT %d"},
    {"dndn_posts_all",
     "SELECT " POST_COLS " FROM posts WHERE id < %d AND (%s = '' OR "
     "category = %s) ORDER BY id DESC LIMIT %d"},
    {"dndn_post", "SELECT " POST_COLS " FROM posts WHERE id = %d"},
    {"dndn_post_insert",
     "INSERT INTO posts (category, title, summary, body, published, "
     "published_at, created_by, created_at, updated_at, search_text, ref) "
     "VALUES (%s, %s, %s, %s, %d, %d, %s, %d, %d, %s, %s)"},
    {"dndn_post_by_ref", "SELECT id, created_at FROM posts WHERE ref = %s"},
    {"dndn_post_update",
     "UPDATE posts SET category = %s, title = %s, summary = %s, body = %s, "
     "published = %d, published_at = %d, updated_at = %d, search_text = %s "
     "WHERE id = %d"},
    {"dndn_post_unpublish",
     "UPDATE posts SET published = 0, updated_at = %d WHERE id = %d"},
    {"dndn_post_texts", "SELECT id, title, summary FROM posts"},
    {"dndn_post_search_text",
     "UPDATE posts SET search_text = %s WHERE id = %d"},
    {"dndn_post_terms_clear", "DELETE FROM post_terms WHERE post_id = %d"},
    {"dndn_post_term_add",
     "INSERT INTO post_terms (term, post_id) VALUES (%s, %d)"},
    {NULL, NULL}};

/* ---------- search terms ---------- */

/* The six LIKE patterns of a query (unused slots repeat the last, the
 * prefix pattern); 0 for an empty query. */
static int query_patterns(dndn_db *db, const char *q, const char **out)
{
    int n = q ? dndn_search_patterns(db->pool, q, out, 6) : 0, i;

    for (i = n; n > 0 && i < 6; i++) {
        out[i] = out[n - 1];
    }
    return n > 0;
}

/* Replace the terms of one record: folded text to search_text and terms.
 * The terms are distinct byte strings and the term columns compare bytes
 * (utf8mb4_bin on MySQL), so no insert can meet a unique-key conflict
 * (which would doom the surrounding transaction). */
static dndn_rc write_terms(dndn_db *db, const char *folded, const char *key,
                           const char *set_text, const char *clear,
                           const char *add)
{
    apr_array_header_t *terms = dndn_search_terms(db->pool, folded);
    const char *args[2];
    dndn_rc rc;
    int i;

    args[0] = folded;
    args[1] = key;
    if ((rc = dndn_exec(db, set_text, 2, args, NULL)) != DNDN_OK ||
        (rc = dndn_exec(db, clear, 1, &key, NULL)) != DNDN_OK) {
        return rc;
    }
    for (i = 0; i < terms->nelts; i++) {
        args[0] = APR_ARRAY_IDX(terms, i, const char *);
        if ((rc = dndn_exec(db, add, 2, args, NULL)) != DNDN_OK) {
            return rc;
        }
    }
    return DNDN_OK;
}

static const char *procedure_folded(dndn_db *db, const char *name,
                                    const char *code)
{
    return dndn_text_fold(db->pool,
                          apr_pstrcat(db->pool, name, " ", code, NULL));
}

static const char *post_folded(dndn_db *db, const char *title,
                               const char *summary)
{
    return dndn_text_fold(db->pool, apr_pstrcat(db->pool, title, " ",
                                                summary ? summary : "", NULL));
}

dndn_rc dndn_store_search_rebuild(dndn_db *db, int *nprocedures, int *nposts)
{
    apr_array_header_t *rows = apr_array_make(db->pool, 64, 3 * sizeof(char *));
    apr_dbd_results_t *res;
    const char *c[3] = {NULL, NULL, NULL};
    dndn_rc rc;
    int i;

    *nprocedures = *nposts = 0;
    if ((rc = dndn_select(db, "dndn_procedure_names", 0, NULL, &res)) !=
        DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 2)) {
        memcpy(apr_array_push(rows), c, 3 * sizeof(char *));
    }
    for (i = 0; i < rows->nelts; i++) {
        const char **r = (const char **)(rows->elts + i * rows->elt_size);
        rc = write_terms(db, procedure_folded(db, r[1], r[0]), r[0],
                         "dndn_procedure_search_text",
                         "dndn_procedure_terms_clear",
                         "dndn_procedure_term_add");
        if (rc != DNDN_OK) {
            return rc;
        }
    }
    *nprocedures = rows->nelts;
    rows = apr_array_make(db->pool, 16, 3 * sizeof(char *));
    if ((rc = dndn_select(db, "dndn_post_texts", 0, NULL, &res)) != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 3)) {
        memcpy(apr_array_push(rows), c, 3 * sizeof(char *));
    }
    for (i = 0; i < rows->nelts; i++) {
        const char **r = (const char **)(rows->elts + i * rows->elt_size);
        rc = write_terms(db, post_folded(db, r[1], r[2]), r[0],
                         "dndn_post_search_text", "dndn_post_terms_clear",
                         "dndn_post_term_add");
        if (rc != DNDN_OK) {
            return rc;
        }
    }
    *nposts = rows->nelts;
    return DNDN_OK;
}

/* ---------- procedures ---------- */

static void procedure_from(dndn_procedure *pr, const char **c)
{
    pr->code = c[0];
    pr->name = c[1];
    pr->agency_code = c[2];
    pr->agency_name = c[3];
    pr->level = c[4];
    pr->processing_days = c[5];
    pr->fee = c[6];
    pr->documents = c[7];
    pr->online_url = c[8];
    pr->updated_at = c[9];
}

dndn_rc dndn_store_procedures(dndn_db *db, const char *q, const char *agency,
                              const char *level, const char *after_code,
                              int limit, dndn_page *out)
{
    const char *args[17], *words[6], *c[10], *label = "dndn_procedures";
    apr_dbd_results_t *res;
    int n = 0, nwords = q ? dndn_search_patterns(db->pool, q, words, 6) : 0;
    int i;
    dndn_rc rc;

    if (nwords > 1) {
        label = "dndn_procedures_words";
        args[n++] = words[0];
    }
    args[n++] = after_code ? after_code : "";
    args[n++] = agency ? agency : "";
    args[n++] = agency ? agency : "";
    args[n++] = level ? level : "";
    args[n++] = level ? level : "";
    if (nwords == 1) {
        label = "dndn_procedures_q";
        args[n++] = words[0];
    }
    for (i = 1; nwords > 1 && i < 6; i++) {
        args[n++] = i < nwords ? "1" : "";
        args[n++] = i < nwords ? words[i] : "";
    }
    args[n++] = apr_itoa(db->pool, limit + 1);
    dndn_page_init(db, out, sizeof(dndn_procedure));
    rc = dndn_select(db, label, n, args, &res);
    if (rc != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 10)) {
        if (out->items->nelts == limit) {
            out->more = 1;
            continue;
        }
        procedure_from(apr_array_push(out->items), c);
    }
    return DNDN_OK;
}

dndn_rc dndn_store_procedure(dndn_db *db, const char *code, dndn_procedure *out)
{
    const char *c[10];
    dndn_rc rc = dndn_select_one(db, "dndn_procedure", 1, &code, c, 10);

    if (rc == DNDN_OK) {
        procedure_from(out, c);
    }
    return rc;
}

dndn_rc dndn_store_procedure_put(dndn_db *db, const dndn_procedure *pr,
                                 apr_int64_t now, int *created)
{
    const char *args[11], *found = NULL, *code = pr->code;
    const char *folded = procedure_folded(db, pr->name, pr->code);
    int attempt;
    dndn_rc rc = DNDN_DBERR;

    *created = 0;
    /* Two attempts: a concurrent PUT of the same new code may insert
     * between our look-up and our insert; the primary key then sends us
     * back, and the second attempt updates. */
    for (attempt = 0; attempt < 2; attempt++) {
        if ((rc = dndn_store_begin(db)) != DNDN_OK) {
            return rc;
        }
        rc = dndn_select_one(db, "dndn_procedure_exists", 1, &code, &found, 1);
        if (rc == DNDN_OK) {
            args[0] = pr->name;
            args[1] = pr->agency_code;
            args[2] = pr->level;
            args[3] = pr->processing_days;
            args[4] = pr->fee;
            args[5] = pr->documents;
            args[6] = pr->online_url;
            args[7] = folded;
            args[8] = dndn_i64(db, now);
            args[9] = pr->code;
            rc = dndn_exec(db, "dndn_procedure_update", 10, args, NULL);
            *created = 0;
        }
        else if (rc == DNDN_NOTFOUND) {
            args[0] = pr->code;
            args[1] = pr->name;
            args[2] = pr->agency_code;
            args[3] = pr->level;
            args[4] = pr->processing_days;
            args[5] = pr->fee;
            args[6] = pr->documents;
            args[7] = pr->online_url;
            args[8] = folded;
            args[9] = dndn_i64(db, now);
            rc = dndn_exec(db, "dndn_procedure_insert", 10, args, NULL);
            *created = 1;
        }
        if (rc == DNDN_OK) {
            rc = write_terms(db, folded, pr->code, "dndn_procedure_search_text",
                             "dndn_procedure_terms_clear",
                             "dndn_procedure_term_add");
        }
        if (rc == DNDN_OK) {
            return dndn_store_end(db, 1);
        }
        dndn_store_end(db, 0);
        if (rc != DNDN_CONFLICT) {
            return rc;
        }
    }
    return rc;
}

/* ---------- posts ---------- */

static void post_from(dndn_post *po, const char **c)
{
    po->id = c[0];
    po->category = c[1];
    po->title = c[2];
    po->summary = c[3];
    po->body = c[4];
    po->published = c[5];
    po->published_at = c[6];
    po->created_by = c[7];
    po->created_at = c[8];
    po->updated_at = c[9];
}

static dndn_rc read_posts(dndn_db *db, const char *label, int nargs,
                          const char **args, int limit, dndn_page *out)
{
    apr_dbd_results_t *res;
    const char *c[10];
    dndn_rc rc;

    dndn_page_init(db, out, sizeof(dndn_post));
    if ((rc = dndn_select(db, label, nargs, args, &res)) != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 10)) {
        if (out->items->nelts == limit) {
            out->more = 1;
            continue;
        }
        post_from(apr_array_push(out->items), c);
    }
    return DNDN_OK;
}

dndn_rc dndn_store_posts(dndn_db *db, const char *q, const char *category,
                         const char *after_time, const char *after_id,
                         int limit, dndn_page *out)
{
    const char *args[12];
    int n = 0;

    args[n++] = after_time ? after_time : LAST_KEY;
    args[n++] = after_time ? after_time : LAST_KEY;
    args[n++] = after_id ? after_id : LAST_KEY;
    args[n++] = category ? category : "";
    args[n++] = category ? category : "";
    if (query_patterns(db, q, args + n)) {
        n += 6;
    }
    args[n++] = apr_itoa(db->pool, limit + 1);
    return read_posts(db, n == 12 ? "dndn_posts_q" : "dndn_posts", n, args,
                      limit, out);
}

dndn_rc dndn_store_posts_all(dndn_db *db, const char *category,
                             const char *after_id, int limit, dndn_page *out)
{
    const char *args[4];

    args[0] = after_id ? after_id : LAST_KEY;
    args[1] = args[2] = category ? category : "";
    args[3] = apr_itoa(db->pool, limit + 1);
    return read_posts(db, "dndn_posts_all", 4, args, limit, out);
}

dndn_rc dndn_store_post(dndn_db *db, const char *id, dndn_post *out)
{
    const char *c[10];
    dndn_rc rc = dndn_select_one(db, "dndn_post", 1, &id, c, 10);

    if (rc == DNDN_OK) {
        post_from(out, c);
    }
    return rc;
}

/* The post of a reference made less than a day ago: OK; NOTFOUND when
 * none; CONFLICT when the reference is older (taken, but expired). */
static dndn_rc post_by_ref(dndn_db *db, const char *ref, apr_int64_t now,
                           const char **id)
{
    const char *c[2];
    dndn_rc rc = dndn_select_one(db, "dndn_post_by_ref", 1, &ref, c, 2);

    if (rc != DNDN_OK) {
        return rc;
    }
    if (!c[1] || apr_atoi64(c[1]) < now - 86400) {
        return DNDN_CONFLICT;
    }
    *id = c[0];
    return DNDN_OK;
}

dndn_rc dndn_store_post_create(dndn_db *db, const dndn_post *po, int published,
                               apr_int64_t now, const char *idem_ref,
                               const char **id, int *replayed)
{
    const char *args[11], *ref = idem_ref, *found = NULL;
    const char *folded = post_folded(db, po->title, po->summary);
    dndn_rc rc;

    *replayed = 0;
    if (idem_ref) {
        rc = post_by_ref(db, idem_ref, now, id);
        if (rc == DNDN_OK) {
            *replayed = 1;
            return DNDN_OK;
        }
        if (rc != DNDN_NOTFOUND && rc != DNDN_CONFLICT) {
            return rc;
        }
        /* A key used more than a day ago names a new post. */
        ref = rc == DNDN_CONFLICT ? NULL : idem_ref;
    }
    if (!ref) {
        unsigned char rnd[16];
        if (apr_generate_random_bytes(rnd, sizeof(rnd)) != APR_SUCCESS) {
            db->error = "no random bytes for a post reference";
            return DNDN_DBERR;
        }
        ref = dndn_b64url_encode(db->pool, rnd, sizeof(rnd));
    }
    args[0] = po->category;
    args[1] = po->title;
    args[2] = po->summary;
    args[3] = po->body;
    args[4] = published ? "1" : "0";
    args[5] = published ? dndn_i64(db, now) : NULL;
    args[6] = po->created_by;
    args[7] = args[8] = dndn_i64(db, now);
    args[9] = folded;
    args[10] = ref;
    if ((rc = dndn_store_begin(db)) != DNDN_OK) {
        return rc;
    }
    rc = dndn_exec(db, "dndn_post_insert", 11, args, NULL);
    if (rc == DNDN_OK) {
        rc = dndn_select_one(db, "dndn_post_by_ref", 1, &ref, args, 2);
        found = args[0];
    }
    if (rc == DNDN_OK) {
        *id = found;
        rc = write_terms(db, folded, found, "dndn_post_search_text",
                         "dndn_post_terms_clear", "dndn_post_term_add");
    }
    if (rc == DNDN_OK) {
        return dndn_store_end(db, 1);
    }
    dndn_store_end(db, 0);
    if (rc == DNDN_CONFLICT && idem_ref &&
        post_by_ref(db, idem_ref, now, id) == DNDN_OK) {
        /* The same request, concurrently: the first one won. */
        *replayed = 1;
        return DNDN_OK;
    }
    return rc == DNDN_NOTFOUND ? DNDN_DBERR : rc;
}

dndn_rc dndn_store_post_update(dndn_db *db, const char *id, const dndn_post *po,
                               int published, apr_int64_t now)
{
    const char *c[10];
    const char *folded = post_folded(db, po->title, po->summary);
    dndn_post old;
    dndn_rc rc;

    if ((rc = dndn_store_begin(db)) != DNDN_OK) {
        return rc;
    }
    rc = dndn_select_one(db, "dndn_post", 1, &id, c, 10);
    if (rc == DNDN_OK) {
        const char *args[9];
        post_from(&old, c);
        args[0] = po->category;
        args[1] = po->title;
        args[2] = po->summary;
        args[3] = po->body;
        args[4] = published ? "1" : "0";
        /* First publication sets the time; later edits keep it. */
        args[5] = !published ? old.published_at
                  : strcmp(old.published, "1") || !old.published_at
                      ? dndn_i64(db, now)
                      : old.published_at;
        args[6] = dndn_i64(db, now);
        args[7] = folded;
        args[8] = id;
        rc = dndn_exec(db, "dndn_post_update", 9, args, NULL);
    }
    if (rc == DNDN_OK) {
        rc = write_terms(db, folded, id, "dndn_post_search_text",
                         "dndn_post_terms_clear", "dndn_post_term_add");
    }
    if (rc == DNDN_OK) {
        return dndn_store_end(db, 1);
    }
    dndn_store_end(db, 0);
    return rc;
}

dndn_rc dndn_store_post_unpublish(dndn_db *db, const char *id, apr_int64_t now)
{
    const char *args[2], *c[10];
    dndn_rc rc = dndn_select_one(db, "dndn_post", 1, &id, c, 10);

    if (rc != DNDN_OK) {
        return rc;
    }
    args[0] = dndn_i64(db, now);
    args[1] = id;
    return dndn_exec(db, "dndn_post_unpublish", 2, args, NULL);
}
