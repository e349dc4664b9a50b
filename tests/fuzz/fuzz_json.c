/* Request bodies: JSON parsing with the depth limit, then field getters;
 * and the writer against cJSON's printer on everything parsed: the whole
 * tree through dndn_json_print (a 1 KB buffer), each string member
 * through dndn_jw_str from a 16-byte buffer, so that growing it is
 * exercised too.  A difference aborts. */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

#include "dndn_json.h"

static void writer_agrees(apr_pool_t *p, const cJSON *j)
{
    const cJSON *m;

    cJSON_ArrayForEach(m, j)
    {
        cJSON *one;
        char *want;
        dndn_jw w;

        if (!cJSON_IsString(m) || !m->string) {
            continue;
        }
        one = dndn_json_object(p);
        cJSON_AddStringToObject(one, m->string, m->valuestring);
        dndn_jw_init(&w, p, 16);
        dndn_jw_open(&w, NULL, '{');
        dndn_jw_str(&w, m->string, m->valuestring);
        dndn_jw_close(&w, '}');
        want = cJSON_PrintUnformatted(one);
        if (!want || strcmp(dndn_jw_text(&w, NULL), want)) {
            abort();
        }
        cJSON_free(want);
    }
}

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
        {
            char *want = cJSON_PrintUnformatted(j);
            const char *got = dndn_json_print(p, j, NULL);

            if (!want || !got || strcmp(want, got)) {
                abort();
            }
            cJSON_free(want);
        }
        writer_agrees(p, j);
    }
    apr_pool_destroy(p);
    return 0;
}
