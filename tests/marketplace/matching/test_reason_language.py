"""Places in reasons are named in the reader's language (a Dutch name is a foreign word on an
English page)."""

import pytest
from django.utils import timezone, translation

from marketplace.matching.explanations import Names, ProjectName, reason_names, reason_text
from marketplace.models import NutsRegion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gent():
    # No row for the country itself: its name must not depend on the NUTS table (a fresh
    # installation without it said "Also in BE.").
    NutsRegion.objects.filter(code="BE").delete()
    NutsRegion.objects.update_or_create(
        code="BE234",
        defaults={
            "level": 3,
            "country": "BE",
            "label": "Arr. Gent",
            "label_nl": "Arr. Gent",
            "label_fr": "Arr. de Gand",
        },
    )


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Also in Belgium."),
        ("nl", "Ook in België."),
        ("fr", "Dans le même pays : Belgique."),
    ],
)
def test_a_shared_country_is_named_in_the_readers_language(language, sentence):
    reason = {"code": "same_region", "evidence": {"country": "BE"}}
    with translation.override(language):
        assert reason_text(reason, reason_names([reason])) == sentence


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Also in Arr. of Ghent."),  # the English name of the NUTS data
        ("nl", "Ook in Arr. Gent."),
        ("fr", "Dans la même région : Arr. de Gand."),
    ],
)
def test_a_shared_region_is_named_not_coded(language, sentence):
    reason = {"code": "same_region", "evidence": {"nuts": "BE234"}}
    with translation.override(language):
        assert reason_text(reason, reason_names([reason])) == sentence


@pytest.mark.parametrize(
    ("evidence", "sentence"),
    [
        # The engine alone (the bulk command's feedback file) knows only that it was accepted.
        ({"verdict": "accepted"}, "U duidde deze suggestie eerder als relevant aan."),
        (
            {"how": "invited", "on": "2026-03-03T23:30:00+00:00", "by": "An", "by_you": True},
            "U nodigde hen uit op 4 maart 2026.",
        ),
        (
            {"how": "marked_relevant", "on": "2026-03-03T10:00:00+00:00", "by": "An Smet"},
            "An Smet duidde deze suggestie op 3 maart 2026 als relevant aan.",
        ),
        ({"how": "invited", "on": "2026-03-03T10:00:00+00:00"}, "Uitgenodigd op 3 maart 2026."),
    ],
)
def test_an_earlier_reaction_names_who_how_and_the_day_in_the_readers_zone(evidence, sentence):
    reason = {"code": "accepted_before", "evidence": {"verdict": "accepted", **evidence}}
    with translation.override("nl"), timezone.override("Europe/Brussels"):
        assert reason_text(reason, reason_names([reason])) == sentence


@pytest.mark.parametrize(
    ("language", "via", "sentence"),
    [
        (
            "nl",
            ["o:1"],
            "Werkte met Lasinstituut, die deelnam aan projecten dicht bij dit onderwerp: “Cobots”.",
        ),
        (
            "nl",
            ["o:1", "o:2"],
            "Werkte met Lasinstituut, Hogeschool Kortrijk, die deelnamen aan projecten dicht bij "
            "dit onderwerp: “Cobots”.",
        ),
        (
            "fr",
            ["o:1", "o:2"],
            "A travaillé avec Lasinstituut, Hogeschool Kortrijk, qui ont participé à des projets "
            "proches de ce sujet : «\u00a0Cobots\u00a0».",
        ),
        (
            "en",
            ["o:1", "o:2"],
            "Worked with Lasinstituut, Hogeschool Kortrijk, who took part in projects close to "
            "this topic: “Cobots”.",
        ),
    ],
)
def test_partners_of_similar_teams_agree_in_number_and_quote_as_the_language_does(
    language, via, sentence
):
    names = Names(
        organisations={"o:1": "Lasinstituut", "o:2": "Hogeschool Kortrijk"},
        projects={"p:1": ProjectName(1, "Cobots")},
    )
    reason = {
        "code": "partner_of_similar_teams",
        "evidence": {"via": via, "via_projects": ["p:1"]},
    }
    with translation.override(language):
        assert reason_text(reason, names) == sentence


@pytest.mark.parametrize(
    ("count", "via", "sentence"),
    [
        (1, ["o:1"], "Werkte met 1 van uw partners: Lasinstituut."),
        (2, ["o:1", "o:2"], "Werkte met 2 van uw partners: Lasinstituut, Hogeschool Kortrijk."),
        (
            3,
            ["o:1", "o:2", "o:3"],
            "Werkte met 3 van uw partners, zoals Lasinstituut, Hogeschool Kortrijk.",
        ),
    ],
)
def test_partners_of_partners_say_such_as_only_when_some_go_unnamed(count, via, sentence):
    names = Names(
        organisations={"o:1": "Lasinstituut", "o:2": "Hogeschool Kortrijk", "o:3": "Dijlemech"}
    )
    reason = {"code": "partner_of_partner", "evidence": {"count": count, "via": via}}
    with translation.override("nl"):
        assert reason_text(reason, names) == sentence


@pytest.mark.parametrize(
    ("language", "technologies", "sentence"),
    [
        ("nl", ["tech:a"], "U vermeldde CNC-automatisering; hun profiel noemt het ook."),
        (
            "nl",
            ["tech:a", "tech:b"],
            "U vermeldde CNC-automatisering, Machinevisie; hun profiel noemt ze ook.",
        ),
        (
            "fr",
            ["tech:a", "tech:b"],
            "Vous avez indiqué CNC-automatisering, Machinevisie ; leur profil les mentionne aussi.",
        ),
        (
            "en",
            ["tech:a", "tech:b"],
            "You listed CNC-automatisering, Machinevisie; their profile names them too.",
        ),
    ],
)
def test_shared_technologies_agree_in_number(language, technologies, sentence):
    names = Names(technologies={"tech:a": "CNC-automatisering", "tech:b": "Machinevisie"})
    reason = {
        "code": "shared_concepts",
        "evidence": {"technologies": technologies, "listed": technologies},
    }
    with translation.override(language):
        assert reason_text(reason, names) == sentence


TEXTILES_TO_FURNITURE = ("supplier", "13-15", "31-32", 0.07)
PRINTING_TO_PUBLISHING = ("customer", "18", "58", 0.12)


@pytest.mark.parametrize(
    ("link", "language", "sentence"),
    [
        (
            TEXTILES_TO_FURNITURE,
            "nl",
            "Mogelijke leverancier: 7 % van de input van de sector “vervaardiging van meubelen; "
            "overige industrie” komt uit de sector “vervaardiging van textiel; vervaardiging van "
            "kleding; vervaardiging van leer en van producten van leer”.",
        ),
        (
            TEXTILES_TO_FURNITURE,
            "en",
            "Possible supplier: 7 % of the inputs of the sector “manufacture of furniture; other "
            "manufacturing” come from the sector “manufacture of textiles; manufacture of wearing "
            "apparel; manufacture of leather and related products”.",
        ),
        (
            # French names, not the English ones inside a French sentence.
            TEXTILES_TO_FURNITURE,
            "fr",
            "Fournisseur possible : 7 % des intrants du secteur «\u00a0fabrication de "
            "meubles\u00a0; autres industries manufacturières\u00a0» proviennent du secteur "
            "«\u00a0fabrication de textiles\u00a0; industrie de l'habillement\u00a0; industrie "
            "du cuir et de la chaussure\u00a0».",
        ),
        (
            # A customer link says where the supplier's sales go.
            PRINTING_TO_PUBLISHING,
            "nl",
            "Mogelijke klant: 12 % van wat de sector “drukkerijen, reproductie van opgenomen "
            "media” aan andere bedrijven verkoopt, gaat naar de sector “uitgeverijen”.",
        ),
        (
            PRINTING_TO_PUBLISHING,
            "fr",
            "Client possible : 12 % de ce que le secteur «\u00a0imprimerie et reproduction "
            "d'enregistrements\u00a0» vend à d'autres entreprises va au secteur "
            "«\u00a0édition\u00a0».",
        ),
    ],
)
def test_a_value_chain_link_names_both_sectors_quoted_in_the_readers_language(
    link, language, sentence
):
    direction, supplier, customer, share = link
    evidence = {
        "direction": direction,
        "supplier_sector": supplier,
        "customer_sector": customer,
        "share": share,
    }
    reason = {"code": "value_chain", "evidence": evidence}
    with translation.override(language):
        assert reason_text(reason, reason_names([reason])) == sentence


def test_every_sector_of_the_input_output_table_has_a_french_name():
    from marketplace.matching.explanations import sector_title
    from marketplace.matching.valuechain import ValueChain

    sectors = ValueChain.load().sectors
    with translation.override("fr"):
        french = {code: sector_title(code) for code in sectors}
    with translation.override("en"):
        english = {code: sector_title(code) for code in sectors}
    assert len(sectors) == 63  # the table's A64 sectors with their own rows
    assert all(french[code] and french[code] != english[code] for code in sectors)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nl", "Hun profiel spreekt ook over: “configurator”, “customisation”."),
        (
            "fr",
            "Leur profil parle aussi de : «\u00a0configurator\u00a0», «\u00a0customisation\u00a0».",
        ),
    ],
)
def test_shared_words_are_quoted_as_the_texts_own_words(language, sentence):
    """An English word from a profile in a Dutch sentence reads as a quotation, not as
    Dutch."""
    reason = {"code": "similar_work", "evidence": {"words": ["configurator", "customisation"]}}
    with translation.override(language):
        assert reason_text(reason, reason_names([reason])) == sentence


def test_words_a_challenge_shares_with_a_solvers_profile_are_quoted():
    reason = {"code": "similar_work", "evidence": {"words": ["maken", "product"]}}
    with translation.override("nl"):
        text = reason_text(reason, reason_names([reason]), "challenge")
    assert text == "De uitdaging spreekt over wat uw profiel noemt: “maken”, “product”."
