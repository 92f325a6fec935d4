#!/usr/bin/env python3
"""Checks the engines' answers against each other and prints the table of times and ratios:
report.py RUN_DIR (with hemi/, sqlite/, duckdb1/, duckdb2/ each holding times.txt and qN.csv).
Answers must match column names and values, in order (every query sorts fully); numbers
within a relative 1e-9 (engines add a million floats in different orders). Exit 1 on a
mismatch."""
import csv
import os
import sys

NAMES = {
    "q1": "Q1 load CSV (1 file + countries)",
    "q2": "Q2 2023 by partner, top 10",
    "q3": "Q3 join countries: subregion x year",
    "q4": "Q4 count imports > 1.5 x exports by hs2",
    "q5": "Q5 top-3 partners per reporter",
}


def times(d, column):
    """{query: ms} from times.txt lines "name wall_ms cpu_ms" (column 1: wall, 2: CPU)."""
    p = os.path.join(d, "times.txt")
    if not os.path.exists(p):
        return {}
    out = {}
    for line in open(p):
        parts = line.split()
        if len(parts) >= 3 and parts[0] in NAMES:
            out[parts[0]] = float(parts[column])
    return out


def same(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def check(run, engines):
    ok = True
    for q in ["q2", "q3", "q4", "q5"]:
        ref = list(csv.reader(open(os.path.join(run, "sqlite", q + ".csv"), encoding="utf-8")))
        for e in engines:
            p = os.path.join(run, e, q + ".csv")
            if not os.path.exists(p):
                continue
            got = list(csv.reader(open(p, encoding="utf-8")))
            problem = None
            if got[0] != ref[0]:
                problem = "columns %s, sqlite has %s" % (got[0], ref[0])
            elif len(got) != len(ref):
                problem = "%d rows, sqlite has %d" % (len(got) - 1, len(ref) - 1)
            else:
                for i, (g, r) in enumerate(zip(got[1:], ref[1:])):
                    if len(g) != len(r) or not all(same(x, y) for x, y in zip(g, r)):
                        problem = "row %d: %s, sqlite has %s" % (i + 1, g, r)
                        break
            if problem:
                ok = False
                print("ANSWER MISMATCH %s %s: %s" % (e, q, problem))
    return ok


def table(run, column, title):
    t = {e: times(os.path.join(run, e), column) for e in ["hemi", "sqlite", "duckdb1", "duckdb2"]}
    have_duck = bool(t["duckdb1"])
    head = "%-42s %10s %10s" % (title, "hemi", "sqlite")
    if have_duck:
        head += " %10s %10s" % ("duckdb t=1", "duckdb t=2")
    head += " %12s" % "hemi/sqlite"
    if have_duck:
        head += " %12s" % "hemi/duckdb1"
    print(head)
    fmt = lambda v: "%10s" % ("-" if v is None else ("%.1f" % v if v < 1000 else "{:,.0f}".format(v)))
    ratio = lambda a, b: "%12s" % ("-" if a is None or not b else "%.2fx" % (a / b))
    for q, name in NAMES.items():
        h, s = t["hemi"].get(q), t["sqlite"].get(q)
        line = "%-42s %s %s" % (name, fmt(h), fmt(s))
        if have_duck:
            line += " %s %s" % (fmt(t["duckdb1"].get(q)), fmt(t["duckdb2"].get(q)))
        line += " " + ratio(h, s)
        if have_duck:
            line += " " + ratio(h, t["duckdb1"].get(q))
        print(line)
    return have_duck


def main():
    run = sys.argv[1]
    engines = [e for e in ["hemi", "duckdb1", "duckdb2"] if os.path.isdir(os.path.join(run, e))]
    # CPU first: on a shared machine it is the steadier figure (wall time also counts the
    # time another process held the core); DuckDB threads=2 CPU is the sum of both threads.
    have_duck = table(run, 2, "CPU ms, user+sys (median)")
    print()
    table(run, 1, "wall-clock ms")
    print()
    rss = [l.split() for l in open(os.path.join(run, "hemi", "times.txt")) if l.startswith("rss_kib")]
    if rss:
        _, before, after, rows = rss[0]
        print("hemi resident memory: %.0f MiB after loading (%.0f MiB before): %.0f bytes per row"
              % (int(after) / 1024, int(before) / 1024, (int(after) - int(before)) * 1024 / int(rows)))
    ok = check(run, engines)
    print("answers: %s" % ("hemi%s equal to sqlite's" % (" and duckdb" if have_duck else "") if ok else "MISMATCH"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
