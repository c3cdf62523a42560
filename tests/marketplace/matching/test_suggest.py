"""Engine behaviour a caller relies on: exclusions, reasons, feedback, errors."""

import pytest

from marketplace.matching import QueryError, UnknownOrganisationError
from marketplace.matching.reasons import FEEDBACK_CODE, REASON_CODE

from .helpers import engine, org, project, ranked


@pytest.fixture(scope="module")
def matcher():
    orgs = [
        org(r, kind=k)
        for r, k in (
            ("query", "company"),
            ("uni", "university"),
            ("lab", "research_centre"),
            ("sme", "company"),
            ("city", "public_body"),
            ("far", "company"),
        )
    ]
    projects = [
        project(
            "p1",
            ["query", "uni", "lab"],
            title="Laser welding of steel frames",
            tags=["FOF-2016-03"],
            start="2016-02-01",
        ),
        project(
            "p2",
            ["uni", "sme"],
            title="Robotic welding cells",
            tags=["FOF-2015-01"],
            start="2015-05-01",
        ),
        project("p3", ["lab", "city"], title="Smart street lighting", start="2015-01-01"),
        project("p4", ["far", "city"], title="Organic food packaging", start="2014-01-01"),
    ]
    return engine(orgs, projects)


def test_suggestions_are_scored_in_unit_interval_best_first(matcher):
    found = matcher.suggest({"org": "query", "text": "welding robots", "tags": ["FOF-2017-01"]})
    assert found
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert "query" not in ranked(found)


def test_every_suggestion_has_reasons_with_known_codes(matcher):
    found = matcher.suggest({"org": "query", "text": "welding robots", "tags": ["FOF-2017-01"]})
    codes = set(REASON_CODE.values()) | {FEEDBACK_CODE}
    for s in found[:3]:
        assert s.reasons
        assert all(r.code in codes for r in s.reasons)
        contributions = [r.contribution for r in s.reasons]
        assert contributions == sorted(contributions, reverse=True)
        assert all(c > 0 for c in contributions)
    as_dict = found[0].as_dict()
    assert set(as_dict) == {"org", "score", "confidence", "reasons"}
    assert set(as_dict["reasons"][0]) == {"code", "evidence", "contribution"}


def test_exclude_list_is_honoured(matcher):
    found = matcher.suggest({"org": "query", "text": "welding", "exclude": ["uni", "lab"]})
    assert {"uni", "lab"}.isdisjoint(ranked(found))
    assert found


def test_dismissed_candidate_stays_out(matcher):
    before = ranked(matcher.suggest({"org": "query", "text": "welding"}))
    assert "uni" in before
    after = ranked(matcher.suggest({"org": "query", "text": "welding"}, feedback={"uni": -1.0}))
    assert "uni" not in after


def test_accepted_candidate_moves_up_and_says_why(matcher):
    before = ranked(matcher.suggest({"org": "query", "text": "welding"}))
    last = before[-1]
    found = matcher.suggest({"org": "query", "text": "welding"}, feedback={last: 1.0})
    assert ranked(found).index(last) < before.index(last)
    reasons = {r.code for r in found[ranked(found).index(last)].reasons}
    assert FEEDBACK_CODE in reasons


def test_text_only_query_works_without_an_organisation(matcher):
    found = matcher.suggest({"text": "robotic welding cells"})
    assert ranked(found)[0] in {"uni", "sme"}


def test_limit_caps_the_list(matcher):
    assert len(matcher.suggest({"org": "query"}, limit=2)) == 2


@pytest.mark.parametrize("query", [{}, {"text": "   "}, {"org": "", "text": ""}])
def test_query_without_org_or_text_is_refused(matcher, query):
    with pytest.raises(QueryError, match=r"organisation .* or a non-empty 'text'"):
        matcher.suggest(query)


@pytest.mark.parametrize(
    "query",
    [
        {"org": 5},
        {"text": ["x"]},
        {"text": "x", "tags": "FOF"},
        {"text": "x", "exclude": [1]},
    ],
)
def test_badly_typed_fields_are_refused(matcher, query):
    with pytest.raises(QueryError):
        matcher.suggest(query)


def test_unknown_organisation_is_a_clear_error(matcher):
    with pytest.raises(UnknownOrganisationError, match="unknown organisation 'nobody'"):
        matcher.suggest({"org": "nobody", "text": "welding"})


def test_unknown_organisation_can_fall_back_to_the_text(matcher):
    found = matcher.suggest({"org": "nobody", "text": "welding"}, unknown_org="ignore")
    assert found
    with pytest.raises(UnknownOrganisationError):
        matcher.suggest({"org": "nobody"}, unknown_org="ignore")


def test_bulk_answer_reports_errors_per_line(matcher):
    lines = list(
        matcher.answer_all(
            [
                {"id": "ok", "org": "query"},
                {"id": "bad", "org": "nobody"},
                {"id": "empty"},
            ]
        )
    )
    assert [line["id"] for line in lines] == ["ok", "bad", "empty"]
    assert lines[0]["suggestions"]
    assert "unknown organisation" in lines[1]["error"]
    assert "non-empty 'text'" in lines[2]["error"]


def test_a_ranking_explains_only_the_candidates_asked_for_and_as_suggest_does(matcher):
    query = {"org": "query", "text": "welding robots", "tags": ["FOF-2017-01"]}
    whole = matcher.suggest(query, limit=4)
    ranking = matcher.rank(query, limit=4)
    assert ranking.refs == ranked(whole)
    picked = [ranking.refs[0], ranking.refs[-1]]
    some = ranking.suggestions(only=picked)
    assert ranked(some) == picked
    by_ref = {s.org: s for s in whole}
    for s in some:
        assert s.reasons == by_ref[s.org].reasons
        assert (s.score, s.confidence) == (by_ref[s.org].score, by_ref[s.org].confidence)


def test_a_query_keeps_its_strongest_words_beyond_the_word_limit(matcher):
    """Beyond ``query_terms`` words a query keeps the rarest (those that say what it is
    about), not the first or the commonest: with room for one word, "welding lighting"
    matches on "lighting" (one project) and no longer on "welding" (two)."""
    import dataclasses

    from marketplace.matching.features import F, compute
    from marketplace.matching.query import Query

    def text_profile(query_terms: int) -> dict[str, float]:
        settings = dataclasses.replace(matcher.model.settings, query_terms=query_terms)
        block = compute(matcher.index, Query(text="welding lighting"), settings)
        refs = [matcher.index.org_refs[c] for c in block.candidates]
        return dict(zip(refs, block.X[:, F["text_profile"]].tolist(), strict=True))

    both, one = text_profile(32), text_profile(1)
    assert both["sme"] > 0 and both["city"] > 0
    assert one["city"] > 0
    assert one.get("sme", 0.0) == 0.0
