/* RFC 3339 times and dates: parse, and a parsed value formats back. */
#include <stdlib.h>

#include "fuzz_common.h"

#include "dndn_time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    apr_int64_t t, t2;
    dndn_date d, d2;
    char *s;

    apr_pool_create(&p, NULL);
    s = fuzz_str(p, data, size);
    if (dndn_time_parse(s, &t) == 0) {
        /* Our own output must parse back to the same instant. */
        if (dndn_time_parse(dndn_time_format(p, t), &t2) != 0 || t2 != t) {
            abort();
        }
    }
    if (dndn_date_parse(s, &d) == 0) {
        if (dndn_date_parse(dndn_date_format(p, d), &d2) != 0 || d2.y != d.y ||
            d2.m != d.m || d2.d != d.d) {
            abort();
        }
    }
    apr_pool_destroy(p);
    return 0;
}
