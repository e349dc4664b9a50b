/*
 * dndn_validate.h - field validators of the pure core (no httpd.h).
 *
 * Each checker appends zero or more dndn_field_error to `errs` (the JSON
 * field name is given by the caller and stored as is, so pass pool or
 * static memory) and returns nonzero if it added any.  Codes are stable
 * machine words; messages are polite Vietnamese sentences fit to show a
 * business user in the Zalo mini app, naming the limit that was missed.
 *
 * `out` may be NULL (validation only).  On success *out receives the
 * cleaned value in pool memory; when an error was added *out is NULL.
 *
 * Codes used:
 *   required, too_short, too_long, invalid_utf8, control_char,
 *   too_few_words, missing_diacritics, contains_link,
 *   invalid_tax_code, invalid_phone
 */
#ifndef DNDN_VALIDATE_H
#define DNDN_VALIDATE_H

#include <apr_pools.h>
#include <apr_tables.h>

#include "dndn_core.h"

/* Limits of the built-in field rules. */
#define DNDN_TITLE_MIN_CHARS           5
#define DNDN_TITLE_MAX_CHARS           200
#define DNDN_CONTENT_MAX_CHARS         10000
#define DNDN_CONTENT_MIN_WORDS         10
#define DNDN_CONTENT_MIN_DIACRITIC_PCT 30

/*
 * Normalise `len` bytes of `in` (dndn_text_normalize), trim leading and
 * trailing white space, then check: "required" when NULL/empty after the
 * trim, "too_short"/"too_long" for a length outside min_chars..max_chars
 * code points (max_chars == 0: no upper limit).  "invalid_utf8" or
 * "control_char" when normalisation fails (newlines and TAB count as
 * control characters unless allow_newlines).  At most one error is added.
 * On success *out is the NFC text, trimmed.  Messages speak of
 * "Trường này" (this field).
 */
int dndn_check_text(apr_pool_t *p, apr_array_header_t *errs, const char *field,
                    const char *in, apr_size_t len, apr_size_t min_chars,
                    apr_size_t max_chars, int allow_newlines, const char **out);

/* Same as dndn_check_text() but messages name the field with `label`, a
 * capitalised Vietnamese noun phrase such as "Tên doanh nghiệp". */
int dndn_check_text_labeled(apr_pool_t *p, apr_array_header_t *errs,
                            const char *field, const char *label,
                            const char *in, apr_size_t len,
                            apr_size_t min_chars, apr_size_t max_chars,
                            int allow_newlines, const char **out);

/* Petition title: required, 5..200 code points, no newlines or TAB. */
int dndn_check_title(apr_pool_t *p, apr_array_header_t *errs, const char *field,
                     const char *in, apr_size_t len, const char **out);

/*
 * Petition/answer content: required, <= 10000 code points, newlines
 * allowed, >= 10 words ("too_few_words"), >= 30% of the words carry a
 * Vietnamese diacritic ("missing_diacritics", see
 * dndn_text_diacritic_percent), no link ("contains_link", see
 * dndn_text_has_link).  Every failing rule is reported; "required",
 * "invalid_utf8" and "control_char" are reported alone because the other
 * rules cannot be evaluated then.
 */
int dndn_check_content(apr_pool_t *p, apr_array_header_t *errs,
                       const char *field, const char *in, apr_size_t len,
                       const char **out);

/*
 * Vietnamese tax code (mã số thuế): 10 digits, or 10 digits '-' 3 digits
 * for a dependent unit (branch 001..999; spaces around the '-' are
 * tolerated).  The 10th digit is a check digit: with weights
 * 31,29,23,19,17,13,7,5,3 over the first nine digits,
 * check = 10 - (sum mod 11), and a result of 10 means no valid code
 * exists for those nine digits.  Leading/trailing white space is trimmed.
 * Codes: "required" (NULL or blank), "invalid_tax_code".  *out gets the
 * canonical form "0100109106" or "0100109106-001".
 */
int dndn_check_tax_code(apr_pool_t *p, apr_array_header_t *errs,
                        const char *field, const char *in, const char **out);

/* Pure check digit test on exactly 10 ASCII digits (NUL-terminated or
 * longer string; only the first 10 characters are read).  Nonzero when
 * valid. */
int dndn_tax_code_check_digit_ok(const char *digits10);

/*
 * Vietnamese mobile phone number: "0", "+84" or "84", then 9 digits whose
 * first two form an allocated mobile prefix (list in dndn_validate.c).
 * Single spaces, dots or dashes (or runs of them) are allowed between
 * digits, nowhere else.  Leading/trailing white space is trimmed.  Codes:
 * "required" (NULL or blank), "invalid_phone" (landlines such as
 * 0227 3831 001 are rejected with a message asking for a mobile number).
 * *out gets E.164 "+84xxxxxxxxx".
 */
int dndn_check_phone(apr_pool_t *p, apr_array_header_t *errs, const char *field,
                     const char *in, const char **out);

#endif
