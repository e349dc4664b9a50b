/*
 * test_text.c - Check unit tests for dndn_text (UTF-8 validation, NFC,
 * search folding, word statistics, link detection).
 *
 * Exposes only dndn_text_suite(); the runner's main() lives elsewhere.
 * Byte escapes are used for non-NFC input so that the source file's own
 * normalisation cannot change what is tested.
 */
#include <check.h>
#include <string.h>

#include <apr_general.h>
#include <apr_pools.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "dndn_text.h"

Suite *dndn_text_suite(void);

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_initialize(), APR_SUCCESS);
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
    pool = NULL;
    apr_terminate();
}

/* Normalise a NUL-terminated string; returns the error code or NULL. */
static const char *norm(const char *s, int allow_newlines, const char **out)
{
    return dndn_text_normalize(pool, s, strlen(s), allow_newlines, out);
}

/* Assert that normalising `len` bytes fails with `code` and *out is NULL. */
static void assert_norm_fails(const char *s, apr_size_t len, int allow,
                              const char *code)
{
    const char *out = "sentinel";
    const char *err = dndn_text_normalize(pool, s, len, allow, &out);
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(err, code);
    ck_assert_ptr_null(out);
}

/* ---------------------------------------------------------------- */
/* dndn_text_normalize                                               */
/* ---------------------------------------------------------------- */

START_TEST(norm_ascii_and_nfc_unchanged)
{
    const char *out = NULL;
    ck_assert_ptr_null(norm("Hello, world", 0, &out));
    ck_assert_str_eq(out, "Hello, world");
    /* "Thuế thu nhập" already NFC */
    ck_assert_ptr_null(norm("Thu\xe1\xba\xbf thu nh\xe1\xba\xadp", 0, &out));
    ck_assert_str_eq(out, "Thu\xe1\xba\xbf thu nh\xe1\xba\xadp");
}
END_TEST

START_TEST(norm_nfd_to_nfc)
{
    const char *out = NULL;
    /* "Thuế" typed as e + U+0302 + U+0301 -> U+1EBF */
    ck_assert_ptr_null(norm("Thue\xcc\x82\xcc\x81", 0, &out));
    ck_assert_str_eq(out, "Thu\xe1\xba\xbf");
    /* "hoà": a + U+0300 -> U+00E0 */
    ck_assert_ptr_null(norm("hoa\xcc\x80", 0, &out));
    ck_assert_str_eq(out, "ho\xc3\xa0");
    /* "Đăng" with a + U+0306 -> U+0103 (Đ has no decomposition) */
    ck_assert_ptr_null(norm("\xc4\x90"
                            "a\xcc\x86ng",
                            0, &out));
    ck_assert_str_eq(out, "\xc4\x90\xc4\x83ng");
    /* "ậ": dot below and circumflex in either order -> U+1EAD */
    ck_assert_ptr_null(norm("a\xcc\xa3\xcc\x82", 0, &out));
    ck_assert_str_eq(out, "\xe1\xba\xad");
    ck_assert_ptr_null(norm("a\xcc\x82\xcc\xa3", 0, &out));
    ck_assert_str_eq(out, "\xe1\xba\xad");
    /* "ờ" as o + horn + grave -> U+1EDD */
    ck_assert_ptr_null(norm("o\xcc\x9b\xcc\x80", 0, &out));
    ck_assert_str_eq(out, "\xe1\xbb\x9d");
}
END_TEST

/* Text of code points below U+0300 or in U+1E00-U+1EFF skips utf8proc
 * (it is NFC already): every such code point, and pairs of them, come out
 * as utf8proc's NFC would give them; so do they followed by a combining
 * mark (which takes the full path). */
static void assert_as_utf8proc(const utf8proc_int32_t *cps, int n)
{
    utf8proc_uint8_t in[32];
    utf8proc_uint8_t *want;
    const char *out = NULL;
    utf8proc_ssize_t len = 0;
    int i;

    for (i = 0; i < n; i++) {
        len += utf8proc_encode_char(cps[i], in + len);
    }
    in[len] = '\0';
    want = utf8proc_NFC(in);
    ck_assert_ptr_nonnull(want);
    ck_assert_ptr_null(
        dndn_text_normalize(pool, (const char *)in, (apr_size_t)len, 1, &out));
    ck_assert_msg(!strcmp(out, (const char *)want), "U+%04X U+%04X",
                  (unsigned)cps[0], (unsigned)cps[n - 1]);
    free(want);
}

static int quick_cp(int i)
{
    /* i-th code point of the set the fast path takes (no controls) */
    if (i < 0x7F - 0x20) {
        return 0x20 + i;
    }
    i -= 0x7F - 0x20;
    if (i < 0x300 - 0xA0) {
        return 0xA0 + i;
    }
    i -= 0x300 - 0xA0;
    return i < 0x100 ? 0x1E00 + i : -1;
}

START_TEST(norm_fast_path_is_nfc)
{
    int i, j;

    for (i = 0; quick_cp(i) >= 0; i++) {
        utf8proc_int32_t one[1] = {quick_cp(i)};
        utf8proc_int32_t marked[3] = {quick_cp(i), 0x0302, 0x0301};

        assert_as_utf8proc(one, 1);
        assert_as_utf8proc(marked, 3);
        for (j = i % 5; quick_cp(j) >= 0; j += 5) {
            utf8proc_int32_t two[2] = {quick_cp(i), quick_cp(j)};

            assert_as_utf8proc(two, 2);
        }
    }
}
END_TEST

START_TEST(norm_empty_and_null)
{
    const char *out = NULL;
    ck_assert_ptr_null(dndn_text_normalize(pool, "", 0, 0, &out));
    ck_assert_str_eq(out, "");
    out = NULL;
    ck_assert_ptr_null(dndn_text_normalize(pool, NULL, 0, 0, &out));
    ck_assert_str_eq(out, "");
    assert_norm_fails(NULL, 3, 0, "invalid_utf8");
}
END_TEST

START_TEST(norm_uses_len_not_nul)
{
    const char *out = NULL;
    ck_assert_ptr_null(dndn_text_normalize(pool, "abcdef", 3, 0, &out));
    ck_assert_str_eq(out, "abc");
    /* the cut falls inside a multi-byte character: truncated sequence */
    assert_norm_fails("\xe1\xba\xbf", 2, 0, "invalid_utf8");
}
END_TEST

START_TEST(norm_rejects_invalid_utf8)
{
    /* overlong encodings of '/' in 2, 3 and 4 bytes */
    assert_norm_fails("a\xc0\xaf", 3, 1, "invalid_utf8");
    assert_norm_fails("a\xc1\xbf", 3, 1, "invalid_utf8");
    assert_norm_fails("\xe0\x80\xaf", 3, 1, "invalid_utf8");
    assert_norm_fails("\xf0\x80\x80\xaf", 4, 1, "invalid_utf8");
    /* UTF-16 surrogates U+D800 and U+DFFF */
    assert_norm_fails("\xed\xa0\x80", 3, 1, "invalid_utf8");
    assert_norm_fails("x\xed\xbf\xbfy", 5, 1, "invalid_utf8");
    /* beyond U+10FFFF, and bytes that never occur */
    assert_norm_fails("\xf4\x90\x80\x80", 4, 1, "invalid_utf8");
    assert_norm_fails("\xf5\x80\x80\x80", 4, 1, "invalid_utf8");
    assert_norm_fails("ok\xff", 3, 1, "invalid_utf8");
    assert_norm_fails("\xfe", 1, 1, "invalid_utf8");
    /* truncated sequences: at the end and followed by ASCII */
    assert_norm_fails("abc\xe1\xba", 5, 1, "invalid_utf8");
    assert_norm_fails("\xe1\xba"
                      "abc",
                      5, 1, "invalid_utf8");
    assert_norm_fails("\xf0\x9f\x98", 3, 1, "invalid_utf8");
    assert_norm_fails("\xc3", 1, 1, "invalid_utf8");
    /* stray continuation byte */
    assert_norm_fails("\x80", 1, 1, "invalid_utf8");
    assert_norm_fails("Vi\xbbt", 4, 1, "invalid_utf8");
}
END_TEST

START_TEST(norm_accepts_valid_edge_code_points)
{
    const char *out = NULL;
    /* U+10FFFF, U+FFFD, emoji (4 bytes) */
    ck_assert_ptr_null(norm("\xf4\x8f\xbf\xbf", 0, &out));
    ck_assert_str_eq(out, "\xf4\x8f\xbf\xbf");
    ck_assert_ptr_null(norm("\xef\xbf\xbd \xf0\x9f\x98\x80", 0, &out));
    ck_assert_str_eq(out, "\xef\xbf\xbd \xf0\x9f\x98\x80");
}
END_TEST

START_TEST(norm_rejects_control_chars)
{
    assert_norm_fails("ab\0cd", 5, 1, "control_char"); /* embedded NUL */
    assert_norm_fails("a\x01"
                      "b",
                      3, 1, "control_char");
    assert_norm_fails("\x1b[31mred", 8, 1, "control_char");
    assert_norm_fails("a\x0b"
                      "b",
                      3, 1, "control_char"); /* VT */
    assert_norm_fails("a\x0c"
                      "b",
                      3, 1, "control_char");              /* FF */
    assert_norm_fails("a\x7f", 2, 1, "control_char");     /* DEL */
    assert_norm_fails("a\xc2\x80", 3, 1, "control_char"); /* U+0080 */
    assert_norm_fails("a\xc2\x85", 3, 1, "control_char"); /* NEL */
    assert_norm_fails("a\xc2\x9f", 3, 1, "control_char"); /* U+009F */
}
END_TEST

START_TEST(norm_accepts_non_control_neighbours)
{
    const char *out = NULL;
    /* U+00A0 (first after C1), '~' (before DEL), ' ' (after C0) */
    ck_assert_ptr_null(norm("a\xc2\xa0~ b", 0, &out));
    ck_assert_str_eq(out, "a\xc2\xa0~ b");
}
END_TEST

START_TEST(norm_invalid_utf8_wins_over_control)
{
    assert_norm_fails("\x01\xff", 2, 1, "invalid_utf8");
    assert_norm_fails("\n\xff", 2, 0, "invalid_utf8");
}
END_TEST

START_TEST(norm_newlines_allowed)
{
    const char *out = NULL;
    ck_assert_ptr_null(norm("a\r\nb\rc\nd\te\r", 1, &out));
    ck_assert_str_eq(out, "a\nb\nc\nd\te\n");
    /* CR CR LF: the first CR is lone */
    ck_assert_ptr_null(norm("x\r\r\ny", 1, &out));
    ck_assert_str_eq(out, "x\n\ny");
    /* U+2028 / U+2029 become LF */
    ck_assert_ptr_null(norm("a\xe2\x80\xa8"
                            "b\xe2\x80\xa9"
                            "c",
                            1, &out));
    ck_assert_str_eq(out, "a\nb\nc");
}
END_TEST

START_TEST(norm_newlines_rejected)
{
    assert_norm_fails("a\nb", 3, 0, "control_char");
    assert_norm_fails("a\r\nb", 4, 0, "control_char");
    assert_norm_fails("a\rb", 3, 0, "control_char");
    assert_norm_fails("a\tb", 3, 0, "control_char");
    assert_norm_fails("a\xe2\x80\xa8"
                      "b",
                      5, 0, "control_char");
}
END_TEST

START_TEST(norm_out_may_be_null)
{
    ck_assert_ptr_null(dndn_text_normalize(pool, "abc", 3, 0, NULL));
    ck_assert_str_eq(dndn_text_normalize(pool, "\xff", 1, 0, NULL),
                     "invalid_utf8");
}
END_TEST

/* ---------------------------------------------------------------- */
/* dndn_text_fold                                                    */
/* ---------------------------------------------------------------- */

START_TEST(fold_vietnamese)
{
    ck_assert_str_eq(dndn_text_fold(pool, "Thu\xe1\xba\xbf"), "thue");
    /* "ĐĂNG KÝ kinh doanh" */
    ck_assert_str_eq(dndn_text_fold(pool, "\xc4\x90\xc4\x82NG K\xc3\x9d kinh "
                                          "doanh"),
                     "dang ky kinh doanh");
    /* "Đăng Ký  KINH-doanh" */
    ck_assert_str_eq(dndn_text_fold(pool, "\xc4\x90\xc4\x83ng K\xc3\xbd  "
                                          "KINH-doanh"),
                     "dang ky kinh doanh");
    /* "Người nộp thuế ở Thái Bình" */
    ck_assert_str_eq(dndn_text_fold(pool, "Ng\xc6\xb0\xe1\xbb\x9di n\xe1\xbb"
                                          "\x99p thu\xe1\xba\xbf \xe1\xbb\x9f "
                                          "Th\xc3\xa1i B\xc3\xacnh"),
                     "nguoi nop thue o thai binh");
    /* "đ" lower case too */
    ck_assert_str_eq(dndn_text_fold(pool, "\xc4\x91\xe1\xbb\x93ng"), "dong");
}
END_TEST

START_TEST(fold_old_and_new_tone_placement)
{
    /* "hoà" (old style, mark on a) and "hòa" (new style, mark on o) */
    const char *a = dndn_text_fold(pool, "ho\xc3\xa0");
    const char *b = dndn_text_fold(pool, "h\xc3\xb2"
                                         "a");
    ck_assert_str_eq(a, "hoa");
    ck_assert_str_eq(b, "hoa");
}
END_TEST

START_TEST(fold_nfd_equals_nfc)
{
    const char *nfc = dndn_text_fold(pool, "\xc4\x90\xc4\x83ng k\xc3\xbd "
                                           "thu\xe1\xba\xbf");
    const char *nfd = dndn_text_fold(pool, "\xc4\x90"
                                           "a\xcc\x86ng ky\xcc\x81 "
                                           "thue\xcc\x82\xcc\x81");
    ck_assert_str_eq(nfc, "dang ky thue");
    ck_assert_str_eq(nfd, nfc);
}
END_TEST

START_TEST(fold_punctuation_and_spaces)
{
    ck_assert_str_eq(dndn_text_fold(pool, "  Xin ch\xc3\xa0o!!!  "),
                     "xin chao");
    ck_assert_str_eq(dndn_text_fold(pool, "1.000.000 \xc4\x91\xe1\xbb\x93ng"),
                     "1 000 000 dong");
    ck_assert_str_eq(dndn_text_fold(pool, "a\t\n--\xc2\xa0\xe2\x80\x94 b"),
                     "a b");
    ck_assert_str_eq(dndn_text_fold(pool, " -- ... "), "");
    /* soft hyphen is ignorable: does not split the word */
    ck_assert_str_eq(dndn_text_fold(pool, "kinh\xc2\xad"
                                          "doanh"),
                     "kinhdoanh");
}
END_TEST

START_TEST(fold_other_scripts)
{
    ck_assert_str_eq(dndn_text_fold(pool, "\xc3\x84\xc3\x96\xc3\x9c "
                                          "Stra\xc3\x9f"
                                          "e"),
                     "aou strasse");
    /* Greek "ΑΘΉΝΑ" -> "αθηνα" */
    ck_assert_str_eq(dndn_text_fold(pool, "\xce\x91\xce\x98\xce\x89\xce\x9d"
                                          "\xce\x91"),
                     "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1");
    /* Icelandic eth, a common look-alike typed for Đ */
    ck_assert_str_eq(dndn_text_fold(pool, "\xc3\x90i \xc3\xb0i"), "di di");
}
END_TEST

START_TEST(fold_empty_null_invalid)
{
    ck_assert_str_eq(dndn_text_fold(pool, NULL), "");
    ck_assert_str_eq(dndn_text_fold(pool, ""), "");
    ck_assert_str_eq(dndn_text_fold(pool, "\xff\xfe"), "");
}
END_TEST

START_TEST(fold_is_idempotent)
{
    const char *once =
        dndn_text_fold(pool, "\xc4\x90\xe1\xbb\x81 NGH\xe1\xbb"
                             "\x8a h\xe1\xbb\x97 tr\xe1\xbb\xa3");
    ck_assert_str_eq(once, "de nghi ho tro");
    ck_assert_str_eq(dndn_text_fold(pool, once), once);
}
END_TEST

/* ---------------------------------------------------------------- */
/* trim / length / words                                             */
/* ---------------------------------------------------------------- */

START_TEST(trim_unicode_space)
{
    ck_assert_str_eq(dndn_text_trim(pool, " \t\n\xc2\xa0 Vi\xe1\xbb\x87t "
                                          "Nam\xe3\x80\x80\r\n"),
                     "Vi\xe1\xbb\x87t Nam");
    ck_assert_str_eq(dndn_text_trim(pool, "abc"), "abc");
    ck_assert_str_eq(dndn_text_trim(pool, " \xc2\xa0 "), "");
    ck_assert_str_eq(dndn_text_trim(pool, NULL), "");
    ck_assert(dndn_text_is_space(0x3000));
    ck_assert(!dndn_text_is_space('x'));
    ck_assert(!dndn_text_is_space(0x200B)); /* ZWSP is Cf, not space */
}
END_TEST

START_TEST(length_code_points)
{
    ck_assert_uint_eq(dndn_text_length(NULL), 0);
    ck_assert_uint_eq(dndn_text_length(""), 0);
    ck_assert_uint_eq(dndn_text_length("abc"), 3);
    /* "Việt Nam": 8 code points, 10 bytes */
    ck_assert_uint_eq(dndn_text_length("Vi\xe1\xbb\x87t Nam"), 8);
    /* the same in NFD: e + dot below + circumflex = 3 code points */
    ck_assert_uint_eq(dndn_text_length("Vie\xcc\xa3\xcc\x82t Nam"), 10);
    ck_assert_uint_eq(dndn_text_length("\xf0\x9f\x98\x80"), 1);
}
END_TEST

START_TEST(word_count_basic)
{
    ck_assert_int_eq(dndn_text_word_count(NULL), 0);
    ck_assert_int_eq(dndn_text_word_count(""), 0);
    ck_assert_int_eq(dndn_text_word_count("   \n\t "), 0);
    /* "Hà Nội - 2024 !" : the dash and "!" are not words */
    ck_assert_int_eq(dndn_text_word_count("H\xc3\xa0 N\xe1\xbb\x99i - 2024 !"),
                     3);
    ck_assert_int_eq(dndn_text_word_count("  a  b\tc\nd  "), 4);
    ck_assert_int_eq(dndn_text_word_count("\xe2\x80\x94 ... !!! ???"), 0);
    /* punctuation attached to a word does not split it */
    ck_assert_int_eq(dndn_text_word_count("xin-ch\xc3\xa0o, b\xe1\xba\xa1n!"),
                     2);
    /* NBSP and ideographic space separate words */
    ck_assert_int_eq(dndn_text_word_count("a\xc2\xa0"
                                          "b\xe3\x80\x80"
                                          "c"),
                     3);
    /* NFD input counts the same as NFC */
    ck_assert_int_eq(dndn_text_word_count("Vie\xcc\xa3\xcc\x82t Nam"), 2);
    /* emoji alone is not a word */
    ck_assert_int_eq(dndn_text_word_count("ok \xf0\x9f\x98\x80"), 1);
}
END_TEST

START_TEST(diacritic_percent_values)
{
    /* "Tôi là người Việt" */
    ck_assert_int_eq(dndn_text_diacritic_percent("T\xc3\xb4i l\xc3\xa0 "
                                                 "ng\xc6\xb0\xe1\xbb\x9di "
                                                 "Vi\xe1\xbb\x87t"),
                     100);
    ck_assert_int_eq(dndn_text_diacritic_percent("Toi la nguoi Viet"), 0);
    ck_assert_int_eq(dndn_text_diacritic_percent("T\xc3\xb4i la nguoi Viet"),
                     25);
    /* 1 of 3 -> 33 (rounded down) */
    ck_assert_int_eq(dndn_text_diacritic_percent("c\xc3\xb3 ba tu"), 33);
    /* 2 of 3 -> 66 (rounded down) */
    ck_assert_int_eq(dndn_text_diacritic_percent("c\xc3\xb3 b\xc3\xa0 tu"), 66);
}
END_TEST

START_TEST(diacritic_percent_d_stroke_and_nfd)
{
    ck_assert_int_eq(dndn_text_diacritic_percent("\xc4\x91i"), 100); /* đi */
    ck_assert_int_eq(dndn_text_diacritic_percent("\xc4\x90I NHA"), 50); /* ĐI */
    /* NFD "Tôi la" */
    ck_assert_int_eq(dndn_text_diacritic_percent("To\xcc\x82i la"), 50);
    /* each Vietnamese mark on its own, precomposed */
    ck_assert_int_eq(dndn_text_diacritic_percent(
                         "\xc3\xa0 \xc3\xa1 \xc3\xa3 \xe1\xba\xa3 \xe1\xba\xa1 "
                         "\xc3\xa2 \xc4\x83 \xc6\xa1"),
                     100);
}
END_TEST

START_TEST(diacritic_percent_ignores_numbers_and_foreign_marks)
{
    /* "Tôi có 2 con 1.000.000": numbers are not counted */
    ck_assert_int_eq(dndn_text_diacritic_percent("T\xc3\xb4i c\xc3\xb3 2 con "
                                                 "1.000.000"),
                     66);
    ck_assert_int_eq(dndn_text_diacritic_percent("2024 1.5"), 0);
    ck_assert_int_eq(dndn_text_diacritic_percent(""), 0);
    ck_assert_int_eq(dndn_text_diacritic_percent(NULL), 0);
    /* diaeresis (U+0308) and cedilla are not Vietnamese marks */
    ck_assert_int_eq(dndn_text_diacritic_percent("na\xc3\xafve \xc3\xbc"
                                                 "ber "
                                                 "gar\xc3\xa7on"),
                     0);
    /* é uses the acute accent, which Vietnamese has */
    ck_assert_int_eq(dndn_text_diacritic_percent("caf\xc3\xa9 na\xc3\xafve"),
                     50);
}
END_TEST

/* ---------------------------------------------------------------- */
/* dndn_text_has_link                                                */
/* ---------------------------------------------------------------- */

START_TEST(link_schemes_and_www)
{
    ck_assert(dndn_text_has_link("xem http://abc"));
    ck_assert(dndn_text_has_link("HTTPS://X.Y/z"));
    ck_assert(dndn_text_has_link("t\xe1\xba\xa1i:https://x"));
    ck_assert(dndn_text_has_link("ftp://files"));
    ck_assert(dndn_text_has_link("xem t\xe1\xba\xa1i www.abc.com nh\xc3\xa9"));
    ck_assert(dndn_text_has_link("WWW.thaibinh"));
    ck_assert(dndn_text_has_link("(www.abc.xyz)"));
}
END_TEST

START_TEST(link_email)
{
    ck_assert(dndn_text_has_link("li\xc3\xaan h\xe1\xbb\x87 abc@gmail.com"));
    ck_assert(dndn_text_has_link("Email: Nguyen.Van_A+1@thaibinh.gov.vn."));
    ck_assert(dndn_text_has_link("x@y.zz"));
    ck_assert(!dndn_text_has_link("g\xe1\xbb\xadi @nam nh\xc3\xa9"));
    ck_assert(!dndn_text_has_link("nam@abc kh\xc3\xb4ng"));
    ck_assert(!dndn_text_has_link("abc@ ."));
    ck_assert(!dndn_text_has_link("@@"));
    ck_assert(!dndn_text_has_link("a@1.23"));
}
END_TEST

START_TEST(link_bare_domains)
{
    ck_assert(dndn_text_has_link("truy c\xe1\xba\xadp abc.vn \xc4\x91\xe1"
                                 "\xbb\x83 bi\xe1\xba\xbft"));
    ck_assert(dndn_text_has_link("example.com/x"));
    ck_assert(dndn_text_has_link("thaibinh.gov.vn"));
    ck_assert(dndn_text_has_link("THAIBINH.GOV.VN"));
    ck_assert(dndn_text_has_link("ABC.VN"));
    ck_assert(dndn_text_has_link("v\xc3\xa0o Facebook.com xem"));
    ck_assert(dndn_text_has_link("(xem abc.vn)."));
    ck_assert(dndn_text_has_link("my-shop.online"));
    ck_assert(dndn_text_has_link("k\xe1\xba\xbft th\xc3\xba"
                                 "c abc.vn."));
    /* ambiguous TLDs: with a path or with 3+ labels */
    ck_assert(dndn_text_has_link("nh\xe1\xba\xafn zalo.me/0912345678"));
    ck_assert(dndn_text_has_link("t.co/abc"));
    ck_assert(dndn_text_has_link("bit.ly/xyz"));
    ck_assert(dndn_text_has_link("shop.abc.co"));
}
END_TEST

START_TEST(link_negatives)
{
    ck_assert(!dndn_text_has_link(NULL));
    ck_assert(!dndn_text_has_link(""));
    /* "Giá 1.000.000 đồng, lãi 1.5%" */
    ck_assert(!dndn_text_has_link("Gi\xc3\xa1 1.000.000 \xc4\x91\xe1\xbb\x93ng,"
                                  " l\xc3\xa3i 1.5%"));
    /* "các giấy tờ khác v.v. đã nộp" */
    ck_assert(!dndn_text_has_link("c\xc3\xa1"
                                  "c gi\xe1\xba\xa5y t\xe1\xbb\x9d "
                                  "kh\xc3\xa1"
                                  "c v.v. \xc4\x91\xc3\xa3 "
                                  "n\xe1\xbb\x99p"));
    /* "Tôi làm xong.Tôi muốn hỏi" */
    ck_assert(!dndn_text_has_link("T\xc3\xb4i l\xc3\xa0m xong.T\xc3\xb4i "
                                  "mu\xe1\xbb\x91n h\xe1\xbb\x8fi"));
    ck_assert(!dndn_text_has_link("Toi lam xong.Com nhanh"));
    ck_assert(!dndn_text_has_link("TP.HCM, Q.1, P.Ti\xe1\xbb\x81n Phong"));
    /* "hồ sơ.ai biết" */
    ck_assert(
        !dndn_text_has_link("h\xe1\xbb\x93 s\xc6\xa1.ai bi\xe1\xba\xbft"));
    ck_assert(!dndn_text_has_link("xong.me toi ve"));
    ck_assert(!dndn_text_has_link("xong.co ai biet"));
    ck_assert(!dndn_text_has_link("ng\xc3\xa0y 15.03.2024 l\xc3\xba"
                                  "c "
                                  "10.30am"));
    ck_assert(!dndn_text_has_link("a..com"));
    ck_assert(!dndn_text_has_link("phi\xc3\xaan b\xe1\xba\xa3n 2.0"));
    ck_assert(!dndn_text_has_link("file.pdf, bao-cao.docx"));
    ck_assert(!dndn_text_has_link("www"));
    ck_assert(!dndn_text_has_link("http:"));
    ck_assert(!dndn_text_has_link(".com"));
    ck_assert(!dndn_text_has_link("\xff.com")); /* invalid byte: no crash */
}
END_TEST

Suite *dndn_text_suite(void)
{
    Suite *s = suite_create("dndn_text");
    TCase *tn = tcase_create("normalize");
    TCase *tf = tcase_create("fold");
    TCase *tw = tcase_create("words");
    TCase *tl = tcase_create("links");

    tcase_add_checked_fixture(tn, setup, teardown);
    tcase_add_test(tn, norm_ascii_and_nfc_unchanged);
    tcase_add_test(tn, norm_nfd_to_nfc);
    tcase_add_test(tn, norm_fast_path_is_nfc);
    tcase_add_test(tn, norm_empty_and_null);
    tcase_add_test(tn, norm_uses_len_not_nul);
    tcase_add_test(tn, norm_rejects_invalid_utf8);
    tcase_add_test(tn, norm_accepts_valid_edge_code_points);
    tcase_add_test(tn, norm_rejects_control_chars);
    tcase_add_test(tn, norm_accepts_non_control_neighbours);
    tcase_add_test(tn, norm_invalid_utf8_wins_over_control);
    tcase_add_test(tn, norm_newlines_allowed);
    tcase_add_test(tn, norm_newlines_rejected);
    tcase_add_test(tn, norm_out_may_be_null);
    suite_add_tcase(s, tn);

    tcase_add_checked_fixture(tf, setup, teardown);
    tcase_add_test(tf, fold_vietnamese);
    tcase_add_test(tf, fold_old_and_new_tone_placement);
    tcase_add_test(tf, fold_nfd_equals_nfc);
    tcase_add_test(tf, fold_punctuation_and_spaces);
    tcase_add_test(tf, fold_other_scripts);
    tcase_add_test(tf, fold_empty_null_invalid);
    tcase_add_test(tf, fold_is_idempotent);
    suite_add_tcase(s, tf);

    tcase_add_checked_fixture(tw, setup, teardown);
    tcase_add_test(tw, trim_unicode_space);
    tcase_add_test(tw, length_code_points);
    tcase_add_test(tw, word_count_basic);
    tcase_add_test(tw, diacritic_percent_values);
    tcase_add_test(tw, diacritic_percent_d_stroke_and_nfd);
    tcase_add_test(tw, diacritic_percent_ignores_numbers_and_foreign_marks);
    suite_add_tcase(s, tw);

    tcase_add_test(tl, link_schemes_and_www);
    tcase_add_test(tl, link_email);
    tcase_add_test(tl, link_bare_domains);
    tcase_add_test(tl, link_negatives);
    suite_add_tcase(s, tl);

    return s;
}
