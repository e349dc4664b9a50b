"""Integration harness: a real Apache with mod_dndn from the build tree,
against SQLite and against a MariaDB server started here, every run.

Every test that uses a server fails when the error log gained a warning,
an error or a sanitizer report while it ran (unless the test expects it).
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

import pytest
import requests

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import dndn_server as ds  # noqa: E402

BUILD = os.environ.get("DNDN_BUILD") or os.path.join(ds.REPO, "build", "release")


class Client:
    """requests with the API's base URL; no retries, no redirects."""

    def __init__(self, httpd, prefix="/api/v1"):
        self.httpd = httpd
        self.base = httpd.url + prefix
        self.s = requests.Session()

    def request(self, method, path, **kw):
        kw.setdefault("timeout", 30)
        kw.setdefault("allow_redirects", False)
        return self.s.request(method, self.base + path, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)


def all_pages(get, limit, params=None, max_pages=100):
    """Walk a paged list: get(params) answers one page.  Checks each page
    (200, at most `limit` items) and returns (items, number of pages)."""
    items, cursor, pages = [], None, 0
    while True:
        p = dict(params or {}, limit=limit)
        if cursor:
            p["cursor"] = cursor
        r = get(p)
        assert r.status_code == 200, r.text
        body = r.json()
        assert len(body["items"]) <= limit
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages
        assert pages < max_pages


def sql(server, statement, args=()):
    """Run SQL on the test database of this server; rows as tuples."""
    db = server.db
    if db.driver == "sqlite3":
        con = sqlite3.connect(db.params, timeout=10)
        try:
            rows = con.execute(statement, args).fetchall()
            con.commit()
            return rows
        finally:
            con.close()
    p = dict(kv.split("=", 1) for kv in db.params.split())
    for a in args:  # our own test values only, never request text
        statement = statement.replace("?", "'%s'" % str(a).replace("'", "''"), 1)
    out = subprocess.run(
        ["mariadb", "--no-defaults", "-h", p["host"], "-P", p["port"],
         "-u", p["user"], "-p" + p["pass"], p["dbname"], "--batch",
         "--skip-column-names", "-e", statement],
        capture_output=True, text=True, check=True).stdout
    return [tuple(line.split("\t")) for line in out.splitlines()]


def sql_script(server, script):
    """Run several ';'-separated statements (our own test text, never
    request text) on the server's database in one go."""
    db = server.db
    if db.driver == "sqlite3":
        con = sqlite3.connect(db.params, timeout=10)
        try:
            con.executescript(script)
        finally:
            con.close()
        return
    p = dict(kv.split("=", 1) for kv in db.params.split())
    subprocess.run(
        ["mariadb", "--no-defaults", "-h", p["host"], "-P", p["port"],
         "-u", p["user"], "-p" + p["pass"], p["dbname"], "--batch"],
        input=script, capture_output=True, text=True, check=True)



@pytest.fixture(scope="session")
def mariadb():
    m = ds.MariaDB().start()
    yield m
    m.stop()
    shutil.rmtree(m.base, ignore_errors=True)


_db_counter = [0]


def make_database(engine, tmpdir, mariadb_factory):
    if engine == "sqlite":
        return ds.Database.sqlite(os.path.join(tmpdir, "dndn.db"))
    _db_counter[0] += 1
    m = mariadb_factory()
    return ds.Database.mysql(m.create_database(
        "dndn_t%d" % _db_counter[0], "dndn", "dndn-test-pw"))


def make_workdir():
    """A private directory that Apache's www-data children can traverse
    (pytest's own tmp_path lives under a 0700 directory)."""
    d = tempfile.mkdtemp(prefix="dndn-test-")
    os.chmod(d, 0o755)
    return d


@pytest.fixture
def workdir():
    d = make_workdir()
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session", params=["sqlite", "mysql"])
def server(request):
    """One Apache per engine for the session, with the demo data."""
    engine = request.param
    tmp = make_workdir()
    db = make_database(engine, tmp,
                       lambda: request.getfixturevalue("mariadb"))
    db.prepare(BUILD)
    httpd = ds.Apache(BUILD, db, root=os.path.join(tmp, "httpd"),
                      preload=ds.sanitizer_preload())
    httpd.engine = engine
    httpd.start()
    yield httpd
    httpd.stop()
    bad = httpd.bad_log_lines()
    shutil.rmtree(tmp, ignore_errors=True)
    assert not bad, "error log:\n" + "\n".join(bad)


@pytest.fixture
def api(server):
    return Client(server)


@pytest.fixture
def expect_log(request):
    """A test that provokes a logged warning or error lists its patterns."""
    request.node.expected_log = []
    return request.node.expected_log


@pytest.fixture(autouse=True)
def clean_error_log(request):
    """Fail the test whose run left trouble in the error log."""
    yield
    if "server" in request.fixturenames:
        httpd = request.getfixturevalue("server")
        bad = httpd.bad_log_lines(getattr(request.node, "expected_log", []))
        assert not bad, "error log:\n" + "\n".join(bad)
