"""Sign-in with Zalo, the Zalo phone number exchange and PUT /me, against a
Zalo Graph API stand-in that really receives the module's requests.

Each engine gets its own Apache whose DndnZaloGraphURL points at the
stand-in (a Python http.server on a free loopback port, in a thread) and
whose DndnZaloAppSecretFile is a 0600 file written here.
"""
import itertools
import json
import os
import sqlite3
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import dndn_server as ds
from conftest import BUILD, Client, make_database, make_workdir

PROBLEM = "application/problem+json; charset=utf-8"
SECRET = "zalo-app-secret-ABC123xyz"
TIMEOUT_MS = 1000
ids = itertools.count(5012345678901230001)


class _Listener(ThreadingHTTPServer):
    # listen() backlog: the default 5 overflowed when eight sign-ins
    # connected at once; a dropped SYN is retried after a second, which is
    # past DndnZaloTimeout, and the module then (rightly) answered 503.
    request_queue_size = 64


class ZaloStandIn:
    """Zalo's Graph API as far as mod_dndn uses it: GET /v2.0/me and
    GET /v2.0/me/info.  Records every request it receives."""

    def __init__(self):
        self.users = {}    # access token -> {"id", "name"}
        self.phones = {}   # phone code -> number as Zalo sends it
        self.mode = "ok"   # ok | slow | http500 | garbage | huge
        self.requests = []
        self.port = ds.free_port()
        self.server = None
        self.start()

    def start(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                standin.requests.append(
                    {"path": self.path, "headers": dict(self.headers)})
                mode = standin.mode
                if mode == "slow":
                    time.sleep(3 * TIMEOUT_MS / 1000.0)
                if mode == "http500":
                    return self.answer(500, b"Internal Server Error")
                if mode == "garbage":
                    return self.answer(200, b"<html>maintenance</html>")
                if mode == "huge":
                    return self.answer(200, b'{"id":"1","name":"' +
                                       b"a" * 70000 + b'"}')
                user = standin.users.get(self.headers.get("access_token"))
                if self.path.startswith("/v2.0/me?"):
                    body = dict(user, picture={"data": {"url": "x"}}) if user \
                        else {"error": -124, "message": "Access token is invalid"}
                elif self.path == "/v2.0/me/info":
                    number = standin.phones.get(self.headers.get("code"))
                    if (user and number and
                            self.headers.get("secret_key") == SECRET):
                        body = {"data": {"number": number}, "error": 0,
                                "message": "Success"}
                    else:
                        body = {"error": -201, "message": "Invalid code"}
                else:
                    return self.answer(404, b"{}")
                return self.answer(200, json.dumps(body).encode())

            def answer(self, status, data):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the module gave up waiting (slow mode)

        self.server = _Listener(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        self.mode = "ok"
        self.requests.clear()

    def new_user(self, name="Nguyễn Văn An"):
        token = "tok-%d" % next(ids)
        self.users[token] = {"id": str(next(ids)), "name": name}
        return token, self.users[token]["id"]


class Ctx:
    pass


@pytest.fixture(scope="module", params=["sqlite", "mysql"])
def zalo_env(request):
    ctx = Ctx()
    ctx.engine = request.param
    ctx.tmp = make_workdir()
    ctx.mariadb = request.getfixturevalue("mariadb") if ctx.engine == "mysql" \
        else None
    ctx.db = make_database(ctx.engine, ctx.tmp, lambda: ctx.mariadb)
    ctx.db.prepare(BUILD)
    ctx.zalo = ZaloStandIn()
    secret = os.path.join(ctx.tmp, "zalo.secret")
    fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, SECRET.encode() + b"\n")
    os.close(fd)
    extra = ("DndnZaloGraphURL http://127.0.0.1:%d/v2.0/\n"
             "DndnZaloTimeout %d\n"
             "DndnZaloAppSecretFile \"%s\"\n"
             % (ctx.zalo.port, TIMEOUT_MS, secret))
    ctx.httpd = ds.Apache(BUILD, ctx.db, root=os.path.join(ctx.tmp, "httpd"),
                          extra=extra, preload=ds.sanitizer_preload())
    ctx.httpd.start()
    ctx.api = Client(ctx.httpd)
    yield ctx
    ctx.httpd.stop()
    ctx.zalo.stop()
    bad = ctx.httpd.bad_log_lines()
    log = ctx.httpd.read_log()
    subprocess.run(["rm", "-rf", ctx.tmp])
    assert not bad, "error log:\n" + "\n".join(bad)
    assert SECRET not in log


@pytest.fixture
def env(zalo_env, request):
    zalo_env.zalo.reset()
    request.node.expected_log = getattr(request.node, "expected_log", [])
    yield zalo_env
    bad = zalo_env.httpd.bad_log_lines(request.node.expected_log)
    assert not bad, "error log:\n" + "\n".join(bad)


def query(ctx, sql):
    if ctx.engine == "sqlite":
        conn = sqlite3.connect(ctx.db.params)
        try:
            return [tuple(str(c) if c is not None else None for c in row)
                    for row in conn.execute(sql).fetchall()]
        finally:
            conn.close()
    dbname = dict(kv.split("=", 1) for kv in ctx.db.params.split())["dbname"]
    out = ctx.mariadb.sql(sql, database=dbname)
    return [tuple(None if c == "NULL" else c for c in line.split("\t"))
            for line in out.splitlines()]


def user_count(ctx):
    return int(query(ctx, "SELECT COUNT(*) FROM users")[0][0])


def consents(ctx, user_id):
    return query(ctx, "SELECT kind, granted, purpose FROM consents WHERE "
                 "user_id = %d ORDER BY id" % int(user_id))


def bearer(session):
    return {"Authorization": "Bearer " + session["token"]}


def sign_in(ctx, name="Nguyễn Văn An"):
    token, zid = ctx.zalo.new_user(name)
    r = ctx.api.post("/auth/zalo", json={"access_token": token})
    assert r.status_code == 200, r.text
    s = r.json()
    s["zalo_token"], s["zalo_id"] = token, zid
    return s


# ---------- sign-in ----------

def test_signin_verifies_with_zalo_and_gives_a_working_session(env):
    token, zid = env.zalo.new_user("Trần Thị Bình")
    before = user_count(env)
    r = env.api.post("/auth/zalo", json={"access_token": token})
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["user"]["name"] == "Trần Thị Bình"
    assert s["expires_at"].endswith("+07:00")
    assert user_count(env) == before + 1
    # Zalo really was asked, with the token in the access_token header.
    assert len(env.zalo.requests) == 1
    req = env.zalo.requests[0]
    assert req["path"] == "/v2.0/me?fields=id,name,picture"
    assert req["headers"]["access_token"] == token
    assert query(env, "SELECT provider, subject FROM users WHERE id = %d"
                 % s["user"]["id"]) == [("zalo", zid)]
    me = env.api.get("/me", headers=bearer(s))
    assert me.status_code == 200
    assert me.json()["id"] == s["user"]["id"]
    assert me.json()["phone"] is None and me.json()["phone_consent"] is None
    # The session is checked locally: no further call to Zalo.
    assert len(env.zalo.requests) == 1
    # The same Zalo account signs in to the same user, whatever the token.
    again = env.api.post("/auth/zalo", json={"access_token": token})
    assert again.json()["user"]["id"] == s["user"]["id"]
    token2 = "tok-other-%d" % next(ids)
    env.zalo.users[token2] = {"id": zid, "name": "Bình"}
    again = env.api.post("/auth/zalo", json={"access_token": token2})
    assert again.json()["user"]["id"] == s["user"]["id"]
    assert user_count(env) == before + 1


def test_signin_with_an_unusable_zalo_name_gets_a_neutral_name(env):
    s = sign_in(env, name="a\u0001b")
    assert s["user"]["name"] == "Người dùng Zalo"


def test_bad_zalo_token_is_401_and_creates_nobody(env):
    before = user_count(env)
    r = env.api.post("/auth/zalo", json={"access_token": "tok-unknown"})
    assert r.status_code == 401
    assert r.headers["Content-Type"] == PROBLEM
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert env.zalo.requests[0]["headers"]["access_token"] == "tok-unknown"
    assert user_count(env) == before


@pytest.mark.parametrize("body, code", [
    ({}, "required"), ({"access_token": ""}, "required"),
    ({"access_token": 5}, "invalid_type"),
    ({"access_token": "abc\r\nsecret_key: x"}, "invalid_format"),
    ({"access_token": "a b"}, "invalid_format"),
    ({"access_token": "x" * 2049}, "invalid_format"),
])
def test_malformed_access_token_is_400_without_calling_zalo(env, body, code):
    before = user_count(env)
    r = env.api.post("/auth/zalo", json=body)
    assert r.status_code == 400
    assert r.json()["errors"][0] == {"field": "access_token", "code": code,
                                     "message": r.json()["errors"][0]["message"]}
    assert env.zalo.requests == []
    assert user_count(env) == before


def test_zalo_down_is_503_quickly(env, expect_log):
    expect_log.append(r"DNDN0202: Zalo Graph API /me\?fields=id,name,picture: "
                      r"Couldn't connect")
    token, _ = env.zalo.new_user()
    before = user_count(env)
    env.zalo.stop()
    try:
        t0 = time.time()
        r = env.api.post("/auth/zalo", json={"access_token": token})
        elapsed = time.time() - t0
    finally:
        env.zalo.start()
    assert r.status_code == 503
    assert r.headers["Content-Type"] == PROBLEM
    assert int(r.headers["Retry-After"]) > 0
    assert elapsed < 1.0
    assert user_count(env) == before
    # The rest of the API is not affected.
    assert env.api.get("/categories").status_code == 200


def test_zalo_too_slow_is_503_within_the_timeout(env, expect_log):
    expect_log.append(r"DNDN0202: Zalo Graph API /me.*Timeout was reached")
    token, _ = env.zalo.new_user()
    before = user_count(env)
    env.zalo.mode = "slow"
    t0 = time.time()
    r = env.api.post("/auth/zalo", json={"access_token": token})
    elapsed = time.time() - t0
    assert r.status_code == 503
    assert r.headers["Retry-After"]
    assert TIMEOUT_MS / 1000.0 * 0.9 <= elapsed < TIMEOUT_MS / 1000.0 + 1.0
    assert len(env.zalo.requests) == 1
    assert user_count(env) == before


@pytest.mark.parametrize("mode, log", [
    ("http500", r"DNDN0203: Zalo Graph API /me\?fields=id,name,picture "
                r"answered HTTP 500"),
    ("garbage", r"DNDN0204: Zalo Graph API /me answered something"),
    ("huge", r"DNDN0202: Zalo Graph API /me.*larger than 64 KiB"),
])
def test_broken_zalo_answers_are_503(env, expect_log, mode, log):
    expect_log.append(log)
    token, _ = env.zalo.new_user()
    before = user_count(env)
    env.zalo.mode = mode
    r = env.api.post("/auth/zalo", json={"access_token": token})
    assert r.status_code == 503
    assert r.headers["Retry-After"]
    assert user_count(env) == before


# ---------- phone number exchange ----------

def test_phone_exchange_stores_the_number_with_consent(env):
    s = sign_in(env)
    env.zalo.phones["code-1"] = "84912345678"
    env.zalo.reset()
    t0 = int(time.time())
    r = env.api.post("/auth/zalo/phone", headers=bearer(s),
                     json={"code": "code-1", "access_token": s["zalo_token"]})
    assert r.status_code == 200, r.text
    u = r.json()
    assert u["phone"] == "+84912345678"
    assert u["phone_consent"]["purpose"].startswith("Liên hệ với doanh nghiệp")
    assert u["phone_consent"]["at"].endswith("+07:00")
    assert SECRET not in r.text
    # Zalo was asked who the token belongs to, then for the number, with
    # the token, the code and the app's secret key.
    paths = [q["path"] for q in env.zalo.requests]
    assert paths == ["/v2.0/me?fields=id,name,picture", "/v2.0/me/info"]
    h = env.zalo.requests[1]["headers"]
    assert h["access_token"] == s["zalo_token"]
    assert h["code"] == "code-1"
    assert h["secret_key"] == SECRET
    assert env.api.get("/me", headers=bearer(s)).json()["phone"] == "+84912345678"
    rows = consents(env, s["user"]["id"])
    assert len(rows) == 1 and rows[0][:2] == ("phone", "1")
    at = int(query(env, "SELECT created_at FROM consents WHERE user_id = %d"
                   % s["user"]["id"])[0][0])
    assert t0 - 1 <= at <= time.time() + 1


def test_phone_exchange_refusals_store_nothing(env):
    s = sign_in(env)
    other = sign_in(env, "Lê Văn Cường")
    env.zalo.phones["code-2"] = "84912345678"
    env.zalo.phones["code-landline"] = "842273831001"
    url = "/auth/zalo/phone"
    # No session.
    r = env.api.post(url, json={"code": "code-2", "access_token": s["zalo_token"]})
    assert r.status_code == 401
    # Zalo refuses the code.
    r = env.api.post(url, headers=bearer(s),
                     json={"code": "bad-code", "access_token": s["zalo_token"]})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "code"
    assert r.json()["errors"][0]["code"] == "zalo_rejected"
    # Zalo refuses the access token.
    r = env.api.post(url, headers=bearer(s),
                     json={"code": "code-2", "access_token": "tok-unknown"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "access_token"
    # Another Zalo account's access token.
    env.zalo.reset()
    r = env.api.post(url, headers=bearer(s),
                     json={"code": "code-2", "access_token": other["zalo_token"]})
    assert r.status_code == 403
    assert [q["path"] for q in env.zalo.requests] == [
        "/v2.0/me?fields=id,name,picture"]
    # Not a mobile number.
    r = env.api.post(url, headers=bearer(s),
                     json={"code": "code-landline", "access_token": s["zalo_token"]})
    assert r.status_code == 400
    assert r.json()["errors"][0]["code"] == "invalid_phone"
    # Missing members: 400 before any call.
    env.zalo.reset()
    r = env.api.post(url, headers=bearer(s), json={"code": "code-2"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "access_token"
    assert env.zalo.requests == []
    # A development sign-in has no Zalo account.
    dev = env.api.post("/auth/dev", json={"name": "Phạm Thị Dung"}).json()
    r = env.api.post(url, headers=bearer(dev),
                     json={"code": "code-2", "access_token": s["zalo_token"]})
    assert r.status_code == 403
    for who in (s, other, dev):
        assert env.api.get("/me", headers=bearer(who)).json()["phone"] is None
        assert consents(env, who["user"]["id"]) == []


def test_phone_exchange_zalo_down_is_503(env, expect_log):
    expect_log.append(r"DNDN0203: Zalo Graph API /me.* answered HTTP 500")
    s = sign_in(env)
    env.zalo.phones["code-3"] = "84912345678"
    env.zalo.mode = "http500"
    r = env.api.post("/auth/zalo/phone", headers=bearer(s),
                     json={"code": "code-3", "access_token": s["zalo_token"]})
    assert r.status_code == 503
    assert r.headers["Retry-After"]
    assert env.api.get("/me", headers=bearer(s)).json()["phone"] is None


# ---------- PUT /me ----------

def put_me(env, s, body):
    return env.api.request("PUT", "/me", headers=bearer(s), json=body)


def test_put_me_phone_needs_consent(env):
    s = sign_in(env)
    for body in [{"name": "Tên Mới", "phone": "0912345678"},
                 {"name": "Tên Mới", "phone": "0912345678", "phone_consent": False}]:
        r = put_me(env, s, body)
        assert r.status_code == 400
        assert r.headers["Content-Type"] == PROBLEM
        errs = r.json()["errors"]
        assert errs[0]["field"] == "phone"
        assert errs[0]["code"] == "consent_required"
    me = env.api.get("/me", headers=bearer(s)).json()
    assert me["phone"] is None and me["name"] == "Nguyễn Văn An"
    assert consents(env, s["user"]["id"]) == []


@pytest.mark.parametrize("body, field, code", [
    ({"name": "Tên Mới", "phone": "0227 3831 001", "phone_consent": True},
     "phone", "invalid_phone"),
    ({"name": "Tên Mới", "phone": "12345", "phone_consent": True},
     "phone", "invalid_phone"),
    ({"name": "Tên Mới", "phone": 912345678, "phone_consent": True},
     "phone", "invalid_type"),
    ({"name": "Tên Mới", "phone": "0912345678", "phone_consent": "yes"},
     "phone_consent", "invalid_type"),
    ({"name": "Tên Mới", "enterprise": {"tax_code": "0100109107",
                                        "name": "Công ty A"}},
     "enterprise.tax_code", "invalid_tax_code"),
    ({"name": "Tên Mới", "enterprise": {"tax_code": "0100109106",
                                        "name": ""}},
     "enterprise.name", "required"),
    ({"name": "Tên Mới", "enterprise": {"tax_code": "0100109106",
                                        "name": "x" * 256}},
     "enterprise.name", "too_long"),
    ({"name": "Tên Mới", "enterprise": "0100109106"}, "enterprise",
     "invalid_type"),
    ({"phone": "0912345678", "phone_consent": True}, "name", "required"),
    ({"name": "x" * 101}, "name", "too_long"),
    ({"name": 7}, "name", "invalid_type"),
])
def test_put_me_bad_input_is_400_and_stores_nothing(env, body, field, code):
    s = sign_in(env)
    r = put_me(env, s, body)
    assert r.status_code == 400
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in r.json()["errors"]]
    me = env.api.get("/me", headers=bearer(s)).json()
    assert me["name"] == "Nguyễn Văn An"
    assert me["phone"] is None and me["enterprise"] is None
    assert consents(env, s["user"]["id"]) == []


def test_put_me_stores_profile_and_consent_and_phone_null_withdraws(env):
    s = sign_in(env)
    r = put_me(env, s, {"name": "  Công ty Bình Minh  ", "phone": "+84 912.345.678",
                        "phone_consent": True,
                        "enterprise": {"tax_code": "0100109106-001",
                                       "name": "Công ty TNHH Bình Minh"}})
    assert r.status_code == 200, r.text
    u = r.json()
    assert u["name"] == "Công ty Bình Minh"
    assert u["phone"] == "+84912345678"
    assert u["phone_consent"]["purpose"]
    assert u["enterprise"] == {"tax_code": "0100109106-001",
                               "name": "Công ty TNHH Bình Minh"}
    assert env.api.get("/me", headers=bearer(s)).json() == u
    assert [c[:2] for c in consents(env, s["user"]["id"])] == [("phone", "1")]
    # The same number again (members left out keep their value): no new
    # consent record, nothing else changes.
    r = put_me(env, s, {"name": "Công ty Bình Minh", "phone": "0912345678",
                        "phone_consent": True})
    assert r.status_code == 200
    assert r.json()["enterprise"] == u["enterprise"]
    assert r.json()["phone_consent"] == u["phone_consent"]
    assert len(consents(env, s["user"]["id"])) == 1
    # Removing the phone withdraws the consent.
    r = put_me(env, s, {"name": "Công ty Bình Minh", "phone": None,
                        "enterprise": None})
    assert r.status_code == 200
    assert r.json()["phone"] is None and r.json()["phone_consent"] is None
    assert r.json()["enterprise"] is None
    rows = consents(env, s["user"]["id"])
    assert [c[:2] for c in rows] == [("phone", "1"), ("phone", "0")]
    assert query(env, "SELECT phone, phone_consent_at FROM users WHERE id = %d"
                 % s["user"]["id"]) == [(None, None)]
    # Removing it again records nothing more.
    assert put_me(env, s, {"name": "Công ty Bình Minh", "phone": None}).status_code == 200
    assert len(consents(env, s["user"]["id"])) == 2


def test_put_me_needs_a_session(env):
    r = env.api.request("PUT", "/me", json={"name": "Ai Đó"})
    assert r.status_code == 401


# ---------- directives ----------

def start_fails(workdir, extra):
    db = ds.Database.sqlite(os.path.join(workdir, "dndn.db"))
    db.prepare(BUILD, demo=False)
    httpd = ds.Apache(BUILD, db, root=os.path.join(workdir, "httpd"),
                      extra=extra, preload=ds.sanitizer_preload())
    httpd.write_config()
    res = subprocess.run([ds.APACHE, "-f", httpd.conf, "-DFOREGROUND"],
                         capture_output=True, text=True, env=httpd.env(),
                         timeout=60)
    return res.returncode, res.stdout + res.stderr + httpd.read_log()


def test_world_readable_app_secret_stops_startup(workdir):
    secret = os.path.join(workdir, "zalo.secret")
    with open(secret, "w") as f:
        f.write(SECRET + "\n")
    os.chmod(secret, 0o644)
    code, out = start_fails(workdir, 'DndnZaloAppSecretFile "%s"' % secret)
    assert code != 0
    assert "DndnZaloAppSecretFile: '%s' is readable by every user" % secret in out
    assert SECRET not in out


@pytest.mark.parametrize("line, message", [
    ("DndnZaloAppSecretFile /nonexistent/zalo.secret",
     "DndnZaloAppSecretFile: cannot read the file '/nonexistent/zalo.secret'"),
    ("DndnZaloTimeout 5s", "DndnZaloTimeout: '5s' is not a number of milliseconds"),
    ("DndnZaloTimeout 10", "DndnZaloTimeout: '10' is not a number of milliseconds"),
    ("DndnZaloGraphURL ftp://graph.zalo.me",
     "DndnZaloGraphURL: 'ftp://graph.zalo.me' is not an http(s) URL"),
])
def test_bad_zalo_directive_stops_startup(workdir, line, message):
    code, out = start_fails(workdir, line)
    assert code != 0
    assert message in out


def test_returning_zalo_user_keeps_the_profile_set_with_put_me(env):
    s = sign_in(env, "Tên Zalo")
    r = put_me(env, s, {"name": "Tên Tự Đặt", "phone": "0987654321",
                        "phone_consent": True})
    assert r.status_code == 200
    again = env.api.post("/auth/zalo", json={"access_token": s["zalo_token"]})
    assert again.status_code == 200
    u = again.json()["user"]
    assert u["id"] == s["user"]["id"]
    assert u["name"] == "Tên Tự Đặt" and u["phone"] == "+84987654321"
    assert u["phone_consent"] == r.json()["phone_consent"]


def test_concurrent_first_sign_ins_make_one_user(env):
    from concurrent.futures import ThreadPoolExecutor
    token, zid = env.zalo.new_user("Đỗ Thị Em")
    before = user_count(env)

    def one(_):
        return env.api.__class__(env.httpd).post(
            "/auth/zalo", json={"access_token": token})

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(one, range(8)))
    assert [r.status_code for r in answers] == [200] * 8
    assert len({r.json()["user"]["id"] for r in answers}) == 1
    assert user_count(env) == before + 1
    assert query(env, "SELECT COUNT(*) FROM users WHERE provider = 'zalo' "
                 "AND subject = '%s'" % zid) == [("1",)]


# ---------- the whole journey, signed in through Zalo ----------

def test_zalo_signin_to_published_answer_end_to_end(env):
    """Issue 3's end-to-end flow with a Zalo sign-in (the stand-in is really
    called over HTTP): submit -> assign -> accept -> answer -> rate ->
    publish -> found in the public Q&A typed without diacritics."""
    import datetime
    import uuid
    from test_petitions import ANSWER, VN, expected_due, staff, submit

    s = sign_in(env, "Đỗ Thị Thuỷ")
    assert [r["path"] for r in env.zalo.requests][-1].startswith("/v2.0/me")
    h = bearer(s)
    marker = "Zalo%s" % uuid.uuid4().hex[:6]
    r = submit(env.api, h, title="Hoàn thuế giá trị gia tăng %s" % marker)
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    assert r.json()["status"] == "received"

    coord, officer = staff(env.httpd, "coordinator"), staff(env.httpd, "officer")
    r = coord("POST", "/petitions/%s/assign" % code, json={"agency": "SKHDT"})
    assert r.status_code == 200 and r.json()["status"] == "assigned"
    assert r.json()["due_at"] == expected_due(env.api, datetime.datetime.now(VN), 5)
    assert officer("POST", "/petitions/%s/accept" % code, json={}).json()["status"] == "in_progress"
    r = officer("POST", "/petitions/%s/answer" % code, json={"content": ANSWER})
    assert r.status_code == 200 and r.json()["status"] == "answered"
    r = env.api.post("/petitions/%s/rating" % code, headers=h, json={"score": 4})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    r = coord("POST", "/petitions/%s/publish" % code, json={"public": True})
    assert r.status_code == 200

    events = env.api.get("/petitions/%s/events" % code, headers=h).json()["items"]
    assert [e["to"] for e in events] == ["received", "assigned", "in_progress",
                                         "answered", "closed", "closed"]
    found = env.api.get("/qa", params={"q": "hoan thue gia tri " + marker.lower()[:6]})
    assert code in [i["code"] for i in found.json()["items"]]
    assert env.api.get("/qa/" + code).json()["answer"]["content"] == ANSWER
