"""China and Latin America: goods trade (UN Comtrade, each side's report kept apart), Chinese
official finance (AidData GCDF 3.0) and Chinese investment deals (AEI tracker, South America).
"""

import rawfiles
from rawfiles import col, read_csv

COMTRADE_LAC = "china-lac-trade-comtrade/lac_reported_trade_with_china_comtrade_2014_2025.csv"
COMTRADE_WORLD = "china-lac-trade-comtrade/china_trade_world_totals_comtrade_2014_2025.csv"
CHINA_BRAZIL = "china-lac-trade-comtrade/china_reported_trade_with_brazil_2003_2024.csv"
GCDF_YEAR = "aiddata-gcdf3/aiddata_gcdf_country_year_2000_2021.csv"
GCDF_TOTAL = "aiddata-gcdf3/gcdf_country_commitments_2000_2021.csv"
AEI = "aei-cgit-southamerica/aei_cgit_south_america_2005_2021.csv"

# LAC-reported rows stop at 2024: 2025 exists only for four early reporters (SOURCES.md).
LAST_TRADE_YEAR = 2024

CIPF = ("joaquimrcarvalho/cipf-comtrade snapshot commit 5008b541b19e99d59d0eb90355ff76c02f02cd17 "
        "(reports last changed in 60484846705c697e892f6978381db15813fd4299, 2026-03-04)")

SOURCES = [
    {"id": "un_comtrade", "publisher": "United Nations Statistics Division, UN Comtrade",
     "title": "Annual total merchandise trade with China (cmdCode TOTAL, current US$), as reported by each reporter",
     "edition": f"Retrieved through the Comtrade API by {CIPF}",
     "license": "Free to use with attribution ('UN Comtrade')",
     "raw_files": [COMTRADE_LAC, COMTRADE_WORLD],
     "caveats": "LAC-side figures: the reporter's imports from China (mostly valued CIF) and exports to China (FOB); "
                "they are not China Customs' own partner figures (valuation, Hong Kong re-exports, timing and origin "
                "rules differ). Haiti and Venezuela never report; Cuba 2016–2022; Jamaica to 2023; St Kitts and Nevis "
                "to 2017; St Lucia to 2019/2020; St Vincent exports to 2019; Honduras 10 of 11 years. Checked upstream "
                "and here: per-reporter rows sum to the mirror world totals in every year. In the world totals file "
                "China's own 2025 figures are 0 as published = not yet available.",
     "redistributable": True},
    {"id": "china_customs_brazil", "publisher": "China-reported trade statistics (Forum Macao tables), reproduced by "
                                             "Joaquim Carvalho, CIPF, Macao Polytechnic University",
     "title": "China-reported trade with Portuguese-speaking countries (cn_plp_trocas_2003-2024.xlsx), Brazil rows",
     "edition": f"2003–2024, {CIPF}",
     "license": "No licence stated by the repository; figures are official Chinese trade statistics",
     "raw_files": [CHINA_BRAZIL],
     "caveats": "China's own figures: exports to Brazil valued FOB, imports from Brazil CIF. Compared with Brazil's "
                "report (2014–2024): Brazil-reported imports from China / China-reported exports to Brazil = 0.95–1.17; "
                "Brazil-reported exports to China / China-reported imports from Brazil = 0.77–0.85.",
     "redistributable": True},
    {"id": "aiddata_gcdf3_country_year", "publisher": "AidData (William & Mary)",
     "title": "Global Chinese Development Finance Dataset, Version 3.0 (GCDF 3.0): commitments by recipient and year",
     "edition": "GCDF 3.0 (commitments 2000–2021), aggregated by esabin756/bri-education-project commit "
                "4c3ee479f0dc4b686fdaed96616eb8ac7c97c09c (rows 'Recommended For Aggregates' = yes)",
     "license": "AidData terms: free use with attribution",
     "raw_files": [GCDF_YEAR],
     "caveats": "Constant 2021 US$. A student project's aggregation of the official GCDF 3.0 workbook; no license "
                "stated upstream. Loans and grants committed by Chinese official-sector lenders.",
     "redistributable": True},
    {"id": "aiddata_gcdf3_totals", "publisher": "AidData (William & Mary), aggregated by Teal Insights (aiddataviz)",
     "title": "GCDF 3.0 country commitments 2000–2021 with commitment-weighted interest rate",
     "edition": "Teal-Insights/aiddataviz commit 263376f6ef15e0f1728b47230cb4f2e2ea8fa0d7, data/gcdf_country_commitments.rda "
                "(converted to CSV with pyreadr)",
     "license": "Repository MIT; AidData data with attribution",
     "raw_files": [GCDF_TOTAL, "aiddata-gcdf3/gcdf_country_commitments.rda"],
     "caveats": "Constant 2021 US$ billions, rows with recommended_for_aggregates == 'Yes'. World Bank region/income at "
                "build time and IMF WEO (Fall 2024) 2021 GDP/population are the upstream's, not shipped here.",
     "redistributable": True},
    {"id": "aei_cgit", "publisher": "American Enterprise Institute, China Global Investment Tracker (Derek Scissors)",
     "title": "China Global Investment Tracker, South America investments of US$100m or more, 2005–2021",
     "edition": "Subset in Thom-J-H/China_South_America commit ac15fca35a7e9334770ba22f613fc85cdddc2c12 "
                "(South_America_China_Trade.xlsx, converted to CSV)",
     "license": "Repository CC0 1.0; AEI asks for attribution of the CGIT",
     "raw_files": [AEI, "aei-cgit-southamerica/South_America_China_Trade.xlsx"],
     "caveats": "Investment deals (not trade, despite the upstream file name), South America only: Brazil, Peru, "
                "Argentina, Chile, Ecuador, Venezuela, Colombia, Guyana. No Mexico, Central America or Caribbean; no "
                "construction contracts; nothing after 2021.",
     "redistributable": True},
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def trade_row(iso3, year, reporter, reporter_name, source, from_china, to_china):
    both = from_china is not None and to_china is not None
    return {"iso3": iso3, "year": year, "reporter": reporter, "reporter_name": reporter_name, "source_id": source,
            "partner_imports_from_china_usd": from_china, "partner_exports_to_china_usd": to_china,
            "total_trade_usd": round(from_china + to_china, 3) if both else None,
            "partner_balance_usd": round(to_china - from_china, 3) if both else None}


def china_trade(raw, countries):
    rows = []
    for r in read_csv(raw, COMTRADE_LAC):
        year = int(r["year"])
        if year > LAST_TRADE_YEAR:
            continue
        if r["iso3"] not in countries:
            raise ValueError(f"{COMTRADE_LAC}: reporter {r['iso3']} is not in the countries table")
        rows.append(trade_row(r["iso3"], year, r["iso3"], r["comtrade_reporter_name"], "un_comtrade",
                              rawfiles.number(r["reporter_imports_from_china_usd"]),
                              rawfiles.number(r["reporter_exports_to_china_usd"])))
    for r in read_csv(raw, CHINA_BRAZIL):
        if r["partner"] != "Brazil":
            raise ValueError(f"{CHINA_BRAZIL}: unexpected partner {r['partner']!r}")
        exports, imports = rawfiles.number(r["china_exports_usd"]), rawfiles.number(r["china_imports_usd"])
        row = trade_row("BRA", int(r["year"]), "CHN", "China", "china_customs_brazil", exports, imports)
        # The file's own total and balance (China's side) must agree with what we derive.
        if abs(row["total_trade_usd"] - rawfiles.number(r["total_trade_usd"])) > 1 or \
                abs(-row["partner_balance_usd"] - rawfiles.number(r["balance_usd"])) > 1:
            raise ValueError(f"{CHINA_BRAZIL} {r['year']}: total/balance disagree with exports and imports")
        rows.append(row)
    reporters = sorted({r["iso3"] for r in rows if r["reporter"] != "CHN"})
    missing = sorted(set(rawfiles.LAC_SOVEREIGN) - set(reporters))
    money = "US$ (current)"
    return {
        "name": "china_trade",
        "vintage": "Comtrade 2014–2024",
        "description": "Goods trade between China and each Latin American and Caribbean country, by year, with the "
                       "reporter stated on every row. Rows with reporter = the LAC country itself are UN Comtrade "
                       "figures as that country reported them (2014–2024); rows with reporter = CHN are China's own "
                       "figures for Brazil (2003–2024). The two sides differ (valuation, re-exports, timing): compare "
                       "them, never add them.",
        "grain": "partner-year-reporter",
        "key": ["iso3", "year", "reporter"],
        "source": "un_comtrade",
        "columns": [
            col("iso3", "string", None, "The LAC trading partner of China, ISO 3166-1 alpha-3"),
            col("year", "integer", None, "Calendar year"),
            col("reporter", "string", None, "Who reported the figures: the LAC country's ISO3 (UN Comtrade, LAC-reported) "
                "or CHN (China's own figures)"),
            col("reporter_name", "string", None, "Reporter name as in the source"),
            col("source_id", "string", None, "Source of the row: un_comtrade or china_customs_brazil (see sources)"),
            col("partner_imports_from_china_usd", "float", money, "Goods from China to the LAC country: its imports from China "
                "(CIF) when it reports; China's exports to it (FOB) when China reports"),
            col("partner_exports_to_china_usd", "float", money, "Goods from the LAC country to China: its exports to China "
                "(FOB) when it reports; China's imports from it (CIF) when China reports"),
            col("total_trade_usd", "float", money, "Sum of the two flows (derived here, when both exist)"),
            col("partner_balance_usd", "float", money, "Exports to China − imports from China, from the LAC country's side; "
                "positive = LAC surplus with China (derived here, when both exist)"),
        ],
        "rows": rows,
        "gaps": [
            f"No LAC-reported rows for {', '.join(missing)} (no reports to UN Comtrade in the source file); no China-"
            "reported figures for any partner but Brazil (IMF DOTS / China Customs partner series not found).",
            "LAC-reported coverage is uneven: Cuba 2016–2022; Jamaica to 2023; St Kitts and Nevis to 2017; St Lucia to "
            "2019/2020; St Vincent exports to 2019; Honduras 10 of 11 years; Aruba, Curaçao, Cayman Islands and "
            "Montserrat partial. A missing year has no row; a missing flow is null, never zero.",
            "2025 LAC-reported rows (Brazil, Guyana, Mexico, Paraguay only) exist in the raw file and are not shipped.",
            "Nothing before 2014 except China-reported trade with Brazil (2003–2024).",
        ],
    }


def china_trade_world(raw):
    rows = []
    for r in read_csv(raw, COMTRADE_WORLD):
        year = int(r["year"])
        if year > LAST_TRADE_YEAR:
            continue
        rows.append({"year": year,
                     "china_reported_exports_usd": rawfiles.number(r["china_reported_exports_usd"]),
                     "china_reported_imports_usd": rawfiles.number(r["china_reported_imports_usd"]),
                     "partner_reported_imports_from_china_usd": rawfiles.number(r["partner_reported_imports_from_china_usd"]),
                     "partner_reported_exports_to_china_usd": rawfiles.number(r["partner_reported_exports_to_china_usd"])})
    money = "US$ (current)"
    return {
        "name": "china_trade_world",
        "description": "China's total goods trade with the world by year (UN Comtrade), as China reports it and as the "
                       "sum of all partners' reports (mirror totals), 2014–2024. The mirror totals are the denominators "
                       "that match the LAC-reported rows of china_trade.",
        "grain": "year",
        "key": ["year"],
        "source": "un_comtrade",
        "columns": [
            col("year", "integer", None, "Calendar year"),
            col("china_reported_exports_usd", "float", money, "China's reported exports to the world"),
            col("china_reported_imports_usd", "float", money, "China's reported imports from the world"),
            col("partner_reported_imports_from_china_usd", "float", money, "Sum over all Comtrade reporters of their imports "
                "from China (mirror of China's exports)"),
            col("partner_reported_exports_to_china_usd", "float", money, "Sum over all Comtrade reporters of their exports to "
                "China (mirror of China's imports)"),
        ],
        "rows": rows,
        "gaps": ["2025 is not shipped: China's own 2025 figures are published upstream as 0 (not yet available) and the "
                 "mirror totals cover only the early reporters."],
    }


def china_finance(raw, countries):
    rows = []
    for r in read_csv(raw, GCDF_YEAR):
        if r["Country Code"] not in countries:
            continue
        rows.append({"iso3": r["Country Code"], "year": int(r["year"]), "projects": rawfiles.integer(r["projects"]),
                     "commitments_usd_const2021": rawfiles.number(r["usd_const_2021"])})
    present = {r["iso3"] for r in rows}
    absent = sorted(c for c in rawfiles.LAC_SOVEREIGN if c not in present)
    return {
        "name": "china_finance",
        "description": "Chinese official-sector development finance (loans and grants) committed to each country by "
                       "year, 2000–2021, AidData GCDF 3.0 (projects recommended for aggregates), constant 2021 US$. "
                       "Only years with at least one project have a row.",
        "grain": "country-year",
        "key": ["iso3", "year"],
        "source": "aiddata_gcdf3_country_year",
        "columns": [
            col("iso3", "string", None, "Recipient, ISO 3166-1 alpha-3"),
            col("year", "integer", None, "Commitment year"),
            col("projects", "integer", "projects", "Number of GCDF projects committed that year (recommended for aggregates)"),
            col("commitments_usd_const2021", "float", "US$ (constant 2021)", "Amount committed, constant 2021 US$ (0 when the year's "
                "projects carry no amount)"),
        ],
        "rows": rows,
        "gaps": [
            f"No GCDF projects recorded for {', '.join(absent)} (no rows); years without projects have no row.",
            "This country-year aggregation and the Teal Insights country totals (china_finance_totals) agree for every "
            "LAC recipient except Argentina (sum of years 37.8 bn vs total 138.8 bn) and Suriname (1.67 vs 2.65 bn); "
            "the two upstream builds filter differently and the cause is not documented, so the gap is left as is.",
            "The upstream column share_amount_estimated is not shipped (its definition is not documented).",
        ],
    }


def china_finance_totals(raw, countries):
    rows = []
    for r in read_csv(raw, GCDF_TOTAL):
        if r["iso3c"] not in countries:
            continue
        rows.append({"iso3": r["iso3c"], "commitments_usd_bn_const2021": rawfiles.number(r["total_commitments_bn"]),
                     "weighted_interest_rate_pct": rawfiles.number(r["weighted_interest_rate"])})
    return {
        "name": "china_finance_totals",
        "description": "Total Chinese official-sector commitments to each recipient 2000–2021 (AidData GCDF 3.0, "
                       "constant 2021 US$ billions) with the commitment-weighted interest rate, as aggregated by Teal "
                       "Insights.",
        "grain": "country",
        "key": ["iso3"],
        "source": "aiddata_gcdf3_totals",
        "columns": [
            col("iso3", "string", None, "Recipient, ISO 3166-1 alpha-3"),
            col("commitments_usd_bn_const2021", "float", "US$ billions (constant 2021)", "Total committed 2000–2021, constant 2021 US$ billions"),
            col("weighted_interest_rate_pct", "float", "percent", "Commitment-weighted average interest rate of the loans with "
                "a known rate"),
        ],
        "rows": rows,
        "gaps": ["weighted_interest_rate_pct is null where no committed loan has a known rate.",
                 "See china_finance for the Argentina and Suriname difference between the two aggregations."],
    }


def china_investment(raw, names_to_iso):
    rows = []
    for i, r in enumerate(read_csv(raw, AEI), start=1):
        iso = names_to_iso.get(r["Country"])
        if iso is None:
            raise ValueError(f"{AEI} row {i}: country {r['Country']!r} not in the countries table")
        if r["Month"] not in MONTHS:
            raise ValueError(f"{AEI} row {i}: month {r['Month']!r}")
        bri = {"": None, "0": False, "1": True}[r["BRI"]]
        greenfield = {"": False, "G": True}[r["Greenfield"]]
        rows.append({"deal_no": i, "iso3": iso, "year": int(r["Year"]), "month": MONTHS.index(r["Month"]) + 1,
                     "investor": r["Investor"], "amount_usd_mn": rawfiles.number(r["Quantity in Millions"]),
                     "share_size": r["Share Size"] or None, "transaction_party": r["Transaction Party"] or None,
                     "sector": r["Sector"], "subsector": r["Subsector"] or None, "bri": bri, "greenfield": greenfield})
    return {
        "name": "china_investment",
        "description": "Chinese investment deals of US$100 million or more in South America, 2005–2021 (AEI China "
                       "Global Investment Tracker, South America subset), one row per deal as listed.",
        "grain": "deal",
        "key": ["deal_no"],
        "source": "aei_cgit",
        "columns": [
            col("deal_no", "integer", None, "Row number of the deal in the raw file (1-based; stable for this edition only)"),
            col("iso3", "string", None, "Host country, ISO 3166-1 alpha-3"),
            col("year", "integer", None, "Year of the deal"),
            col("month", "integer", None, "Month of the deal (1–12)"),
            col("investor", "string", None, "Chinese investor(s) as named by AEI"),
            col("amount_usd_mn", "float", "US$ millions", "Value of the investment"),
            col("share_size", "string", None, "Share acquired, as published (percent; several investors listed as '45, 35, 20')"),
            col("transaction_party", "string", None, "Counterparty or target, when AEI names one"),
            col("sector", "string", None, "AEI sector"),
            col("subsector", "string", None, "AEI subsector"),
            col("bri", "boolean", None, "AEI's Belt and Road flag (1 = true, 0 = false)"),
            col("greenfield", "boolean", None, "Greenfield investment ('G' in the tracker)"),
        ],
        "rows": rows,
        "gaps": [
            "South America only (8 countries); no Mexico, Central America or Caribbean, no construction contracts, "
            "nothing after 2021: the full tracker was not found.",
            "bri is null where the tracker leaves the flag blank (mostly deals before the BRI existed).",
            "share_size is kept as text because some deals list several shares.",
        ],
    }


def build(raw):
    countries = rawfiles.COUNTRY_SET
    names = {r["name_short"]: r["ISO3"] for r in read_csv(raw, "country-converter/memberships_lac_usa.csv")
             if r["ISO3"] in countries}
    return [china_trade(raw, countries), china_trade_world(raw), china_finance(raw, countries),
            china_finance_totals(raw, countries), china_investment(raw, names)]
