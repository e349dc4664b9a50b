/* dndn_token.c - HS256 session tokens and hashing, on OpenSSL libcrypto. */
#include <string.h>

#include <apr_strings.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "dndn_core.h"
#include "dndn_json.h"
#include "dndn_token.h"

/* base64url of {"alg":"HS256","typ":"JWT"} */
#define HEADER "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"

static const char *mac(apr_pool_t *p, const unsigned char *key,
                       apr_size_t keylen, const char *data, apr_size_t len)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int outlen = 0;

    if (!HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)data, len,
              out, &outlen)) {
        return NULL;
    }
    return dndn_b64url_encode(p, out, outlen);
}

const char *dndn_token_sign(apr_pool_t *p, const unsigned char *key,
                            apr_size_t keylen, const char *sub, apr_int64_t iat,
                            apr_int64_t exp)
{
    cJSON *o = dndn_json_object(p);
    char *payload;
    apr_size_t plen = 0;
    const char *signing, *sig;

    cJSON_AddStringToObject(o, "sub", sub);
    cJSON_AddNumberToObject(o, "iat", (double)iat);
    cJSON_AddNumberToObject(o, "exp", (double)exp);
    payload = dndn_json_print(p, o, &plen);
    if (!payload) {
        return NULL;
    }
    signing =
        apr_pstrcat(p, HEADER ".", dndn_b64url_encode(p, payload, plen), NULL);
    sig = mac(p, key, keylen, signing, strlen(signing));
    return sig ? apr_pstrcat(p, signing, ".", sig, NULL) : NULL;
}

int dndn_token_verify(apr_pool_t *p, const unsigned char *key,
                      apr_size_t keylen, const char *token, apr_int64_t now,
                      const char **sub, apr_int64_t *exp)
{
    const char *dot1, *dot2, *expect, *err = NULL;
    char *payload;
    apr_size_t plen, siglen;
    cJSON *o;
    const cJSON *jsub, *jexp;

    if (!token || strncmp(token, HEADER ".", sizeof(HEADER))) {
        return DNDN_TOKEN_INVALID;
    }
    dot1 = token + sizeof(HEADER) - 1;
    dot2 = strchr(dot1 + 1, '.');
    if (!dot2 || strchr(dot2 + 1, '.') || strlen(token) > 4096) {
        return DNDN_TOKEN_INVALID;
    }
    expect = mac(p, key, keylen, token, (apr_size_t)(dot2 - token));
    siglen = strlen(dot2 + 1);
    if (!expect || siglen != strlen(expect) ||
        !dndn_secure_equals(expect, dot2 + 1, siglen)) {
        return DNDN_TOKEN_INVALID;
    }
    payload = dndn_b64url_decode(
        p, apr_pstrmemdup(p, dot1 + 1, (apr_size_t)(dot2 - dot1 - 1)), &plen);
    if (!payload) {
        return DNDN_TOKEN_INVALID;
    }
    o = dndn_json_parse(p, payload, plen, 1, &err);
    if (!o) {
        return DNDN_TOKEN_INVALID;
    }
    jsub = cJSON_GetObjectItemCaseSensitive(o, "sub");
    jexp = cJSON_GetObjectItemCaseSensitive(o, "exp");
    if (!cJSON_IsString(jsub) || !cJSON_IsNumber(jexp)) {
        return DNDN_TOKEN_INVALID;
    }
    *sub = apr_pstrdup(p, jsub->valuestring);
    *exp = (apr_int64_t)jexp->valuedouble;
    return now >= *exp ? DNDN_TOKEN_EXPIRED : DNDN_TOKEN_OK;
}

const char *dndn_sha256_hex(apr_pool_t *p, const void *data, apr_size_t len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    char *hex;
    unsigned int i;

    if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL)) {
        return NULL;
    }
    hex = apr_palloc(p, mdlen * 2 + 1);
    for (i = 0; i < mdlen; i++) {
        apr_snprintf(hex + i * 2, 3, "%02x", md[i]);
    }
    return hex;
}

int dndn_secure_equals(const void *a, const void *b, apr_size_t len)
{
    return CRYPTO_memcmp(a, b, len) == 0;
}
