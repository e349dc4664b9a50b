"""The procedure catalogue: accent-insensitive search, filters, paging,
ETag/304, editing by staff editors and partner systems, validation."""
import uuid

import requests

from conftest import all_pages as walk

PROBLEM = "application/problem+json; charset=utf-8"
EDITOR = ("editor", "dndn-dev")


def all_pages(api, path, limit, params=None):
    return walk(lambda p: api.get(path, params=p), limit, params)


def staff_put(server, code, body, auth=EDITOR):
    return requests.put(server.url + "/api/v1/staff/procedures/" + code,
                        json=body, auth=auth, timeout=10)


def partner_put(server, code, body, key="dev-partner-key"):
    return requests.put(server.url + "/api/v1/partner/procedures/" + code,
                        json=body, headers={"X-API-Key": key}, timeout=10)


def new_code():
    return "9.%06d" % (uuid.uuid4().int % 1000000)


def valid_body(**kw):
    b = {"name": "Cấp giấy phép thử nghiệm kiểm thử tự động",
         "agency": "SKHDT", "level": "partial_online", "processing_days": 7,
         "fee": "100.000 đồng", "documents": ["Đơn đề nghị", "Bản sao giấy tờ"],
         "online_url": "https://dichvucong.thaibinh.gov.vn/thu-tuc"}
    b.update(kw)
    return b


def test_demo_procedures_and_detail(api):
    items, _ = all_pages(api, "/procedures", 100)
    assert len(items) >= 30
    codes = [p["code"] for p in items]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    r = api.get("/procedures/1.001612")
    assert r.status_code == 200
    p = r.json()
    assert p["name"] == "Đăng ký thành lập doanh nghiệp tư nhân"
    assert p["agency"] == {"code": "SKHDT", "name": "Sở Kế hoạch và Đầu tư"}
    assert p["level"] == "full_online"
    assert p["processing_days"] == 3
    assert "50.000 đồng" in p["fee"]
    assert isinstance(p["documents"], list) and p["documents"]
    assert p["online_url"] == "https://dangkykinhdoanh.gov.vn"
    assert p["updated_at"].endswith("+07:00")


def test_search_without_diacritics(api):
    r = api.get("/procedures", params={"q": "dang ky thanh lap", "limit": 100})
    assert r.status_code == 200
    names = [p["name"] for p in r.json()["items"]]
    assert "Đăng ký thành lập doanh nghiệp tư nhân" in names
    assert "Đăng ký thành lập công ty cổ phần" in names
    assert all(n.startswith("Đăng ký thành lập") for n in names), names
    # Case and accents do not matter; the last word is a prefix.
    a = api.get("/procedures", params={"q": "ĐĂNG KÝ THÀNH LẬP", "limit": 100}).json()
    assert [p["code"] for p in a["items"]] == [p["code"] for p in r.json()["items"]]
    pre = api.get("/procedures", params={"q": "tam ngu", "limit": 100}).json()["items"]
    assert [p["code"] for p in pre] == ["1.001536"]
    # An exact earlier word must match a whole word: "thanh" is not "thanhx".
    assert api.get("/procedures", params={"q": "thanhx lap"}).json()["items"] == []
    assert api.get("/procedures", params={"q": "khongcotu"}).json()["items"] == []
    # The code is searchable too.
    found = api.get("/procedures", params={"q": "1.001612"}).json()["items"]
    assert [p["code"] for p in found] == ["1.001612"]
    # Punctuation only: no word, so everything.
    assert len(api.get("/procedures", params={"q": "  ...", "limit": 100}).json()["items"]) >= 30


def test_filters_and_paging_through_search(api):
    off = api.get("/procedures", params={"level": "offline", "limit": 100}).json()["items"]
    assert off and all(p["level"] == "offline" for p in off)
    ag = api.get("/procedures", params={"agency": "SKHDT", "limit": 100}).json()["items"]
    assert len(ag) >= 30
    assert api.get("/procedures", params={"agency": "NOPE"}).json()["items"] == []
    full = api.get("/procedures", params={"q": "dang ky", "limit": 100}).json()["items"]
    assert len(full) > 5
    items, pages = all_pages(api, "/procedures", 4, {"q": "dang ky"})
    assert [p["code"] for p in items] == [p["code"] for p in full]
    assert pages == (len(full) + 3) // 4
    # A query with filters: exactly the query's matches that pass them,
    # in code order, one word (a prefix) or several.
    for q in ("dang ky", "dang"):
        hits = api.get("/procedures", params={"q": q, "limit": 100}).json()["items"]
        for params, keep in (({"level": "offline"}, lambda p: p["level"] == "offline"),
                             ({"agency": "SKHDT"}, lambda p: p["agency"]["code"] == "SKHDT")):
            got = all_pages(api, "/procedures", 3, dict(params, q=q))[0]
            want = [p["code"] for p in hits if keep(p)]
            assert [p["code"] for p in got] == want, (q, params)
            assert want == sorted(want)
    r = api.get("/procedures", params={"level": "online"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "level"
    r = api.get("/procedures", params={"q": "x" * 201})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "q"


def test_etag_304_and_404(api):
    for path in ["/procedures", "/procedures/1.001612"]:
        r = api.get(path)
        etag = r.headers["ETag"]
        r2 = api.get(path, headers={"If-None-Match": etag})
        assert r2.status_code == 304 and r2.content == b""
    r = api.get("/procedures/0.000000")
    assert r.status_code == 404
    assert r.headers["Content-Type"] == PROBLEM


def test_editor_creates_then_replaces(server, api):
    code = new_code()
    r = staff_put(server, code, valid_body())
    assert r.status_code == 201, r.text
    assert r.headers["Location"] == "/api/v1/staff/procedures/" + code
    assert r.json()["code"] == code
    assert r.json()["documents"] == ["Đơn đề nghị", "Bản sao giấy tờ"]
    got = api.get("/procedures/" + code).json()
    assert got["processing_days"] == 7 and got["agency"]["code"] == "SKHDT"
    found = api.get("/procedures", params={"q": "kiem thu tu dong"}).json()["items"]
    assert code in [p["code"] for p in found]
    # Full replace: left-out members are cleared; old words are forgotten.
    r = staff_put(server, code, {"name": "Thủ tục đổi tên hoàn toàn mới",
                                 "level": "offline"})
    assert r.status_code == 200, r.text
    got = api.get("/procedures/" + code).json()
    assert got["name"] == "Thủ tục đổi tên hoàn toàn mới"
    assert got["agency"] is None and got["processing_days"] is None
    assert got["documents"] == [] and got["online_url"] is None and got["fee"] == ""
    found = api.get("/procedures", params={"q": "kiem thu tu dong"}).json()["items"]
    assert code not in [p["code"] for p in found]
    found = api.get("/procedures", params={"q": "doi ten hoan toan"}).json()["items"]
    assert code in [p["code"] for p in found]
    # Admins may edit too.
    assert staff_put(server, code, valid_body(), auth=("admin", "dndn-dev")).status_code == 200


def test_other_roles_are_403(server, api):
    code = new_code()
    for user in ["officer", "observer", "coordinator"]:
        r = staff_put(server, code, valid_body(), auth=(user, "dndn-dev"))
        assert r.status_code == 403, user
        assert r.headers["Content-Type"] == PROBLEM
    assert staff_put(server, code, valid_body(), auth=None).status_code == 401
    assert api.get("/procedures/" + code).status_code == 404


def test_validation_errors_store_nothing(server, api):
    code = new_code()
    cases = [
        ({"level": "full_online"}, "name"),
        (valid_body(name="abc"), "name"),
        (valid_body(level="online"), "level"),
        (valid_body(processing_days=-1), "processing_days"),
        (valid_body(processing_days="3"), "processing_days"),
        (valid_body(documents="một"), "documents"),
        (valid_body(documents=["ok", ""]), "documents[1]"),
        (valid_body(online_url="ftp://x"), "online_url"),
        (valid_body(agency="NOPE"), "agency"),
        (valid_body(name="Tên\u0001lỗi thủ tục"), "name"),
        (valid_body(fee="x" * 256), "fee"),
    ]
    for body, field in cases:
        r = staff_put(server, code, body)
        assert r.status_code == 400, (body, r.text)
        assert r.headers["Content-Type"] == PROBLEM
        assert field in [e["field"] for e in r.json()["errors"]], r.text
        assert all(e["message"] for e in r.json()["errors"])
    r = staff_put(server, "bad code!", valid_body())
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "code"
    r = requests.put(server.url + "/api/v1/staff/procedures/" + code, data="x",
                     auth=EDITOR, headers={"Content-Type": "text/plain"}, timeout=10)
    assert r.status_code == 415
    assert api.get("/procedures/" + code).status_code == 404
    # An update that fails validation leaves the stored one as it was.
    assert staff_put(server, code, valid_body()).status_code == 201
    assert staff_put(server, code, valid_body(name="", level="x")).status_code == 400
    assert api.get("/procedures/" + code).json()["name"] == valid_body()["name"]


def test_partner_keys_and_scopes(server, api):
    code = new_code()
    r = partner_put(server, code, valid_body(name="Thủ tục từ hệ thống một cửa"))
    assert r.status_code == 201, r.text
    assert partner_put(server, code, valid_body()).status_code == 200
    assert api.get("/procedures/" + code).json()["name"] == valid_body()["name"]
    other = new_code()
    r = partner_put(server, other, valid_body(), key="dev-dossiers-key")
    assert r.status_code == 403
    assert r.headers["Content-Type"] == PROBLEM
    assert partner_put(server, other, valid_body(), key="wrong-key").status_code == 401
    r = requests.put(server.url + "/api/v1/partner/procedures/" + other,
                     json=valid_body(), timeout=10)
    assert r.status_code == 401
    assert api.get("/procedures/" + other).status_code == 404
    r = partner_put(server, other, valid_body(level=None))
    assert r.status_code == 400
    assert api.get("/procedures/" + other).status_code == 404
