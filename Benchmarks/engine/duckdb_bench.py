#!/usr/bin/env python3
"""DuckDB side of the engine benchmark: duckdb_bench.py FLOWS COUNTRIES OUT_DIR REPS THREADS

In one process through the Python API (interpreter start and `import duckdb` excluded):
time.perf_counter() (wall) and time.process_time() (CPU, all threads) around the load
(medians of min(REPS, 3)) and around each query's execute().fetchall() (1 + REPS runs,
medians without the first). Answers to OUT_DIR/qN.csv. Prints "name wall_ms cpu_ms" lines."""
import csv
import os
import statistics
import sys
import time

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    flows, countries, out, reps, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    qs = [l for l in open(os.path.join(HERE, "queries.sql"), encoding="utf-8").read().splitlines()
          if l.strip() and not l.startswith("--")]
    walls, cpus = [], []
    for _ in range(min(reps, 3)):
        con = duckdb.connect(config={"threads": threads})
        t0, c0 = time.perf_counter(), time.process_time()
        con.execute(f"CREATE TABLE flows AS SELECT * FROM read_csv('{flows}', header = true, types = {{'hs2': 'VARCHAR'}})")
        con.execute(f"CREATE TABLE countries AS SELECT * FROM read_csv('{countries}', header = true)")
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    print("q1 %.3f %.3f" % (statistics.median(walls), statistics.median(cpus)))
    for i, q in enumerate(qs):
        walls, cpus = [], []
        for r in range(1 + reps):
            t0, c0 = time.perf_counter(), time.process_time()
            cur = con.execute(q)
            rows = cur.fetchall()
            if r > 0:
                walls.append((time.perf_counter() - t0) * 1000)
                cpus.append((time.process_time() - c0) * 1000)
        print("q%d %.3f %.3f" % (i + 2, statistics.median(walls), statistics.median(cpus)))
        with open(f"{out}/q{i + 2}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow([d[0] for d in cur.description])
            w.writerows([[repr(v) if isinstance(v, float) else v for v in row] for row in rows])


if __name__ == "__main__":
    main()
