#!/usr/bin/env python3
"""Writes strings_N.csv: N rows (id, name) with N distinct names, for the string sort and
comparison benchmark. Names are 6-14 random letters (upper and lower case, a few non-ASCII:
é ñ ü Ω 中) then '-' and the row's number in base 36, so every name is distinct and their order
is unrelated to the row order. Python's random.Random(20261206), deterministic.

    gen.py N OUT_DIR
"""
import os
import random
import sys

n = int(sys.argv[1])
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
rng = random.Random(20261206)
letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" * 3 + "éñüΩ中"
digits = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(i):
    s = ""
    while True:
        i, d = divmod(i, 36)
        s = digits[d] + s
        if i == 0:
            return s


path = os.path.join(out, f"strings_{n}.csv")
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("id,name\n")
    for i in range(n):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(6, 14)))
        f.write(f"{i},{word}-{base36(i)}\n")
print(path)
