"""Agreements, their members, and the articles and events of seed-articles/.

Agreements and memberships come from two raw files: membership-facts (USTR's list of US FTA
partners in LAC, compiled for this dataset; its source id `membership_facts` is declared by
tables_countries.py) and seed-articles/events.csv (NAFTA, USMCA, FTAA with dates). Nothing is
added from general knowledge: a date or member neither file states is null and listed as a gap.
Every agreement name below is checked to occur in the raw file it is credited to.
"""
import datetime

from rawfiles import col, read_csv

FACTS_FILE = "membership-facts/lac_us_fta_and_taiwan_recognition.csv"
ARTICLES_FILE = "seed-articles/articles.csv"
EVENTS_FILE = "seed-articles/events.csv"

SOURCES = [
    {"id": "seed_articles",
     "publisher": "Five public commentary articles on US policy toward Latin America (authors in the articles table)",
     "title": "seed-articles: articles.csv and events.csv (facts and dated events transcribed from the articles)",
     "edition": "articles 2021–2024 (year inferred from content; no full publication dates in the copies used)",
     "license": "No licence stated; transcribed facts, dates and amounts with short titles, credited to each article",
     "raw_files": [ARTICLES_FILE, EVENTS_FILE],
     "caveats": "Events and amounts are as the articles state them, not verified against primary sources. Dates "
                "are as precise as the article gives them (a year, a month or a day).",
     "redistributable": True},
]

# One entry per agreement. `label` is how membership-facts names it (us_fta_agreement column);
# `event` is its row in events.csv. Names are quoted from those files (checked in build()).
_AGREEMENTS = [
    {"agreement_id": "usmca", "name": "United States-Mexico-Canada Agreement (USMCA)", "label": "USMCA",
     "event": "usmca", "scope": "regional", "status": "in_force"},
    {"agreement_id": "cafta_dr", "name": "CAFTA-DR", "label": "CAFTA-DR",
     "event": None, "scope": "regional", "status": "in_force"},
    {"agreement_id": "us_chile", "name": "US-Chile", "label": "bilateral (US-Chile)",
     "event": None, "scope": "bilateral", "status": "in_force"},
    {"agreement_id": "us_colombia", "name": "US-Colombia", "label": "bilateral (US-Colombia)",
     "event": None, "scope": "bilateral", "status": "in_force"},
    {"agreement_id": "us_panama", "name": "US-Panama", "label": "bilateral (US-Panama)",
     "event": None, "scope": "bilateral", "status": "in_force"},
    {"agreement_id": "us_peru", "name": "US-Peru", "label": "bilateral (US-Peru)",
     "event": None, "scope": "bilateral", "status": "in_force"},
    {"agreement_id": "nafta", "name": "North American Free Trade Agreement (NAFTA)", "label": None,
     "event": "nafta", "scope": "regional", "status": "superseded", "superseded_by": "usmca"},
    {"agreement_id": "ftaa", "name": "Free Trade Area of the Americas (FTAA)", "label": None,
     "event": "ftaa", "scope": "hemispheric", "status": "failed"},
]

# Members a raw file names beyond the LAC partners of membership-facts, with the reason.
_EXTRA_MEMBERS = [
    ("usmca", "CAN", "partner", "named in the agreement's title (seed-articles/events.csv, event usmca)"),
]


def _full_date(text):
    """A YYYY-MM-DD date, or None when the raw date is only a year or a month."""
    try:
        return datetime.date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


def _date_parts(text, where):
    """(year, month) of a raw date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; (None, None) when empty."""
    if text == "":
        return None, None
    parts = text.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
    except ValueError:
        raise ValueError(f"{where}: expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    if len(text) == 10 and _full_date(text) is None:
        raise ValueError(f"{where}: {text!r} is not a valid calendar date")
    return year, month


def _events(raw):
    src = read_csv(raw, EVENTS_FILE)
    events, event_countries = [], []
    for i, r in enumerate(src, start=2):
        where = f"{EVENTS_FILE} line {i}"
        year, month = _date_parts(r["date"], where)
        amount = r["amount_usd_bn"].strip()
        try:
            amount = float(amount) if amount else None
        except ValueError:
            raise ValueError(f"{where}: amount_usd_bn: expected a number, got {amount!r}")
        events.append({
            "event_id": r["event_id"], "article_id": r["article_id"], "kind": r["kind"], "title": r["title"],
            "date_as_published": r["date"] or None, "year": year, "month": month, "date": _full_date(r["date"]),
            "countries": r["countries"] or None, "amount_usd_bn": amount, "notes": r["notes"] or None,
        })
        for iso3 in filter(None, r["countries"].split(";")):
            event_countries.append({"event_id": r["event_id"], "iso3": iso3.strip()})
    return src, events, event_countries


def _agreement_tables(raw, events_src):
    facts = read_csv(raw, FACTS_FILE)
    events = {r["event_id"]: r for r in events_src}
    labels = {r["us_fta_agreement"] for r in facts if r["us_fta_agreement"]}
    known = {a["label"] for a in _AGREEMENTS if a["label"]}
    if labels != known:
        raise ValueError(f"{FACTS_FILE}: us_fta_agreement values {sorted(labels)} differ from the agreements this "
                         f"module knows {sorted(known)}; add or rename the agreement in tables_agreements.py")

    agreements, members = [], []
    for a in _AGREEMENTS:
        ev = events.get(a["event"]) if a["event"] else None
        if a["event"] and ev is None:
            raise ValueError(f"{EVENTS_FILE}: no event {a['event']!r} for agreement {a['agreement_id']}")
        # The name must be quoted from the file it is credited to, never typed from memory.
        quoted_in = ev["title"] if ev else a["label"]
        if a["name"] not in quoted_in:
            raise ValueError(f"agreement {a['agreement_id']}: name {a['name']!r} does not occur in its raw "
                             f"source text {quoted_in!r}")
        in_force_from = _full_date(ev["date"]) if ev else None
        successor = a.get("superseded_by")
        superseded_on = None
        if successor:
            succ_event = next(x for x in _AGREEMENTS if x["agreement_id"] == successor)["event"]
            superseded_on = _full_date(events[succ_event]["date"])
        agreements.append({
            "agreement_id": a["agreement_id"], "name": a["name"], "scope": a["scope"], "status": a["status"],
            "membership_facts_label": a["label"],
            "entry_into_force": in_force_from if a["status"] != "failed" else None,
            "superseded_by": successor, "superseded_on": superseded_on,
            "event_id": a["event"], "article_id": ev["article_id"] if ev else None,
            "notes": (ev["notes"] or None) if ev else None,
        })
        # Parties: the US (every agreement here is a US trade agreement), the LAC partners
        # membership-facts assigns to it, the events.csv countries, and _EXTRA_MEMBERS.
        if a["status"] == "failed":
            continue  # a proposal that fell apart has no members
        parties = {"USA": ("united_states", "every agreement in membership-facts/events.csv is a US agreement")}
        for r in facts:
            if a["label"] and r["us_fta_agreement"] == a["label"]:
                parties[r["iso3"]] = ("partner", f"membership-facts: us_fta_agreement = {a['label']}")
        if ev:
            for iso3 in filter(None, ev["countries"].split(";")):
                parties.setdefault(iso3, ("partner", f"seed-articles/events.csv, event {a['event']}"))
        for agreement_id, iso3, role, basis in _EXTRA_MEMBERS:
            if agreement_id == a["agreement_id"]:
                parties.setdefault(iso3, (role, basis))
        for iso3, (role, basis) in parties.items():
            members.append({"agreement_id": a["agreement_id"], "iso3": iso3, "role": role,
                            "member_from": in_force_from, "member_until": superseded_on, "basis": basis})

    members.sort(key=lambda r: (r["agreement_id"], r["iso3"]))
    agreement_table = {
        "name": "agreements",
        "description": "US trade agreements with Latin America: the six in force (USMCA, CAFTA-DR and the bilateral "
                       "agreements with Chile, Colombia, Panama and Peru), NAFTA (superseded by USMCA) and the FTAA "
                       "(proposed, failed).",
        "grain": "agreement",
        "key": ["agreement_id"],
        "source": "membership_facts",
        "columns": [
            col("agreement_id", "string", None, "Identifier used by agreement_members"),
            col("name", "string", None, "Name as given in membership-facts or in the events.csv title"),
            col("scope", "string", None, "bilateral, regional or hemispheric (number and spread of parties)"),
            col("status", "string", None, "in_force (per USTR's list in membership-facts), superseded or failed (per events.csv)"),
            col("membership_facts_label", "string", None, "The us_fta_agreement value in membership-facts, null when not listed there"),
            col("entry_into_force", "date", None, "Date the agreement was enacted, where events.csv gives a full date",
                 "seed_articles"),
            col("superseded_by", "string", None, "agreement_id of the agreement that replaced it (events.csv: 'replaced by USMCA')",
                 "seed_articles"),
            col("superseded_on", "date", None, "Entry into force of the replacing agreement", "seed_articles"),
            col("event_id", "string", None, "Row in the events table describing it", "seed_articles"),
            col("article_id", "string", None, "Article that mentions it (articles table)", "seed_articles"),
            col("notes", "string", None, "Notes from events.csv as published", "seed_articles"),
        ],
        "rows": agreements,
        "gaps": [
            "Entry-into-force dates of CAFTA-DR and the bilateral agreements with Chile, Colombia, Panama and Peru are "
            "not in the raw files: null.",
            "The FTAA was proposed and fell apart (events.csv, 2005); it has no entry into force and no members.",
        ],
    }
    member_table = {
        "name": "agreement_members",
        "description": "Parties to the US trade agreements in the agreements table, with the dates the raw files give.",
        "grain": "agreement-country",
        "key": ["agreement_id", "iso3"],
        "source": "membership_facts",
        "columns": [
            col("agreement_id", "string", None, "agreements.agreement_id"),
            col("iso3", "string", None, "ISO 3166-1 alpha-3 of the party"),
            col("role", "string", None, "united_states or partner"),
            col("member_from", "date", None, "Entry into force of the agreement where a full date is known", "seed_articles"),
            col("member_until", "date", None, "Date the agreement was superseded, if it was", "seed_articles"),
            col("basis", "string", None, "Which raw file (and field) makes this country a party"),
        ],
        "rows": members,
        "gaps": [
            "Canada's membership of NAFTA is not stated in the raw files (events.csv lists only MEX for NAFTA); not "
            "added. Canada is a USMCA member because the agreement's title in events.csv names it.",
            "Membership dates are the agreement's entry into force; individual accession dates (e.g. for CAFTA-DR "
            "members) are not in the raw files: null.",
        ],
    }
    return agreement_table, member_table


def build(raw):
    events_src, events, event_countries = _events(raw)
    articles = [{"article_id": r["article_id"], "title": r["title"], "author": r["author"],
                 "affiliation": r["affiliation"] or None, "year_inferred": int(r["year_inferred"])}
                for r in read_csv(raw, ARTICLES_FILE)]
    article_ids = {a["article_id"] for a in articles}
    for e in events:
        if e["article_id"] not in article_ids:
            raise ValueError(f"{EVENTS_FILE}: event {e['event_id']} cites unknown article {e['article_id']!r}")
    agreement_table, member_table = _agreement_tables(raw, events_src)
    return [
        agreement_table,
        member_table,
        {
            "name": "events",
            "description": "Dated events, initiatives, visits, summits, projects (such as the Chancay port) and agreements "
                           "mentioned in the seed articles, with the amounts the articles state.",
            "grain": "event",
            "key": ["event_id"],
            "source": "seed_articles",
            "columns": [
                col("event_id", "string", None, "Identifier from events.csv"),
                col("article_id", "string", None, "Article that reports it (articles table)"),
                col("kind", "string", None, "project, visit, summit, initiative or agreement"),
                col("title", "string", None, "Description as transcribed"),
                col("date_as_published", "string", None, "Date as precise as the article gives it (YYYY, YYYY-MM or YYYY-MM-DD)"),
                col("year", "integer", None, "Year of the event, where given"),
                col("month", "integer", None, "Month of the event, where given"),
                col("date", "date", None, "Full date, only where the article gives the day"),
                col("countries", "string", None, "ISO3 codes as in events.csv, ';'-separated (see event_countries)"),
                col("amount_usd_bn", "float", "US$ billions", "Amount the article states (nominal, as stated)"),
                col("notes", "string", None, "Notes as transcribed"),
            ],
            "rows": events,
            "gaps": ["Some events have no date or only a year or month (see date_as_published); amounts are the "
                     "articles' figures, not verified."],
        },
        {
            "name": "event_countries",
            "description": "Countries each event concerns, one row per event and country (from events.csv).",
            "grain": "event-country",
            "key": ["event_id", "iso3"],
            "source": "seed_articles",
            "columns": [col("event_id", "string", None, "events.event_id"),
                        col("iso3", "string", None, "ISO 3166-1 alpha-3")],
            "rows": sorted(event_countries, key=lambda r: (r["event_id"], r["iso3"])),
            "gaps": ["Region-wide events (e.g. APEP, America Crece, FTAA) list no country: no rows."],
        },
        {
            "name": "articles",
            "description": "The five commentary articles on US policy toward Latin America behind events and claims.",
            "grain": "article",
            "key": ["article_id"],
            "source": "seed_articles",
            "columns": [col("article_id", "string", None, "Identifier used by events and claims"),
                        col("title", "string", None, "Title (or a description where untitled)"),
                        col("author", "string", None, "Author as given"),
                        col("affiliation", "string", None, "Author's affiliation as given"),
                        col("year_inferred", "integer", None, "Year implied by the article's content (no full publication date)")],
            "rows": articles,
            "gaps": ["No article carries a full publication date in the copy used; year_inferred is inferred from content."],
        },
    ]
