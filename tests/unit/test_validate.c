/*
 * test_validate.c - Check unit tests for dndn_validate (text, title,
 * content, tax code, mobile phone).
 *
 * Exposes only dndn_validate_suite(); the runner's main() lives elsewhere.
 */
#include <check.h>
#include <string.h>

#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "dndn_core.h"
#include "dndn_validate.h"

Suite *dndn_validate_suite(void);

static apr_pool_t *pool;
static apr_array_header_t *errs;

static void setup(void)
{
    ck_assert_int_eq(apr_initialize(), APR_SUCCESS);
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
    errs = dndn_errors_make(pool);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
    pool = NULL;
    errs = NULL;
    apr_terminate();
}

static const dndn_field_error *err_at(int i)
{
    ck_assert_int_lt(i, errs->nelts);
    return &APR_ARRAY_IDX(errs, i, dndn_field_error);
}

/* Exactly one error, with this field and code and a non-empty message. */
static const dndn_field_error *assert_one_error(const char *field,
                                                const char *code)
{
    const dndn_field_error *e;
    ck_assert_int_eq(errs->nelts, 1);
    e = err_at(0);
    ck_assert_str_eq(e->field, field);
    ck_assert_str_eq(e->code, code);
    ck_assert_ptr_nonnull(e->message);
    ck_assert_uint_gt(strlen(e->message), 10);
    return e;
}

/* Repeat `unit` n times into pool memory. */
static char *repeat(const char *unit, int n)
{
    size_t ul = strlen(unit);
    char *buf = apr_palloc(pool, ul * (size_t)n + 1);
    int i;
    for (i = 0; i < n; i++) {
        memcpy(buf + ul * (size_t)i, unit, ul);
    }
    buf[ul * (size_t)n] = '\0';
    return buf;
}

/* ---------------------------------------------------------------- */
/* dndn_check_text                                                   */
/* ---------------------------------------------------------------- */

START_TEST(text_ok_trimmed_nfc)
{
    const char *in = " \xe3\x80\x80 Xin cha\xcc\x80o\xc2\xa0 ";
    const char *out = NULL;
    ck_assert_int_eq(
        dndn_check_text(pool, errs, "name", in, strlen(in), 1, 50, 0, &out), 0);
    ck_assert_int_eq(errs->nelts, 0);
    ck_assert_str_eq(out, "Xin ch\xc3\xa0o");
}
END_TEST

START_TEST(text_required)
{
    const char *out = "sentinel";
    const dndn_field_error *e;

    ck_assert_int_ne(
        dndn_check_text(pool, errs, "name", NULL, 0, 1, 50, 0, &out), 0);
    e = assert_one_error("name", "required");
    ck_assert_str_eq(e->message, "Tr\xc6\xb0\xe1\xbb\x9dng n\xc3\xa0y kh\xc3"
                                 "\xb4ng \xc4\x91\xc6\xb0\xe1\xbb\xa3"
                                 "c "
                                 "\xc4\x91\xe1\xbb\x83 tr\xe1\xbb\x91ng.");
    ck_assert_ptr_null(out);
}
END_TEST

START_TEST(text_required_blank)
{
    const char *blank = " \r\n\t\xc2\xa0\xe3\x80\x80 ";
    ck_assert_int_ne(dndn_check_text(pool, errs, "f", "", 0, 1, 5, 0, NULL), 0);
    ck_assert_int_ne(
        dndn_check_text(pool, errs, "g", blank, strlen(blank), 1, 5, 1, NULL),
        0);
    ck_assert_int_eq(errs->nelts, 2);
    ck_assert_str_eq(err_at(0)->code, "required");
    ck_assert_str_eq(err_at(1)->code, "required");
    ck_assert_str_eq(err_at(1)->field, "g");
}
END_TEST

START_TEST(text_too_short)
{
    const char *out = "sentinel";
    const dndn_field_error *e;
    /* "Việt" typed in NFD is 6 code points but 4 after NFC */
    const char *nfd = "Vie\xcc\xa3\xcc\x82t";

    ck_assert_int_ne(
        dndn_check_text(pool, errs, "x", nfd, strlen(nfd), 5, 10, 0, &out), 0);
    e = assert_one_error("x", "too_short");
    ck_assert_ptr_nonnull(strstr(e->message, "5"));
    ck_assert_ptr_nonnull(strstr(e->message, "\xc3\xadt nh\xe1\xba\xa5t"));
    ck_assert_ptr_null(out);
}
END_TEST

START_TEST(text_min_boundary_ok)
{
    const char *out = NULL;
    /* "Việt Nam" = 8 code points (10 bytes) */
    const char *in = "Vi\xe1\xbb\x87t Nam";
    ck_assert_int_eq(
        dndn_check_text(pool, errs, "x", in, strlen(in), 8, 8, 0, &out), 0);
    ck_assert_str_eq(out, in);
}
END_TEST

START_TEST(text_too_long)
{
    const dndn_field_error *e;
    /* 11 code points */
    ck_assert_int_ne(
        dndn_check_text(pool, errs, "x", "abcdefghijk", 11, 1, 10, 0, NULL), 0);
    e = assert_one_error("x", "too_long");
    ck_assert_ptr_nonnull(strstr(e->message, "10"));
}
END_TEST

START_TEST(text_max_counts_code_points_not_bytes)
{
    const char *out = NULL;
    char *ten = repeat("\xe1\xbb\x87", 10); /* 10 x "ệ" = 30 bytes */
    ck_assert_int_eq(
        dndn_check_text(pool, errs, "x", ten, strlen(ten), 1, 10, 0, &out), 0);
    ck_assert_str_eq(out, ten);
    /* max 0 = no upper limit */
    ck_assert_int_eq(
        dndn_check_text(pool, errs, "x", ten, strlen(ten), 1, 0, 0, NULL), 0);
    ck_assert_int_eq(errs->nelts, 0);
}
END_TEST

START_TEST(text_invalid_utf8)
{
    const char *out = "sentinel";
    ck_assert_int_ne(
        dndn_check_text(pool, errs, "x", "ab\xc0\xaf", 4, 1, 10, 1, &out), 0);
    assert_one_error("x", "invalid_utf8");
    ck_assert_ptr_null(out);
}
END_TEST

START_TEST(text_control_char)
{
    ck_assert_int_ne(
        dndn_check_text(pool, errs, "x", "ab\x07", 3, 1, 10, 1, NULL), 0);
    assert_one_error("x", "control_char");
}
END_TEST

START_TEST(text_newlines)
{
    const char *out = NULL;
    const dndn_field_error *e;

    ck_assert_int_eq(
        dndn_check_text(pool, errs, "x", "a\r\nb\r\n", 6, 1, 10, 1, &out), 0);
    ck_assert_str_eq(out, "a\nb");
    ck_assert_int_ne(
        dndn_check_text(pool, errs, "x", "a\r\nb", 4, 1, 10, 0, &out), 0);
    e = assert_one_error("x", "control_char");
    ck_assert_ptr_nonnull(strstr(e->message, "m\xe1\xbb\x99t d\xc3\xb2ng"));
}
END_TEST

START_TEST(text_labeled_message)
{
    const dndn_field_error *e;
    ck_assert_int_ne(
        dndn_check_text_labeled(pool, errs, "company",
                                "T\xc3\xaan doanh nghi\xe1\xbb\x87p", "AB", 2,
                                3, 100, 0, NULL),
        0);
    e = assert_one_error("company", "too_short");
    ck_assert_str_eq(e->message,
                     "T\xc3\xaan doanh nghi\xe1\xbb\x87p ph\xe1"
                     "\xba\xa3i c\xc3\xb3 \xc3\xadt nh\xe1\xba\xa5t "
                     "3 k\xc3\xbd t\xe1\xbb\xb1.");
}
END_TEST

/* ---------------------------------------------------------------- */
/* dndn_check_title                                                  */
/* ---------------------------------------------------------------- */

START_TEST(title_ok)
{
    /* "  Đề nghị hỗ trợ thủ tục  " */
    const char *in = "  \xc4\x90\xe1\xbb\x81 ngh\xe1\xbb\x8b h\xe1\xbb\x97 "
                     "tr\xe1\xbb\xa3 th\xe1\xbb\xa7 t\xe1\xbb\xa5"
                     "c  ";
    const char *out = NULL;
    ck_assert_int_eq(
        dndn_check_title(pool, errs, "title", in, strlen(in), &out), 0);
    ck_assert_int_eq(errs->nelts, 0);
    ck_assert_str_eq(out, "\xc4\x90\xe1\xbb\x81 ngh\xe1\xbb\x8b h\xe1\xbb\x97 "
                          "tr\xe1\xbb\xa3 th\xe1\xbb\xa7 t\xe1\xbb\xa5"
                          "c");
}
END_TEST

START_TEST(title_boundaries)
{
    char *t5 = repeat("\xe1\xbb\x87", 5);
    char *t200 = repeat("\xe1\xbb\x87", 200);
    ck_assert_int_eq(
        dndn_check_title(pool, errs, "title", t5, strlen(t5), NULL), 0);
    ck_assert_int_eq(
        dndn_check_title(pool, errs, "title", t200, strlen(t200), NULL), 0);
    ck_assert_int_eq(errs->nelts, 0);
}
END_TEST

START_TEST(title_too_short)
{
    const dndn_field_error *e;
    ck_assert_int_ne(
        dndn_check_title(pool, errs, "title", "Thu\xe1\xba\xbf", 6, NULL), 0);
    e = assert_one_error("title", "too_short");
    /* "Tiêu đề phải có ít nhất 5 ký tự." */
    ck_assert_str_eq(e->message, "Ti\xc3\xaau \xc4\x91\xe1\xbb\x81 ph\xe1\xba"
                                 "\xa3i c\xc3\xb3 \xc3\xadt nh\xe1\xba\xa5t 5 "
                                 "k\xc3\xbd t\xe1\xbb\xb1.");
}
END_TEST

START_TEST(title_too_long)
{
    const dndn_field_error *e;
    char *t201 = repeat("a", 201);
    ck_assert_int_ne(dndn_check_title(pool, errs, "title", t201, 201, NULL), 0);
    e = assert_one_error("title", "too_long");
    /* "Tiêu đề không được vượt quá 200 ký tự." */
    ck_assert_str_eq(e->message,
                     "Ti\xc3\xaau \xc4\x91\xe1\xbb\x81 kh\xc3\xb4ng "
                     "\xc4\x91\xc6\xb0\xe1\xbb\xa3"
                     "c "
                     "v\xc6\xb0\xe1\xbb\xa3t qu\xc3\xa1 200 "
                     "k\xc3\xbd t\xe1\xbb\xb1.");
}
END_TEST

START_TEST(title_rejects_newline_and_empty)
{
    ck_assert_int_ne(
        dndn_check_title(pool, errs, "title", "Xin chao\nban", 12, NULL), 0);
    ck_assert_int_ne(dndn_check_title(pool, errs, "title", "   ", 3, NULL), 0);
    ck_assert_int_eq(errs->nelts, 2);
    ck_assert_str_eq(err_at(0)->code, "control_char");
    ck_assert_str_eq(err_at(1)->code, "required");
}
END_TEST

/* ---------------------------------------------------------------- */
/* dndn_check_content                                                */
/* ---------------------------------------------------------------- */

/* "Doanh nghiệp chúng tôi đề nghị Sở hướng dẫn thủ tục đăng ký thay đổi
 *  địa chỉ trụ sở chính." : 19 words, 14 with diacritics */
#define GOOD_CONTENT                                                           \
    "Doanh nghi\xe1\xbb\x87p ch\xc3\xbang t\xc3\xb4i \xc4\x91\xe1\xbb\x81 "    \
    "ngh\xe1\xbb\x8b S\xe1\xbb\x9f h\xc6\xb0\xe1\xbb\x9bng d\xe1\xba\xabn "    \
    "th\xe1\xbb\xa7 t\xe1\xbb\xa5"                                             \
    "c \xc4\x91\xc4\x83ng k\xc3\xbd thay "                                     \
    "\xc4\x91\xe1\xbb\x95i \xc4\x91\xe1\xbb\x8b"                               \
    "a ch\xe1\xbb\x89 "                                                        \
    "tr\xe1\xbb\xa5 s\xe1\xbb\x9f ch\xc3\xadnh."

START_TEST(content_ok)
{
    const char *out = NULL;
    ck_assert_int_eq(dndn_check_content(pool, errs, "content", GOOD_CONTENT,
                                        strlen(GOOD_CONTENT), &out),
                     0);
    ck_assert_int_eq(errs->nelts, 0);
    ck_assert_str_eq(out, GOOD_CONTENT);
}
END_TEST

START_TEST(content_newlines_and_nfd)
{
    const char *out = NULL;
    /* NFD "Tôi" x10 on CRLF lines: normalised to NFC with LF */
    const char *in =
        apr_pstrcat(pool, "\r\n", repeat("To\xcc\x82i\r\n", 10), NULL);
    ck_assert_int_eq(
        dndn_check_content(pool, errs, "content", in, strlen(in), &out), 0);
    ck_assert_str_eq(
        out, apr_pstrcat(pool, repeat("T\xc3\xb4i\n", 9), "T\xc3\xb4i", NULL));
}
END_TEST

START_TEST(content_required)
{
    const char *out = "sentinel";
    ck_assert_int_ne(dndn_check_content(pool, errs, "content", " \n ", 3, &out),
                     0);
    assert_one_error("content", "required");
    ck_assert_ptr_null(out);
}
END_TEST

START_TEST(content_too_few_words)
{
    const char *out = "sentinel";
    const dndn_field_error *e;
    /* "Xin hỏi về thuế ạ." : 5 words, 4 with diacritics */
    const char *in = "Xin h\xe1\xbb\x8fi v\xe1\xbb\x81 thu\xe1\xba\xbf "
                     "\xe1\xba\xa1.";
    ck_assert_int_ne(
        dndn_check_content(pool, errs, "content", in, strlen(in), &out), 0);
    e = assert_one_error("content", "too_few_words");
    ck_assert_str_eq(e->message,
                     "N\xe1\xbb\x99i dung ph\xe1\xba\xa3i c\xc3\xb3 "
                     "\xc3\xadt nh\xe1\xba\xa5t 10 t\xe1\xbb\xab.");
    ck_assert_ptr_null(out);
}
END_TEST

START_TEST(content_ten_words_ok)
{
    /* exactly 10 words, punctuation-only tokens do not count */
    const char *in =
        apr_pstrcat(pool, repeat("T\xc3\xb4i ", 10), "- ... !", NULL);
    ck_assert_int_eq(
        dndn_check_content(pool, errs, "content", in, strlen(in), NULL), 0);
    in = apr_pstrcat(pool, repeat("T\xc3\xb4i ", 9), "- ... !", NULL);
    ck_assert_int_ne(
        dndn_check_content(pool, errs, "content", in, strlen(in), NULL), 0);
    assert_one_error("content", "too_few_words");
}
END_TEST

START_TEST(content_missing_diacritics)
{
    const dndn_field_error *e;
    const char *in = "Doanh nghiep chung toi de nghi So huong dan thu tuc dang "
                     "ky thay doi dia chi tru so chinh.";
    ck_assert_int_ne(
        dndn_check_content(pool, errs, "content", in, strlen(in), NULL), 0);
    e = assert_one_error("content", "missing_diacritics");
    ck_assert_ptr_nonnull(strstr(e->message, "30%"));
}
END_TEST

START_TEST(content_diacritics_threshold)
{
    /* 3 of 10 words marked = 30%: ok; 2 of 10 = 20%: fails */
    const char *ok = "c\xc3\xb3 c\xc3\xb3 c\xc3\xb3 ba ba ba ba ba ba ba";
    const char *bad = "c\xc3\xb3 c\xc3\xb3 ba ba ba ba ba ba ba ba";
    ck_assert_int_eq(
        dndn_check_content(pool, errs, "content", ok, strlen(ok), NULL), 0);
    ck_assert_int_ne(
        dndn_check_content(pool, errs, "content", bad, strlen(bad), NULL), 0);
    assert_one_error("content", "missing_diacritics");
}
END_TEST

START_TEST(content_numbers_do_not_count_against_diacritics)
{
    /* "Tôi nộp thuế theo ma so 0100109106 ngay 15 thang 3 nam 2024": 13
     * words, 9 with letters of which 3 are marked = 33% (ok).  Counting the
     * 4 pure numbers as words would give 3/13 = 23% and wrongly fail. */
    const char *in = "T\xc3\xb4i n\xe1\xbb\x99p thu\xe1\xba\xbf theo ma so "
                     "0100109106 ngay 15 thang 3 nam 2024";
    ck_assert_int_eq(
        dndn_check_content(pool, errs, "content", in, strlen(in), NULL), 0);
    ck_assert_int_eq(errs->nelts, 0);
}
END_TEST

START_TEST(content_contains_link)
{
    const dndn_field_error *e;
    const char *in = GOOD_CONTENT " Xem th\xc3\xaam t\xe1\xba\xa1i "
                                  "thaibinh.gov.vn";
    const char *mail = GOOD_CONTENT " Email abc@gmail.com";
    ck_assert_int_ne(
        dndn_check_content(pool, errs, "content", in, strlen(in), NULL), 0);
    e = assert_one_error("content", "contains_link");
    ck_assert_ptr_nonnull(strstr(e->message, "link"));
    ck_assert_int_ne(
        dndn_check_content(pool, errs, "answer", mail, strlen(mail), NULL), 0);
    ck_assert_int_eq(errs->nelts, 2);
    ck_assert_str_eq(err_at(1)->code, "contains_link");
    ck_assert_str_eq(err_at(1)->field, "answer");
}
END_TEST

START_TEST(content_sentences_are_not_links)
{
    /* GOOD_CONTENT + "Giá 1.000.000 đồng, v.v. Xong.Tôi hỏi." */
    const char *in =
        GOOD_CONTENT " Gi\xc3\xa1 1.000.000 \xc4\x91\xe1\xbb\x93ng,"
                     " v.v. Xong.T\xc3\xb4i h\xe1\xbb\x8fi.";
    ck_assert_int_eq(
        dndn_check_content(pool, errs, "content", in, strlen(in), NULL), 0);
}
END_TEST

START_TEST(content_reports_all_failures)
{
    const char *out = "sentinel";
    ck_assert_int_ne(
        dndn_check_content(pool, errs, "content", "xem abc.vn", 10, &out), 0);
    ck_assert_int_eq(errs->nelts, 3);
    ck_assert_str_eq(err_at(0)->code, "too_few_words");
    ck_assert_str_eq(err_at(1)->code, "missing_diacritics");
    ck_assert_str_eq(err_at(2)->code, "contains_link");
    ck_assert_ptr_null(out);
}
END_TEST

START_TEST(content_too_long)
{
    const char *in;
    /* "Tôi " x 2499 + "Tôi1" = 10000 code points: ok */
    in = apr_pstrcat(pool, repeat("T\xc3\xb4i ", 2499), "T\xc3\xb4i1", NULL);
    ck_assert_int_eq(
        dndn_check_content(pool, errs, "content", in, strlen(in), NULL), 0);
    /* 10001 code points: too_long, and the other rules still pass */
    in = apr_pstrcat(pool, repeat("T\xc3\xb4i ", 2500), "x", NULL);
    ck_assert_int_ne(
        dndn_check_content(pool, errs, "content", in, strlen(in), NULL), 0);
    ck_assert_ptr_nonnull(
        strstr(assert_one_error("content", "too_long")->message, "10000"));
}
END_TEST

START_TEST(content_too_long_and_link_together)
{
    const char *in =
        apr_pstrcat(pool, repeat("T\xc3\xb4i ", 2600), "abc.vn", NULL);
    ck_assert_int_ne(
        dndn_check_content(pool, errs, "content", in, strlen(in), NULL), 0);
    ck_assert_int_eq(errs->nelts, 2);
    ck_assert_str_eq(err_at(0)->code, "too_long");
    ck_assert_str_eq(err_at(1)->code, "contains_link");
}
END_TEST

START_TEST(content_encoding_errors_alone)
{
    ck_assert_int_ne(
        dndn_check_content(pool, errs, "content", "abc\xff", 4, NULL), 0);
    assert_one_error("content", "invalid_utf8");
    errs->nelts = 0;
    ck_assert_int_ne(dndn_check_content(pool, errs, "content", "a\0b", 3, NULL),
                     0);
    assert_one_error("content", "control_char");
}
END_TEST

/* ---------------------------------------------------------------- */
/* dndn_check_tax_code                                               */
/* ---------------------------------------------------------------- */

START_TEST(tax_check_digit_algorithm)
{
    /* 0100109106: 0*31+1*29+0*23+0*19+1*17+0*13+9*7+1*5+0*3 = 114,
     * 114 mod 11 = 4, 10 - 4 = 6 */
    ck_assert(dndn_tax_code_check_digit_ok("0100109106"));
    /* 010123456 -> sum 225, 225 mod 11 = 5, check 5 */
    ck_assert(dndn_tax_code_check_digit_ok("0101234565"));
    /* 030012345 -> sum 142, 142 mod 11 = 10, check 0 */
    ck_assert(dndn_tax_code_check_digit_ok("0300123450"));
    ck_assert(!dndn_tax_code_check_digit_ok("0100109107"));
    ck_assert(!dndn_tax_code_check_digit_ok("0101234566"));
    ck_assert(!dndn_tax_code_check_digit_ok("010010910"));
    ck_assert(!dndn_tax_code_check_digit_ok("01001091O6"));
    ck_assert(!dndn_tax_code_check_digit_ok(NULL));
}
END_TEST

START_TEST(tax_check_ten_has_no_valid_code)
{
    /* 010000005 -> sum 29 + 15 = 44, 44 mod 11 = 0, check 10: no digit
     * works; same for 000000000 */
    char buf[11];
    int d;
    for (d = 0; d <= 9; d++) {
        apr_snprintf(buf, sizeof(buf), "010000005%d", d);
        ck_assert_msg(!dndn_tax_code_check_digit_ok(buf), "%s", buf);
        errs->nelts = 0;
        ck_assert_int_ne(dndn_check_tax_code(pool, errs, "tax", buf, NULL), 0);
        assert_one_error("tax", "invalid_tax_code");
        apr_snprintf(buf, sizeof(buf), "000000000%d", d);
        ck_assert_msg(!dndn_tax_code_check_digit_ok(buf), "%s", buf);
    }
}
END_TEST

START_TEST(tax_valid_forms)
{
    const char *out = NULL;
    ck_assert_int_eq(dndn_check_tax_code(pool, errs, "tax", "0100109106", &out),
                     0);
    ck_assert_str_eq(out, "0100109106");
    ck_assert_int_eq(
        dndn_check_tax_code(pool, errs, "tax", " 0300123450\t", &out), 0);
    ck_assert_str_eq(out, "0300123450");
    ck_assert_int_eq(
        dndn_check_tax_code(pool, errs, "tax", "0100109106-001", &out), 0);
    ck_assert_str_eq(out, "0100109106-001");
    ck_assert_int_eq(
        dndn_check_tax_code(pool, errs, "tax", "  0101234565 - 999 ", &out), 0);
    ck_assert_str_eq(out, "0101234565-999");
    ck_assert_int_eq(errs->nelts, 0);
}
END_TEST

START_TEST(tax_wrong_check_digit)
{
    const char *out = "sentinel";
    const dndn_field_error *e;
    ck_assert_int_ne(dndn_check_tax_code(pool, errs, "tax", "0100109107", &out),
                     0);
    e = assert_one_error("tax", "invalid_tax_code");
    ck_assert_ptr_nonnull(strstr(e->message, "ki\xe1\xbb\x83m tra"));
    ck_assert_ptr_null(out);
    /* wrong check digit in the branch form too */
    ck_assert_int_ne(
        dndn_check_tax_code(pool, errs, "tax", "0100109105-001", NULL), 0);
    ck_assert_int_eq(errs->nelts, 2);
}
END_TEST

START_TEST(tax_bad_format)
{
    static const char *const bad[] = {
        "010010910",       /* 9 digits */
        "01001091066",     /* 11 digits */
        "0100109106001",   /* 13 digits without the dash */
        "01001O9106",      /* letter O */
        "abcdefghij",      /* letters */
        "0100 109 106",    /* inner spaces */
        "0100109106-01",   /* branch too short */
        "0100109106-0011", /* branch too long */
        "0100109106-00a",  /* letter in branch */
        "0100109106_001",  /* wrong separator */
        "0100109106-",     /* dangling dash */
        "+0100109106",     /* sign */
        "\xef\xbc\x90\xef\xbc\x91\x30\x30\x31\x30\x39\x31\x30\x36", /* fullwidth
                                                                     */
        "0100109106-000", /* branch 000 */
        NULL};
    int i;
    for (i = 0; bad[i] != NULL; i++) {
        errs->nelts = 0;
        ck_assert_msg(dndn_check_tax_code(pool, errs, "tax", bad[i], NULL) != 0,
                      "accepted %s", bad[i]);
        assert_one_error("tax", "invalid_tax_code");
    }
}
END_TEST

START_TEST(tax_required)
{
    ck_assert_int_ne(dndn_check_tax_code(pool, errs, "tax", NULL, NULL), 0);
    ck_assert_int_ne(dndn_check_tax_code(pool, errs, "tax", "  ", NULL), 0);
    ck_assert_int_eq(errs->nelts, 2);
    ck_assert_str_eq(err_at(0)->code, "required");
    ck_assert_str_eq(err_at(1)->code, "required");
}
END_TEST

/* ---------------------------------------------------------------- */
/* dndn_check_phone                                                  */
/* ---------------------------------------------------------------- */

START_TEST(phone_valid_forms)
{
    static const char *const good[] = {"0912345678",
                                       "+84912345678",
                                       "84912345678",
                                       "+84 91 234 5678",
                                       "091.234.5678",
                                       "091-234-5678",
                                       "0912 - 345 - 678",
                                       " 0912345678\t",
                                       "+84.912.345.678",
                                       "84 912 345 678",
                                       NULL};
    int i;
    for (i = 0; good[i] != NULL; i++) {
        const char *out = NULL;
        ck_assert_msg(dndn_check_phone(pool, errs, "phone", good[i], &out) == 0,
                      "rejected %s", good[i]);
        ck_assert_str_eq(out, "+84912345678");
    }
    ck_assert_int_eq(errs->nelts, 0);
}
END_TEST

START_TEST(phone_all_allocated_prefixes)
{
    static const char *const prefixes[] = {
        "32", "33", "34", "35", "36", "37", "38", "39", "52", "55",
        "56", "58", "59", "70", "76", "77", "78", "79", "81", "82",
        "83", "84", "85", "86", "87", "88", "89", "90", "91", "92",
        "93", "94", "96", "97", "98", "99", NULL};
    int i;
    for (i = 0; prefixes[i] != NULL; i++) {
        const char *out = NULL;
        const char *in = apr_pstrcat(pool, "0", prefixes[i], "1234567", NULL);
        ck_assert_msg(dndn_check_phone(pool, errs, "phone", in, &out) == 0,
                      "rejected %s", in);
        ck_assert_str_eq(
            out, apr_pstrcat(pool, "+84", prefixes[i], "1234567", NULL));
    }
    ck_assert_int_eq(errs->nelts, 0);
}
END_TEST

START_TEST(phone_unallocated_prefixes)
{
    static const char *const bad[] = {
        "0951234567", /* former S-Fone, revoked */
        "0801234567", "0691234567", "0311234567",   "0301234567", "0501234567",
        "0531234567", "0541234567", "0571234567",   "0711234567", "0751234567",
        "0111234567", "0161234567", "+84951234567", NULL};
    int i;
    for (i = 0; bad[i] != NULL; i++) {
        const char *out = "sentinel";
        errs->nelts = 0;
        ck_assert_msg(dndn_check_phone(pool, errs, "phone", bad[i], &out) != 0,
                      "accepted %s", bad[i]);
        assert_one_error("phone", "invalid_phone");
        ck_assert_ptr_null(out);
    }
    errs->nelts = 0;
    dndn_check_phone(pool, errs, "phone", "0951234567", NULL);
    ck_assert_ptr_nonnull(strstr(err_at(0)->message, "095"));
}
END_TEST

START_TEST(phone_landline_rejected)
{
    const dndn_field_error *e;
    /* Thái Bình fixed line 0227 383 1001 */
    ck_assert_int_ne(dndn_check_phone(pool, errs, "phone", "02273831001", NULL),
                     0);
    e = assert_one_error("phone", "invalid_phone");
    ck_assert_ptr_nonnull(strstr(e->message, "m\xc3\xa1y b\xc3\xa0n"));
    errs->nelts = 0;
    ck_assert_int_ne(
        dndn_check_phone(pool, errs, "phone", "0227 3831 001", NULL), 0);
    assert_one_error("phone", "invalid_phone");
    errs->nelts = 0;
    ck_assert_int_ne(dndn_check_phone(pool, errs, "phone", "0243123456", NULL),
                     0);
    assert_one_error("phone", "invalid_phone");
}
END_TEST

START_TEST(phone_bad_format)
{
    static const char *const bad[] = {
        "091234567",      /* 9 digits */
        "09123456789",    /* 11 digits */
        "+8491234567",    /* +84 and 8 digits */
        "+849123456789",  /* +84 and 10 digits */
        "+84 0912345678", /* trunk 0 kept after +84 */
        "8491234567",     /* 84 and 8 digits */
        "912345678",      /* no trunk prefix */
        "0084912345678",  /* international 00 prefix */
        "+1 912345678",   /* other country */
        "0912345678.",    /* trailing separator */
        "-0912345678",    /* leading separator */
        "+ 84912345678",  /* separator right after + */
        "++84912345678",  /* double plus */
        "(+84)912345678", /* parentheses */
        "0912345678x",    /* letter */
        "0912/345/678",   /* slash */
        "09l2345678",     /* letter l */
        "0912\xc2\xa0"
        "345678",                         /* NBSP inside */
        "091234567812345678901234567890", /* very long */
        NULL};
    int i;
    for (i = 0; bad[i] != NULL; i++) {
        const char *out = "sentinel";
        errs->nelts = 0;
        ck_assert_msg(dndn_check_phone(pool, errs, "phone", bad[i], &out) != 0,
                      "accepted %s", bad[i]);
        assert_one_error("phone", "invalid_phone");
        ck_assert_ptr_null(out);
    }
}
END_TEST

START_TEST(phone_required)
{
    ck_assert_int_ne(dndn_check_phone(pool, errs, "phone", NULL, NULL), 0);
    ck_assert_int_ne(dndn_check_phone(pool, errs, "phone", " \t ", NULL), 0);
    ck_assert_int_eq(errs->nelts, 2);
    ck_assert_str_eq(err_at(0)->code, "required");
    ck_assert_str_eq(err_at(1)->code, "required");
}
END_TEST

Suite *dndn_validate_suite(void)
{
    Suite *s = suite_create("dndn_validate");
    TCase *tt = tcase_create("text");
    TCase *tc = tcase_create("content");
    TCase *tx = tcase_create("tax_code");
    TCase *tp = tcase_create("phone");

    tcase_add_checked_fixture(tt, setup, teardown);
    tcase_add_test(tt, text_ok_trimmed_nfc);
    tcase_add_test(tt, text_required);
    tcase_add_test(tt, text_required_blank);
    tcase_add_test(tt, text_too_short);
    tcase_add_test(tt, text_min_boundary_ok);
    tcase_add_test(tt, text_too_long);
    tcase_add_test(tt, text_max_counts_code_points_not_bytes);
    tcase_add_test(tt, text_invalid_utf8);
    tcase_add_test(tt, text_control_char);
    tcase_add_test(tt, text_newlines);
    tcase_add_test(tt, text_labeled_message);
    tcase_add_test(tt, title_ok);
    tcase_add_test(tt, title_boundaries);
    tcase_add_test(tt, title_too_short);
    tcase_add_test(tt, title_too_long);
    tcase_add_test(tt, title_rejects_newline_and_empty);
    suite_add_tcase(s, tt);

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, content_ok);
    tcase_add_test(tc, content_newlines_and_nfd);
    tcase_add_test(tc, content_required);
    tcase_add_test(tc, content_too_few_words);
    tcase_add_test(tc, content_ten_words_ok);
    tcase_add_test(tc, content_missing_diacritics);
    tcase_add_test(tc, content_diacritics_threshold);
    tcase_add_test(tc, content_numbers_do_not_count_against_diacritics);
    tcase_add_test(tc, content_contains_link);
    tcase_add_test(tc, content_sentences_are_not_links);
    tcase_add_test(tc, content_reports_all_failures);
    tcase_add_test(tc, content_too_long);
    tcase_add_test(tc, content_too_long_and_link_together);
    tcase_add_test(tc, content_encoding_errors_alone);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(tx, setup, teardown);
    tcase_add_test(tx, tax_check_digit_algorithm);
    tcase_add_test(tx, tax_check_ten_has_no_valid_code);
    tcase_add_test(tx, tax_valid_forms);
    tcase_add_test(tx, tax_wrong_check_digit);
    tcase_add_test(tx, tax_bad_format);
    tcase_add_test(tx, tax_required);
    suite_add_tcase(s, tx);

    tcase_add_checked_fixture(tp, setup, teardown);
    tcase_add_test(tp, phone_valid_forms);
    tcase_add_test(tp, phone_all_allocated_prefixes);
    tcase_add_test(tp, phone_unallocated_prefixes);
    tcase_add_test(tp, phone_landline_rejected);
    tcase_add_test(tp, phone_bad_format);
    tcase_add_test(tp, phone_required);
    suite_add_tcase(s, tp);

    return s;
}
