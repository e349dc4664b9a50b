"""dndnctl import-dossiers: a foreign database (SQLite through
libdbd-sqlite3, MariaDB through libdbd-mysql) of 10,000 dossiers, read
through libdbi and upserted with the partner endpoint's rules."""
import datetime
import os
import re
import sqlite3
import subprocess

import pytest

import dndn_server as ds
from conftest import BUILD, make_database

MAP = os.path.join(ds.REPO, "sql", "examples", "import-dossiers-map.sql")
ROWS = 10000
BAD = 4321  # this row's status is not one we know

CREATE = """CREATE TABLE ho_so (
    ma_ho_so VARCHAR(64) PRIMARY KEY, ma_thu_tuc VARCHAR(64),
    trang_thai VARCHAR(16), ten_nguoi_nop VARCHAR(255),
    so_dien_thoai VARCHAR(20), ma_so_thue VARCHAR(20),
    ngay_tiep_nhan VARCHAR(32), han_tra_ket_qua VARCHAR(32),
    ngay_tra_ket_qua VARCHAR(32), ngay_cap_nhat VARCHAR(32))"""
STATES = ["MOI", "DANG_XL", "BO_SUNG", "XONG", "DA_TRA", "TU_CHOI"]


def source_rows():
    for i in range(ROWS):
        state = "MAT_TICH" if i == BAD else STATES[i % 6]
        done = state in ("XONG", "DA_TRA", "TU_CHOI")
        yield ("H56-%06d" % i, "1.00%04d" % (i % 50), state,
               "Nguyễn Văn Khách %d" % i,
               "0912%06d" % i if i % 3 == 0 else None,
               "0100109106" if i % 5 == 0 else None,
               "2026-01-%02d 08:00:00" % (1 + i % 28),
               "2026-02-%02d 17:00:00" % (1 + i % 28),
               "2026-02-%02d 10:00:00" % (1 + i % 28) if done else None,
               "2026-02-%02dT09:00:00+07:00" % (1 + i % 28))


def sql_literal(v):
    return "NULL" if v is None else "'%s'" % v.replace("'", "''")


class Source:
    """The one-stop system's database, and how dndnctl reaches it."""

    count = 0

    def __init__(self, engine, workdir, request):
        self.engine = engine
        if engine == "sqlite":
            self.path = os.path.join(workdir, "motcua.db")
            con = sqlite3.connect(self.path)
            con.execute(CREATE)
            con.executemany("INSERT INTO ho_so VALUES (?,?,?,?,?,?,?,?,?,?)",
                            source_rows())
            con.commit()
            con.close()
            self.options = ["dbname=motcua.db", "sqlite3_dbdir=" + workdir]
        else:
            self.m = request.getfixturevalue("mariadb")
            Source.count += 1
            name = "motcua_%d_%d" % (os.getpid(), Source.count)
            self.name = name
            params = dict(kv.split("=", 1) for kv in self.m.create_database(
                name, "motcua", "motcua-pw").split())
            values = ",\n".join("(%s)" % ",".join(sql_literal(v) for v in r)
                                for r in source_rows())
            self.execute(CREATE + "; INSERT INTO ho_so VALUES " + values)
            self.options = ["host=127.0.0.1", "port=%d" % self.m.port,
                            "username=" + params["user"], "password=motcua-pw",
                            "dbname=" + name, "encoding=UTF-8"]

    def execute(self, statement):
        if self.engine == "sqlite":
            con = sqlite3.connect(self.path)
            con.execute(statement)
            con.commit()
            con.close()
        else:
            subprocess.run(["mariadb", "--no-defaults", "-S", self.m.socket,
                            "-uroot", self.name], input=statement, text=True,
                           check=True, capture_output=True)

    def drop(self):
        if self.engine == "mysql":
            self.m.sql("DROP DATABASE %s" % self.name)

    def args(self):
        a = ["import-dossiers", "--source-driver",
             "sqlite3" if self.engine == "sqlite" else "mysql"]
        for o in self.options:
            a += ["--source-option", o]
        return a + ["--map", MAP]


LSAN = "suppressions=" + os.path.join(ds.REPO, "tests", "lsan-libdbi.supp")


def dndnctl(db, *args):
    """dndnctl on the target database.  Under SAN=1, libdbi's own
    allocations are left to the process exit (tests/lsan-libdbi.supp); the
    full stacks let the suppressions see the driver behind libsqlite3."""
    cmd = [os.path.join(BUILD, "dndnctl"), "--driver", db.driver,
           "--params", db.params] + list(args)
    return subprocess.run(cmd, capture_output=True, text=True,
                          env=dict(os.environ, LSAN_OPTIONS=LSAN,
                                   ASAN_OPTIONS="fast_unwind_on_malloc=0"))


def target_query(db, request, statement):
    if db.driver == "sqlite3":
        con = sqlite3.connect(db.params)
        rows = con.execute(statement).fetchall()
        con.close()
        return [[None if v is None else str(v) for v in r] for r in rows]
    dbname = re.search(r"dbname=(\S+)", db.params).group(1)
    out = request.getfixturevalue("mariadb").sql(statement, dbname)
    return [[None if v == "NULL" else v for v in line.split("\t")]
            for line in out.splitlines()]


def local(text):
    """Epoch seconds of a Vietnam local time, as text."""
    t = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(
        tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    return str(int(t.timestamp()))


def summary(res):
    m = re.search(r"^read (\d+), inserted (\d+), updated (\d+), unchanged "
                  r"(\d+), skipped (\d+)$", res.stdout, re.M)
    assert m, res.stdout + res.stderr
    return tuple(int(x) for x in m.groups())


@pytest.mark.parametrize("source_engine, target_engine", [
    ("sqlite", "sqlite"), ("mysql", "mysql"), ("mysql", "sqlite")])
def test_import_10000_rows(source_engine, target_engine, workdir, request):
    db = make_database(target_engine, workdir,
                       lambda: request.getfixturevalue("mariadb"))
    db.prepare(BUILD, demo=False)
    src = Source(source_engine, workdir, request)
    try:
        run = lambda: dndnctl(db, *src.args())
        res = run()
        assert res.returncode == 4, res.stdout + res.stderr
        assert summary(res) == (ROWS, ROWS - 1, 0, 0, 1)
        skipped = [l for l in res.stdout.splitlines() if l.startswith("skipped")]
        assert len(skipped) == 1
        assert "H56-%06d" % BAD in skipped[0]
        assert "status invalid_status" in skipped[0]
        assert "import-dossiers: 10000 rows read" in res.stderr
        # Every good row landed once; the malformed one did not.
        assert target_query(db, request, "SELECT COUNT(*), COUNT(DISTINCT "
                            "code) FROM dossiers") == [[str(ROWS - 1)] * 2]
        assert target_query(db, request, "SELECT COUNT(*) FROM dossiers "
                            "WHERE code = 'H56-%06d'" % BAD) == [["0"]]
        # Local times became epoch seconds; the phone its +84 form.
        row = target_query(db, request,
                           "SELECT applicant_name, status, applicant_phone, "
                           "received_at, "
                           "due_at, finished_at, applicant_tax_code FROM "
                           "dossiers WHERE code = 'H56-000003'")
        assert row == [["Nguyễn Văn Khách 3", "done", "+84912000003", local("2026-01-04 08:00"),
                        local("2026-02-04 17:00"), local("2026-02-04 10:00"),
                        None]]
        # A re-run changes nothing.
        res = run()
        assert res.returncode == 4
        assert summary(res) == (ROWS, 0, 0, ROWS - 1, 1)
        # A newer row in the source updates; an older one is stale.
        src.execute("UPDATE ho_so SET trang_thai = 'DA_TRA', ngay_cap_nhat = "
                    "'2026-03-01T09:00:00+07:00' WHERE ma_ho_so = 'H56-000001'")
        src.execute("UPDATE ho_so SET trang_thai = 'TU_CHOI', ngay_cap_nhat = "
                    "'2025-01-01T09:00:00+07:00' WHERE ma_ho_so = 'H56-000002'")
        src.execute("UPDATE ho_so SET trang_thai = 'XONG' WHERE ma_ho_so = "
                    "'H56-%06d'" % BAD)
        res = run()
        assert res.returncode == 0, res.stdout + res.stderr
        assert summary(res) == (ROWS, 1, 1, ROWS - 2, 0)
        assert target_query(db, request, "SELECT code, status FROM dossiers "
                            "WHERE code IN ('H56-000001', 'H56-000002') "
                            "ORDER BY code") == [
            ["H56-000001", "result_returned"], ["H56-000002", "need_supplement"]]
    finally:
        src.drop()


def test_import_usage_and_mapping_errors(workdir, request):
    db = make_database("sqlite", workdir, None)
    db.prepare(BUILD, demo=False)
    ctl = lambda *a: dndnctl(db, *a)
    res = ctl("import-dossiers", "--help")
    assert res.returncode == 0 and "--source-driver" in res.stdout
    assert "Exit codes" in res.stdout
    assert ctl("import-dossiers").returncode == 2
    assert ctl("import-dossiers", "--source-driver", "sqlite3").returncode == 2
    assert ctl("import-dossiers", "--source-driver", "nosuch", "--map",
               MAP).returncode == 2
    src = Source("sqlite", workdir, request)
    bad_map = os.path.join(workdir, "bad.sql")
    with open(bad_map, "w") as f:
        f.write("SELECT ma_ho_so AS code FROM ho_so;\n")
    args = src.args()
    args[-1] = bad_map
    res = ctl(*args)
    assert res.returncode == 2
    assert "no column named procedure_code" in res.stderr
    with open(bad_map, "w") as f:
        f.write("SELECT * FROM no_such_table")
    res = ctl(*args)
    assert res.returncode == 2 and "mapping SELECT failed" in res.stderr
    args[-1] = os.path.join(workdir, "missing.sql")
    assert ctl(*args).returncode == 1
    assert target_query(db, request, "SELECT COUNT(*) FROM dossiers") == [["0"]]
    # Before migrate: refused with exit 3.
    fresh = ds.Database.sqlite(os.path.join(workdir, "fresh.db"))
    res = dndnctl(fresh, *src.args())
    assert res.returncode == 3 and "migrate" in res.stderr
