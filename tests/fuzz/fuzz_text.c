/* Vietnamese text rules: normalisation, folding, counts, links, and the
 * field validators built on them. */
#include "fuzz_common.h"

#include "dndn_text.h"
#include "dndn_validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    const char *out = NULL, *s;
    apr_array_header_t *errs;

    apr_pool_create(&p, NULL);
    errs = dndn_errors_make(p);
    s = fuzz_str(p, data, size);
    if (!dndn_text_normalize(p, (const char *)data, size, 1, &out)) {
        dndn_text_fold(p, out);
        dndn_text_length(out);
        dndn_text_word_count(out);
        dndn_text_diacritic_percent(out);
        dndn_text_has_link(out);
    }
    dndn_check_title(p, errs, "title", (const char *)data, size, &out);
    dndn_check_content(p, errs, "content", (const char *)data, size, &out);
    dndn_check_tax_code(p, errs, "tax_code", s, &out);
    dndn_check_phone(p, errs, "phone", s, &out);
    apr_pool_destroy(p);
    return 0;
}
