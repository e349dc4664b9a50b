"""The public catalogue: agencies, categories, hotlines, health; problem
responses, 404/405, ETag/304, paging, CORS."""
import unicodedata

from conftest import all_pages as walk

JSON = "application/json; charset=utf-8"
PROBLEM = "application/problem+json; charset=utf-8"


def all_pages(api, path, limit):
    return walk(lambda p: api.get(path, params=p), limit, max_pages=50)


def test_health(api):
    r = api.get("/health")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == JSON
    body = r.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["version"]


def test_agencies_demo_data_in_nfc_vietnamese(api):
    r = api.get("/agencies", params={"limit": 100})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == JSON
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    body = r.json()
    assert body["next_cursor"] is None
    names = {a["code"]: a["name"] for a in body["items"]}
    assert names["SKHDT"] == "Sở Kế hoạch và Đầu tư"
    assert names["STNMT"] == "Sở Tài nguyên và Môi trường"
    assert names["CTHUE"] == "Cục Thuế tỉnh Thái Bình"
    assert names["BHXH"] == "Bảo hiểm xã hội tỉnh Thái Bình"
    assert len(names) >= 12
    for a in body["items"]:
        for v in a.values():
            if isinstance(v, str):
                assert unicodedata.is_normalized("NFC", v), v
    # Raw bytes are UTF-8, not \u escapes or Latin-1.
    assert "Sở Kế hoạch và Đầu tư".encode() in r.content


def test_agencies_paging_walks_every_item_once(api):
    full = api.get("/agencies", params={"limit": 100}).json()["items"]
    items, pages = all_pages(api, "/agencies", 5)
    assert [a["code"] for a in items] == [a["code"] for a in full]
    assert pages == (len(full) + 4) // 5
    assert api.get("/agencies").json()["items"] == full[:20]


def test_bad_list_parameters_are_400(api):
    for params, field in [({"limit": "0"}, "limit"), ({"limit": "x"}, "limit"),
                          ({"cursor": "!!!"}, "cursor"),
                          ({"cursor": "YWJj"}, "cursor"),
                          # Well-formed base64url, but not keys we wrote.
                          ({"cursor": "eAp5"}, "cursor"),
                          ({"cursor": "YWJjCmRlZg"}, "cursor")]:
        r = api.get("/agencies", params=params)
        assert r.status_code == 400, params
        assert r.headers["Content-Type"] == PROBLEM
        p = r.json()
        assert p["status"] == 400
        assert p["errors"][0]["field"] == field
        assert p["errors"][0]["message"]
    # Over the maximum is clamped to 100, not an error.
    assert api.get("/agencies", params={"limit": "1000"}).status_code == 200
    # A hotline cursor needs a numeric id.
    r = api.get("/hotlines", params={"cursor": "MTAKYWJj"})
    assert r.status_code == 400


def test_agency_by_code(api):
    r = api.get("/agencies/SKHDT")
    assert r.status_code == 200
    a = r.json()
    assert a["code"] == "SKHDT" and a["name"] == "Sở Kế hoạch và Đầu tư"
    assert r.headers.get("ETag")
    r = api.get("/agencies/NOPE")
    assert r.status_code == 404
    assert r.headers["Content-Type"] == PROBLEM
    p = r.json()
    assert p["status"] == 404 and p["title"] and p["type"]


def test_categories_and_hotlines(api):
    cats, _ = all_pages(api, "/categories", 4)
    codes = [c["code"] for c in cats]
    assert "thue" in codes and "dat-dai" in codes
    assert len(codes) == len(set(codes))
    assert {c["name"] for c in cats} >= {"Thuế", "Đất đai", "Đăng ký kinh doanh"}
    hot, _ = all_pages(api, "/hotlines", 2)
    assert len(hot) >= 5
    for h in hot:
        assert h["tel"].startswith("tel:")
        assert " " not in h["tel"]
        assert h["name"] and h["phone"]
    by_agency = [h for h in hot if h["agency"]]
    assert any(h["agency"]["code"] == "SKHDT" and
               h["agency"]["name"] == "Sở Kế hoạch và Đầu tư" for h in by_agency)
    assert any(h["agency"] is None for h in hot)


def test_etag_and_if_none_match(api):
    for path in ["/agencies", "/categories", "/hotlines", "/agencies/STC"]:
        r = api.get(path)
        etag = r.headers["ETag"]
        assert etag.startswith('"') and etag.endswith('"')
        r2 = api.get(path, headers={"If-None-Match": etag})
        assert r2.status_code == 304, path
        assert r2.content == b""
        assert r2.headers["ETag"] == etag
        assert api.get(path, headers={"If-None-Match": "W/" + etag}).status_code == 304
        assert api.get(path, headers={"If-None-Match": '"x", ' + etag}).status_code == 304
        r3 = api.get(path, headers={"If-None-Match": '"other"'})
        assert r3.status_code == 200 and r3.json() == r.json()
    # A different page is a different representation.
    a = api.get("/agencies", params={"limit": 2}).headers["ETag"]
    b = api.get("/agencies", params={"limit": 3}).headers["ETag"]
    assert a != b


def test_head_has_headers_but_no_body(api):
    r = api.request("HEAD", "/agencies")
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["Content-Type"] == JSON


def test_unknown_path_is_problem_404(api):
    for path in ["/nope", "/agencies/SKHDT/extra", "/", ""]:
        r = api.get(path)
        assert r.status_code == 404, path
        assert r.headers["Content-Type"] == PROBLEM
        assert r.json()["status"] == 404


def test_wrong_method_is_405_with_allow(api):
    for method, path in [("POST", "/agencies"), ("DELETE", "/health"),
                         ("PUT", "/agencies/SKHDT"), ("PATCH", "/hotlines")]:
        r = api.request(method, path)
        assert r.status_code == 405, (method, path)
        assert r.headers["Allow"] == "GET, HEAD, OPTIONS"
        assert r.headers["Content-Type"] == PROBLEM
        assert "GET" in r.json()["detail"]


def test_bad_query_encoding_is_400(api):
    r = api.s.get(api.base + "/agencies?limit=%zz")
    assert r.status_code == 400
    assert r.headers["Content-Type"] == PROBLEM


def test_cors_preflight_and_simple_requests(api):
    for origin in ["https://h5.zdn.vn", "zbrowser://h5.zdn.vn"]:
        r = api.request("OPTIONS", "/agencies", headers={
            "Origin": origin, "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match"})
        assert r.status_code == 204
        assert r.headers["Access-Control-Allow-Origin"] == origin
        assert "GET" in r.headers["Access-Control-Allow-Methods"]
        assert "If-None-Match" in r.headers["Access-Control-Allow-Headers"]
        assert "Origin" in r.headers["Vary"]
        g = api.get("/agencies", headers={"Origin": origin})
        assert g.headers["Access-Control-Allow-Origin"] == origin
    # Errors reach the Mini App too: a 404 and a 405 carry CORS headers.
    for method, path in [("GET", "/nope"), ("POST", "/agencies")]:
        e = api.request(method, path, headers={"Origin": "https://h5.zdn.vn"})
        assert e.status_code in (404, 405)
        assert e.headers["Access-Control-Allow-Origin"] == "https://h5.zdn.vn"
    # Caches learn that answers vary by Origin even without one.
    assert "Origin" in api.get("/agencies").headers["Vary"]
    bad = api.request("OPTIONS", "/agencies", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert bad.status_code == 403
    assert "Access-Control-Allow-Origin" not in bad.headers
    g = api.get("/agencies", headers={"Origin": "https://evil.example"})
    assert g.status_code == 200
    assert "Access-Control-Allow-Origin" not in g.headers
    # Without preflight headers OPTIONS just lists the methods.
    r = api.request("OPTIONS", "/agencies/SKHDT")
    assert r.status_code == 204 and r.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert api.request("OPTIONS", "/nope").status_code == 404


def test_surfaces_are_separate(server):
    import requests
    # Public routes are not served under the partner mount.
    r = requests.get(server.url + "/api/v1/partner/agencies", timeout=10)
    assert r.status_code == 404
    assert r.headers["Content-Type"] == PROBLEM
    # The staff mount asks Apache for credentials first.
    r = requests.get(server.url + "/api/v1/staff/agencies", timeout=10)
    assert r.status_code == 401
