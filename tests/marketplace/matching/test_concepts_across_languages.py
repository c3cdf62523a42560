"""A Dutch request finds an English-described capability through a shared concept."""

from marketplace.matching.analysis import analyze, detect_language
from marketplace.matching.concepts import ConceptMatcher

from .helpers import engine, org, project, ranked

LEXICON = {
    "welding": ["welding", "weld", "lassen", "lasrobot", "soudage"],
    "food_packaging": ["food packaging", "voedselverpakking", "emballage alimentaire"],
}


def test_detects_the_three_interface_languages():
    assert detect_language("Wij zoeken een partner voor het lassen van de frames") == "nl"
    assert detect_language("We are looking for a partner for the welding of frames") == "en"
    assert detect_language("Nous cherchons un partenaire pour le soudage des cadres") == "fr"


def test_stop_words_go_and_words_are_stemmed_in_their_language():
    assert analyze("The welding of frames") == ["weld", "frame"]
    assert analyze("Het lassen van stalen frames") == ["las", "staal", "frame"]


def test_a_keyword_in_any_language_finds_its_concept():
    matcher = ConceptMatcher(LEXICON)
    assert matcher.find(analyze("Wij zoeken hulp bij het lassen van frames")) == {"welding"}
    assert matcher.find(analyze("Soudage robotisé pour cadres")) == {"welding"}
    assert matcher.find(analyze("Innovative food packaging for retailers")) == {"food_packaging"}
    assert matcher.find(analyze("A bakery in Ghent")) == set()


def test_dutch_request_ranks_english_welding_capability_first():
    orgs = [
        org("asker", description="Meubelmaker uit Kortrijk"),
        org(
            "welder",
            country="NL",
            description="We offer robotic welding cells and precision welding services",
        ),
        org(
            "packer", country="NL", description="We design sustainable food packaging for retailers"
        ),
        org("printer", country="FR", description="Offset printing of catalogues"),
    ]
    projects = [project("p1", ["welder", "packer"]), project("p2", ["printer", "packer"])]
    found = engine(orgs, projects, LEXICON).suggest(
        {"org": "asker", "text": "Wij zoeken een partner voor het lassen van stalen frames"}
    )
    assert ranked(found)[0] == "welder"
    reasons = {r.code: r for r in found[0].reasons}
    assert reasons["shared_concepts"].evidence == {"technologies": ["welding"]}
    assert reasons["shared_concepts"].contribution > 0
