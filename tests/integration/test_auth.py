"""Who is calling: session tokens (dev sign-in), GET /me, staff identity."""
import base64
import hashlib
import hmac
import json
import subprocess
import time

import requests

PROBLEM = "application/problem+json; charset=utf-8"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_token(key, payload, header=None):
    header = header or {"alg": "HS256", "typ": "JWT"}
    h = b64url(json.dumps(header, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = hmac.new(key, ("%s.%s" % (h, p)).encode(), hashlib.sha256).digest()
    return "%s.%s.%s" % (h, p, b64url(sig))


def dev_login(api, name):
    r = api.post("/auth/dev", json={"name": name})
    assert r.status_code == 200, r.text
    return r.json()


def test_dev_login_gives_a_working_session(api):
    s = dev_login(api, "Nguyễn Văn An")
    assert s["token"].count(".") == 2
    assert s["expires_at"].endswith("+07:00")
    assert s["user"]["name"] == "Nguyễn Văn An"
    me = api.get("/me", headers={"Authorization": "Bearer " + s["token"]})
    assert me.status_code == 200
    assert me.json()["id"] == s["user"]["id"]
    assert me.json()["name"] == "Nguyễn Văn An"
    assert me.headers["Cache-Control"] == "no-store"
    # The same name signs in to the same user.
    assert dev_login(api, "Nguyễn Văn An")["user"]["id"] == s["user"]["id"]
    assert dev_login(api, "Trần Thị Bình")["user"]["id"] != s["user"]["id"]


def test_dev_login_name_is_validated(api):
    for body in [{}, {"name": ""}, {"name": 5}, {"name": "x" * 101},
                 {"name": "a\u0001b"}]:
        r = api.post("/auth/dev", json=body)
        assert r.status_code == 400, body
        assert r.headers["Content-Type"] == PROBLEM
        assert r.json()["errors"][0]["field"] == "name"
    r = api.post("/auth/dev", data="name=x",
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    r = api.post("/auth/dev", data="{", headers={"Content-Type": "application/json"})
    assert r.status_code == 400


def test_me_needs_a_valid_token(api, server):
    r = api.get("/me")
    assert r.status_code == 401
    assert r.headers["Content-Type"] == PROBLEM
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    s = dev_login(api, "Lê Văn Cường")
    tok = s["token"]
    h, p, sig = tok.split(".")
    bad = [
        tok[:-2] + ("AA" if not tok.endswith("AA") else "BB"),   # signature
        h + "." + b64url(b'{"sub":"1","iat":0,"exp":9999999999}') + "." + sig,
        make_token(b"wrong key of at least thirty-two bytes!!",
                   {"sub": s["user"]["id"], "iat": 0, "exp": 9999999999}),
        make_token(server.session_key, {"sub": str(s["user"]["id"]),
                                        "exp": 9999999999},
                   header={"alg": "none", "typ": "JWT"}),
        "not-a-token", "", h + "." + p,
    ]
    for t in bad:
        r = api.get("/me", headers={"Authorization": "Bearer " + t})
        assert r.status_code == 401, t
    # Signed with the right key but expired.
    expired = make_token(server.session_key, {"sub": str(s["user"]["id"]),
                                              "iat": 1, "exp": int(time.time()) - 1})
    r = api.get("/me", headers={"Authorization": "Bearer " + expired})
    assert r.status_code == 401
    assert "hết hạn" in r.json()["detail"]
    # A token we sign ourselves with the server's key is accepted:
    # the verification really is HS256 over the configured key.
    forged = make_token(server.session_key, {"sub": str(s["user"]["id"]),
                                             "iat": 1, "exp": int(time.time()) + 60})
    assert api.get("/me", headers={"Authorization": "Bearer " + forged}).status_code == 200


def test_staff_me_maps_apache_user_to_staff_row(server, expect_log):
    expect_log.append(r"AH01617: user officer: authentication failure")
    base = server.url + "/api/v1/staff"
    for user, role, agency in [("coordinator", "coordinator", "TTHCC"),
                               ("officer", "officer", "SKHDT"),
                               ("editor", "editor", None),
                               ("observer", "observer", None),
                               ("admin", "admin", None)]:
        r = requests.get(base + "/me", auth=(user, "dndn-dev"), timeout=10)
        assert r.status_code == 200, user
        assert r.json() == {"username": user, "full_name": r.json()["full_name"],
                            "role": role, "agency": agency}
    assert requests.get(base + "/me", auth=("officer", "wrong"), timeout=10).status_code == 401
    assert requests.get(base + "/me", timeout=10).status_code == 401


def test_staff_unknown_to_the_module_is_403(workdir):
    """Apache authenticated the user (here from a password file), but the
    staff table does not know them: 403, not a silent pass."""
    import os
    import dndn_server as ds
    from conftest import BUILD
    htpasswd = os.path.join(workdir, "staff.htpasswd")
    subprocess.run(["htpasswd", "-cbB", htpasswd, "stranger", "pw"], check=True,
                   capture_output=True)
    subprocess.run(["htpasswd", "-bB", htpasswd, "officer", "pw"], check=True,
                   capture_output=True)
    db = ds.Database.sqlite(os.path.join(workdir, "dndn.db"))
    db.prepare(BUILD)
    extra = """
<Location /sso/staff>
    DndnSurface staff
    AuthType Basic
    AuthName "sso"
    AuthBasicProvider file
    AuthUserFile "%s"
    Require valid-user
</Location>""" % htpasswd
    httpd = ds.Apache(BUILD, db, root=os.path.join(workdir, "httpd"), extra=extra,
                      preload=ds.sanitizer_preload()).start()
    try:
        r = requests.get(httpd.url + "/sso/staff/me", auth=("stranger", "pw"), timeout=10)
        assert r.status_code == 403
        assert r.headers["Content-Type"] == PROBLEM
        r = requests.get(httpd.url + "/sso/staff/me", auth=("officer", "pw"), timeout=10)
        assert r.status_code == 200 and r.json()["agency"] == "SKHDT"
    finally:
        httpd.stop()
    assert not httpd.bad_log_lines()
