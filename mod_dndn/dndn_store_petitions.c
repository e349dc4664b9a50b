/*
 * dndn_store_petitions.c - petitions, their events, idempotency keys,
 * the Q&A term index and the working-day calendar.
 */
#include <stdlib.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_search.h"
#include "dndn_time.h"
#include "dndn_validate.h"

#include "dndn_store_int.h"

/* clang-format off */
#define CONTENT(column) DNDN_TEXT_UPTO(column, DNDN_CONTENT_MAX_CHARS)
#define PETITION_COLS                                                          \
    "p.id, p.code, p.user_id, p.kind, p.title, " CONTENT("p.content") ", "     \
    "p.category, p.agency_code, p.proposed_agency, p.enterprise_tax_code, "    \
    "p.enterprise_name, p.contact_phone, p.public_consent, p.status, "         \
    "p.created_at, p.assigned_at, p.due_at, p.extended, p.extension_reason, "  \
    "p.answered_at, " CONTENT("p.answer_content") ", p.answer_agency, "        \
    "p.answered_by, p.closed_at, p.rating_score, p.rating_comment, "           \
    "p.rated_at, p.published, p.updated_at, p.version, u.name"
#define NCOLS 31
/* PETITION_COLS but the author's name, as an INSERT ... RETURNING gives
 * them back (the table's own columns, unqualified). */
#define PETITION_STORED                                                        \
    "id, code, user_id, kind, title, " CONTENT("content") ", category, "       \
    "agency_code, proposed_agency, enterprise_tax_code, enterprise_name, "     \
    "contact_phone, public_consent, status, created_at, assigned_at, due_at, " \
    "extended, extension_reason, answered_at, " CONTENT("answer_content") ", " \
    "answer_agency, answered_by, closed_at, rating_score, rating_comment, "    \
    "rated_at, published, updated_at, version"
/* clang-format on */
#define PETITION_FROM " FROM petitions p LEFT JOIN users u ON u.id = p.user_id "
#define PETITION_INSERT_INTO                                                   \
    "INSERT INTO petitions (code, user_id, kind, title, content, category, "   \
    "proposed_agency, enterprise_tax_code, enterprise_name, contact_phone, "   \
    "public_consent, status, created_at, search_text, updated_at, version) "
/* Every column after the code. */
#define PETITION_VALUES                                                        \
    "%d, %s, %s, %s, %s, %s, %s, %s, %s, %d, 'received', %d, %s, %d, 1"
/* The category must be an active one: no row is inserted otherwise (the
 * handler looks it up itself only to name it among other errors). */
#define ACTIVE_CATEGORY "categories k WHERE k.code = %s AND k.active = 1"
/* clang-format off */
#define PETITION_INSERT                                                        \
    PETITION_INSERT_INTO "SELECT %s, " PETITION_VALUES " FROM " ACTIVE_CATEGORY
/* clang-format on */

/* Keyset paging by id, newest first: "after" is below every id. */
#define FIRST_ID "9223372036854775807"

/* Q&A search: one query word drives (the rarest, QA_PROBE below),
 * through the index (term, petition_id): for an exact word the rows come
 * newest first straight from the index, so the look-up stops after one
 * page however common the word.  Every other word must be a term of the
 * same petition: a correlated COUNT, one seek in (petition_id, term) per
 * candidate for an exact word; MariaDB would turn an EXISTS into a
 * materialised list of every petition with that word (7 ms a query over
 * 100,000 answers instead of 1 ms).  A prefix (the last word, when it
 * starts more than one term) is checked with LIKE, which reads every
 * term of the candidate (about 35): 24 us a candidate on MariaDB against
 * 4.5 for a word.  The candidates are picked in a derived table of
 * qa_terms alone (its LIMIT keeps it from being merged), so no planner
 * can start from petitions instead: with every word of the answers
 * indexed, MariaDB did, reading all 100,000 published answers and sorting
 * them (3.5 s for "doanh nghiep").  A prefix may match several terms of
 * one petition: GROUP BY gives each petition once. */
/* clang-format off */
#define QA_MORE(op)                                                            \
    " AND (%s = '' OR (SELECT COUNT(*) FROM qa_terms x WHERE x.petition_id "   \
    "= t.petition_id AND x.term " op " %s) > 0)"
#define QA_SEARCH(driver, group, more)                                         \
    "SELECT " PETITION_COLS " FROM (SELECT t.petition_id FROM qa_terms t "     \
    "WHERE " driver " AND t.petition_id < %d AND (%s = '' OR (SELECT "         \
    "COUNT(*) FROM petitions q WHERE q.id = t.petition_id AND q.category = "   \
    "%s) > 0)" more QA_MORE("LIKE") group " ORDER BY t.petition_id DESC "      \
    "LIMIT %d) k JOIN petitions p ON p.id = k.petition_id LEFT JOIN users u "  \
    "ON u.id = p.user_id WHERE p.published = 1 AND p.public_consent = 1 "      \
    "ORDER BY p.id DESC"
/* The exact-word slots: every statement comes with QA_SLOTS of them (up
 * to DNDN_QA_MAX_TERMS words) and with QA_FEW_SLOTS, for the short
 * queries most searches are.  An unused slot still costs MariaDB its
 * preparation and optimisation on every execution (docs/performance.md). */
#define QA_SLOTS     (DNDN_QA_MAX_TERMS - 1)
#define QA_FEW_SLOTS 2
#define QA_MORE_FEW  QA_MORE("=") QA_MORE("=")
#define QA_MORE_ALL  QA_MORE_FEW QA_MORE("=") QA_MORE("=") QA_MORE("=")

/* Before the search, one statement: the first two terms from the last
 * word's prefix on (dndn_search_only_term: a prefix of one term, "tro",
 * is searched as that word, in index order and with one seek a check),
 * then how many terms each word has, up to QA_PROBE_CAP, so that the
 * rarest drives (dndn_search_driver).  Driving "doanh xyz" from "doanh",
 * in every answer, read all 100,000 candidates to find none.  The last
 * word, a prefix, is counted first; then the exact words, in two or five
 * slots (QA_FEW_SLOTS, QA_SLOTS), an unused one being ('', '') and skipped by
 * its constant test. */
#define QA_PROBE_CAP 200
#define QA_COUNT(cond)                                                         \
    "(SELECT COUNT(*) FROM (SELECT 1 FROM qa_terms WHERE " cond " LIMIT "      \
    DNDN_STR(QA_PROBE_CAP) ") c)"
#define QA_WORD "%s <> '' AND term = %s"
/* The first term from the prefix on, by MIN so that MariaDB makes the
 * derived table a constant and the next term one seek too (a scalar
 * subquery in its place read the whole index). */
#define QA_NEXT_TERM                                                           \
    "(SELECT term FROM qa_terms WHERE term > a.t1 ORDER BY term LIMIT 1)"
#define QA_FIRST_TERM                                                          \
    " FROM (SELECT MIN(term) AS t1 FROM qa_terms WHERE term >= %s) a"
#define QA_PROBE(prefix, words)                                                \
    "SELECT a.t1, " QA_NEXT_TERM ", " QA_COUNT(prefix) words QA_FIRST_TERM
#define QA_WORDS_FEW ", " QA_COUNT(QA_WORD) ", " QA_COUNT(QA_WORD)
#define QA_WORDS_ALL                                                           \
    QA_WORDS_FEW ", " QA_COUNT(QA_WORD) ", " QA_COUNT(QA_WORD) ", "            \
    QA_COUNT(QA_WORD)

/* A prefix on MariaDB is a LIKE, which it turns into an index range.  On
 * SQLite it is also the range [prefix, prefix + U+10FFFF) (the LIKE still
 * decides): apr_dbd_sqlite3 prepares with the legacy sqlite3_prepare(),
 * and SQLite never uses an index for a LIKE with a parameter then (a rare
 * prefix scanned the whole table: 0.4 s over 100,000 answers).  The
 * range is not used on MariaDB, whose utf8mb4_unicode_ci weighs every
 * character beyond the BMP as U+FFFD: a term with one right after the
 * prefix would fall outside. */
#define QA_PREFIX_LIKE(t)  t "term LIKE %s"
#define QA_PREFIX_RANGE(t) t "term >= %s AND " t "term < %s AND " t "term LIKE %s"
/* clang-format on */
_Static_assert(QA_SLOTS == 5, "QA_MORE_ALL and QA_WORDS_ALL have 5 slots");

/* The staff list's optional filters, after a leading condition that picks
 * the index: agency (agency_code, id), status (status, id) or none. */
#define STAFF_FILTERS                                                          \
    "(%s = '' OR p.status = %s) AND (%s = '' OR p.kind = %s) AND "             \
    "(%s = '' OR (p.status IN ('assigned', 'in_progress') AND p.due_at < "     \
    "%d)) AND (%s = '' OR p.search_text LIKE %s) AND p.id < %d ORDER BY "      \
    "p.id DESC LIMIT %d"

const dndn_statement dndn_petitions_statements[] = {
    {"dndn_petition_by_code",
     "SELECT " PETITION_COLS PETITION_FROM "WHERE p.code = %s"},
    {"dndn_petitions_updated",
     "SELECT " PETITION_COLS PETITION_FROM
     "WHERE p.updated_at > %d OR (p.updated_at = %d AND p.id > %d) "
     "ORDER BY p.updated_at, p.id LIMIT %d"},
    {"dndn_petitions_of_user",
     "SELECT " PETITION_COLS PETITION_FROM
     "WHERE p.user_id = %d AND p.id < %d ORDER BY p.id DESC LIMIT %d"},
    {"dndn_petitions_of_user_status",
     "SELECT " PETITION_COLS PETITION_FROM
     "WHERE p.user_id = %d AND p.status = %s AND p.id < %d "
     "ORDER BY p.id DESC LIMIT %d"},
    {"dndn_petitions_staff",
     "SELECT " PETITION_COLS PETITION_FROM "WHERE " STAFF_FILTERS},
    {"dndn_petitions_staff_agency",
     "SELECT " PETITION_COLS PETITION_FROM
     "WHERE p.agency_code = %s AND " STAFF_FILTERS},
    {"dndn_petitions_staff_status", "SELECT " PETITION_COLS PETITION_FROM
                                    "WHERE p.status = %s AND " STAFF_FILTERS},
    {"dndn_petitions_qa",
     "SELECT " PETITION_COLS PETITION_FROM
     "WHERE p.published = 1 AND p.public_consent = 1 AND (%s = '' OR "
     "p.category = %s) AND p.id < %d ORDER BY p.id DESC LIMIT %d"},
    /* Each Q&A statement twice: QA_SLOTS exact-word slots, and the
     * QA_FEW_SLOTS ones ("_few"). */
    {"dndn_qa_probe", QA_PROBE(QA_PREFIX_LIKE(""), QA_WORDS_ALL)},
    {"dndn_qa_probe_few", QA_PROBE(QA_PREFIX_LIKE(""), QA_WORDS_FEW)},
    {"dndn_qa_probe_range", QA_PROBE(QA_PREFIX_RANGE(""), QA_WORDS_ALL)},
    {"dndn_qa_probe_range_few", QA_PROBE(QA_PREFIX_RANGE(""), QA_WORDS_FEW)},
    {"dndn_qa_prefix_terms", "SELECT a.t1, " QA_NEXT_TERM QA_FIRST_TERM},
    {"dndn_petitions_qa_word", QA_SEARCH("t.term = %s", "", QA_MORE_ALL)},
    {"dndn_petitions_qa_word_few", QA_SEARCH("t.term = %s", "", QA_MORE_FEW)},
    /* The last word, a prefix, drives: a one-word query, or the rarest. */
    {"dndn_petitions_qa_prefix",
     QA_SEARCH(QA_PREFIX_LIKE("t."), " GROUP BY t.petition_id", QA_MORE_ALL)},
    {"dndn_petitions_qa_prefix_few",
     QA_SEARCH(QA_PREFIX_LIKE("t."), " GROUP BY t.petition_id", QA_MORE_FEW)},
    {"dndn_petitions_qa_prefix_range",
     QA_SEARCH(QA_PREFIX_RANGE("t."), " GROUP BY t.petition_id", QA_MORE_ALL)},
    {"dndn_petitions_qa_prefix_range_few",
     QA_SEARCH(QA_PREFIX_RANGE("t."), " GROUP BY t.petition_id", QA_MORE_FEW)},
    {"dndn_petition_insert", PETITION_INSERT},
    /* MariaDB: the code made from the year's counter just bumped and the
     * row back, in one round trip.  The code is the template with its '#'
     * replaced by the number, six digits at least, as "%06d" writes it
     * (the shared dialect has no CONCAT or LPAD: REPLACE, SUBSTR and
     * CAST ... AS CHAR it has).  Not on SQLite, where RETURNING spools
     * the row through a temporary file (temp_store=FILE, the default):
     * +230 us a submission, measured. */
    {"dndn_petition_insert_counted", PETITION_INSERT_INTO
     "SELECT REPLACE(%s, '#', CASE WHEN c.value < 1000000 "
     "THEN SUBSTR(CAST(1000000 + c.value AS CHAR), 2) "
     "ELSE CAST(c.value AS CHAR) END), " PETITION_VALUES
     " FROM counters c, " ACTIVE_CATEGORY " AND c.name = %s "
     "RETURNING " PETITION_STORED},
    {"dndn_petition_update",
     "UPDATE petitions SET status = %s, agency_code = %s, assigned_at = %d, "
     "due_at = %d, extended = %d, extension_reason = %s, answered_at = %d, "
     "answer_content = %s, answer_agency = %s, answered_by = %s, "
     "closed_at = %d, rating_score = %d, rating_comment = %s, "
     "rated_at = %d, published = %d, updated_at = %d, version = version + 1 "
     "WHERE id = %d AND status = %s AND version = %d"},
    {"dndn_event_insert",
     "INSERT INTO petition_events (petition_id, at, actor_kind, actor, "
     "actor_agency, from_status, to_status, action, note, internal) VALUES "
     "(%d, %d, %s, %s, %s, %s, %s, %s, %s, %d)"},
    {"dndn_events_of",
     "SELECT at, actor_kind, actor, actor_agency, from_status, to_status, "
     "action, note, internal FROM petition_events WHERE petition_id = %d "
     "ORDER BY id LIMIT 1000"},
    {"dndn_counter_bump",
     "UPDATE counters SET value = value + 1 WHERE name = %s"},
    {"dndn_counter_insert",
     "INSERT INTO counters (name, value) VALUES (%s, 0)"},
    /* One more petition of the user's day (migration 013), unless the
     * day's count is at the quota already: the count starts again at 1 on
     * a new day.  Every column on the right is the row's old value, on
     * both engines (MariaDB reads quota_day before the later assignment
     * changes it). */
    {"dndn_user_quota_take",
     "UPDATE users SET quota_used = CASE WHEN quota_day = %d THEN "
     "quota_used + 1 ELSE 1 END, quota_day = %d WHERE id = %d AND "
     "(quota_day <> %d OR quota_used < %d)"},
    {"dndn_user_quota_used", "SELECT quota_used FROM users WHERE id = %d"},
    {"dndn_counter_value", "SELECT value FROM counters WHERE name = %s"},
    {"dndn_idem_get",
     "SELECT petition_code FROM idempotency_keys WHERE user_id = %d AND "
     "idem_key = %s AND created_at >= %d"},
    {"dndn_idem_expire",
     "DELETE FROM idempotency_keys WHERE user_id = %d AND idem_key = %s AND "
     "created_at < %d"},
    {"dndn_idem_insert",
     "INSERT INTO idempotency_keys (user_id, idem_key, petition_code, "
     "created_at) VALUES (%d, %s, %s, %d)"},
    {"dndn_qa_terms_clear", "DELETE FROM qa_terms WHERE petition_id = %d"},
    {"dndn_qa_term_insert",
     "INSERT INTO qa_terms (term, petition_id) VALUES (%s, %d)"},
    {"dndn_category_exists",
     "SELECT code FROM categories WHERE code = %s AND active = 1"},
    {"dndn_calendar_all", "SELECT day, type, name FROM calendar ORDER BY day"},
    {"dndn_calendar_range",
     "SELECT day, type, name FROM calendar WHERE day >= %s AND day <= %s "
     "ORDER BY day"},
    {"dndn_calendar_update",
     "UPDATE calendar SET type = %s, name = %s WHERE day = %s"},
    {"dndn_calendar_insert",
     "INSERT INTO calendar (day, type, name) VALUES (%s, %s, %s)"},
    {NULL, NULL}};

static void petition_from(dndn_petition *p, const char **c)
{
    const char **f[NCOLS] = {&p->id,
                             &p->code,
                             &p->user_id,
                             &p->kind,
                             &p->title,
                             &p->content,
                             &p->category,
                             &p->agency_code,
                             &p->proposed_agency,
                             &p->enterprise_tax_code,
                             &p->enterprise_name,
                             &p->contact_phone,
                             &p->public_consent,
                             &p->status,
                             &p->created_at,
                             &p->assigned_at,
                             &p->due_at,
                             &p->extended,
                             &p->extension_reason,
                             &p->answered_at,
                             &p->answer_content,
                             &p->answer_agency,
                             &p->answered_by,
                             &p->closed_at,
                             &p->rating_score,
                             &p->rating_comment,
                             &p->rated_at,
                             &p->published,
                             &p->updated_at,
                             &p->version,
                             &p->author_name};
    int i;

    for (i = 0; i < NCOLS; i++) {
        *f[i] = c[i];
    }
}

/* A page of petitions from a prepared list statement whose last
 * argument is the LIMIT. */
static dndn_rc petition_page(dndn_db *db, const char *label, int nargs,
                             const char **args, int limit, dndn_page *out)
{
    const char *c[NCOLS];
    apr_dbd_results_t *res;
    dndn_rc rc;

    args[nargs - 1] = apr_itoa(db->pool, limit + 1);
    dndn_page_init(db, out, sizeof(dndn_petition));
    if ((rc = dndn_select(db, label, nargs, args, &res)) != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, NCOLS)) {
        if (out->items->nelts == limit) {
            out->more = 1;
            continue;
        }
        petition_from(apr_array_push(out->items), c);
    }
    return DNDN_OK;
}

dndn_rc dndn_store_petition_get(dndn_db *db, const char *code,
                                dndn_petition *out)
{
    const char *c[NCOLS];
    dndn_rc rc =
        dndn_select_one(db, "dndn_petition_by_code", 1, &code, c, NCOLS);

    if (rc == DNDN_OK) {
        petition_from(out, c);
    }
    return rc;
}

dndn_rc dndn_store_petitions_of_user(dndn_db *db, const char *user_id,
                                     const char *status, const char *after_id,
                                     int limit, dndn_page *out)
{
    const char *args[4];
    int n = 0;

    args[n++] = user_id;
    if (status) {
        args[n++] = status;
    }
    args[n++] = after_id ? after_id : FIRST_ID;
    return petition_page(
        db, status ? "dndn_petitions_of_user_status" : "dndn_petitions_of_user",
        n + 1, args, limit, out);
}

dndn_rc dndn_store_petitions_updated(dndn_db *db, const char *after_updated,
                                     const char *after_id, int limit,
                                     dndn_page *out)
{
    const char *args[4];

    args[0] = args[1] = after_updated;
    args[2] = after_id;
    return petition_page(db, "dndn_petitions_updated", 4, args, limit, out);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

dndn_rc dndn_store_petitions_staff(dndn_db *db, const dndn_petition_filter *f,
                                   const char *after_id, int limit,
                                   dndn_page *out)
{
    const char *args[12], *label = "dndn_petitions_staff";
    int n = 0;

    if (f->agency) {
        label = "dndn_petitions_staff_agency";
        args[n++] = f->agency;
    }
    else if (f->status) {
        label = "dndn_petitions_staff_status";
        args[n++] = f->status;
    }
    args[n++] = or_empty(f->status);
    args[n++] = or_empty(f->status);
    args[n++] = or_empty(f->kind);
    args[n++] = or_empty(f->kind);
    args[n++] = f->overdue ? "1" : "";
    args[n++] = dndn_i64(db, f->now);
    args[n++] = f->like ? "1" : "";
    args[n++] = or_empty(f->like);
    args[n++] = after_id ? after_id : FIRST_ID;
    return petition_page(db, label, n + 1, args, limit, out);
}

/* The Q&A statement's slot count for `needed` exact words, and its label
 * for that count ("_few" for QA_FEW_SLOTS). */
static int qa_slots(int needed)
{
    return needed <= QA_FEW_SLOTS ? QA_FEW_SLOTS : QA_SLOTS;
}

static const char *qa_label(dndn_db *db, const char *label, int slots)
{
    return slots == QA_FEW_SLOTS ? apr_pstrcat(db->pool, label, "_few", NULL)
                                 : label;
}

/* The probe (QA_PROBE) for a query's words: counts[i] how many terms
 * word i has, up to QA_PROBE_CAP, and *only the term the last word's
 * prefix is, or NULL when it starts none or several.  range: the prefix
 * as from/below (dndn_search_prefix_range), used as a range on SQLite
 * only.  DNDN_OK with the outputs set. */
static dndn_rc qa_probe(dndn_db *db, const char *const *patterns, int npatterns,
                        const char *const *range, int ranges,
                        apr_int64_t *counts, const char **only)
{
    const char *args[4 + 2 * QA_SLOTS];
    const char *c[3 + QA_SLOTS];
    int n = 0, i, slots = qa_slots(npatterns - 1);

    if (npatterns == 1 && !ranges) {
        /* MariaDB, one word: no count to compare, and a prefix no term
         * has is an empty range for the search itself (a third of the
         * probe's cost: 0.19 against 0.58 ms, mariadb-slap). */
        args[0] = range[0];
        if (dndn_select_one(db, "dndn_qa_prefix_terms", 1, args, c, 2) !=
            DNDN_OK) {
            return DNDN_DBERR;
        }
        *only = dndn_search_only_term(patterns[0], c[0], c[1]);
        counts[0] = 1;
        return DNDN_OK;
    }
    if (ranges) {
        args[n++] = range[0];
        args[n++] = range[1];
    }
    args[n++] = patterns[npatterns - 1];
    for (i = 0; i < slots; i++) {
        args[n] = args[n + 1] = i < npatterns - 1 ? patterns[i] : "";
        n += 2;
    }
    args[n++] = range[0];
    if (dndn_select_one(
            db,
            qa_label(db, ranges ? "dndn_qa_probe_range" : "dndn_qa_probe",
                     slots),
            n, args, c, 3 + slots) != DNDN_OK) {
        return DNDN_DBERR;
    }
    *only = dndn_search_only_term(patterns[npatterns - 1], c[0], c[1]);
    counts[npatterns - 1] = dndn_num(c[2]);
    for (i = 0; i < npatterns - 1; i++) {
        counts[i] = dndn_num(c[3 + i]);
    }
    return DNDN_OK;
}

dndn_rc dndn_store_qa(dndn_db *db, const char *category,
                      const char *const *patterns, int npatterns,
                      const char *after_id, int limit, dndn_page *out)
{
    const char *args[8 + DNDN_QA_MAX_TERMS * 2 + 1];
    const char *words[DNDN_QA_MAX_TERMS], *range[2], *only = NULL, *label;
    apr_int64_t counts[DNDN_QA_MAX_TERMS];
    int n = 0, i, k, driver, last = npatterns - 1, ranges, slots;

    if (npatterns <= 0) {
        args[n++] = or_empty(category);
        args[n++] = or_empty(category);
        args[n++] = after_id ? after_id : FIRST_ID;
        return petition_page(db, "dndn_petitions_qa", n + 1, args, limit, out);
    }
    /* "dang", "ky", "kin%": the rarest word drives (exact unless it is
     * the last and starts several terms), the others are checked per
     * petition. */
    ranges = !dndn_store_remote(db);
    dndn_search_prefix_range(db->pool, patterns[last], &range[0], &range[1]);
    if (qa_probe(db, patterns, npatterns, range, ranges, counts, &only) !=
        DNDN_OK) {
        return DNDN_DBERR;
    }
    if ((driver = dndn_search_driver(counts, npatterns)) < 0) {
        dndn_page_init(db, out, sizeof(dndn_petition));
        return DNDN_OK;
    }
    for (i = 0; i < npatterns; i++) {
        words[i] = patterns[i];
    }
    if (only) {
        words[last] = only; /* "tro%" is "tro": a word like the others */
    }
    /* SQLite: a prefix as common as the cap is found sooner by reading
     * the answers newest first (the LIKE alone) than through its range,
     * which it would read whole and sort ("thu" over 100,000 answers:
     * 109 ms through the range, 1 ms without). */
    ranges = ranges && counts[last] < QA_PROBE_CAP;
    if (driver == last && !only && ranges) {
        args[n++] = range[0];
        args[n++] = range[1];
    }
    args[n++] = words[driver];
    args[n++] = after_id ? after_id : FIRST_ID;
    args[n++] = or_empty(category);
    args[n++] = or_empty(category);
    /* The exact words but the driver, then the prefix: each slot ("1",
     * word) or ("", ""). */
    for (i = 0, k = 0; i < npatterns; i++) {
        if (i != driver && (i != last || only)) {
            args[n++] = "1";
            args[n++] = words[i];
            k++;
        }
    }
    slots = qa_slots(k);
    for (; k < slots; k++) {
        args[n++] = "";
        args[n++] = "";
    }
    args[n++] = driver != last && !only ? "1" : "";
    args[n++] = driver != last && !only ? words[last] : "";
    label = driver != last || only ? "dndn_petitions_qa_word"
            : ranges               ? "dndn_petitions_qa_prefix_range"
                                   : "dndn_petitions_qa_prefix";
    return petition_page(db, qa_label(db, label, slots), n + 1, args, limit,
                         out);
}

dndn_rc dndn_store_idem_get(dndn_db *db, const char *user_id, const char *key,
                            apr_int64_t since, const char **code)
{
    const char *args[3];

    args[0] = user_id;
    args[1] = key;
    args[2] = dndn_i64(db, since);
    return dndn_select_one(db, "dndn_idem_get", 3, args, code, 1);
}

static dndn_rc insert_event(dndn_db *db, const char *petition_id,
                            const dndn_petition_event *e)
{
    const char *args[10];

    args[0] = petition_id;
    args[1] = e->at;
    args[2] = e->actor_kind;
    args[3] = e->actor;
    args[4] = e->actor_agency;
    args[5] = e->from_status;
    args[6] = e->to_status;
    args[7] = e->action;
    args[8] = e->note;
    args[9] = e->internal ? e->internal : "0";
    return dndn_exec(db, "dndn_event_insert", 10, args, NULL);
}

/* The submitting user's count of the day, taken inside the caller's
 * transaction; sub->over_quota when the day's count is at the quota
 * already (nothing taken).  The UPDATE locks the user's row, so one user's
 * concurrent submissions, from any node, queue up there and the count is
 * exact; a failed submission rolls it back.  Other users' submissions do
 * not wait for it.  Until migration 013 the count was a COUNT(*) of the
 * user's petitions of the day, read under the year counter's lock: every
 * submission waited for it, and it grew with the day's petitions (0.4 ms
 * of MariaDB's time for a few hundred; docs/performance.md). */
static dndn_rc quota_take(dndn_db *db, dndn_submission *sub)
{
    const char *args[5], *used;
    int nrows = 0;
    dndn_rc rc;

    args[0] = args[1] = args[3] = dndn_i64(db, sub->quota_since);
    args[2] = sub->in->user_id;
    args[4] = apr_itoa(db->pool, sub->quota);
    rc = dndn_exec(db, "dndn_user_quota_take", 5, args, &nrows);
    if (rc != DNDN_OK || nrows == 1) {
        return rc;
    }
    /* Nothing taken: at the quota, or the user's row is gone. */
    rc = dndn_select_one(db, "dndn_user_quota_used", 1, &args[2], &used, 1);
    sub->over_quota = rc == DNDN_OK;
    if (rc == DNDN_NOTFOUND) {
        db->error = "petition not created: its user has no row";
        rc = DNDN_DBERR;
    }
    return rc;
}

/* The next number of the year's counter, inside the caller's transaction
 * (after quota_take): the UPDATE locks the counter's row, so numbers
 * follow the commits with no gap.  DNDN_NOTFOUND when the counter has no
 * row yet: the caller ends its transaction and creates the row on its own
 * (dndn_store_petition_create).  Inserting it inside the creating
 * transaction, after an UPDATE that matched nothing, made concurrent first
 * submissions deadlock on MariaDB (each UPDATE's gap lock blocks the
 * others' INSERT), measured as thousands of 503s. */
static dndn_rc counter_bump(dndn_db *db, const char *name)
{
    int nrows = 0;
    dndn_rc rc = dndn_exec(db, "dndn_counter_bump", 1, &name, &nrows);

    return rc == DNDN_OK && nrows == 0 ? DNDN_NOTFOUND : rc;
}

/* The counter of the year a submission is made in (local time). */
static const char *counter_name(dndn_db *db, const dndn_submission *sub)
{
    return apr_psprintf(db->pool, "petition-%d",
                        dndn_civil_from_days(dndn_local_day(sub->now)).y);
}

/* One attempt at the creating transaction; DNDN_NOTFOUND (nothing done)
 * when the year's counter has no row yet.  Refused (rolled back, DNDN_OK):
 * sub->over_quota, or else sub->bad_category when the INSERT found the
 * category inactive or unknown. */
static dndn_rc create_once(dndn_db *db, dndn_submission *sub, const char **code)
{
    const dndn_petition *in = sub->in;
    const char *args[16], *c[NCOLS], *name = counter_name(db, sub);
    dndn_petition_event ev = {0};
    int nrows = 0, refused;
    int year = dndn_civil_from_days(dndn_local_day(sub->now)).y;
    dndn_rc rc;

    if (dndn_store_begin(db) != DNDN_OK) {
        return DNDN_DBERR;
    }
    /* The user's row first, then the year's counter: every submission
     * takes the two locks in that order, and a refused one takes the
     * counter's not at all. */
    rc = quota_take(db, sub);
    if (rc == DNDN_OK && !sub->over_quota) {
        rc = counter_bump(db, name);
        if (rc == DNDN_NOTFOUND) {
            dndn_store_end(db, 0);
            return DNDN_NOTFOUND;
        }
    }
    if (rc == DNDN_OK && !sub->over_quota) {
        args[1] = in->user_id;
        args[2] = in->kind;
        args[3] = in->title;
        args[4] = in->content;
        args[5] = in->category;
        args[6] = in->proposed_agency;
        args[7] = in->enterprise_tax_code;
        args[8] = in->enterprise_name;
        args[9] = in->contact_phone;
        args[10] = in->public_consent;
        args[11] = args[13] = dndn_i64(db, sub->now);
        args[12] = sub->search_text;
        args[14] = in->category;
        if (dndn_store_remote(db)) {
            /* The code made from the counter, the row back as stored, its
             * author's name from the caller. */
            args[0] = apr_psprintf(db->pool, "PAKN-%d-#", year);
            args[15] = name;
            rc = dndn_select_one(db, "dndn_petition_insert_counted", 16, args,
                                 c, NCOLS - 1);
            c[NCOLS - 1] = in->author_name;
            *code = rc == DNDN_OK ? c[1] : NULL;
            /* No row: the category is not an active one. */
            if (rc == DNDN_NOTFOUND) {
                sub->bad_category = 1;
                rc = DNDN_OK;
            }
        }
        else {
            const char *value;
            rc = dndn_select_one(db, "dndn_counter_value", 1, &name, &value, 1);
            if (rc == DNDN_OK) {
                *code = apr_psprintf(db->pool, "PAKN-%d-%06" APR_INT64_T_FMT,
                                     year, dndn_num(value));
                args[0] = *code;
                rc = dndn_exec(db, "dndn_petition_insert", 15, args, &nrows);
                sub->bad_category = rc == DNDN_OK && nrows == 0;
            }
            if (rc == DNDN_OK && !sub->bad_category) {
                rc = dndn_select_one(db, "dndn_petition_by_code", 1, code, c,
                                     NCOLS);
            }
        }
    }
    refused = sub->over_quota || sub->bad_category;
    if (rc == DNDN_OK && !refused) {
        petition_from(&sub->created, c);
        ev.at = args[11];
        ev.actor_kind = "user";
        ev.actor = in->user_id;
        ev.to_status = "received";
        ev.action = "submit";
        rc = insert_event(db, c[0], &ev);
    }
    if (rc == DNDN_OK && !refused && sub->idem_key) {
        args[0] = in->user_id;
        args[1] = sub->idem_key;
        args[2] = *code;
        args[3] = dndn_i64(db, sub->now);
        rc = dndn_exec(db, "dndn_idem_insert", 4, args, NULL);
    }
    if (rc != DNDN_OK || refused) {
        dndn_store_end(db, 0);
        return rc == DNDN_NOTFOUND ? DNDN_DBERR : rc;
    }
    return dndn_store_end(db, 1);
}

dndn_rc dndn_store_petition_create(dndn_db *db, dndn_submission *sub,
                                   const char **code)
{
    const char *idem_key = sub->idem_key, *user_id = sub->in->user_id;
    apr_int64_t since = sub->now - DNDN_IDEM_TTL;
    int attempt;

    sub->over_quota = sub->bad_category = 0;
    if (idem_key) {
        const char *args[3];
        args[0] = user_id;
        args[1] = idem_key;
        args[2] = dndn_i64(db, since);
        if (dndn_exec(db, "dndn_idem_expire", 3, args, NULL) != DNDN_OK) {
            return DNDN_DBERR;
        }
    }
    /* A conflict is the same Idempotency-Key sent twice at once (answer
     * with that one) or, should it ever happen, a code taken (retry). */
    for (attempt = 0; attempt < 4; attempt++) {
        dndn_rc rc = create_once(db, sub, code);
        if (rc == DNDN_NOTFOUND) {
            /* The year's first submission: its counter row is created on
             * its own (autocommit); CONFLICT means another one did. */
            const char *name = counter_name(db, sub);
            rc = dndn_exec(db, "dndn_counter_insert", 1, &name, NULL);
            if (rc != DNDN_OK && rc != DNDN_CONFLICT) {
                return DNDN_DBERR;
            }
            continue;
        }
        if (rc != DNDN_CONFLICT) {
            return rc;
        }
        if (idem_key && dndn_store_idem_get(db, user_id, idem_key, since,
                                            code) == DNDN_OK) {
            return DNDN_CONFLICT;
        }
    }
    /* Lost every race: *code is not this submission's. */
    *code = NULL;
    db->error = "petition not created: a unique key conflict on every attempt";
    return DNDN_DBERR;
}

static dndn_rc replace_terms(dndn_db *db, const char *petition_id,
                             const apr_array_header_t *terms)
{
    const char *args[2];
    dndn_rc rc = dndn_exec(db, "dndn_qa_terms_clear", 1, &petition_id, NULL);
    int i;

    args[1] = petition_id;
    for (i = 0; terms && rc == DNDN_OK && i < terms->nelts; i++) {
        args[0] = APR_ARRAY_IDX(terms, i, const char *);
        rc = dndn_exec(db, "dndn_qa_term_insert", 2, args, NULL);
    }
    return rc;
}

dndn_rc dndn_store_petition_update(dndn_db *db, const dndn_petition *old,
                                   const dndn_petition *nw,
                                   const dndn_petition_event *ev, int set_terms,
                                   const apr_array_header_t *terms)
{
    const char *args[19];
    int nrows = 0;
    dndn_rc rc;

    args[0] = nw->status;
    args[1] = nw->agency_code;
    args[2] = nw->assigned_at;
    args[3] = nw->due_at;
    args[4] = nw->extended;
    args[5] = nw->extension_reason;
    args[6] = nw->answered_at;
    args[7] = nw->answer_content;
    args[8] = nw->answer_agency;
    args[9] = nw->answered_by;
    args[10] = nw->closed_at;
    args[11] = nw->rating_score;
    args[12] = nw->rating_comment;
    args[13] = nw->rated_at;
    args[14] = nw->published;
    args[15] = nw->updated_at;
    args[16] = old->id;
    args[17] = old->status;
    args[18] = old->version;
    if (dndn_store_begin(db) != DNDN_OK) {
        return DNDN_DBERR;
    }
    rc = dndn_exec(db, "dndn_petition_update", 19, args, &nrows);
    if (rc == DNDN_OK && nrows == 0) {
        rc = DNDN_CONFLICT;
    }
    if (rc == DNDN_OK) {
        rc = insert_event(db, old->id, ev);
    }
    if (rc == DNDN_OK && set_terms) {
        rc = replace_terms(db, old->id, terms);
    }
    if (rc != DNDN_OK) {
        dndn_store_end(db, 0);
        return rc;
    }
    return dndn_store_end(db, 1);
}

dndn_rc dndn_store_petition_note(dndn_db *db, const char *petition_id,
                                 const dndn_petition_event *ev)
{
    return insert_event(db, petition_id, ev);
}

dndn_rc dndn_store_petition_events(dndn_db *db, const char *petition_id,
                                   apr_array_header_t **out)
{
    const char *c[9];
    apr_dbd_results_t *res;
    dndn_rc rc = dndn_select(db, "dndn_events_of", 1, &petition_id, &res);

    *out = apr_array_make(db->pool, 8, sizeof(dndn_petition_event));
    if (rc != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 9)) {
        dndn_petition_event *e = apr_array_push(*out);
        e->at = c[0];
        e->actor_kind = c[1];
        e->actor = c[2];
        e->actor_agency = c[3];
        e->from_status = c[4];
        e->to_status = c[5];
        e->action = c[6];
        e->note = c[7];
        e->internal = c[8];
    }
    return DNDN_OK;
}

dndn_rc dndn_store_category_exists(dndn_db *db, const char *code)
{
    const char *c;

    return dndn_select_one(db, "dndn_category_exists", 1, &code, &c, 1);
}

/* ---------- calendar ---------- */

dndn_rc dndn_store_calendar_load(dndn_db *db, dndn_calendar **out,
                                 apr_array_header_t **ignored)
{
    apr_array_header_t *days;
    dndn_rc rc = dndn_store_calendar(db, NULL, NULL, &days);
    int i;

    if (rc != DNDN_OK) {
        return rc;
    }
    *out = dndn_calendar_make(db->pool);
    *ignored = apr_array_make(db->pool, 0, sizeof(dndn_calendar_day));
    for (i = 0; i < days->nelts; i++) {
        const dndn_calendar_day *d = &APR_ARRAY_IDX(days, i, dndn_calendar_day);
        if (dndn_calendar_set_str(*out, d->day, d->type)) {
            APR_ARRAY_PUSH(*ignored, dndn_calendar_day) = *d;
        }
    }
    return DNDN_OK;
}

dndn_rc dndn_store_calendar(dndn_db *db, const char *from, const char *to,
                            apr_array_header_t **out)
{
    const char *c[3], *args[2];
    apr_dbd_results_t *res;
    dndn_rc rc;

    args[0] = from;
    args[1] = to;
    rc = from ? dndn_select(db, "dndn_calendar_range", 2, args, &res)
              : dndn_select(db, "dndn_calendar_all", 0, NULL, &res);
    *out = apr_array_make(db->pool, 64, sizeof(dndn_calendar_day));
    if (rc != DNDN_OK) {
        return rc;
    }
    while (dndn_next_row(db, res, c, 3)) {
        dndn_calendar_day *d = apr_array_push(*out);
        d->day = c[0];
        d->type = c[1];
        d->name = c[2];
    }
    return DNDN_OK;
}

dndn_rc dndn_store_calendar_put(dndn_db *db, const dndn_calendar_day *d)
{
    const char *upd[3], *ins[3];
    int nrows = 0;
    dndn_rc rc;

    upd[0] = ins[1] = d->type;
    upd[1] = ins[2] = d->name;
    upd[2] = ins[0] = d->day;
    rc = dndn_exec(db, "dndn_calendar_update", 3, upd, &nrows);
    if (rc == DNDN_OK && nrows == 0) {
        /* No row, or (MySQL) a row that already holds these values. */
        rc = dndn_exec(db, "dndn_calendar_insert", 3, ins, NULL);
        if (rc == DNDN_CONFLICT) {
            rc = dndn_exec(db, "dndn_calendar_update", 3, upd, NULL);
        }
    }
    return rc;
}
