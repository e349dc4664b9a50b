/* Unit tests: procedure and post request bodies. */
#include <check.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_content.h"
#include "dndn_core.h"
#include "dndn_json.h"

static apr_pool_t *pool;

static void setup(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
    apr_terminate();
}

static cJSON *parse(const char *s)
{
    const char *err = NULL;

    return dndn_json_parse(pool, s, strlen(s), 1, &err);
}

static int has_error(apr_array_header_t *errs, const char *field,
                     const char *code)
{
    int i;

    for (i = 0; i < errs->nelts; i++) {
        dndn_field_error *e = &APR_ARRAY_IDX(errs, i, dndn_field_error);
        if (!strcmp(e->field, field) && !strcmp(e->code, code)) {
            return 1;
        }
    }
    return 0;
}

START_TEST(procedure_body_valid)
{
    apr_array_header_t *errs = dndn_errors_make(pool);
    dndn_procedure pr;
    cJSON *b = parse(
        "{\"name\":\"  \xc4\x90\xc4\x83ng k\xc3\xbd doanh nghi\xe1\xbb\x87p "
        "\",\"agency\":\"SKHDT\",\"level\":\"full_online\","
        "\"processing_days\":3,\"fee\":\"50.000 \xc4\x91\xe1\xbb\x93ng\","
        "\"documents\":[\" Gi\xe1\xba\xa5y \xc4\x91\xe1\xbb\x81 ngh\xe1\xbb\x8b"
        "\",\"\xc4\x90i\xe1\xbb\x81u l\xe1\xbb\x87\"],"
        "\"online_url\":\"https://dangkykinhdoanh.gov.vn\"}");

    ck_assert_int_eq(dndn_procedure_from_json(pool, b, "1.001612", errs, &pr),
                     0);
    ck_assert_str_eq(pr.code, "1.001612");
    ck_assert_str_eq(pr.name, "\xc4\x90\xc4\x83ng k\xc3\xbd doanh nghi\xe1"
                              "\xbb\x87p");
    ck_assert_str_eq(pr.level, "full_online");
    ck_assert_str_eq(pr.processing_days, "3");
    ck_assert_str_eq(
        pr.documents,
        "[\"Gi\xe1\xba\xa5y \xc4\x91\xe1\xbb\x81 ngh\xe1\xbb\x8b\","
        "\"\xc4\x90i\xe1\xbb\x81u l\xe1\xbb\x87\"]");
    ck_assert_str_eq(pr.online_url, "https://dangkykinhdoanh.gov.vn");
    /* Optional members may be left out. */
    b = parse("{\"name\":\"Th\xe1\xbb\xa7 t\xe1\xbb\xa5\x63 m\xe1\xbb\x9bi\","
              "\"level\":\"offline\"}");
    ck_assert_int_eq(dndn_procedure_from_json(pool, b, "2.000001", errs, &pr),
                     0);
    ck_assert_ptr_null(pr.processing_days);
    ck_assert_ptr_null(pr.agency_code);
    ck_assert_str_eq(pr.documents, "[]");
    ck_assert_str_eq(pr.fee, "");
}
END_TEST

START_TEST(procedure_body_errors)
{
    apr_array_header_t *errs = dndn_errors_make(pool);
    dndn_procedure pr;
    cJSON *b = parse("{\"name\":\"abc\",\"level\":\"online\","
                     "\"processing_days\":1.5,\"documents\":[\"ok\",3],"
                     "\"online_url\":\"javascript:alert(1)\",\"fee\":7}");

    ck_assert_int_gt(dndn_procedure_from_json(pool, b, "1 x", errs, &pr), 0);
    ck_assert(has_error(errs, "code", "invalid_code"));
    ck_assert(has_error(errs, "name", "too_short"));
    ck_assert(has_error(errs, "level", "invalid_level"));
    ck_assert(has_error(errs, "processing_days", "invalid_days"));
    ck_assert(has_error(errs, "documents[1]", "invalid_type"));
    ck_assert(has_error(errs, "online_url", "invalid_url"));
    ck_assert(has_error(errs, "fee", "invalid_type"));
    errs = dndn_errors_make(pool);
    ck_assert_int_eq(
        dndn_procedure_from_json(pool, parse("{}"), "1.1", errs, &pr), 2);
    ck_assert(has_error(errs, "name", "required"));
    ck_assert(has_error(errs, "level", "required"));
    ck_assert(dndn_procedure_code_valid("2.002154.000.00.00.H53"));
    ck_assert(!dndn_procedure_code_valid(".1"));
    ck_assert(!dndn_procedure_code_valid("123456789012345678901234567890123"));
}
END_TEST

START_TEST(post_body)
{
    apr_array_header_t *errs = dndn_errors_make(pool);
    dndn_post po;
    int pub = 0;

    ck_assert_int_eq(
        dndn_post_from_json(pool,
                            parse("{\"category\":\"support\",\"title\":\"H"
                                  "\xe1\xbb\x97 tr\xe1\xbb\xa3 doanh nghi"
                                  "\xe1\xbb\x87p\",\"body\":\"a\\nb\"}"),
                            errs, &po, &pub),
        0);
    ck_assert_int_eq(pub, 1);
    ck_assert_str_eq(po.body, "a\nb");
    ck_assert_str_eq(po.summary, "");
    ck_assert_int_eq(dndn_post_from_json(pool,
                                         parse("{\"category\":\"blog\","
                                               "\"title\":\"ab\",\"body\":"
                                               "\"\",\"published\":1}"),
                                         errs, &po, &pub),
                     4);
    ck_assert(has_error(errs, "category", "invalid_category"));
    ck_assert(has_error(errs, "title", "too_short"));
    ck_assert(has_error(errs, "body", "required"));
    ck_assert(has_error(errs, "published", "invalid_type"));
    errs = dndn_errors_make(pool);
    ck_assert_int_eq(
        dndn_post_from_json(pool,
                            parse("{\"category\":\"news\",\"title\":\"Tin "
                                  "m\xe1\xbb\x9bi\",\"body\":\"x\","
                                  "\"published\":false}"),
                            errs, &po, &pub),
        0);
    ck_assert_int_eq(pub, 0);
}
END_TEST

Suite *dndn_content_suite(void);
Suite *dndn_content_suite(void)
{
    Suite *s = suite_create("content");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, procedure_body_valid);
    tcase_add_test(tc, procedure_body_errors);
    tcase_add_test(tc, post_body);
    suite_add_tcase(s, tc);
    return s;
}
