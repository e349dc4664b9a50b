"""A database outage: MariaDB killed with SIGKILL makes the API answer 503
at once, and when MariaDB is back the module serves again by itself,
with no Apache restart."""
import os
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
