/* Request bodies: JSON parsing with the depth limit, then field getters. */
#include "fuzz_common.h"

#include "dndn_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    const char *err = NULL;
    cJSON *j;

    apr_pool_create(&p, NULL);
    j = dndn_json_parse(p, (const char *)data, size, 1, &err);
    if (j) {
        int ok = 1;
        dndn_json_get_str(j, "title", &ok);
        dndn_json_get_str(j, "content", &ok);
        dndn_json_print(p, j, NULL);
    }
    apr_pool_destroy(p);
    return 0;
}
