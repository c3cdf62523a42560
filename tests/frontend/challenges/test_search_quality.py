"""Search quality on a labelled query set: Dutch compounds ("lassen robot" finds "Robotlassen
voor series van vijf stuks"), multi-word queries, plurals and other forms, accents, in nl, en
and fr, for challenges (GET /api/v1/challenges/?q=) and capabilities (the capabilities page).

The seeded texts include near misses on purpose ("Last-mile delivery robots", "Glasplaten"),
so the precision figure means something. Run with -rP to see the measured figures."""

from __future__ import annotations

import re

import pytest

from tests.factories import CapabilityFactory
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db

CHALLENGES = {
    "robotlassen": (
        "nl",
        "Robotlassen voor series van vijf stuks",
        "Wij lassen stalen frames in kleine series en vinden geen lassers.",
    ),
    "lasrobot": (
        "nl",
        "Lasrobot programmeren vanuit het 3D-model",
        "Offline programmeren van een lasrobot voor kleine reeksen.",
    ),
    "verpakkingslijn": (
        "nl",
        "Verpakkingslijn voor kazen automatiseren",
        "Onze verpakkingen worden met de hand gevouwen.",
    ),
    "lasersnijden": (
        "nl",
        "Lasersnijden van textiel zonder rafels",
        "Stoffen snijden met een laser voor maatwerkkleding.",
    ),
    "drukpersen": (
        "nl",
        "Voorspellend onderhoud van drukpersen",
        "Sensoren op de drukpers melden slijtage vooraf.",
    ),
    "bakovens": (
        "nl",
        "Energieverbruik van bakovens verlagen",
        "Onze ovens draaien de hele nacht door.",
    ),
    "glasplaten": (
        "nl",
        "Glasplaten snijden met een waterstraal",
        "Minder breuk bij het snijden van dik glas.",
    ),
    "welded-seams": (
        "en",
        "Vision inspection of welded seams",
        "Cameras check every weld seam on the line.",
    ),
    "cobots-cheese": (
        "en",
        "Cobots for palletising cheese boxes",
        "A collaborative robot stacks boxes at the end of the packaging line.",
    ),
    "timber": (
        "en",
        "Traceability of timber in furniture production",
        "Know where every plank of oak comes from.",
    ),
    "robot-welding": (
        "en",
        "Robot welding cell for small batches",
        "Our welders retire; we need a welding cell that is quick to program.",
    ),
    "last-mile": (
        "en",
        "Last-mile delivery robots for bakeries",
        "Small robots bring bread to shops in the city centre.",
    ),
    "soudage": (
        "fr",
        "Soudage robotisé de petites séries",
        "Nous cherchons un robot de soudage pour des pièces uniques.",
    ),
    "etiquettes": (
        "fr",
        "Contrôle qualité des étiquettes par caméra",
        "Détecter les étiquettes mal imprimées sur la ligne.",
    ),
    "decoupe-bois": (
        "fr",
        "Réduire les déchets de découpe du bois",
        "Optimiser la découpe des panneaux de chêne.",
    ),
}
CAPABILITIES = {
    "lasrobotcellen": (
        "nl",
        "Lasrobotcellen op maat",
        "Wij bouwen robotcellen voor het lassen van staal.",
    ),
    "vision": (
        "en",
        "Machine vision for quality control",
        "Camera systems that inspect labels and seams.",
    ),
    "presses": (
        "fr",
        "Maintenance prédictive des presses",
        "Capteurs et analyse des données pour les imprimeries.",
    ),
    "verpakkingsmachines": (
        "nl",
        "Verpakkingsmachines ombouwen",
        "Wij automatiseren verpakkingslijnen in de voeding.",
    ),
    "laser-cutting": (
        "en",
        "Laser cutting of technical textiles",
        "Clean edges on coated fabrics.",
    ),
    "glas": ("nl", "Glasbewerking en glasrobots", "Wij snijden, slijpen en boren glas."),
}
# query → (the challenges a person searching for it wants, the capabilities they want)
LABELLED: dict[str, tuple[set[str], set[str]]] = {
    "lassen robot": ({"robotlassen", "lasrobot"}, {"lasrobotcellen"}),
    "robotlassen": ({"robotlassen", "lasrobot"}, {"lasrobotcellen"}),
    "lasrobot": ({"robotlassen", "lasrobot"}, {"lasrobotcellen"}),
    "lasrobots": ({"robotlassen", "lasrobot"}, {"lasrobotcellen"}),
    "lassen": ({"robotlassen", "lasrobot"}, {"lasrobotcellen"}),
    "robot welding": ({"robot-welding"}, set()),
    "welding": ({"robot-welding", "welded-seams"}, set()),
    "welded seams": ({"welded-seams"}, set()),
    "verpakkingslijn": ({"verpakkingslijn"}, {"verpakkingsmachines"}),
    "verpakking": ({"verpakkingslijn"}, {"verpakkingsmachines"}),
    "lijn verpakking": ({"verpakkingslijn"}, {"verpakkingsmachines"}),
    "kazen": ({"verpakkingslijn"}, set()),
    "drukpers": ({"drukpersen"}, set()),
    "onderhoud drukpersen": ({"drukpersen"}, set()),
    "oven energie": ({"bakovens"}, set()),
    "bakoven": ({"bakovens"}, set()),
    "cobot": ({"cobots-cheese"}, set()),
    "cheese": ({"cobots-cheese"}, set()),
    "traceability furniture": ({"timber"}, set()),
    "soudage robot": ({"soudage"}, set()),
    "pièce": ({"soudage"}, set()),
    "pieces uniques": ({"soudage"}, set()),
    "étiquettes caméra": ({"etiquettes"}, set()),
    "camera": ({"welded-seams", "etiquettes"}, {"vision"}),
    "découpe bois": ({"decoupe-bois"}, set()),
    "decoupe": ({"decoupe-bois"}, set()),
    "quality control": (set(), {"vision"}),
    "laser": ({"lasersnijden"}, {"laser-cutting"}),
    "lasersnijden": ({"lasersnijden"}, set()),
    "maintenance prédictive": (set(), {"presses"}),
    "glas snijden": ({"glasplaten"}, {"glas"}),
}
# The best match comes first: the whole word before a compound part or a near miss.
FIRST = {
    "robotlassen": "robotlassen",
    "lasrobot": "lasrobot",
    "lassen robot": "robotlassen",
    "welding": "robot-welding",
}
RECALL_FLOOR = 0.95
PRECISION_FLOOR = 0.88


@pytest.fixture
def seeded(owner, organisation):
    titles: dict[str, str] = {}
    for key, (language, title, summary) in CHALLENGES.items():
        make_challenge(
            owner,
            organisation,
            language=language,
            title=title,
            summary=summary,
            goal="",
            scope="",
            technologies=[],
        )
        titles[title] = key
    for key, (language, title, description) in CAPABILITIES.items():
        CapabilityFactory(
            owner_organisation=organisation, language=language, title=title, description=description
        )
        titles[title] = key
    return titles


def _challenges_found(api, query: str, titles: dict[str, str]) -> list[str]:
    response = api(None).get("/api/v1/challenges/", {"q": query, "page_size": 50})
    assert response.status_code == 200, response.content
    return [titles[c["title"]] for c in response.json()["results"]]


def _capabilities_found(page, query: str, titles: dict[str, str]) -> list[str]:
    response = page(None, "/en/capaciteiten/", data={"q": query})
    assert response.status_code == 200
    found = re.findall(
        r'<h2 class="h3"><a href="/en/capaciteiten/\d+/">([^<]+)</a>', response.content.decode()
    )
    return [titles[title] for title in found]


def test_labelled_queries_meet_the_recall_and_precision_floor(api, page, seeded):
    expected_total = found_total = relevant_found = 0
    misses: list[str] = []
    for query, (want_challenges, want_capabilities) in LABELLED.items():
        found = set(_challenges_found(api, query, seeded)) | {
            f"cap:{key}" for key in _capabilities_found(page, query, seeded)
        }
        wanted = want_challenges | {f"cap:{key}" for key in want_capabilities}
        expected_total += len(wanted)
        found_total += len(found)
        relevant_found += len(found & wanted)
        if found != wanted:
            misses.append(
                f"  {query!r}: missing {sorted(wanted - found)}, extra {sorted(found - wanted)}"
            )
    recall = relevant_found / expected_total
    precision = relevant_found / found_total
    print(
        f"\nsearch quality over {len(LABELLED)} labelled queries (nl/en/fr): "
        f"recall {recall:.3f}, precision {precision:.3f} "
        f"({relevant_found} relevant of {found_total} found, {expected_total} expected)"
    )
    print("\n".join(["queries not answered exactly:", *misses]) if misses else "all exact")
    assert recall >= RECALL_FLOOR
    assert precision >= PRECISION_FLOOR


def test_lassen_robot_finds_robotlassen_first(api, seeded):
    for query, key in FIRST.items():
        assert _challenges_found(api, query, seeded)[0] == key, query


def test_the_browse_page_finds_the_compound(page, seeded):
    html = page(None, "/en/challenges/", data={"q": "lassen robot"}).content.decode()
    assert "Robotlassen voor series van vijf stuks" in html
