/*
 * mod_dndn_me.c - PUT /me: the business user's own profile.
 *
 *   {"name", "phone"?, "phone_consent"?, "enterprise"?:{"tax_code","name"}}
 *
 * "name" is required.  A member left out keeps its stored value; "phone":
 * null and "enterprise": null remove them.  A phone is stored only with
 * "phone_consent": true, and the consent (purpose, time) is recorded;
 * removing the phone records the withdrawal.  Every field error is
 * reported at once and nothing is stored then.
 */
#include <string.h>

#include <apr_strings.h>

#include "dndn_zalo.h"
#include "mod_dndn.h"

APLOG_USE_MODULE(dndn);

static void wrong_type(apr_array_header_t *errs, const char *field,
                       const char *message)
{
    dndn_errors_add(errs, field, "invalid_type", message);
}

static void read_enterprise(apr_pool_t *p, apr_array_header_t *errs,
                            const cJSON *e, dndn_user_change *ch)
{
    int ok = 1;
    const char *tax, *name;

    if (!cJSON_IsObject(e)) {
        wrong_type(errs, "enterprise",
                   "Thông tin doanh nghiệp phải là một đối tượng "
                   "{\"tax_code\", \"name\"} hoặc null.");
        return;
    }
    ch->enterprise_op = 1;
    tax = dndn_json_get_str(e, "tax_code", &ok);
    if (!ok) {
        wrong_type(errs, "enterprise.tax_code",
                   "Mã số thuế phải là một chuỗi ký tự.");
    }
    else {
        dndn_check_tax_code(p, errs, "enterprise.tax_code", tax, &ch->tax_code);
    }
    ok = 1;
    name = dndn_json_get_str(e, "name", &ok);
    if (!ok) {
        wrong_type(errs, "enterprise.name",
                   "Tên doanh nghiệp phải là một chuỗi ký tự.");
    }
    else {
        dndn_check_text_labeled(p, errs, "enterprise.name", "Tên doanh nghiệp",
                                name, name ? strlen(name) : 0, 1, 255, 0,
                                &ch->enterprise_name);
    }
}

int dndn_apply_user_change(dndn_req *q, dndn_user *u,
                           const dndn_user_change *ch)
{
    apr_pool_t *p = q->r->pool;
    dndn_db *db;
    dndn_rc st;

    if (!(db = dndn_db_get(q))) {
        return OK;
    }
    st = dndn_store_user_change(db, u->id, ch, apr_time_sec(apr_time_now()), u);
    if (st == DNDN_NOTFOUND) {
        return dndn_send_not_found(q);
    }
    if (st != DNDN_OK) {
        return dndn_send_db_error(q);
    }
    return dndn_send_json(q, HTTP_OK, dndn_json_own(p, dndn_user_json(p, u)),
                          0);
}

static int h_put_me(dndn_req *q)
{
    apr_pool_t *p = q->r->pool;
    apr_array_header_t *errs = dndn_errors_make(p);
    const cJSON *m;
    const char *name;
    dndn_user_change ch;
    dndn_user u;
    cJSON *body;
    int st, ok = 1, consent = 0;

    if (dndn_auth_user(q, &u)) {
        return OK;
    }
    if (!(body = dndn_read_json(q, &st))) {
        return st;
    }
    memset(&ch, 0, sizeof(ch));
    name = dndn_json_get_str(body, "name", &ok);
    if (!ok) {
        wrong_type(errs, "name", "Tên phải là một chuỗi ký tự.");
    }
    else {
        dndn_check_text(p, errs, "name", name, name ? strlen(name) : 0, 1, 100,
                        0, &ch.name);
    }

    m = cJSON_GetObjectItemCaseSensitive(body, "phone_consent");
    if (cJSON_IsBool(m)) {
        consent = cJSON_IsTrue(m);
    }
    else if (m && !cJSON_IsNull(m)) {
        wrong_type(errs, "phone_consent",
                   "phone_consent phải là true hoặc false.");
    }
    m = cJSON_GetObjectItemCaseSensitive(body, "phone");
    if (cJSON_IsNull(m)) {
        ch.phone_op = -1;
        ch.phone_purpose = DNDN_PHONE_CONSENT_PURPOSE;
    }
    else if (cJSON_IsString(m)) {
        if (!dndn_check_phone(p, errs, "phone", m->valuestring, &ch.phone)) {
            if (!consent) {
                dndn_errors_add(errs, "phone", "consent_required",
                                "Vui lòng đồng ý cho phép cơ quan nhà nước "
                                "dùng số điện thoại để liên hệ với doanh "
                                "nghiệp (phone_consent: true) trước khi lưu "
                                "số điện thoại.");
            }
            ch.phone_op = 1;
            ch.phone_purpose = DNDN_PHONE_CONSENT_PURPOSE;
        }
    }
    else if (m) {
        wrong_type(errs, "phone", "Số điện thoại phải là một chuỗi ký tự.");
    }

    m = cJSON_GetObjectItemCaseSensitive(body, "enterprise");
    if (cJSON_IsNull(m)) {
        ch.enterprise_op = -1;
    }
    else if (m) {
        read_enterprise(p, errs, m, &ch);
    }

    if (errs->nelts) {
        return dndn_send_problem(q, HTTP_BAD_REQUEST, "Dữ liệu không hợp lệ",
                                 "Vui lòng kiểm tra lại thông tin tài khoản.",
                                 errs);
    }
    return dndn_apply_user_change(q, &u, &ch);
}

const dndn_route dndn_me_routes[] = {{DNDN_PUBLIC, "PUT", "/me", h_put_me, 0},
                                     {0, NULL, NULL, NULL, 0}};
