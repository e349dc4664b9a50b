#!/usr/bin/python3
"""Start mod_dndn's servers as our own processes, on 127.0.0.1 only.

Used by the integration tests (tests/integration/conftest.py) and by
`make -f Makefile.apxs run`.  Nothing here touches the system's Apache or
MariaDB: every server gets a private directory, a free port, and is stopped
by PID.
"""
import argparse
import base64
import os
import pwd
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = os.path.join(REPO, "conf", "dndn-dev.conf.in")
APACHE = "/usr/sbin/apache2"
MODULES = "/usr/lib/apache2/modules"

# Error-log lines expected on every development/test server.
ALWAYS_ALLOWED = [r"DNDN0004: DndnDevLogin is On"]

# Error-log lines that mean something went wrong, whatever the test.
BAD_LOG = re.compile(
    r":(warn|error|crit|alert|emerg)\]|AddressSanitizer|runtime error|"
    r"LeakSanitizer|Segmentation fault|exit signal|child pid \d+ exit|"
    # memcheck (DNDN_VALGRIND=1): errors and definite leaks
    r"==\d+== (Invalid (read|write|free)|Conditional jump|Use of uninit|"
    r"Mismatched free|Syscall param)|are definitely lost in loss record|"
    r"valgrind: "
)

# DNDN_VALGRIND=1: every Apache runs as one process (httpd -X) under
# memcheck; its report goes to valgrind.<pid> in the server's directory.
VALGRIND = os.environ.get("DNDN_VALGRIND") == "1"
VALGRIND_EXIT = 99
VALGRIND_CMD = ["valgrind", "--tool=memcheck", "--leak-check=full",
                "--errors-for-leak-kinds=definite", "--num-callers=30",
                "--error-exitcode=%d" % VALGRIND_EXIT, "--vgdb=no",
                "--suppressions=" + os.path.join(REPO, "tests", "valgrind.supp")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=20.0, proc=None):
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def as_root():
    return os.geteuid() == 0


def give_to_www(path):
    """Apache's children run as www-data when we are root: let them write."""
    if as_root():
        pw = pwd.getpwnam("www-data")
        for dirpath, dirnames, filenames in os.walk(path):
            os.chown(dirpath, pw.pw_uid, pw.pw_gid)
            for f in filenames:
                os.chown(os.path.join(dirpath, f), pw.pw_uid, pw.pw_gid)


def dndnctl(build, driver, params, *args, check=True):
    cmd = [os.path.join(build, "dndnctl"), "--driver", driver,
           "--params", params] + list(args)
    res = subprocess.run(cmd, capture_output=True, text=True)
    if check and res.returncode != 0:
        raise RuntimeError("%s failed (%d): %s%s" % (
            " ".join(cmd), res.returncode, res.stdout, res.stderr))
    return res


class MariaDB:
    """A private mariadbd with its own datadir and TCP port."""

    def __init__(self, base=None, options=()):
        self.base = base or tempfile.mkdtemp(prefix="dndn-mdb-")
        self.options = list(options)  # extra mariadbd options
        self.datadir = os.path.join(self.base, "data")
        self.socket = os.path.join(self.base, "sock")
        self.port = None
        self.proc = None

    def install(self):
        subprocess.run(
            ["mariadb-install-db", "--no-defaults", "--datadir=" + self.datadir,
             "--user=root", "--auth-root-authentication-method=normal",
             "--skip-test-db", "--tmpdir=" + self.base],
            check=True, capture_output=True)

    def start(self, port=None):
        if not os.path.isdir(self.datadir):
            self.install()
        self.port = port or self.port or free_port()
        log = open(os.path.join(self.base, "mariadb.log"), "ab")
        self.proc = subprocess.Popen(
            ["mariadbd", "--no-defaults", "--datadir=" + self.datadir,
             "--socket=" + self.socket, "--port=%d" % self.port,
             "--bind-address=127.0.0.1", "--user=root",
             "--skip-name-resolve", "--character-set-server=utf8mb4",
             "--collation-server=utf8mb4_unicode_ci",
             "--innodb-buffer-pool-size=128M",
             # Temporary tables in a private directory, not the shared /tmp.
             "--tmpdir=" + self.base,
             "--pid-file=" + os.path.join(self.base, "mariadb.pid")]
            + self.options,
            stdout=log, stderr=log)
        if not wait_port(self.port, 60, self.proc):
            raise RuntimeError("mariadbd did not start; see %s/mariadb.log"
                               % self.base)
        return self

    def sql(self, statement, database=None):
        cmd = ["mariadb", "--no-defaults", "-S", self.socket, "-uroot",
               "--batch", "--skip-column-names"]
        if database:
            cmd.append(database)
        res = subprocess.run(cmd + ["-e", statement], capture_output=True,
                             text=True, check=True)
        return res.stdout

    def create_database(self, name, user, password):
        """A database and a user of its own (one user per database, so that
        tests choosing different passwords never collide)."""
        user = ("%s_%s" % (user, name))[:80]
        self.sql("CREATE DATABASE %s CHARACTER SET utf8mb4 "
                 "COLLATE utf8mb4_unicode_ci; "
                 "CREATE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s'; "
                 "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, "
                 "DROP, REFERENCES, TRIGGER ON %s.* TO '%s'@'127.0.0.1';"
                 % (name, user, password, name, user))
        return ("host=127.0.0.1 port=%d user=%s pass=%s dbname=%s"
                % (self.port, user, password, name))

    def kill(self):
        """SIGKILL, as a crash would."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(30)
        self.proc = None


class Database:
    """Where one Apache keeps its data: driver, DBDParams, init SQL."""

    def __init__(self, driver, params, init, dbmax):
        self.driver = driver
        self.params = params
        self.init = init
        self.dbmax = dbmax

    @classmethod
    def sqlite(cls, path):
        # No busy_timeout: apr_dbd_sqlite3 holds one process-wide mutex
        # around every statement, so a statement sleeping in SQLite's busy
        # handler would stop every other connection of the process, the
        # lock holder's COMMIT included (measured: 9 POST /petitions per
        # second with busy_timeout 5000, 570 without).  On SQLITE_BUSY the
        # driver itself retries with the mutex released.
        # Pages through the OS page cache (docs/admin.md, pool sizes).
        return cls("sqlite3", path, ["PRAGMA mmap_size=1073741824"], 2)

    @classmethod
    def mysql(cls, params):
        # The DBDInitSQL of docs/admin.md.
        return cls("mysql", params, [
            "SET NAMES utf8mb4",
            "SET SESSION optimizer_switch='subquery_cache=off'"], 10)

    def prepare(self, build, demo=True):
        dndnctl(build, self.driver, self.params, "-q", "migrate")
        if demo:
            dndnctl(build, self.driver, self.params, "-q", "demo-data")


class Apache:
    """httpd from Debian with mod_dndn from the build tree."""

    def __init__(self, build, db, root=None, port=None, extra="",
                 load_dbd=True, preload=None, raw_config=None,
                 lookup_limit=120, http2=False):
        self.build = build
        self.db = db
        self.root = root or tempfile.mkdtemp(prefix="dndn-httpd-")
        self.port = port or free_port()
        self.extra = extra
        self.load_dbd = load_dbd
        self.preload = preload
        self.raw_config = raw_config
        self.lookup_limit = lookup_limit
        # http2: load mod_http2 and speak h2c (cleartext, prior knowledge
        # or Upgrade) besides HTTP/1.1.
        self.http2 = http2
        self.conf = os.path.join(self.root, "httpd.conf")
        self.error_log = os.path.join(self.root, "error.log")
        self.access_log = os.path.join(self.root, "access.log")
        self.proc = None
        self.log_offset = 0
        self.exit_codes = []

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def write_config(self):
        os.makedirs(os.path.join(self.root, "htdocs"), exist_ok=True)
        key = os.path.join(self.root, "session.key")
        if not os.path.exists(key):
            fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, base64.b64encode(os.urandom(48)) + b"\n")
            os.close(fd)
        with open(TEMPLATE, encoding="utf-8") as f:
            text = f.read()
        values = {
            "ROOT": self.root,
            "PORT": str(self.port),
            "MODULE": os.path.join(self.build, "mod_dndn.so"),
            "USER": "User www-data\nGroup www-data" if as_root() else "",
            "LOAD_DBD": ("LoadModule dbd_module %s/mod_dbd.so" % MODULES
                         if self.load_dbd else ""),
            "DBDRIVER": self.db.driver,
            "DBPARAMS": self.db.params,
            "DBMAX": str(self.db.dbmax),
            "DBINIT": "\n".join('DBDInitSQL "%s"' % s for s in self.db.init),
            "EXTRA": self.extra + (
                "\nLoadModule http2_module %s/mod_http2.so\n"
                "Protocols h2c http/1.1\n" % MODULES if self.http2 else ""),
            "LOOKUP_LIMIT": str(self.lookup_limit),
        }
        if self.raw_config is not None:
            text = self.raw_config
        for k, v in values.items():
            text = text.replace("@%s@" % k, v)
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(self.root, 0o755)
        give_to_www(self.root)
        if self.db.driver == "sqlite3":
            # SQLite writes its -wal and -shm files beside the database.
            give_to_www(os.path.dirname(os.path.abspath(self.db.params)))

    def env(self):
        env = dict(os.environ)
        if self.preload:
            env["LD_PRELOAD"] = self.preload
            env["ASAN_OPTIONS"] = ("detect_leaks=0:abort_on_error=0:"
                                   "halt_on_error=1:log_path=" +
                                   os.path.join(self.root, "asan"))
            env["UBSAN_OPTIONS"] = ("print_stacktrace=1:halt_on_error=1:"
                                    "log_path=" + os.path.join(self.root, "ubsan"))
        return env

    def configtest(self):
        """apache2 -t: returns (exit code, output)."""
        self.write_config()
        res = subprocess.run([APACHE, "-f", self.conf, "-t"],
                             capture_output=True, text=True, env=self.env())
        return res.returncode, res.stdout + res.stderr

    def start(self, foreground=False):
        self.write_config()
        if foreground:
            os.execve(APACHE, [APACHE, "-f", self.conf, "-DFOREGROUND"],
                      self.env())
        cmd = [APACHE, "-f", self.conf, "-DFOREGROUND"]
        if VALGRIND:
            cmd = VALGRIND_CMD + ["--log-file=" + os.path.join(
                self.root, "valgrind.%p")] + cmd + ["-X"]
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=self.env())
        if not wait_port(self.port, 120 if VALGRIND else 30, self.proc):
            out = self.proc.stdout.read().decode() if self.proc.poll() is not None else ""
            raise RuntimeError("apache2 did not start: %s\n%s"
                               % (out, self.read_log()))
        return self

    def stop(self):
        """Graceful stop (SIGWINCH): children finish their requests.  The
        immediate stop (SIGTERM) now and then crashes a child of the event
        MPM itself inside httpd 2.4 (a core dump showed apr_os_sock_get in
        mod_mpm_event, none of our code), which would make the error-log
        check flaky.  GracefulShutdownTimeout bounds the wait."""
        if self.proc and self.proc.poll() is None:
            # httpd -X (under valgrind) stops on SIGTERM only.
            self.proc.send_signal(signal.SIGTERM if VALGRIND else signal.SIGWINCH)
            try:
                self.proc.wait(120 if VALGRIND else 30)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(30)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(30)
            self.exit_codes.append(self.proc.returncode)
        self.proc = None

    @property
    def session_key(self):
        with open(os.path.join(self.root, "session.key"), "rb") as f:
            return f.read().rstrip(b"\r\n")

    def read_log(self, start=0):
        text = ""
        try:
            with open(self.error_log, encoding="utf-8", errors="replace") as f:
                f.seek(start)
                text = f.read()
        except FileNotFoundError:
            pass
        for name in os.listdir(self.root):
            if name.startswith(("asan", "ubsan", "valgrind.")):
                with open(os.path.join(self.root, name), errors="replace") as f:
                    report = f.read()
                text += report
                # A memcheck report is whole once its Apache has stopped.
                if (name.startswith("valgrind.") and self.proc is None
                        and "ERROR SUMMARY: " not in report):
                    text += "\nvalgrind: no ERROR SUMMARY in %s\n" % name
        if VALGRIND_EXIT in self.exit_codes:
            text += "\nvalgrind: memcheck found errors (exit %d)\n" % VALGRIND_EXIT
        return text

    def bad_log_lines(self, allowed=()):
        """Lines of the error log since the last call that signal trouble."""
        text = self.read_log(self.log_offset)
        try:
            self.log_offset = os.path.getsize(self.error_log)
        except FileNotFoundError:
            pass
        bad = []
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if BAD_LOG.search(line) and not any(
                    re.search(a, line)
                    for a in list(allowed) + ALWAYS_ALLOWED):
                bad.append(line)
                # A memcheck error is a block of "==pid== " lines ended by
                # an empty one: keep its stack, the report file goes with
                # the server's directory.
                m = re.match(r"(==\d+== )\S", line)
                j = i + 1
                while (m and j < len(lines)
                       and lines[j].startswith(m.group(1))
                       and lines[j].strip() != m.group(1).strip()):
                    bad.append(lines[j])
                    j += 1
        return bad


def proc_stat(pid):
    """The fields of /proc/<pid>/stat after the command name (state is
    [0], the parent's PID [1], user and system CPU ticks [11] and [12]),
    or None when the process is gone."""
    try:
        with open("/proc/%s/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def children(parent):
    """PIDs of the processes whose parent is `parent`, in order."""
    pids = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            fields = proc_stat(pid)
            if fields and int(fields[1]) == parent:
                pids.append(int(pid))
    return sorted(pids)


def dev_tokens(base, n, name):
    """Session tokens of n business users signed in through /auth/dev
    (DndnDevLogin), named name % i; base is the API's /api/v1 URL."""
    import json
    import urllib.request
    tokens = []
    for i in range(n):
        req = urllib.request.Request(
            base + "/auth/dev", method="POST",
            data=json.dumps({"name": name % i}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            tokens.append(json.loads(r.read())["token"])
    return tokens


def sanitizer_preload():
    """The ASan runtime must come first when the module is instrumented."""
    if os.environ.get("DNDN_SAN") != "1":
        return None
    cc = os.environ.get("CC", "gcc")
    res = subprocess.run([cc, "-print-file-name=libasan.so"],
                         capture_output=True, text=True, check=True)
    return os.path.realpath(res.stdout.strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="the development server, foreground")
    run.add_argument("--build", required=True)
    run.add_argument("--port", type=int, default=8080)
    run.add_argument("--dir", default=os.path.join(REPO, "run"))
    run.add_argument("--lookup-limit", type=int, default=120,
                     help="dossier look-ups per client per minute (0 = off)")
    args = ap.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    dbfile = os.path.join(args.dir, "dndn.db")
    db = Database.sqlite(dbfile)
    fresh = not os.path.exists(dbfile)
    dndnctl(args.build, db.driver, db.params, "-q", "migrate")
    if fresh:
        dndnctl(args.build, db.driver, db.params, "-q", "demo-data")
    httpd = Apache(args.build, db, root=args.dir, port=args.port,
                   preload=sanitizer_preload(),
                   lookup_limit=args.lookup_limit)
    base = httpd.url + "/api/v1"
    print("""
mod_dndn development server (SQLite: %(db)s)
  %(base)s/health
  %(base)s/agencies
  %(base)s/agencies/SKHDT
  %(base)s/categories
  %(base)s/hotlines
  %(base)s/procedures?q=dang+ky+thanh+lap
  %(base)s/posts
Staff (Basic auth, password dndn-dev): coordinator, officer, editor,
  observer, admin at %(base)s/staff/...
Partner keys (X-API-Key): dev-partner-key, dev-dossiers-key
Error log: %(log)s.  Stop with Ctrl-C.
""" % {"db": dbfile, "base": base, "log": httpd.error_log}, flush=True)
    httpd.start(foreground=True)


if __name__ == "__main__":
    sys.exit(main())
