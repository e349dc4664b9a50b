"""Personal data (Decree 13/2023/ND-CP): the user's export, account
deletion, the staff access log, secrets kept out of Apache's logs, and the
privacy headers of every answer."""
import base64
import os
import re
import shutil
import sqlite3
import time
import uuid

import pytest
import requests

import dndn_server as ds
from conftest import BUILD, Client, all_pages, make_database, make_workdir
from test_petitions import ANSWER, PW, sign_in, sql, staff, submit

DELETED_NAME = "Người dùng đã xoá"
PHONE = "0912345678"
PHONE_E164 = "+84912345678"
TAX = "0100109106"


def profile(api, h, name="Nguyễn Văn An"):
    r = api.request("PUT", "/me", headers=h, json={
        "name": name, "phone": PHONE, "phone_consent": True,
        "enterprise": {"tax_code": TAX, "name": "Công ty Cổ phần An Bình"}})
    assert r.status_code == 200, r.text
    return r.json()


def published_petition(api, server, h):
    """A petition with contact phone and enterprise, answered and published
    in the Q&A."""
    r = submit(api, h, contact_phone=PHONE,
               enterprise={"tax_code": TAX, "name": "Công ty Cổ phần An Bình"},
               public_consent=True)
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    coord, officer = staff(server, "coordinator"), staff(server, "officer")
    assert coord("POST", "/petitions/%s/assign" % code,
                 json={"agency": "SKHDT"}).status_code == 200
    assert officer("POST", "/petitions/%s/accept" % code, json={}).status_code == 200
    assert officer("POST", "/petitions/%s/answer" % code,
                   json={"content": ANSWER}).status_code == 200
    r = coord("POST", "/petitions/%s/publish" % code, json={"public": True})
    assert r.status_code == 200, r.text
    assert api.get("/qa/" + code).status_code == 200
    return code


def access_rows(server, staff_user, code):
    return sql(server, "SELECT action, petition_code, user_id, client FROM "
               "access_log WHERE staff = ? AND petition_code = ? ORDER BY id",
               (staff_user, code))


# ---------- GET /me/export ----------

def test_export_needs_a_valid_token(api):
    for h in ({}, {"Authorization": "Bearer not-a-token"}):
        r = api.get("/me/export", headers=h)
        assert r.status_code == 401
        assert r.headers["Cache-Control"] == "no-store"
        assert "Content-Disposition" not in r.headers


def test_export_holds_exactly_the_users_data(api, server):
    h, uid = sign_in(api)
    other_h, other_id = sign_in(api)
    profile(api, h)
    mine = [submit(api, h, contact_phone=PHONE, public_consent=False,
                   enterprise={"tax_code": TAX, "name": "Công ty An Bình"}
                   ).json()["code"]]
    r = api.post("/petitions",
                 headers=dict(h, **{"Idempotency-Key": uuid.uuid4().hex}),
                 json={"kind": "report", "title": "Phản ánh về thủ tục thuế",
                       "content": ("Doanh nghiệp chúng tôi phản ánh việc chậm "
                                   "giải quyết hồ sơ hoàn thuế giá trị gia "
                                   "tăng tại chi cục thuế khu vực."),
                       "category": "thue", "public_consent": True})
    assert r.status_code == 201, r.text
    mine.append(r.json()["code"])
    theirs = submit(api, other_h).json()["code"]
    # A staff note is internal: never the author's.
    assert staff(server, "coordinator")(
        "POST", "/petitions/%s/notes" % mine[0],
        json={"note": "Ghi chú nội bộ bí mật"}).status_code in (200, 201)

    r = api.get("/me/export", headers=h)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Disposition"] == (
        'attachment; filename="dndn-export-%s.json"' % uid)
    assert r.headers["Cache-Control"] == "no-store"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Content-Type"].startswith("application/json")
    doc = r.json()
    assert set(doc) == {"exported_at", "user", "consents", "petitions"}
    u = doc["user"]
    assert str(u["id"]) == uid
    assert u["name"] == "Nguyễn Văn An"
    assert u["phone"] == PHONE_E164
    assert u["enterprise"] == {"tax_code": TAX, "name": "Công ty Cổ phần An Bình"}
    assert u["provider"] == "dev" and u["zalo_id"] is None
    assert u["created_at"].endswith("+07:00") and u["updated_at"].endswith("+07:00")
    assert [(c["kind"], c["granted"]) for c in doc["consents"]] == [("phone", True)]
    assert doc["consents"][0]["purpose"] and doc["consents"][0]["at"].endswith("+07:00")
    codes = sorted(p["code"] for p in doc["petitions"])
    assert codes == sorted(mine)
    assert theirs not in codes
    first = next(p for p in doc["petitions"] if p["code"] == mine[0])
    assert first["contact_phone"] == PHONE_E164
    assert first["enterprise"]["tax_code"] == TAX
    assert first["public_consent"] is False
    assert first["events"] and first["events"][0]["action"] == "submit"
    assert "Ghi chú nội bộ bí mật" not in r.text
    assert all("actor" not in e for e in first["events"])
    for p in doc["petitions"]:
        assert {"code", "kind", "title", "content", "status", "answer",
                "rating", "events"} <= set(p)
    # Idempotency keys and the other user's data are not in it.
    assert "idem" not in r.text.lower()
    assert other_id not in [str(p.get("author", {}).get("id")) for p in doc["petitions"]]
    # Reading changed nothing.
    assert api.get("/me", headers=h).json()["phone"] == PHONE_E164


# ---------- DELETE /me ----------

def test_delete_needs_a_valid_token(api):
    h, uid = sign_in(api)
    for bad in ({}, {"Authorization": "Bearer x.y.z"}):
        r = api.request("DELETE", "/me", headers=bad)
        assert r.status_code == 401
        assert r.headers["Cache-Control"] == "no-store"
    assert api.get("/me", headers=h).status_code == 200


def test_delete_anonymises_and_ends_the_session(api, server):
    name = "Trần Thị Bình %s" % uuid.uuid4().hex[:6]
    h, uid = sign_in(api, name)
    other_h, other_id = sign_in(api)
    profile(api, h, name)
    profile(api, other_h)
    code = published_petition(api, server, h)
    r = api.post("/petitions", headers=dict(h, **{"Idempotency-Key": "k-" + uid}),
                 json={"kind": "question", "title": "Hỏi về hoá đơn điện tử",
                       "content": ("Doanh nghiệp chúng tôi muốn hỏi về thủ tục "
                                   "đăng ký sử dụng hoá đơn điện tử có mã của "
                                   "cơ quan thuế."),
                       "category": "thue", "public_consent": False})
    assert r.status_code == 201
    second = r.json()["code"]
    their_code = submit(api, other_h, contact_phone=PHONE).json()["code"]
    coord = staff(server, "coordinator")
    before = coord("GET", "/petitions/" + code).json()
    consents_before = sql(server, "SELECT kind, granted FROM consents WHERE "
                          "user_id = ? ORDER BY id", (uid,))

    r = api.request("DELETE", "/me", headers=h)
    assert r.status_code == 204, r.text
    assert r.headers["Cache-Control"] == "no-store"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.content == b""

    # The old session no longer works, anywhere.
    for method, path in (("GET", "/me"), ("GET", "/me/export"),
                         ("DELETE", "/me"), ("GET", "/me/petitions"),
                         ("GET", "/petitions/" + code)):
        assert api.request(method, path, headers=h).status_code == 401, path
    # No longer in the public Q&A.
    assert api.get("/qa/" + code).status_code == 404
    assert code not in [i["code"] for i in api.get("/qa", params={"limit": 100}).json()["items"]]
    assert int(sql(server, "SELECT COUNT(*) FROM qa_terms t JOIN petitions p ON "
                   "p.id = t.petition_id WHERE p.code = ?", (code,))[0][0]) == 0

    # Staff still see the petitions, without the person.
    after = coord("GET", "/petitions/" + code).json()
    assert after["author"]["name"] == DELETED_NAME
    assert after["contact_phone"] is None and after["enterprise"] is None
    assert after["published"] is False and after["public_consent"] is False
    for same in ("kind", "category", "agency", "status", "created_at", "answer",
                 "title", "content"):
        assert after[same] == before[same], same
    listed, _ = all_pages(lambda p: coord("GET", "/petitions", params=p), 100,
                          {"q": ""})
    codes = {i["code"]: i for i in listed}
    assert code in codes and second in codes
    assert codes[second]["author"]["name"] == DELETED_NAME
    assert name not in str(listed)

    # The row: no name, phone, Zalo id or enterprise; marked deleted.
    row = sql(server, "SELECT name, phone, enterprise_tax_code, enterprise_name, "
              "subject, deleted_at, phone_consent_at, provider FROM users "
              "WHERE id = ?", (uid,))[0]
    assert row[7] == "deleted" and row[4] == uid
    assert row[0] == DELETED_NAME
    assert row[1] in (None, "NULL") and row[2] in (None, "NULL")
    assert row[3] in (None, "NULL") and row[6] in (None, "NULL")
    assert row[4] != name and row[5] not in (None, "NULL")
    pet = sql(server, "SELECT contact_phone, enterprise_tax_code, enterprise_name "
              "FROM petitions WHERE user_id = ?", (uid,))
    assert len(pet) == 2
    assert all(v in (None, "NULL") for p in pet for v in p)
    assert int(sql(server, "SELECT COUNT(*) FROM idempotency_keys WHERE user_id = ?",
                   (uid,))[0][0]) == 0
    # Consents kept as proof, with the withdrawals.
    consents = sql(server, "SELECT kind, granted FROM consents WHERE user_id = ? "
                   "ORDER BY id", (uid,))
    assert consents[:len(consents_before)] == consents_before
    added = [(k, str(g)) for k, g in consents[len(consents_before):]]
    assert sorted(added) == [("phone", "0"), ("public_qa", "0")]

    # Nobody else changed.
    other = api.get("/me", headers=other_h)
    assert other.status_code == 200 and other.json()["phone"] == PHONE_E164
    assert coord("GET", "/petitions/" + their_code).json()["contact_phone"] == PHONE_E164
    # Signing in again with the same identity starts a new, empty account.
    h2, uid2 = sign_in(api, name)
    assert uid2 != uid
    assert api.get("/me/petitions", headers=h2).json()["items"] == []
    # Nor does any other sign-in reach the deleted row.
    h3, uid3 = sign_in(api, uid)
    assert uid3 not in (uid, uid2)


# ---------- the staff access log ----------

def test_staff_reads_of_personal_data_are_logged(api, server):
    # This test's entries: from a second before it began (other tests'
    # staff lists log many rows for the coordinator).
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 1))
    h, uid = sign_in(api)
    code = submit(api, h, contact_phone=PHONE).json()["code"]
    coord, obs = staff(server, "coordinator"), staff(server, "observer")
    admin = staff(server, "admin")

    assert coord("GET", "/petitions/" + code).status_code == 200
    rows = access_rows(server, "coordinator", code)
    assert len(rows) == 1
    assert rows[0][0] == "petition_read" and str(rows[0][2]) == uid
    assert rows[0][3] == "127.0.0.1"
    # The observer sees no personal data: nothing to log.
    assert obs("GET", "/petitions/" + code).status_code == 200
    obs("GET", "/petitions", params={"limit": 100})
    assert access_rows(server, "observer", code) == []
    # A list with personal fields logs each petition it shows.
    r = coord("GET", "/petitions", params={"limit": 100, "status": "received"})
    assert code in [i["code"] for i in r.json()["items"]]
    rows = access_rows(server, "coordinator", code)
    assert [x[0] for x in rows] == ["petition_read", "petition_list"]

    # Admins read it, newest first, paged, filtered.
    r = admin("GET", "/access-log", params={"staff": "coordinator", "limit": 5})
    assert r.status_code == 200, r.text
    assert r.headers["Cache-Control"] == "no-store"
    first = r.json()["items"][0]
    assert set(first) == {"id", "at", "staff", "action", "petition_code",
                          "user_id", "client"}
    assert first["staff"] == "coordinator" and first["at"].endswith("+07:00")
    items, pages = all_pages(lambda p: admin("GET", "/access-log", params=p), 5,
                             {"staff": "coordinator", "from": since})
    mine = [i for i in items if i["petition_code"] == code]
    assert [i["action"] for i in mine] == ["petition_list", "petition_read"]
    assert mine[1]["user_id"] == int(uid) and mine[1]["client"] == "127.0.0.1"
    assert all(i["staff"] == "coordinator" for i in items)
    keys = [(i["at"], i["id"]) for i in items]
    assert len(set(keys)) == len(keys)
    assert [i["id"] for i in items] == sorted((i["id"] for i in items), reverse=True)
    assert pages > 1
    # Time filters: dates (Vietnam days) or RFC 3339 times.
    assert admin("GET", "/access-log", params={"to": "2000-01-01"}).json()["items"] == []
    r = admin("GET", "/access-log", params={"from": first["at"], "staff": "coordinator"})
    assert first["id"] in [i["id"] for i in r.json()["items"]]
    assert admin("GET", "/access-log", params={"staff": "nobody"}).json()["items"] == []


def test_access_log_is_for_admins_only(server):
    n = sql(server, "SELECT COUNT(*) FROM access_log")[0][0]
    for user in ("coordinator", "officer", "editor", "observer"):
        r = staff(server, user)("GET", "/access-log")
        assert r.status_code == 403, user
        assert r.headers["Cache-Control"] == "no-store"
    r = requests.get(server.url + "/api/v1/staff/access-log", timeout=30)
    assert r.status_code == 401
    admin = staff(server, "admin")
    for params, field in (({"from": "yesterday"}, "from"),
                          ({"to": "2026-13-01"}, "to"),
                          ({"limit": "0"}, "limit"),
                          ({"cursor": "bogus"}, "cursor")):
        r = admin("GET", "/access-log", params=params)
        assert r.status_code == 400, params
        assert r.json()["errors"][0]["field"] == field
    # Reading the log is not itself a read of petitions: nothing added.
    assert sql(server, "SELECT COUNT(*) FROM access_log")[0][0] == n


AUDIT_DOWN = {
    "sqlite": ("CREATE TRIGGER access_log_down BEFORE INSERT ON access_log "
               "BEGIN SELECT RAISE(ABORT, 'audit store down'); END"),
    "mysql": ("CREATE TRIGGER access_log_down BEFORE INSERT ON access_log "
              "FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = "
              "'audit store down'"),
}


def own_server(request, engine, tmp, extra="", broken_audit=False):
    """A server of its own, same engine; the schema is changed (if at all)
    before Apache starts, as SQLite's prepared statements would not survive
    a change while they are in use."""
    db = make_database(engine, tmp, lambda: request.getfixturevalue("mariadb"))
    db.prepare(BUILD)
    if broken_audit and engine == "sqlite":
        con = sqlite3.connect(db.params)
        con.execute(AUDIT_DOWN[engine])
        con.commit()
        con.close()
    elif broken_audit:
        name = dict(kv.split("=", 1) for kv in db.params.split())["dbname"]
        request.getfixturevalue("mariadb").sql(AUDIT_DOWN[engine], database=name)
    httpd = ds.Apache(BUILD, db, root=os.path.join(tmp, "httpd"), extra=extra,
                      preload=ds.sanitizer_preload())
    httpd.engine = engine
    return httpd.start()


@pytest.fixture
def audit_down_server(request, server):
    tmp = make_workdir()
    httpd = own_server(request, server.engine, tmp, broken_audit=True)
    yield httpd
    httpd.stop()
    bad = httpd.bad_log_lines([r"DNDN0450: ", r"DNDN0012: database error: "
                               r"dndn_access_log_insert"])
    shutil.rmtree(tmp, ignore_errors=True)
    assert not bad, "error log:\n" + "\n".join(bad)


def test_no_personal_data_without_its_audit_record(audit_down_server):
    srv = audit_down_server
    api = Client(srv)
    h, _ = sign_in(api)
    code = submit(api, h, contact_phone=PHONE).json()["code"]
    coord, obs = staff(srv, "coordinator"), staff(srv, "observer")
    for r in (coord("GET", "/petitions/" + code),
              coord("GET", "/petitions", params={"status": "received"})):
        assert r.status_code == 503
        assert r.headers["Retry-After"]
        assert r.headers["Content-Type"].startswith("application/problem+json")
        assert code not in r.text and PHONE_E164 not in r.text
    # Reads without personal data do not need the log.
    r = obs("GET", "/petitions/" + code)
    assert r.status_code == 200 and "contact_phone" not in r.json()
    assert obs("GET", "/petitions").status_code == 200
    assert sql(srv, "SELECT COUNT(*) FROM access_log")[0][0] in (0, "0")
    assert "DNDN0450: the access log could not be written" in srv.read_log()


# ---------- headers ----------

def test_privacy_headers_on_every_answer(api, server):
    h, _ = sign_in(api)
    code = submit(api, h).json()["code"]
    partner = {"X-API-Key": "dev-partner-key"}
    coord = staff(server, "coordinator")
    no_store = [
        api.get("/me", headers=h), api.get("/me/export", headers=h),
        api.get("/me/petitions", headers=h), api.get("/petitions/" + code, headers=h),
        api.get("/petitions/%s/events" % code, headers=h),
        api.get("/me"),                                   # 401
        api.get("/no/such/thing"),                        # 404
        api.request("PATCH", "/categories"),              # 405
        api.post("/auth/dev", data="x"),                  # 415
        api.get("/qa/NOPE-1"),                            # 404
        api.get("/health"),
        coord("GET", "/me"), coord("GET", "/petitions/" + code),
        coord("GET", "/petitions"),
        staff(server, "admin")("GET", "/access-log"),
        requests.get(server.url + "/api/v1/partner/petitions", headers=partner,
                     timeout=30),
        requests.get(server.url + "/api/v1/partner/petitions", timeout=30),  # 401
        api.request("OPTIONS", "/categories"),
    ]
    for r in no_store:
        assert r.headers.get("X-Content-Type-Options") == "nosniff", r.url
        assert r.headers.get("Cache-Control") == "no-store", (r.url, r.status_code)
        assert "ETag" not in r.headers, r.url
    # Catalogue data with entity tags: publicly cacheable for a minute.
    for path in ("/categories", "/agencies", "/agencies/SKHDT", "/hotlines",
                 "/procedures", "/posts", "/calendar"):
        r = api.get(path)
        assert r.status_code == 200, path
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Cache-Control"] == "public, max-age=60", path
        assert r.headers["ETag"]
        r2 = api.get(path, headers={"If-None-Match": r.headers["ETag"]})
        assert r2.status_code == 304
        assert r2.headers["X-Content-Type-Options"] == "nosniff"
        assert r2.headers["Cache-Control"] == "public, max-age=60"
        # Even with a session token, catalogue data is the same for all.
        assert api.get(path, headers=h).headers["Cache-Control"] == "public, max-age=60"


# ---------- secrets never reach Apache's logs ----------

@pytest.fixture
def chatty_server(request, server):
    """A server of its own, same engine, logging at debug level."""
    tmp = make_workdir()
    httpd = own_server(request, server.engine, tmp, extra="LogLevel debug")
    yield httpd
    httpd.stop()
    shutil.rmtree(tmp, ignore_errors=True)


def test_no_secret_in_apache_logs(chatty_server):
    srv = chatty_server
    api = Client(srv)
    r = api.post("/auth/dev", json={"name": "Lê Văn Cường"})
    token = r.json()["token"]
    h = {"Authorization": "Bearer " + token}
    assert api.request("PUT", "/me", headers=h, json={
        "name": "Lê Văn Cường", "phone": PHONE, "phone_consent": True}).status_code == 200
    code = submit(api, h, contact_phone="0987654321").json()["code"]
    # A token in a query string (a client's mistake) is not logged either.
    api.get("/me", headers=h, params={"access_token": token})
    api.get("/me/export", headers=h)
    coord = staff(srv, "coordinator")
    assert coord("GET", "/petitions/" + code).status_code == 200
    assert coord("GET", "/petitions").status_code == 200
    bad = requests.get(srv.url + "/api/v1/staff/me", auth=("officer", "wrong-pw-42"),
                       timeout=30)
    assert bad.status_code == 401
    for key in ("dev-partner-key", "dev-dossiers-key"):
        requests.get(srv.url + "/api/v1/partner/petitions", timeout=30,
                     headers={"X-API-Key": key})
    requests.get(srv.url + "/api/v1/partner/petitions", timeout=30,
                 headers={"X-API-Key": "not-a-key-secret-77"})
    assert api.request("DELETE", "/me", headers=h).status_code == 204
    srv.stop()

    with open(srv.access_log, encoding="utf-8", errors="replace") as f:
        access = f.read()
    with open(srv.error_log, encoding="utf-8", errors="replace") as f:
        errors = f.read()
    assert "/api/v1/me/export" in access  # the access log is really written
    assert len(access.splitlines()) >= 10
    assert re.search(r'"GET /api/v1/staff/petitions/%s HTTP/1.1" 200' % code, access)
    assert "debug" in errors  # and the error log at debug level
    basic = base64.b64encode(("coordinator:" + PW).encode()).decode()
    secrets = [token, token.split(".")[-1], PW, basic, "wrong-pw-42",
               "dev-partner-key", "dev-dossiers-key", "not-a-key-secret-77",
               PHONE, PHONE_E164, PHONE[1:], "0987654321", "987654321",
               "access_token"]
    for s in secrets:
        assert s not in access, s
        assert s not in errors, s
