#!/usr/bin/python3
"""Every ap_log_*error call of the module starts its message with a
DNDNnnnn id, and no id is used twice (so a log line leads to one place)."""
import glob
import re
import sys

CALL = re.compile(r'ap_log_[a-z]*error\s*\((.*?)\);', re.S)
seen, bad = {}, []
for path in sorted(glob.glob("mod_dndn/*.c")):
    text = open(path, encoding="utf-8").read()
    for m in CALL.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        lit = re.search(r'"([^"]*)"', m.group(1))
        ident = lit and re.match(r"DNDN\d{4}: ", lit.group(1))
        if not ident:
            bad.append("%s:%d: log message without a DNDNnnnn id" % (path, line))
            continue
        key = ident.group(0)[:8]
        if key in seen:
            bad.append("%s:%d: %s already used at %s" % (path, line, key, seen[key]))
        seen[key] = "%s:%d" % (path, line)
for b in bad:
    print(b, file=sys.stderr)
print("log ids: %d calls, %d problems" % (len(seen), len(bad)))
sys.exit(1 if bad else 0)
