/* The unit test runner: every suite of the core, one summary line that
 * CI reads ("N%: Checks: N, Failures: N, Errors: N"). */
#include <check.h>
#include <stdlib.h>

Suite *dndn_http_suite(void);
Suite *dndn_json_suite(void);
Suite *dndn_token_suite(void);
Suite *dndn_text_suite(void);
Suite *dndn_validate_suite(void);
Suite *dndn_dossier_suite(void);
Suite *dndn_workflow_suite(void);
Suite *dndn_petition_suite(void);
Suite *dndn_search_suite(void);
Suite *dndn_content_suite(void);
Suite *dndn_time_suite(void);
Suite *dndn_calendar_suite(void);
Suite *dndn_zalo_suite(void);
Suite *dndn_report_suite(void);
Suite *dndn_privacy_suite(void);
Suite *dndn_tally_suite(void);

int main(void)
{
    SRunner *sr = srunner_create(dndn_http_suite());
    int failed;

    srunner_add_suite(sr, dndn_dossier_suite());
    srunner_add_suite(sr, dndn_json_suite());
    srunner_add_suite(sr, dndn_workflow_suite());
    srunner_add_suite(sr, dndn_petition_suite());
    srunner_add_suite(sr, dndn_search_suite());
    srunner_add_suite(sr, dndn_content_suite());
    srunner_add_suite(sr, dndn_token_suite());
    srunner_add_suite(sr, dndn_text_suite());
    srunner_add_suite(sr, dndn_validate_suite());
    srunner_add_suite(sr, dndn_time_suite());
    srunner_add_suite(sr, dndn_calendar_suite());
    srunner_add_suite(sr, dndn_zalo_suite());
    srunner_add_suite(sr, dndn_report_suite());
    srunner_add_suite(sr, dndn_privacy_suite());
    srunner_add_suite(sr, dndn_tally_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
