"""Reports: the daily report to the People's Committee and the oversight
view, checked figure by figure against a known history written into the
database (petitions answered on time, late, still overdue, across a
weekend and the 30/4-1/5 holidays of 2026), on both engines, in JSON and
CSV, through the staff surface, the partner surface and dndnctl."""
import csv
import datetime
import io
import json
import uuid

import pytest
import requests

import dndn_server as ds
from conftest import BUILD, sql, sql_script

VN = datetime.timezone(datetime.timedelta(hours=7))
PW = "dndn-dev"
PARTNER = {"X-API-Key": "dev-partner-key"}
DOSSIERS_ONLY = {"X-API-Key": "dev-dossiers-key"}
PROBLEM = "application/problem+json; charset=utf-8"

# Personal data of the history's author: must never appear in a report.
SECRET_NAME = "Trần Thị Bảomật"
SECRET_PHONE = "+84912000111"
SECRET_TAX = "0100109106"
SECRET_FIRM = "Công ty TNHH Kínđáo"
SECRET_CONTENT = "nộidungriêngtư"


def t(day, hh=0, mm=0, ss=0):
    """Epoch seconds of a Vietnam-local time in 2026 ("MM-DD")."""
    m, d = (int(x) for x in day.split("-"))
    return int(datetime.datetime(2026, m, d, hh, mm, ss,
                                 tzinfo=VN).timestamp())


def end(day):
    return t(day, 23, 59, 59)


# The history.  Working days around it: Mon 20/4 - Fri 24/4, Tue 28/4,
# Wed 29/4, Mon 4/5, Tue 5/5...  Holidays (demo calendar): Sun 26/4 and
# Mon 27/4 (Giỗ Tổ and its day off in lieu), Thu 30/4, Fri 1/5.
# code: (status, agency, category, created, assigned, due, answered,
#        answer agency, closed)
HISTORY = {
    # answered on the report day (4/5), on time, 49 working hours
    "RPT-01": ("answered", "SKHDT", "thue", t("04-28", 9), t("04-28", 10),
               end("05-05"), t("05-04", 11), "SKHDT", None),
    # answered on the report day, late, 175.5 working hours
    "RPT-02": ("answered", "SKHDT", "dau-tu", t("04-20", 8), t("04-20", 9),
               end("04-24"), t("05-04", 16, 30), "SKHDT", None),
    # in progress at STC, overdue since 28/4 (2 working days: 29/4, 4/5)
    "RPT-03": ("in_progress", "STC", "thue", t("04-21", 9), t("04-21", 10),
               end("04-28"), None, None, None),
    # received and assigned to STC on the report day, not due yet
    "RPT-04": ("assigned", "STC", "dat-dai", t("05-04", 8), t("05-04", 9),
               end("05-11"), None, None, None),
    # received on the report day, waiting for the coordinating centre
    "RPT-05": ("received", None, "thue", t("05-04", 14), None, None, None,
               None, None),
    # answered two days later: open and overdue (1 day) at SKHDT on 4/5
    "RPT-06": ("answered", "SKHDT", "thue", t("04-22", 9), t("04-22", 10),
               end("04-29"), t("05-06", 10), "SKHDT", None),
    # received on a holiday, rejected the day after: open on 4/5
    "RPT-07": ("rejected", None, "khac", t("05-01", 20), None, None, None,
               None, t("05-05", 9)),
    # withdrawn before the report day: not open
    "RPT-08": ("withdrawn", None, "thue", t("05-02", 8), None, None, None,
               None, t("05-02", 9)),
    # received the second after the report day: not counted
    "RPT-09": ("received", None, "thue", t("05-05"), None, None, None, None,
               None),
    # returned by SKHDT, past due: open, overdue, waiting for the centre
    "RPT-10": ("returned", "SKHDT", "dau-tu", t("04-23", 9), t("04-23", 10),
               end("04-29"), None, None, None),
    # answered by STC before the report day, rated: 54 working hours
    "RPT-11": ("closed", "STC", "thue", t("04-24", 8), t("04-24", 9),
               end("05-06"), t("04-29", 15), "STC", t("04-30", 8)),
    # received at the very first second of the report day
    "RPT-12": ("received", None, "thue", t("05-04"), None, None, None, None,
               None),
}

# Events: (code, action, at); only those of 4/5 count in the daily report.
EVENTS = [
    ("RPT-01", "submit", t("04-28", 9)), ("RPT-01", "assign", t("04-28", 10)),
    ("RPT-01", "answer", t("05-04", 11)),
    ("RPT-02", "submit", t("04-20", 8)), ("RPT-02", "answer", t("05-04", 16, 30)),
    ("RPT-03", "assign", t("04-21", 10)),
    ("RPT-04", "submit", t("05-04", 8)), ("RPT-04", "assign", t("05-04", 9)),
    ("RPT-05", "submit", t("05-04", 14)),
    ("RPT-06", "answer", t("05-06", 10)),
    ("RPT-07", "submit", t("05-01", 20)), ("RPT-07", "reject", t("05-05", 9)),
    ("RPT-09", "submit", t("05-05")),
    ("RPT-11", "answer", t("04-29", 15)),
    ("RPT-12", "submit", t("05-04")),
    ("RPT-04", "note", t("05-04", 10)),
]


def q(v):
    return "NULL" if v is None else "'%s'" % str(v).replace("'", "''")


def write_history(server, tag):
    """The history, under codes RPT-nn-<tag> (unique per database)."""
    subject = "report-history-" + tag
    sql_script(server, (
        "INSERT INTO users (provider, subject, name, phone, "
        "enterprise_tax_code, enterprise_name, created_at, updated_at) "
        "VALUES ('test', %s, %s, %s, %s, %s, %d, %d);"
        % (q(subject), q(SECRET_NAME), q(SECRET_PHONE), q(SECRET_TAX),
           q(SECRET_FIRM), t("04-01"), t("04-01"))))
    uid = sql(server, "SELECT id FROM users WHERE subject = ?",
              (subject,))[0][0]
    stmts = []
    for code, (status, agency, cat, created, assigned, due, answered,
               ans_agency, closed) in HISTORY.items():
        stmts.append(
            "INSERT INTO petitions (code, user_id, kind, title, content, "
            "category, agency_code, enterprise_tax_code, enterprise_name, "
            "contact_phone, public_consent, status, created_at, assigned_at, "
            "due_at, answered_at, answer_content, answer_agency, answered_by, "
            "closed_at, search_text, updated_at) VALUES (%s, %s, 'question', "
            "%s, %s, %s, %s, %s, %s, %s, 0, %s, %d, %s, %s, %s, %s, %s, %s, "
            "%s, '', %d);" % (
                q(code + "-" + tag), uid, q("Tiêu đề của " + code),
                q("Nội dung " + SECRET_CONTENT + " " + code), q(cat),
                q(agency), q(SECRET_TAX), q(SECRET_FIRM), q(SECRET_PHONE),
                q(status), created, q(assigned), q(due), q(answered),
                q(answered and "Trả lời " + SECRET_CONTENT), q(ans_agency),
                q(answered and "officer"), q(closed), created))
    for code, action, at in EVENTS:
        stmts.append(
            "INSERT INTO petition_events (petition_id, at, actor_kind, actor, "
            "from_status, to_status, action, internal) VALUES ((SELECT id "
            "FROM petitions WHERE code = %s), %d, 'staff', 'officer', NULL, "
            "NULL, %s, 0);" % (q(code + "-" + tag), at, q(action)))
    sql_script(server, "\n".join(stmts))


@pytest.fixture(scope="module")
def history(server):
    """Written once per engine: tests read it, none changes it."""
    tag = uuid.uuid4().hex[:6]
    write_history(server, tag)
    return tag


def staff_get(server, user, path, **kw):
    kw.setdefault("timeout", 30)
    return requests.get(server.url + "/api/v1/staff" + path,
                        auth=(user, PW), **kw)


def partner_get(server, path, headers=PARTNER, **kw):
    kw.setdefault("timeout", 30)
    return requests.get(server.url + "/api/v1/partner" + path,
                        headers=headers, **kw)


def zero_agency(code):
    return {"open": 0, "answered_on_time": 0, "answered_late": 0,
            "overdue": 0, "mean_hours_to_answer": None}


def figures(agency_row):
    return {k: v for k, v in agency_row.items()
            if k not in ("agency", "agency_name")}


def daily_expected(tag):
    return {
        "date": "2026-05-04", "as_of": "2026-05-04T23:59:59+07:00",
        "received": 3, "assigned": 1, "answered": 2,
        "open": 7, "overdue": 3, "unassigned": 4,
        "SKHDT": {"open": 1, "answered_on_time": 1, "answered_late": 1,
                  "overdue": 1, "mean_hours_to_answer": 112.3},
        "STC": {"open": 2, "answered_on_time": 0, "answered_late": 0,
                "overdue": 1, "mean_hours_to_answer": None},
        "overdue_petitions": [
            {"code": "RPT-03-" + tag, "agency": "STC",
             "due_at": "2026-04-28T23:59:59+07:00", "days_overdue": 2,
             "title": "Tiêu đề của RPT-03"},
            {"code": "RPT-06-" + tag, "agency": "SKHDT",
             "due_at": "2026-04-29T23:59:59+07:00", "days_overdue": 1,
             "title": "Tiêu đề của RPT-06"},
            {"code": "RPT-10-" + tag, "agency": None,
             "due_at": "2026-04-29T23:59:59+07:00", "days_overdue": 1,
             "title": "Tiêu đề của RPT-10"},
        ],
    }


def check_daily(body, tag):
    exp = daily_expected(tag)
    for k in ("date", "as_of", "received", "assigned", "answered", "open",
              "overdue", "unassigned", "overdue_petitions"):
        assert body[k] == exp[k], k
    rows = {a["agency"]: a for a in body["agencies"]}
    assert figures(rows["SKHDT"]) == exp["SKHDT"]
    assert figures(rows["STC"]) == exp["STC"]
    assert rows["SKHDT"]["agency_name"] == "Sở Kế hoạch và Đầu tư"
    for code, row in rows.items():
        if code not in ("SKHDT", "STC"):
            assert figures(row) == zero_agency(code), code
    assert set(body) == {"date", "as_of", "received", "assigned", "answered",
                         "open", "overdue", "unassigned", "agencies",
                         "overdue_petitions"}


def test_daily_report_figures(server, history):
    r = staff_get(server, "coordinator", "/reports/daily",
                  params={"date": "2026-05-04"})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    assert r.headers["Cache-Control"] == "no-store"
    check_daily(r.json(), history)
    # The agencies are the catalogue's, in its order.
    agencies = requests.get(server.url + "/api/v1/agencies",
                            params={"limit": 100}, timeout=30).json()["items"]
    assert [a["agency"] for a in r.json()["agencies"]] == \
        [a["code"] for a in agencies]


def test_daily_report_other_days(server, history):
    """The day before: the answers of 4/5 are not in it, and petitions
    received on 4/5 do not exist yet."""
    body = staff_get(server, "coordinator", "/reports/daily",
                     params={"date": "2026-05-03"}).json()
    assert (body["received"], body["assigned"], body["answered"]) == (0, 0, 0)
    # Open at the end of Sunday 3/5: 01, 02, 03, 06, 07, 10 (08 withdrawn
    # on 2/5, 11 answered on 29/4, 04/05/12 not yet received).
    assert body["open"] == 6
    assert body["unassigned"] == 2  # 07 received, 10 returned
    # Overdue: 02 (due 24/4), 03 (28/4), 06 and 10 (29/4), counted in
    # working days up to Sunday 3/5 (30/4 and 1/5 are holidays).
    items = {i["code"].split("-")[1]: i for i in body["overdue_petitions"]}
    assert sorted(items) == ["02", "03", "06", "10"]
    assert body["overdue"] == 4
    assert items["02"]["days_overdue"] == 2  # 28/4, 29/4
    assert items["03"]["days_overdue"] == 1  # 29/4
    assert items["06"]["days_overdue"] == 0  # none since 29/4 by Sunday
    rows = {a["agency"]: a for a in body["agencies"]}
    # SKHDT: 01 (not due yet), 02 and 06 (overdue); 10 was returned.
    assert figures(rows["SKHDT"]) == {
        "open": 3, "answered_on_time": 0, "answered_late": 0, "overdue": 2,
        "mean_hours_to_answer": None}
    # 29/4: STC's answer to 11, 54 working hours, on time.
    body = staff_get(server, "coordinator", "/reports/daily",
                     params={"date": "2026-04-29"}).json()
    rows = {a["agency"]: a for a in body["agencies"]}
    assert figures(rows["STC"])["answered_on_time"] == 1
    assert figures(rows["STC"])["mean_hours_to_answer"] == 54.0
    assert body["answered"] == 1


def oversight_expected():
    statuses = ["received", "assigned", "in_progress", "answered", "closed",
                "returned", "rejected", "withdrawn"]

    def st(**kw):
        return {s: kw.get(s, 0) for s in statuses}
    return {
        "SKHDT": {"petitions": 4, "answered": 2, "answered_on_time": 1,
                  "answered_late": 1, "on_time_rate": 0.5,
                  "mean_hours_to_answer": 112.3, "p90_hours_to_answer": 175.5,
                  "by_status": st(closed=3, returned=1),
                  "by_category": {"thue": 2, "dau-tu": 2}},
        "STC": {"petitions": 3, "answered": 1, "answered_on_time": 1,
                "answered_late": 0, "on_time_rate": 1,
                "mean_hours_to_answer": 54, "p90_hours_to_answer": 54,
                "by_status": st(in_progress=1, assigned=1, closed=1),
                "by_category": {"thue": 2, "dat-dai": 1}},
        "total": {"petitions": 11, "answered": 3, "answered_on_time": 2,
                  "answered_late": 1, "on_time_rate": 0.667,
                  "mean_hours_to_answer": 92.8, "p90_hours_to_answer": 175.5,
                  "by_status": st(received=2, assigned=1, in_progress=1,
                                  closed=4, returned=1, rejected=1,
                                  withdrawn=1),
                  "by_category": {"thue": 7, "dau-tu": 2, "dat-dai": 1,
                                  "khac": 1}},
    }


def with_zero_categories(by_cat, categories):
    return {c: by_cat.get(c, 0) for c in categories}


def check_oversight(body):
    exp = oversight_expected()
    cats = list(body["total"]["by_category"])
    assert {"thue", "dau-tu", "dat-dai", "khac"} <= set(cats)
    rows = {a["agency"]: a for a in body["agencies"]}
    for code in ("SKHDT", "STC"):
        got = figures(rows[code])
        want = dict(exp[code])
        want["by_category"] = with_zero_categories(want["by_category"], cats)
        assert got == want, code
    want = dict(exp["total"])
    want["by_category"] = with_zero_categories(want["by_category"], cats)
    assert body["total"] == want
    for code, row in rows.items():
        if code not in ("SKHDT", "STC"):
            assert row["petitions"] == row["answered"] == 0, code
            assert row["on_time_rate"] is None


def test_oversight_figures(server, history):
    r = staff_get(server, "observer", "/reports/agencies",
                  params={"from": "2026-04-20", "to": "2026-05-04"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["from"], body["to"]) == ("2026-04-20", "2026-05-04")
    assert body["as_of"] == "2026-05-04T23:59:59+07:00"
    check_oversight(body)


def parse_csv(r):
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert b"\r\n" in r.content
    assert "attachment" in r.headers["Content-Disposition"]
    assert r.headers["Vary"].lower().count("accept") >= 1
    return list(csv.reader(io.StringIO(r.content[3:].decode("utf-8"))))


def test_daily_report_csv(server, history):
    r = staff_get(server, "coordinator", "/reports/daily",
                  params={"date": "2026-05-04"},
                  headers={"Accept": "text/csv"})
    assert r.status_code == 200, r.text
    assert 'filename="bao-cao-ngay-2026-05-04.csv"' in \
        r.headers["Content-Disposition"]
    rows = parse_csv(r)
    head = {row[0]: row[1] for row in rows[:8] if len(row) == 2}
    assert head["Báo cáo ngày"] == "2026-05-04"
    assert head["Tiếp nhận trong ngày"] == "3"
    assert head["Chuyển xử lý trong ngày"] == "1"
    assert head["Trả lời trong ngày"] == "2"
    assert head["Đang xử lý"] == "7"
    assert head["Quá hạn"] == "3"
    assert head["Chờ phân công"] == "4"
    by_code = {row[0]: row for row in rows if len(row) == 7}
    assert by_code["SKHDT"][2:] == ["1", "1", "1", "1", "112.3"]
    assert by_code["STC"][2:] == ["2", "0", "0", "1", ""]
    overdue = [row for row in rows if len(row) == 5][1:]
    assert [(o[0], o[1], o[3], o[4]) for o in overdue] == [
        ("RPT-03-" + history, "STC", "2", "Tiêu đề của RPT-03"),
        ("RPT-06-" + history, "SKHDT", "1", "Tiêu đề của RPT-06"),
        ("RPT-10-" + history, "", "1", "Tiêu đề của RPT-10")]
    # ?format=csv says the same.
    r2 = staff_get(server, "coordinator", "/reports/daily",
                   params={"date": "2026-05-04", "format": "csv"})
    assert r2.content == r.content


def test_oversight_csv(server, history):
    r = partner_get(server, "/reports/agencies",
                    params={"from": "2026-04-20", "to": "2026-05-04"},
                    headers=dict(PARTNER, Accept="text/csv"))
    assert r.status_code == 200, r.text
    rows = parse_csv(r)
    header = rows[1]
    by_code = {row[0]: dict(zip(header, row)) for row in rows[2:]}
    skhdt, total = by_code["SKHDT"], by_code[""]
    assert skhdt["Số phản ánh nhận"] == "4"
    assert skhdt["Tỷ lệ đúng hạn"] == "0.500"
    assert skhdt["Số giờ trung bình để trả lời"] == "112.3"
    assert skhdt["Số giờ để trả lời (bách phân vị 90)"] == "175.5"
    assert skhdt["status:closed"] == "3"
    assert skhdt["category:dau-tu"] == "2"
    assert total["Cơ quan"] == "Tổng cộng"
    assert total["Số phản ánh nhận"] == "11"
    assert total["Tỷ lệ đúng hạn"] == "0.667"
    assert total["Số giờ trung bình để trả lời"] == "92.8"
    assert total["status:withdrawn"] == "1"
    assert total["category:thue"] == "7"


def test_cli_prints_the_same(server, history):
    db = server.db
    for args, path, params in (
            (["report", "daily", "--date", "2026-05-04"], "/reports/daily",
             {"date": "2026-05-04"}),
            (["report", "agencies", "--from", "2026-04-20", "--to",
              "2026-05-04"], "/reports/agencies",
             {"from": "2026-04-20", "to": "2026-05-04"})):
        out = ds.dndnctl(BUILD, db.driver, db.params, *args)
        api = staff_get(server, "admin", path, params=params)
        assert api.status_code == 200
        assert json.loads(out.stdout) == api.json()
        out = ds.dndnctl(BUILD, db.driver, db.params, *args, "--format",
                         "csv")
        api = staff_get(server, "admin", path, params=params,
                        headers={"Accept": "text/csv"})
        # (text mode reads the CLI's CRLF line ends as LF)
        assert out.stdout == api.content.decode("utf-8").replace("\r\n",
                                                                 "\n")
    check_daily(json.loads(ds.dndnctl(
        BUILD, db.driver, db.params, "report", "daily", "--date",
        "2026-05-04").stdout), history)


def test_cli_refuses_bad_dates(server):
    db = server.db
    for args in (["report", "daily", "--date", "2026-02-30"],
                 ["report", "daily", "--date", "2999-01-01"],
                 ["report", "agencies", "--from", "2026-05-04", "--to",
                  "2026-05-01"],
                 ["report", "weekly"],
                 ["report", "daily", "--format", "xml"]):
        out = ds.dndnctl(BUILD, db.driver, db.params, *args, check=False)
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert out.stdout == ""


def fetch_all_forms(server, who, path, params):
    out = []
    for accept in ("application/json", "text/csv"):
        if who == "partner":
            r = partner_get(server, path, params=params,
                            headers=dict(PARTNER, Accept=accept))
        else:
            r = staff_get(server, who, path, params=params,
                          headers={"Accept": accept})
        assert r.status_code == 200, r.text
        out.append(r.content.decode("utf-8"))
    return out


def test_no_personal_data_in_any_form(server, history):
    texts = []
    for who in ("observer", "partner", "coordinator"):
        texts += fetch_all_forms(server, who, "/reports/daily",
                                 {"date": "2026-05-04"})
        texts += fetch_all_forms(server, who, "/reports/agencies",
                                 {"from": "2026-04-01", "to": "2026-05-31"})
    assert len(texts) == 12
    for text in texts:
        for secret in (SECRET_NAME, SECRET_PHONE, SECRET_PHONE[3:],
                       SECRET_TAX, SECRET_FIRM, SECRET_CONTENT, "officer"):
            assert secret not in text
    # Titles are there: they are what the report is for.
    assert "Tiêu đề của RPT-03" in texts[0]


@pytest.mark.parametrize("who,status", [
    ("coordinator", 200), ("observer", 200), ("admin", 200),
    ("officer", 403), ("editor", 403)])
def test_who_may_read_staff_reports(server, who, status):
    for path in ("/reports/daily", "/reports/agencies"):
        r = staff_get(server, who, path)
        assert r.status_code == status, (path, r.text)
        if status == 403:
            assert r.headers["Content-Type"] == PROBLEM
            assert "báo cáo" in r.json()["detail"]


def test_who_may_read_partner_reports(server):
    for path in ("/reports/daily", "/reports/agencies"):
        assert partner_get(server, path).status_code == 200
        r = partner_get(server, path, headers=DOSSIERS_ONLY)
        assert r.status_code == 403
        assert partner_get(server, path, headers={}).status_code == 401
    r = requests.get(server.url + "/api/v1/staff/reports/daily", timeout=30)
    assert r.status_code == 401  # Apache's own Basic authentication


@pytest.mark.parametrize("params,field,code", [
    ({"date": "2026-13-01"}, "date", "invalid_date"),
    ({"date": "04-05-2026"}, "date", "invalid_date"),
    ({"date": ""}, "date", "invalid_date"),
    ({"date": "2999-01-01"}, "date", "date_in_future"),
    ({"date": "2026-05-04", "format": "xml"}, "format", "invalid_format"),
])
def test_daily_report_bad_input(server, params, field, code):
    r = staff_get(server, "coordinator", "/reports/daily", params=params)
    assert r.status_code == 400, r.text
    assert r.headers["Content-Type"] == PROBLEM
    assert r.json()["errors"] == [
        {"field": field, "code": code, "message": r.json()["errors"][0][
            "message"]}]
    assert r.json()["errors"][0]["message"]


@pytest.mark.parametrize("params,field,code", [
    ({"from": "2026-05-04", "to": "2026-05-01"}, "to", "invalid_range"),
    ({"from": "2016-01-01", "to": "2026-05-01"}, "to", "invalid_range"),
    ({"from": "2026-5-1", "to": "2026-05-04"}, "from", "invalid_date"),
    ({"from": "2026-05-01", "to": "2026-05-32"}, "to", "invalid_date"),
    ({"to": "tomorrow"}, "to", "invalid_date"),
    ({"from": "2999-01-01", "to": "2999-01-02"}, "from", "date_in_future"),
])
def test_oversight_bad_input(server, params, field, code):
    r = partner_get(server, "/reports/agencies", params=params)
    assert r.status_code == 400, r.text
    err = r.json()["errors"]
    assert [(e["field"], e["code"]) for e in err] == [(field, code)]


def test_today_follows_the_workflow(server, api):
    """Live: a petition submitted, assigned and answered now moves the
    figures of today's report by exactly one each."""
    from test_petitions import ANSWER, sign_in, staff, submit

    def today():
        r = staff_get(server, "coordinator", "/reports/daily")
        assert r.status_code == 200
        b = r.json()
        skhdt = {a["agency"]: a for a in b["agencies"]}["SKHDT"]
        return b, skhdt

    before, skhdt0 = today()
    assert before["date"] == datetime.datetime.now(VN).strftime("%Y-%m-%d")
    headers, _ = sign_in(api)
    code = submit(api, headers).json()["code"]
    coord, officer = staff(server, "coordinator"), staff(server, "officer")
    assert coord("POST", "/petitions/%s/assign" % code,
                 json={"agency": "SKHDT"}).status_code == 200
    mid, skhdt1 = today()
    assert mid["received"] == before["received"] + 1
    assert mid["assigned"] == before["assigned"] + 1
    assert skhdt1["open"] == skhdt0["open"] + 1
    assert officer("POST", "/petitions/%s/accept" % code,
                   json={}).status_code == 200
    assert officer("POST", "/petitions/%s/answer" % code,
                   json={"content": ANSWER}).status_code == 200
    after, skhdt2 = today()
    assert after["answered"] == before["answered"] + 1
    assert skhdt2["answered_on_time"] == skhdt0["answered_on_time"] + 1
    assert skhdt2["open"] == skhdt0["open"]
    assert skhdt2["mean_hours_to_answer"] is not None


def test_rejection_records_its_time(server, api):
    """closed_at marks when a petition left the workflow (reports count
    rejected and withdrawn petitions as open until then)."""
    from test_petitions import sign_in, staff, submit

    headers, _ = sign_in(api)
    a = submit(api, headers).json()["code"]
    b = submit(api, headers).json()["code"]
    assert staff(server, "coordinator")(
        "POST", "/petitions/%s/reject" % a,
        json={"reason": "Trùng lặp với phản ánh khác"}).status_code == 200
    assert api.post("/petitions/%s/withdraw" % b,
                    headers=headers).status_code == 200
    for code in (a, b):
        closed = sql(server, "SELECT closed_at FROM petitions WHERE code = ?",
                     (code,))[0][0]
        assert closed not in (None, "NULL", "")
        assert abs(int(closed) - datetime.datetime.now().timestamp()) < 120
