"""A database outage: MariaDB killed with SIGKILL makes the API answer 503
at once, and when MariaDB is back the module serves again by itself,
with no Apache restart."""
import os
import re
import shutil
import time

import pytest
import requests

import dndn_server as ds
from conftest import BUILD

# What mod_dbd and mod_dndn log while the database is away.
OUTAGE_LOG = [r"DNDN0003", r"DNDN0012", r"DNDN0020", r"\[dbd:", r"\[authn_dbd:",
              r"AH00629", r"AH00633", r"AH00636", r"AH02655", r"Lost connection",
              r"MySQL server has gone away", r"Can't connect"]


@pytest.fixture
def own_mariadb():
    m = ds.MariaDB().start()
    yield m
    m.stop()
    shutil.rmtree(m.base, ignore_errors=True)


def test_mariadb_killed_then_back(own_mariadb, workdir):
    m = own_mariadb
    db = ds.Database.mysql(m.create_database("dndn", "dndn", "outage-pw"))
    db.prepare(BUILD)
    httpd = ds.Apache(BUILD, db, root=os.path.join(workdir, "httpd"),
                      preload=ds.sanitizer_preload()).start()
    base = httpd.url + "/api/v1"
    try:
        # Warm every connection of the pool.
        for _ in range(20):
            assert requests.get(base + "/health", timeout=5).status_code == 200
        assert requests.get(base + "/agencies", timeout=5).status_code == 200

        m.kill()
        for path in ["/health", "/agencies", "/health"]:
            t0 = time.monotonic()
            r = requests.get(base + path, timeout=5)
            elapsed = time.monotonic() - t0
            assert r.status_code == 503, (path, r.text)
            assert elapsed < 1.0, elapsed
            assert r.headers["Retry-After"]
            assert "mysql" not in r.text.lower() and "sql" not in r.text.lower()
        assert requests.get(base + "/health", timeout=5).json()["database"] == "unavailable"
        p = requests.get(base + "/agencies", timeout=5)
        assert p.headers["Content-Type"].startswith("application/problem+json")
        assert p.json()["status"] == 503

        m.start()  # same datadir and port
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if requests.get(base + "/health", timeout=5).status_code == 200:
                break
            time.sleep(0.2)
        # Every pooled connection has recovered, not just one.
        for _ in range(20):
            r = requests.get(base + "/agencies/SKHDT", timeout=5)
            assert r.status_code == 200
            assert r.json()["name"] == "Sở Kế hoạch và Đầu tư"
        assert httpd.proc.poll() is None  # the same Apache all along
    finally:
        httpd.stop()
    bad = httpd.bad_log_lines(allowed=OUTAGE_LOG)
    assert not bad, "\n".join(bad)


ONE_CONNECTION = ("StartServers 1\nServerLimit 1\nThreadsPerChild 4\n"
                  "MaxRequestWorkers 4\nMinSpareThreads 1\nMaxSpareThreads 4")


def test_prepared_statement_limit_then_back(own_mariadb, workdir):
    """Every connection prepares all of the module's statements, as many as
    docs/admin.md says; a connection that MariaDB's max_prepared_stmt_count
    refuses answers 503, and once the limit is raised the node serves
    again by itself."""
    m = own_mariadb
    db = ds.Database.mysql(m.create_database("dndn", "dndn", "stmt-pw"))
    db.dbmax = 1
    db.prepare(BUILD)
    root = os.path.join(workdir, "a")
    first = ds.Apache(BUILD, db, root=root, extra=ONE_CONNECTION,
                      preload=ds.sanitizer_preload()).start()
    second = None
    try:
        assert requests.get(first.url + "/api/v1/health",
                            timeout=5).status_code == 200
        count = int(m.sql("SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'")
                    .split()[1])
        with open(os.path.join(ds.REPO, "docs", "admin.md"),
                  encoding="utf-8") as f:
            admin = " ".join(f.read().split())
        documented = re.search(r"every statement of the module \((\d+) in "
                               r"this version\)", admin)
        assert documented and int(documented.group(1)) == count, count

        m.sql("SET GLOBAL max_prepared_stmt_count = %d" % (count + 10))
        second = ds.Apache(BUILD, db, root=os.path.join(workdir, "b"),
                           extra=ONE_CONNECTION,
                           preload=ds.sanitizer_preload()).start()
        base = second.url + "/api/v1"
        for path in ["/health", "/agencies"]:
            r = requests.get(base + path, timeout=5)
            assert r.status_code == 503, (path, r.text)
            assert r.headers["Retry-After"]
            assert "prepared" not in r.text.lower()
        # The first node's connection is untouched.
        assert requests.get(first.url + "/api/v1/agencies/SKHDT",
                            timeout=5).status_code == 200
        assert "max_prepared_stmt_count" in second.read_log()

        m.sql("SET GLOBAL max_prepared_stmt_count = DEFAULT")
        r = requests.get(base + "/agencies/SKHDT", timeout=5)
        assert r.status_code == 200, r.text
        assert r.json()["name"] == "Sở Kế hoạch và Đầu tư"
        assert second.proc.poll() is None
    finally:
        first.stop()
        if second:
            second.stop()
    assert not first.bad_log_lines(allowed=OUTAGE_LOG)
    bad = second.bad_log_lines(allowed=OUTAGE_LOG + [r"AH00632"])
    assert not bad, "\n".join(bad)
