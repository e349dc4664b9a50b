/* Session tokens: verification must reject anything it did not sign. */
#include <stdlib.h>

#include "fuzz_common.h"

#include "dndn_token.h"

static const unsigned char key[] = "fuzzing key of thirty-two bytes!";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    const char *sub = NULL;
    apr_int64_t exp = 0;

    apr_pool_create(&p, NULL);
    /* Nothing random can carry a valid HMAC-SHA256 over our key. */
    if (dndn_token_verify(p, key, 32, fuzz_str(p, data, size), 0, &sub, &exp) !=
        DNDN_TOKEN_INVALID) {
        abort();
    }
    apr_pool_destroy(p);
    return 0;
}
