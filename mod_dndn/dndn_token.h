/*
 * dndn_token.h - the module's own session tokens: JWT (RFC 7519) signed
 * with HMAC-SHA256 under a key read from a file named in the
 * configuration.  Verified locally on every request, with no call to Zalo.
 *
 * Only tokens of exactly our header ({"alg":"HS256","typ":"JWT"}) are
 * accepted, so no "alg" trickery (none, RS/HS confusion) can apply.
 */
#ifndef DNDN_TOKEN_H
#define DNDN_TOKEN_H

#include <apr_pools.h>

#define DNDN_TOKEN_MIN_KEY 32

/* A signed token for subject sub, issued at iat, expiring at exp. */
const char *dndn_token_sign(apr_pool_t *p, const unsigned char *key,
                            apr_size_t keylen, const char *sub, apr_int64_t iat,
                            apr_int64_t exp);

#define DNDN_TOKEN_OK      0
#define DNDN_TOKEN_INVALID -1 /* malformed, wrong header or signature */
#define DNDN_TOKEN_EXPIRED -2

/* Verify a token at time now; on success *sub and *exp are set. */
int dndn_token_verify(apr_pool_t *p, const unsigned char *key,
                      apr_size_t keylen, const char *token, apr_int64_t now,
                      const char **sub, apr_int64_t *exp);

/* SHA-256 of data as 64 lowercase hex digits (API keys are stored so). */
const char *dndn_sha256_hex(apr_pool_t *p, const void *data, apr_size_t len);

/* Constant-time comparison of two equally long buffers: 1 when equal. */
int dndn_secure_equals(const void *a, const void *b, apr_size_t len);

#endif
