#!/usr/bin/env python3
"""Time from SIGINT to the next prompt while hemi's engine works on 10M rows (issue #13).

    python3 sigint_to_prompt.py HEMI CSV [ROUNDS]

Runs `hemi -i` with piped input (prompts on stdout, as lua.c -i prints them), loads CSV once
(not timed), then per round and per operation: sends the entry, waits DELAY seconds so the
engine is deep in its work, sends SIGINT and measures until the next prompt arrives on
stdout. Checks that "Interrupted" was reported and that the table is unchanged after each
round (its row count). Prints one line per operation: median, min and max milliseconds.
Standard library only.
"""
import os
import select
import signal
import statistics
import subprocess
import sys
import time

hemi, csv = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
DELAY = 0.5

p = subprocess.Popen([hemi, "-e", "_PROMPT='<<P>>' _PROMPT2='<<C>>'", "-i"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
out_buf, err_buf = b"", b""


def read_until(token, stream="out", timeout=600.0):
    """Reads until `token` appears in the stream's buffer; returns the time it arrived."""
    global out_buf, err_buf
    end = time.monotonic() + timeout
    while True:
        buf = out_buf if stream == "out" else err_buf
        i = buf.find(token)
        if i >= 0:
            if stream == "out":
                out_buf = out_buf[i + len(token):]
            else:
                err_buf = err_buf[i + len(token):]
            return time.monotonic()
        left = end - time.monotonic()
        if left <= 0:
            sys.exit(f"timed out waiting for {token!r}; stdout: {out_buf[-300:]!r}; stderr: {err_buf[-500:]!r}")
        r, _, _ = select.select([p.stdout, p.stderr], [], [], left)
        for f in r:
            chunk = os.read(f.fileno(), 65536)
            if not chunk:
                sys.exit(f"hemi ended; stderr: {err_buf[-500:]!r}")
            if f is p.stdout:
                out_buf += chunk
            else:
                err_buf += chunk


def send(line):
    p.stdin.write((line + "\n").encode())


def entry(line):
    """Sends one entry and waits for the prompt after it (its echo ends with a newline)."""
    send(line)
    read_until(line.encode() + b"\n")
    return read_until(b"<<P>>")


read_until(b"<<P>>")
t0 = time.monotonic()
entry(f"t = hemi.read_csv({csv!r}); n = t:count(); print('rows', n)")
print(f"load (not interrupted): {time.monotonic() - t0:.1f} s", file=sys.stderr)

operations = {
    "load": f"u = hemi.read_csv({csv!r}); print(u:count())",
    "sort": "print(t:sort('b desc, a'):count())",
    "join": "print(t:join(t:select{ 'c', d = 'a' }, 'c'):count())",
}
results = {name: [] for name in operations}
for r in range(rounds):
    for name, line in operations.items():
        print(f"round {r + 1}: {name}", file=sys.stderr)
        send(line)
        read_until(line.encode() + b"\n")
        time.sleep(DELAY)
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        arrived = read_until(b"<<P>>")
        read_until(b"Interrupted", stream="err", timeout=5)
        results[name].append((arrived - sent) * 1000)
        entry("assert(t:count() == n, 'the table changed')")
        if b"the table changed" in err_buf:
            sys.exit("the table changed after an interrupt")

send("os.exit(0)")
p.wait(timeout=30)
print(f"SIGINT to prompt, {rounds} rounds, engine working for {DELAY} s first:")
for name, ms in results.items():
    print(f"  {name:5} median {statistics.median(ms):7.1f} ms   min {min(ms):7.1f}   max {max(ms):7.1f}")
