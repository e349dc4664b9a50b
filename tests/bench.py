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
    for pid in [parent_pid] + ds.children(parent_pid):
        fields = ds.proc_stat(pid)
        if fields:
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def parse_latency(text, label):
    m = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\s*$" % re.escape(label), text, re.M)
    if not m:
        return float("nan")
    v = float(m.group(1))
    return v / 1000.0 if m.group(2) == "us" else v * 1000.0 if m.group(2) == "s" else v


WARMUP_SECONDS = 2


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
    # Warm-up, not measured: every child's database connections opened
    # (mod_dbd prepares each statement on a new connection), the pages of
    # the data in the caches.
    wrk(url, WARMUP_SECONDS, conns, headers, script)
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





def dossier_code(i):
    return "H%07d" % i


# Two-syllable phrases of business questions: Q&A titles are made of them
# and /qa?q= searches them typed without diacritics.
PHRASES = (
    "đăng ký kinh doanh doanh nghiệp hóa đơn điện tử giấy phép đầu tư "
    "đất đai xây dựng bảo hiểm xã hội lao động hải quan xuất khẩu nhập khẩu "
    "môi trường tín dụng vay vốn hỗ trợ chi nhánh văn phòng đại diện con "
    "dấu cổ phần thành lập giải thể tạm ngừng an toàn thực phẩm quảng cáo "
    "nhãn hiệu sở hữu trí tuệ ưu đãi miễn giảm hoàn thuế kê khai quyết "
    "toán lệ phí thủ tục hồ sơ trực tuyến chứng nhận quy hoạch mặt bằng "
    "thuê đất bồi thường đào tạo công nghệ chuyển đổi số hóa phần mềm kế "
    "toán kiểm toán ngân hàng lãi suất thị trường khởi nghiệp sáng tạo "
    "năng lượng").split()
PHRASES = [(PHRASES[i], PHRASES[i + 1]) for i in range(0, len(PHRASES), 2)]


QA_MULT = (7, 11, 13)


def fold(word):
    import unicodedata
    w = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in w if not unicodedata.combining(c)).lower()


def sql_list(values):
    return ", ".join("'%s'" % v.replace("'", "''") for v in values)


class Loader:
    """Bulk SQL on the bench database: MariaDB through its client (root,
    with the SEQUENCE engine's seq_1_to_N tables), SQLite through
    Python's sqlite3 (a recursive CTE stands in for seq).  Our own
    literals only."""

    def __init__(self, db, mariadb=None, name=None):
        self.db, self.mariadb, self.name = db, mariadb, name

    def seq(self, n):
        """(WITH-prefix, table) giving column seq = 1..n."""
        if self.mariadb:
            return "", "seq_1_to_%d" % n
        return ("WITH RECURSIVE s(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 "
                "FROM s WHERE seq < %d) " % n, "s")

    def run(self, statement):
        if self.mariadb:
            return self.mariadb.sql(statement, self.name)
        import sqlite3
        con = sqlite3.connect(self.db.params, timeout=60)
        try:
            rows = con.execute(statement).fetchall()
            con.commit()
        finally:
            con.close()
        return "\n".join("\t".join(str(v) for v in r) for r in rows)

    def elt(self, expr, values):
        """The (expr mod len)-th value, in both dialects."""
        return "CASE (%s) %% %d %s END" % (expr, len(values), " ".join(
            "WHEN %d THEN '%s'" % (i, v.replace("'", "''"))
            for i, v in enumerate(values)))


def generate_dossiers(load, n):
    """n dossiers with 5 steps each, received over the last 60 days."""
    now = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
    t0 = now - 60 * 86400
    with_, seq = load.seq(n)
    code = ("CONCAT('H', LPAD(seq, 7, '0'))" if load.mariadb
            else "'H' || substr('0000000' || seq, -7, 7)")
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường",
             "Phạm Thu Dung", "Hoàng Minh Đức", "Vũ Thị Hà"]
    load.run(
        with_ + "INSERT INTO dossiers (code, procedure_code, status, "
        "applicant_name, applicant_phone, applicant_tax_code, received_at, "
        "due_at, finished_at, source_updated_at, updated_at, created_at) "
        "SELECT %s, '1.001612', %s, %s, '+84912345678', NULL, %d + seq * 5, "
        "%d + seq * 5 + 7 * 86400, NULL, %d + seq * 5 + 86400, %d, %d FROM %s"
        % (code, load.elt("seq", ["received", "processing", "processing",
                                  "need_supplement", "done"]),
           load.elt("seq", names), t0, t0, t0, now, now, seq))
    steps = ["Tiếp nhận hồ sơ", "Chuyển phòng chuyên môn", "Thẩm định hồ sơ",
             "Trình lãnh đạo ký duyệt", "Trả kết quả"]
    # From the sequence, not from dossiers: MariaDB refuses a statement
    # that reads dossiers while migration 012's trigger updates it.
    for k, step in enumerate(steps):
        load.run(
            with_ + "INSERT INTO dossier_events (dossier_code, at, step, "
            "agency, note, created_at) SELECT %s, %d + seq * 5 + %d, '%s', "
            "'Sở Kế hoạch và Đầu tư', NULL, %d FROM %s"
            % (code, t0, k * 3600, step, now, seq))


QA_CONTENT = ("Doanh nghiệp chúng tôi đề nghị được hướng dẫn cụ thể về thủ "
              "tục này.")
QA_ANSWER = ("Sở Kế hoạch và Đầu tư hướng dẫn doanh nghiệp nộp hồ sơ trực "
             "tuyến trên Cổng dịch vụ công.")


def generate_qa(load, n):
    """n answered, published petitions (public Q&A) with their search
    terms as the module indexes them on publishing: every distinct folded
    word of the title (three phrases of PHRASES), the question and the
    answer, about 35 a petition."""
    now = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
    load.run("INSERT INTO users (provider, subject, name, created_at, "
             "updated_at) VALUES ('bench', 'qa', 'Doanh nghiệp hỏi đáp', "
             "%d, %d)" % (now, now))
    uid = load.run("SELECT id FROM users WHERE subject = 'qa'").split()[0]
    with_, seq = load.seq(n)
    # Slot k of petition seq holds phrase (seq * MULT[k] + k) mod the
    # number of phrases (multipliers prime to it: every phrase in every
    # slot).
    slots = ["(seq * %d + %d)" % (QA_MULT[k], k) for k in range(3)]
    words = [load.elt(e, ["%s %s" % ph for ph in PHRASES]) for e in slots]
    concat = (lambda *xs: "CONCAT(%s)" % ", ".join(xs)) if load.mariadb \
        else (lambda *xs: " || ".join(xs))
    code = concat("'QA-'", "seq")
    title = concat("'Hỏi về '", words[0], "' '", words[1], "' và '",
                   words[2])
    load.run(
        with_ + "INSERT INTO petitions (code, user_id, kind, title, content, "
        "category, agency_code, public_consent, status, created_at, "
        "assigned_at, due_at, answered_at, answer_content, answer_agency, "
        "answered_by, closed_at, published, search_text, updated_at) "
        "SELECT %s, %s, 'question', %s, '%s', 'khac', 'SKHDT', 1, "
        "'closed', %d - seq * 60, %d - seq * 60 + 3600, %d - seq * 60 + "
        "86400 * 5, %d - seq * 60 + 86400, '%s', "
        "'SKHDT', 'officer', %d - seq * 60 + 86400, 1, '', %d FROM %s"
        % (code, uid, title, QA_CONTENT, now, now, now, now, QA_ANSWER, now,
           now, seq))
    # Each (term, petition) once, as the module stores them: a phrase may
    # fill two slots of a title, and the question and answer share words
    # with the phrases.
    absent = ("NOT EXISTS (SELECT 1 FROM qa_terms x WHERE x.term = %s AND "
              "x.petition_id = p.id)")
    seq_of_id = ("CAST(SUBSTR(p.code, 4) AS UNSIGNED)" if load.mariadb
                 else "CAST(SUBSTR(p.code, 4) AS INTEGER)")
    for k in range(3):
        for part in range(2):
            term = load.elt("%s * %d + %d" % (seq_of_id, QA_MULT[k], k),
                            [fold(ph[part]) for ph in PHRASES])
            load.run("INSERT INTO qa_terms (term, petition_id) SELECT %s, "
                     "p.id FROM petitions p WHERE p.user_id = %s AND %s"
                     % (term, uid, absent % term))
    fixed = sorted({fold(w) for w in re.findall(
        r"\w+", "Hỏi về và " + QA_CONTENT + " " + QA_ANSWER)})
    for w in fixed:
        load.run("INSERT INTO qa_terms (term, petition_id) SELECT '%s', p.id "
                 "FROM petitions p WHERE p.user_id = %s AND %s"
                 % (w, uid, absent % ("'%s'" % w)))


def generate_procedures(load, n, build):
    """n more procedures of the Department of Planning and Investment,
    named from three phrases of PHRASES (so that the mixed profile's
    /procedures?q= finds them), then their search terms rebuilt by
    dndnctl, as a sysadmin loading a catalogue with SQL would."""
    now = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
    with_, seq = load.seq(n)
    phrases = [" ".join(ph) for ph in PHRASES]
    code = ("CONCAT('B.', LPAD(seq, 6, '0'))" if load.mariadb
            else "'B.' || substr('000000' || seq, -6, 6)")
    cat = ((lambda *a: "CONCAT(%s)" % ", ".join(a)) if load.mariadb
           else (lambda *a: " || ".join(a)))
    name = cat("'Thủ tục '", load.elt("seq", phrases), "' '",
               load.elt("seq * 7 + 1", phrases), "' '",
               load.elt("seq * 13 + 2", phrases))
    load.run(
        with_ + "INSERT INTO procedures (code, name, agency_code, level, "
        "processing_days, fee, documents, online_url, active, updated_at) "
        "SELECT %s, %s, 'SKHDT', %s, 1 + seq %% 30, 'Không thu phí', "
        "'[\"Tờ khai theo mẫu\", \"Bản sao giấy chứng nhận đăng ký doanh "
        "nghiệp\", \"Văn bản ủy quyền (nếu có)\"]', NULL, 1, %d FROM %s"
        % (code, name, load.elt("seq", ["full_online", "partial_online",
                                        "offline"]), now, seq))
    ds.dndnctl(build, load.db.driver, load.db.params, "-q", "search",
               "rebuild")


CONTENT = ("Doanh nghiệp chúng tôi muốn hỏi về thủ tục đăng ký kinh doanh "
           "và việc nộp thuế điện tử cho chi nhánh mới thành lập tại tỉnh.")

LUA_COMMON = """
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
local qs = {%(qs)s}
local tokens = {%(tokens)s}
local body = '%(body)s'
function dossier()
  return wrk.format("GET", string.format("/api/v1/dossiers/H%%07d",
                                         math.random(1, %(dossiers)d)))
end
function qa()
  return wrk.format("GET", "/api/v1/qa?q=" .. qs[math.random(#qs)])
end
function post()
  return wrk.format("POST", "/api/v1/petitions",
    {["Content-Type"] = "application/json",
     ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]}, body)
end
"""

LUA_MIX = """
request = function()
  local r = math.random(100)
  if r <= 40 then return dossier()
  elseif r <= 65 then return qa()
  elseif r <= 80 then return wrk.format("GET", "/api/v1/procedures?q=" ..
                                        qs[math.random(#qs)])
  elseif r <= 90 then return wrk.format("GET", "/api/v1/agencies")
  elseif r <= 95 then return post()
  else return wrk.format("GET", "/api/v1/posts") end
end
"""


def lua(work, name, common, tail):
    path = os.path.join(work, name + ".lua")
    with open(path, "w") as f:
        f.write(common + tail)
    return path


# Two children of 32 threads from the start, so that no child is born
# during a measurement and the 32 wrk connections never take every worker
# (the event MPM then closes keep-alive connections, which wrk counts as
# read errors).
ALL_CHILDREN = ("StartServers 2\nServerLimit 2\nThreadsPerChild 32\n"
                "MaxRequestWorkers 64\nMinSpareThreads 32\n"
                "MaxSpareThreads 64")


def mpm(args):
    """The MPM settings: ALL_CHILDREN, or --mpm's directives."""
    return args.mpm.replace(";", "\n") if args.mpm else ALL_CHILDREN


def settle_innodb(mariadb, limit=300):
    """Wait until InnoDB has written back the pages the data load dirtied
    and purged its old row versions, so that no measurement shares the
    cores with that catch-up (2 s after the bench's load when first
    measured: it was not why the first MariaDB scenario of a run measured
    slower, see docs/performance.md)."""
    import time
    q = ("SELECT (SELECT variable_value FROM information_schema.global_status"
         " WHERE variable_name = 'INNODB_BUFFER_POOL_PAGES_DIRTY'), "
         "(SELECT count FROM information_schema.innodb_metrics "
         "WHERE name = 'trx_rseg_history_len')")
    t = time.monotonic()
    mariadb.sql("SET GLOBAL innodb_max_dirty_pages_pct = 0")
    try:
        while time.monotonic() - t < limit:
            dirty, history = (int(v) for v in mariadb.sql(q).split())
            if dirty < 1000 and history < 1000:
                break
            time.sleep(2)
    finally:
        mariadb.sql("SET GLOBAL innodb_max_dirty_pages_pct = DEFAULT")
    print("mysql: InnoDB settled in %.0f s (%d dirty pages, history %d)"
          % (time.monotonic() - t, dirty, history), flush=True)


def bench_engine(engine, build, args, mariadb):
    import json
    import time
    work = tempfile.mkdtemp(prefix="dndn-bench-")
    os.chmod(work, 0o755)
    if engine == "sqlite":
        db = ds.Database.sqlite(os.path.join(work, "dndn.db"))
        load = Loader(db)
    else:
        name = "dndn_bench_%d" % os.getpid()
        db = ds.Database.mysql(mariadb.create_database(name, "dndn",
                                                       "bench-pw"))
        load = Loader(db, mariadb, name)
    if args.dbmax:
        db.dbmax = args.dbmax
    db.prepare(build)
    t = time.monotonic()
    generate_dossiers(load, args.dossiers)
    generate_qa(load, args.qa)
    generate_procedures(load, args.procedures, build)
    if engine == "sqlite":
        load.run("ANALYZE")
    else:
        load.run("ANALYZE TABLE dossiers, dossier_events, petitions, "
                 "qa_terms, procedures, procedure_terms")
    print("%s: %d dossiers × 5 steps, %d published Q&A and %d procedures "
          "generated in %.0f s" % (engine, args.dossiers, args.qa,
                                   args.procedures, time.monotonic() - t),
          flush=True)
    # The steps were written with plain SQL, as by a previous release: the
    # dossiers' steps text (migration 011) is filled in as after an upgrade.
    t = time.monotonic()
    out = ds.dndnctl(build, db.driver, db.params, "fill-steps").stdout
    print("%s: dndnctl fill-steps in %.0f s: %s" % (
        engine, time.monotonic() - t, out.strip()), flush=True)
    if engine == "mysql":
        settle_innodb(mariadb)
    httpd = ds.Apache(build, db, root=os.path.join(work, "httpd"),
                      lookup_limit=0,
                      extra="DndnPetitionQuota 100000\n" + mpm(args))
    httpd.start()
    base = httpd.url + "/api/v1"
    rows = []
    try:
        qs = ["%s+%s" % (fold(a), fold(b)) for a, b in PHRASES]

        def lua_common(base):
            """The scripts' common part, with tokens of this Apache's key."""
            tokens = ds.dev_tokens(base, 64, "Doanh nghiệp %d")
            return LUA_COMMON % {
                "qs": ", ".join('"%s"' % q for q in qs),
                "tokens": ", ".join('"%s"' % t for t in tokens),
                "body": json.dumps({"kind": "question", "title": "Hỏi về "
                                    "thuế điện tử", "content": CONTENT,
                                    "category": "thue",
                                    "public_consent": False},
                                   ensure_ascii=False).replace("'", "\\'"),
                "dossiers": args.dossiers}
        common = lua_common(base)
        body, hdrs = get(base + "/dossiers/" + dossier_code(1))
        with open(os.path.join(httpd.root, "htdocs", "static.json"), "wb") as f:
            f.write(body)
        static = measure(httpd, httpd.url + "/static.json", args.seconds,
                         args.connections, args.runs)
        rows.append(("static file (%d B, EnableMMAP Off)" % len(body), static, 1.0))
        for label, script in (
                ("GET /dossiers/{random code} (%d dossiers × 5 steps)"
                 % args.dossiers, lua(work, "dossier", common,
                                      "request = dossier\n")),
                ("GET /qa?q={random phrase, no diacritics} (%d published)"
                 % args.qa, lua(work, "qa", common, "request = qa\n")),
                ("POST /petitions (64 signed-in users)",
                 lua(work, "post", common, "request = post\n")),
                ("mixed Mini App profile (40%% dossiers, 25%% /qa, 15%% "
                 "/procedures?q= over %d procedures, 10%% /agencies, 5%% "
                 "POST /petitions, 5%% /posts)" % args.procedures,
                 lua(work, "mix", common, LUA_MIX))):
            m = measure(httpd, base + "/", args.seconds, args.connections,
                        args.runs, script=script)
            rows.append((label, m, m["rps"] / static["rps"]))
        scenarios = [
            ("GET /agencies", base + "/agencies", ()),
            ("GET /agencies + If-None-Match (304)", base + "/agencies",
             ("If-None-Match: " + get(base + "/agencies")[1]["ETag"],)),
            ("GET /health", base + "/health", ()),
        ]
        for name, url, headers in scenarios:
            m = measure(httpd, url, args.seconds, args.connections, args.runs,
                        headers)
            rows.append((name, m, m["rps"] / static["rps"]))
        httpd.stop()
        # The same catalogue with the answer cache on (DndnCacheSeconds),
        # and look-ups counted as by default (DndnLookupLimit, raised so
        # that wrk's one address is never refused).
        httpd = ds.Apache(build, db, root=os.path.join(work, "httpd-cache"),
                          lookup_limit=1000000,
                          extra="DndnCacheSeconds 10\nDndnPetitionQuota "
                                "100000\n" + mpm(args))
        httpd.start()
        base = httpd.url + "/api/v1"
        common = lua_common(base)
        m = measure(httpd, base + "/", args.seconds, args.connections,
                    args.runs, script=lua(work, "dossier", common,
                                          "request = dossier\n"))
        rows.append(("GET /dossiers/{random code}, look-ups counted "
                     "(DndnLookupLimit 1000000)", m, m["rps"] / static["rps"]))
        etag = get(base + "/agencies")[1]["ETag"]
        for name, url, headers in (
                ("GET /agencies, DndnCacheSeconds 10", base + "/agencies", ()),
                ("GET /agencies + If-None-Match (304), DndnCacheSeconds 10",
                 base + "/agencies", ("If-None-Match: " + etag,))):
            m = measure(httpd, url, args.seconds, args.connections, args.runs,
                        headers)
            rows.append((name, m, m["rps"] / static["rps"]))
        # Published Q&A are cached too; the bench has few distinct
        # searches (one per phrase), so nearly every one is a hit here.
        for label, script in (
                ("GET /qa?q={random phrase, no diacritics}, DndnCacheSeconds "
                 "10 (%d distinct searches)" % len(qs),
                 lua(work, "qa", common, "request = qa\n")),
                ("mixed Mini App profile, DndnCacheSeconds 10",
                 lua(work, "mix", common, LUA_MIX))):
            m = measure(httpd, base + "/", args.seconds, args.connections,
                        args.runs, script=script)
            rows.append((label, m, m["rps"] / static["rps"]))
    finally:
        httpd.stop()
        shutil.rmtree(work, ignore_errors=True)
        if engine == "mysql":
            mariadb.sql("DROP DATABASE %s" % load.name)
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
    # Fresh index statistics after a bulk load, as a DBA would take them
    # (InnoDB refreshes them by itself only later, in the background).
    mariadb.sql("ANALYZE TABLE petitions, petition_events", database)
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
    ap.add_argument("--dossiers", type=int, default=1000000)
    ap.add_argument("--qa", type=int, default=100000)
    ap.add_argument("--procedures", type=int, default=2000,
                    help="procedures generated besides the demo catalogue")
    ap.add_argument("--petitions", type=int, default=1000000)
    ap.add_argument("--report-runs", type=int, default=5)
    ap.add_argument("--dbmax", type=int, default=0,
                    help="DBDMax/DBDKeep per process (default: the test "
                         "configuration's, 2 on SQLite, 10 on MariaDB)")
    ap.add_argument("--mpm", default="",
                    help="MPM directives separated by ';' instead of two "
                         "children of 32 threads, e.g. \"StartServers 1;"
                         "ServerLimit 1;ThreadsPerChild 32;"
                         "MaxRequestWorkers 32;MinSpareThreads 1;"
                         "MaxSpareThreads 32\"")
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
                # A production-like buffer pool: the data set is ~1.5 GiB.
                mariadb.sql("SET GLOBAL innodb_buffer_pool_size = %d"
                            % (2 << 30))
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

wrk on loopback against one Apache (event MPM, 2 processes × 32 threads
from the start: tests/bench.py's `ALL_CHILDREN`; otherwise the test
configuration `conf/dndn-dev.conf.in`, no access log), the module
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
