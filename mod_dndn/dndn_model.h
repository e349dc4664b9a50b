/*
 * dndn_model.h - the records the API serves, and their JSON mapping.
 * Field values are NUL-terminated UTF-8 in pool memory, NULL for SQL NULL.
 */
#ifndef DNDN_MODEL_H
#define DNDN_MODEL_H

#include <apr_pools.h>
#include <cjson/cJSON.h>

typedef struct {
    const char *code, *name, *short_name, *kind, *address, *phone, *email,
        *website, *sort_order;
} dndn_agency;

typedef struct {
    const char *code, *name, *description, *sort_order;
} dndn_category;

typedef struct {
    const char *id, *name, *phone, *tel, *hours, *sort_order;
    const char *agency_code, *agency_name; /* NULL when province-wide */
} dndn_hotline;

cJSON *dndn_agency_json(const dndn_agency *a);
cJSON *dndn_category_json(const dndn_category *c);
cJSON *dndn_hotline_json(const dndn_hotline *h);

#endif
