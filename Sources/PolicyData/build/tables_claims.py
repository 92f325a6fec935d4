"""The claims table: seed-articles/claims.csv as published, one row per quantitative claim.

These are the authors' claims, to be tested against the data (hemi.check), not data. The only
change is typing: claimed_value is a number and year an integer (blank -> null).
"""
import csv

from rawfiles import col

CLAIMS_FILE = "seed-articles/claims.csv"
COLUMNS = ["claim_id", "article_id", "statement", "quantity", "claimed_value", "unit", "year", "scope"]

SOURCES = [
    {"id": "seed_articles_claims",
     "publisher": "Five public commentary articles on US policy toward Latin America (authors in the articles table)",
     "title": "seed-articles/claims.csv: quantitative claims transcribed from the articles",
     "edition": "articles 2021–2024 (year inferred from content)",
     "license": "No licence stated; short quotations credited to each article",
     "raw_files": [CLAIMS_FILE],
     "caveats": "Each row is what an author claims, with a plain description of the quantity it refers to; the "
                "claimed values are the authors', not verified facts. Claims are the input to hemi.check.",
     "redistributable": True},
]


def build(raw):
    with open(raw / CLAIMS_FILE, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"{CLAIMS_FILE}: header {reader.fieldnames} differs from the expected {COLUMNS}")
        source = list(reader)
    rows = []
    for i, r in enumerate(source, start=2):
        where = f"{CLAIMS_FILE} line {i}"
        try:
            value = float(r["claimed_value"])
        except ValueError:
            raise ValueError(f"{where}: claimed_value: expected a number, got {r['claimed_value']!r}")
        year = r["year"].strip()
        if year and not year.isdigit():
            raise ValueError(f"{where}: year: expected a four-digit year or blank, got {year!r}")
        rows.append({"claim_id": r["claim_id"], "article_id": r["article_id"], "statement": r["statement"],
                     "quantity": r["quantity"], "claimed_value": value, "unit": r["unit"],
                     "year": int(year) if year else None, "scope": r["scope"]})
    no_year = [r["claim_id"] for r in rows if r["year"] is None]
    return [{
        "name": "claims",
        "description": "Quantitative claims from the seed articles (seed-articles/claims.csv as published), each with "
                       "the quantity it refers to, its unit, year and scope, for hemi.check to test against the data.",
        "grain": "claim",
        "key": ["claim_id"],
        "source": "seed_articles_claims",
        "columns": [
            col("claim_id", "string", None, "Identifier of the claim (hemi.check takes it)"),
            col("article_id", "string", None, "Article that makes the claim (articles table)"),
            col("statement", "string", None, "The claim as the article states it"),
            col("quantity", "string", None, "Plain description of the quantity the claim refers to"),
            col("claimed_value", "float", "see unit column", "Value the article claims, in the unit of the row's unit column"),
            col("unit", "string", None, "Unit of claimed_value (countries, percent, USD billions, agreements)"),
            col("year", "integer", None, "Year the claim refers to; null where the claim gives none"),
            col("scope", "string", None, "Country set the claim refers to, as transcribed"),
        ],
        "rows": rows,
        "gaps": [f"Claims with no year: {', '.join(no_year)}."] if no_year else [],
    }]
