"""A reason that two texts share words cites words a reader can act on, never the ones almost
every company text uses ("we make products for our customers")."""

from __future__ import annotations

from marketplace.matching.stopwords import GENERIC

from .helpers import engine, org


def _words_cited(found, ref):
    for suggestion in found:
        if suggestion.org == ref:
            return [
                word
                for reason in suggestion.reasons
                if reason.code == "similar_work"
                for word in reason.evidence.get("words", [])
            ]
    raise AssertionError(f"{ref} was not suggested")


def test_shared_words_cite_the_specific_ones_and_never_the_generic_ones():
    orgs = [
        org(
            "nesting",
            description="Wij maken producten voor onze klanten en programmeren elke "
            "nestingmachine en formaatzaag.",
        ),
        org("generic", description="Wij maken nieuwe producten samen met onze klanten."),
        org("other", description="Brouwerij met eigen mouterij en een vullijn voor flessen."),
    ]
    matcher = engine(orgs, [])
    found = matcher.suggest(
        {"text": "Wij maken producten voor klanten en zoeken hulp met onze nestingmachine."},
        limit=5,
    )
    cited = _words_cited(found, "nesting")
    assert "nestingmachine" in cited
    generic = set().union(*GENERIC.values())
    assert not [w for w in cited if w in generic]
    # Sharing only "maken", "producten", "klanten" is no fact worth a sentence.
    assert not any(
        r.code == "similar_work" and r.evidence.get("words")
        for s in found
        if s.org == "generic"
        for r in s.reasons
    )
