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


def test_a_phrase_whose_qualifier_is_a_stop_word_does_not_stand_for_its_concept():
    """ "by-products" analyses as "product", "sur mesure" as "mesure": found in any text, they
    made a challenge about CNC programs "name circular production and recycling"."""
    matcher = ConceptMatcher(
        {
            "circular": ["by-products", "circular economy", "nevenstromen"],
            "configurators": ["sur mesure", "product configurator"],
        }
    )
    assert matcher.find(analyze("Wij maken producten op maat in kleine series")) == set()
    assert matcher.find(analyze("Mesure de la qualité des produits")) == set()
    assert matcher.find(analyze("Towards a circular economy for furniture")) == {"circular"}
    assert matcher.find(analyze("Een product configurator voor keukens")) == {"configurators"}


def test_the_shipped_lexicon_finds_only_what_a_text_is_about(db):
    """The demo challenge about CNC programs names no circular production, no industrial
    robot and no smart textile; a furniture maker's text about recycling offcuts does."""
    from marketplace.matching.documents import technology_lexicon

    matcher = ConceptMatcher(technology_lexicon())
    assert matcher.concepts, "the technologies are loaded in the test database"
    cnc = (
        "Online configurator die rechtstreeks CNC-programma's maakt. Wij maken maatwerkkasten "
        "en -tafels in kleine series. CNC automation. Product configurators and mass "
        "customisation. We sell through e-commerce and print textile labels."
    )
    found = matcher.find(analyze(cnc))
    assert {"tech:cnc-automation", "tech:product-configurators"} <= found
    assert not found & {"tech:circular-recycling", "tech:industrial-robots", "tech:smart-textiles"}
    offcuts = "We willen houtresten en nevenstromen uit de werkplaats hergebruiken."
    assert "tech:circular-recycling" in matcher.find(analyze(offcuts))
