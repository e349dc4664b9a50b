/*
 * dndn_text.h - Vietnamese text handling for the pure core (no httpd.h).
 *
 * Built on utf8proc for UTF-8 validation, NFC/NFD and case folding.  Every
 * function is reentrant: results live in the APR pool given by the caller
 * (or are plain integers), nothing is global.
 *
 * Unless stated otherwise, functions taking a NUL-terminated `s` accept
 * NULL (treated as the empty string) and tolerate invalid UTF-8 without
 * reading out of bounds (an undecodable byte counts as one non-letter,
 * non-space character); they are meant to be used on the output of
 * dndn_text_normalize().
 */
#ifndef DNDN_TEXT_H
#define DNDN_TEXT_H

#include <apr_pools.h>

/* Stable error codes returned by dndn_text_normalize(). */
#define DNDN_TEXT_INVALID_UTF8 "invalid_utf8"
#define DNDN_TEXT_CONTROL_CHAR "control_char"

/*
 * Validate UTF-8 and normalise to NFC.
 *
 * `in` holds `len` bytes (it need not be NUL-terminated; in == NULL is
 * accepted only with len == 0).  Overlong forms, surrogates, code points
 * above U+10FFFF, stray continuation bytes and truncated sequences give
 * "invalid_utf8".  Line ends: CRLF and a lone CR become LF; U+2028 LINE
 * SEPARATOR and U+2029 PARAGRAPH SEPARATOR also become LF.  When
 * allow_newlines is 0 every line end (LF, CR, U+2028/2029) and TAB is
 * rejected with "control_char".  Other control characters (C0 including
 * NUL, DEL, C1) always give "control_char".  When the input is both badly
 * encoded and has control characters, "invalid_utf8" wins.
 *
 * Returns NULL on success with *out set to NUL-terminated pool memory,
 * otherwise one of the codes above (and *out is set to NULL).  out may be
 * NULL to validate only.
 */
const char *dndn_text_normalize(apr_pool_t *p, const char *in, apr_size_t len,
                                int allow_newlines, const char **out);

/*
 * Search folding: NFD, drop combining marks and default-ignorable code
 * points (soft hyphen, zero-width joiners...), Unicode case folding, then
 * đ/Đ (and the look-alike ð/Ð) -> d; every run of characters that are not
 * letters or digits becomes one ASCII space; the result is trimmed.
 *   "Đăng Ký  KINH-doanh" -> "dang ky kinh doanh", "hoà" and "hòa" -> "hoa".
 * Returns "" for NULL, empty or undecodable input.
 */
const char *dndn_text_fold(apr_pool_t *p, const char *s);

/* Copy of s without leading/trailing white space (Unicode White_Space:
 * ASCII blanks, NEL, NBSP and the other Zs/Zl/Zp characters).  "" for
 * NULL. */
const char *dndn_text_trim(apr_pool_t *p, const char *s);

/* Nonzero if the code point is white space in the sense of
 * dndn_text_trim() and dndn_text_word_count(). */
int dndn_text_is_space(apr_int32_t cp);

/* Number of code points (0 for NULL). */
apr_size_t dndn_text_length(const char *s);

/* Number of white-space separated tokens containing at least one letter
 * or digit (Unicode categories L* and N*): "Hà Nội - 2024 !" -> 3. */
int dndn_text_word_count(const char *s);

/*
 * Percentage (0..100, rounded down) of words that carry a Vietnamese
 * diacritic: after NFD a combining grave, acute, tilde, hook above, dot
 * below, circumflex, breve or horn (U+0300, 0301, 0303, 0309, 0323, 0302,
 * 0306, 031B), or the letter đ/Đ.
 *
 * "Words" here are the tokens of dndn_text_word_count() that contain at
 * least one letter: pure numbers such as "2024" or "1.000.000" cannot
 * carry a diacritic and are left out of the ratio.  0 when there is no
 * such word.
 */
int dndn_text_diacritic_percent(const char *s);

/*
 * Nonzero if s contains a link, case-insensitively:
 *  - a URL scheme "http://", "https://" or "ftp://" anywhere;
 *  - a host name starting with "www." ("www.abc");
 *  - an e-mail address (local@domain.tld, any alphabetic TLD of 2+ letters);
 *  - a bare ASCII domain name label(.label)+ whose last label is a known TLD
 *    ("abc.vn", "example.com/x", "thaibinh.gov.vn").
 * Not links: numbers ("1.5", "1.000.000 đồng"), abbreviations ("v.v.",
 * "TP.HCM"), a missing space after a full stop ("xong.Tôi", "xong.Com"),
 * Vietnamese words around a dot ("hồ sơ.ai"), and TLDs that are also
 * common unaccented Vietnamese or English words (co, me, ai, la, to, in,
 * my, us, id) unless the name has 3+ labels or is followed by a path
 * ("zalo.me/123", "t.co/x").
 */
int dndn_text_has_link(const char *s);

#endif
