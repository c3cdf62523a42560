"""Educator control: locks and fixed groups survive a re-run; seeds make runs repeatable."""

from __future__ import annotations

import pytest

from marketplace.teams import InfeasibleError, check_solution, form_teams


def test_locks_are_respected_on_rerun(cohort):
    first = form_teams(cohort, seed=1, time_limit=1)
    kept = first["teams"][2]["members"][:2]
    law = {s["id"] for s in cohort["students"] if s["discipline"] == "0421"}
    moved = next(m for m in first["teams"][0]["members"] if m not in law)
    cohort["options"]["locks"] = {
        **{sid: 2 for sid in kept},  # keep two members of team 2 where they are
        moved: {"challenge": "c2", "team": 1},  # move someone to the 2nd team of c2
    }
    second = form_teams(cohort, seed=2, time_limit=1)
    assert check_solution(cohort, second) == []
    assert set(kept) <= set(second["teams"][2]["members"])
    assert moved in second["teams"][3]["members"]
    assert any("locked by the educator" in e for e in second["teams"][2]["explanation"])


def test_fixed_group_stays_together(cohort):
    cohort["options"]["together"] = [["s1", "s2", "s3"]]
    result = form_teams(cohort, time_limit=1)
    assert check_solution(cohort, result) == []
    assert any({"s1", "s2", "s3"} <= set(t["members"]) for t in result["teams"])


def test_same_seed_same_teams(cohort):
    a = form_teams(cohort, seed=7, time_limit=1)
    b = form_teams(cohort, seed=7, time_limit=1)
    assert [t["members"] for t in a["teams"]] == [t["members"] for t in b["teams"]]
    assert a["objective"]["worst"] == b["objective"]["worst"]


def test_lock_that_starves_a_required_discipline_is_diagnosed(cohort):
    # c1 needs a law student (0421) in both its teams; there are two: s6 and s12
    cohort["options"]["locks"] = {"s6": {"challenge": "c2"}}
    with pytest.raises(InfeasibleError) as err:
        form_teams(cohort, time_limit=1)
    assert err.value.message == (
        "challenge c1 needs discipline 0421 in each of its 2 team(s) but only 1 student(s)"
        " have it: s12"
    )
