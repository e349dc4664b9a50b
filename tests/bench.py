#!/usr/bin/python3
"""Benchmark mod_dndn against Apache serving a static file, with wrk on
loopback, on SQLite and on MariaDB.  `make -f Makefile.apxs bench` runs it.

For each scenario it prints req/s, p50/p99 latency, Apache CPU time per
request (user+system of every Apache process, from /proc) and the ratio to
the static file of the same size measured in the same run, then writes the
table with the command and the machine into docs/performance.md.

Only 127.0.0.1 is ever contacted; every run is bounded in time.
"""
import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dndn_server as ds  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def apache_cpu_seconds(parent_pid):
    """user+system seconds of the Apache parent and all its children."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid = int(fields[1])
        if int(pid) == parent_pid or ppid == parent_pid:
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def parse_latency(text, label):
    m = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\s*$" % re.escape(label), text, re.M)
    if not m:
        return float("nan")
    v = float(m.group(1))
    return v / 1000.0 if m.group(2) == "us" else v * 1000.0 if m.group(2) == "s" else v


def wrk(url, seconds, conns, headers=(), script=None):
    cmd = ["wrk", "-t2", "-c%d" % conns, "-d%ds" % seconds, "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True,
                         timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    reqs = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "requests": reqs,
            "p50": parse_latency(out, "50%"), "p99": parse_latency(out, "99%"),
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(1) if errors else ""}


def measure(httpd, url, seconds, conns, runs, headers=(), script=None):
    results = []
    for _ in range(runs):
        cpu0 = apache_cpu_seconds(httpd.proc.pid)
        r = wrk(url, seconds, conns, headers, script)
        cpu1 = apache_cpu_seconds(httpd.proc.pid)
        r["cpu_us"] = (cpu1 - cpu0) * 1e6 / max(r["requests"], 1)
        results.append(r)
    med = {k: statistics.median([r[k] for r in results])
           for k in ("rps", "p50", "p99", "cpu_us")}
    med["non2xx"] = sum(r["non2xx"] for r in results)
    med["socket_errors"] = "; ".join(r["socket_errors"] for r in results if r["socket_errors"])
    return med


def get(url, headers=None):
    import urllib.request
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read(), dict(r.headers)


LUA_DOSSIERS = """
math.randomseed(os.time())
request = function()
  return wrk.format("GET", string.format("/api/v1/dossiers/H%%07d", math.random(1, %d)))
end
"""


def dossier_code(i):
    return "H%07d" % i


def push_dossiers(base, n):
    """n dossiers with 5 steps each, pushed through the partner API."""
    import json
    import urllib.request
    key = {"X-API-Key": "dev-partner-key", "Content-Type": "application/json"}

    def call(method, url, body):
        req = urllib.request.Request(url, data=json.dumps(body).encode(),
                                     headers=key, method=method)
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()

    for i in range(1, n + 1):
        code = dossier_code(i)
        call("PUT", base + "/partner/dossiers/" + code, {
            "procedure_code": "1.001612", "status": "processing",
            "applicant_name": "Nguyễn Văn An", "applicant_phone": "0912345678",
            "received_at": "2026-11-02T08:00:00+07:00",
            "due_at": "2026-11-09T17:00:00+07:00",
            "updated_at": "2026-11-03T09:00:00+07:00"})
        for s in range(5):
            call("POST", base + "/partner/dossiers/%s/events" % code, {
                "at": "2026-11-0%dT09:00:00+07:00" % (2 + s),
                "step": "Bước %d: xử lý hồ sơ" % (s + 1),
                "agency": "Sở Kế hoạch và Đầu tư"})


def bench_engine(engine, build, args, mariadb):
    work = tempfile.mkdtemp(prefix="dndn-bench-")
    os.chmod(work, 0o755)
    if engine == "sqlite":
        db = ds.Database.sqlite(os.path.join(work, "dndn.db"))
    else:
        db = ds.Database.mysql(mariadb.create_database(
            "dndn_bench_%d" % os.getpid(), "dndn", "bench-pw"))
    db.prepare(build)
    httpd = ds.Apache(build, db, root=os.path.join(work, "httpd"),
                      lookup_limit=0)
    httpd.write_config()
    httpd.start()
    base = httpd.url + "/api/v1"
    rows = []
    try:
        push_dossiers(base, args.dossiers)
        script = os.path.join(work, "dossiers.lua")
        with open(script, "w") as f:
            f.write(LUA_DOSSIERS % args.dossiers)
        body, hdrs = get(base + "/dossiers/" + dossier_code(1))
        with open(os.path.join(httpd.root, "htdocs", "static.json"), "wb") as f:
            f.write(body)
        static = measure(httpd, httpd.url + "/static.json", args.seconds,
                         args.connections, args.runs)
        rows.append(("static file (%d B, EnableMMAP Off)" % len(body), static, 1.0))
        m = measure(httpd, base + "/dossiers/x", args.seconds, args.connections,
                    args.runs, script=script)
        rows.append(("GET /dossiers/{random code} (%d dossiers × 5 steps)"
                     % args.dossiers, m, m["rps"] / static["rps"]))
        scenarios = [
            ("GET /agencies/{code}", base + "/agencies/SKHDT", ()),
            ("GET /agencies", base + "/agencies", ()),
            ("GET /agencies + If-None-Match (304)", base + "/agencies",
             ("If-None-Match: " + get(base + "/agencies")[1]["ETag"],)),
            ("GET /health", base + "/health", ()),
        ]
        for name, url, headers in scenarios:
            m = measure(httpd, url, args.seconds, args.connections, args.runs,
                        headers)
            rows.append((name, m, m["rps"] / static["rps"]))
    finally:
        httpd.stop()
        shutil.rmtree(work, ignore_errors=True)
    return rows


# ---------- the reports over a national-scale petition table ----------

VN = datetime.timezone(datetime.timedelta(hours=7))
REPORT_SPAN_DAYS = 700  # petitions spread over this many days up to today


def generate_petitions(mariadb, database, n):
    """n petitions (and their submit/assign/answer events) written straight
    into MariaDB with its SEQUENCE engine: spread evenly over the last
    REPORT_SPAN_DAYS days; about 1.5% still open (the newest ones), 1%
    rejected, 0.5% withdrawn, the rest answered (30%% of them late) and
    closed.  Agencies and categories cycle through the demo catalogue.
    Only our own literals go into this SQL."""
    agencies = mariadb.sql("SELECT code FROM agencies ORDER BY code",
                           database).split()
    categories = mariadb.sql("SELECT code FROM categories ORDER BY code",
                             database).split()
    now = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
    t0 = now - REPORT_SPAN_DAYS * 86400
    step = REPORT_SPAN_DAYS * 86400.0 / n
    open_from = n - n * 15 // 1000

    def elt(expr, values):
        return "ELT(1 + %s %% %d, %s)" % (expr, len(values), ", ".join(
            "'%s'" % v for v in values))

    created = "(%d + FLOOR(seq * %f))" % (t0, step)
    status = ("CASE WHEN seq > %d THEN %s WHEN seq %% 100 = 7 THEN "
              "'rejected' WHEN seq %% 200 = 9 THEN 'withdrawn' ELSE 'closed' "
              "END" % (open_from, elt("seq", ["received", "assigned",
                                              "in_progress", "returned"])))
    mariadb.sql(
        "INSERT INTO users (provider, subject, name, created_at, updated_at) "
        "VALUES ('bench', 'bench', 'Doanh nghiệp thử nghiệm', %d, %d)"
        % (t0, t0), database)
    uid = mariadb.sql("SELECT id FROM users WHERE subject = 'bench'",
                      database).strip()
    # Batches of 250,000 rows keep each transaction's undo log small.
    for lo in range(0, n, 250000):
        hi = min(n, lo + 250000)
        mariadb.sql(
            "INSERT INTO petitions (code, user_id, kind, title, content, "
            "category, agency_code, public_consent, status, created_at, "
            "assigned_at, due_at, answered_at, answer_content, "
            "answer_agency, answered_by, closed_at, search_text, updated_at) "
            "SELECT CONCAT('BENCH-', seq), %(uid)s, 'question', "
            "CONCAT('Hỏi về thủ tục đăng ký kinh doanh số ', seq), "
            "'Doanh nghiệp chúng tôi đề nghị hướng dẫn thủ tục.', "
            "%(cat)s, agency, 0, st, created, "
            "CASE WHEN st = 'received' OR st = 'rejected' OR st = 'withdrawn' "
            "THEN NULL ELSE created + 3600 END, "
            "CASE WHEN st = 'received' OR st = 'rejected' OR st = 'withdrawn' "
            "THEN NULL ELSE created + 7 * 86400 END, "
            "CASE WHEN st = 'closed' THEN created + 7200 + (seq %% 10) * "
            "86400 END, "
            "CASE WHEN st = 'closed' THEN 'Sở đã trả lời.' END, "
            "CASE WHEN st = 'closed' THEN agency END, "
            "CASE WHEN st = 'closed' THEN 'officer' END, "
            "CASE WHEN st = 'rejected' OR st = 'withdrawn' THEN created + "
            "86400 WHEN st = 'closed' THEN created + 7200 + (seq %% 10) * "
            "86400 END, '', created "
            "FROM (SELECT seq, %(created)s AS created, %(status)s AS st, "
            "%(agency)s AS agency FROM seq_%(lo)d_to_%(hi)d) g"
            % {"uid": uid, "cat": elt("seq", categories),
               "agency": elt("seq", agencies), "created": created,
               "status": status, "lo": lo + 1, "hi": hi}, database)
    for action, col in (("submit", "created_at"), ("assign", "assigned_at"),
                        ("answer", "answered_at")):
        mariadb.sql(
            "INSERT INTO petition_events (petition_id, at, actor_kind, actor, "
            "actor_agency, from_status, to_status, action, internal) "
            "SELECT id, %s, 'staff', 'bench', agency_code, NULL, NULL, '%s', 0 "
            "FROM petitions WHERE user_id = %s AND %s IS NOT NULL"
            % (col, action, uid, col), database)
    return now


def time_get(url, auth, runs):
    """Wall-clock seconds of each of `runs` GETs (curl, loopback)."""
    times = []
    for _ in range(runs):
        out = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", "-u", auth, "-w",
             "%{http_code} %{time_total}", url],
            capture_output=True, text=True, check=True, timeout=120).stdout
        code, secs = out.split()
        if code != "200":
            raise RuntimeError("%s answered %s" % (url, code))
        times.append(float(secs))
    return times


def bench_reports(build, args, mariadb):
    db_name = "dndn_bench_reports_%d" % os.getpid()
    work = tempfile.mkdtemp(prefix="dndn-bench-")
    os.chmod(work, 0o755)
    db = ds.Database.mysql(mariadb.create_database(db_name, "dndn", "bench-pw"))
    db.prepare(build)
    import time
    t = time.monotonic()
    now = generate_petitions(mariadb, db_name, args.petitions)
    gen_secs = time.monotonic() - t
    counts = mariadb.sql("SELECT (SELECT COUNT(*) FROM petitions), "
                         "(SELECT COUNT(*) FROM petition_events)",
                         db_name).split()
    httpd = ds.Apache(build, db, root=os.path.join(work, "httpd"))
    httpd.start()
    rows = []
    try:
        base = httpd.url + "/api/v1/staff/reports"
        day = datetime.datetime.fromtimestamp(now, VN).date()
        cases = [
            ("daily, yesterday", "/daily?date=%s" % (day - datetime.timedelta(days=1))),
            ("daily, today (live)", "/daily"),
            ("daily, 200 days ago", "/daily?date=%s" % (day - datetime.timedelta(days=200))),
            ("daily, yesterday, CSV", "/daily?format=csv&date=%s" % (day - datetime.timedelta(days=1))),
            ("agencies, last 30 days", "/agencies?from=%s&to=%s" % (day - datetime.timedelta(days=30), day)),
        ]
        for name, path in cases:
            time_get(base + path, "coordinator:dndn-dev", 1)  # warm the cache
            times = time_get(base + path, "coordinator:dndn-dev", args.report_runs)
            rows.append((name, statistics.median(times), max(times)))
    finally:
        httpd.stop()
        shutil.rmtree(work, ignore_errors=True)
        mariadb.sql("DROP DATABASE %s" % db_name)
    out = ["Generated %s petitions and %s events in %.0f s "
           "(`generate_petitions` in tests/bench.py)." % (
               counts[0], counts[1], gen_secs), "",
           "| report (MariaDB, %s petitions) | median s | max s (%d runs) |"
           % (counts[0], args.report_runs), "|---|---:|---:|"]
    for name, med, mx in rows:
        out.append("| %s | %.3f | %.3f |" % (name, med, mx))
    return "\n".join(out)


def table(engine, rows):
    out = ["| %s | req/s | p50 ms | p99 ms | Apache CPU µs/req | ratio to static | errors |" % engine,
           "|---|---:|---:|---:|---:|---:|---|"]
    for name, m, ratio in rows:
        err = "%d non-2xx/3xx" % m["non2xx"] if m["non2xx"] else ""
        if m["socket_errors"]:
            err += " socket: " + m["socket_errors"]
        out.append("| %s | %.0f | %.2f | %.2f | %.0f | %.2f | %s |" % (
            name, m["rps"], m["p50"], m["p99"], m["cpu_us"], ratio, err or "0"))
    return "\n".join(out)


def section(name, body):
    return "<!-- %s -->\n%s\n<!-- /%s -->" % (name, body.strip(), name)


def old_section(path, name):
    """A section of the existing document (kept when its part did not
    run this time)."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    m = re.search(r"<!-- %s -->\n(.*?)\n<!-- /%s -->" % (name, name), text,
                  re.S)
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", required=True)
    ap.add_argument("--parts", default="http,reports",
                    help="http: wrk scenarios; reports: the reports over "
                         "--petitions generated petitions (MariaDB)")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--engines", default="sqlite,mysql")
    ap.add_argument("--dossiers", type=int, default=300)
    ap.add_argument("--petitions", type=int, default=1000000)
    ap.add_argument("--report-runs", type=int, default=5)
    ap.add_argument("--write", default=os.path.join(ds.REPO, "docs", "performance.md"))
    args = ap.parse_args()
    parts = args.parts.split(",")

    command = "make -f Makefile.apxs bench BENCH_ARGS=\"%s\"" % " ".join(sys.argv[3:])
    mariadb = None
    sections = []
    reports = None
    try:
        for engine in args.engines.split(",") if "http" in parts else ():
            if engine == "mysql" and mariadb is None:
                mariadb = ds.MariaDB().start()
            rows = bench_engine(engine, args.build, args, mariadb)
            t = table({"sqlite": "SQLite", "mysql": "MariaDB"}[engine], rows)
            print(t + "\n", flush=True)
            sections.append(t)
        if "reports" in parts:
            if mariadb is None:
                mariadb = ds.MariaDB().start()
            # A production-like buffer pool for the national-scale table.
            mariadb.sql("SET GLOBAL innodb_buffer_pool_size = %d"
                        % (2 << 30))
            reports = bench_reports(args.build, args, mariadb)
            print(reports + "\n", flush=True)
    finally:
        if mariadb:
            mariadb.stop()
            shutil.rmtree(mariadb.base, ignore_errors=True)
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = re.search(r"model name\s*:\s*(.*)", f.read()).group(1)
    except (OSError, AttributeError):
        pass
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    run_line = "Last run: %s, command `%s`, machine: %s, %d cores, %s" % (
        datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%d %H:%M UTC"),
        command, cpu or platform.processor(), os.cpu_count(),
        platform.platform())
    if sections:
        http = """Each figure is the median of %d runs of %d s with %d
connections. %s, %s.

%s""" % (args.runs, args.seconds, args.connections, run_line, wrk_version,
         "\n\n".join(sections))
    else:
        http = old_section(args.write, "http") or "Not run yet."
    if reports is not None:
        reports = "%s.\n\n%s" % (run_line, reports)
    else:
        reports = old_section(args.write, "reports") or "Not run yet."
    notes = old_section(args.write, "notes") or ""
    doc = """# Performance

Measured by `tests/bench.py` (`make -f Makefile.apxs bench`; `BENCH_ARGS`
passes its options, `--help` lists them). Only loopback is used.

## HTTP scenarios

wrk on loopback against one Apache (event MPM, 2 processes × 16 threads,
the test configuration `conf/dndn-dev.conf.in`, no access log), the module
built with `-O2`. wrk shares the machine's cores with Apache and the
database, so compare the ratios within one run, not absolute figures across
runs. "Apache CPU µs/req" is the user+system time of all Apache processes
divided by the requests served (the database's own CPU is not included).
The static file is the same JSON body served by Apache's core from `htdocs`
with `EnableMMAP Off`.

%s

## Reports over a national-scale petition table

`--parts reports`: `--petitions` petitions (default 1,000,000) generated
straight into MariaDB (InnoDB buffer pool 2 GiB) over the last 700 days,
with their submit/assign/answer events; then each report is fetched by a
coordinator through Apache with curl: one warm-up, then `--report-runs`
timed requests (wall clock, loopback).

%s

## Notes

%s
""" % (section("http", http), section("reports", reports),
       section("notes", notes))
    if args.write:
        with open(args.write, "w", encoding="utf-8") as f:
            f.write(doc)
        print("wrote", args.write)


if __name__ == "__main__":
    main()
