#!/usr/bin/env python3
"""Deterministic SYNTHETIC trade flows for the engine benchmark (standard library only).

    python3 gen.py N OUT_DIR      # writes OUT_DIR/flows_N.csv and OUT_DIR/countries.csv

flows: reporter,partner,year,hs2,exports_usd,imports_usd
  reporter   one of the 40 countries below; partner: those 40 or one of 10 economies outside
             the hemisphere that are NOT in countries.csv (an inner join drops them);
             drawn with size weights; never reporter == partner
  year       2000..2024;  hs2: "01".."97" as text with its leading zero, never "77"
  exports_usd, imports_usd: lognormal (sigma 2.2), 2 decimals, ~3% exact zeros
countries: iso3,name,subregion (UN M49 grouping). Codes and names are real; the flows are
random numbers, not trade data. Same shape as ../shared/bench (which it does not read).
Determinism: random.Random(SEED) (Mersenne Twister, stable across Python 3 versions).
"""
import itertools
import math
import os
import random
import sys

SEED = 20261126

# (ISO3, name, subregion, weight ~ relative economic size)
COUNTRIES = [
    ("USA", "United States", "Northern America", 100.0), ("CAN", "Canada", "Northern America", 25.0),
    ("BMU", "Bermuda", "Northern America", 0.4), ("MEX", "Mexico", "Central America", 30.0),
    ("GTM", "Guatemala", "Central America", 3.0), ("HND", "Honduras", "Central America", 1.5),
    ("SLV", "El Salvador", "Central America", 1.5), ("NIC", "Nicaragua", "Central America", 1.0),
    ("CRI", "Costa Rica", "Central America", 2.5), ("PAN", "Panama", "Central America", 2.5),
    ("BLZ", "Belize", "Central America", 0.3), ("CUB", "Cuba", "Caribbean", 1.5),
    ("DOM", "Dominican Republic", "Caribbean", 3.0), ("HTI", "Haiti", "Caribbean", 0.6),
    ("JAM", "Jamaica", "Caribbean", 0.8), ("TTO", "Trinidad and Tobago", "Caribbean", 1.2),
    ("BHS", "Bahamas", "Caribbean", 0.6), ("BRB", "Barbados", "Caribbean", 0.3),
    ("ATG", "Antigua and Barbuda", "Caribbean", 0.2), ("DMA", "Dominica", "Caribbean", 0.1),
    ("GRD", "Grenada", "Caribbean", 0.1), ("KNA", "Saint Kitts and Nevis", "Caribbean", 0.1),
    ("LCA", "Saint Lucia", "Caribbean", 0.15), ("VCT", "Saint Vincent and the Grenadines", "Caribbean", 0.1),
    ("PRI", "Puerto Rico", "Caribbean", 2.0), ("ABW", "Aruba", "Caribbean", 0.2),
    ("CUW", "Curaçao", "Caribbean", 0.2), ("BRA", "Brazil", "South America", 28.0),
    ("ARG", "Argentina", "South America", 8.0), ("CHL", "Chile", "South America", 5.0),
    ("COL", "Colombia", "South America", 5.0), ("PER", "Peru", "South America", 4.0),
    ("ECU", "Ecuador", "South America", 2.0), ("VEN", "Venezuela", "South America", 2.0),
    ("BOL", "Bolivia", "South America", 1.0), ("PRY", "Paraguay", "South America", 1.0),
    ("URY", "Uruguay", "South America", 1.2), ("GUY", "Guyana", "South America", 0.5),
    ("SUR", "Suriname", "South America", 0.2), ("FLK", "Falkland Islands", "South America", 0.05),
]
EXTRA = [("CHN", 80.0), ("DEU", 30.0), ("JPN", 30.0), ("ESP", 10.0), ("KOR", 15.0),
         ("IND", 15.0), ("NLD", 10.0), ("GBR", 15.0), ("FRA", 15.0), ("ITA", 12.0)]
CHAPTERS = ["%02d" % c for c in range(1, 98) if c != 77]
BUSY = {"27", "84", "85", "87", "30", "72", "26", "39"}   # chapters drawn more often


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "countries.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("iso3,name,subregion\n")
        for iso, name, sub, _ in COUNTRIES:
            f.write("%s,%s,%s\n" % (iso, name, sub))
    rng = random.Random(SEED)
    reporters = [c[0] for c in COUNTRIES]
    rep_w = [c[3] for c in COUNTRIES]
    partners = reporters + [e[0] for e in EXTRA]
    par_w = rep_w + [e[1] for e in EXTRA]
    size = dict(zip(partners, par_w))
    ch_w = [4.0 if c in BUSY else 1.0 for c in CHAPTERS]
    # Draw in chunks with random.choices (cumulative weights computed once).
    rep_cum = list(itertools.accumulate(rep_w))
    par_cum = list(itertools.accumulate(par_w))
    ch_cum = list(itertools.accumulate(ch_w))
    path = os.path.join(out, "flows_%d.csv" % n)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write("reporter,partner,year,hs2,exports_usd,imports_usd\n")
        done = 0
        while done < n:
            k = min(100_000, n - done)
            reps = rng.choices(reporters, cum_weights=rep_cum, k=k)
            pars = rng.choices(partners, cum_weights=par_cum, k=k)
            chs = rng.choices(CHAPTERS, cum_weights=ch_cum, k=k)
            lines = []
            for r, p, h in zip(reps, pars, chs):
                while p == r:
                    p = rng.choices(partners, cum_weights=par_cum)[0]
                year = rng.randint(2000, 2024)
                mu = 13.0 + 0.35 * math.log(size[r] * size[p]) + 0.04 * (year - 2000)
                ex = 0.0 if rng.random() < 0.03 else round(rng.lognormvariate(mu, 2.2), 2)
                im = 0.0 if rng.random() < 0.03 else round(rng.lognormvariate(mu, 2.2), 2)
                lines.append("%s,%s,%d,%s,%.2f,%.2f\n" % (r, p, year, h, ex, im))
            f.write("".join(lines))
            done += k
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
