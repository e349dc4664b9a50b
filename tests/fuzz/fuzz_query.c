/* Query strings, list limits and keyset cursors. */
#include "fuzz_common.h"

#include "dndn_http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    char *s;
    apr_table_t *t;
    const char *parts[4];
    int limit;

    apr_pool_create(&p, NULL);
    s = fuzz_str(p, data, size);
    t = dndn_query_parse(p, s);
    if (t) {
        dndn_parse_limit(apr_table_get(t, "limit"), 20, 100, &limit);
        dndn_cursor_decode(p, apr_table_get(t, "cursor"), parts, 4);
    }
    dndn_cursor_decode(p, s, parts, 4);
    dndn_etag_matches(s, "\"0123456789abcdef\"");
    dndn_origin_valid(s);
    dndn_route_match(p, "/petitions/{code}/events", s, parts);
    apr_pool_destroy(p);
    return 0;
}
