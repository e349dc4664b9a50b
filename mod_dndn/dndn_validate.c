/*
 * dndn_validate.c - field validators built on dndn_text.
 *
 * All strings added to the error list are either static or allocated from
 * the caller's pool.  No globals, thread-safe.
 */
#include "dndn_validate.h"
#include "dndn_text.h"

#include <string.h>

#include <apr_strings.h>

#define LABEL_GENERIC "Trường này"
#define LABEL_TITLE   "Tiêu đề"
#define LABEL_CONTENT "Nội dung"

static void set_out(const char **out, const char *value)
{
    if (out != NULL) {
        *out = value;
    }
}

/*
 * Normalise, trim and reject empty input.  Adds at most one error
 * (required, invalid_utf8, control_char) and returns nonzero if it did;
 * otherwise *text is the trimmed NFC text (never empty).
 */
static int prepare_text(apr_pool_t *p, apr_array_header_t *errs,
                        const char *field, const char *label, const char *in,
                        apr_size_t len, int allow_newlines, const char **text)
{
    const char *nfc = NULL;
    const char *code;

    *text = NULL;
    if (in == NULL) {
        len = 0;
    }
    code = dndn_text_normalize(p, in, len, allow_newlines, &nfc);
    if (code != NULL) {
        const char *msg;
        if (strcmp(code, DNDN_TEXT_INVALID_UTF8) == 0) {
            msg = apr_psprintf(p,
                               "%s chứa ký tự không đọc được (lỗi mã hóa). "
                               "Vui lòng nhập lại.",
                               label);
        }
        else if (!allow_newlines) {
            msg = apr_psprintf(p,
                               "%s phải viết trên một dòng, không chứa ký tự "
                               "xuống dòng, tab hoặc ký tự điều khiển.",
                               label);
        }
        else {
            msg = apr_psprintf(p,
                               "%s chứa ký tự điều khiển không hợp lệ. "
                               "Vui lòng xóa ký tự đó và nhập lại.",
                               label);
        }
        dndn_errors_add(errs, field, code, msg);
        return 1;
    }
    *text = dndn_text_trim(p, nfc);
    if (**text == '\0') {
        *text = NULL;
        dndn_errors_add(errs, field, "required",
                        apr_psprintf(p, "%s không được để trống.", label));
        return 1;
    }
    return 0;
}

/* too_short / too_long on an already prepared text; max 0 = unlimited. */
static int check_length(apr_pool_t *p, apr_array_header_t *errs,
                        const char *field, const char *label, const char *text,
                        apr_size_t min_chars, apr_size_t max_chars)
{
    apr_size_t n = dndn_text_length(text);

    if (n < min_chars) {
        dndn_errors_add(
            errs, field, "too_short",
            apr_psprintf(p, "%s phải có ít nhất %" APR_SIZE_T_FMT " ký tự.",
                         label, min_chars));
        return 1;
    }
    if (max_chars != 0 && n > max_chars) {
        dndn_errors_add(
            errs, field, "too_long",
            apr_psprintf(p, "%s không được vượt quá %" APR_SIZE_T_FMT " ký tự.",
                         label, max_chars));
        return 1;
    }
    return 0;
}

int dndn_check_text_labeled(apr_pool_t *p, apr_array_header_t *errs,
                            const char *field, const char *label,
                            const char *in, apr_size_t len,
                            apr_size_t min_chars, apr_size_t max_chars,
                            int allow_newlines, const char **out)
{
    const char *text;

    set_out(out, NULL);
    if (label == NULL) {
        label = LABEL_GENERIC;
    }
    if (prepare_text(p, errs, field, label, in, len, allow_newlines, &text)) {
        return 1;
    }
    if (check_length(p, errs, field, label, text, min_chars, max_chars)) {
        return 1;
    }
    set_out(out, text);
    return 0;
}

int dndn_check_text(apr_pool_t *p, apr_array_header_t *errs, const char *field,
                    const char *in, apr_size_t len, apr_size_t min_chars,
                    apr_size_t max_chars, int allow_newlines, const char **out)
{
    return dndn_check_text_labeled(p, errs, field, LABEL_GENERIC, in, len,
                                   min_chars, max_chars, allow_newlines, out);
}

int dndn_check_title(apr_pool_t *p, apr_array_header_t *errs, const char *field,
                     const char *in, apr_size_t len, const char **out)
{
    return dndn_check_text_labeled(p, errs, field, LABEL_TITLE, in, len,
                                   DNDN_TITLE_MIN_CHARS, DNDN_TITLE_MAX_CHARS,
                                   0, out);
}

int dndn_check_content(apr_pool_t *p, apr_array_header_t *errs,
                       const char *field, const char *in, apr_size_t len,
                       const char **out)
{
    const char *text;
    int failed = 0;

    set_out(out, NULL);
    if (prepare_text(p, errs, field, LABEL_CONTENT, in, len, 1, &text)) {
        return 1;
    }
    failed |= check_length(p, errs, field, LABEL_CONTENT, text, 0,
                           DNDN_CONTENT_MAX_CHARS);
    if (dndn_text_word_count(text) < DNDN_CONTENT_MIN_WORDS) {
        dndn_errors_add(errs, field, "too_few_words",
                        apr_psprintf(p, "%s phải có ít nhất %d từ.",
                                     LABEL_CONTENT, DNDN_CONTENT_MIN_WORDS));
        failed = 1;
    }
    if (dndn_text_diacritic_percent(text) < DNDN_CONTENT_MIN_DIACRITIC_PCT) {
        dndn_errors_add(errs, field, "missing_diacritics",
                        apr_psprintf(p,
                                     "%s cần được viết bằng tiếng Việt có dấu "
                                     "(ít nhất %d%% số từ phải có dấu).",
                                     LABEL_CONTENT,
                                     DNDN_CONTENT_MIN_DIACRITIC_PCT));
        failed = 1;
    }
    if (dndn_text_has_link(text)) {
        dndn_errors_add(errs, field, "contains_link",
                        LABEL_CONTENT " không được chứa đường dẫn (link), "
                                      "địa chỉ trang web hoặc địa chỉ email.");
        failed = 1;
    }
    if (!failed) {
        set_out(out, text);
    }
    return failed;
}

/* ------------------------------------------------------------------ */
/* Tax code (mã số thuế)                                               */
/* ------------------------------------------------------------------ */

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

int dndn_tax_code_check_digit_ok(const char *d)
{
    static const int weights[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
    int i, sum = 0, check;

    if (d == NULL) {
        return 0;
    }
    for (i = 0; i < 10; i++) {
        if (!is_digit((unsigned char)d[i])) {
            return 0; /* also stops at the NUL of a short string */
        }
    }
    for (i = 0; i < 9; i++) {
        sum += (d[i] - '0') * weights[i];
    }
    check = 10 - sum % 11;
    if (check == 10) {
        return 0; /* no valid check digit exists for these nine digits */
    }
    return d[9] - '0' == check;
}

static const char MSG_TAX_FORMAT[] =
    "Mã số thuế không hợp lệ. Vui lòng nhập 10 chữ số, hoặc 10 chữ số kèm "
    "mã đơn vị phụ thuộc gồm 3 chữ số (ví dụ: 0100109106 hoặc "
    "0100109106-001).";
static const char MSG_TAX_CHECK[] =
    "Mã số thuế không đúng (sai chữ số kiểm tra). Vui lòng kiểm tra lại.";
static const char MSG_TAX_BRANCH[] =
    "Mã đơn vị phụ thuộc trong mã số thuế phải từ 001 đến 999.";

int dndn_check_tax_code(apr_pool_t *p, apr_array_header_t *errs,
                        const char *field, const char *in, const char **out)
{
    const char *t, *s;
    int i;

    set_out(out, NULL);
    t = dndn_text_trim(p, in);
    if (*t == '\0') {
        dndn_errors_add(errs, field, "required", "Vui lòng nhập mã số thuế.");
        return 1;
    }
    for (i = 0; i < 10; i++) {
        if (!is_digit((unsigned char)t[i])) {
            dndn_errors_add(errs, field, "invalid_tax_code", MSG_TAX_FORMAT);
            return 1;
        }
    }
    s = t + 10;
    if (*s != '\0') {
        /* dependent unit: [spaces] '-' [spaces] 3 digits */
        while (*s == ' ') {
            s++;
        }
        if (*s != '-') {
            dndn_errors_add(errs, field, "invalid_tax_code", MSG_TAX_FORMAT);
            return 1;
        }
        s++;
        while (*s == ' ') {
            s++;
        }
        if (!is_digit((unsigned char)s[0]) || !is_digit((unsigned char)s[1]) ||
            !is_digit((unsigned char)s[2]) || s[3] != '\0') {
            dndn_errors_add(errs, field, "invalid_tax_code", MSG_TAX_FORMAT);
            return 1;
        }
    }
    if (!dndn_tax_code_check_digit_ok(t)) {
        dndn_errors_add(errs, field, "invalid_tax_code", MSG_TAX_CHECK);
        return 1;
    }
    if (*s == '\0') {
        set_out(out, apr_pstrmemdup(p, t, 10));
        return 0;
    }
    if (s[0] == '0' && s[1] == '0' && s[2] == '0') {
        dndn_errors_add(errs, field, "invalid_tax_code", MSG_TAX_BRANCH);
        return 1;
    }
    set_out(out, apr_psprintf(p, "%.10s-%.3s", t, s));
    return 0;
}

/* ------------------------------------------------------------------ */
/* Mobile phone                                                        */
/* ------------------------------------------------------------------ */

/*
 * Mobile network codes (the two digits after the trunk "0" or "+84") in
 * use since the 2018-2019 conversion of 11-digit numbers (01xx -> 0xx):
 *
 *   Viettel       032-039 (from 0162-0169), 086, 096, 097, 098
 *   VinaPhone     081, 082, 083, 084, 085 (from 0127, 0129, 0123, 0124,
 *                 0125), 088, 091, 094
 *   MobiFone      070, 076, 077, 078, 079 (from 0120, 0126, 0122, 0128,
 *                 0121), 089, 090, 093
 *   Vietnamobile  052, 056, 058 (056/058 from 0186/0188), 092
 *   Gmobile       059 (from 0199), 099
 *   Reddi (Mobicast)    055
 *   iTel (Indochina Telecom) 087
 *
 * Deliberately absent: 095 (former S-Fone, revoked), 069 (closed network of
 * the armed forces), 080 and the other 03x/05x/07x/08x codes that are not
 * allocated to a public mobile operator, and 02x (fixed-line area codes,
 * e.g. 0227 Thái Bình).  Review this list when the ministry allocates new
 * codes.
 */
static int mobile_prefix_ok(int code)
{
    static const unsigned char codes[] = {
        32, 33, 34, 35, 36, 37, 38, 39,      /* Viettel */
        52, 55, 56, 58, 59,                  /* Vietnamobile/Reddi/Gmobile */
        70, 76, 77, 78, 79,                  /* MobiFone */
        81, 82, 83, 84, 85, 86, 87, 88, 89,  /* VinaPhone/Viettel/iTel/Mobi */
        90, 91, 92, 93, 94, 96, 97, 98, 99}; /* historic 09x, not 095 */
    size_t i;

    for (i = 0; i < sizeof(codes); i++) {
        if (codes[i] == code) {
            return 1;
        }
    }
    return 0;
}

static const char MSG_PHONE_FORMAT[] =
    "Số điện thoại không hợp lệ. Vui lòng nhập số di động gồm 10 chữ số, "
    "ví dụ 0912 345 678 hoặc +84 912 345 678.";
static const char MSG_PHONE_LANDLINE[] =
    "Số máy bàn không được chấp nhận. Vui lòng nhập số điện thoại di động, "
    "ví dụ 0912 345 678.";

static int is_phone_sep(int c)
{
    return c == ' ' || c == '.' || c == '-';
}

int dndn_check_phone(apr_pool_t *p, apr_array_header_t *errs, const char *field,
                     const char *in, const char **out)
{
    char digits[16];
    const char *t, *nsn;
    int nd = 0, plus = 0, after_sep = 0;
    size_t i = 0;

    set_out(out, NULL);
    t = dndn_text_trim(p, in);
    if (*t == '\0') {
        dndn_errors_add(errs, field, "required",
                        "Vui lòng nhập số điện thoại di động.");
        return 1;
    }
    if (t[0] == '+') {
        plus = 1;
        i = 1;
    }
    for (; t[i] != '\0'; i++) {
        unsigned char c = (unsigned char)t[i];
        if (is_digit(c)) {
            if (nd == (int)sizeof(digits) - 1) {
                break; /* far too long */
            }
            digits[nd++] = (char)c;
            after_sep = 0;
        }
        else if (is_phone_sep(c) && nd > 0) {
            after_sep = 1; /* only between digits */
        }
        else {
            break;
        }
    }
    digits[nd] = '\0';
    if (t[i] != '\0' || after_sep) {
        dndn_errors_add(errs, field, "invalid_phone", MSG_PHONE_FORMAT);
        return 1;
    }

    if (plus) {
        nsn = (nd == 11 && digits[0] == '8' && digits[1] == '4') ? digits + 2
                                                                 : NULL;
    }
    else if (nd == 10 && digits[0] == '0') {
        nsn = digits + 1;
    }
    else if (nd == 11 && digits[0] == '8' && digits[1] == '4') {
        nsn = digits + 2;
    }
    else if (nd == 11 && digits[0] == '0' && digits[1] == '2') {
        nsn = digits + 1; /* 11-digit landline, rejected below */
    }
    else {
        nsn = NULL;
    }
    if (nsn == NULL) {
        dndn_errors_add(errs, field, "invalid_phone", MSG_PHONE_FORMAT);
        return 1;
    }
    if (nsn[0] == '2') {
        dndn_errors_add(errs, field, "invalid_phone", MSG_PHONE_LANDLINE);
        return 1;
    }
    if (strlen(nsn) != 9) {
        dndn_errors_add(errs, field, "invalid_phone", MSG_PHONE_FORMAT);
        return 1;
    }
    if (!mobile_prefix_ok((nsn[0] - '0') * 10 + (nsn[1] - '0'))) {
        dndn_errors_add(
            errs, field, "invalid_phone",
            apr_psprintf(p,
                         "Đầu số 0%c%c không phải đầu số di động đang được "
                         "cấp tại Việt Nam. Vui lòng kiểm tra lại số điện "
                         "thoại.",
                         nsn[0], nsn[1]));
        return 1;
    }
    set_out(out, apr_psprintf(p, "+84%s", nsn));
    return 0;
}
