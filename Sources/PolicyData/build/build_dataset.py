#!/usr/bin/env python3
"""Builds the bundled policy dataset from ../shared/data/raw (standard library only).

Every `tables_*.py` module next to this script defines SOURCES (list of source dicts) and
build(raw) -> list of table dicts (the contract is in README.md beside this script).
This script validates the tables and writes, deterministically (same inputs, same bytes):

  Resources/<table>.csv   one per table, rows sorted by key
  Resources/catalog.json  tables (without rows) and sources
  DATA.md                 the human data dictionary, generated from the same metadata

It exits 1 with a message naming the table, column and row when a value has the wrong type,
a key repeats or is null, or a table/column names an unknown source.

Usage: build_dataset.py [--raw DIR] [--out DIR] [--docs FILE] [--modules DIR]
  --out  defaults to Sources/PolicyData/Resources; with --out and no --docs, DATA.md is
         written into the --out directory (used by the reproducibility test).
"""

import argparse
import datetime
import importlib.util
import json
import math
import pathlib
import sys
import traceback

HERE = pathlib.Path(__file__).resolve().parent
POLICY_DATA = HERE.parent
REPO = POLICY_DATA.parent.parent
DEFAULT_RAW = REPO.parent / "shared" / "data" / "raw"

TYPES = ("integer", "float", "string", "boolean", "date")
TABLE_FIELDS = ("name", "description", "grain", "key", "source", "columns", "rows")  # + optional gaps, vintage
SOURCE_FIELDS = ("id", "publisher", "title", "edition", "license", "raw_files", "caveats",
                 "redistributable")
# A table may carry an optional short "vintage" label ("Census 2015–2024"); the REPL banner
# shows them in this order first, then the others by table name.
VINTAGE_ORDER = ("us_trade", "china_trade", "economy")


class BuildError(Exception):
    pass


def fail(message):
    raise BuildError(message)


# ---------------------------------------------------------------------------------------
# Loading modules


def discover_modules(directory):
    """tables_*.py in `directory` (next to this script by default), in name order so the
    build order is fixed."""
    return sorted(directory.glob("tables_*.py"))


def load_module(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for attr in ("SOURCES", "build"):
        if not hasattr(module, attr):
            fail(f"{path.name}: module defines no {attr} (the contract asks for SOURCES and build(raw))")
    return module


# ---------------------------------------------------------------------------------------
# Validation


def check_source(source, module_name):
    where = f"{module_name}: source {source.get('id', '<no id>')!r}"
    for field in SOURCE_FIELDS:
        if field not in source:
            fail(f"{where}: missing field {field!r}")
    if not isinstance(source["raw_files"], list) or not all(isinstance(f, str) for f in source["raw_files"]):
        fail(f"{where}: raw_files must be a list of paths relative to data/raw")
    if not isinstance(source["redistributable"], bool):
        fail(f"{where}: redistributable must be true or false")


def check_value(table, column, row_index, row, value):
    """Returns the value normalised for writing, or fails naming table, column and row."""
    if value is None:
        return None
    kind = column["type"]
    ok = False
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "float":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok:
            value = float(value)
            if not math.isfinite(value):
                fail(f"table {table['name']}, column {column['name']}, row {row_index} ({describe_key(table, row)}): "
                     f"expected a finite float, found {value!r}")
    elif kind == "string":
        ok = isinstance(value, str)
    elif kind == "boolean":
        ok = isinstance(value, bool)
    elif kind == "date":
        if isinstance(value, datetime.date):
            value = value.isoformat()
        if isinstance(value, str):
            try:
                ok = datetime.date.fromisoformat(value).isoformat() == value
            except ValueError:
                ok = False
    if not ok:
        fail(f"table {table['name']}, column {column['name']}, row {row_index} ({describe_key(table, row)}): "
             f"expected {kind}, found {type(value).__name__} {value!r}")
    return value


def describe_key(table, row):
    return ", ".join(f"{k}={row.get(k)!r}" for k in table.get("key", []))


def check_table(table, module_name, source_ids):
    name = table.get("name", "<no name>")
    for field in TABLE_FIELDS:
        if field not in table:
            fail(f"{module_name}: table {name!r}: missing field {field!r}")
    if table["source"] not in source_ids:
        fail(f"table {name}: unknown source id {table['source']!r} (known: {', '.join(sorted(source_ids))})")
    names = []
    for column in table["columns"]:
        cname = column.get("name")
        for field in ("name", "type", "description"):
            if field not in column:
                fail(f"table {name}, column {cname!r}: missing field {field!r}")
        if column.get("label") is not None and not (isinstance(column["label"], str) and 0 < len(column["label"]) <= 40):
            fail(f"table {name}, column {cname}: label must be a short string (1–40 characters), found {column['label']!r}")
        if column["type"] not in TYPES:
            fail(f"table {name}, column {cname}: unknown type {column['type']!r} (expected one of {', '.join(TYPES)})")
        if column.get("source") is not None and column["source"] not in source_ids:
            fail(f"table {name}, column {cname}: unknown source id {column['source']!r}")
        if cname in names:
            fail(f"table {name}: column {cname} appears twice")
        names.append(cname)
    for k in table["key"]:
        if k not in names:
            fail(f"table {name}: key column {k!r} is not among its columns")

    by_name = {c["name"]: c for c in table["columns"]}
    clean_rows = []
    seen = {}
    for i, row in enumerate(table["rows"]):
        extra = set(row) - set(names)
        if extra:
            fail(f"table {name}, row {i} ({describe_key(table, row)}): unknown columns {sorted(extra)}")
        clean = {}
        for cname in names:
            clean[cname] = check_value(table, by_name[cname], i, row, row.get(cname))
        key = tuple(clean[k] for k in table["key"])
        if any(v is None for v in key):
            fail(f"table {name}, row {i}: key ({describe_key(table, row)}) has a null part")
        if key in seen:
            fail(f"table {name}: key ({describe_key(table, row)}) repeats in rows {seen[key]} and {i}")
        seen[key] = i
        clean_rows.append(clean)
    clean_rows.sort(key=lambda r: tuple(sort_key(r[k]) for k in table["key"]))
    return clean_rows


def sort_key(value):
    # Keys never mix types within a column, but booleans/ints/strings must still compare.
    return (str(type(value).__name__), value)


# ---------------------------------------------------------------------------------------
# Writing


def csv_field(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    # An empty string is quoted so it stays distinct from null (an empty unquoted field).
    if text == "" or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def table_csv(table, rows):
    names = [c["name"] for c in table["columns"]]
    lines = [",".join(csv_field(n) for n in names)]
    for row in rows:
        lines.append(",".join(csv_field(row[n]) for n in names))
    return "\n".join(lines) + "\n"


def year_range(table, rows):
    for col in ("year", "fiscal_year"):
        if any(c["name"] == col and c["type"] == "integer" for c in table["columns"]):
            years = [r[col] for r in rows if r[col] is not None]
            if years:
                return [min(years), max(years)]
    return None


def catalog_entry(table, rows):
    columns = []
    for c in table["columns"]:
        columns.append({
            "name": c["name"],
            "type": c["type"],
            "unit": c.get("unit"),
            "description": c["description"],
            "source": c.get("source") or table["source"],
            "label": c.get("label"),
        })
    return {
        "name": table["name"],
        "description": table["description"],
        "grain": table["grain"],
        "key": list(table["key"]),
        "source": table["source"],
        "row_count": len(rows),
        "years": year_range(table, rows),
        "columns": columns,
        "gaps": list(table.get("gaps", [])),
    }


def vintage(tables):
    """Short, deterministic coverage line: the tables' own vintage labels and the table count."""
    order = {name: i for i, name in enumerate(VINTAGE_ORDER)}
    names = sorted(tables, key=lambda n: (order.get(n, len(order)), n))
    parts = [tables[n][0]["vintage"] for n in names if tables[n][0].get("vintage")]
    parts.append(f"{len(tables)} tables")
    return ", ".join(parts)


def data_md(entries, sources, label):
    out = ["# Hemi dataset — data dictionary", "",
           "Generated by `Sources/PolicyData/build/build_dataset.py` from `../shared/data/raw` "
           "(run `make data`); do not edit by hand. Null means the figure is missing in the "
           "source, never zero; each table lists its known gaps.", "",
           f"Vintage: {label}.", "", "## Tables", ""]
    for e in entries:
        out.append(f"- [`{e['name']}`](#{e['name']}) — {e['description'].split('. ')[0].rstrip('.')}.")
    out.append("")
    for e in entries:
        out += [f"### {e['name']}", "", e["description"], "",
                f"- Grain: {e['grain']}",
                f"- Key: {', '.join('`' + k + '`' for k in e['key'])}",
                f"- Source: `{e['source']}`",
                f"- Rows: {e['row_count']}" + (f"; years {e['years'][0]}–{e['years'][1]}" if e["years"] else ""),
                "",
                "| Column | Label | Type | Unit | Source | Description |",
                "|---|---|---|---|---|---|"]
        for c in e["columns"]:
            unit = c["unit"] or ""
            src = "" if c["source"] == e["source"] else f"`{c['source']}`"
            out.append(f"| `{c['name']}` | {md_cell(c['label'] or '')} | {c['type']} | {md_cell(unit)} | {src} | "
                       f"{md_cell(c['description'])} |")
        out.append("")
        if e["gaps"]:
            out.append("Known gaps:")
            out.append("")
            for g in e["gaps"]:
                out.append(f"- {g}")
            out.append("")
    out += ["## Sources", ""]
    for s in sources:
        out += [f"### {s['id']}", "",
                f"- Publisher: {s['publisher']}",
                f"- Title: {s['title']}",
                f"- Edition: {s['edition']}",
                f"- Licence: {s['license']}",
                f"- Redistributable: {'yes' if s['redistributable'] else 'no'}",
                f"- Raw files: {', '.join('`' + f + '`' for f in s['raw_files'])}",
                f"- Caveats: {s['caveats']}", ""]
    return "\n".join(out)


def md_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_if_changed(path, text):
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


# ---------------------------------------------------------------------------------------
# The sources table

BUILD_SOURCE = {
    "id": "hemi_build", "publisher": "Hemi dataset build (this repository)",
    "title": "Catalogue of the dataset's sources", "edition": "generated with the dataset",
    "license": "Same terms as the dataset it describes", "raw_files": ["SOURCES.md"],
    "caveats": "Compiled from the SOURCES lists of the tables_*.py modules, which take their caveats from "
               "data/raw/SOURCES.md.",
    "redistributable": True,
}


def sources_table(sources, tables):
    used = {sid: [] for sid in sources}
    for name in sorted(tables):
        t = tables[name][0]
        used[t["source"]].append(name)
        for c in t["columns"]:
            if c.get("source") and c["source"] != t["source"]:
                used[c["source"]].append(f"{name}.{c['name']}")
        # Tables that mix sources row by row name each row's source in a source_id column.
        for sid in sorted({r["source_id"] for r in tables[name][1] if r.get("source_id")}):
            if sid != t["source"]:
                used[sid].append(f"{name} (rows with source_id {sid})")
    used["hemi_build"].append("sources")
    rows = []
    for sid in sorted(sources):
        s = sources[sid][0]
        rows.append({"source_id": sid, "publisher": s["publisher"], "title": s["title"], "edition": s["edition"],
                     "license": s["license"], "redistributable": s["redistributable"],
                     "raw_files": "; ".join(s["raw_files"]), "caveats": s["caveats"],
                     "used_by": "; ".join(used[sid]) or None})
    string = lambda name, text: {"name": name, "type": "string", "unit": None, "description": text}
    return {
        "name": "sources",
        "description": "One row per source of the dataset: publisher, title, edition, licence, caveats, the raw files "
                       "(under ../shared/data/raw) it was built from, and the tables and columns that use it.",
        "grain": "source",
        "key": ["source_id"],
        "source": "hemi_build",
        "columns": [
            string("source_id", "Source id, as in catalog.json and the tables' source notes"),
            string("publisher", "Original publisher"),
            string("title", "Dataset title"),
            string("edition", "Edition, vintage or snapshot (commit) used"),
            string("license", "Licence or terms of use"),
            {"name": "redistributable", "type": "boolean", "unit": None,
             "description": "Whether the terms allow shipping it (only redistributable sources are shipped)"},
            string("raw_files", "Raw files, relative to data/raw, separated by '; '"),
            string("caveats", "Caveats, from data/raw/SOURCES.md"),
            string("used_by", "Tables using it, and table.column where a column's source differs from its table's; "
                              "separated by '; ' (null for a source no shipped table uses)"),
        ],
        "rows": rows,
        "gaps": [],
    }


# ---------------------------------------------------------------------------------------


def build(raw, out, docs, module_dir=HERE):
    if not raw.is_dir():
        fail(f"raw data directory {raw} not found (expected ../shared/data/raw next to the repo, or pass --raw DIR)")
    modules = [load_module(p) for p in discover_modules(module_dir)]
    if not modules:
        fail(f"no tables_*.py modules in {module_dir}")

    sources = {}
    for m in modules:
        for s in m.SOURCES:
            check_source(s, m.__name__)
            if s["id"] in sources:
                fail(f"{m.__name__}: source id {s['id']!r} is already defined by {sources[s['id']][1]}")
            for f in s["raw_files"]:
                if not (raw / f).exists():
                    fail(f"{m.__name__}: source {s['id']}: raw file {f} not found under {raw}")
            sources[s["id"]] = (s, m.__name__)

    tables = {}
    for m in modules:
        try:
            built = m.build(raw)
        except BuildError:
            raise
        except Exception as e:  # a module's own error: keep its traceback, name the module
            traceback.print_exc()
            fail(f"{m.__name__}: build(raw) failed: {type(e).__name__}: {e}")
        for t in built:
            name = t.get("name")
            if name in tables:
                fail(f"table {name!r} is built by both {tables[name][2]} and {m.__name__}")
            rows = check_table(t, m.__name__, sources)
            for sid in {t["source"]} | {c.get("source") or t["source"] for c in t["columns"]}:
                if not sources[sid][0]["redistributable"]:
                    fail(f"table {name}: source {sid} is not redistributable; it must not be shipped (DESIGN.md)")
            for i, r in enumerate(rows):
                if r.get("source_id") is not None and r["source_id"] not in sources:
                    fail(f"table {name}, column source_id, row {i} ({describe_key(t, r)}): unknown source id {r['source_id']!r}")
            tables[name] = (t, rows, m.__name__)

    # The catalogue of sources is itself a table, so users can query it like the rest.
    sources[BUILD_SOURCE["id"]] = (BUILD_SOURCE, "build_dataset")
    if "sources" in tables:
        fail(f"table 'sources' is reserved for the catalogue of sources (built by build_dataset.py), "
             f"but {tables['sources'][2]} builds one")
    t = sources_table(sources, tables)
    tables["sources"] = (t, check_table(t, "build_dataset", sources), "build_dataset")

    entries = []
    out.mkdir(parents=True, exist_ok=True)
    for name in sorted(tables):
        t, rows, _ = tables[name]
        write_if_changed(out / f"{name}.csv", table_csv(t, rows))
        entries.append(catalog_entry(t, rows))
    # Tables that no module builds any more must not linger in the bundle.
    for stale in out.glob("*.csv"):
        if stale.stem not in tables:
            stale.unlink()

    source_list = []
    for sid in sorted(sources):
        s = sources[sid][0]
        source_list.append({f: s[f] for f in SOURCE_FIELDS})
    label = vintage(tables)
    catalog = {"vintage": label, "tables": entries, "sources": source_list}
    write_if_changed(out / "catalog.json", json.dumps(catalog, indent=1, ensure_ascii=False) + "\n")
    write_if_changed(docs, data_md(entries, source_list, label))
    return entries


def main(argv):
    parser = argparse.ArgumentParser(description="Build the bundled Hemi policy dataset.")
    parser.add_argument("--raw", type=pathlib.Path, default=DEFAULT_RAW, help="data/raw directory")
    parser.add_argument("--out", type=pathlib.Path, default=None, help="output directory for CSV + catalog.json")
    parser.add_argument("--docs", type=pathlib.Path, default=None, help="where to write DATA.md")
    parser.add_argument("--modules", type=pathlib.Path, default=HERE,
                        help="directory of tables_*.py modules (tests use it to check the validation)")
    args = parser.parse_args(argv)
    out = args.out or POLICY_DATA / "Resources"
    docs = args.docs or ((args.out / "DATA.md") if args.out else POLICY_DATA / "DATA.md")
    sys.dont_write_bytecode = True  # no __pycache__ inside Sources/
    sys.path.insert(0, str(HERE))    # modules may share helpers such as rawfiles.py
    try:
        entries = build(args.raw.resolve(), out, docs, args.modules.resolve())
    except BuildError as e:
        print(f"build_dataset: {e}", file=sys.stderr)
        return 1
    total = sum(e["row_count"] for e in entries)
    print(f"build_dataset: {len(entries)} tables, {total} rows -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
