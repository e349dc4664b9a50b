"""The API over HTTP/2 cleartext (h2c with prior knowledge, mod_http2) and
request bodies without a Content-Length (chunked over HTTP/1.1, plain DATA
frames over HTTP/2), with curl, on both engines."""
import json
import os
import re
import shutil
import socket
import subprocess

import pytest

import dndn_server as ds
from conftest import BUILD, make_database, make_workdir

CONTENT = ("Doanh nghiệp chúng tôi muốn hỏi về thủ tục đăng ký kinh doanh "
           "và việc nộp thuế điện tử cho chi nhánh mới thành lập tại tỉnh.")
PETITION = {"kind": "question", "title": "Hỏi về thuế điện tử qua HTTP/2",
            "content": CONTENT, "category": "thue", "public_consent": True}


# docs/admin.md section 13: headers for the answers Apache writes itself
# (a malformed chunked body is refused by Apache's HTTP input filter before
# the module sees a byte), without doubling the module's own headers.
HARDENING = """LoadModule headers_module %s/mod_headers.so
<Location /api/v1>
    Header always set X-Content-Type-Options nosniff
    Header always set Cache-Control no-store "expr=-z resp('Cache-Control')"
</Location>
""" % ds.MODULES


@pytest.fixture(scope="module", params=["sqlite", "mysql"])
def h2server(request):
    tmp = make_workdir()
    db = make_database(request.param, tmp,
                       lambda: request.getfixturevalue("mariadb"))
    db.prepare(BUILD)
    httpd = ds.Apache(BUILD, db, root=os.path.join(tmp, "httpd"),
                      preload=ds.sanitizer_preload(), http2=True,
                      extra=HARDENING)
    httpd.start()
    yield httpd
    httpd.stop()
    bad = httpd.bad_log_lines()
    shutil.rmtree(tmp, ignore_errors=True)
    assert not bad, "error log:\n" + "\n".join(bad)


class Answer:
    def __init__(self, status, version, headers, body, sent):
        self.status, self.version = status, version
        self.headers, self.body, self.sent = headers, body, sent

    def json(self):
        return json.loads(self.body)


def curl(server, method, path, proto, body=None, headers=(), auth=None):
    """One request with curl; a body is streamed from stdin (-T -), so curl
    sends no Content-Length: chunked over HTTP/1.1, bare DATA frames over
    HTTP/2."""
    args = ["curl", "-sS", "-v", "--max-time", "30", "-X", method,
            "-D", "-", "-w", "\n%{http_version}",
            "--http2-prior-knowledge" if proto == "h2" else "--http1.1"]
    for h in headers:
        args += ["-H", h]
    if auth:
        args += ["-u", "%s:%s" % auth]
    if body is not None:
        args += ["-T", "-", "-H", "Content-Type: application/json"]
    args.append(server.url + "/api/v1" + path)
    r = subprocess.run(args, input=body, capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    out, version = r.stdout.rsplit(b"\n", 1)
    head, _, payload = out.partition(b"\r\n\r\n")
    while re.match(rb"HTTP/[\d.]+ 1\d\d", head):  # 100 Continue
        head, _, payload = payload.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    status = int(lines[0].split()[1])
    hdrs = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    sent = [line[2:].lower() for line in
            r.stderr.decode(errors="replace").splitlines()
            if line.startswith("> ")]
    return Answer(status, version.decode(), hdrs, payload, sent)


def sent_header(answer, name):
    return [h for h in answer.sent if h.startswith(name.lower() + ":")]


@pytest.mark.parametrize("proto", ["h2", "http1.1"])
def test_api_slice(h2server, proto):
    version = "2" if proto == "h2" else "1.1"
    r = curl(h2server, "GET", "/health", proto)
    assert (r.status, r.version) == (200, version)
    assert r.json()["status"] == "ok"

    r = curl(h2server, "GET", "/categories", proto)
    assert (r.status, r.version) == (200, version)
    etag = r.headers["etag"]
    r = curl(h2server, "GET", "/categories", proto,
             headers=["If-None-Match: " + etag])
    assert (r.status, r.version) == (304, version)
    assert r.body == b""

    r = curl(h2server, "POST", "/auth/dev", proto,
             body=json.dumps({"name": "Lê Văn Hai"}).encode())
    assert (r.status, r.version) == (200, version), r.body
    assert not sent_header(r, "content-length")
    bearer = "Authorization: Bearer " + r.json()["token"]

    r = curl(h2server, "POST", "/petitions", proto, headers=[bearer],
             body=json.dumps(PETITION, ensure_ascii=False).encode())
    assert (r.status, r.version) == (201, version), r.body
    assert not sent_header(r, "content-length")
    if proto == "http1.1":
        assert sent_header(r, "transfer-encoding") == \
            ["transfer-encoding: chunked"]
    code = r.json()["code"]
    assert r.headers["location"].endswith("/petitions/" + code)

    r = curl(h2server, "GET", "/petitions/" + code, proto, headers=[bearer])
    assert (r.status, r.version) == (200, version)
    assert r.json()["content"] == CONTENT
    assert r.json()["status"] == "received"

    # A staff action (Basic auth) with a streamed body.
    r = curl(h2server, "POST", "/staff/petitions/%s/assign" % code, proto,
             auth=("coordinator", "dndn-dev"),
             body=json.dumps({"agency": "SKHDT"}).encode())
    assert (r.status, r.version) == (200, version), r.body
    assert r.json()["status"] == "assigned"
    r = curl(h2server, "GET", "/petitions/" + code, proto, headers=[bearer])
    assert r.json()["status"] == "assigned"


@pytest.mark.parametrize("proto", ["h2", "http1.1"])
def test_streamed_bad_bodies_store_nothing(h2server, proto):
    version = "2" if proto == "h2" else "1.1"
    r = curl(h2server, "POST", "/auth/dev", proto,
             body=json.dumps({"name": "Phạm Thị Ba"}).encode())
    bearer = "Authorization: Bearer " + r.json()["token"]

    def mine():
        r = curl(h2server, "GET", "/me/petitions", proto, headers=[bearer])
        assert r.status == 200
        return r.json()["items"]

    # Over the 64 KiB limit, with no Content-Length to refuse it early.
    # The module reads a moderately oversized body to its end before it
    # answers, so the client has finished sending when the 413 arrives and
    # HTTP/2 has no reason to reset the stream: every client reads it.
    big = dict(PETITION, content=CONTENT + " " + "ừ" * 40000)
    for _ in range(5):
        r = curl(h2server, "POST", "/petitions", proto, headers=[bearer],
                 body=json.dumps(big, ensure_ascii=False).encode())
        assert (r.status, r.version) == (413, version), r.body
        assert not sent_header(r, "content-length")
        assert r.headers["content-type"].startswith(
            "application/problem+json")
        assert "vượt quá giới hạn" in r.json()["detail"]
    assert mine() == []
    r = curl(h2server, "POST", "/petitions", proto, headers=[bearer],
             body=b'{"kind": "question", "title": ')
    assert (r.status, r.version) == (400, version), r.body
    assert r.headers["content-type"].startswith("application/problem+json")
    assert mine() == []


def raw_head(server, request):
    """Send bytes on a fresh HTTP/1.1 connection; the answer's status and
    header lines (lower-case names, repeated headers kept)."""
    host, port = server.url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(request)
        out = b""
        while b"\r\n\r\n" not in out:
            data = s.recv(65536)
            if not data:
                break
            out += data
    lines = out.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    return int(lines[0].split()[1]), [
        (k.strip().lower(), v.strip())
        for k, v in (line.split(":", 1) for line in lines[1:])]


def test_apaches_own_error_pages_carry_the_headers(h2server):
    r = curl(h2server, "POST", "/auth/dev", "http1.1",
             body=json.dumps({"name": "Đỗ Văn Tư"}).encode())
    token = r.json()["token"].encode()
    # A chunk size that is not hex: Apache answers 400 with its own page.
    status, headers = raw_head(
        h2server,
        b"POST /api/v1/petitions HTTP/1.1\r\nHost: dndn\r\n"
        b"Authorization: Bearer " + token + b"\r\n"
        b"Content-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        b"zz\r\n{}\r\n0\r\n\r\n")
    assert status == 400
    assert ("x-content-type-options", "nosniff") in headers
    assert [v for k, v in headers if k == "cache-control"] == ["no-store"]
    # The module's own answers keep exactly their one Cache-Control.
    for path, status_, cache in [(b"/api/v1/agencies", 200,
                                  "public, max-age=60"),
                                 (b"/api/v1/nowhere", 404, "no-store")]:
        status, headers = raw_head(
            h2server, b"GET " + path + b" HTTP/1.1\r\nHost: dndn\r\n"
            b"Connection: close\r\n\r\n")
        assert status == status_
        assert [v for k, v in headers if k == "cache-control"] == [cache]
        assert [v for k, v in headers
                if k == "x-content-type-options"] == ["nosniff"]
