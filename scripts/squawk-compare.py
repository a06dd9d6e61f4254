#!/usr/bin/env python3
"""Compares `refract migrate lint` with squawk on the PostgreSQL real-world histories.

Usage: scripts/squawk-compare.py REFRACT_BINARY SQUAWK_BINARY
(squawk: `npm install squawk-cli` into a folder under /tmp; its package ships the native binary.)
Prints, per squawk rule that Refract also has, how many findings both report at the same
file and line, and how many only one of them reports, with the places that differ.
"""
import json, subprocess, sys, glob, os, collections

REFRACT, SQUAWK = sys.argv[1], sys.argv[2]
ROOT = os.path.join(os.path.dirname(__file__), "..", "conformance", "realworld")
PROJECTS = ["boxyhq-saas-starter-kit", "hoppscotch", "spliit"]
# squawk rule -> Refract codes; "file" rules are compared per migration, not per line.
MAP = {
    "require-concurrent-index-creation": ["R201"],
    "require-concurrent-index-deletion": ["R203"],
    "constraint-missing-not-valid": ["R207", "R208"],
    "adding-foreign-key-constraint": ["R207"],
    "changing-column-type": ["R204", "R211"],
    "ban-drop-column": ["R102"],
    "ban-drop-table": ["R101"],
    "adding-required-field": ["R104"],
    "adding-not-nullable-field": ["R206"],
    "disallowed-unique-constraint": ["R209"],
    "adding-field-with-default": ["R205"],
    "renaming-column": ["R107"],
    "renaming-table": ["R107"],
    "ban-concurrent-index-creation-in-transaction": ["R202", "R213"],
    "require-lock-timeout": ["R212"],
}
PER_FILE = {"require-lock-timeout"}

def statement_line(path, line):
    """squawk's line is where the statement's leading comments start: the statement's own
    first line is the next one that is neither blank nor a comment."""
    lines = open(path).read().split("\n")
    n = max(line, 1)
    while n <= len(lines) and (not lines[n - 1].strip() or lines[n - 1].strip().startswith("--")):
        n += 1
    return n


squawk = collections.defaultdict(set)
refract = collections.defaultdict(set)
cwd = os.path.abspath(ROOT)
for project in PROJECTS:
    files = sorted(glob.glob(f"{project}/migrations/*/migration.sql", root_dir=cwd))
    out = subprocess.run([SQUAWK, "--reporter", "gcc", *files], cwd=cwd, capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split(":", 4)
        if len(parts) < 5 or "warning" not in parts[3] and "error" not in parts[3]:
            continue
        rule = parts[4].split()[0]
        squawk[rule].add((parts[0], statement_line(os.path.join(cwd, parts[0]), int(parts[1]))))
    rep = json.loads(subprocess.run([REFRACT, "migrate", "lint", f"{project}/migrations", "--format", "json"],
                                    cwd=cwd, capture_output=True, text=True).stdout)
    for f in rep["findings"]:
        refract[f["code"]].add((f["file"], f["line"]))

print("| squawk rule | Refract | both | squawk only | Refract only |")
print("|---|---|---|---|---|")
details = []
for rule, codes in MAP.items():
    s = squawk.get(rule, set())
    r = set().union(*(refract.get(c, set()) for c in codes))
    if rule in PER_FILE:
        s = {(f, 0) for f, _ in s}
        r = {(f, 0) for f, _ in r}
    both, so, ro = s & r, s - r, r - s
    print(f"| `{rule}` | {', '.join(codes)} | {len(both)} | {len(so)} | {len(ro)} |")
    for f, l in sorted(so):
        details.append(f"squawk only  {rule:40} {f}:{l}")
    for f, l in sorted(ro):
        details.append(f"Refract only {rule:40} {f}:{l}")
print()
print("\n".join(details))
