"""The routes the module serves, read from its own C route tables
(mod_dndn/mod_dndn_*.c, as listed in mod_dndn.c's route_tables[]): shared
by the tests that must cover every route (OpenAPI document, authorization
matrix)."""
import os
import re

import dndn_server as ds

SOURCE_DIR = os.path.join(ds.REPO, "mod_dndn")

# Route surfaces (mod_dndn.h) and where their paths sit below the public
# mount /api/v1.
SURFACE_PREFIX = {"DNDN_PUBLIC": "", "DNDN_STAFF": "/staff",
                  "DNDN_PARTNER": "/partner"}

C_COMMENT_OR_STRING = re.compile(r'("(?:\\.|[^"\\])*")|/\*.*?\*/|//[^\n]*',
                                 re.S)


def c_source(name):
    with open(os.path.join(SOURCE_DIR, name), encoding="utf-8") as f:
        text = f.read()
    # Comments out (a commented-out route is not served); strings kept.
    return C_COMMENT_OR_STRING.sub(lambda m: m.group(1) or " ", text)


# One {...} of a table (braces inside strings, as in "/agencies/{code}",
# belong to the entry), and its five members.
ROUTE_ENTRY = re.compile(r'\{((?:"(?:\\.|[^"\\])*"|[^{}"])*)\}')
ROUTE_FIELDS = re.compile(r'\s*([\w\s|]+?)\s*,\s*("[^"]*"|NULL)\s*,'
                          r'\s*("[^"]*"|NULL)\s*,\s*\w+\s*,\s*\w+\s*')


def served_routes():
    """{(METHOD, document path)} from the route tables that mod_dndn.c's
    route_tables[] lists (every table when there is no such list), e.g.
    {DNDN_STAFF, "GET", "/me", h_staff_me, 0} -> ("GET", "/staff/me")."""
    tables = {}
    for name in sorted(os.listdir(SOURCE_DIR)):
        if not name.endswith(".c"):
            continue
        for m in re.finditer(r"\bdndn_route\s+(\w+)\s*\[\s*\]\s*=\s*\{(.*?)\}"
                             r"\s*;", c_source(name), re.S):
            tables[m.group(1)] = (name, m.group(2))
    listed = re.search(r"\broute_tables\s*\[\s*\]\s*=\s*\{(.*?)\}\s*;",
                       c_source("mod_dndn.c"), re.S)
    if listed:
        names = [n for n in re.findall(r"\w+", listed.group(1)) if n != "NULL"]
    else:
        names = sorted(tables)
    assert names, "no route table found in mod_dndn/*.c"
    routes = set()
    for table in names:
        assert table in tables, "route table %s: definition not found" % table
        source, body = tables[table]
        for entry in ROUTE_ENTRY.findall(body):
            m = ROUTE_FIELDS.fullmatch(entry)
            assert m, "%s: cannot read the route {%s}" % (source, entry)
            surfaces, method, pattern = m.groups()
            if method == "NULL":
                continue  # the table's terminator, {0, NULL, NULL, NULL, 0}
            assert re.fullmatch(r'"[A-Z]+"', method) and \
                re.fullmatch(r'"/[^"]*"', pattern), \
                "%s: cannot read the route {%s}" % (source, entry)
            for surface in surfaces.split("|"):
                surface = surface.strip()
                assert surface in SURFACE_PREFIX, \
                    "%s: unknown surface %s in {%s}" % (source, surface, entry)
                routes.add((method.strip('"'),
                            SURFACE_PREFIX[surface] + pattern.strip('"')))
    return routes
