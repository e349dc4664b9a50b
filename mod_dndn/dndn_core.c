/* dndn_core.c - shared helpers of the pure core. */
#include "dndn_core.h"

apr_array_header_t *dndn_errors_make(apr_pool_t *p)
{
    return apr_array_make(p, 4, sizeof(dndn_field_error));
}

void dndn_errors_add(apr_array_header_t *errs, const char *field,
                     const char *code, const char *message)
{
    dndn_field_error *e = apr_array_push(errs);
    e->field = field;
    e->code = code;
    e->message = message;
}
