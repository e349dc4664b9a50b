"""docs/openapi.yaml against the module: a valid OpenAPI 3.1 document, the
same (method, path) pairs as the route tables of mod_dndn/*.c, and live
answers of a real Apache in the documented statuses, media types, headers
and JSON shapes (every key declared, every required key present)."""
import os
import re
import shutil
import subprocess
import urllib.parse

import pytest
import requests
import yaml

import dndn_server as ds
from dndn_routes import served_routes

SPEC_PATH = os.path.join(ds.REPO, "docs", "openapi.yaml")
VALIDATOR_DIR = os.path.join(ds.REPO, "tests", "openapi")
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options",
                "trace")

# Operations whose valid request would make the module call Zalo's Graph
# API (graph.zalo.me on the test server): only bodies that are refused
# before any outbound call are sent to them here (test_zalo.py covers them
# against a stand-in).
CALLS_ZALO = {("POST", "/auth/zalo"), ("POST", "/auth/zalo/phone")}

STAFF_LOGIN = ("officer", "dndn-dev")  # demo staff, sql/demo/staff.sql
# Demo staff are named after their roles, all with the same password.
STAFF_ROLES = {"officer", "coordinator", "editor", "observer", "admin"}
# Demo partner key with every scope (sql/demo/api_keys.sql).
PARTNER_KEY = "dev-partner-key"
PARTNER_SCOPES = {"dossiers:write", "procedures:write", "petitions:read",
                  "reports:read"}
DEV_USER = "Kiểm Thử OpenAPI"  # the dev sign-in of sessionToken calls

# Path parameter examples of the document that name things the demo data
# does not have: the `stand_ins` fixture creates them and the calls use
# what it created instead.
PETITION_EXAMPLE = "PAKN-2026-000123"
POST_EXAMPLE = 7  # /staff/posts/{id}; /posts/{id} reads demo post 1
PETITION_CONTENT = ("Doanh nghiệp chúng tôi muốn hỏi về thủ tục đăng ký "
                    "kinh doanh và việc nộp thuế điện tử cho chi nhánh mới "
                    "thành lập tại tỉnh.")
PETITION_ANSWER = ("Sở Kế hoạch và Đầu tư trả lời: doanh nghiệp nộp hồ sơ "
                   "đăng ký chi nhánh trực tuyến trên Cổng dịch vụ công "
                   "quốc gia, thời hạn giải quyết ba ngày làm việc.")

RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?"
                     r"(Z|[+-]\d\d:\d\d)")


# ---------- reading the document ----------

def load_spec():
    with open(SPEC_PATH, encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def spec():
    return load_spec()


def operations(spec):
    """(METHOD, path, operation) for every operation of the document."""
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def resolve(spec, node):
    """Follow internal $refs ("#/components/...")."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), "only internal $ref: %s" % ref
        node = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def merged(spec, schema):
    """The schema with $refs resolved and allOf folded in: properties and
    required lists are united, nested schemas merged alike."""
    schema = resolve(spec, schema)
    if "allOf" not in schema:
        return schema
    out = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema["allOf"]:
        out = merge(spec, out, merged(spec, part))
    return out


def merge(spec, a, b):
    out = dict(a)
    for key, value in b.items():
        if key == "required":
            out[key] = sorted(set(out.get(key, [])) | set(value))
        elif key == "properties":
            props = dict(out.get(key, {}))
            for name, sub in value.items():
                props[name] = (merge(spec, merged(spec, props[name]),
                                     merged(spec, sub))
                               if name in props else sub)
            out[key] = props
        elif key == "items" and key in out:
            out[key] = merge(spec, merged(spec, out[key]), merged(spec, value))
        else:
            out.setdefault(key, value)
    return out


def parameters(spec, path, op):
    item = spec["paths"][path]
    return [resolve(spec, p)
            for p in item.get("parameters", []) + op.get("parameters", [])]


def example_of(param):
    if "example" in param:
        return param["example"]
    for ex in param.get("examples", {}).values():
        return ex["value"]
    pytest.fail("parameter %s has no example to call the API with"
                % param["name"])


def concrete(spec, path, op, **values):
    """The path with each {name} replaced by values[name] or the
    parameter's documented example."""
    for p in parameters(spec, path, op):
        if p["in"] == "path":
            value = values.get(p["name"], example_of(p))
            path = path.replace("{%s}" % p["name"],
                                urllib.parse.quote(str(value), safe=""))
    assert "{" not in path, "undeclared path parameter in " + path
    return path


def request_examples(spec, op):
    """(media type, example value) of the operation's request body."""
    body = resolve(spec, op.get("requestBody", {}))
    for media, content in body.get("content", {}).items():
        for ex in content.get("examples", {}).values():
            yield media, resolve(spec, ex)["value"]
        if "example" in content:
            yield media, content["example"]


# ---------- checking a live answer against the document ----------

def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def check_value(spec, schema, value, where):
    """Assert value has the schema's shape: type, const/enum, pattern and
    date-time, and for objects exactly the declared keys with every
    required one present."""
    s = merged(spec, schema)
    types = s.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        t = json_type(value)
        assert t in types or (t == "integer" and "number" in types), \
            "%s: %r is %s, documented %s" % (where, value, t, types)
    if value is None:
        return
    if "const" in s:
        assert value == s["const"], "%s: %r, documented %r" % (
            where, value, s["const"])
    if "enum" in s:
        assert value in s["enum"], "%s: %r not in %r" % (where, value, s["enum"])
    if isinstance(value, str):
        if "pattern" in s:
            assert re.search(s["pattern"], value), \
                "%s: %r does not match %s" % (where, value, s["pattern"])
        if s.get("format") == "date-time":
            assert RFC3339.fullmatch(value), "%s: %r is not RFC 3339" % (
                where, value)
    if isinstance(value, int) and not isinstance(value, bool):
        assert value >= s.get("minimum", value), where
        assert value <= s.get("maximum", value), where
    if isinstance(value, dict):
        declared = s.get("properties", {})
        # A map (keys are data, e.g. category codes): every value of the
        # additionalProperties schema.
        more = s.get("additionalProperties")
        missing = set(s.get("required", [])) - set(value)
        extra = set(value) - set(declared)
        assert not missing, "%s: documented as required, not sent: %s" % (
            where, sorted(missing))
        assert not extra or isinstance(more, dict), \
            "%s: sent, not documented: %s" % (where, sorted(extra))
        for key, sub in value.items():
            check_value(spec, declared.get(key, more), sub,
                        "%s.%s" % (where, key))
    if isinstance(value, list) and "items" in s:
        for i, item in enumerate(value):
            check_value(spec, s["items"], item, "%s[%d]" % (where, i))


def documented_response(spec, method, path, status):
    responses = spec["paths"][path][method.lower()]["responses"]
    key = str(status)
    assert key in responses or "default" in responses, \
        "%s %s answered %s, documented only %s" % (
            method, path, status, sorted(responses))
    return resolve(spec, responses.get(key, responses.get("default")))


def check_answer(spec, method, path, r, as_operation=None):
    """r (an answer to method on the documented path) has a documented
    status, media type, headers and body.  as_operation: the method whose
    documented responses to use (for HEAD and methods a path refuses)."""
    where = "%s %s -> %d" % (method, path, r.status_code)
    doc = documented_response(spec, as_operation or method, path,
                              r.status_code)
    for name, header in doc.get("headers", {}).items():
        header = resolve(spec, header)
        value = r.headers.get(name)
        if value is None:
            assert not header.get("required"), "%s: no %s header" % (where, name)
            continue
        schema = merged(spec, header.get("schema", {}))
        if schema.get("type") == "integer":
            assert value.isdigit(), "%s: %s: %r" % (where, name, value)
            value = int(value)
        check_value(spec, schema, value, "%s: header %s" % (where, name))
    content = doc.get("content", {})
    if not content or method == "HEAD":
        assert r.content == b"", "%s: a body, none documented" % where
        return None
    ctype = r.headers.get("Content-Type")
    assert ctype in content, "%s: Content-Type %r, documented %s" % (
        where, ctype, sorted(content))
    if not ctype.split(";")[0].endswith("json"):
        return None
    body = r.json()
    check_value(spec, content[ctype].get("schema", {}), body, where + " body")
    return body


# ---------- calling the live server ----------

class Api:
    """The test server under the document's base path, with credentials
    for each security scheme the document uses."""

    def __init__(self, server, spec, stand_ins=None):
        base = urllib.parse.urlsplit(spec["servers"][0]["url"]).path
        self.base = server.url + base.rstrip("/")
        self.s = requests.Session()
        self._token = None
        self.stand_ins = stand_ins or {}

    def call(self, method, path, scheme=None, **kw):
        kw.setdefault("timeout", 30)
        kw.setdefault("allow_redirects", False)
        if scheme:
            kw = self.credentials(scheme, kw)
        return self.s.request(method, self.base + path, **kw)

    def credentials(self, scheme, kw):
        """kw with the credentials of scheme, a (name, roles) requirement:
        for staffAuth the demo staff member of the first role listed (the
        demo users are named after their roles), for partnerKey the demo
        key that has every scope."""
        name, roles = scheme
        kw = dict(kw)
        headers = dict(kw.get("headers") or {})
        if name == "sessionToken":
            headers["Authorization"] = "Bearer " + self.session_token()
        elif name == "staffAuth":
            user = roles[0] if roles else STAFF_LOGIN[0]
            assert user in STAFF_ROLES, "staffAuth role %r: no demo user" % user
            kw["auth"] = (user, STAFF_LOGIN[1])
        elif name == "partnerKey":
            assert set(roles) <= PARTNER_SCOPES, roles
            headers["X-API-Key"] = PARTNER_KEY
        else:
            pytest.fail("security scheme %r: teach test_openapi.py how to "
                        "authenticate with it" % name)
        kw["headers"] = headers
        return kw

    def session_token(self):
        if self._token is None:
            self._token = dev_sign_in(self.call)
        return self._token

    def concrete(self, spec, path, op, **values):
        """concrete() with the stand-ins for documented examples that name
        things the test creates."""
        for p in parameters(spec, path, op):
            if p["in"] == "path" and p["name"] not in values:
                ex = example_of(p)
                if ex in self.stand_ins:
                    values[p["name"]] = self.stand_ins[ex]
        return concrete(spec, path, op, **values)


def dev_sign_in(call):
    r = call("POST", "/auth/dev", json={"name": DEV_USER})
    assert r.status_code == 200, r.text
    return r.json()["token"]


def schemes(spec, op):
    """The security requirement of an operation (first alternative):
    [(scheme name, roles or scopes)]."""
    reqs = op.get("security", spec.get("security", []))
    return [(name, tuple(roles)) for req in reqs[:1]
            for name, roles in req.items()]


def scheme_of(spec, op):
    names = schemes(spec, op)
    assert len(names) <= 1, "one scheme per operation expected: %s" % names
    return names[0] if names else None


@pytest.fixture(scope="module")
def stand_ins(server, spec):
    """Create what the document's examples name but the demo data lacks,
    once per server; returns {documented example: what stands for it}.

    - PETITION_EXAMPLE: a petition of the dev user the session token is
      for, assigned to the officer's agency, answered and published (so
      the author's, the staff's and the Q&A's GETs find it);
    - POST_EXAMPLE: a post of the test's own (PUT replaces it, not a demo
      post);
    - the dossier of PUT /partner/dossiers/{code}'s examples, pushed as
      documented (GET /dossiers/{code} looks it up by the same code)."""
    api = Api(server, spec)
    bearer = {"Authorization": "Bearer " + dev_sign_in(api.call)}
    r = api.call("POST", "/petitions", headers=bearer, json={
        "kind": "question", "title": "Hỏi về thuế điện tử",
        "content": PETITION_CONTENT, "category": "thue",
        "public_consent": True})
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    for user, action, body in [
            ("coordinator", "assign", {"agency": "SKHDT"}),
            ("officer", "accept", {}),
            ("officer", "answer", {"content": PETITION_ANSWER}),
            ("coordinator", "publish", {"public": True})]:
        r = api.call("POST", "/staff/petitions/%s/%s" % (code, action),
                     ("staffAuth", (user,)), json=body)
        assert r.status_code == 200, (action, r.text)
    r = api.call("POST", "/staff/posts", ("staffAuth", ("editor",)), json={
        "category": "news", "title": "Bài viết của kiểm thử OpenAPI",
        "body": "Bài viết do tests/integration/test_openapi.py tạo."})
    assert r.status_code == 201, r.text
    post_id = r.json()["id"]
    path = "/partner/dossiers/{code}"
    op = spec["paths"][path]["put"]
    for media, example in request_examples(spec, op):
        r = api.call("PUT", concrete(spec, path, op),
                     scheme_of(spec, op), json=example)
        assert r.status_code in (200, 201), r.text
    return {PETITION_EXAMPLE: code, POST_EXAMPLE: post_id}


@pytest.fixture
def live(server, spec, stand_ins):
    return Api(server, spec, stand_ins)


# ---------- the document itself ----------

def test_document_is_valid_openapi_3_1():
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.fail("node and npm are needed to validate docs/openapi.yaml "
                    "(apt-get install nodejs npm)")
    if not os.path.isdir(os.path.join(VALIDATOR_DIR, "node_modules")):
        res = subprocess.run([npm, "ci", "--prefix", VALIDATOR_DIR,
                              "--no-audit", "--no-fund"],
                             capture_output=True, text=True, timeout=600)
        assert res.returncode == 0, "npm ci failed:\n" + res.stdout + res.stderr
    res = subprocess.run([node, os.path.join(VALIDATOR_DIR, "validate.mjs"),
                          SPEC_PATH], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    m = re.fullmatch(r"openapi: valid \(3\.1\.\d+, (\d+) paths\)\n", res.stdout)
    assert m, res.stdout
    assert int(m.group(1)) == len(load_spec()["paths"])


# ---------- the document and the route tables ----------



def test_documented_operations_are_exactly_the_served_routes(spec):
    routes = served_routes()
    # The parser itself works: the oldest routes are found.
    assert {("GET", "/health"), ("GET", "/agencies/{code}")} <= routes
    documented = {(m, p) for m, p, _ in operations(spec)}
    undocumented = sorted(routes - documented)
    not_served = sorted(documented - routes)
    assert not undocumented and not not_served, (
        "docs/openapi.yaml and the route tables differ.\n"
        "  served but not documented: %s\n"
        "  documented but not served: %s" % (undocumented, not_served))
    # HEAD and OPTIONS are the module's own for every path: described in
    # the path descriptions, not as operations.
    for path, item in spec["paths"].items():
        assert "head" not in item and "options" not in item, path


# ---------- live answers ----------

def test_get_operations_answer_as_documented(live, spec):
    for method, path, op in operations(spec):
        if method != "GET":
            continue
        url = live.concrete(spec, path, op)
        scheme = scheme_of(spec, op)
        r = live.call("GET", url)
        check_answer(spec, "GET", path, r)
        if scheme is None:
            assert r.status_code == 200, "GET %s: %d %s" % (url, r.status_code,
                                                            r.text)
        else:
            assert r.status_code == 401, "GET %s without credentials: %d" % (
                url, r.status_code)
            r = live.call("GET", url, scheme)
            assert r.status_code == 200, "GET %s: %d %s" % (url, r.status_code,
                                                            r.text)
            check_answer(spec, "GET", path, r)
        head = live.call("HEAD", url, scheme)
        assert head.status_code == r.status_code, "HEAD " + url
        check_answer(spec, "HEAD", path, head, as_operation="GET")


def test_every_listed_staff_role_gets_a_documented_answer(live, spec):
    """A staff GET answers each role its requirement lists in a documented
    shape (observers get the observer's view of petitions)."""
    roles_seen = set()
    for method, path, op in operations(spec):
        scheme = scheme_of(spec, op)
        if method != "GET" or not scheme or scheme[0] != "staffAuth":
            continue
        url = live.concrete(spec, path, op)
        for role in scheme[1]:
            roles_seen.add(role)
            r = live.call("GET", url, ("staffAuth", (role,)))
            assert r.status_code == 200, "GET %s as %s: %d %s" % (
                url, role, r.status_code, r.text)
            check_answer(spec, "GET", path, r)
    assert {"observer", "editor"} <= roles_seen


def test_entity_tags_and_304_as_documented(live, spec):
    cacheable = 0
    for method, path, op in operations(spec):
        ok = resolve(spec, op["responses"].get("200", {}))
        if method != "GET" or "ETag" not in ok.get("headers", {}):
            continue
        cacheable += 1
        url, scheme = live.concrete(spec, path, op), scheme_of(spec, op)
        etag = live.call("GET", url, scheme).headers["ETag"]
        r = live.call("GET", url, scheme, headers={"If-None-Match": etag})
        assert r.status_code == 304, "GET %s If-None-Match" % url
        check_answer(spec, "GET", path, r)
        assert r.headers["ETag"] == etag
    assert cacheable >= 4  # the catalogue


def test_paging_and_bad_list_parameters_as_documented(live, spec):
    lists = 0
    for method, path, op in operations(spec):
        names = {p["name"] for p in parameters(spec, path, op)}
        if method != "GET" or not {"limit", "cursor"} <= names:
            continue
        lists += 1
        url, scheme = live.concrete(spec, path, op), scheme_of(spec, op)
        first = check_answer(spec, "GET", path,
                             live.call("GET", url, scheme, params={"limit": 2}))
        assert len(first["items"]) <= 2
        if first["next_cursor"] is not None:
            r = live.call("GET", url, scheme,
                          params={"limit": 2, "cursor": first["next_cursor"]})
            assert r.status_code == 200
            check_answer(spec, "GET", path, r)
        # Cursors malformed for every list: not base64url, and three
        # parts (no list's keyset has more than two).  A well-formed
        # cursor of made-up content (e.g. "YWJj", "abc") may be a valid
        # starting point: /procedures pages by code.
        for params, field in [({"limit": "0"}, "limit"),
                              ({"cursor": "!!!"}, "cursor"),
                              ({"cursor": "YQpiCmM"}, "cursor")]:
            r = live.call("GET", url, scheme, params=params)
            assert r.status_code == 400, (url, params)
            problem = check_answer(spec, "GET", path, r)
            assert problem["errors"][0]["field"] == field
        # Broken percent-encoding: requests would re-encode it in params.
        r = live.call("GET", url + "?limit=%zz", scheme)
        assert r.status_code == 400, url
        check_answer(spec, "GET", path, r)
    assert lists >= 3  # categories, agencies, hotlines


def test_unknown_path_parameter_is_a_documented_404(live, spec):
    for method, path, op in operations(spec):
        if method != "GET" or "{" not in path:
            continue
        names = [p["name"] for p in parameters(spec, path, op)
                 if p["in"] == "path"]
        url = live.concrete(spec, path, op,
                            **{n: "KHONG-TON-TAI-404" for n in names})
        r = live.call("GET", url, scheme_of(spec, op))
        assert r.status_code == 404, url
        check_answer(spec, "GET", path, r)


def test_allow_options_and_405_match_the_document(live, spec):
    for path, item in spec["paths"].items():
        methods = {m.upper() for m in HTTP_METHODS if m in item}
        allowed = methods | {"OPTIONS"} | ({"HEAD"} if "GET" in methods
                                           else set())
        first = sorted(methods)[0]
        op = item[first.lower()]
        url, scheme = live.concrete(spec, path, op), scheme_of(spec, op)

        r = live.call("OPTIONS", url, scheme)
        assert r.status_code == 204, "OPTIONS " + url
        assert set(r.headers["Allow"].split(", ")) == allowed, url

        refused = sorted({"GET", "PUT", "POST", "DELETE", "PATCH"} - methods)[0]
        r = live.call(refused, url, scheme)
        assert r.status_code == 405, "%s %s" % (refused, url)
        check_answer(spec, refused, path, r, as_operation=first)
        assert set(r.headers["Allow"].split(", ")) == allowed, url


def test_request_bodies_answer_as_documented(live, spec):
    bodies = 0
    for method, path, op in operations(spec):
        if "requestBody" not in op:
            continue
        bodies += 1
        url, scheme = live.concrete(spec, path, op), scheme_of(spec, op)
        if (method, path) not in CALLS_ZALO:
            for media, example in request_examples(spec, op):
                r = live.call(method, url, scheme, json=example,
                              headers={"Content-Type": media})
                assert 200 <= r.status_code < 300, "%s %s %r: %d %s" % (
                    method, url, example, r.status_code, r.text)
                check_answer(spec, method, path, r)
        # Bodies refused before anything happens (no call to Zalo either):
        # empty, not JSON, larger than DndnMaxBodySize.
        refused = [{"json": {}},
                   {"data": "name=x", "headers": {"Content-Type": "text/plain"}},
                   {"data": b"{" + b" " * 70000 + b"}",
                    "headers": {"Content-Type": "application/json"}}]
        for kw in refused:
            r = live.call(method, url, scheme, **kw)
            assert 400 <= r.status_code < 600, (method, url, kw.keys())
            check_answer(spec, method, path, r)
            if scheme:
                r = live.call(method, url, **kw)
                assert r.status_code == 401
                check_answer(spec, method, path, r)
    assert bodies >= 4
