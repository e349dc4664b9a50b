"""dndnctl migrate: applies every numbered file not yet recorded, in
order, once — also a file numbered below the highest applied one."""
import os
import shutil

import pytest

import dndn_server as ds
from conftest import BUILD


@pytest.mark.parametrize("engine", ["sqlite", "mysql"])
def test_migrate_applies_missing_files_once(engine, workdir, request):
    sql = os.path.join(workdir, "sql")
    shutil.copytree(os.path.join(ds.REPO, "sql"), sql)
    if engine == "sqlite":
        driver, params = "sqlite3", os.path.join(workdir, "m.db")
    else:
        m = request.getfixturevalue("mariadb")
        driver, params = "mysql", m.create_database("dndn_migrate", "dndn", "m-pw")
    edir = os.path.join(sql, "sqlite" if engine == "sqlite" else "mysql")
    files = sorted(f for f in os.listdir(edir) if f.endswith(".sql"))

    out = ds.dndnctl(BUILD, driver, params, "--sql-dir", sql, "migrate").stdout
    for f in files:
        assert "applied %s" % f in out
    # A migration merged late, numbered below the highest applied one.
    top = max(int(f[:3]) for f in files)
    with open(os.path.join(edir, "%03d_later.sql" % (top + 2)), "w") as f:
        f.write("CREATE TABLE later_table (id INT PRIMARY KEY);\n")
    out = ds.dndnctl(BUILD, driver, params, "--sql-dir", sql, "migrate").stdout
    assert "applied %03d_later.sql" % (top + 2) in out
    with open(os.path.join(edir, "%03d_late.sql" % (top + 1)), "w") as f:
        f.write("CREATE TABLE late_table (id INT PRIMARY KEY);\n")
    out = ds.dndnctl(BUILD, driver, params, "--sql-dir", sql, "migrate").stdout
    assert "applied %03d_late.sql" % (top + 1) in out
    assert "(1 migration applied)" in out
    out = ds.dndnctl(BUILD, driver, params, "--sql-dir", sql, "migrate").stdout
    assert "(0 migrations applied)" in out
    # A broken migration is rolled back and reported, and exits non-zero.
    with open(os.path.join(edir, "099_broken.sql"), "w") as f:
        f.write("CREATE TABLE t99 (id INT);\nTHIS IS NOT SQL;\n")
    res = ds.dndnctl(BUILD, driver, params, "--sql-dir", sql, "migrate", check=False)
    assert res.returncode == 1
    assert "099_broken.sql, statement 2" in res.stderr
    assert "applied 099_broken.sql" not in res.stdout


@pytest.mark.parametrize("engine", ["sqlite", "mysql"])
def test_upgrade_keeps_dossier_steps(engine, workdir, request):
    """A database of the previous release (migrations up to 009) with a
    dossier and its steps, migrated while Apache serves it: the look-up
    gives the same answer, and steps pushed afterwards join the timeline
    in time order, two at one time in the order they were pushed (by
    id, which stays AUTO_INCREMENT)."""
    from conftest import make_database
    import requests
    old = os.path.join(workdir, "sql-009")
    shutil.copytree(os.path.join(ds.REPO, "sql"), old)
    for edir in ("sqlite", "mysql"):
        for f in os.listdir(os.path.join(old, edir)):
            if int(f[:3]) > 9:
                os.remove(os.path.join(old, edir, f))
    db = make_database(engine, workdir,
                       lambda: request.getfixturevalue("mariadb"))
    ds.dndnctl(BUILD, db.driver, db.params, "--sql-dir", old, "-q", "migrate")
    ds.dndnctl(BUILD, db.driver, db.params, "-q", "demo-data")
    httpd = ds.Apache(BUILD, db, root=os.path.join(workdir, "httpd"),
                      preload=ds.sanitizer_preload()).start()
    key = {"X-API-Key": "dev-partner-key"}
    base = httpd.url + "/api/v1"
    try:
        r = requests.put(base + "/partner/dossiers/H-UPGRADE-1", headers=key,
                         json={"procedure_code": "1.001612",
                               "status": "processing",
                               "applicant_name": "Trần Thị Bình",
                               "received_at": "2026-03-02T08:00:00+07:00",
                               "due_at": "2026-03-09T17:00:00+07:00",
                               "updated_at": "2026-03-02T08:00:00+07:00"},
                         timeout=10)
        assert r.status_code == 201, r.text

        def step(at, name):
            r = requests.post(base + "/partner/dossiers/H-UPGRADE-1/events",
                              headers=key, timeout=10,
                              json={"at": "2026-03-0%sT08:00:00+07:00" % at,
                                    "step": name, "agency": "Sở KH&ĐT"})
            assert r.status_code == 201, r.text

        for at, name in ((4, "Thẩm định"), (2, "Tiếp nhận"), (3, "Chuyển")):
            step(at, name)
        before = requests.get(base + "/dossiers/H-UPGRADE-1", timeout=10)
        assert before.status_code == 200
        out = ds.dndnctl(BUILD, db.driver, db.params, "migrate").stdout
        assert "applied 010_dossier_steps_together.sql" in out
        after = requests.get(base + "/dossiers/H-UPGRADE-1", timeout=10)
        assert after.json() == before.json()
        step(5, "Trả kết quả")
        step(1, "Nộp trực tuyến")
        step(5, "Lưu hồ sơ")  # the same time: pushed order, by id
        got = requests.get(base + "/dossiers/H-UPGRADE-1", timeout=10).json()
        assert [s["step"] for s in got["steps"]] == [
            "Nộp trực tuyến", "Tiếp nhận", "Chuyển", "Thẩm định",
            "Trả kết quả", "Lưu hồ sơ"]
    finally:
        httpd.stop()
    assert not httpd.bad_log_lines()
