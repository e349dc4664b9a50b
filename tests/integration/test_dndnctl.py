"""dndnctl's administration commands against the running server's
database, on both engines: staff accounts and partner API keys."""
import os
import re
import subprocess
import uuid

import requests

from conftest import BUILD

DNDNCTL = os.path.join(BUILD, "dndnctl")


def ctl(server, *args, stdin=None):
    return subprocess.run(
        [DNDNCTL, "--driver", server.db.driver, "--params", server.db.params]
        + list(args), input=stdin, capture_output=True, text=True, timeout=60)


def proc_body():
    return {"name": "Thủ tục do hệ thống đối tác cập nhật", "level": "offline"}


def put_proc(server, code, key):
    return requests.put(server.url + "/api/v1/partner/procedures/" + code,
                        json=proc_body(), headers={"X-API-Key": key}, timeout=10)


def test_apikey_create_use_list_revoke(server):
    r = ctl(server, "apikey", "create", "--name", "Cổng dịch vụ công tỉnh",
            "--scopes", "procedures:write  dossiers:write procedures:write")
    assert r.returncode == 0, r.stderr
    key = r.stdout.strip()
    assert re.fullmatch(r"dndn_[A-Za-z0-9_-]{43}", key), r.stdout
    kid = re.search(r"created API key (\d+)", r.stderr).group(1)
    code = "8.%06d" % (uuid.uuid4().int % 1000000)
    assert put_proc(server, code, key).status_code == 201
    assert put_proc(server, code, key).status_code == 200
    lst = ctl(server, "apikey", "list")
    assert lst.returncode == 0
    assert key not in lst.stdout and key[8:] not in lst.stdout
    row = [line.split("\t") for line in lst.stdout.splitlines()
           if line.startswith(kid + "\t")][0]
    assert row[1] == key[:8]
    assert row[2] == "Cổng dịch vụ công tỉnh"
    assert row[3] == "dossiers:write procedures:write"
    assert row[5] != "-"          # last used recorded
    assert row[6] == "-"          # not revoked
    r = ctl(server, "apikey", "revoke", kid)
    assert r.returncode == 0, r.stderr
    assert put_proc(server, code, key).status_code == 401
    # Revoking twice, or a key that does not exist: exit code 3.
    assert ctl(server, "apikey", "revoke", kid).returncode == 3
    assert ctl(server, "apikey", "revoke", "999999").returncode == 3
    row = [line.split("\t") for line in ctl(server, "apikey", "list").stdout.splitlines()
           if line.startswith(kid + "\t")][0]
    assert row[6] != "-"


def test_apikey_scopes_and_usage_errors(server):
    code = "8.%06d" % (uuid.uuid4().int % 1000000)
    # The dossiers-only demo key may not write procedures.
    assert put_proc(server, code, "dev-dossiers-key").status_code == 403
    r = ctl(server, "apikey", "create", "--name", "Chỉ đọc báo cáo",
            "--scopes", "reports:read")
    key = r.stdout.strip()
    assert put_proc(server, code, key).status_code == 403
    before = ctl(server, "apikey", "list").stdout
    for args in [["apikey", "create", "--name", "x", "--scopes", "everything"],
                 ["apikey", "create", "--name", "x", "--scopes", " "],
                 ["apikey", "create", "--scopes", "reports:read"],
                 ["apikey", "create", "--name", "", "--scopes", "reports:read"],
                 ["apikey", "revoke", "abc"], ["apikey", "revoke"],
                 ["apikey", "frobnicate"], ["apikey"]]:
        r = ctl(server, *args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert r.stderr.startswith("dndnctl: ")
    assert ctl(server, "apikey", "list").stdout == before


def test_staff_add_login_disable(server, expect_log):
    expect_log.append(r"AH01617: user tester\d+: authentication failure")
    expect_log.append(r"AH01618: user tester\d+ not found")
    user = "tester%d" % (uuid.uuid4().int % 100000)
    r = ctl(server, "staff", "add", user, "--role", "editor", "--name",
            "Nguyễn Thị Kiểm Thử", "--password-stdin", stdin="mat-khau-moi-123\n")
    assert r.returncode == 0, r.stderr
    me = server.url + "/api/v1/staff/me"
    r = requests.get(me, auth=(user, "mat-khau-moi-123"), timeout=10)
    assert r.status_code == 200, r.text
    assert r.json() == {"username": user, "full_name": "Nguyễn Thị Kiểm Thử",
                        "role": "editor", "agency": None}
    assert requests.get(me, auth=(user, "wrong-password"), timeout=10).status_code == 401
    lst = ctl(server, "staff", "list")
    assert lst.returncode == 0
    assert "$2y$" not in lst.stdout and "mat-khau" not in lst.stdout
    row = [line.split("\t") for line in lst.stdout.splitlines()
           if line.startswith(user + "\t")][0]
    assert row[1:4] == ["editor", "-", "yes"]
    # The same name again: exit 3.
    assert ctl(server, "staff", "add", user, "--role", "editor").returncode == 3
    assert ctl(server, "staff", "disable", user).returncode == 0
    assert requests.get(me, auth=(user, "mat-khau-moi-123"), timeout=10).status_code == 401
    assert ctl(server, "staff", "disable", user).returncode == 3
    row = [line.split("\t") for line in ctl(server, "staff", "list").stdout.splitlines()
           if line.startswith(user + "\t")][0]
    assert row[3] == "no"


def test_staff_generated_password_and_officer_agency(server):
    user = "officer%d" % (uuid.uuid4().int % 100000)
    r = ctl(server, "staff", "add", user, "--role", "officer", "--agency", "SKHDT")
    assert r.returncode == 0, r.stderr
    password = r.stdout.strip()
    assert len(password) >= 16
    r = requests.get(server.url + "/api/v1/staff/me", auth=(user, password), timeout=10)
    assert r.status_code == 200 and r.json()["agency"] == "SKHDT"
    assert r.json()["role"] == "officer"


def test_staff_usage_errors_store_nothing(server):
    before = ctl(server, "staff", "list").stdout
    for args, stdin in [
            (["staff", "add", "nguoi-moi", "--role", "king"], None),
            (["staff", "add", "nguoi-moi", "--role", "officer"], None),
            (["staff", "add", "nguoi moi", "--role", "editor"], None),
            (["staff", "add", "--role", "editor"], None),
            (["staff", "add", "nguoi-moi", "--role", "officer", "--agency", "NOPE"], None),
            (["staff", "add", "nguoi-moi", "--role", "editor", "--password-stdin"], "short\n"),
            (["staff", "add", "nguoi-moi", "--role", "editor", "--password-stdin"], ""),
            (["staff", "add", "nguoi-moi", "--role", "editor", "--name", "a\x01b"], None),
            (["staff", "disable"], None), (["staff", "fire", "x"], None)]:
        r = ctl(server, *args, stdin=stdin)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
    assert ctl(server, "staff", "list").stdout == before


def test_help_on_every_command(server):
    for args in [["--help"], ["staff", "--help"], ["apikey", "--help"],
                 ["staff", "add", "--help"], ["apikey", "create", "-h"],
                 ["search", "--help"], ["migrate", "--help"]]:
        r = subprocess.run([DNDNCTL] + args, capture_output=True, text=True, timeout=30)
        assert r.returncode == 0, args
        assert r.stdout.startswith("Usage: dndnctl"), args
        assert "Exit codes" in r.stdout
    r = subprocess.run([DNDNCTL, "--help"], capture_output=True, text=True, timeout=30)
    assert "apikey create" in r.stdout and "staff add" in r.stdout


def raw_sql(server, request, statement):
    """Run SQL behind the module's back, as a bulk load by hand would."""
    if server.db.driver == "sqlite3":
        import sqlite3
        con = sqlite3.connect(server.db.params, timeout=10)
        con.execute(statement)
        con.commit()
        con.close()
    else:
        dbname = re.search(r"dbname=(\S+)", server.db.params).group(1)
        request.getfixturevalue("mariadb").sql(statement, dbname)


def test_search_rebuild_after_plain_sql(server, api, request):
    def found():
        items = api.get("/procedures", params={"q": "tam ngung kinh doanh"}).json()["items"]
        return [p["code"] for p in items]
    assert found() == ["1.001536"]
    raw_sql(server, request,
            "DELETE FROM procedure_terms WHERE procedure_code = '1.001536'")
    assert found() == []
    r = ctl(server, "search", "rebuild")
    assert r.returncode == 0, r.stderr
    assert re.match(r"search terms of \d+ procedures and \d+ posts built", r.stdout)
    assert found() == ["1.001536"]
    assert ctl(server, "search", "rebuild", "now").returncode == 2
    assert ctl(server, "search").returncode == 2
