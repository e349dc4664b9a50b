"""Posts (policies, support programmes, announcements, news): public
reading with search, editing by staff editors, unpublishing."""
import requests

from conftest import all_pages as walk

PROBLEM = "application/problem+json; charset=utf-8"
EDITOR = ("editor", "dndn-dev")


def all_pages(get, limit, params=None):
    return walk(get, limit, params, max_pages=200)


def staff(server, method, path="", auth=EDITOR, **kw):
    return requests.request(method, server.url + "/api/v1/staff/posts" + path,
                            auth=auth, timeout=10, **kw)


def post_body(**kw):
    b = {"category": "support",
         "title": "Hỗ trợ lãi suất vay vốn cho doanh nghiệp khởi nghiệp",
         "summary": "Ngân sách tỉnh hỗ trợ lãi suất trong 24 tháng.",
         "body": "Doanh nghiệp khởi nghiệp sáng tạo được hỗ trợ lãi suất.\n"
                 "Hồ sơ nộp tại Sở Kế hoạch và Đầu tư."}
    b.update(kw)
    return b





def test_public_posts_newest_first_published_only(api):
    items, _ = all_pages(lambda p: api.get("/posts", params=p), 2)
    assert len(items) >= 5
    titles = [p["title"] for p in items]
    assert "Chính sách hỗ trợ doanh nghiệp nhỏ và vừa tỉnh Thái Bình năm 2026" in titles
    assert not any("chưa công bố" in t for t in titles)
    keys = [(p["published_at"], p["id"]) for p in items]
    assert keys == sorted(keys, reverse=True)
    assert len({p["id"] for p in items}) == len(items)
    assert "body" not in items[0] and "published" not in items[0]
    one = api.get("/posts/%d" % items[0]["id"])
    assert one.status_code == 200
    assert one.json()["body"] and one.json()["title"] == items[0]["title"]
    e = one.headers["ETag"]
    assert api.get("/posts/%d" % items[0]["id"], headers={"If-None-Match": e}).status_code == 304
    e = api.get("/posts").headers["ETag"]
    assert api.get("/posts", headers={"If-None-Match": e}).status_code == 304


def test_category_and_search(api):
    sup = api.get("/posts", params={"category": "support", "limit": 100}).json()["items"]
    assert sup and all(p["category"] == "support" for p in sup)
    r = api.get("/posts", params={"q": "chuyen doi so"}).json()["items"]
    assert [p["title"] for p in r] == [
        "Chương trình hỗ trợ chuyển đổi số cho doanh nghiệp nhỏ và vừa"]
    r = api.get("/posts", params={"q": "doanh nghiep nho va vua", "category": "policy"})
    assert [p["category"] for p in r.json()["items"]] == ["policy"]
    assert api.get("/posts", params={"q": "du thao"}).json()["items"] == []
    for params, field in [({"category": "blog"}, "category"),
                          ({"cursor": "YWJj"}, "cursor"),
                          ({"q": "x" * 300}, "q")]:
        r = api.get("/posts", params=params)
        assert r.status_code == 400, params
        assert r.json()["errors"][0]["field"] == field


def test_404s(api, server):
    for path in ["/posts/999999999", "/posts/abc", "/posts/-1"]:
        r = api.get(path)
        assert r.status_code == 404, path
        assert r.headers["Content-Type"] == PROBLEM
    assert staff(server, "PUT", "/999999999", json=post_body()).status_code == 404
    assert staff(server, "DELETE", "/999999999").status_code == 404
    assert staff(server, "GET", "/abc").status_code == 404


def test_editor_creates_edits_unpublishes(server, api):
    r = staff(server, "POST", json=post_body())
    assert r.status_code == 201, r.text
    p = r.json()
    assert r.headers["Location"] == "/api/v1/staff/posts/%d" % p["id"]
    assert p["published"] is True and p["created_by"] == "editor"
    assert p["published_at"].endswith("+07:00")
    pid = p["id"]
    pub = api.get("/posts/%d" % pid).json()
    assert pub["body"] == post_body()["body"]
    assert "created_by" not in pub
    assert pid in [x["id"] for x in api.get("/posts", params={"q": "lai suat vay"}).json()["items"]]
    assert api.get("/posts").json()["items"][0]["id"] == pid
    # Full replace, keeps the publication time.
    r = staff(server, "PUT", "/%d" % pid, json=post_body(title="Tiêu đề đã sửa lại", category="news"))
    assert r.status_code == 200, r.text
    assert r.json()["published_at"] == p["published_at"]
    got = api.get("/posts/%d" % pid).json()
    assert got["title"] == "Tiêu đề đã sửa lại" and got["category"] == "news"
    # The search follows the new title (old words are forgotten).
    assert pid not in [x["id"] for x in api.get("/posts", params={"q": "lai suat vay"}).json()["items"]]
    assert pid in [x["id"] for x in api.get("/posts", params={"q": "tieu de da sua"}).json()["items"]]
    # DELETE unpublishes: gone publicly, still there for staff.
    r = staff(server, "DELETE", "/%d" % pid)
    assert r.status_code == 204 and r.content == b""
    assert api.get("/posts/%d" % pid).status_code == 404
    assert pid not in [x["id"] for x in api.get("/posts", params={"limit": 100}).json()["items"]]
    assert pid not in [x["id"] for x in api.get("/posts", params={"q": "sua lai"}).json()["items"]]
    s = staff(server, "GET", "/%d" % pid)
    assert s.status_code == 200 and s.json()["published"] is False
    listed, _ = all_pages(lambda prm: staff(server, "GET", params=prm), 3)
    assert pid in [x["id"] for x in listed]
    assert any(not x["published"] for x in listed)
    ids = [x["id"] for x in listed]
    assert ids == sorted(ids, reverse=True)
    # Publishing again through PUT.
    r = staff(server, "PUT", "/%d" % pid, json=post_body(published=True))
    assert r.status_code == 200 and r.json()["published"] is True
    assert api.get("/posts/%d" % pid).status_code == 200


def test_draft_is_not_public(server, api):
    r = staff(server, "POST", json=post_body(title="Bản nháp nội bộ chưa đăng", published=False))
    assert r.status_code == 201
    pid = r.json()["id"]
    assert r.json()["published_at"] is None
    assert api.get("/posts/%d" % pid).status_code == 404
    assert api.get("/posts", params={"q": "ban nhap noi bo"}).json()["items"] == []


def test_only_editors_and_admins(server, api):
    before = staff(server, "GET", params={"limit": 1}).json()["items"][0]["id"]
    for user in ["officer", "observer", "coordinator"]:
        auth = (user, "dndn-dev")
        assert staff(server, "GET", auth=auth).status_code == 403, user
        assert staff(server, "POST", auth=auth, json=post_body()).status_code == 403
        assert staff(server, "PUT", "/%d" % before, auth=auth, json=post_body()).status_code == 403
        assert staff(server, "DELETE", "/%d" % before, auth=auth).status_code == 403
    assert staff(server, "POST", auth=None, json=post_body()).status_code == 401
    r = staff(server, "POST", auth=("admin", "dndn-dev"), json=post_body())
    assert r.status_code == 201
    assert r.json()["id"] > before
    after = staff(server, "GET", params={"limit": 1}).json()["items"][0]["id"]
    assert after == r.json()["id"]


def test_validation_errors_store_nothing(server, api):
    newest = staff(server, "GET", params={"limit": 1}).json()["items"][0]
    cases = [
        (post_body(category="blog"), "category"),
        (post_body(title="abc"), "title"),
        (post_body(title="Tiêu đề\nhai dòng"), "title"),
        (post_body(body=""), "body"),
        (post_body(body=5), "body"),
        (post_body(summary="x" * 1001), "summary"),
        (post_body(published="yes"), "published"),
        ({"title": "Thiếu chuyên mục và nội dung"}, "category"),
    ]
    for body, field in cases:
        r = staff(server, "POST", json=body)
        assert r.status_code == 400, (body, r.text)
        assert r.headers["Content-Type"] == PROBLEM
        assert field in [e["field"] for e in r.json()["errors"]]
        r = staff(server, "PUT", "/%d" % newest["id"], json=body)
        assert r.status_code == 400, body
    assert staff(server, "GET", params={"limit": 1}).json()["items"][0] == newest
    r = staff(server, "POST", data="{", headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert staff(server, "GET", params={"limit": 1}).json()["items"][0] == newest


def test_idempotency_key_creates_once(server):
    key = {"Idempotency-Key": "tao-bai-%s" % __import__("uuid").uuid4().hex}
    newest = staff(server, "GET", params={"limit": 1}).json()["items"][0]["id"]
    # A rejected body does not use the key up.
    assert staff(server, "POST", json=post_body(title="x"), headers=key).status_code == 400
    r1 = staff(server, "POST", json=post_body(title="Bài viết gửi hai lần"), headers=key)
    assert r1.status_code == 201, r1.text
    assert "Idempotent-Replayed" not in r1.headers
    r2 = staff(server, "POST", json=post_body(title="Bài viết gửi hai lần"), headers=key)
    assert r2.status_code == 201
    assert r2.headers["Idempotent-Replayed"] == "true"
    assert r2.json()["id"] == r1.json()["id"]
    assert r2.headers["Location"] == r1.headers["Location"]
    ids = [p["id"] for p in staff(server, "GET", params={"limit": 10}).json()["items"]]
    assert ids.count(r1.json()["id"]) == 1
    assert [i for i in ids if i > newest] == [r1.json()["id"]]
    # The same key from another caller is another request.
    r3 = staff(server, "POST", auth=("admin", "dndn-dev"), json=post_body(), headers=key)
    assert r3.status_code == 201 and r3.json()["id"] != r1.json()["id"]
    # Without a key every POST creates.
    r4 = staff(server, "POST", json=post_body())
    assert r4.json()["id"] not in (r1.json()["id"], r3.json()["id"])
    top = staff(server, "GET", params={"limit": 1}).json()["items"][0]["id"]
    for bad in ["", "có dấu", "a b", "x" * 256]:
        r = staff(server, "POST", json=post_body(),
                  headers={"Idempotency-Key": bad.encode("utf-8")})
        assert r.status_code == 400, bad
        assert r.json()["errors"][0]["field"] == "Idempotency-Key"
    assert staff(server, "GET", params={"limit": 1}).json()["items"][0]["id"] == top
