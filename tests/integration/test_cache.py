"""The catalogue answer cache (DndnCacheSeconds): answers served from the
process's cache within the freshness bound, 304 without the database,
staff writes (and a user's erasure) forgetting it at once, and off by
default."""
import os
import shutil
import time

import pytest
import requests

import dndn_server as ds
from conftest import BUILD, Client, make_database, make_workdir, sql_script

TTL = 3


@pytest.fixture(params=["sqlite", "mysql"])
def cached(request):
    """An Apache with one child (so every request meets the same cache)
    and DndnCacheSeconds 3."""
    tmp = make_workdir()
    db = make_database(request.param, tmp,
                       lambda: request.getfixturevalue("mariadb"))
    db.prepare(BUILD)
    httpd = ds.Apache(BUILD, db, root=os.path.join(tmp, "httpd"),
                      preload=ds.sanitizer_preload(),
                      extra="DndnCacheSeconds %d\nServerLimit 1\n"
                            "StartServers 1\nMaxRequestWorkers 16\n"
                            # One child holds every thread there is: spare
                            # thread bounds below it, or the MPM logs that
                            # it cannot start more (AH10159).
                            "MinSpareThreads 1\nMaxSpareThreads 16" % TTL)
    httpd.start()
    yield httpd
    httpd.stop()
    bad = httpd.bad_log_lines(getattr(request.node, "expected_log", []))
    shutil.rmtree(tmp, ignore_errors=True)
    assert not bad, "error log:\n" + "\n".join(bad)


def get(httpd, path, **kw):
    return requests.get(httpd.url + "/api/v1" + path, timeout=30, **kw)


def rename_agency(httpd, name):
    sql_script(httpd, "UPDATE agencies SET name = '%s' WHERE code = 'STC';"
               % name)


def test_served_within_the_bound_then_fresh(cached):
    first = get(cached, "/agencies/STC")
    assert first.status_code == 200
    assert first.json()["name"] == "Sở Tài chính"
    rename_agency(cached, "Sở Tài chính tỉnh")
    # Within the bound: the cached answer, byte for byte, and 304.
    again = get(cached, "/agencies/STC")
    assert again.content == first.content
    assert again.headers["ETag"] == first.headers["ETag"]
    r = get(cached, "/agencies/STC",
            headers={"If-None-Match": first.headers["ETag"]})
    assert r.status_code == 304
    assert r.headers["ETag"] == first.headers["ETag"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    # Past the bound: the database's current answer.
    time.sleep(TTL + 0.5)
    fresh = get(cached, "/agencies/STC")
    assert fresh.json()["name"] == "Sở Tài chính tỉnh"
    assert fresh.headers["ETag"] != first.headers["ETag"]
    # Different query strings are different answers.
    assert get(cached, "/agencies", params={"limit": 1}).json()["items"] != \
        get(cached, "/agencies", params={"limit": 2}).json()["items"]


def test_hit_needs_no_database(cached, expect_log):
    """With the tables gone, a cached answer is still served (so no
    statement ran) and an uncached one is 503."""
    assert get(cached, "/categories").status_code == 200
    etag = get(cached, "/categories").headers["ETag"]
    expect_log.append("DNDN00")  # the failing statements are logged
    sql_script(cached, "ALTER TABLE categories RENAME TO categories_away;"
                       "ALTER TABLE hotlines RENAME TO hotlines_away;")
    try:
        r = get(cached, "/categories", headers={"If-None-Match": etag})
        assert r.status_code == 304
        assert get(cached, "/categories").status_code == 200
        assert get(cached, "/hotlines").status_code == 503
    finally:
        sql_script(cached, "ALTER TABLE categories_away RENAME TO categories;"
                           "ALTER TABLE hotlines_away RENAME TO hotlines;")


def test_staff_write_forgets_at_once(cached):
    code = "1.001612"
    before = get(cached, "/procedures/" + code)
    assert before.status_code == 200
    body = {k: before.json()[k] for k in ("name", "level", "processing_days",
                                          "fee", "documents", "online_url")}
    body["agency"] = before.json()["agency"]["code"]
    body["name"] = before.json()["name"] + " (sửa đổi)"
    r = requests.put(cached.url + "/api/v1/staff/procedures/" + code,
                     json=body, auth=("editor", "dndn-dev"), timeout=30)
    assert r.status_code == 200, r.text
    after = get(cached, "/procedures/" + code)
    assert after.json()["name"] == body["name"]


def test_personal_answers_never_cached(cached):
    """Only public catalogue routes are cached: signed-in answers are not."""
    s = requests.post(cached.url + "/api/v1/auth/dev", json={"name": "An"},
                      timeout=30).json()
    h = {"Authorization": "Bearer " + s["token"]}
    assert get(cached, "/me", headers=h).json()["name"] == "An"
    r = requests.put(cached.url + "/api/v1/me", json={"name": "Bình"},
                     headers=h, timeout=30)
    assert r.status_code == 200
    assert get(cached, "/me", headers=h).json()["name"] == "Bình"
    assert get(cached, "/me", headers=h).headers["Cache-Control"] == "no-store"


def test_off_by_default(server):
    """The shared test server has no DndnCacheSeconds: a change shows at
    once."""
    first = get(server, "/hotlines")
    assert first.status_code == 200
    sql_script(server, "UPDATE hotlines SET hours = 'Cả ngày' WHERE id = "
               "(SELECT id FROM (SELECT MIN(id) AS id FROM hotlines) x);")
    assert get(server, "/hotlines").content != first.content


def test_qa_cached_forgotten_on_unpublish_and_erasure(cached):
    """Published answers are public and cached like the catalogue; the
    coordinator's unpublish and the author's erasure forget them at once."""
    from test_petitions import sign_in, staff
    from test_privacy import published_petition

    api = Client(cached)
    h, _ = sign_in(api)
    code = published_petition(api, cached, h)
    search = {"q": "thue dien tu"}
    found = [p["code"] for p in api.get("/qa", params=search).json()["items"]]
    assert code in found
    etag = api.get("/qa/" + code).headers["ETag"]
    assert api.get("/qa/" + code, headers={"If-None-Match": etag}) \
        .status_code == 304
    # A change behind the module's back shows only after the bound.
    sql_script(cached, "UPDATE petitions SET published = 0 WHERE code = '%s';"
               % code)
    assert api.get("/qa/" + code).status_code == 200
    time.sleep(TTL + 0.5)
    assert api.get("/qa/" + code).status_code == 404
    assert code not in [p["code"] for p in
                        api.get("/qa", params=search).json()["items"]]
    # Published again through the API, cached, then unpublished: at once.
    coord = staff(cached, "coordinator")
    assert coord("POST", "/petitions/%s/publish" % code,
                 json={"public": True}).status_code == 200
    assert api.get("/qa/" + code).status_code == 200
    assert code in [p["code"] for p in
                    api.get("/qa", params=search).json()["items"]]
    assert coord("POST", "/petitions/%s/publish" % code,
                 json={"public": False}).status_code == 200
    assert api.get("/qa/" + code).status_code == 404
    assert code not in [p["code"] for p in
                        api.get("/qa", params=search).json()["items"]]
    # The author's erasure unpublishes: gone at once, search included.
    assert coord("POST", "/petitions/%s/publish" % code,
                 json={"public": True}).status_code == 200
    assert api.get("/qa/" + code).status_code == 200
    assert code in [p["code"] for p in
                    api.get("/qa", params=search).json()["items"]]
    assert api.request("DELETE", "/me", headers=h).status_code in (200, 204)
    assert api.get("/qa/" + code).status_code == 404
    assert code not in [p["code"] for p in
                        api.get("/qa", params=search).json()["items"]]
