/* Unit tests: dossier validation, applicant masking, overdue rule, views. */
#include <check.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_dossier.h"
#include "dndn_json.h"
#include "dndn_time.h"

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

static dndn_dossier_text good(void)
{
    dndn_dossier_text t = {"1.001612",
                           "processing",
                           "  Nguyễn Văn An ",
                           "0912 345 678",
                           "0100109106",
                           "2026-02-02T08:00:00+07:00",
                           "2026-02-09T17:00:00+07:00",
                           NULL,
                           "2026-02-03T09:00:00+07:00"};
    return t;
}

/* The code of the first error on field, or NULL. */
static const char *err_code(const apr_array_header_t *errs, const char *field)
{
    int i;

    for (i = 0; i < errs->nelts; i++) {
        const dndn_field_error *e = &APR_ARRAY_IDX(errs, i, dndn_field_error);
        if (!strcmp(e->field, field)) {
            return e->code;
        }
    }
    return NULL;
}

START_TEST(validate_good)
{
    apr_array_header_t *errs = dndn_errors_make(pool);
    dndn_dossier_text t = good();
    dndn_dossier d;

    ck_assert_int_eq(
        dndn_dossier_validate(pool, "H56.1-240101-0001", &t, errs, &d), 0);
    ck_assert_int_eq(errs->nelts, 0);
    ck_assert_str_eq(d.code, "H56.1-240101-0001");
    ck_assert_str_eq(d.applicant_name, "Nguyễn Văn An");
    ck_assert_str_eq(d.applicant_phone, "+84912345678");
    ck_assert_str_eq(d.applicant_tax_code, "0100109106");
    ck_assert_int_eq(d.received_at, 1769994000);
    ck_assert_int_eq(d.finished_at, 0);
    ck_assert_int_eq(d.source_updated_at, 1770084000);
    /* Optional fields may be absent or blank. */
    t.applicant_phone = NULL;
    t.applicant_tax_code = " ";
    t.finished_at = "2026-02-05T10:00:00Z";
    ck_assert_int_eq(dndn_dossier_validate(pool, "A", &t, errs, &d), 0);
    ck_assert_ptr_null(d.applicant_phone);
    ck_assert_ptr_null(d.applicant_tax_code);
    ck_assert_int_eq(d.finished_at, 1770285600);
}
END_TEST

START_TEST(validate_bad)
{
    apr_array_header_t *errs = dndn_errors_make(pool);
    dndn_dossier_text t = good(), empty;
    dndn_dossier d;

    t.status = "lost";
    t.applicant_phone = "0241234567";
    t.applicant_tax_code = "0100109107";
    t.due_at = "2026-02-01T08:00:00+07:00";
    t.updated_at = "yesterday";
    ck_assert(dndn_dossier_validate(pool, "bad code", &t, errs, &d));
    ck_assert_str_eq(err_code(errs, "code"), "invalid_code");
    ck_assert_str_eq(err_code(errs, "status"), "invalid_status");
    ck_assert_str_eq(err_code(errs, "applicant_phone"), "invalid_phone");
    ck_assert_str_eq(err_code(errs, "applicant_tax_code"), "invalid_tax_code");
    ck_assert_str_eq(err_code(errs, "due_at"), "before_received");
    ck_assert_str_eq(err_code(errs, "updated_at"), "invalid_time");
    ck_assert_ptr_null(err_code(errs, "procedure_code"));

    memset(&empty, 0, sizeof(empty));
    errs = dndn_errors_make(pool);
    ck_assert(dndn_dossier_validate(pool, "", &empty, errs, &d));
    ck_assert_str_eq(err_code(errs, "procedure_code"), "required");
    ck_assert_str_eq(err_code(errs, "status"), "required");
    ck_assert_str_eq(err_code(errs, "applicant_name"), "required");
    ck_assert_str_eq(err_code(errs, "received_at"), "required");
    ck_assert_str_eq(err_code(errs, "due_at"), "required");
    ck_assert_str_eq(err_code(errs, "updated_at"), "required");
    ck_assert_ptr_null(err_code(errs, "finished_at"));
    ck_assert_ptr_null(err_code(errs, "applicant_phone"));

    t = good();
    t.applicant_name =
        apr_pstrcat(pool, "Nguyễn ", apr_psprintf(pool, "%0250d", 0), NULL);
    errs = dndn_errors_make(pool);
    ck_assert(dndn_dossier_validate(pool, "A", &t, errs, &d));
    ck_assert_str_eq(err_code(errs, "applicant_name"), "too_long");
    t = good();
    t.applicant_name = "An\x01";
    errs = dndn_errors_make(pool);
    ck_assert(dndn_dossier_validate(pool, "A", &t, errs, &d));
    ck_assert_str_eq(err_code(errs, "applicant_name"), "control_char");
    ck_assert_int_eq(dndn_dossier_check_code(pool, errs, "Ư1"), 1);
    ck_assert_int_eq(dndn_dossier_check_code(pool, dndn_errors_make(pool),
                                             apr_psprintf(pool, "%065d", 0)),
                     1);
}
END_TEST

static cJSON *parse(const char *text)
{
    const char *err = NULL;

    return dndn_json_parse(pool, text, strlen(text), 1, &err);
}

START_TEST(json_types_and_events)
{
    apr_array_header_t *errs = dndn_errors_make(pool);
    cJSON *b = parse(
        "{\"status\":5,\"procedure_code\":\"1.001612\",\"applicant_name\":"
        "[\"x\"]}");
    dndn_dossier_text t;
    dndn_dossier_event e;

    ck_assert_ptr_nonnull(b);
    dndn_dossier_text_from_json(pool, b, errs, &t);
    ck_assert_str_eq(err_code(errs, "status"), "invalid_type");
    ck_assert_str_eq(err_code(errs, "applicant_name"), "invalid_type");
    ck_assert_str_eq(t.procedure_code, "1.001612");

    errs = dndn_errors_make(pool);
    b = parse("{\"at\":\"2026-02-02T08:00:00+07:00\",\"step\":\" "
              "Tiếp nhận \",\"agency\":\"Bộ phận một cửa\"}");
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(dndn_dossier_event_from_json(pool, b, errs, &e), 0);
    ck_assert_str_eq(e.step, "Tiếp nhận");
    ck_assert_ptr_null(e.note);
    ck_assert_int_eq(e.at, 1769994000);

    b = parse("{\"at\":\"x\",\"agency\":1,\"note\":\"\"}");
    ck_assert_ptr_nonnull(b);
    ck_assert(dndn_dossier_event_from_json(pool, b, errs, &e));
    ck_assert_str_eq(err_code(errs, "at"), "invalid_time");
    ck_assert_str_eq(err_code(errs, "step"), "required");
    ck_assert_str_eq(err_code(errs, "agency"), "invalid_type");
    ck_assert_ptr_null(err_code(errs, "note"));
}
END_TEST

START_TEST(mask_names)
{
    ck_assert_str_eq(dndn_dossier_mask_name(pool, "Nguyễn Văn An"),
                     "Nguyễn V. A.");
    ck_assert_str_eq(dndn_dossier_mask_name(pool, "  Trần   thị  bình "),
                     "Trần T. B.");
    /* Đ and Ư initials, and lower-case ones made upper-case. */
    ck_assert_str_eq(dndn_dossier_mask_name(pool, "Lê Đức ưng"), "Lê Đ. Ư.");
    ck_assert_str_eq(dndn_dossier_mask_name(pool, "Hoàng đình Ước"),
                     "Hoàng Đ. Ư.");
    /* NFD input (U + horn U+031B, a + grave...) gives the same. */
    ck_assert_str_eq(
        dndn_dossier_mask_name(pool, "Nguye\xcc\x82\xcc\x83n U\xcc\x9b\xcc\x81"
                                     "c Hu\xcc\x9bo\xcc\x9bng"),
        "Nguyễn Ứ. H.");
    ck_assert_str_eq(dndn_dossier_mask_name(pool, "Madonna"), "Madonna");
    ck_assert_str_eq(dndn_dossier_mask_name(pool, ""), "");
    ck_assert_str_eq(dndn_dossier_mask_name(pool, "   "), "");
    ck_assert_str_eq(dndn_dossier_mask_name(pool, NULL), "");
    ck_assert_str_eq(dndn_dossier_mask_name(pool, "\xff\xfe"), "");
    /* A company as applicant is masked the same way. */
    ck_assert_str_eq(dndn_dossier_mask_name(pool, "Công ty TNHH Ánh Dương"),
                     "Công T. T. Á. D.");
}
END_TEST

START_TEST(foreign_times)
{
    apr_int64_t t = 0;

    ck_assert_str_eq(dndn_dossier_time_text(pool, "2026-02-02 08:00:00"),
                     "2026-02-02 08:00:00+07:00");
    ck_assert_int_eq(
        dndn_time_parse(dndn_dossier_time_text(pool, "2026-02-02 08:00:00"),
                        &t),
        0);
    ck_assert_int_eq(t, 1769994000);
    ck_assert_str_eq(dndn_dossier_time_text(pool, "2026-02-02T01:00:00Z"),
                     "2026-02-02T01:00:00Z");
    ck_assert_str_eq(dndn_dossier_time_text(pool, "02/02/2026"), "02/02/2026");
    ck_assert_ptr_null(dndn_dossier_time_text(pool, NULL));
}
END_TEST

START_TEST(overdue_rule)
{
    dndn_dossier d;

    memset(&d, 0, sizeof(d));
    d.received_at = 1000;
    d.due_at = 2000;
    ck_assert(!dndn_dossier_overdue(&d, 2000));
    ck_assert(dndn_dossier_overdue(&d, 2001));
    d.finished_at = 2000;
    ck_assert(!dndn_dossier_overdue(&d, 999999));
    d.finished_at = 2001;
    ck_assert(dndn_dossier_overdue(&d, 1500));
}
END_TEST

START_TEST(views)
{
    apr_array_header_t *errs = dndn_errors_make(pool);
    apr_array_header_t *steps =
        apr_array_make(pool, 1, sizeof(dndn_dossier_event));
    dndn_dossier_text t = good();
    dndn_dossier d, d2;
    dndn_dossier_event *e = apr_array_push(steps);
    const char *pub, *par, *sj;
    apr_size_t sl = 0;

    ck_assert_int_eq(dndn_dossier_validate(pool, "A-1", &t, errs, &d), 0);
    e->at = 1769994000;
    e->step = "Tiếp nhận";
    e->agency = "Một cửa";
    e->note = NULL;
    sj = dndn_dossier_steps_json(pool, steps, &sl);
    pub = dndn_dossier_public_json(pool, &d, sj, sl, 0, NULL);
    ck_assert_ptr_null(strstr(pub, "phone"));
    ck_assert_ptr_null(strstr(pub, "tax_code"));
    ck_assert_ptr_null(strstr(pub, "Văn An"));
    ck_assert_ptr_nonnull(strstr(pub, "\"applicant_name\":\"Nguyễn V. A.\""));
    ck_assert_ptr_nonnull(
        strstr(pub, "\"steps\":[{\"at\":\"2026-02-02T08:00:00+07:00\",\"step\":"
                    "\"Tiếp nhận\",\"agency\":\"Một cửa\",\"note\":null}]"));
    ck_assert_ptr_nonnull(strstr(pub, "\"finished_at\":null"));
    ck_assert_ptr_nonnull(strstr(pub, "\"overdue\":false"));
    par = dndn_dossier_partner_json(pool, &d, 0, NULL);
    ck_assert_ptr_nonnull(strstr(par, "\"applicant_phone\":\"+84912345678\""));
    ck_assert_ptr_nonnull(
        strstr(par, "\"updated_at\":\"2026-02-03T09:00:00+07:00\""));
    d2 = d;
    ck_assert(dndn_dossier_same(&d, &d2));
    d2.applicant_phone = NULL;
    ck_assert(!dndn_dossier_same(&d, &d2));
    d2 = d;
    d2.status = "done";
    ck_assert(!dndn_dossier_same(&d, &d2));
}
END_TEST

START_TEST(steps_text)
{
    apr_array_header_t *a = apr_array_make(pool, 2, sizeof(dndn_dossier_event));
    dndn_dossier_event *e;
    dndn_dossier d;
    apr_size_t n = 99;
    const char *s;

    ck_assert_str_eq(dndn_dossier_steps_json(pool, NULL, &n), "[]");
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(dndn_dossier_steps_json(pool, a, NULL), "[]");
    /* Given out of order, written in timeline order, escaped. */
    e = apr_array_push(a);
    e->id = "7";
    e->at = 1769997600;
    e->step = "Trả \"kết quả\"";
    e->agency = "Sở\tKH";
    e->note = "dòng 1\ndòng 2";
    e = apr_array_push(a);
    e->id = "5";
    e->at = 1769994000;
    e->step = "Tiếp nhận";
    e->agency = "Một cửa";
    e->note = NULL;
    s = dndn_dossier_steps_json(pool, a, &n);
    ck_assert_str_eq(s, "[{\"at\":\"2026-02-02T08:00:00+07:00\",\"step\":"
                        "\"Tiếp nhận\",\"agency\":\"Một cửa\",\"note\":null},"
                        "{\"at\":\"2026-02-02T09:00:00+07:00\",\"step\":"
                        "\"Trả \\\"kết quả\\\"\",\"agency\":\"Sở\\tKH\","
                        "\"note\":\"dòng 1\\ndòng 2\"}]");
    ck_assert_uint_eq(n, strlen(s));
    /* The view takes the text as it is, between the times and the name. */
    memset(&d, 0, sizeof(d));
    d.code = "A-1";
    d.applicant_name = "Lê Văn Cường";
    d.due_at = 1;
    ck_assert_str_eq(
        dndn_dossier_public_json(pool, &d, "[]", 2, 0, NULL),
        "{\"code\":\"A-1\",\"procedure_code\":null,\"status\":null,"
        "\"received_at\":null,\"due_at\":\"1970-01-01T07:00:01+07:00\","
        "\"finished_at\":null,\"overdue\":false,\"steps\":[],"
        "\"applicant_name\":\"Lê V. C.\"}");
}
END_TEST

START_TEST(timeline_order)
{
    apr_array_header_t *a = apr_array_make(pool, 4, sizeof(dndn_dossier_event));
    /* Stored out of order; two steps at the same second keep the order
     * of their ids, compared as numbers (9 before 10). */
    static const struct {
        const char *id;
        apr_int64_t at;
    } in[] = {{"10", 200}, {"3", 300}, {"9", 200}, {"1", 100}, {"2", 300}};
    static const char *const want[] = {"1", "9", "10", "2", "3"};
    dndn_dossier_event *e;
    size_t i;

    dndn_dossier_events_sort(a); /* empty: nothing to do */
    ck_assert_int_eq(a->nelts, 0);
    for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        e = apr_array_push(a);
        e->id = in[i].id;
        e->at = in[i].at;
        e->step = in[i].id;
        e->agency = e->note = NULL;
    }
    dndn_dossier_events_sort(a);
    e = (dndn_dossier_event *)a->elts;
    ck_assert_int_eq(a->nelts, 5);
    for (i = 0; i < 5; i++) {
        ck_assert_str_eq(e[i].id, want[i]);
        ck_assert_str_eq(e[i].step, want[i]);
        ck_assert(i == 0 || e[i - 1].at <= e[i].at);
    }
}
END_TEST

Suite *dndn_dossier_suite(void);
Suite *dndn_dossier_suite(void)
{
    Suite *s = suite_create("dossier");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, validate_good);
    tcase_add_test(tc, validate_bad);
    tcase_add_test(tc, json_types_and_events);
    tcase_add_test(tc, mask_names);
    tcase_add_test(tc, foreign_times);
    tcase_add_test(tc, overdue_rule);
    tcase_add_test(tc, views);
    tcase_add_test(tc, timeline_order);
    tcase_add_test(tc, steps_text);
    suite_add_tcase(s, tc);
    return s;
}
