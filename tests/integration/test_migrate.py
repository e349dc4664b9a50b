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
