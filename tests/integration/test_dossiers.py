"""Dossier tracking: partners push dossiers and their steps; the public
looks one up by receipt code (applicant masked, rate-limited)."""
import concurrent.futures
import hashlib
import json
import os
import re
import sqlite3
import time

import pytest
import requests

import dndn_server as ds
from conftest import BUILD, Client

PROBLEM = "application/problem+json; charset=utf-8"
FULL_KEY = {"X-API-Key": "dev-partner-key"}
DOSSIER_KEY = {"X-API-Key": "dev-dossiers-key"}


def sql(server, request, statement):
    """Run one statement on the server's database; rows as lists of text."""
    if server.engine == "sqlite":
        con = sqlite3.connect(server.db.params)
        try:
            rows = con.execute(statement).fetchall()
            con.commit()
        finally:
            con.close()
        return [[None if v is None else str(v) for v in r] for r in rows]
    dbname = re.search(r"dbname=(\S+)", server.db.params).group(1)
    out = request.getfixturevalue("mariadb").sql(statement, dbname)
    return [[None if v == "NULL" else v for v in line.split("\t")]
            for line in out.splitlines()]


def body(**over):
    b = {"procedure_code": "1.001612", "status": "processing",
         "applicant_name": "Nguyễn Văn An", "applicant_phone": "0912 345 678",
         "applicant_tax_code": "0100109106",
         "received_at": "2026-02-02T08:00:00+07:00",
         "due_at": "2026-02-09T17:00:00+07:00",
         "updated_at": "2026-02-03T09:00:00+07:00"}
    b.update(over)
    return {k: v for k, v in b.items() if v is not None}


def partner(server):
    return Client(server, "/api/v1/partner")


def test_push_dossier_events_and_look_it_up(server, api):
    p = partner(server)
    r = p.request("PUT", "/dossiers/H56-260202-0001", json=body(),
                  headers=FULL_KEY)
    assert r.status_code == 201, r.text
    d = r.json()
    assert d["code"] == "H56-260202-0001"
    assert d["applicant_name"] == "Nguyễn Văn An"
    assert d["applicant_phone"] == "+84912345678"
    assert d["applicant_tax_code"] == "0100109106"
    assert d["updated_at"] == "2026-02-03T09:00:00+07:00"
    assert d["finished_at"] is None
    assert d["overdue"] is True  # due 2026-02-09, long past
    steps = [("2026-02-02T08:00:00+07:00", "Tiếp nhận", "Bộ phận một cửa", None),
             ("2026-02-02T10:30:00+07:00", "Chuyển phòng chuyên môn",
              "Sở Kế hoạch và Đầu tư", "Hồ sơ đủ thành phần"),
             ("2026-02-03T09:00:00+07:00", "Thẩm định", "Phòng Đăng ký kinh doanh",
              None)]
    # Pushed out of order: the timeline is ordered by time.
    for at, step, agency, note in reversed(steps):
        ev = {"at": at, "step": step, "agency": agency}
        if note:
            ev["note"] = note
        r = p.post("/dossiers/H56-260202-0001/events", json=ev,
                   headers=DOSSIER_KEY)
        assert r.status_code == 201, r.text
        assert r.json() == {"at": at, "step": step, "agency": agency,
                            "note": note}
    # The same event again: 200, not a second step.
    r = p.post("/dossiers/H56-260202-0001/events",
               json={"at": steps[0][0], "step": steps[0][1], "agency": "x"},
               headers=DOSSIER_KEY)
    assert r.status_code == 200
    assert r.json()["agency"] == "Bộ phận một cửa"

    r = api.get("/dossiers/H56-260202-0001")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    pub = r.json()
    assert pub == {
        "code": "H56-260202-0001", "procedure_code": "1.001612",
        "status": "processing", "received_at": "2026-02-02T08:00:00+07:00",
        "due_at": "2026-02-09T17:00:00+07:00", "finished_at": None,
        "overdue": True, "applicant_name": "Nguyễn V. A.",
        "steps": [{"at": a, "step": s, "agency": g, "note": n}
                  for a, s, g, n in steps]}
    assert "+84912345678" not in r.text and "0100109106" not in r.text
    assert "Văn An" not in r.text


def test_update_stale_and_unchanged(server, api):
    p = partner(server)
    code = "H56-STALE-1"
    assert p.request("PUT", "/dossiers/" + code, json=body(),
                     headers=FULL_KEY).status_code == 201
    newer = body(status="done", finished_at="2026-02-05T15:00:00+07:00",
                 updated_at="2026-02-05T15:00:00+07:00")
    r = p.request("PUT", "/dossiers/" + code, json=newer, headers=FULL_KEY)
    assert r.status_code == 200
    assert r.json()["status"] == "done"
    assert r.json()["overdue"] is False
    # Older than what is stored: ignored, 200 with the stored state.
    stale = body(status="refused", applicant_name="Người Khác",
                 updated_at="2026-02-04T00:00:00+07:00")
    r = p.request("PUT", "/dossiers/" + code, json=stale, headers=FULL_KEY)
    assert r.status_code == 200
    assert r.json()["status"] == "done"
    assert r.json()["applicant_name"] == "Nguyễn Văn An"
    # The same push again (idempotent).
    r = p.request("PUT", "/dossiers/" + code, json=newer, headers=FULL_KEY)
    assert r.status_code == 200 and r.json()["status"] == "done"
    pub = api.get("/dossiers/" + code).json()
    assert pub["status"] == "done"
    assert pub["finished_at"] == "2026-02-05T15:00:00+07:00"
    assert pub["applicant_name"] == "Nguyễn V. A."


def test_bad_bodies_store_nothing(server, api, request):
    p = partner(server)
    cases = [
        (body(status="lost"), "status", "invalid_status"),
        (body(procedure_code=None), "procedure_code", "required"),
        (body(applicant_name=""), "applicant_name", "required"),
        (body(applicant_name="x" * 256), "applicant_name", "too_long"),
        (body(applicant_phone="0241234567"), "applicant_phone", "invalid_phone"),
        (body(applicant_tax_code="0100109107"), "applicant_tax_code",
         "invalid_tax_code"),
        (body(received_at="2026-02-02"), "received_at", "invalid_time"),
        (body(due_at="2026-02-01T08:00:00+07:00"), "due_at", "before_received"),
        (body(updated_at=None), "updated_at", "required"),
        (body(status=3), "status", "invalid_type"),
    ]
    for b, field, code in cases:
        r = p.request("PUT", "/dossiers/H56-BAD-1", json=b, headers=FULL_KEY)
        assert r.status_code == 400, (b, r.text)
        assert r.headers["Content-Type"] == PROBLEM
        assert {"field": field, "code": code} in [
            {"field": e["field"], "code": e["code"]} for e in r.json()["errors"]]
    r = p.request("PUT", "/dossiers/bad%20code", json=body(), headers=FULL_KEY)
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "code"
    r = p.request("PUT", "/dossiers/H56-BAD-1", data="x", headers=dict(
        FULL_KEY, **{"Content-Type": "text/plain"}))
    assert r.status_code == 415
    assert api.get("/dossiers/H56-BAD-1").status_code == 404
    assert sql(server, request, "SELECT COUNT(*) FROM dossiers WHERE code IN "
               "('H56-BAD-1', 'bad code')") == [["0"]]
    # Events: bad bodies and unknown dossiers.
    r = p.post("/dossiers/H56-NOPE/events", headers=FULL_KEY,
               json={"at": "2026-02-02T08:00:00+07:00", "step": "a",
                     "agency": "b"})
    assert r.status_code == 404
    assert r.headers["Content-Type"] == PROBLEM
    p.request("PUT", "/dossiers/H56-BAD-2", json=body(), headers=FULL_KEY)
    for ev, field in [({"step": "a", "agency": "b"}, "at"),
                      ({"at": "x", "step": "a", "agency": "b"}, "at"),
                      ({"at": "2026-02-02T08:00:00+07:00", "agency": "b"}, "step"),
                      ({"at": "2026-02-02T08:00:00+07:00", "step": "a",
                        "agency": "b", "note": "n" * 2001}, "note")]:
        r = p.post("/dossiers/H56-BAD-2/events", json=ev, headers=FULL_KEY)
        assert r.status_code == 400, ev
        assert r.json()["errors"][0]["field"] == field
    assert api.get("/dossiers/H56-BAD-2").json()["steps"] == []
    assert sql(server, request, "SELECT COUNT(*) FROM dossier_events WHERE "
               "dossier_code = 'H56-BAD-2'") == [["0"]]


def test_longest_note_comes_back_whole(server, api):
    """The longest note accepted (2,000 characters, most of 2 or 3 bytes)
    comes back whole: the look-up reads it through a CAST to that length
    (dndn_store_int.h); one character more is refused."""
    p = partner(server)
    note = "Đã chuyển hồ sơ đến phòng chuyên môn để thẩm định. " * 40
    note = note[:1999] + "ệ"
    assert len(note) == 2000 and len(note.encode()) > 2600
    assert p.request("PUT", "/dossiers/H56-NOTE-1", json=body(),
                     headers=FULL_KEY).status_code in (200, 201)
    ev = {"at": "2026-02-02T08:00:00+07:00", "step": "Thẩm định",
          "agency": "SKHDT", "note": note + "a"}
    assert p.post("/dossiers/H56-NOTE-1/events", headers=FULL_KEY,
                  json=ev).status_code == 400
    ev["note"] = note
    r = p.post("/dossiers/H56-NOTE-1/events", headers=FULL_KEY, json=ev)
    assert r.status_code == 201, r.text
    steps = api.get("/dossiers/H56-NOTE-1").json()["steps"]
    assert [s["note"] for s in steps] == [note]


def stored_steps(server, request, code):
    """dossiers.steps_json as the module stored it (None when NULL)."""
    v = sql(server, request, "SELECT steps_json FROM dossiers WHERE code = "
            "'%s'" % code)[0][0]
    if v is not None and server.engine == "mysql":
        v = v.replace("\\\\", "\\")  # mariadb --batch doubles backslashes
    return v


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_steps_text_follows_every_writer(server, api, request):
    """The look-up's steps text is stored with the dossier by the module,
    and any other change to the steps (plain SQL here: a previous release,
    a hand-made fix) clears it in the same transaction (migration 012's
    triggers), so that the look-up then reads the steps themselves; never
    an older timeline.  dndnctl fill-steps stores it again."""
    p = partner(server)
    code = "H56-TEXT-1"
    r = p.request("PUT", "/dossiers/" + code, json=body(), headers=FULL_KEY)
    assert r.status_code == 201
    assert stored_steps(server, request, code) == "[]"
    assert api.get("/dossiers/" + code).json()["steps"] == []
    for at, step, note in (("2026-02-03T08:00:00+07:00", "Thẩm định",
                            "Ghi chú \"trích dẫn\"\tvà tab"),
                           ("2026-02-02T08:00:00+07:00", "Tiếp nhận", None)):
        r = p.post("/dossiers/%s/events" % code, headers=FULL_KEY,
                   json={"at": at, "step": step, "agency": "Một cửa",
                         "note": note})
        assert r.status_code == 201, r.text
    view = api.get("/dossiers/" + code)
    steps = view.json()["steps"]
    assert [s["step"] for s in steps] == ["Tiếp nhận", "Thẩm định"]
    assert stored_steps(server, request, code) == compact(steps)
    assert compact(steps) in view.text

    # A step written by plain SQL: the text is cleared with it.
    sql(server, request, "INSERT INTO dossier_events (dossier_code, at, "
        "step, agency, note, created_at) VALUES ('%s', 1770080400, "
        "'Trả kết quả', 'Một cửa', NULL, 1)" % code)
    assert stored_steps(server, request, code) is None
    steps = api.get("/dossiers/" + code).json()["steps"]
    assert [s["step"] for s in steps] == ["Tiếp nhận", "Thẩm định",
                                          "Trả kết quả"]
    out = ds.dndnctl(BUILD, server.db.driver, server.db.params,
                     "fill-steps").stdout
    assert re.search(r"steps text of [1-9]\d* dossiers written", out), out
    assert stored_steps(server, request, code) == compact(steps)
    # Changed and removed by plain SQL: cleared again each time.
    sql(server, request, "UPDATE dossier_events SET note = 'Sửa tay' WHERE "
        "dossier_code = '%s' AND step = 'Tiếp nhận'" % code)
    assert stored_steps(server, request, code) is None
    steps = api.get("/dossiers/" + code).json()["steps"]
    assert steps[0]["note"] == "Sửa tay"
    ds.dndnctl(BUILD, server.db.driver, server.db.params, "-q", "fill-steps")
    assert stored_steps(server, request, code) == compact(steps)
    sql(server, request, "DELETE FROM dossier_events WHERE dossier_code = "
        "'%s' AND step = 'Thẩm định'" % code)
    assert stored_steps(server, request, code) is None
    steps = api.get("/dossiers/" + code).json()["steps"]
    assert [s["step"] for s in steps] == ["Tiếp nhận", "Trả kết quả"]
    # The module's next step writes the whole text again.
    r = p.post("/dossiers/%s/events" % code, headers=FULL_KEY,
               json={"at": "2026-02-05T08:00:00+07:00", "step": "Lưu",
                     "agency": "Một cửa"})
    assert r.status_code == 201
    steps = api.get("/dossiers/" + code).json()["steps"]
    assert [s["step"] for s in steps] == ["Tiếp nhận", "Trả kết quả", "Lưu"]
    assert stored_steps(server, request, code) == compact(steps)


def test_long_timeline_is_read_from_its_steps(server, api, request):
    """A timeline whose text is longer than the stored text's bound (8,000
    bytes) is not stored; the look-up reads the steps and gives them
    whole."""
    p = partner(server)
    code = "H56-LONG-1"
    note = ("Đã chuyển hồ sơ đến phòng chuyên môn để thẩm định. " * 40)[:2000]
    assert p.request("PUT", "/dossiers/" + code, json=body(),
                     headers=FULL_KEY).status_code == 201
    for day in range(1, 6):
        r = p.post("/dossiers/%s/events" % code, headers=FULL_KEY,
                   json={"at": "2026-02-0%dT08:00:00+07:00" % day,
                         "step": "Bước %d" % day, "agency": "SKHDT",
                         "note": note})
        assert r.status_code == 201, r.text
        steps = api.get("/dossiers/" + code).json()["steps"]
        assert [s["step"] for s in steps] == ["Bước %d" % d
                                              for d in range(1, day + 1)]
        assert all(s["note"] == note for s in steps)
        text = stored_steps(server, request, code)
        if len(compact(steps).encode()) <= 8000:
            assert text == compact(steps)
        else:
            assert text is None
    assert text is None  # five notes of ~2,700 bytes each


def test_steps_pushed_at_once_are_all_kept(server, api, request):
    """Sixteen steps pushed to one dossier at the same moment: every one is
    added (no deadlock between them on MariaDB: each locks the dossier's
    row first), the look-up shows all, and the stored text is the whole
    timeline."""
    p = partner(server)
    code = "H56-BURST-1"
    assert p.request("PUT", "/dossiers/" + code, json=body(),
                     headers=FULL_KEY).status_code == 201

    def push(i):
        return requests.post(
            p.base + "/dossiers/%s/events" % code, headers=FULL_KEY,
            timeout=30, json={"at": "2026-02-02T%02d:00:00+07:00" % i,
                              "step": "Bước %02d" % i, "agency": "SKHDT"})

    with concurrent.futures.ThreadPoolExecutor(16) as ex:
        codes = [r.status_code for r in ex.map(push, range(16))]
    assert codes == [201] * 16
    steps = api.get("/dossiers/" + code).json()["steps"]
    assert [s["step"] for s in steps] == ["Bước %02d" % i for i in range(16)]
    assert stored_steps(server, request, code) == compact(steps)


def test_keys_revoked_and_scopes(server, api, request):
    p = partner(server)
    secret = "test-key-%s-%d" % (server.engine, os.getpid())
    digest = hashlib.sha256(secret.encode()).hexdigest()
    sql(server, request, "INSERT INTO api_keys (key_hash, key_prefix, name, "
        "scopes, created_at) VALUES ('%s', 'test', 'test', 'dossiers:write', 0)"
        % digest)
    hdr = {"X-API-Key": secret}
    assert p.request("PUT", "/dossiers/H56-KEY-1", json=body(),
                     headers=hdr).status_code == 201
    sql(server, request, "UPDATE api_keys SET revoked_at = 1 WHERE key_hash = "
        "'%s'" % digest)
    for method, path, b in [
            ("PUT", "/dossiers/H56-KEY-2", body()),
            ("POST", "/dossiers/H56-KEY-1/events",
             {"at": "2026-02-02T08:00:00+07:00", "step": "a", "agency": "b"})]:
        r = p.request(method, path, json=b, headers=hdr)
        assert r.status_code == 401, r.text
        assert r.headers["Content-Type"] == PROBLEM
        assert p.request(method, path, json=b).status_code == 401
        assert p.request(method, path, json=b,
                         headers={"X-API-Key": "nope"}).status_code == 401
    # A key without dossiers:write: 403.
    other = secret + "-reports"
    sql(server, request, "INSERT INTO api_keys (key_hash, key_prefix, name, "
        "scopes, created_at) VALUES ('%s', 'test', 'test', 'reports:read', 0)"
        % hashlib.sha256(other.encode()).hexdigest())
    r = p.request("PUT", "/dossiers/H56-KEY-2", json=body(),
                  headers={"X-API-Key": other})
    assert r.status_code == 403
    assert api.get("/dossiers/H56-KEY-2").status_code == 404
    assert api.get("/dossiers/H56-KEY-1").json()["steps"] == []
    # The public surface has no PUT; the partner surface no GET.
    assert api.request("PUT", "/dossiers/H56-KEY-1", json=body(),
                       headers=FULL_KEY).status_code == 405
    assert p.get("/dossiers/H56-KEY-1", headers=FULL_KEY).status_code == 405


def test_unknown_dossier_is_404(api):
    r = api.get("/dossiers/NOPE-0000")
    assert r.status_code == 404
    assert r.headers["Content-Type"] == PROBLEM


def wait_for_fresh_window(margin=8):
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.5)


@pytest.mark.parametrize("engine", ["sqlite", "mysql"])
def test_lookup_rate_limit(engine, workdir, request):
    """The N+1-th look-up in the minute gets 429 with Retry-After; other
    clients are not affected by the count (here: a limit of 0 is off)."""
    from conftest import make_database
    db = make_database(engine, workdir,
                       lambda: request.getfixturevalue("mariadb"))
    db.prepare(BUILD)
    httpd = ds.Apache(BUILD, db, root=os.path.join(workdir, "httpd"),
                      preload=ds.sanitizer_preload(), lookup_limit=5).start()
    try:
        base = httpd.url + "/api/v1/dossiers/"
        wait_for_fresh_window()
        for i in range(5):  # unknown codes count too: no enumeration
            assert requests.get(base + "X-%d" % i, timeout=10).status_code == 404
        r = requests.get(base + "X-5", timeout=10)
        assert r.status_code == 429
        assert r.headers["Content-Type"] == PROBLEM
        assert 1 <= int(r.headers["Retry-After"]) <= 60
        assert "5" in r.json()["detail"]
        # Partner pushes are not look-ups.
        r = requests.put(httpd.url + "/api/v1/partner/dossiers/X-9",
                         json=body(), headers=FULL_KEY, timeout=10)
        assert r.status_code == 201
        assert requests.get(base + "X-9", timeout=10).status_code == 429
    finally:
        httpd.stop()
    assert not httpd.bad_log_lines()


def test_lookup_limit_counts_every_process_of_the_node(workdir):
    """The count is the node's, not a process's: 60 concurrent look-ups,
    each on its own connection, spread over two child processes, and
    exactly the limit of them get an answer (per-process counters would
    let up to twice as many through).  The counters take no lock; the
    mutex name they had before still parses (Mutex ... dndn-lookup).
    MinSpareThreads 1: with 30 of the 32 threads busy, a higher minimum
    makes the event MPM log AH10159 (it cannot start a third process)."""
    db = ds.Database.sqlite(os.path.join(workdir, "dndn.db"))
    db.prepare(BUILD)
    root = os.path.join(workdir, "httpd")
    pids_log = os.path.join(root, "pids.log")
    httpd = ds.Apache(
        BUILD, db, root=root, preload=ds.sanitizer_preload(), lookup_limit=20,
        extra="Mutex sysvsem dndn-lookup\n"
              "StartServers 2\nServerLimit 2\nThreadsPerChild 16\n"
              "MaxRequestWorkers 32\nMinSpareThreads 1\n"
              "MaxSpareThreads 32\n"
              'LogFormat "%%P %%>s" dndn_pids\nCustomLog "%s" dndn_pids\n'
              % pids_log).start()
    try:
        base = httpd.url + "/api/v1/dossiers/"
        wait_for_fresh_window(margin=15)

        def look(i):
            with requests.Session() as s:  # a connection of its own
                return s.get(base + "X-%d" % i, timeout=20).status_code

        with concurrent.futures.ThreadPoolExecutor(30) as pool:
            codes = list(pool.map(look, range(60)))
        assert codes.count(404) == 20, codes
        assert codes.count(429) == 40, codes
        time.sleep(0.5)  # the access log is written after the answer
        with open(pids_log) as f:
            lines = [line.split() for line in f if line.strip()]
        assert len(lines) == 60
        # Under valgrind every Apache is one process (httpd -X): there the
        # test checks the count and memcheck; the normal and sanitizer
        # runs check that two processes shared it.
        assert len({pid for pid, _ in lines}) == (1 if ds.VALGRIND else 2), \
            "not the expected number of processes"
    finally:
        httpd.stop()
    assert not httpd.bad_log_lines()


def test_lookup_limit_zero_is_off_and_bad_values_refused(workdir):
    db = ds.Database.sqlite(os.path.join(workdir, "dndn.db"))
    db.prepare(BUILD)
    httpd = ds.Apache(BUILD, db, root=os.path.join(workdir, "httpd"),
                      preload=ds.sanitizer_preload(), lookup_limit=0).start()
    try:
        for i in range(30):
            r = requests.get(httpd.url + "/api/v1/dossiers/Y-%d" % i, timeout=10)
            assert r.status_code == 404
    finally:
        httpd.stop()
    assert not httpd.bad_log_lines()
    for bad in ["-1", "many", ""]:
        h = ds.Apache(BUILD, db, root=os.path.join(workdir, "bad"),
                      preload=ds.sanitizer_preload(), lookup_limit=bad)
        rc, out = h.configtest()
        assert rc != 0
        assert "DndnLookupLimit" in out
