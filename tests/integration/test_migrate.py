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


class _OnDb:
    """What conftest.sql and sql_script need of a server: its database."""

    def __init__(self, db):
        self.db = db


@pytest.mark.parametrize("engine", ["sqlite", "mysql"])
def test_upgrade_keeps_dossier_steps(engine, workdir, request):
    """A database of the previous release (migrations up to 010) holding a
    dossier and its steps as that release wrote them, migrated: the
    look-up reads the steps themselves until `dndnctl fill-steps` stores
    their text, and answers the same before and after; steps pushed
    afterwards join the timeline in time order, two at one time in the
    order they were pushed (by id), and the stored text follows."""
    import json
    from conftest import make_database, sql, sql_script
    import requests
    old = os.path.join(workdir, "sql-010")
    shutil.copytree(os.path.join(ds.REPO, "sql"), old)
    for edir in ("sqlite", "mysql"):
        for f in os.listdir(os.path.join(old, edir)):
            if int(f[:3]) > 10:
                os.remove(os.path.join(old, edir, f))
    db = make_database(engine, workdir,
                       lambda: request.getfixturevalue("mariadb"))
    on = _OnDb(db)
    ds.dndnctl(BUILD, db.driver, db.params, "--sql-dir", old, "-q", "migrate")
    sql_script(on, """
        INSERT INTO dossiers (code, procedure_code, status, applicant_name,
            applicant_phone, applicant_tax_code, received_at, due_at,
            finished_at, source_updated_at, updated_at, created_at)
        VALUES ('H-UPGRADE-1', '1.001612', 'processing', 'Trần Thị Bình',
            NULL, NULL, 1772413200, 1773050400, NULL, 1772413200,
            1772413200, 1772413200);
        INSERT INTO dossier_events (dossier_code, at, step, agency, note,
            created_at) VALUES
            ('H-UPGRADE-1', 1772586000, 'Thẩm định', 'Sở KH&ĐT', NULL, 1),
            ('H-UPGRADE-1', 1772413200, 'Tiếp nhận', 'Sở KH&ĐT',
             'Đủ "thành phần"', 1),
            ('H-UPGRADE-1', 1772499600, 'Chuyển', 'Sở KH&ĐT', NULL, 1);
        """)
    # 1,100 more, two steps each (later one first): fill-steps goes
    # through them in batches of 500.
    many = ["H-UP-%04d" % i for i in range(1, 1101)]
    sql_script(on, "INSERT INTO dossiers (code, procedure_code, status, "
               "applicant_name, received_at, due_at, source_updated_at, "
               "updated_at, created_at) VALUES %s;\n"
               "INSERT INTO dossier_events (dossier_code, at, step, agency, "
               "created_at) VALUES %s;" % (
                   ", ".join("('%s', '1.001612', 'received', 'Lê Văn Cường', "
                             "1772413200, 1773050400, 1, 1, 1)" % c
                             for c in many),
                   ", ".join("('%s', %d, 'Bước %d', 'Sở KH&ĐT', 1)"
                             % (c, 1772413200 + k * 60 + i, k)
                             for i, c in enumerate(many) for k in (2, 1))))
    out = ds.dndnctl(BUILD, db.driver, db.params, "migrate").stdout
    assert "applied 011_dossier_steps_json.sql" in out
    assert "applied 012_dossier_steps_triggers.sql" in out
    assert "applied 013_petition_quota.sql" in out
    assert "applied 014_drop_petitions_user_created.sql" in out
    ds.dndnctl(BUILD, db.driver, db.params, "-q", "demo-data")

    def stored():
        rows = sql(on, "SELECT steps_json FROM dossiers WHERE code = "
                       "'H-UPGRADE-1'")
        if rows[0][0] in (None, "NULL"):
            return None
        # mariadb --batch writes a backslash as two.
        return rows[0][0].replace("\\\\", "\\") if engine == "mysql" \
            else rows[0][0]

    httpd = ds.Apache(BUILD, db, root=os.path.join(workdir, "httpd"),
                      preload=ds.sanitizer_preload()).start()
    key = {"X-API-Key": "dev-partner-key"}
    base = httpd.url + "/api/v1"
    try:
        assert stored() is None
        before = requests.get(base + "/dossiers/H-UPGRADE-1", timeout=10)
        assert before.status_code == 200
        assert [(s["at"], s["step"], s["note"])
                for s in before.json()["steps"]] == [
            ("2026-03-02T08:00:00+07:00", "Tiếp nhận", 'Đủ "thành phần"'),
            ("2026-03-03T08:00:00+07:00", "Chuyển", None),
            ("2026-03-04T08:00:00+07:00", "Thẩm định", None)]
        out = ds.dndnctl(BUILD, db.driver, db.params, "fill-steps").stdout
        assert "steps text of 1101 dossiers written (1101 without one" in out
        for c in ("H-UP-0001", "H-UP-0500", "H-UP-0501", "H-UP-1000",
                  "H-UP-1001", "H-UP-1100"):
            got = requests.get(base + "/dossiers/" + c, timeout=10).json()
            assert [s["step"] for s in got["steps"]] == ["Bước 1", "Bước 2"]
            rows = sql(on, "SELECT steps_json FROM dossiers WHERE code = "
                           "'%s'" % c)
            assert json.loads(rows[0][0]) == got["steps"]
        # Byte for byte the view's steps, as the look-up sends them.
        assert stored() == json.dumps(before.json()["steps"],
                                      ensure_ascii=False,
                                      separators=(",", ":"))
        after = requests.get(base + "/dossiers/H-UPGRADE-1", timeout=10)
        assert after.content == before.content

        def step(at, name):
            r = requests.post(base + "/partner/dossiers/H-UPGRADE-1/events",
                              headers=key, timeout=10,
                              json={"at": "2026-03-0%sT08:00:00+07:00" % at,
                                    "step": name, "agency": "Sở KH&ĐT"})
            assert r.status_code == 201, r.text

        step(5, "Trả kết quả")
        step(1, "Nộp trực tuyến")
        step(5, "Lưu hồ sơ")  # the same time: pushed order, by id
        got = requests.get(base + "/dossiers/H-UPGRADE-1", timeout=10).json()
        assert [s["step"] for s in got["steps"]] == [
            "Nộp trực tuyến", "Tiếp nhận", "Chuyển", "Thẩm định",
            "Trả kết quả", "Lưu hồ sơ"]
        assert json.loads(stored()) == got["steps"]
        out = ds.dndnctl(BUILD, db.driver, db.params, "fill-steps").stdout
        assert "steps text of 0 dossiers written (0 without one" in out
    finally:
        httpd.stop()
    assert not httpd.bad_log_lines()
