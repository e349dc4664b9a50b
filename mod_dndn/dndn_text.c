/*
 * dndn_text.c - Vietnamese text handling (UTF-8 validation, NFC, search
 * folding, word statistics, link detection) on top of utf8proc.
 *
 * Memory: results are allocated from the caller's pool.  The only heap
 * memory is what utf8proc_map() returns; it is copied into the pool and
 * free()d immediately, so nothing leaks even if the pool lives long.
 * No globals, no static mutable state: every function is thread-safe.
 */
#include "dndn_text.h"

#include <stdlib.h>
#include <string.h>

#include <apr_strings.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------ */
/* Code point helpers                                                  */
/* ------------------------------------------------------------------ */

/*
 * Decode the code point at s (len bytes available, len > 0).  Returns the
 * number of bytes consumed; on an invalid sequence *cp is -1 and 1 byte is
 * consumed so that callers always make progress.
 */
static apr_size_t next_cp(const char *s, apr_size_t len, utf8proc_int32_t *cp)
{
    utf8proc_ssize_t n;

    /* A UTF-8 sequence is at most 4 bytes: never hand utf8proc a length
     * that would not fit its signed size type. */
    n = utf8proc_iterate((const utf8proc_uint8_t *)s,
                         (utf8proc_ssize_t)(len > 4 ? 4 : len), cp);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    return (apr_size_t)n;
}

static int cp_category(utf8proc_int32_t cp)
{
    if (cp < 0) {
        return UTF8PROC_CATEGORY_CN;
    }
    return (int)utf8proc_category(cp);
}

static int is_letter(utf8proc_int32_t cp)
{
    int c = cp_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int is_alnum(utf8proc_int32_t cp)
{
    int c = cp_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static int is_mark(utf8proc_int32_t cp)
{
    int c = cp_category(cp);
    return c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
}

int dndn_text_is_space(apr_int32_t cp)
{
    int c;

    if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85) {
        return 1;
    }
    if (cp < 0x80) {
        return 0;
    }
    c = cp_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
           c == UTF8PROC_CATEGORY_ZP;
}

/* Vietnamese tone and vowel marks as combining characters (after NFD). */
static int is_viet_mark(utf8proc_int32_t cp)
{
    switch (cp) {
    case 0x0300: /* grave (huyền) */
    case 0x0301: /* acute (sắc) */
    case 0x0303: /* tilde (ngã) */
    case 0x0309: /* hook above (hỏi) */
    case 0x0323: /* dot below (nặng) */
    case 0x0302: /* circumflex (â ê ô) */
    case 0x0306: /* breve (ă) */
    case 0x031B: /* horn (ơ ư) */
        return 1;
    default:
        return 0;
    }
}

/* Nonzero if the code point is đ/Đ or decomposes (NFD) into a base
 * letter plus at least one Vietnamese combining mark.  A combining mark
 * on its own (NFD input) also counts. */
static int has_viet_diacritic(utf8proc_int32_t cp)
{
    utf8proc_int32_t buf[16];
    utf8proc_ssize_t n, i;
    int boundclass = 0;

    if (cp == 0x0110 || cp == 0x0111) {
        return 1;
    }
    if (cp < 0xC0) {
        return 0; /* ASCII and Latin-1 symbols: fast path */
    }
    n = utf8proc_decompose_char(cp, buf, 16, UTF8PROC_DECOMPOSE, &boundclass);
    if (n <= 0 || n > 16) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (is_viet_mark(buf[i])) {
            return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Normalisation                                                       */
/* ------------------------------------------------------------------ */

/* Run utf8proc_map() and copy its malloc'd result into the pool. */
static const char *map_into_pool(apr_pool_t *p, const char *s, apr_size_t len,
                                 utf8proc_option_t opts)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t n;
    char *res;

    n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
                     opts);
    if (n < 0) {
        free(dst); /* NULL on error, but be defensive */
        return NULL;
    }
    res = apr_pstrmemdup(p, (const char *)dst, (apr_size_t)n);
    free(dst);
    return res;
}

const char *dndn_text_normalize(apr_pool_t *p, const char *in, apr_size_t len,
                                int allow_newlines, const char **out)
{
    const char *control = NULL;
    const char *nfc;
    char *buf;
    const char *unused;
    apr_size_t i = 0, o = 0;
    int nfc_already = 1;

    if (out == NULL) {
        out = &unused; /* validation only */
    }
    *out = NULL;
    if (in == NULL || len == 0) {
        if (in == NULL && len != 0) {
            return DNDN_TEXT_INVALID_UTF8;
        }
        *out = "";
        return NULL;
    }
    /* utf8proc takes a signed length. */
    if (len > ((apr_size_t)-1 >> 1) / 4) {
        return DNDN_TEXT_INVALID_UTF8;
    }

    /* One pass: validate the encoding (always to the end, so that a bad
     * encoding is reported in preference to a control character), map
     * line ends and copy everything else.  The output never grows. */
    buf = apr_palloc(p, len + 1);
    while (i < len) {
        utf8proc_int32_t cp;
        apr_size_t n = next_cp(in + i, len - i, &cp);

        if (cp < 0) {
            return DNDN_TEXT_INVALID_UTF8;
        }
        if (control == NULL) {
            if (cp == '\r' || cp == 0x2028 || cp == 0x2029) {
                if (!allow_newlines) {
                    control = DNDN_TEXT_CONTROL_CHAR;
                }
                else if (!(cp == '\r' && i + 1 < len && in[i + 1] == '\n')) {
                    buf[o++] = '\n'; /* lone CR, LS, PS -> LF; CRLF -> LF */
                }
            }
            else if (cp == '\n' || cp == '\t') {
                if (!allow_newlines) {
                    control = DNDN_TEXT_CONTROL_CHAR;
                }
                else {
                    buf[o++] = (char)cp;
                }
            }
            else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
                control = DNDN_TEXT_CONTROL_CHAR; /* C0, NUL, DEL, C1 */
            }
            else {
                memcpy(buf + o, in + i, n);
                o += n;
                if (cp >= 0x300 && (cp < 0x1E00 || cp > 0x1EFF)) {
                    nfc_already = 0;
                }
            }
        }
        i += n;
    }
    if (control != NULL) {
        return control;
    }
    if (o == 0) {
        *out = "";
        return NULL;
    }
    /* Text made only of code points below U+0300 (Latin up to the
     * combining marks) and of Latin Extended Additional (U+1E00-U+1EFF,
     * where the precomposed Vietnamese letters are) is NFC already: none
     * of them decomposes in NFC or composes with another (all combining
     * class 0; checked pairwise against Unicode's data, and test_text.c
     * checks it against utf8proc).  Vietnamese typed on a phone is that,
     * so utf8proc (and its malloc) is needed only for the rest. */
    if (nfc_already) {
        buf[o] = '\0';
        *out = buf;
        return NULL;
    }
    nfc = map_into_pool(p, buf, o, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (nfc == NULL) {
        return DNDN_TEXT_INVALID_UTF8; /* not reached: input was validated */
    }
    *out = nfc;
    return NULL;
}

const char *dndn_text_trim(apr_pool_t *p, const char *s)
{
    apr_size_t len, i = 0, start, end;

    if (s == NULL) {
        return "";
    }
    len = strlen(s);
    /* skip leading space */
    while (i < len) {
        utf8proc_int32_t cp;
        apr_size_t n = next_cp(s + i, len - i, &cp);
        if (!dndn_text_is_space(cp)) {
            break;
        }
        i += n;
    }
    start = i;
    end = i;
    /* the end is just after the last non-space code point */
    while (i < len) {
        utf8proc_int32_t cp;
        apr_size_t n = next_cp(s + i, len - i, &cp);
        i += n;
        if (!dndn_text_is_space(cp)) {
            end = i;
        }
    }
    return apr_pstrmemdup(p, s + start, end - start);
}

/* ------------------------------------------------------------------ */
/* Search folding                                                      */
/* ------------------------------------------------------------------ */

const char *dndn_text_fold(apr_pool_t *p, const char *s)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t n;
    apr_size_t len, i = 0, o = 0;
    int pending_space = 0;
    char *res;

    if (s == NULL || *s == '\0') {
        return "";
    }
    /* NFD + strip marks + case fold + drop default ignorables. */
    n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                         UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD |
                         UTF8PROC_IGNORE);
    if (n < 0) {
        free(m);
        return "";
    }
    len = (apr_size_t)n;
    res = apr_palloc(p, len + 1); /* folding never makes the text longer */
    while (i < len) {
        utf8proc_int32_t cp;
        apr_size_t k = next_cp((const char *)m + i, len - i, &cp);

        if (cp == 0x0111 || cp == 0x00F0) {
            /* đ (Vietnamese d with stroke) has no decomposition; ð (eth)
             * is a frequent look-alike typed for Đ.  Both search as d. */
            if (pending_space && o > 0) {
                res[o++] = ' ';
            }
            pending_space = 0;
            res[o++] = 'd';
        }
        else if (is_alnum(cp)) {
            if (pending_space && o > 0) {
                res[o++] = ' ';
            }
            pending_space = 0;
            memcpy(res + o, m + i, k);
            o += k;
        }
        else {
            pending_space = 1;
        }
        i += k;
    }
    res[o] = '\0';
    free(m);
    return res;
}

/* ------------------------------------------------------------------ */
/* Counting                                                            */
/* ------------------------------------------------------------------ */

apr_size_t dndn_text_length(const char *s)
{
    apr_size_t len, i = 0, count = 0;

    if (s == NULL) {
        return 0;
    }
    len = strlen(s);
    while (i < len) {
        utf8proc_int32_t cp;
        i += next_cp(s + i, len - i, &cp);
        count++;
    }
    return count;
}

typedef struct {
    int words;        /* tokens with a letter or a digit */
    int letter_words; /* ... of which contain a letter */
    int marked_words; /* ... of which carry a Vietnamese diacritic */
} word_stats;

static void scan_words(const char *s, word_stats *st)
{
    apr_size_t len, i = 0;
    int in_token = 0, alnum = 0, letter = 0, marked = 0;

    st->words = st->letter_words = st->marked_words = 0;
    if (s == NULL) {
        return;
    }
    len = strlen(s);
    for (;;) {
        utf8proc_int32_t cp = ' ';
        apr_size_t n = 0;

        if (i < len) {
            n = next_cp(s + i, len - i, &cp);
        }
        if (i >= len || dndn_text_is_space(cp)) {
            if (in_token && alnum) {
                st->words++;
                if (letter) {
                    st->letter_words++;
                    if (marked) {
                        st->marked_words++;
                    }
                }
            }
            in_token = alnum = letter = marked = 0;
            if (i >= len) {
                break;
            }
        }
        else {
            in_token = 1;
            if (is_letter(cp)) {
                alnum = letter = 1;
            }
            else if (is_alnum(cp)) {
                alnum = 1;
            }
            if (!marked && has_viet_diacritic(cp)) {
                marked = 1;
            }
        }
        i += n;
    }
}

int dndn_text_word_count(const char *s)
{
    word_stats st;
    scan_words(s, &st);
    return st.words;
}

int dndn_text_diacritic_percent(const char *s)
{
    word_stats st;
    scan_words(s, &st);
    if (st.letter_words == 0) {
        return 0;
    }
    return (int)(((long long)st.marked_words * 100) / st.letter_words);
}

/* ------------------------------------------------------------------ */
/* Link detection                                                      */
/* ------------------------------------------------------------------ */

static int a_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int a_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int a_alnum(int c)
{
    return a_alpha(c) || (c >= '0' && c <= '9');
}

/* Case-insensitive: does s[0..len) start with the lower-case literal? */
static int ci_prefix(const char *s, apr_size_t len, const char *lit)
{
    apr_size_t i;

    for (i = 0; lit[i] != '\0'; i++) {
        if (i >= len || a_lower((unsigned char)s[i]) != lit[i]) {
            return 0;
        }
    }
    return 1;
}

static int ci_contains(const char *s, apr_size_t len, const char *lit)
{
    apr_size_t i;

    for (i = 0; i < len; i++) {
        if (ci_prefix(s + i, len - i, lit)) {
            return 1;
        }
    }
    return 0;
}

/* TLD classes: 0 unknown, 1 a link on its own, 2 ambiguous (also a common
 * unaccented Vietnamese word or abbreviation, e.g. "co" = có, "me" = mẹ,
 * "ga" = gà, "tk" = tài khoản, "cn" = chủ nhật): only a link with a path or
 * with 3+ labels. */
#define TLD_UNKNOWN   0
#define TLD_LINK      1
#define TLD_AMBIGUOUS 2

static int tld_class(const char *t, apr_size_t n)
{
    static const char *const strong[] = {
        "com",    "net",  "org",  "info",  "biz",   "gov",     "edu",
        "int",    "mil",  "vn",   "io",    "xyz",   "top",     "site",
        "online", "app",  "dev",  "store", "shop",  "club",    "live",
        "tv",     "cc",   "asia", "pro",   "tech",  "link",    "click",
        "news",   "blog", "vip",  "fun",   "space", "website", "icu",
        "cloud",  "mobi", "uk",   "eu",    "fr",    "jp",      "kr",
        "tw",     "au",   "nl",   "ws",    "ml",    "gq",      NULL};
    static const char *const weak[] = {
        "co", "me", "ai", "la", "to", "in", "my", "us", "id", "ga", "tk", "cf",
        "ly", "gl", "ca", "de", "ru", "th", "kh", "hk", "sg", "cn", "ph", NULL};
    int k;

    for (k = 0; strong[k] != NULL; k++) {
        if (strlen(strong[k]) == n && ci_prefix(t, n, strong[k])) {
            return TLD_LINK;
        }
    }
    for (k = 0; weak[k] != NULL; k++) {
        if (strlen(weak[k]) == n && ci_prefix(t, n, weak[k])) {
            return TLD_AMBIGUOUS;
        }
    }
    return TLD_UNKNOWN;
}

/*
 * Is s[a..b) (ASCII only, no leading/trailing dot or dash) a host name
 * label(.label)+ with an alphabetic last label of 2+ letters?  Returns the
 * number of labels (>= 2) or 0; *tld and *tld_len receive the last label.
 */
static int host_labels(const char *s, apr_size_t a, apr_size_t b,
                       const char **tld, apr_size_t *tld_len)
{
    apr_size_t i, label_start = a;
    int labels = 0;

    for (i = a; i <= b; i++) {
        if (i == b || s[i] == '.') {
            if (i == label_start) {
                return 0; /* empty label: "a..b" */
            }
            labels++;
            if (i == b) {
                break;
            }
            label_start = i + 1;
        }
        else if (!a_alnum((unsigned char)s[i]) && s[i] != '-') {
            return 0;
        }
    }
    if (labels < 2 || b - label_start < 2) {
        return 0;
    }
    for (i = label_start; i < b; i++) {
        if (!a_alpha((unsigned char)s[i])) {
            return 0; /* "1.5", "1.000.000", "10.30am" */
        }
    }
    *tld = s + label_start;
    *tld_len = b - label_start;
    return labels;
}

/* "Com" in "xong.Com": a capitalised word after a full stop that lacks its
 * space, not a domain. */
static int is_titlecase(const char *t, apr_size_t n)
{
    apr_size_t i;

    if (!(t[0] >= 'A' && t[0] <= 'Z')) {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if (!(t[i] >= 'a' && t[i] <= 'z')) {
            return 0;
        }
    }
    return 1;
}

/* A character that may be part of a host-like run: letters, digits and
 * marks of any script (so that "xong.Tôi" stays one run), '.' and '-'. */
static int is_run_char(utf8proc_int32_t cp)
{
    if (cp < 0x80) {
        return cp >= 0 && (a_alnum(cp) || cp == '.' || cp == '-');
    }
    return is_alnum(cp) || is_mark(cp);
}

/* Bare domain or www. host in the run s[start..end). */
static int run_is_link(const char *s, apr_size_t start, apr_size_t end,
                       apr_size_t len)
{
    apr_size_t a = start, b = end, i;
    const char *tld;
    apr_size_t tld_len;
    int labels, cls;

    while (a < b && (s[a] == '.' || s[a] == '-')) {
        a++;
    }
    while (b > a && (s[b - 1] == '.' || s[b - 1] == '-')) {
        b--;
    }
    /* "www." plus at least one more character */
    if (ci_prefix(s + a, b - a, "www.") && b - a > 4) {
        return 1;
    }
    for (i = a; i < b; i++) {
        if ((unsigned char)s[i] >= 0x80) {
            return 0; /* Vietnamese word next to a dot: "hồ sơ.ai" */
        }
    }
    labels = host_labels(s, a, b, &tld, &tld_len);
    if (labels == 0) {
        return 0;
    }
    cls = tld_class(tld, tld_len);
    if (cls == TLD_UNKNOWN) {
        return 0;
    }
    if (labels == 2 && is_titlecase(tld, tld_len)) {
        return 0;
    }
    if (cls == TLD_AMBIGUOUS && labels < 3 && !(b < len && s[b] == '/')) {
        return 0;
    }
    return 1;
}

static int is_local_char(int c)
{
    return a_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
           c == '-';
}

/* E-mail address around the '@' at s[at]. */
static int email_at(const char *s, apr_size_t at, apr_size_t len)
{
    apr_size_t i = at, b;
    int local_alnum = 0;
    const char *tld;
    apr_size_t tld_len;

    while (i > 0 && is_local_char((unsigned char)s[i - 1])) {
        i--;
        if (a_alnum((unsigned char)s[i])) {
            local_alnum = 1;
        }
    }
    if (!local_alnum) {
        return 0;
    }
    b = at + 1;
    while (b < len &&
           (a_alnum((unsigned char)s[b]) || s[b] == '.' || s[b] == '-')) {
        b++;
    }
    while (b > at + 1 && (s[b - 1] == '.' || s[b - 1] == '-')) {
        b--;
    }
    if (b <= at + 1 || s[at + 1] == '.' || s[at + 1] == '-') {
        return 0;
    }
    return host_labels(s, at + 1, b, &tld, &tld_len) != 0;
}

int dndn_text_has_link(const char *s)
{
    apr_size_t len, i = 0;

    if (s == NULL) {
        return 0;
    }
    len = strlen(s);
    if (ci_contains(s, len, "http://") || ci_contains(s, len, "https://") ||
        ci_contains(s, len, "ftp://")) {
        return 1;
    }
    while (i < len) {
        utf8proc_int32_t cp;
        apr_size_t n = next_cp(s + i, len - i, &cp);

        if (cp == '@') {
            if (email_at(s, i, len)) {
                return 1;
            }
            i += n;
        }
        else if (is_run_char(cp)) {
            apr_size_t start = i;
            while (i < len) {
                n = next_cp(s + i, len - i, &cp);
                if (!is_run_char(cp)) {
                    break;
                }
                i += n;
            }
            if (run_is_link(s, start, i, len)) {
                return 1;
            }
        }
        else {
            i += n;
        }
    }
    return 0;
}
