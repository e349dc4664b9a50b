/* SQL script splitting (dndnctl migrate and demo-data). */
#include "fuzz_common.h"

#include "dndn_sqlfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;

    apr_pool_create(&p, NULL);
    dndn_sql_split(p, fuzz_str(p, data, size));
    apr_pool_destroy(p);
    return 0;
}
