"""Check the data files in marketplace/data/ and every reference in demo.json.

Not part of the test suite. Run from the repository root:

    .venv/bin/python bench/validate_demo_data.py [--data marketplace/data]

Exits 1 and lists the problems when anything is wrong; prints counts when all is clean.
Needs python-stdnum (Belgian enterprise-number checksum).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

from stdnum.be import vat as be_vat

ROOT = Path(__file__).resolve().parent.parent

ORG_KINDS = {
    "company",
    "university",
    "research_centre",
    "knowledge_centre",
    "public_body",
    "intermediary",
    "student_association",
    "other",
}
KNOWLEDGE_KINDS = {"university", "research_centre", "knowledge_centre"}
PERSON_KINDS = {"student", "worker", "researcher", "professional"}
CAREER_STAGES = {"student", "early", "mid", "senior", "career_changer"}
ROLES = {"owner", "admin", "member"}
CONTENT_LANGS = {"nl", "en", "fr"}
LANGS = {"nl", "en", "fr", "de", "tr", "ar", "es", "it", "pl", "pt", "ro"}
SLOTS = [f"{d}-{h}" for d in ("mon", "tue", "wed", "thu", "fri") for h in ("am", "pm")]
SECTORS = {"clothing", "food", "furniture", "metal", "graphic"}
# NACE divisions that make a company belong to a studied sector
SECTOR_DIVISIONS = {
    "clothing": {"13", "14", "15"},
    "food": {"10", "11"},
    "furniture": {"31", "16"},
    "metal": {"24", "25", "28", "33"},
    "graphic": {"17", "18"},
}
TECH_GROUPS = {
    "sensing-connectivity",
    "data-ai",
    "automation-robotics",
    "production-processes",
    "digital-engineering",
    "business-systems",
    "human-centred",
    "sustainability",
}
ENTERPRISE_RE = re.compile(r"^[01]\d{3}\.\d{3}\.\d{3}$")
MAX_FILE_BYTES = 4 * 1024 * 1024


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")

    def check(self, cond: bool, where: str, msg: str) -> bool:
        if not cond:
            self.err(where, msg)
        return cond


def read_csv(path: Path, header: list[str], rep: Report) -> list[dict]:
    if not rep.check(path.exists(), path.name, "missing"):
        return []
    rep.check(
        path.stat().st_size < MAX_FILE_BYTES,
        path.name,
        f"larger than 4 MB ({path.stat().st_size} bytes)",
    )
    with open(path, encoding="utf-8", newline="") as f:  # raises on invalid UTF-8
        reader = csv.DictReader(f)
        rep.check(reader.fieldnames == header, path.name, f"header {reader.fieldnames} != {header}")
        return list(reader)


# --------------------------------------------------------------------------- taxonomies


def load_taxonomies(data: Path, rep: Report) -> dict:
    nace = read_csv(
        data / "nace_bel_2008.csv",
        ["code_dotted", "level", "parent_code_dotted", "section", "title_nl", "title_en"],
        rep,
    )
    codes = {r["code_dotted"]: r for r in nace}
    rep.check(
        len(nace) == 1939 and len(codes) == 1939,
        "nace_bel_2008.csv",
        f"{len(nace)} rows, expected 1939 unique",
    )
    for r in nace:
        p = r["parent_code_dotted"]
        if r["level"] == "section":
            rep.check(p == "", "nace", f"section {r['code_dotted']} has parent")
        else:
            rep.check(p in codes, "nace", f"{r['code_dotted']}: parent {p!r} unknown")
            rep.check(
                r["code_dotted"].startswith(p) or r["level"] == "division",
                "nace",
                f"{r['code_dotted']}: parent {p} is not a prefix",
            )
        rep.check(bool(r["title_nl"].strip()), "nace", f"{r['code_dotted']}: no Dutch title")

    isced = read_csv(
        data / "isced_f_2013.csv",
        [
            "detailed_code",
            "detailed_title",
            "narrow_code",
            "narrow_title",
            "broad_code",
            "broad_title",
            "title_nl",
            "title_fr",
        ],
        rep,
    )
    rep.check(len(isced) == 143, "isced_f_2013.csv", f"{len(isced)} rows, expected 143")
    for r in isced:
        rep.check(
            bool(r["title_nl"] and r["title_fr"]),
            "isced",
            f"{r['detailed_code']}: missing translation",
        )
        rep.check(
            r["detailed_code"].startswith(r["narrow_code"])
            and r["narrow_code"].startswith(r["broad_code"]),
            "isced",
            f"{r['detailed_code']}: hierarchy codes inconsistent",
        )

    esco = read_csv(data / "esco_skills.csv", ["uri", "label", "description"], rep)
    uris = {r["uri"] for r in esco}
    rep.check(len(uris) == len(esco), "esco_skills.csv", "duplicate uris")
    for r in esco:
        if not r["uri"].startswith("http://data.europa.eu/esco/skill/"):
            rep.err("esco", f"odd uri {r['uri']}")
        if len(r["description"]) > 241:
            rep.err("esco", f"{r['uri']}: description longer than 240 characters")

    nuts = read_csv(
        data / "nuts_2016.csv", ["code", "level", "country", "label", "label_nl", "label_fr"], rep
    )
    be = [r for r in nuts if r["country"] == "BE"]
    for r in be:
        rep.check(
            bool(r["label_nl"] and r["label_fr"]),
            "nuts",
            f"{r['code']}: Belgian row without nl/fr label",
        )
    countries = {r["country"] for r in nuts if r["level"] == "0"}
    rep.check(len(countries) == 28, "nuts", f"{len(countries)} countries at level 0, expected 28")

    tech_path = data / "technologies.json"
    techs = json.loads(tech_path.read_text(encoding="utf-8")) if tech_path.exists() else []
    rep.check(bool(techs), "technologies.json", "missing or empty")
    slugs = [t.get("slug") for t in techs]
    rep.check(len(slugs) == len(set(slugs)), "technologies.json", "duplicate slugs")
    for t in techs:
        where = f"technologies.json[{t.get('slug')}]"
        rep.check(
            bool(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", t.get("slug", ""))),
            where,
            "slug not kebab-case",
        )
        rep.check(t.get("group") in TECH_GROUPS, where, f"unknown group {t.get('group')!r}")
        for field in ("label", "explanation"):
            rep.check(
                set(t.get(field, {})) == CONTENT_LANGS and all(t[field].values()),
                where,
                f"{field} needs non-empty nl/en/fr",
            )
        kws = t.get("keywords", {})
        rep.check(set(kws) == CONTENT_LANGS, where, "keywords need nl/en/fr")
        for lang, words in kws.items():
            rep.check(5 <= len(words) <= 12, where, f"{len(words)} {lang} keywords (want 5–12)")
            rep.check(
                all(w == w.lower() and w.strip() == w and w for w in words),
                where,
                f"{lang} keywords not lowercase/trimmed",
            )
            rep.check(len(words) == len(set(words)), where, f"duplicate {lang} keywords")

    return {
        "nace": codes,
        "nace_leaf": {c for c, r in codes.items() if r["level"] in ("class", "subclass")},
        "isced": {r["detailed_code"] for r in isced},
        "esco": uris,
        "nuts_be3": {
            r["code"] for r in be if r["level"] == "3" and not r["code"].startswith("BEZ")
        },
        "tech": set(slugs),
    }


# --------------------------------------------------------------------------- demo.json


def ascii_key(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return "".join(ch for ch in s.lower() if ch.isalnum())


def check_demo(data: Path, tax: dict, rep: Report) -> dict:
    demo = json.loads((data / "demo.json").read_text(encoding="utf-8"))
    rep.check(
        set(demo) == {"organisations", "people", "capabilities", "collaborations"},
        "demo.json",
        f"top-level keys {sorted(demo)}",
    )

    # ---- organisations
    orgs = {}
    numbers = Counter()
    for i, o in enumerate(demo.get("organisations", [])):
        ref = o.get("ref", "")
        where = f"organisations[{i}] {ref}"
        rep.check(bool(re.fullmatch(r"demo:[a-z0-9-]+", ref)), where, "ref must be demo:<slug>")
        rep.check(ref not in orgs, where, "duplicate ref")
        orgs[ref] = o
        rep.check(bool(o.get("name")), where, "no name")
        rep.check(o.get("kind") in ORG_KINDS, where, f"kind {o.get('kind')!r}")
        num = o.get("enterprise_number", "")
        numbers[num] += 1
        rep.check(bool(ENTERPRISE_RE.match(num)), where, f"enterprise number format {num!r}")
        rep.check(be_vat.is_valid(num), where, f"enterprise number {num} fails the checksum")
        nace = o.get("nace", [])
        rep.check(isinstance(nace, list) and nace, where, "nace must be a non-empty list")
        for c in nace:
            rep.check(
                c in tax["nace_leaf"],
                where,
                f"NACE {c!r} is not a class/subclass of nace_bel_2008.csv",
            )
        rep.check(
            o.get("nuts") in tax["nuts_be3"],
            where,
            f"NUTS {o.get('nuts')!r} is not a Belgian NUTS 3 code",
        )
        rep.check(
            isinstance(o.get("staff_headcount"), int) and o["staff_headcount"] >= 0,
            where,
            "staff_headcount",
        )
        t = o.get("annual_turnover_eur")
        rep.check(
            t is None or (isinstance(t, int) and t >= 0),
            where,
            "annual_turnover_eur must be int or null",
        )
        langs = o.get("languages", [])
        rep.check(
            bool(langs) and set(langs) <= LANGS and len(langs) == len(set(langs)),
            where,
            f"languages {langs}",
        )
        url = urlparse(o.get("website", ""))
        rep.check(
            url.scheme == "https" and (url.hostname or "").endswith(".example"),
            where,
            f"website {o.get('website')!r} must be https://….example",
        )
        rep.check(bool(o.get("description")), where, "no description")
        rep.check(o.get("description_language") in CONTENT_LANGS, where, "description_language")
        rep.check(isinstance(o.get("equipment"), str), where, "equipment must be text")
        sector = o.get("sector")
        rep.check(sector is None or sector in SECTORS, where, f"sector {sector!r}")
        if sector:
            divisions = {c[:2] for c in nace}
            rep.check(
                bool(divisions & SECTOR_DIVISIONS[sector]),
                where,
                f"no NACE code in the {sector} sector",
            )
    for num, n in numbers.items():
        rep.check(n == 1, "organisations", f"enterprise number {num} used {n} times")

    companies = [o for o in orgs.values() if o["kind"] == "company"]
    smes = [o for o in companies if o["staff_headcount"] < 250]
    per_sector = Counter(o["sector"] for o in smes)
    for s in SECTORS:
        rep.check(per_sector[s] >= 5, "organisations", f"only {per_sector[s]} SMEs in sector {s}")
    rep.check(
        any(o["staff_headcount"] >= 250 for o in companies), "organisations", "no large company"
    )
    kinds = Counter(o["kind"] for o in orgs.values())
    for k in (
        "university",
        "research_centre",
        "knowledge_centre",
        "intermediary",
        "student_association",
    ):
        rep.check(kinds[k] >= 1, "organisations", f"no organisation of kind {k}")

    # ---- people
    people = {}
    emails = Counter()
    owners = Counter()
    for i, p in enumerate(demo.get("people", [])):
        key = p.get("key", "")
        where = f"people[{i}] {key}"
        rep.check(bool(key) and key not in people, where, "missing or duplicate key")
        people[key] = p
        email = p.get("email", "")
        emails[email] += 1
        if key == "demo":
            rep.check(
                email == "demo@kruispunt.example",
                where,
                "demo login must have demo@kruispunt.example",
            )
        else:
            first, last = ascii_key(p.get("first_name", "")), ascii_key(p.get("last_name", ""))
            expected = f"{first}.{last}@demo.kruispunt.example"
            rep.check(email == expected, where, f"email {email!r}, expected {expected!r}")
        rep.check(bool(p.get("first_name") and p.get("last_name")), where, "name")
        kind = p.get("kind")
        rep.check(kind in PERSON_KINDS, where, f"kind {kind!r}")
        disc = p.get("discipline")
        if kind in ("student", "researcher"):
            rep.check(disc is not None, where, "students and researchers need a discipline")
        rep.check(
            disc is None or disc in tax["isced"],
            where,
            f"discipline {disc!r} not in isced_f_2013.csv",
        )
        inst = p.get("institution")
        if inst is not None:
            rep.check(
                inst in orgs and orgs[inst]["kind"] in KNOWLEDGE_KINDS,
                where,
                f"institution {inst!r} is not a demo knowledge institution",
            )
        if kind == "student":
            rep.check(
                inst is not None and bool(p.get("programme")),
                where,
                "students need institution and programme",
            )
        skills = p.get("skills", [])
        rep.check(3 <= len(skills) <= 6, where, f"{len(skills)} skills (want 3–6)")
        for s in skills:
            rep.check(s in tax["esco"], where, f"skill {s} not in esco_skills.csv")
        rep.check(len(skills) == len(set(skills)), where, "duplicate skills")
        langs = p.get("languages", [])
        rep.check(bool(langs) and set(langs) <= LANGS, where, f"languages {langs}")
        avail = p.get("availability", [])
        rep.check(
            set(avail) <= set(SLOTS) and len(avail) == len(set(avail)),
            where,
            f"availability {avail}",
        )
        rep.check(
            p.get("career_stage") in CAREER_STAGES, where, f"career_stage {p.get('career_stage')!r}"
        )
        if kind == "student":
            rep.check(
                p["career_stage"] in ("student", "career_changer"),
                where,
                "student with a non-student career stage",
            )
        rep.check(bool(p.get("bio")), where, "no bio")
        for m in p.get("memberships", []):
            rep.check(m.get("org") in orgs, where, f"membership org {m.get('org')!r} unknown")
            rep.check(m.get("role") in ROLES, where, f"membership role {m.get('role')!r}")
            if m.get("role") == "owner":
                owners[m.get("org")] += 1
    for e, n in emails.items():
        rep.check(n == 1, "people", f"email {e} used {n} times")
    demo_p = people.get("demo")
    if rep.check(demo_p is not None, "people", "no person with key 'demo'"):
        rep.check(
            demo_p["kind"] == "professional", "people[demo]", "demo login must be a professional"
        )
        rep.check(
            any(
                m["role"] == "owner"
                and orgs.get(m["org"], {}).get("kind") == "company"
                and orgs[m["org"]]["staff_headcount"] < 250
                for m in demo_p["memberships"]
            ),
            "people[demo]",
            "demo login must own an SME",
        )
    for o in smes:
        rep.check(owners[o["ref"]] >= 1, o["ref"], "SME without an owner person")

    # ---- capabilities
    caps = {}
    for i, c in enumerate(demo.get("capabilities", [])):
        key = c.get("key", "")
        where = f"capabilities[{i}] {key}"
        rep.check(bool(key) and key not in caps, where, "missing or duplicate key")
        caps[key] = c
        oo, op = c.get("owner_org"), c.get("owner_person")
        rep.check((oo is None) != (op is None), where, "exactly one of owner_org / owner_person")
        if oo is not None:
            rep.check(oo in orgs, where, f"owner_org {oo!r} unknown")
        if op is not None:
            rep.check(op in people, where, f"owner_person {op!r} unknown")
        rep.check(bool(c.get("title")), where, "no title")
        desc = c.get("description", "")
        n_sent = len(re.findall(r"[.!?](\s|$)", desc))
        rep.check(2 <= n_sent <= 4, where, f"description has {n_sent} sentences (want 2–4)")
        rep.check(c.get("language") in CONTENT_LANGS, where, "language")
        for t in c.get("technologies", []):
            rep.check(t in tax["tech"], where, f"technology {t!r} not in technologies.json")
        for s in c.get("skills", []):
            rep.check(s in tax["esco"], where, f"skill {s} not in esco_skills.csv")
        rep.check(bool(c.get("skills")), where, "no skills")
        for n in c.get("sectors", []):
            rep.check(n in tax["nace_leaf"], where, f"sector NACE {n!r} is not a class/subclass")
        lo, hi = c.get("trl_min"), c.get("trl_max")
        rep.check(
            isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi <= 9,
            where,
            f"TRL {lo}–{hi}",
        )
        rep.check(c.get("nuts") in tax["nuts_be3"], where, f"NUTS {c.get('nuts')!r}")
    lang_mix = Counter(c["language"] for c in caps.values())
    rep.check(
        lang_mix["nl"] > len(caps) / 2 and lang_mix["en"] and lang_mix["fr"],
        "capabilities",
        f"language mix {dict(lang_mix)}: want a Dutch majority plus English and French",
    )

    # ---- collaborations
    refs = set()
    for i, p in enumerate(demo.get("collaborations", [])):
        ref = p.get("ref", "")
        where = f"collaborations[{i}] {ref}"
        rep.check(
            ref.startswith("demo:proj-") and ref not in refs,
            where,
            "ref must be unique demo:proj-…",
        )
        rep.check(ref not in orgs, where, "collaboration ref collides with an organisation ref")
        refs.add(ref)
        try:
            start = dt.date.fromisoformat(p.get("start", ""))
            rep.check(
                start <= dt.date.today(),
                where,
                "start date in the future (track record is past work)",
            )
        except ValueError:
            rep.err(where, f"start {p.get('start')!r} is not YYYY-MM-DD")
        rep.check(bool(p.get("title")) and bool(p.get("summary")), where, "title and summary")
        rep.check(isinstance(p.get("tags", []), list), where, "tags must be a list")
        parts = p.get("participants", [])
        rep.check(len(parts) >= 2, where, "fewer than two participants")
        rep.check(
            sum(x.get("role") == "coordinator" for x in parts) == 1,
            where,
            "exactly one coordinator",
        )
        seen = set()
        for x in parts:
            rep.check(x.get("org") in orgs, where, f"participant {x.get('org')!r} unknown")
            rep.check(
                x.get("role") in ("coordinator", "participant"), where, f"role {x.get('role')!r}"
            )
            rep.check(x.get("org") not in seen, where, f"{x.get('org')} listed twice")
            seen.add(x.get("org"))

    return {
        "organisations": len(orgs),
        "companies": len(companies),
        "smes": len(smes),
        "smes_per_sector": dict(per_sector),
        "org_kinds": dict(kinds),
        "people": len(people),
        "people_kinds": dict(Counter(p["kind"] for p in people.values())),
        "capabilities": len(caps),
        "capability_languages": dict(lang_mix),
        "collaborations": len(refs),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "marketplace" / "data")
    args = ap.parse_args()
    rep = Report()
    tax = load_taxonomies(args.data, rep)
    summary = check_demo(args.data, tax, rep)
    for w in rep.warnings:
        print("warning:", w)
    if rep.errors:
        for e in rep.errors:
            print("ERROR:", e)
        print(f"{len(rep.errors)} problem(s)")
        return 1
    print("clean:", json.dumps({"technologies": len(tax["tech"]), **summary}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
