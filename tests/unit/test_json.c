/* Unit tests: JSON parsing limits, problem bodies, the writer, SQL script
 * splitting. */
#include <check.h>
#include <math.h>
#include <string.h>

#include <apr_strings.h>

#include "dndn_json.h"
#include "dndn_sqlfile.h"

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

static char *nested(int depth)
{
    char *s = apr_palloc(pool, depth * 2 + 1);
    int i;

    for (i = 0; i < depth; i++) {
        s[i] = '[';
        s[depth * 2 - 1 - i] = ']';
    }
    s[depth * 2] = '\0';
    return s;
}

/* cJSON's own compact text of o: the oracle for the writer. */
static const char *cjson_text(const cJSON *o)
{
    char *s = cJSON_PrintUnformatted(o);
    char *copy;

    ck_assert_ptr_nonnull(s);
    copy = apr_pstrdup(pool, s);
    cJSON_free(s);
    return copy;
}

START_TEST(depth_limit)
{
    const char *err = NULL;
    char *ok = apr_psprintf(pool, "{\"a\":%s}", nested(31));
    char *deep = apr_psprintf(pool, "{\"a\":%s}", nested(32));

    ck_assert_int_eq(dndn_json_depth(ok, strlen(ok), 32), 32);
    ck_assert_ptr_nonnull(dndn_json_parse(pool, ok, strlen(ok), 1, &err));
    ck_assert_ptr_null(dndn_json_parse(pool, deep, strlen(deep), 1, &err));
    ck_assert_str_eq(err, "too_deep");
    /* Brackets inside strings do not count. */
    ck_assert_int_eq(dndn_json_depth("{\"a\":\"[[[[\\\"[[\"}", 16, 32), 1);
}
END_TEST

START_TEST(parse_errors)
{
    const char *err = NULL;

    ck_assert_ptr_null(dndn_json_parse(pool, "{", 1, 1, &err));
    ck_assert_str_eq(err, "invalid_json");
    ck_assert_ptr_null(dndn_json_parse(pool, "[1]", 3, 1, &err));
    ck_assert_str_eq(err, "not_object");
    ck_assert_ptr_null(dndn_json_parse(pool, "{} x", 4, 1, &err));
    ck_assert_str_eq(err, "invalid_json");
    /* Length is explicit: bytes after len are never read. */
    ck_assert_ptr_nonnull(dndn_json_parse(pool, "{}garbage", 2, 1, &err));
    ck_assert_ptr_nonnull(dndn_json_parse(pool, "{} \n", 4, 1, &err));
}
END_TEST

START_TEST(problem_body)
{
    apr_array_header_t *errs = dndn_errors_make(pool);
    cJSON *o;
    char *text;

    dndn_errors_add(errs, "content", "too_few_words",
                    "Nội dung phải có ít nhất 10 từ.");
    o = dndn_json_problem(pool, 400, "urn:x", "Dữ liệu không hợp lệ", NULL,
                          errs);
    text = dndn_json_print(pool, o, NULL);
    ck_assert_str_eq(text, "{\"type\":\"urn:x\",\"title\":\"Dữ liệu không hợp "
                           "lệ\",\"status\":400,\"errors\":[{\"field\":"
                           "\"content\",\"code\":\"too_few_words\","
                           "\"message\":\"Nội dung phải có ít nhất 10 "
                           "từ.\"}]}");
}
END_TEST

/* The writer gives what cJSON's printer gives for the same members:
 * every byte value in a string (each control character, '"', '\\', DEL,
 * UTF-8 and stray high bytes), in names too, nested and empty
 * containers, null and booleans, through buffer growth. */
START_TEST(writer_matches_cjson)
{
    cJSON *o = dndn_json_object(pool);
    cJSON *a, *inner;
    dndn_jw w;
    char all[256];
    const char *text;
    apr_size_t len = 0;
    int i;

    for (i = 1; i < 256; i++) {
        all[i - 1] = (char)i;
    }
    all[255] = '\0';
    dndn_jw_init(&w, pool, 1); /* grows many times */
    dndn_jw_open(&w, NULL, '{');

    dndn_jw_str(&w, "all bytes", all);
    cJSON_AddStringToObject(o, "all bytes", all);
    dndn_jw_str(&w, "tên \"lạ\"\n", "Tiếp nhận");
    cJSON_AddStringToObject(o, "tên \"lạ\"\n", "Tiếp nhận");
    dndn_jw_str(&w, "none", NULL);
    cJSON_AddNullToObject(o, "none");
    dndn_jw_str(&w, "empty", "");
    cJSON_AddStringToObject(o, "empty", "");
    dndn_jw_bool(&w, "yes", 1);
    cJSON_AddBoolToObject(o, "yes", 1);
    dndn_jw_bool(&w, "no", 0);
    cJSON_AddBoolToObject(o, "no", 0);
    dndn_jw_open(&w, "list", '[');
    a = cJSON_AddArrayToObject(o, "list");
    dndn_jw_str(&w, NULL, "a");
    cJSON_AddItemToArray(a, cJSON_CreateString("a"));
    dndn_jw_open(&w, NULL, '{');
    inner = cJSON_CreateObject();
    cJSON_AddItemToArray(a, inner);
    dndn_jw_open(&w, "deep", '[');
    cJSON_AddArrayToObject(inner, "deep");
    dndn_jw_close(&w, ']');
    dndn_jw_str(&w, "x", NULL);
    cJSON_AddNullToObject(inner, "x");
    dndn_jw_close(&w, '}');
    dndn_jw_open(&w, NULL, '{');
    cJSON_AddItemToArray(a, cJSON_CreateObject());
    dndn_jw_close(&w, '}');
    dndn_jw_bool(&w, NULL, 1);
    cJSON_AddItemToArray(a, cJSON_CreateTrue());
    dndn_jw_close(&w, ']');
    dndn_jw_str(&w, "after", "z");
    cJSON_AddStringToObject(o, "after", "z");
    dndn_jw_close(&w, '}');

    text = dndn_jw_text(&w, &len);
    ck_assert_str_eq(text, cjson_text(o));
    ck_assert_str_eq(text, dndn_json_print(pool, o, NULL));
    ck_assert_uint_eq(len, strlen(text));
    /* and it reads back */
    {
        const char *err = NULL;
        cJSON *back = dndn_json_parse(pool, text, len, 1, &err);
        ck_assert_ptr_nonnull(back);
        ck_assert_str_eq(cJSON_GetObjectItem(back, "all bytes")->valuestring,
                         all);
    }
}
END_TEST

/* Every byte that needs escaping, at every place of a 17-byte string of
 * plain bytes (ASCII and UTF-8): the writer reads eight bytes at a time,
 * so a miss at one offset of the word would show here. */
START_TEST(writer_escapes_at_every_offset)
{
    static const char fill[] = "ab\xc3\xaa"
                               "cd\xe1\xbb\x87"
                               "efghijklmn";
    int c, at;

    for (c = 1; c < 256; c++) {
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        for (at = 0; at < 17; at++) {
            char s[18];
            cJSON *o = dndn_json_object(pool);
            dndn_jw w;

            memcpy(s, fill, 17);
            s[at] = (char)c;
            s[17] = '\0';
            cJSON_AddStringToObject(o, "s", s);
            dndn_jw_init(&w, pool, 16);
            dndn_jw_open(&w, NULL, '{');
            dndn_jw_str(&w, "s", s);
            dndn_jw_close(&w, '}');
            ck_assert_str_eq(dndn_jw_text(&w, NULL), cjson_text(o));
        }
    }
}
END_TEST

/* dndn_json_print (the writer walking a tree) against cJSON's printer:
 * numbers of every kind, nesting, empty containers, raw text, a string
 * without value and a member without name, and a number-only top level. */
START_TEST(print_matches_cjson)
{
    static const double nums[] = {
        0.0,          -0.0,          1.0,
        -1.0,         42.0,          2147483647.0,
        2147483648.0, -2147483649.0, 9007199254740993.0,
        1e300,        -1e-300,       0.1,
        1.0 / 3.0,    2.5,           123456789.123,
        5e-324};
    cJSON *o = dndn_json_object(pool);
    cJSON *a = cJSON_AddArrayToObject(o, "nums");
    cJSON *odd = cJSON_CreateString("x");
    cJSON *inner;
    apr_size_t i, len = 0;
    const char *text;

    for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
        cJSON_AddItemToArray(a, cJSON_CreateNumber(nums[i]));
    }
    cJSON_AddItemToArray(a, cJSON_CreateNumber(NAN));
    cJSON_AddItemToArray(a, cJSON_CreateNumber(INFINITY));
    cJSON_AddItemToObject(o, "raw", cJSON_CreateRaw("{\"pre\":[1,2]}"));
    inner = cJSON_AddObjectToObject(o, "inner");
    cJSON_AddObjectToObject(inner, "empty");
    cJSON_AddArrayToObject(inner, "none");
    dndn_json_add_str(inner, "ref", "Tiếp nhận \"hồ sơ\"");
    dndn_json_add_str(inner, "nul", NULL);
    cJSON_AddBoolToObject(inner, "t", 1);
    cJSON_AddBoolToObject(inner, "f", 0);
    cJSON_free(odd->valuestring);
    odd->valuestring = NULL;
    cJSON_AddItemToArray(a, odd);

    text = dndn_json_print(pool, o, &len);
    ck_assert_str_eq(text, cjson_text(o));
    ck_assert_uint_eq(len, strlen(text));
    {
        cJSON *n = dndn_json_own(pool, cJSON_CreateNumber(-7.25));
        ck_assert_str_eq(dndn_json_print(pool, n, NULL), cjson_text(n));
    }
    ck_assert_ptr_null(dndn_json_print(pool, NULL, NULL));
}
END_TEST

START_TEST(writer_top_level_array)
{
    dndn_jw w;
    apr_size_t len = 0;

    dndn_jw_init(&w, pool, 64);
    dndn_jw_open(&w, NULL, '[');
    dndn_jw_close(&w, ']');
    ck_assert_str_eq(dndn_jw_text(&w, &len), "[]");
    ck_assert_uint_eq(len, 2);
}
END_TEST

START_TEST(sql_split)
{
    apr_array_header_t *a = dndn_sql_split(
        pool, "-- head; comment\nCREATE TABLE t (a INT);\n"
              "INSERT INTO t VALUES ('x;y', 'it''s; ok', \"q;\");\n"
              "/* block; */ SELECT 1;\n  -- only a comment;\n");

    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->nelts, 3);
    ck_assert_str_eq(APR_ARRAY_IDX(a, 0, const char *),
                     "-- head; comment\nCREATE TABLE t (a INT)");
    ck_assert_str_eq(APR_ARRAY_IDX(a, 1, const char *),
                     "INSERT INTO t VALUES ('x;y', 'it''s; ok', \"q;\")");
    ck_assert_str_eq(APR_ARRAY_IDX(a, 2, const char *),
                     "/* block; */ SELECT 1");
    ck_assert_ptr_null(dndn_sql_split(pool, "SELECT 'open;"));
    ck_assert_ptr_null(dndn_sql_split(pool, "SELECT 1 /* open"));
    ck_assert_int_eq(dndn_sql_split(pool, "")->nelts, 0);
}
END_TEST

START_TEST(sql_split_triggers)
{
    /* SQLite's body: one statement up to END; MariaDB's single-statement
     * form ends at its ';'; "begin"/"end" inside longer words or strings
     * change nothing. */
    apr_array_header_t *a = dndn_sql_split(
        pool, "-- c\n create  trigger t1 AFTER INSERT ON e BEGIN\n"
              "  UPDATE d SET s = NULL WHERE c = NEW.c; -- x;\n"
              "  UPDATE d SET v = 'end;' WHERE c = NEW.c;\nEND ;\n"
              "CREATE TRIGGER t2 AFTER DELETE ON e FOR EACH ROW UPDATE d "
              "SET s = NULL WHERE c = OLD.c;\n"
              "CREATE TRIGGER t3 AFTER UPDATE ON e BEGIN UPDATE d SET "
              "backend = 1; UPDATE d SET legend = 2; END;\n"
              "CREATE TABLE beginning (x INT); SELECT 1;");

    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->nelts, 5);
    ck_assert_str_eq(APR_ARRAY_IDX(a, 0, const char *),
                     "-- c\n create  trigger t1 AFTER INSERT ON e BEGIN\n"
                     "  UPDATE d SET s = NULL WHERE c = NEW.c; -- x;\n"
                     "  UPDATE d SET v = 'end;' WHERE c = NEW.c;\nEND");
    ck_assert_str_eq(APR_ARRAY_IDX(a, 1, const char *),
                     "CREATE TRIGGER t2 AFTER DELETE ON e FOR EACH ROW "
                     "UPDATE d SET s = NULL WHERE c = OLD.c");
    ck_assert_str_eq(APR_ARRAY_IDX(a, 2, const char *),
                     "CREATE TRIGGER t3 AFTER UPDATE ON e BEGIN UPDATE d SET "
                     "backend = 1; UPDATE d SET legend = 2; END");
    ck_assert_str_eq(APR_ARRAY_IDX(a, 3, const char *),
                     "CREATE TABLE beginning (x INT)");
    ck_assert_str_eq(APR_ARRAY_IDX(a, 4, const char *), "SELECT 1");
}
END_TEST

Suite *dndn_json_suite(void);
Suite *dndn_json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, depth_limit);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, problem_body);
    tcase_add_test(tc, writer_matches_cjson);
    tcase_add_test(tc, writer_escapes_at_every_offset);
    tcase_add_test(tc, print_matches_cjson);
    tcase_add_test(tc, writer_top_level_array);
    tcase_add_test(tc, sql_split);
    tcase_add_test(tc, sql_split_triggers);
    suite_add_tcase(s, tc);
    return s;
}
