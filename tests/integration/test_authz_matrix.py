"""Authorization matrix, both engines: every route of the module's route
tables x every kind of caller -> the expected status.

ROUTES has one line per route (several for the staff action route, one per
action).  A line names the route, how to build a request whose only open
question is authorization (fresh fixtures where the request changes state),
and the expected status per caller; the surface helpers fill in what every
caller without the surface's credentials gets (401), so a line only lists
the callers that differ.  test_matrix_lists_exactly_the_served_routes fails
when a route is served that no line lists, or a line lists a route that is
not served.
"""
import base64
import json
import os
import subprocess
import time
import uuid

import pytest
import requests

from conftest import BUILD
from dndn_routes import served_routes

PW = "dndn-dev"
CONTENT = ("Doanh nghiệp chúng tôi muốn hỏi về thủ tục đăng ký kinh doanh "
           "và việc nộp thuế điện tử cho chi nhánh mới thành lập tại tỉnh.")
ANSWER = ("Sở Kế hoạch và Đầu tư trả lời: doanh nghiệp nộp hồ sơ đăng ký "
          "chi nhánh trực tuyến trên Cổng dịch vụ công quốc gia, thời hạn "
          "giải quyết ba ngày làm việc.")

STAFF = ("officer", "officer_other", "coordinator", "editor", "observer",
         "admin")
KEYS = ("key_dossiers", "key_procedures", "key_petitions", "key_reports",
        "key_revoked")
BEARER = ("biz_a", "biz_b", "token_expired", "token_tampered")
CALLERS = ("anonymous",) + BEARER + STAFF + KEYS
SCOPE_OF = {"key_dossiers": "dossiers:write",
            "key_procedures": "procedures:write",
            "key_petitions": "petitions:read", "key_reports": "reports:read"}


# ---------- expectations per surface ----------

def everyone(status):
    """A public route that needs no credentials: the same for every caller
    (credentials meant for other surfaces, or a bad session token, are not
    looked at)."""
    return {c: status for c in CALLERS}


def user(owner, other=None):
    """A public route for a signed-in business: biz_a is the owner of the
    fixture (or simply signed in), biz_b another signed-in business."""
    e = {c: 401 for c in CALLERS}
    e["biz_a"] = owner
    e["biz_b"] = owner if other is None else other
    return e


def staff(ok, **roles):
    """A staff route: Apache answers 401 to anyone without a staff login;
    the staff roles given get `ok`, or the status given by name, the
    others 403."""
    e = {c: 401 for c in CALLERS}
    for c in STAFF:
        e[c] = 403
    for c, v in roles.items():
        assert c in STAFF, c
        e[c] = ok if v is True else v
    return e


def partner(scope, ok):
    """A partner route: the key of `scope` gets `ok`, the other live keys
    403, a revoked key and every non-key caller 401."""
    e = {c: 401 for c in CALLERS}
    for c, s in SCOPE_OF.items():
        e[c] = ok if s == scope else 403
    return e


# ---------- the world of one server: callers and fixtures ----------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(key, payload):
    import hashlib
    import hmac
    h = b64url(b'{"alg":"HS256","typ":"JWT"}')
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = hmac.new(key, ("%s.%s" % (h, p)).encode(), hashlib.sha256).digest()
    return "%s.%s.%s" % (h, p, b64url(sig))


def ctl(server, *args):
    r = subprocess.run(
        [os.path.join(BUILD, "dndnctl"), "--driver", server.db.driver,
         "--params", server.db.params] + list(args),
        capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, (args, r.stderr)
    return r


class World:
    def __init__(self, server):
        self.server = server
        self.base = server.url + "/api/v1"
        self.a = self.sign_in()
        self.b = self.sign_in()
        a_id = self.who(self.a)
        self.token_expired = sign(server.session_key, {
            "sub": a_id, "iat": 1, "exp": int(time.time()) - 10})
        t = self.a["Authorization"][len("Bearer "):]
        h, p, s = t.split(".")
        # The same token with its signature's first character changed.
        self.token_tampered = "%s.%s.%s" % (h, p,
                                            ("A" if s[0] != "A" else "B") + s[1:])
        self.other_officer = "officer_%s" % uuid.uuid4().hex[:8]
        self.other_officer_pw = ctl(server, "staff", "add", self.other_officer,
                                    "--role", "officer", "--agency",
                                    "STC").stdout.strip()
        self.keys = {}
        for caller, scope in SCOPE_OF.items():
            self.keys[caller] = ctl(server, "apikey", "create", "--name",
                                    "Khóa kiểm thử " + scope, "--scopes",
                                    scope).stdout.strip()
        r = ctl(server, "apikey", "create", "--name", "Khóa đã thu hồi",
                "--scopes", "dossiers:write procedures:write petitions:read "
                "reports:read")
        self.keys["key_revoked"] = r.stdout.strip()
        kid = r.stderr.split("created API key ")[1].split()[0]
        ctl(server, "apikey", "revoke", kid)
        self._shared = {}

    # -- plumbing --
    def call(self, method, path, caller, owner=None, **kw):
        kw.setdefault("timeout", 30)
        kw.setdefault("allow_redirects", False)
        headers = dict(kw.pop("headers", {}))
        auth = None
        if caller == "biz_a":
            headers.update(owner or self.a)
        elif caller == "biz_b":
            headers.update(self.b)
        elif caller == "token_expired":
            headers["Authorization"] = "Bearer " + self.token_expired
        elif caller == "token_tampered":
            headers["Authorization"] = "Bearer " + self.token_tampered
        elif caller == "officer_other":
            auth = (self.other_officer, self.other_officer_pw)
        elif caller in STAFF:
            auth = (caller, PW)
        elif caller in self.keys:
            headers["X-API-Key"] = self.keys[caller]
        else:
            assert caller == "anonymous", caller
        return requests.request(method, self.base + path, headers=headers,
                                auth=auth, **kw)

    def ok(self, r, status):
        assert r.status_code == status, (r.request.method, r.request.url,
                                         r.status_code, r.text)
        return r

    def sign_in(self):
        r = requests.post(self.base + "/auth/dev", timeout=30, json={
            "name": "Doanh nghiệp %s" % uuid.uuid4().hex[:6]})
        self.ok(r, 200)
        return {"Authorization": "Bearer " + r.json()["token"]}

    def who(self, headers):
        return str(self.ok(requests.get(self.base + "/me", headers=headers,
                                        timeout=30), 200).json()["id"])

    def staff_do(self, user, code, action, body):
        r = requests.post("%s/staff/petitions/%s/%s" % (self.base, code, action),
                          json=body, auth=(user, PW), timeout=30)
        self.ok(r, 200)

    # -- fixtures --
    def petition(self, state, owner=None):
        """A fresh petition in `state`, by `owner` (default: a fresh
        business): its code."""
        owner = owner or self.sign_in()
        r = requests.post(self.base + "/petitions", headers=owner, timeout=30,
                          json={"kind": "question",
                                "title": "Hỏi về thuế điện tử",
                                "content": CONTENT, "category": "thue",
                                "public_consent": True})
        code = self.ok(r, 201).json()["code"]
        steps = {"received": [],
                 "assigned": [("coordinator", "assign", {"agency": "SKHDT"})],
                 "in_progress": [("coordinator", "assign", {"agency": "SKHDT"}),
                                 ("officer", "accept", {})],
                 "answered": [("coordinator", "assign", {"agency": "SKHDT"}),
                              ("officer", "accept", {}),
                              ("officer", "answer", {"content": ANSWER})]}
        for user_, action, body in steps[state]:
            self.staff_do(user_, code, action, body)
        return code

    def shared(self, name, make):
        if name not in self._shared:
            self._shared[name] = make()
        return self._shared[name]

    def shared_petition(self):
        """A petition of business A, assigned to SKHDT (read-only use)."""
        return self.shared("petition", lambda: self.petition("assigned", self.a))

    def published_qa(self):
        def make():
            code = self.petition("answered")
            self.staff_do("coordinator", code, "publish", {"public": True})
            return code
        return self.shared("qa", make)

    def dossier(self):
        """A fresh dossier code, stored."""
        code = "H56-%s" % uuid.uuid4().hex[:8].upper()
        r = requests.put(self.base + "/partner/dossiers/" + code,
                         headers={"X-API-Key": "dev-partner-key"}, timeout=30,
                         json=dossier_body())
        self.ok(r, 201)
        return code

    def post(self, published=True):
        r = requests.post(self.base + "/staff/posts", auth=("editor", PW),
                          timeout=30, json=post_body(published=published))
        return self.ok(r, 201).json()["id"]

    def public_post(self):
        return self.shared("post", lambda: self.post(True))


def dossier_body():
    return {"procedure_code": "1.001612", "status": "processing",
            "applicant_name": "Nguyễn Văn An",
            "received_at": "2026-02-02T08:00:00+07:00",
            "due_at": "2026-02-09T17:00:00+07:00",
            "updated_at": "2026-02-03T09:00:00+07:00"}


def post_body(**kw):
    b = {"category": "support",
         "title": "Hỗ trợ lãi suất vay vốn cho doanh nghiệp khởi nghiệp",
         "summary": "Ngân sách tỉnh hỗ trợ lãi suất trong 24 tháng.",
         "body": "Doanh nghiệp khởi nghiệp sáng tạo được hỗ trợ lãi suất."}
    b.update(kw)
    return b


def procedure_body():
    return {"name": "Cấp giấy phép thử nghiệm kiểm thử phân quyền",
            "agency": "SKHDT", "level": "partial_online",
            "processing_days": 7}


def new_procedure_code():
    return "9.%06d" % (uuid.uuid4().int % 1000000)


_day = [0]


def far_date():
    """A date no deadline of the tests reaches, different per call."""
    _day[0] += 1
    return "2098-%02d-%02d" % (1 + _day[0] // 28 % 12, 1 + _day[0] % 28)


# ---------- the table ----------
# Route(method, pattern, expected, prepare): prepare(world, fixture)
# returns (path, json body or None); fixture.owner (a business's headers)
# is what biz_a sends when the row sets it.

class Fx:
    owner = None


def fixed(path, body=None):
    return lambda w, fx: (path, body)


def own(state, path, body=None):
    """A fresh petition of a fresh business A in `state`."""
    def prepare(w, fx):
        fx.owner = w.sign_in()
        return path % w.petition(state, fx.owner), body
    return prepare


def action(state, name, body):
    return lambda w, fx: ("/staff/petitions/%s/%s" % (w.petition(state), name),
                          body)


def signed_in(path, body=None):
    """A fresh business for biz_a (writes count against daily quotas)."""
    def prepare(w, fx):
        fx.owner = w.sign_in()
        return path, body
    return prepare


class Route:
    def __init__(self, method, pattern, expected, prepare, note=""):
        self.method, self.pattern = method, pattern
        self.expected, self.prepare, self.note = expected, prepare, note

    def __repr__(self):
        return "%s %s%s" % (self.method, self.pattern,
                            " " + self.note if self.note else "")


PETITION_BODY = {"kind": "question", "title": "Hỏi về thuế điện tử",
                 "content": CONTENT, "category": "thue", "public_consent": True}

ROUTES = [
    # ---- public, no credentials needed ----
    Route("GET", "/health", everyone(200), fixed("/health")),
    Route("GET", "/categories", everyone(200), fixed("/categories")),
    Route("GET", "/agencies", everyone(200), fixed("/agencies")),
    Route("GET", "/agencies/{code}", everyone(200), fixed("/agencies/SKHDT")),
    Route("GET", "/hotlines", everyone(200), fixed("/hotlines")),
    Route("GET", "/calendar", everyone(200), fixed("/calendar")),
    Route("GET", "/procedures", everyone(200), fixed("/procedures")),
    Route("GET", "/procedures/{code}", everyone(200),
          fixed("/procedures/1.001612")),
    Route("GET", "/posts", everyone(200), fixed("/posts")),
    Route("GET", "/posts/{id}", everyone(200),
          lambda w, fx: ("/posts/%d" % w.public_post(), None)),
    Route("GET", "/qa", everyone(200), fixed("/qa")),
    Route("GET", "/qa/{code}", everyone(200),
          lambda w, fx: ("/qa/" + w.published_qa(), None)),
    Route("GET", "/dossiers/{code}", everyone(200),
          lambda w, fx: ("/dossiers/" + w.dossier(), None)),
    Route("POST", "/auth/dev", everyone(200),
          fixed("/auth/dev", {"name": "Nguyễn Văn Bình"})),
    # A valid token would make the module call Zalo: an empty body is
    # refused (400) before that, for every caller alike.
    Route("POST", "/auth/zalo", everyone(400), fixed("/auth/zalo", {})),
    # ---- public, signed-in business ----
    # The test server has no Zalo app secret: 503 "not configured", after
    # the session check.
    Route("POST", "/auth/zalo/phone", user(503),
          fixed("/auth/zalo/phone", {"code": "x"})),
    Route("GET", "/me", user(200), fixed("/me")),
    Route("PUT", "/me", user(200),
          signed_in("/me", {"name": "Trần Thị Cúc"})),
    Route("GET", "/me/petitions", user(200), fixed("/me/petitions")),
    Route("POST", "/petitions", user(201),
          signed_in("/petitions", PETITION_BODY)),
    Route("GET", "/petitions/{code}", user(200, 404),
          lambda w, fx: ("/petitions/" + w.shared_petition(), None)),
    Route("GET", "/petitions/{code}/events", user(200, 404),
          lambda w, fx: ("/petitions/%s/events" % w.shared_petition(), None)),
    Route("POST", "/petitions/{code}/withdraw", user(200, 404),
          own("received", "/petitions/%s/withdraw", {})),
    Route("POST", "/petitions/{code}/rating", user(200, 404),
          own("answered", "/petitions/%s/rating", {"score": 5})),
    # ---- staff ----
    Route("GET", "/staff/me", staff(200, **{c: True for c in STAFF}),
          fixed("/staff/me")),
    Route("GET", "/staff/petitions",
          staff(200, officer=True, officer_other=True, coordinator=True,
                observer=True, admin=True), fixed("/staff/petitions")),
    Route("GET", "/staff/petitions/{code}",
          staff(200, officer=True, coordinator=True, observer=True,
                admin=True),
          lambda w, fx: ("/staff/petitions/" + w.shared_petition(), None)),
    Route("POST", "/staff/petitions/{code}/{action}",
          staff(200, coordinator=True),
          action("received", "assign", {"agency": "SKHDT"}), "assign"),
    Route("POST", "/staff/petitions/{code}/{action}", staff(200, officer=True),
          action("assigned", "accept", {}), "accept"),
    Route("POST", "/staff/petitions/{code}/{action}", staff(200, officer=True),
          action("assigned", "return",
                 {"reason": "Không thuộc thẩm quyền của Sở"}), "return"),
    Route("POST", "/staff/petitions/{code}/{action}", staff(200, officer=True),
          action("in_progress", "answer", {"content": ANSWER}), "answer"),
    Route("POST", "/staff/petitions/{code}/{action}",
          staff(200, coordinator=True),
          action("assigned", "extend",
                 {"days": 3, "reason": "Cần lấy ý kiến liên ngành"}),
          "extend"),
    Route("POST", "/staff/petitions/{code}/{action}",
          staff(200, coordinator=True),
          action("received", "reject", {"reason": "Nội dung trùng lặp"}),
          "reject"),
    Route("POST", "/staff/petitions/{code}/{action}",
          staff(200, coordinator=True),
          action("answered", "publish", {"public": True}), "publish"),
    Route("POST", "/staff/petitions/{code}/{action}",
          staff(200, officer=True, coordinator=True, admin=True),
          action("assigned", "notes", {"note": "Đã liên hệ doanh nghiệp"}),
          "notes"),
    Route("PUT", "/staff/calendar/{date}",
          staff(200, coordinator=True, admin=True),
          lambda w, fx: ("/staff/calendar/" + far_date(),
                         {"type": "holiday", "name": "Nghỉ kiểm thử"})),
    Route("PUT", "/staff/procedures/{code}",
          staff(201, editor=True, admin=True),
          lambda w, fx: ("/staff/procedures/" + new_procedure_code(),
                         procedure_body())),
    Route("GET", "/staff/posts", staff(200, editor=True, admin=True),
          fixed("/staff/posts")),
    Route("POST", "/staff/posts", staff(201, editor=True, admin=True),
          fixed("/staff/posts", post_body(published=False))),
    Route("GET", "/staff/posts/{id}", staff(200, editor=True, admin=True),
          lambda w, fx: ("/staff/posts/%d" % w.public_post(), None)),
    Route("PUT", "/staff/posts/{id}", staff(200, editor=True, admin=True),
          lambda w, fx: ("/staff/posts/%d" % w.post(False),
                         post_body(published=False))),
    Route("DELETE", "/staff/posts/{id}", staff(204, editor=True, admin=True),
          lambda w, fx: ("/staff/posts/%d" % w.post(True), None)),
    # ---- partner ----
    Route("PUT", "/partner/dossiers/{code}", partner("dossiers:write", 201),
          lambda w, fx: ("/partner/dossiers/H56-%s" % uuid.uuid4().hex[:8].upper(),
                         dossier_body())),
    Route("POST", "/partner/dossiers/{code}/events",
          partner("dossiers:write", 201),
          lambda w, fx: ("/partner/dossiers/%s/events" % w.dossier(),
                         {"at": "2026-02-03T10:00:00+07:00",
                          "step": "Thẩm định hồ sơ", "agency": "SKHDT"})),
    Route("PUT", "/partner/procedures/{code}",
          partner("procedures:write", 201),
          lambda w, fx: ("/partner/procedures/" + new_procedure_code(),
                         procedure_body())),
    Route("GET", "/partner/petitions", partner("petitions:read", 200),
          fixed("/partner/petitions")),
]


def test_matrix_lists_exactly_the_served_routes():
    served = served_routes()
    assert {("GET", "/health"), ("POST", "/partner/dossiers/{code}/events")} \
        <= served
    listed = {(r.method, r.pattern) for r in ROUTES}
    assert not served - listed, "served but not in the matrix: %s" % sorted(
        served - listed)
    assert not listed - served, "in the matrix but not served: %s" % sorted(
        listed - served)
    for r in ROUTES:
        assert set(r.expected) == set(CALLERS), r


@pytest.fixture(scope="module")
def world(server):
    return World(server)


@pytest.mark.parametrize("route", ROUTES, ids=repr)
def test_authorization(world, route, expect_log):
    # Bearer tokens sent to the staff surface: Apache's mod_auth_basic logs
    # them.
    expect_log.append(r"AH01614: client used wrong authentication scheme")
    wrong = []
    for caller in CALLERS:
        fx = Fx()
        path, body = route.prepare(world, fx)
        kw = {"json": body} if body is not None else {}
        r = world.call(route.method, path, caller, owner=fx.owner, **kw)
        want = route.expected[caller]
        if r.status_code != want:
            wrong.append("%s %s as %s: %d, expected %d: %s" % (
                route.method, path, caller, r.status_code, want, r.text[:200]))
        elif want >= 400 and want != 401:
            # Refusals by the module itself are problem+json (a 401 may
            # come from Apache's own authentication, as HTML).
            assert r.headers["Content-Type"].startswith(
                "application/problem+json"), (caller, path, r.headers)
    assert not wrong, "\n".join(wrong)
