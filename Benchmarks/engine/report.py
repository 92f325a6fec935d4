#!/usr/bin/env python3
"""Checks the engines' answers against each other and prints the table of times and ratios:
report.py RUN_DIR... (each with hemi/, sqlite/, duckdb1/, duckdb2/ holding times.txt and
qN.csv; one directory per round). With several rounds each time is the median over the rounds
and each ratio the median of the rounds' own ratios (the range is printed beneath).
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


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else None


LABELS = {"hemi": "hemi", "hemi1": "hemi t=1", "before": "before", "sqlite": "sqlite",
          "duckdb1": "duckdb t=1", "duckdb2": "duckdb t=2"}


def table(runs, column, title):
    """Times per engine (hemi on all cores, hemi with one thread, an older hemi if measured,
    sqlite, duckdb) and the ratios hemi/duckdb t=2 (the target), hemi/duckdb t=1 and, with a
    "before" column, hemi/before: both on all cores (run.sh runs HEMI_BEFORE as it runs hemi,
    without HEMI_THREADS)."""
    engines = ["hemi", "hemi1", "before", "sqlite", "duckdb1", "duckdb2"]
    rounds = [{e: times(os.path.join(run, e), column) for e in engines} for run in runs]
    engines = [e for e in engines if rounds[0][e]]
    have_duck = "duckdb1" in engines
    ratios = ([("hemi", "duckdb2", "hemi/duck2"), ("hemi", "duckdb1", "hemi/duck1")] if have_duck else []) \
        + [("hemi", "sqlite", "hemi/sqlite")] \
        + ([("hemi", "before", "hemi/before")] if "before" in engines else [])
    print("%-42s" % title + "".join(" %10s" % LABELS[e] for e in engines) + "".join(" %11s" % r[2] for r in ratios))
    fmt = lambda v: "%10s" % ("-" if v is None else ("%.1f" % v if v < 1000 else "{:,.0f}".format(v)))
    spreads = []

    def ratio(q, a, b):
        rs = [r[a][q] / r[b][q] for r in rounds if r[a].get(q) and r[b].get(q)]
        if len(rs) > 1 and b == "duckdb2":
            spreads.append("%s %.2f-%.2f" % (q, min(rs), max(rs)))
        return "%11s" % ("-" if not rs else "%.2fx" % median(rs))

    for q, name in NAMES.items():
        t = {e: median([r[e][q] for r in rounds if q in r[e]]) for e in engines}
        print("%-42s" % name + "".join(" " + fmt(t[e]) for e in engines) + "".join(" " + ratio(q, a, b) for a, b, _ in ratios))
    if spreads:
        print("  range of the rounds' hemi/duckdb t=2 ratios: " + ", ".join(spreads))
    return have_duck


def main():
    runs = sys.argv[1:]
    # CPU first: on a shared machine it is the steadier figure (wall time also counts the
    # time another process held the core); DuckDB threads=2 CPU is the sum of both threads.
    if len(runs) > 1:
        print("%d rounds: times are medians over the rounds, ratios the medians of each round's ratios" % len(runs))
    have_duck = table(runs, 2, "CPU ms, user+sys (median)")
    print()
    table(runs, 1, "wall-clock ms")
    print()
    for engine in ["hemi", "hemi1", "before"]:
        per_row = []
        for run in runs:
            p = os.path.join(run, engine, "times.txt")
            rss = [l.split() for l in open(p) if l.startswith("rss_kib")] if os.path.exists(p) else []
            if rss:
                fields = rss[0][1:]
                before, after, rows = int(fields[0]), int(fields[1]), int(fields[2])
                peak = int(fields[3]) if len(fields) > 3 else None
                per_row.append(((after - before) * 1024 / rows, before, after,
                                None if peak is None else (peak - before) * 1024 / rows, peak))
        if per_row:
            b, before, after, pb, peak = sorted(per_row, key=lambda x: x[0])[-1]
            line = "%s resident memory: %.0f MiB after loading (%.0f MiB before): %.0f bytes per row" % (
                LABELS[engine], after / 1024, before / 1024, b)
            if pb is not None:
                line += "; peak while loading %.0f MiB: %.0f bytes per row" % (peak / 1024, pb)
            print(line + " (the largest of the rounds)")
    ok = True
    for run in runs:
        engines = [e for e in ["hemi", "hemi1", "before", "duckdb1", "duckdb2"] if os.path.isdir(os.path.join(run, e))]
        ok = check(run, engines) and ok
    print("answers: %s" % ("hemi%s equal to sqlite's" % (" and duckdb" if have_duck else "") if ok else "MISMATCH"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
