"""Technology readiness (TRL) and company size as matching signals, on hand-made cases."""

import numpy as np
import pytest

from marketplace.matching import MatchingIndex, QueryError, RecordError
from marketplace.matching.readiness import ReadinessError, fit, mask_of, range_mask, ranges

from .helpers import engine, org, project, ranked


def test_a_range_is_the_levels_from_lowest_to_highest():
    assert ranges(range_mask(4, 6)) == [(4, 6)]
    assert ranges(range_mask(1, 9)) == [(1, 9)]
    assert ranges(mask_of([[1, 2], [5, 5], [6, 7]])) == [(1, 2), (5, 7)]
    assert mask_of(None) == 0
    assert mask_of([]) == 0


@pytest.mark.parametrize(
    "value", [[0, 3], [3, 10], [5, 2], ["1", "3"], [True, 3], "1-3", [[1, 2, 3]], {"min": 1}]
)
def test_a_bad_range_is_refused(value):
    with pytest.raises(ReadinessError):
        mask_of(value)


def test_fit_is_the_shared_part_of_the_narrower_range():
    query = range_mask(5, 7)
    candidates = np.array(
        [range_mask(4, 9), range_mask(6, 9), range_mask(1, 2), 0, range_mask(6, 6)]
    )
    assert fit(query, candidates).tolist() == pytest.approx([1.0, 2 / 3, 0.0, 0.0, 1.0])
    assert fit(0, candidates).tolist() == [0.0] * 5


@pytest.fixture(scope="module")
def labs():
    """Two labs with the same text and track record; only their readiness differs."""
    text = "Robotic welding cells and laser cladding for steel frames."
    orgs = [
        org("asker", size="small"),
        org("early", kind="research_centre", description=text, trl=[1, 3]),
        org("late", kind="research_centre", description=text, trl=[[5, 6], [7, 8]]),
    ]
    return engine(orgs, [])


def test_a_solver_at_the_needed_stage_ranks_first_and_says_so(labs):
    query = {"org": "asker", "text": "laser welding of steel frames"}
    for stage, first in (([6, 7], "late"), ([1, 2], "early")):
        found = labs.suggest({**query, "trl": stage})
        assert ranked(found)[0] == first
        reasons = {r.code: r.evidence for r in found[0].reasons}
        assert reasons["readiness_fit"]["levels"]
    # Without a stage, readiness says nothing either way.
    plain = labs.suggest(query)
    assert all(r.code != "readiness_fit" for s in plain for r in s.reasons)
    assert plain[0].score == pytest.approx(plain[1].score)


def test_a_bad_trl_in_a_query_is_a_clear_error(labs):
    with pytest.raises(QueryError, match="TRL"):
        labs.suggest({"text": "welding", "trl": [7, 3]})
    answer = labs.answer({"id": "q1", "text": "welding", "trl": "high"})
    assert answer["id"] == "q1"
    assert "TRL" in answer["error"] or "trl" in answer["error"]


def test_a_bad_trl_in_a_record_names_the_record():
    with pytest.raises(RecordError, match="broken"):
        MatchingIndex.build([org("broken", trl=[9, 1])], [])


@pytest.fixture(scope="module")
def consortia():
    """Two universities with one project each: one with an SME in it, one with a large firm."""
    orgs = [
        org("small-asker", size="micro"),
        org("large-asker", size="large"),
        org("sme", size="small"),
        org("big", size="large"),
        org("uni-with-smes", kind="university"),
        org("uni-with-big", kind="university"),
    ]
    projects = [
        project("p1", ["uni-with-smes", "sme"], title="Sensors"),
        project("p2", ["uni-with-big", "big"], title="Sensors"),
    ]
    return engine(orgs, projects)


def test_an_sme_is_shown_partners_used_to_working_with_smes(consortia):
    found = consortia.suggest({"org": "small-asker", "text": "sensors"})
    order = ranked(found)
    assert order.index("uni-with-smes") < order.index("uni-with-big")
    # Reasons are the largest contributions: with no text to match, this one is among them.
    first = next(s for s in consortia.suggest({"org": "small-asker"}) if s.org == "uni-with-smes")
    reasons = {r.code: r.evidence for r in first.reasons}
    assert reasons["works_with_smes"]["count"] == 1
    # The SME itself does not count its own projects as "with SMEs".
    index = consortia.index
    assert index.org_sme_projects[index.org_pos["sme"]] == 0


def test_size_experience_only_speaks_for_an_sme_asking(consortia):
    found = consortia.suggest({"org": "large-asker", "text": "sensors"})
    assert all(r.code != "works_with_smes" for s in found for r in s.reasons)
    scores = {s.org: s.score for s in found}
    assert scores["uni-with-smes"] == pytest.approx(scores["uni-with-big"])


def test_readiness_and_size_survive_save_and_load(tmp_path, labs):
    labs.index.save(tmp_path / "index")
    loaded = MatchingIndex.load(tmp_path / "index")
    assert loaded.org_trl.tolist() == labs.index.org_trl.tolist()
    assert loaded.org_sme.tolist() == labs.index.org_sme.tolist()
    assert loaded.org_sme_projects.tolist() == labs.index.org_sme_projects.tolist()


def test_the_stage_is_kept_when_the_query_falls_back_to_text_or_has_dismissals(labs):
    query = {"org": "newcomer", "text": "laser welding of steel frames", "trl": [6, 7]}
    found = labs.suggest(query, unknown_org="ignore")
    assert ranked(found)[0] == "late"
    found = labs.suggest({**query, "org": "asker"}, feedback={"early": -1.0})
    assert ranked(found) == ["late"]
    assert any(r.code == "readiness_fit" for r in found[0].reasons)


def test_keep_leaves_out_unwanted_candidates_before_the_limit(labs):
    query = {"org": "asker", "text": "laser welding of steel frames"}
    found = labs.suggest(query, limit=1, keep=lambda ref: ref == "early")
    assert ranked(found) == ["early"]
    assert labs.suggest(query, keep=lambda ref: False) == []


def test_the_asking_sme_is_not_the_candidates_experience_with_smes():
    """A university whose only SME partner is the asker itself has no experience with other
    SMEs to tell the asker about; one with another SME has exactly that one project."""
    orgs = [
        org("small-asker", size="micro"),
        org("other-sme", size="small"),
        org("uni-only-asker", kind="university"),
        org("uni-with-other", kind="university"),
    ]
    projects = [
        project("joint", ["uni-only-asker", "small-asker"], title="Sensors"),
        project("joint2", ["uni-with-other", "small-asker"], title="Sensors"),
        project("other", ["uni-with-other", "other-sme"], title="Sensors"),
    ]
    found = {s.org: s for s in engine(orgs, projects).suggest({"org": "small-asker"})}
    only_asker = {r.code: r.evidence for r in found["uni-only-asker"].reasons}
    with_other = {r.code: r.evidence for r in found["uni-with-other"].reasons}
    assert "works_with_smes" not in only_asker
    assert with_other["works_with_smes"]["count"] == 1
    assert with_other["works_with_smes"]["projects"] == ["other"]
