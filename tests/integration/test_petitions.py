"""Petitions: submission, the workflow, deadlines, the public Q&A."""
import datetime
import json
import os
import threading
import uuid

import pytest
import requests

import dndn_server as ds
from conftest import BUILD, all_pages, sql, sql_script

PROBLEM = "application/problem+json; charset=utf-8"
PW = "dndn-dev"
DEMO_HASH = "$2y$05$KDW.8ozqffr3f1JJ4wxYXeh/h5.B49mbdu/P71/Z3hYGaXTqfQ.x2"
VN = datetime.timezone(datetime.timedelta(hours=7))

CONTENT = ("Doanh nghiệp chúng tôi muốn hỏi về thủ tục đăng ký kinh doanh "
           "và việc nộp thuế điện tử cho chi nhánh mới thành lập tại tỉnh.")
ANSWER = ("Sở Kế hoạch và Đầu tư trả lời: doanh nghiệp nộp hồ sơ đăng ký "
          "chi nhánh trực tuyến trên Cổng dịch vụ công quốc gia, thời hạn "
          "giải quyết ba ngày làm việc.")


# ---------- helpers ----------

def count_petitions(server, user_id):
    return int(sql(server, "SELECT COUNT(*) FROM petitions WHERE user_id = ?",
                   (user_id,))[0][0])


def sign_in(api, name=None):
    name = name or "Người dùng %s" % uuid.uuid4().hex[:8]
    r = api.post("/auth/dev", json={"name": name})
    assert r.status_code == 200, r.text
    s = r.json()
    return {"Authorization": "Bearer " + s["token"]}, str(s["user"]["id"])


def staff(server, user):
    s = requests.Session()
    s.auth = (user, PW)
    base = server.url + "/api/v1/staff"

    def call(method, path, **kw):
        kw.setdefault("timeout", 30)
        return s.request(method, base + path, **kw)
    return call


def submit(api, headers, **over):
    body = {"kind": "question", "title": "Hỏi về thuế điện tử",
            "content": CONTENT, "category": "thue", "public_consent": True}
    body.update(over)
    return api.post("/petitions", json=body, headers=headers)


def calendar_marks(api, years):
    marks = {}
    for y in years:
        r = api.get("/calendar", params={"year": y})
        assert r.status_code == 200
        for d in r.json()["days"]:
            marks[d["date"]] = d["type"]
    return marks


def is_workday(marks, day):
    t = marks.get(day.isoformat())
    if day.weekday() >= 5:
        return t == "workday"
    return t != "holiday"


def expected_due(api, start, n):
    """End of the n-th working day after the local day of start."""
    marks = calendar_marks(api, [start.year, start.year + 1])
    day = start.date()
    while n > 0:
        day += datetime.timedelta(days=1)
        if is_workday(marks, day):
            n -= 1
    return "%sT23:59:59+07:00" % day.isoformat()


@pytest.fixture
def other_officer(server):
    """An officer of another agency (STC), added straight into the
    staff table of this server's database."""
    name = "officer_stc"
    if not sql(server, "SELECT username FROM staff WHERE username = ?", (name,)):
        sql(server, "INSERT INTO staff (username, password_hash, full_name, "
                    "role, agency_code, active, created_at) VALUES "
                    "(?, ?, 'Chuyên viên Sở Tài chính', 'officer', 'STC', 1, 0)",
            (name, DEMO_HASH))
    return name


def assigned_petition(api, server, headers):
    r = submit(api, headers)
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    r = staff(server, "coordinator")("POST", "/petitions/%s/assign" % code,
                                     json={"agency": "SKHDT"})
    assert r.status_code == 200, r.text
    return code


def answerable_petition(api, server, headers):
    code = assigned_petition(api, server, headers)
    r = staff(server, "officer")("POST", "/petitions/%s/accept" % code, json={})
    assert r.status_code == 200, r.text
    return code


# ---------- the whole flow ----------

def test_end_to_end_flow(api, server):
    h, uid = sign_in(api, "Phạm Thị Hoà %s" % uuid.uuid4().hex[:6])
    marker = "Hoà%s" % uuid.uuid4().hex[:6]   # a word only this test uses
    r = submit(api, h, title="Thuế điện tử %s" % marker,
               contact_phone="0912 345 678",
               enterprise={"tax_code": "0100109106", "name": "Công ty ABC"})
    assert r.status_code == 201, r.text
    p = r.json()
    code = p["code"]
    year = datetime.datetime.now(VN).year
    assert code.startswith("PAKN-%d-" % year) and len(code) == 16
    assert r.headers["Location"] == "/api/v1/petitions/" + code
    assert set(p) == {"code", "kind", "title", "content", "category", "status",
                      "agency", "created_at", "due_at", "working_days_left",
                      "overdue", "answer", "rating"}
    assert p["status"] == "received" and p["agency"] is None
    assert p["due_at"] is None and p["working_days_left"] is None
    assert p["created_at"].endswith("+07:00")
    assert api.get("/petitions/" + code, headers=h).json() == p

    coord, officer = staff(server, "coordinator"), staff(server, "officer")
    r = coord("POST", "/petitions/%s/assign" % code,
              json={"agency": "SKHDT", "note": "Chuyển Sở KH&ĐT"})
    assert r.status_code == 200, r.text
    now = datetime.datetime.now(VN)
    assert r.json()["status"] == "assigned"
    assert r.json()["due_at"] == expected_due(api, now, 5)
    mine = api.get("/petitions/" + code, headers=h).json()
    assert mine["working_days_left"] == 5 and mine["overdue"] is False
    assert mine["agency"] == "SKHDT"

    assert officer("POST", "/petitions/%s/accept" % code, json={}).json()["status"] == "in_progress"
    r = officer("POST", "/petitions/%s/notes" % code, json={"note": "Ghi chú nội bộ"})
    assert r.status_code == 200
    r = officer("POST", "/petitions/%s/answer" % code, json={"content": ANSWER})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "answered"
    mine = api.get("/petitions/" + code, headers=h).json()
    assert mine["answer"]["content"] == ANSWER
    assert mine["answer"]["agency"] == "SKHDT"
    assert mine["answer"]["answered_at"].endswith("+07:00")
    assert mine["working_days_left"] is None and mine["overdue"] is False

    r = api.post("/petitions/%s/rating" % code, headers=h,
                 json={"score": 5, "comment": "Trả lời nhanh"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "closed"
    assert r.json()["rating"]["score"] == 5

    r = coord("POST", "/petitions/%s/publish" % code, json={"public": True})
    assert r.status_code == 200, r.text
    assert r.json()["published"] is True

    # The author's history: every step, no internal note, no staff names.
    evs = api.get("/petitions/%s/events" % code, headers=h).json()["items"]
    assert [(e["action"], e["from"], e["to"]) for e in evs] == [
        ("submit", None, "received"), ("assign", "received", "assigned"),
        ("accept", "assigned", "in_progress"),
        ("answer", "in_progress", "answered"), ("rate", "answered", "closed"),
        ("publish", "closed", "closed")]
    assert all("actor" not in e and "internal" not in e for e in evs)
    assert evs[2]["agency"] == "SKHDT"
    # Staff see the internal note and who acted.
    full = coord("GET", "/petitions/" + code).json()
    notes = [e for e in full["events"] if e["action"] == "note"]
    assert notes and notes[0]["internal"] is True and notes[0]["actor"] == "officer"
    assert full["contact_phone"] == "+84912345678"
    assert full["enterprise"] == {"tax_code": "0100109106", "name": "Công ty ABC"}

    # Public Q&A: typed without diacritics, in any case, NFD, prefix.
    for query in [marker.lower().replace("à", "a"), marker.upper(),
                  "thue dien tu " + marker[:5].lower().replace("à", "a"),
                  "dang ky kinh doanh " + marker.lower().replace("à", "a"),
                  "ho\u0300a" + marker[3:]]:
        r = api.get("/qa", params={"q": query, "limit": 100})
        assert r.status_code == 200
        codes = [i["code"] for i in r.json()["items"]]
        assert code in codes, query
    item = [i for i in api.get("/qa", params={"q": marker}).json()["items"]
            if i["code"] == code][0]
    for hidden in ("author", "enterprise", "contact_phone", "rating"):
        assert hidden not in item
    assert item["answer"]["content"] == ANSWER
    assert api.get("/qa/" + code).status_code == 200
    assert api.get("/qa", params={"q": marker + " khongcotu"}).json()["items"] == []
    assert api.get("/qa", params={"q": marker, "category": "dat-dai"}).json()["items"] == []
    # Unpublished: gone from Q&A.
    assert coord("POST", "/petitions/%s/publish" % code,
                 json={"public": False}).status_code == 200
    assert api.get("/qa", params={"q": marker}).json()["items"] == []
    assert api.get("/qa/" + code).status_code == 404
    listed = api.get("/me/petitions", headers=h, params={"status": "closed"}).json()
    assert code in [i["code"] for i in listed["items"]]


def test_extend_return_reassign_reject(api, server):
    h, _ = sign_in(api)
    coord, officer = staff(server, "coordinator"), staff(server, "officer")
    code = assigned_petition(api, server, h)
    due = coord("GET", "/petitions/" + code).json()["due_at"]
    r = coord("POST", "/petitions/%s/extend" % code, json={"days": 3, "reason": "Cần xác minh"})
    assert r.status_code == 200, r.text
    start = datetime.datetime.fromisoformat(due)
    assert r.json()["due_at"] == expected_due(api, start, 3)
    assert r.json()["extended"] is True
    r = coord("POST", "/petitions/%s/extend" % code, json={"days": 3, "reason": "Lần hai"})
    assert r.status_code == 409 and r.json()["code"] == "already_extended"
    for bad in [{"days": 0, "reason": "x"}, {"days": 31, "reason": "x"},
                {"days": 2.5, "reason": "x"}, {"days": "3", "reason": "x"},
                {"days": 1e300, "reason": "x"}]:
        r = coord("POST", "/petitions/%s/extend" % code, json=bad)
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "days", bad
    # Every bad field at once.
    r = coord("POST", "/petitions/%s/extend" % code, json={"days": 99})
    assert {e["field"] for e in r.json()["errors"]} == {"days", "reason"}
    r = officer("POST", "/petitions/%s/return" % code, json={})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "reason"
    r = officer("POST", "/petitions/%s/return" % code, json={"reason": "Không thuộc thẩm quyền"})
    assert r.json()["status"] == "returned"
    r = coord("POST", "/petitions/%s/reject" % code, json={"reason": "Trùng lặp"})
    assert r.json()["status"] == "rejected"
    r = coord("POST", "/petitions/%s/assign" % code, json={"agency": "SKHDT"})
    assert r.status_code == 409
    assert r.json()["code"] == "invalid_transition"
    assert r.json()["current_status"] == "rejected"


# ---------- who may see and do what ----------

def test_another_users_petition_is_404(api):
    h, _ = sign_in(api)
    code = submit(api, h).json()["code"]
    h2, _ = sign_in(api)
    for path in ["/petitions/" + code, "/petitions/%s/events" % code]:
        assert api.get(path, headers=h2).status_code == 404
    assert api.post("/petitions/%s/withdraw" % code, headers=h2).status_code == 404
    assert api.get("/petitions/" + code, headers=h).status_code == 200
    assert api.get("/petitions/" + code).status_code == 401
    assert api.get("/petitions/PAKN-1999-000001", headers=h).status_code == 404


def test_officer_of_another_agency_is_403(api, server, other_officer):
    h, _ = sign_in(api)
    code = assigned_petition(api, server, h)
    other = staff(server, other_officer)
    r = other("GET", "/petitions/" + code)
    assert r.status_code == 403 and r.headers["Content-Type"] == PROBLEM
    assert other("POST", "/petitions/%s/accept" % code, json={}).status_code == 403
    listed = other("GET", "/petitions", params={"agency": "SKHDT", "limit": 100}).json()
    assert code not in [i["code"] for i in listed["items"]]
    assert all(i["agency"] == "STC" for i in listed["items"])
    assert staff(server, "editor")("GET", "/petitions/" + code).status_code == 403
    # The coordinator may not answer, the officer may not assign.
    assert staff(server, "officer")("POST", "/petitions/%s/assign" % code,
                                    json={"agency": "STC"}).status_code == 403


def test_observer_sees_no_personal_data(api, server):
    h, _ = sign_in(api)
    code = submit(api, h, contact_phone="0912345678",
                  enterprise={"tax_code": "0100109106", "name": "Công ty XYZ"}).json()["code"]
    obs = staff(server, "observer")
    one = obs("GET", "/petitions/" + code).json()
    listed = [i for i in obs("GET", "/petitions", params={"limit": 100}).json()["items"]
              if i["code"] == code]
    assert listed
    for p in (one, listed[0]):
        for hidden in ("content", "enterprise", "contact_phone", "author", "answered_by"):
            assert hidden not in p, hidden
    assert all("actor" not in e for e in one["events"])
    assert obs("POST", "/petitions/%s/assign" % code, json={"agency": "STC"}).status_code == 403
    full = staff(server, "coordinator")("GET", "/petitions/" + code).json()
    assert full["contact_phone"] == "+84912345678"
    assert full["author"]["id"] is not None


def test_observer_sees_no_rating_comment(api, server):
    """The author's own words (the rating comment) are personal data."""
    h, _ = sign_in(api)
    code = answerable_petition(api, server, h)
    assert staff(server, "officer")("POST", "/petitions/%s/answer" % code,
                                    json={"content": ANSWER}).status_code == 200
    comment = "Cảm ơn anh Nguyễn Văn Bình, số 0912345678"
    assert api.post("/petitions/%s/rating" % code, headers=h,
                    json={"score": 4, "comment": comment}).status_code == 200
    obs = staff(server, "observer")
    one = obs("GET", "/petitions/" + code).json()
    assert one["rating"] == {"score": 4, "comment": None,
                             "rated_at": one["rating"]["rated_at"]}
    assert comment not in json.dumps(one, ensure_ascii=False)
    feed = requests.get(server.url + "/api/v1/partner/petitions",
                        headers={"X-API-Key": "dev-partner-key"},
                        params={"limit": 100}, timeout=30).text
    assert comment not in feed and "Cảm ơn anh" not in json.dumps(
        json.loads(feed), ensure_ascii=False)
    full = staff(server, "coordinator")("GET", "/petitions/" + code).json()
    assert full["rating"]["comment"] == comment
    assert comment in [e["note"] for e in full["events"]]


def published_answer(api, server, headers, title):
    """A petition with that title, answered and published: its code."""
    coord, officer = staff(server, "coordinator"), staff(server, "officer")
    code = submit(api, headers, title=title).json()["code"]
    assert coord("POST", "/petitions/%s/assign" % code,
                 json={"agency": "SKHDT"}).status_code == 200
    assert officer("POST", "/petitions/%s/accept" % code,
                   json={}).status_code == 200
    assert officer("POST", "/petitions/%s/answer" % code,
                   json={"content": ANSWER}).status_code == 200
    assert coord("POST", "/petitions/%s/publish" % code,
                 json={"public": True}).status_code == 200
    return code


def test_qa_search_pages_newest_first(api, server):
    """Several published answers sharing a word: every page newest first,
    each petition once; a second word narrows; the last word is a prefix."""
    h, _ = sign_in(api)
    word = "Mãkhoá%s" % uuid.uuid4().hex[:6]
    folded = "makhoa" + word[6:].lower()
    other = "Ngoạilệ%s" % uuid.uuid4().hex[:6]  # in one title only
    other_f = "ngoaile" + other[7:].lower()
    codes = [published_answer(api, server, h, "Thuế %s số %d%s" % (
        word, i, " " + other if i == 1 else "")) for i in range(3)]
    for q in (folded, folded[:-2], word.upper()):
        items, pages = all_pages(
            lambda params: api.get("/qa", params=dict(params, q=q)), 1)
        assert [i["code"] for i in items] == codes[::-1], q
        assert pages == 3
    # Two words: only the petition whose title has both.
    got = api.get("/qa", params={"q": folded + " " + other_f}).json()["items"]
    assert [i["code"] for i in got] == [codes[1]]
    # A common first word drives the look-up; the prefix still narrows.
    got = api.get("/qa", params={"q": "dien " + other_f[:-1]}).json()["items"]
    assert [i["code"] for i in got] == [codes[1]]
    got = api.get("/qa", params={"q": folded, "category": "dat-dai"}).json()
    assert got["items"] == []


def test_qa_search_any_word_order_each_answer_once(api, server):
    """Whichever word of a query is the rarest drives the look-up, so the
    answers do not depend on the order of the words; a prefix matching
    two words of one answer finds it once; a word no answer has finds
    nothing, however common the others."""
    h, _ = sign_in(api)
    tag = uuid.uuid4().hex[:6]
    common, rare = "Chungtu%s" % tag, "Hiemco%s" % tag
    common_f, rare_f = common.lower(), rare.lower()
    codes = [published_answer(api, server, h, "Hỏi %s số %d%s" % (
        common, i, " %s %sx %sy" % (rare, rare, rare) if i == 2 else ""))
        for i in range(5)]

    def found(q, **params):
        r = api.get("/qa", params=dict(params, q=q, limit=100))
        assert r.status_code == 200, r.text
        return [i["code"] for i in r.json()["items"]]

    for q in (common_f + " " + rare_f, rare_f + " " + common_f,
              "hoi " + rare_f + " " + common_f[:-2],
              common_f + " " + rare_f + "x " + rare_f + "y"):
        assert found(q) == [codes[2]], q
    # rare_f% is a prefix of three words of one title.
    assert found(rare_f) == [codes[2]]
    assert found(common_f + " " + rare_f[:-1]) == [codes[2]]
    assert found(common_f) == codes[::-1]
    assert found("hoi " + common_f + " khong" + tag) == []
    assert found(rare_f + " " + common_f, category="thue") == [codes[2]]
    assert found(rare_f + " " + common_f, category="dat-dai") == []


def test_qa_search_common_prefix_each_answer_once(api, server):
    """A prefix of more than 200 terms (SQLite then reads the answers
    newest first rather than the prefix's range): each answer once,
    newest first, page by page."""
    h, _ = sign_in(api)
    word = "phobien%s" % uuid.uuid4().hex[:6]
    older = published_answer(api, server, h, "Hỏi %s cũ" % word)
    newer = published_answer(api, server, h, "Hỏi %s mới" % word)
    pid = sql(server, "SELECT id FROM petitions WHERE code = ?", (older,))[0][0]
    # As if the older answer's text held 250 words with that prefix.
    sql_script(server, "".join(
        "INSERT INTO qa_terms (term, petition_id) VALUES ('%s%d', %s);"
        % (word, i, pid) for i in range(250)))
    for q in (word, word[:-1], "hoi " + word):
        items, pages = all_pages(
            lambda params: api.get("/qa", params=dict(params, q=q)), 1)
        assert [i["code"] for i in items] == [newer, older], q
        assert pages == 2
    r = api.get("/qa", params={"q": word + "7", "limit": 100})
    assert [i["code"] for i in r.json()["items"]] == [older]


def test_qa_search_prefix_of_one_word(api, server):
    """A last word that starts one term only is searched as that term;
    once another answer has a second term with that start, the same query
    finds both, as a prefix should."""
    h, _ = sign_in(api)
    tag = uuid.uuid4().hex[:6]
    word = "duynhat%s" % tag
    first = published_answer(api, server, h, "Hỏi %s lần đầu" % word)

    def found(q):
        r = api.get("/qa", params={"q": q, "limit": 100})
        assert r.status_code == 200, r.text
        return [i["code"] for i in r.json()["items"]]

    for q in (word, word[:-2], "hoi " + word[:-2], word + " hoi"):
        assert found(q) == [first], q
    assert found(word + "x") == []
    second = published_answer(api, server, h, "Hỏi %sx lần hai" % word)
    for q in (word, word[:-2], "hoi " + word[:-2], "lan " + word):
        assert found(q) == [second, first], q
    assert found(word + "x") == [second]
    assert found(word + " hoi") == [first]


def test_staff_list_filters(api, server):
    h, _ = sign_in(api)
    code = assigned_petition(api, server, h)
    coord = staff(server, "coordinator")
    got = coord("GET", "/petitions", params={"status": "assigned", "agency": "SKHDT",
                                             "kind": "question", "limit": 100}).json()
    assert code in [i["code"] for i in got["items"]]
    assert all(i["status"] == "assigned" for i in got["items"])
    got = coord("GET", "/petitions", params={"q": "THUE dien", "limit": 100}).json()
    assert code in [i["code"] for i in got["items"]]
    got = coord("GET", "/petitions", params={"overdue": "1", "limit": 100}).json()
    assert code not in [i["code"] for i in got["items"]]
    assert coord("GET", "/petitions", params={"status": "open"}).status_code == 400
    # Paging: limit 1 gives a cursor to a different next item.
    first = coord("GET", "/petitions", params={"limit": 1}).json()
    assert first["next_cursor"]
    nxt = coord("GET", "/petitions", params={"limit": 1, "cursor": first["next_cursor"]}).json()
    assert nxt["items"][0]["code"] != first["items"][0]["code"]


# ---------- workflow conflicts ----------

def test_concurrent_answers_one_wins(api, server):
    h, _ = sign_in(api)
    code = answerable_petition(api, server, h)
    officer = staff(server, "officer")
    barrier = threading.Barrier(2)
    results = []

    def answer():
        barrier.wait()
        results.append(officer("POST", "/petitions/%s/answer" % code,
                               json={"content": ANSWER}))
    threads = [threading.Thread(target=answer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in results) == [200, 409]
    lost = [r for r in results if r.status_code == 409][0].json()
    assert lost["code"] == "invalid_transition"
    assert lost["current_status"] == "answered"
    evs = staff(server, "coordinator")("GET", "/petitions/" + code).json()["events"]
    assert [e["action"] for e in evs].count("answer") == 1


def test_withdraw_before_assignment_only(api, server):
    h, _ = sign_in(api)
    code = submit(api, h).json()["code"]
    r = api.post("/petitions/%s/withdraw" % code, headers=h)
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    code = assigned_petition(api, server, h)
    r = api.post("/petitions/%s/withdraw" % code, headers=h)
    assert r.status_code == 409
    assert r.json()["code"] == "invalid_transition"
    assert r.json()["current_status"] == "assigned"
    assert api.get("/petitions/" + code, headers=h).json()["status"] == "assigned"


def test_rating_once_and_only_after_answer(api, server):
    h, _ = sign_in(api)
    code = answerable_petition(api, server, h)
    assert api.post("/petitions/%s/rating" % code, headers=h,
                    json={"score": 4}).status_code == 409
    staff(server, "officer")("POST", "/petitions/%s/answer" % code, json={"content": ANSWER})
    for bad in [{"score": 0}, {"score": 6}, {"score": "5"}, {}, {"score": 3.5}]:
        r = api.post("/petitions/%s/rating" % code, headers=h, json=bad)
        assert r.status_code == 400, bad
    assert api.post("/petitions/%s/rating" % code, headers=h, json={"score": 4}).status_code == 200
    r = api.post("/petitions/%s/rating" % code, headers=h, json={"score": 1})
    assert r.status_code == 409 and r.json()["current_status"] == "closed"
    assert api.get("/petitions/" + code, headers=h).json()["rating"]["score"] == 4


def test_publish_needs_consent_and_answer(api, server):
    h, _ = sign_in(api)
    coord = staff(server, "coordinator")
    code = answerable_petition(api, server, h)
    assert coord("POST", "/petitions/%s/publish" % code, json={"public": True}).status_code == 409
    r = submit(api, h, public_consent=False)
    code = r.json()["code"]
    coord("POST", "/petitions/%s/assign" % code, json={"agency": "SKHDT"})
    staff(server, "officer")("POST", "/petitions/%s/accept" % code, json={})
    staff(server, "officer")("POST", "/petitions/%s/answer" % code, json={"content": ANSWER})
    r = coord("POST", "/petitions/%s/publish" % code, json={"public": True})
    assert r.status_code == 409 and r.json()["code"] == "no_public_consent"
    assert api.get("/qa/" + code).status_code == 404


# ---------- bad input: 4xx and nothing stored ----------

BAD_SUBMISSIONS = [
    ({"content": "Xin hỏi về thuế ạ"}, "content", "too_few_words"),
    ({"content": "Xin hoi ve thu tuc dang ky kinh doanh cho chi nhanh moi "
                 "thanh lap tai tinh"}, "content", "missing_diacritics"),
    ({"content": CONTENT + " Xem thêm tại www.example.com nhé."}, "content",
     "contains_link"),
    ({"content": "Nội dung dài " * 800}, "content", "too_long"),
    ({"title": "Hỏi"}, "title", "too_short"),
    ({"title": None}, "title", "required"),
    ({"enterprise": {"tax_code": "0100109107", "name": "Công ty"}},
     "enterprise.tax_code", "invalid_tax_code"),
    ({"contact_phone": "0227 3831 001"}, "contact_phone", "invalid_phone"),
    ({"kind": "complaint"}, "kind", "invalid_kind"),
    ({"category": "khong-co"}, "category", "unknown_category"),
    ({"agency": "KHONGCO"}, "agency", "unknown_agency"),
    ({"title": 5}, "title", "invalid_type"),
    ({"public_consent": "yes"}, "public_consent", "invalid_type"),
]


@pytest.mark.parametrize("over,field,code", BAD_SUBMISSIONS)
def test_bad_submission_is_400_and_stores_nothing(api, server, over, field, code):
    h, uid = sign_in(api)
    r = submit(api, h, **over)
    assert r.status_code == 400, r.text
    assert r.headers["Content-Type"] == PROBLEM
    assert (field, code) in [(e["field"], e["code"]) for e in r.json()["errors"]]
    assert count_petitions(server, uid) == 0


def test_all_errors_at_once(api, server):
    h, uid = sign_in(api)
    r = submit(api, h, title="Hỏi", content="ngắn", contact_phone="123",
               category="khong-co")
    assert r.status_code == 400
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"title", "content", "contact_phone", "category"} <= fields
    assert count_petitions(server, uid) == 0


def test_unknown_agency_and_category_named_together(api, server):
    # The category is looked up by the handler whenever another field is
    # wrong, the agency included, so that both are named in one answer.
    h, uid = sign_in(api)
    r = submit(api, h, category="khong-co", agency="KHONGCO")
    assert r.status_code == 400, r.text
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == \
        [("category", "unknown_category"), ("agency", "unknown_agency")]
    assert count_petitions(server, uid) == 0


def test_inactive_category_is_400_and_takes_no_number(api, server):
    # An otherwise valid submission has its category checked by the
    # creating INSERT itself: refused with the same single error, nothing
    # stored, neither the year's number nor the day's quota used.
    cat = "ngung-" + uuid.uuid4().hex[:8]
    sql(server, "INSERT INTO categories (code, name, active) "
                "VALUES (?, 'Lĩnh vực đã ngừng', 0)", (cat,))
    h, uid = sign_in(api)
    first = submit(api, h)
    assert first.status_code == 201, first.text
    r = submit(api, h, category=cat)
    assert r.status_code == 400, r.text
    assert r.headers["Content-Type"] == PROBLEM
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == \
        [("category", "unknown_category")]
    assert r.json()["errors"][0]["message"] == \
        "Lĩnh vực không có trong danh mục."
    assert count_petitions(server, uid) == 1
    assert sql(server, "SELECT quota_used FROM users WHERE id = ?",
               (uid,))[0][0] in (1, "1")
    again = submit(api, h)
    assert again.status_code == 201, again.text
    n1, n2 = (int(x.json()["code"].rsplit("-", 1)[1]) for x in (first, again))
    assert n2 == n1 + 1
    # Reactivated, the category is taken.
    sql(server, "UPDATE categories SET active = 1 WHERE code = ?", (cat,))
    ok = submit(api, h, category=cat)
    assert ok.status_code == 201, ok.text
    assert ok.json()["category"] == cat
    sql(server, "UPDATE categories SET active = 0 WHERE code = ?", (cat,))


def test_broken_bodies_store_nothing(api, server):
    h, uid = sign_in(api)
    hj = dict(h, **{"Content-Type": "application/json"})
    good = json.dumps({"kind": "question", "title": "Hỏi về thuế",
                       "content": CONTENT + " MARK", "category": "thue"},
                      ensure_ascii=False).encode()
    r = api.post("/petitions", data=good.replace(b"MARK", b"\xff\xfe"), headers=hj)
    assert r.status_code == 400
    assert r.json()["errors"][0]["code"] in ("invalid_json", "invalid_utf8")
    big = ('{"kind":"question","title":"Hỏi","content":"%s","category":"thue"}'
           % ("a" * 70 * 1024)).encode()
    assert api.post("/petitions", data=big, headers=hj).status_code == 413
    deep = "[" * 40 + "]" * 40
    r = api.post("/petitions", data='{"kind":%s}' % deep, headers=hj)
    assert r.status_code == 400
    r = api.post("/petitions", data="kind=question", headers=dict(
        h, **{"Content-Type": "application/x-www-form-urlencoded"}))
    assert r.status_code == 415
    assert count_petitions(server, uid) == 0


def test_idempotency_key_replay_creates_one(api, server):
    h, uid = sign_in(api)
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = submit(api, dict(h, **key))
    assert first.status_code == 201
    again = submit(api, dict(h, **key), title="Một tiêu đề khác hẳn")
    assert again.status_code == 201
    assert again.json()["code"] == first.json()["code"]
    assert again.headers["Location"] == first.headers["Location"]
    assert count_petitions(server, uid) == 1
    # Another user with the same key gets their own petition.
    h2, uid2 = sign_in(api)
    assert submit(api, dict(h2, **key)).json()["code"] != first.json()["code"]
    assert submit(api, dict(h, **{"Idempotency-Key": "has space"})).status_code == 400
    assert count_petitions(server, uid) == 1


def test_codes_are_unique_across_nodes(api, server, workdir):
    """Two Apache nodes on one database submit at once: no code twice."""
    from conftest import Client
    node2 = ds.Apache(BUILD, server.db, root=os.path.join(workdir, "httpd"),
                      preload=ds.sanitizer_preload())
    # Both nodes must verify the same session tokens.
    os.makedirs(node2.root, exist_ok=True)
    with open(os.path.join(node2.root, "session.key"), "wb") as f:
        f.write(server.session_key + b"\n")
    os.chmod(os.path.join(node2.root, "session.key"), 0o600)
    node2.start()
    try:
        apis = [api, Client(node2)]
        h, uid = sign_in(api)
        results = []

        def one(i):
            results.append(submit(apis[i % 2], h))
        threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [r.status_code for r in results] == [201] * 8, [r.text for r in results]
        codes = {r.json()["code"] for r in results}
        assert len(codes) == 8
        assert count_petitions(server, uid) == 8
        # The year's numbers have no gap: eight in a row.
        numbers = sorted(int(c.rsplit("-", 1)[1]) for c in codes)
        assert numbers == list(range(numbers[0], numbers[0] + 8)), numbers
    finally:
        node2.stop()
    assert not node2.bad_log_lines()


def test_code_numbers_go_past_six_digits(server, workdir, request):
    """The year's first code, then past 999999 the number just grows: the
    same text whether the module formats it (SQLite) or the INSERT does
    (MariaDB).  A database of its own."""
    from conftest import make_database, Client
    db = make_database(server.engine, workdir,
                       lambda: request.getfixturevalue("mariadb"))
    db.prepare(BUILD)
    httpd = ds.Apache(BUILD, db, root=os.path.join(workdir, "httpd"),
                      preload=ds.sanitizer_preload()).start()
    try:
        api = Client(httpd)
        h, uid = sign_in(api)
        year = datetime.datetime.now(VN).year
        r = submit(api, h)
        assert r.status_code == 201
        assert r.json()["code"] == "PAKN-%d-000001" % year
        sql(httpd, "UPDATE counters SET value = 999998 WHERE name = ?",
            ("petition-%d" % year,))
        got = [submit(api, h) for _ in range(2)]
        assert [x.json()["code"] for x in got] == [
            "PAKN-%d-999999" % year, "PAKN-%d-1000000" % year]
        assert got[1].headers["Location"].endswith("/PAKN-%d-1000000" % year)
        rows = sql(httpd, "SELECT code FROM petitions WHERE user_id = ? "
                          "ORDER BY id", (uid,))
        assert [row[0] for row in rows] == [
            "PAKN-%d-000001" % year, "PAKN-%d-999999" % year,
            "PAKN-%d-1000000" % year]
        r = api.get("/petitions/PAKN-%d-1000000" % year, headers=h)
        assert r.status_code == 200 and r.json()["status"] == "received"
    finally:
        httpd.stop()
    assert not httpd.bad_log_lines()


def test_bad_petition_directives_stop_startup(workdir):
    db = ds.Database.sqlite(os.path.join(workdir, "dndn.db"))
    for extra, word in [("DndnPetitionQuota 0", "DndnPetitionQuota"),
                        ("DndnPetitionQuota many", "DndnPetitionQuota"),
                        ("DndnDeadlineDays complaint 5", "DndnDeadlineDays"),
                        ("DndnDeadlineDays report 0", "DndnDeadlineDays")]:
        httpd = ds.Apache(BUILD, db, root=os.path.join(workdir, "httpd"), extra=extra,
                          preload=ds.sanitizer_preload())
        rc, out = httpd.configtest()
        assert rc != 0 and word in out, (extra, out)


def test_quota_gives_429_with_retry_after(server, workdir, request):
    """A node of its own (quota 2) on a fresh database of the same engine."""
    from conftest import make_database
    db = make_database(server.engine, workdir,
                       lambda: request.getfixturevalue("mariadb"))
    db.prepare(BUILD)
    httpd = ds.Apache(BUILD, db, root=os.path.join(workdir, "httpd"),
                      extra="DndnPetitionQuota 2\nDndnDeadlineDays question 2",
                      preload=ds.sanitizer_preload()).start()
    try:
        from conftest import Client
        api = Client(httpd)
        h, uid = sign_in(api)
        code = submit(api, h).json()["code"]
        assert submit(api, h).status_code == 201
        r = submit(api, h)
        assert r.status_code == 429
        assert r.headers["Content-Type"] == PROBLEM
        now = datetime.datetime.now(VN)
        midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1),
                                             datetime.time(), VN)
        wait = int(r.headers["Retry-After"])
        assert abs(wait - (midnight - now).total_seconds()) < 5
        assert count_petitions(httpd, uid) == 2
        # Another user still may submit; at once, not more than the quota.
        h2, uid2 = sign_in(api)
        results = []

        def one():
            results.append(submit(api, h2).status_code)
        threads = [threading.Thread(target=one) for _ in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == [201, 201, 429, 429, 429]
        assert count_petitions(httpd, uid2) == 2
        # The count is kept on the user's row (migration 013), refusals
        # not counted; a count of an earlier day starts again at 1.
        def quota_row(uid):
            return [int(v) for v in sql(httpd, "SELECT quota_day, quota_used "
                                        "FROM users WHERE id = ?", (uid,))[0]]
        today = int(midnight.timestamp()) - 86400
        assert quota_row(uid) == [today, 2]
        assert quota_row(uid2) == [today, 2]
        sql(httpd, "UPDATE users SET quota_day = ? WHERE id = ?",
            (today - 86400, uid))
        assert submit(api, h).status_code == 201
        assert quota_row(uid) == [today, 1]
        assert submit(api, h).status_code == 201
        assert submit(api, h).status_code == 429
        assert quota_row(uid) == [today, 2]
        assert count_petitions(httpd, uid) == 4
        # DndnDeadlineDays question 2 sets the deadline.
        r = staff(httpd, "coordinator")("POST", "/petitions/%s/assign" % code,
                                        json={"agency": "SKHDT"})
        assert r.json()["due_at"] == expected_due(api, datetime.datetime.now(VN), 2)
    finally:
        httpd.stop()
    assert not httpd.bad_log_lines()


# ---------- calendar ----------

def test_calendar_edit_moves_deadlines(api, server):
    coord = staff(server, "coordinator")
    year = datetime.datetime.now(VN).year + 3
    day = "%d-03-10" % year
    r = coord("PUT", "/calendar/" + day, json={"type": "holiday", "name": "Nghỉ bù"})
    assert r.status_code == 200, r.text
    got = api.get("/calendar", params={"year": year}).json()
    assert {"date": day, "type": "holiday", "name": "Nghỉ bù"} in got["days"]
    for _ in range(2):  # the same values twice: still 200
        r = coord("PUT", "/calendar/" + day, json={"type": "workday", "name": "Làm bù"})
        assert r.status_code == 200
    got = api.get("/calendar", params={"year": year}).json()
    assert [d["type"] for d in got["days"] if d["date"] == day] == ["workday"]
    assert coord("PUT", "/calendar/2026-02-30", json={"type": "holiday"}).status_code == 400
    for body, code in (({"type": "vacation"}, "invalid_day_type"),
                       ({"type": 5, "name": "Nghỉ"}, "invalid_type"),
                       ({"name": "Nghỉ"}, "required")):
        r = coord("PUT", "/calendar/" + day, json=body)
        assert r.status_code == 400, body
        assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [
            ("type", code)], body
    assert staff(server, "officer")("PUT", "/calendar/" + day,
                                    json={"type": "holiday"}).status_code == 403
    assert api.get("/calendar", params={"year": "abc"}).status_code == 400


def test_answered_petition_closes_after_thirty_days(api, server):
    h, _ = sign_in(api)
    code = answerable_petition(api, server, h)
    staff(server, "officer")("POST", "/petitions/%s/answer" % code, json={"content": ANSWER})
    # 29 days: still answered; 31 days: closed on the next read.
    sql(server, "UPDATE petitions SET answered_at = answered_at - 29 * 86400 "
                "WHERE code = ?", (code,))
    assert api.get("/petitions/" + code, headers=h).json()["status"] == "answered"
    sql(server, "UPDATE petitions SET answered_at = answered_at - 2 * 86400 "
                "WHERE code = ?", (code,))
    p = api.get("/petitions/" + code, headers=h).json()
    assert p["status"] == "closed" and p["rating"] is None
    evs = api.get("/petitions/%s/events" % code, headers=h).json()["items"]
    assert (evs[-1]["action"], evs[-1]["from"], evs[-1]["to"],
            evs[-1]["actor_kind"]) == ("autoclose", "answered", "closed", "system")
    r = api.post("/petitions/%s/rating" % code, headers=h, json={"score": 5})
    assert r.status_code == 409 and r.json()["current_status"] == "closed"
    # Read again: closed once, not twice.
    evs = api.get("/petitions/%s/events" % code, headers=h).json()["items"]
    assert [e["action"] for e in evs].count("autoclose") == 1


def test_lists_reject_bad_parameters(api, server):
    h, _ = sign_in(api)
    for params in [{"cursor": "!!"}, {"cursor": "YWJj"}, {"limit": "0"},
                   {"status": "open"}]:
        assert api.get("/me/petitions", headers=h, params=params).status_code == 400, params
        assert api.get("/qa", params=params).status_code in (200, 400)
    assert api.get("/qa", params={"cursor": "YWJj"}).status_code == 400
    assert api.get("/me/petitions").status_code == 401
    coord = staff(server, "coordinator")
    assert coord("GET", "/petitions", params={"kind": "x"}).status_code == 400
    assert coord("POST", "/petitions/PAKN-1999-000001/accept", json={}).status_code == 404
    code = submit(api, h).json()["code"]
    assert coord("POST", "/petitions/%s/explode" % code, json={}).status_code == 404
    r = coord("POST", "/petitions/%s/assign" % code, json={"agency": "KHONGCO"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "unknown_agency"
    r = coord("POST", "/petitions/%s/assign" % code, json={"agency": 5, "note": 7})
    assert {e["field"] for e in r.json()["errors"]} == {"agency", "note"}
    r = coord("POST", "/petitions/%s/assign" % code, json={})
    assert [e["code"] for e in r.json()["errors"]] == ["required"]
    assert api.get("/petitions/" + code, headers=h).json()["status"] == "received"


def longest(text, n):
    """text repeated to exactly n characters (the longest accepted),
    ending in a letter."""
    out = (text * (n // len(text) + 1))[:n - 1]
    return out + ("." if out[-1] != " " else "a")


def test_longest_content_and_answer_come_back_whole(api, server):
    """Content and answer of 10,000 characters (30,000 bytes of
    Vietnamese), the validated maximum, read back whole by the author, by
    staff and in the published Q&A: the store reads these TEXT columns
    through a CAST to that length (dndn_store_int.h)."""
    h, _ = sign_in(api)
    content, answer = longest(CONTENT + " ", 10000), longest(ANSWER + " ", 10000)
    assert len(content) == len(answer) == 10000
    assert len(content.encode()) > 13000  # characters counted, not bytes
    r = submit(api, h, content=content)
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    assert r.json()["content"] == content
    r = staff(server, "coordinator")("POST", "/petitions/%s/assign" % code,
                                     json={"agency": "SKHDT"})
    assert r.status_code == 200, r.text
    officer = staff(server, "officer")
    assert officer("POST", "/petitions/%s/accept" % code,
                   json={}).status_code == 200
    r = officer("POST", "/petitions/%s/answer" % code, json={"content": answer})
    assert r.status_code == 200, r.text
    mine = api.get("/petitions/" + code, headers=h).json()
    assert mine["content"] == content
    assert mine["answer"]["content"] == answer
    full = staff(server, "coordinator")("GET", "/petitions/" + code).json()
    assert full["content"] == content and full["answer"]["content"] == answer
    r = staff(server, "coordinator")("POST", "/petitions/%s/publish" % code,
                                     json={"public": True})
    assert r.status_code == 200, r.text
    qa = api.get("/qa/" + code).json()
    assert qa["content"] == content and qa["answer"]["content"] == answer
    # One character more is refused, as before.
    r = submit(api, h, content=content + "a")
    assert r.status_code == 400


def test_bad_answer_is_400_and_changes_nothing(api, server):
    h, _ = sign_in(api)
    code = answerable_petition(api, server, h)
    officer = staff(server, "officer")
    for content, rule in [("Đã nhận.", "too_few_words"),
                          ("Da tra loi cau hoi cua doanh nghiep ve thu tuc dang ky "
                           "chi nhanh moi", "missing_diacritics"),
                          (ANSWER + " Xem https://dichvucong.gov.vn", "contains_link"),
                          (None, "required"), (5, "invalid_type")]:
        r = officer("POST", "/petitions/%s/answer" % code, json={"content": content})
        assert r.status_code == 400, content
        assert r.json()["errors"][0]["code"] == rule
    r = officer("POST", "/petitions/%s/answer" % code, data="{", headers={
        "Content-Type": "application/json"})
    assert r.status_code == 400
    full = staff(server, "coordinator")("GET", "/petitions/" + code).json()
    assert full["status"] == "in_progress" and full["answer"] is None
    assert [e["action"] for e in full["events"]] == ["submit", "assign", "accept"]
