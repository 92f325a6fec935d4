"""Migration table: CBP encounters by citizenship, fiscal year and land-border region, FY2020–FY2025.

Two CBP releases were aggregated the same way (SOURCES.md section 5) and agree cell by cell on the
years they share, so they are stacked; each row says which release it came from.
"""

import rawfiles
from rawfiles import col, read_csv, name_to_iso3

FILES = [
    ("cbp-encounters/cbp_encounters_fy20_fy23_by_region_citizenship.csv",
     "Nationwide Encounters FY2020–FY2023 (nationwide-encounters-fy20-fy23-state.csv, Nov 2023)"),
    ("cbp-encounters/cbp_encounters_fy24_fy25_by_region_citizenship.csv",
     "Nationwide Encounters FY2022–FY2025 (nationwide-encounters-fy22-fy25-state.csv), FY2024–FY2025 only"),
]

SOURCES = [
    {"id": "cbp_encounters",
     "publisher": "U.S. Customs and Border Protection",
     "title": "Nationwide Encounters (state-level files), aggregated by fiscal year, land border region and citizenship",
     "edition": "FY2020–FY2023 release of Nov 2023; FY2022–FY2025 release (FY2024–FY2025 used)",
     "license": "Public domain (US federal government work)",
     "raw_files": [f for f, _ in FILES],
     "caveats": "Encounters = USBP Title 8 apprehensions, OFO Title 8 inadmissibles and Title 42 expulsions; counts "
                "are events, not people. Aggregated (summed over month, state, demographic and title of authority) "
                "from copies in UWCHR/cbp (commit abd1f574) and Spacetime99/ICEActivity (commit 3f12e7f6); the "
                "two releases agree in all FY2022–FY2023 cells. CBP names 21 citizenships and groups the rest as "
                "OTHER. FY2026 (partial) exists upstream but was not copied.",
     "redistributable": True},
]


def build(raw):
    # Citizenships outside the countries table keep their label but get no iso3.
    scope = rawfiles.COUNTRY_SET
    lookup = name_to_iso3(raw)
    rows = []
    out_of_scope = set()
    for rel, release in FILES:
        for i, r in enumerate(read_csv(raw, rel), start=2):
            where = f"{rel} line {i}"
            try:
                fiscal_year = int(r["fiscal_year"])
                count = int(r["encounter_count"])
            except ValueError:
                raise ValueError(f"{where}: expected integer fiscal_year and encounter_count, got "
                                 f"{r['fiscal_year']!r}, {r['encounter_count']!r}")
            label = r["citizenship"]
            iso3 = lookup(label)
            if iso3 is not None and iso3 not in scope:
                out_of_scope.add(label)
                iso3 = None
            rows.append({"fiscal_year": fiscal_year, "land_border_region": r["land_border_region"],
                         "citizenship": label, "iso3": iso3, "encounter_count": count, "cbp_release": release})
    rows.sort(key=lambda r: (r["fiscal_year"], r["land_border_region"], r["citizenship"]))

    # A region-year without a row for some citizenship is a gap, not a zero: name each one.
    labels = sorted({r["citizenship"] for r in rows})
    cells = {(r["fiscal_year"], r["land_border_region"], r["citizenship"]) for r in rows}
    missing = [(fy, reg, lab) for fy in sorted({r["fiscal_year"] for r in rows})
               for reg in sorted({r["land_border_region"] for r in rows})
               for lab in labels if (fy, reg, lab) not in cells]
    gaps = [f"Citizenships CBP names that are outside the countries table keep their label with a null iso3: "
            f"{', '.join(sorted(out_of_scope))}; OTHER (all remaining citizenships) has a null iso3 too."]
    for fy, reg, lab in missing:
        gaps.append(f"FY{fy} {reg}: no row for citizenship {lab} in the aggregated CBP file; left absent, not "
                    f"filled with zero.")
    gaps.append("FY2026 (partial, Oct–Nov 2025) exists upstream but was not copied: no rows after FY2025.")
    return [{
        "name": "cbp_encounters",
        "description": "CBP encounters (USBP Title 8 apprehensions, OFO Title 8 inadmissibles, Title 42 expulsions) "
                       "by fiscal year, land border region and citizenship, FY2020–FY2025.",
        "grain": "fiscal year-region-citizenship",
        "key": ["fiscal_year", "land_border_region", "citizenship"],
        "source": "cbp_encounters",
        "columns": [
            col("fiscal_year", "integer", None, "US federal fiscal year (October of the previous year to September)"),
            col("land_border_region", "string", None, "CBP Land Border Region: Southwest Land Border, Northern Land Border or Other"),
            col("citizenship", "string", None, "Citizenship label as published by CBP (upper case; OTHER = all others)"),
            col("iso3", "string", None, "ISO 3166-1 alpha-3 of the citizenship where it is a country in the countries table; else null"),
            col("encounter_count", "integer", "encounters", "Number of encounters (events, not unique people)"),
            col("cbp_release", "string", None, "The CBP release the row was aggregated from"),
        ],
        "rows": rows,
        "gaps": gaps,
    }]
