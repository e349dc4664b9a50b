"""The authorization matrix: every route the module serves (read from its
own route tables, as test_openapi.py does) × every kind of caller ->
the status it must get, on both engines.

A row lists the callers whose answer is not the surface's default:
- public routes: staff and partner credentials mean nothing there, so
  those callers get what an anonymous caller gets;
- staff routes: every non-staff caller meets Apache's Basic
  authentication (401); a staff role not named gets 403;
- partner routes: no key, a business token, staff credentials or a
  revoked key get 401; a key without the route's scope gets 403.
Each call is made with a body valid enough that authorization decides,
on fresh fixtures where the call changes state.  The test fails when a
route is served that the table does not list, and when the table lists a
route that is not served."""
import base64
import hashlib
import hmac
import json
import re
import time
import uuid

import pytest
import requests

import dndn_server as ds
from conftest import BUILD, sql
from dndn_routes import served_routes

PW = "dndn-dev"
DEMO_HASH = "$2y$05$KDW.8ozqffr3f1JJ4wxYXeh/h5.B49mbdu/P71/Z3hYGaXTqfQ.x2"
CONTENT = ("Doanh nghiệp chúng tôi muốn hỏi về thủ tục đăng ký kinh doanh "
           "và việc nộp thuế điện tử cho chi nhánh mới thành lập tại tỉnh.")
ANSWER = ("Sở Kế hoạch và Đầu tư trả lời: doanh nghiệp nộp hồ sơ đăng ký "
          "chi nhánh trực tuyến trên Cổng dịch vụ công quốc gia, thời hạn "
          "giải quyết ba ngày làm việc.")

BUSINESS = ["anonymous", "business_a", "business_b", "expired_token",
            "tampered_token"]
STAFF = ["officer", "officer_other_agency", "coordinator", "editor",
         "observer", "admin"]
KEYS = {"key_dossiers": "dossiers:write", "key_procedures": "procedures:write",
        "key_petitions": "petitions:read", "key_reports": "reports:read",
        "key_revoked": "dossiers:write procedures:write petitions:read "
                       "reports:read"}
CALLERS = BUSINESS + STAFF + list(KEYS)


# ---------- expectations ----------

def public(anonymous, a=None, b=None, bad_token=None):
    """A public route: a = business_a (the owner of the fixture), b =
    another business user, bad_token = expired or tampered token."""
    out = {c: anonymous for c in CALLERS}
    out["business_a"] = anonymous if a is None else a
    out["business_b"] = out["business_a"] if b is None else b
    out["expired_token"] = out["tampered_token"] = (
        anonymous if bad_token is None else bad_token)
    return out


def staff(ok, **roles):
    """A staff route: `ok` for each role named in roles (role=True) or
    the status given (role=404...); 403 for the other roles."""
    out = {c: 401 for c in CALLERS}
    for role in STAFF:
        v = roles.get(role, False)
        out[role] = ok if v is True else (403 if v is False else v)
    return out


def partner(scope, ok):
    out = {c: 401 for c in CALLERS}
    for key, scopes in KEYS.items():
        if key != "key_revoked":
            out[key] = ok if scope in scopes.split() else 403
    return out


# ---------- the fixtures a call needs ----------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_token(key, payload):
    h = b64url(b'{"alg":"HS256","typ":"JWT"}')
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = hmac.new(key, ("%s.%s" % (h, p)).encode(), hashlib.sha256).digest()
    return "%s.%s.%s" % (h, p, b64url(sig))


class World:
    """What the callers and rows of one engine share."""

    def __init__(self, server):
        self.server = server
        self.base = server.url + "/api/v1"
        self.user_b = self.sign_in("Doanh nghiệp B")
        if not sql(server, "SELECT username FROM staff WHERE username = ?",
                   ("officer_stc",)):
            sql(server, "INSERT INTO staff (username, password_hash, "
                        "full_name, role, agency_code, active, created_at) "
                        "VALUES (?, ?, 'Chuyên viên Sở Tài chính', "
                        "'officer', 'STC', 1, 0)", ("officer_stc", DEMO_HASH))
        self.keys = {}
        for name, scopes in KEYS.items():
            out = ds.dndnctl(BUILD, server.db.driver, server.db.params,
                             "apikey", "create", "--name", name, "--scopes",
                             scopes)
            self.keys[name] = out.stdout.strip()
            if name == "key_revoked":
                kid = re.search(r"created API key (\d+)", out.stderr).group(1)
                ds.dndnctl(BUILD, server.db.driver, server.db.params,
                           "apikey", "revoke", kid)
        self.dossier = "AUTHZ-" + uuid.uuid4().hex[:8]
        self.put_dossier(self.dossier)
        self.published = self.petition("published")

    # -- plain calls as a given identity --
    def call(self, method, path, headers=None, auth=None, body=None):
        return requests.request(method, self.base + path, headers=headers,
                                auth=auth, json=body, timeout=30)

    def sign_in(self, name=None):
        r = self.call("POST", "/auth/dev",
                      body={"name": name or "DN %s" % uuid.uuid4().hex[:6]})
        assert r.status_code == 200, r.text
        s = r.json()
        return {"token": s["token"], "id": str(s["user"]["id"])}

    def as_staff(self, user, method, path, body=None):
        r = self.call(method, "/staff" + path, auth=(user, PW), body=body)
        assert r.status_code < 300, (method, path, r.status_code, r.text)
        return r

    def put_dossier(self, code):
        r = self.call("PUT", "/partner/dossiers/" + code,
                      headers={"X-API-Key": "dev-partner-key"},
                      body=dossier_body())
        assert r.status_code in (200, 201), r.text

    def petition(self, state, owner=None):
        """A petition of `owner` (a fresh user by default) brought to
        state: received, assigned (to SKHDT), in_progress, answered,
        published.  Returns (code, owner)."""
        owner = owner or self.sign_in()
        r = self.call("POST", "/petitions", body=petition_body(),
                      headers={"Authorization": "Bearer " + owner["token"]})
        assert r.status_code == 201, r.text
        code = r.json()["code"]
        steps = ["received", "assigned", "in_progress", "answered",
                 "published"]
        if steps.index(state) >= 1:
            self.as_staff("coordinator", "POST",
                          "/petitions/%s/assign" % code, {"agency": "SKHDT"})
        if steps.index(state) >= 2:
            self.as_staff("officer", "POST", "/petitions/%s/accept" % code,
                          {})
        if steps.index(state) >= 3:
            self.as_staff("officer", "POST", "/petitions/%s/answer" % code,
                          {"content": ANSWER})
        if steps.index(state) >= 4:
            self.as_staff("coordinator", "POST",
                          "/petitions/%s/publish" % code, {"public": True})
        return code, owner

    def post_id(self):
        r = self.as_staff("editor", "POST", "/posts", post_body())
        return str(r.json()["id"])

    def procedure(self):
        p = self.call("GET", "/procedures/1.001612").json()
        body = {k: p[k] for k in ("name", "level", "processing_days", "fee",
                                  "documents", "online_url")}
        body["agency"] = p["agency"]["code"]
        return body

    # -- the caller's credentials --
    def credentials(self, caller, owner, other):
        """(headers, auth) of a caller; owner = business_a's session,
        other = business_b's."""
        key = self.server.session_key
        if caller == "business_a":
            return {"Authorization": "Bearer " + owner["token"]}, None
        if caller == "business_b":
            return {"Authorization": "Bearer " + other["token"]}, None
        if caller == "expired_token":
            t = make_token(key, {"sub": owner["id"], "iat": 1,
                                 "exp": int(time.time()) - 1})
            return {"Authorization": "Bearer " + t}, None
        if caller == "tampered_token":
            h, p, s = owner["token"].split(".")
            claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
            claims["sub"] = other["id"]  # someone else's id, old signature
            p2 = b64url(json.dumps(claims, separators=(",", ":")).encode())
            return {"Authorization": "Bearer %s.%s.%s" % (h, p2, s)}, None
        if caller in STAFF:
            user = "officer_stc" if caller == "officer_other_agency" else caller
            return {}, (user, PW)
        if caller in KEYS:
            return {"X-API-Key": self.keys[caller]}, None
        return {}, None


def petition_body():
    return {"kind": "question", "title": "Hỏi về thuế điện tử",
            "content": CONTENT, "category": "thue", "public_consent": True}


def post_body():
    return {"category": "support", "title": "Hỗ trợ lãi suất vay vốn",
            "summary": "Ngân sách tỉnh hỗ trợ lãi suất trong 24 tháng.",
            "body": "Doanh nghiệp khởi nghiệp được hỗ trợ lãi suất."}


def dossier_body():
    return {"procedure_code": "1.001612", "status": "processing",
            "applicant_name": "Nguyễn Văn An",
            "received_at": "2026-02-02T08:00:00+07:00",
            "due_at": "2026-02-09T17:00:00+07:00",
            "updated_at": "2026-02-03T09:00:00+07:00"}


# ---------- the table ----------
# (method, route as the route table spells it with its surface prefix,
#  variant label, set-up(world) -> (path, body, owner or None, other or
#  None), expected statuses)

def fixed(path, body=None):
    return lambda w: (path, body, None, None)


def own_petition(state, suffix="", body=None):
    def setup(w):
        code, owner = w.petition(state)
        return "/petitions/%s%s" % (code, suffix), body, owner, None
    return setup


def staff_action(state, action, body):
    def setup(w):
        code, _ = w.petition(state)
        return "/staff/petitions/%s/%s" % (code, action), body, None, None
    return setup


def with_post(body=None):
    def setup(w):
        return "/staff/posts/" + w.post_id(), body, None, None
    return setup


def fresh_users(path, body=None):
    def setup(w):
        return path, body, w.sign_in(), w.sign_in()
    return setup


ROWS = [
    # ----- public surface -----
    ("GET", "/health", "", fixed("/health"), public(200)),
    ("GET", "/agencies", "", fixed("/agencies"), public(200)),
    ("GET", "/agencies/{code}", "", fixed("/agencies/SKHDT"), public(200)),
    ("GET", "/categories", "", fixed("/categories"), public(200)),
    ("GET", "/hotlines", "", fixed("/hotlines"), public(200)),
    ("GET", "/calendar", "", fixed("/calendar?year=2026"), public(200)),
    ("GET", "/procedures", "", fixed("/procedures"), public(200)),
    ("GET", "/procedures/{code}", "", fixed("/procedures/1.001612"),
     public(200)),
    ("GET", "/posts", "", fixed("/posts"), public(200)),
    ("GET", "/posts/{id}", "", lambda w: ("/posts/" + w.post_id(), None,
                                          None, None), public(200)),
    ("GET", "/qa", "", fixed("/qa?q=thue"), public(200)),
    ("GET", "/qa/{code}", "", lambda w: ("/qa/" + w.published[0], None, None,
                                         None), public(200)),
    ("GET", "/dossiers/{code}", "", lambda w: ("/dossiers/" + w.dossier,
                                               None, None, None),
     public(200)),
    ("POST", "/auth/dev", "", fixed("/auth/dev", {"name": "Nguyễn Văn An"}),
     public(200)),
    # Sign-in with Zalo has no caller to authorize; a body without a
    # token is refused before any call to Zalo, whoever sends it.
    ("POST", "/auth/zalo", "", fixed("/auth/zalo", {}), public(400)),
    # The phone exchange needs a session first; this test server has no
    # app secret file, so a signed-in caller learns it is unavailable.
    ("POST", "/auth/zalo/phone", "", fixed("/auth/zalo/phone",
                                           {"code": "x"}),
     public(401, a=503, b=503, bad_token=401)),
    ("GET", "/me", "", fixed("/me"), public(401, a=200, b=200,
                                            bad_token=401)),
    ("PUT", "/me", "", fixed("/me", {"name": "Tên mới"}),
     public(401, a=200, b=200, bad_token=401)),
    ("DELETE", "/me", "", fresh_users("/me"),
     public(401, a=204, b=204, bad_token=401)),
    ("GET", "/me/export", "", fixed("/me/export"),
     public(401, a=200, b=200, bad_token=401)),
    ("GET", "/me/petitions", "", fixed("/me/petitions"),
     public(401, a=200, b=200, bad_token=401)),
    ("POST", "/petitions", "", fixed("/petitions", petition_body()),
     public(401, a=201, b=201, bad_token=401)),
    ("GET", "/petitions/{code}", "", own_petition("received"),
     public(401, a=200, b=404, bad_token=401)),
    ("GET", "/petitions/{code}/events", "", own_petition("received",
                                                         "/events"),
     public(401, a=200, b=404, bad_token=401)),
    ("POST", "/petitions/{code}/withdraw", "",
     own_petition("received", "/withdraw"),
     public(401, a=200, b=404, bad_token=401)),
    ("POST", "/petitions/{code}/rating", "",
     own_petition("answered", "/rating", {"score": 5}),
     public(401, a=200, b=404, bad_token=401)),
    # ----- staff surface -----
    ("GET", "/staff/me", "", fixed("/staff/me"),
     staff(200, **{r: True for r in STAFF})),
    ("GET", "/staff/petitions", "", fixed("/staff/petitions"),
     staff(200, officer=True, officer_other_agency=True, coordinator=True,
           observer=True, admin=True)),
    ("GET", "/staff/petitions/{code}", "",
     lambda w: ("/staff/petitions/" + w.petition("assigned")[0], None, None,
                None),
     staff(200, officer=True, coordinator=True, observer=True, admin=True)),
    ("POST", "/staff/petitions/{code}/{action}", "assign",
     staff_action("received", "assign", {"agency": "SKHDT"}),
     staff(200, coordinator=True)),
    ("POST", "/staff/petitions/{code}/{action}", "reject",
     staff_action("received", "reject", {"reason": "Trùng lặp"}),
     staff(200, coordinator=True)),
    ("POST", "/staff/petitions/{code}/{action}", "accept",
     staff_action("assigned", "accept", {}), staff(200, officer=True)),
    ("POST", "/staff/petitions/{code}/{action}", "return",
     staff_action("assigned", "return", {"reason": "Không thuộc thẩm quyền"}),
     staff(200, officer=True)),
    ("POST", "/staff/petitions/{code}/{action}", "extend",
     staff_action("in_progress", "extend", {"days": 3, "reason": "Cần xác minh"}),
     staff(200, coordinator=True)),
    ("POST", "/staff/petitions/{code}/{action}", "answer",
     staff_action("in_progress", "answer", {"content": ANSWER}),
     staff(200, officer=True)),
    ("POST", "/staff/petitions/{code}/{action}", "publish",
     staff_action("answered", "publish", {"public": True}),
     staff(200, coordinator=True)),
    ("POST", "/staff/petitions/{code}/{action}", "notes",
     staff_action("assigned", "notes", {"note": "Đã gọi điện cho doanh nghiệp"}),
     staff(200, officer=True, coordinator=True, admin=True)),
    ("GET", "/staff/posts", "", fixed("/staff/posts"),
     staff(200, editor=True, admin=True)),
    ("POST", "/staff/posts", "", lambda w: ("/staff/posts", post_body(), None,
                                            None),
     staff(201, editor=True, admin=True)),
    ("GET", "/staff/posts/{id}", "", with_post(),
     staff(200, editor=True, admin=True)),
    ("PUT", "/staff/posts/{id}", "", with_post(post_body()),
     staff(200, editor=True, admin=True)),
    ("DELETE", "/staff/posts/{id}", "", with_post(),
     staff(204, editor=True, admin=True)),
    ("PUT", "/staff/procedures/{code}", "",
     lambda w: ("/staff/procedures/1.001612", w.procedure(), None, None),
     staff(200, editor=True, admin=True)),
    ("PUT", "/staff/calendar/{date}", "",
     fixed("/staff/calendar/2031-12-31", {"type": "holiday",
                                           "name": "Ngày nghỉ thử"}),
     staff(200, coordinator=True, admin=True)),
    ("GET", "/staff/reports/daily", "", fixed("/staff/reports/daily"),
     staff(200, coordinator=True, observer=True, admin=True)),
    ("GET", "/staff/reports/agencies", "", fixed("/staff/reports/agencies"),
     staff(200, coordinator=True, observer=True, admin=True)),
    ("GET", "/staff/access-log", "", fixed("/staff/access-log"),
     staff(200, admin=True)),
    # ----- partner surface -----
    ("PUT", "/partner/dossiers/{code}", "",
     lambda w: ("/partner/dossiers/AUTHZ-" + uuid.uuid4().hex[:8],
                dossier_body(), None, None),
     partner("dossiers:write", 201)),
    ("POST", "/partner/dossiers/{code}/events", "",
     lambda w: ("/partner/dossiers/%s/events" % w.dossier,
                {"at": "2026-02-03T09:00:00+07:00",
                 "step": "Bước %s" % uuid.uuid4().hex[:6],
                 "agency": "Sở Kế hoạch và Đầu tư"}, None, None),
     partner("dossiers:write", 201)),
    ("PUT", "/partner/procedures/{code}", "",
     lambda w: ("/partner/procedures/1.001612", w.procedure(), None, None),
     partner("procedures:write", 200)),
    ("GET", "/partner/petitions", "", fixed("/partner/petitions"),
     partner("petitions:read", 200)),
    ("GET", "/partner/reports/daily", "", fixed("/partner/reports/daily"),
     partner("reports:read", 200)),
    ("GET", "/partner/reports/agencies", "",
     fixed("/partner/reports/agencies"), partner("reports:read", 200)),
]


def test_the_table_lists_exactly_the_served_routes():
    listed = {(m, r) for m, r, _, _, _ in ROWS}
    served = served_routes()
    assert not served - listed, "served, not in the matrix: %s" % sorted(
        served - listed)
    assert not listed - served, "in the matrix, not served: %s" % sorted(
        listed - served)
    for m, r, variant, _, expected in ROWS:
        assert set(expected) == set(CALLERS), (m, r, variant)


@pytest.fixture(scope="module")
def world(server):
    return World(server)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: "%s %s%s" % (
    row[0], row[1], " " + row[2] if row[2] else ""))
def test_matrix(world, row, expect_log):
    # Apache's mod_auth_basic logs each Bearer token sent to the staff
    # surface ("wrong authentication scheme"): expected here.
    expect_log.append("AH01614")
    method, route, variant, setup, expected = row
    got = {}
    for caller in CALLERS:
        path, body, owner, other = setup(world)
        owner = owner or world.sign_in()
        other = other or world.user_b
        headers, auth = world.credentials(caller, owner, other)
        r = world.call(method, path, headers=headers, auth=auth, body=body)
        got[caller] = r.status_code
        if r.status_code >= 500 and expected[caller] < 500:
            pytest.fail("%s %s as %s: %d %s" % (method, path, caller,
                                                 r.status_code, r.text))
    wrong = {c: (got[c], expected[c]) for c in CALLERS
             if got[c] != expected[c]}
    assert not wrong, "%s %s: caller: (got, expected): %s" % (
        method, route, wrong)
