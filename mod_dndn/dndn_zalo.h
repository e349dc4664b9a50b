/*
 * dndn_zalo.h - what Zalo's Open API answers mean (pure core, no httpd.h,
 * no network): the user of an access token (GET /me) and the phone number
 * behind a phone token (GET /me/info).  The HTTP calls themselves live in
 * the glue (mod_dndn_zalo.c).
 *
 * Zalo answers HTTP 200 in both cases; a refusal is an object with a
 * nonzero "error" and a "message".
 */
#ifndef DNDN_ZALO_H
#define DNDN_ZALO_H

#include <apr_pools.h>

/* Why the phone number is kept: recorded with every consent (shown to
 * the user in GET /me as phone_consent.purpose). */
#define DNDN_PHONE_CONSENT_PURPOSE                                                                       \
    "Liên hệ với doanh nghiệp để tiếp nhận, xử lý và trả lời phản ánh, kiến " \
    "nghị gửi qua kênh Đồng hành cùng doanh nghiệp"

/* Largest Zalo answer read (bytes); longer answers are refused. */
#define DNDN_ZALO_MAX_ANSWER (64 * 1024)
/* Longest access token or phone code accepted from a client. */
#define DNDN_ZALO_MAX_TOKEN 2048

#define DNDN_ZALO_OK      0
#define DNDN_ZALO_DENIED  1  /* Zalo refused: nonzero error, or no id/number */
#define DNDN_ZALO_GARBAGE -1 /* not a JSON object: Zalo (or a proxy) broke */

typedef struct {
    const char *id;      /* Zalo user id (text of digits as Zalo sends it) */
    const char *name;    /* display name, "" when absent */
    int error;           /* Zalo's error code when DENIED (0 when absent) */
    const char *message; /* Zalo's message when DENIED, or NULL */
} dndn_zalo_me;

/* Parse the answer of GET /me?fields=id,name,picture. */
int dndn_zalo_parse_me(apr_pool_t *p, const char *buf, apr_size_t len,
                       dndn_zalo_me *out);

typedef struct {
    const char *number; /* data.number as sent, e.g. "84912345678" */
    int error;
    const char *message;
} dndn_zalo_phone;

/* Parse the answer of GET /me/info (phone token exchange). */
int dndn_zalo_parse_phone(apr_pool_t *p, const char *buf, apr_size_t len,
                          dndn_zalo_phone *out);

/* Is s fit to be sent to Zalo in an HTTP header (access token, code):
 * 1..DNDN_ZALO_MAX_TOKEN visible ASCII characters, no space or control
 * character (so no header injection)?  1 when fit. */
int dndn_zalo_token_ok(const char *s);

#endif
