#!/usr/bin/env python3
"""SQLite side of the engine benchmark: sqlite_bench.py FLOWS COUNTRIES OUT_DIR REPS

q1: wall and CPU (the child's rusage) time of a sqlite3 process that creates the tables and
.imports the CSVs (start-up is ~1 ms). q2..q5: one `sqlite3 :memory:` process imports once,
then runs each query 1 + REPS times with `.timer on`; medians of "real" and of user+sys
without the first run. Answers go to OUT_DIR/qN.csv (header, CSV). Prints
"name wall_ms cpu_ms" lines."""
import os
import re
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def queries():
    text = open(os.path.join(HERE, "queries.sql"), encoding="utf-8").read()
    return [l for l in text.splitlines() if l.strip() and not l.startswith("--")]


def main():
    flows, countries, out, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    load = ("CREATE TABLE flows(reporter TEXT, partner TEXT, year INTEGER, hs2 TEXT, exports_usd REAL, imports_usd REAL);\n"
            f".import --csv --skip 1 {flows} flows\n"
            "CREATE TABLE countries(iso3 TEXT, name TEXT, subregion TEXT);\n"
            f".import --csv --skip 1 {countries} countries\n")
    walls, cpus = [], []
    for _ in range(min(reps, 3)):
        r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(["sqlite3", ":memory:"], input=load, text=True, check=True)
        t1, r1 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append((t1 - t0) * 1000)
        cpus.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
    print("q1 %.3f %.3f" % (statistics.median(walls), statistics.median(cpus)))

    qs = queries()
    script = load + ".timer on\n.output /dev/null\n"
    for q in qs:
        script += (q + "\n") * (1 + reps)
    script += ".timer off\n.headers on\n.mode csv\n"
    for i, q in enumerate(qs):
        script += f".output {out}/q{i + 2}.csv\n{q}\n"
    res = subprocess.run(["sqlite3", ":memory:"], input=script, text=True, capture_output=True, check=True)
    if res.stderr:
        sys.exit("sqlite3: " + res.stderr)
    found = re.findall(r"Run Time: real ([0-9.]+) user ([0-9.]+) sys ([0-9.]+)", res.stdout)
    assert len(found) == len(qs) * (1 + reps), res.stdout
    for i in range(len(qs)):
        runs = found[i * (1 + reps) + 1:(i + 1) * (1 + reps)]
        print("q%d %.3f %.3f" % (i + 2, statistics.median(float(r) * 1000 for r, _, _ in runs),
                                statistics.median((float(u) + float(s)) * 1000 for _, u, s in runs)))


if __name__ == "__main__":
    main()
