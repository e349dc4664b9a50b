#!/usr/bin/python3
"""SQL injection scan: Debian's sqlmap against the parameterised endpoints
of the three surfaces of a real Apache with mod_dndn (from --build), on
SQLite and on MariaDB, loopback only, non-interactive.

Exit 1 when sqlmap calls any parameter injectable, when a response was a
500 (the access log is kept for that), or when the error log shows a crash.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import dndn_server as ds  # noqa: E402

CONTENT = ("Doanh nghiệp chúng tôi muốn hỏi về thủ tục đăng ký kinh doanh "
           "và việc nộp thuế điện tử cho chi nhánh mới thành lập tại tỉnh.")


def targets(base, token):
    """(name, sqlmap arguments) for each endpoint; '*' marks path
    parameters, query strings and JSON bodies are found by sqlmap."""
    bearer = "Authorization: Bearer " + token
    key = "X-API-Key: dev-partner-key"
    pet = json.dumps({"kind": "question", "title": "Hỏi về thuế điện tử",
                      "content": CONTENT, "category": "thue",
                      "public_consent": True}, ensure_ascii=False)
    return [
        ("agency", ["-u", base + "/agencies/SKHDT*"]),
        ("procedures", ["-u", base + "/procedures?q=dang+ky&agency=SKHDT&level=full_online&limit=5"]),
        ("procedure", ["-u", base + "/procedures/1.001612*"]),
        ("posts", ["-u", base + "/posts?category=support&q=ho+tro"]),
        ("qa", ["-u", base + "/qa?q=thue&category=thue"]),
        ("qa-code", ["-u", base + "/qa/PAKN-2026-000001*"]),
        ("dossier", ["-u", base + "/dossiers/H56-260202-0001*"]),
        ("calendar", ["-u", base + "/calendar?year=2026"]),
        ("auth-dev", ["-u", base + "/auth/dev", "--data",
                      '{"name":"Nguyen Van An"}']),
        ("me-petitions", ["-u", base + "/me/petitions?status=received",
                          "-H", bearer]),
        ("petition", ["-u", base + "/petitions/PAKN-2026-000001*",
                      "-H", bearer]),
        ("petition-create", ["-u", base + "/petitions", "--data", pet,
                             "-H", bearer]),
        ("me-put", ["-u", base + "/me", "--method", "PUT", "--data",
                    '{"name":"Nguyen Van An"}', "-H", bearer]),
        ("staff-petitions", ["-u", base + "/staff/petitions?status=received"
                             "&agency=SKHDT&kind=question&q=thue",
                             "--auth-type", "Basic", "--auth-cred",
                             "coordinator:dndn-dev"]),
        ("staff-petition", ["-u", base + "/staff/petitions/PAKN-2026-000001*",
                            "--auth-type", "Basic", "--auth-cred",
                            "coordinator:dndn-dev"]),
        ("partner-petitions", ["-u", base + "/partner/petitions?updated_since="
                               "2026-01-01T00:00:00%2B07:00", "-H", key]),
        ("partner-dossier", ["-u", base + "/partner/dossiers/H56-SQLI-1*",
                             "--method", "PUT", "-H", key, "--data",
                             json.dumps({"procedure_code": "1.001612",
                                         "status": "processing",
                                         "applicant_name": "Nguyen Van An",
                                         "received_at": "2026-02-02T08:00:00+07:00",
                                         "due_at": "2026-02-09T17:00:00+07:00",
                                         "updated_at": "2026-02-03T09:00:00+07:00"})]),
    ]


def scan(engine, args, work):
    tmp = tempfile.mkdtemp(prefix="dndn-sqlmap-", dir=work)
    os.chmod(tmp, 0o755)
    maria = None
    if engine == "sqlite":
        db = ds.Database.sqlite(os.path.join(tmp, "dndn.db"))
    else:
        maria = ds.MariaDB().start()
        db = ds.Database.mysql(maria.create_database("dndn_sqlmap", "dndn",
                                                     "dndn-test-pw"))
    db.prepare(args.build)
    root = os.path.join(tmp, "httpd")
    os.makedirs(root)
    access = os.path.join(root, "access.log")
    httpd = ds.Apache(args.build, db, root=root, lookup_limit=0,
                      preload=ds.sanitizer_preload(),
                      extra='CustomLog "%s" "%%>s %%m %%U"' % access)
    httpd.start()
    failed = []
    try:
        import requests
        base = httpd.url + "/api/v1"
        token = requests.post(base + "/auth/dev", json={"name": "Sqlmap"},
                              timeout=30).json()["token"]
        for name, targs in targets(base, token):
            if args.only and name not in args.only:
                continue
            out = os.path.join(tmp, "sqlmap-" + name)
            cmd = ["sqlmap", "--batch", "--disable-coloring", "--flush-session",
                   "--output-dir", out, "--level", str(args.level),
                   "--risk", str(args.risk), "--technique", args.technique,
                   "--threads", "2", "--timeout", "10", "--retries", "0",
                   "-H", "Content-Type: application/json",
                   "--skip-static", "--ignore-code", "400,401,403,404,409,413,415,429"] + targs
            print("sqlmap [%s] %s" % (engine, name), flush=True)
            r = subprocess.run(cmd, capture_output=True, text=True,
                               timeout=args.timeout)
            text = r.stdout + r.stderr
            if re.search(r"is vulnerable|appears to be injectable|"
                         r"sqlmap identified the following injection",
                         text):
                failed.append("%s %s: injectable\n%s" % (engine, name, text))
    finally:
        httpd.stop()
        with open(httpd.error_log, encoding="utf-8", errors="replace") as f:
            crashes = [ln for ln in f if re.search(
                r"exit signal|Segmentation|AddressSanitizer|runtime error",
                ln)]
        failed += ["%s error log: %s" % (engine, ln.strip()) for ln in crashes]
        if os.path.exists(access):
            with open(access, encoding="utf-8", errors="replace") as f:
                lines = f.read().splitlines()
            codes = [ln for ln in lines if ln.startswith("5")
                     and not ln.startswith("503")]
            failed += ["%s answered %s" % (engine, ln) for ln in codes[:20]]
            print("%s: %d requests, %d answered 5xx other than 503"
                  % (engine, len(lines), len(codes)), flush=True)
        if maria:
            maria.stop()
            shutil.rmtree(maria.base, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", required=True)
    ap.add_argument("--engines", default="sqlite,mysql")
    ap.add_argument("--level", type=int, default=1)
    ap.add_argument("--risk", type=int, default=1)
    ap.add_argument("--technique", default="BEUST")
    ap.add_argument("--timeout", type=int, default=1800,
                    help="seconds per sqlmap run")
    ap.add_argument("--only", nargs="*", help="target names")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="dndn-sqlmap-")
    os.chmod(work, 0o755)
    failed = []
    for engine in args.engines.split(","):
        failed += scan(engine, args, work)
    shutil.rmtree(work, ignore_errors=True)
    if failed:
        print("\n".join(failed))
        return 1
    print("sqlmap: nothing injectable, no 500, no crash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
