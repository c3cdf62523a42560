"""Tight availability: classes that have a valid assignment get one, every student placed;
classes that have none get a proof naming the rule; a search cut short says so."""

from __future__ import annotations

import pytest

from marketplace.teams import InfeasibleError, NoSolutionError, form_teams

from .conftest import request, student
from .tight_classes import rule_breaches, tight_class


@pytest.mark.parametrize(
    ("n_students", "seed"),
    [(60, 101), (60, 102), (60, 103), (240, 104), (600, 105)],
)
def test_tight_class_gets_a_valid_assignment_with_everyone_placed(n_students, seed):
    req = tight_class(n_students, seed)
    result = form_teams(req)  # the default time limit
    assert result["unassigned"] == []
    assert rule_breaches(req, result) == []
    placed = sorted(m for team in result["teams"] for m in team["members"])
    assert placed == sorted(s["id"] for s in req["students"])


def test_same_answers_give_the_same_teams():
    """Budgets are counted in work, not seconds; the limit is generous so that the
    wall-clock safety nets do not cut the work short on a loaded test machine."""
    req = tight_class(60, 107)
    first = form_teams(req, seed=3, time_limit=30)
    again = form_teams(req, seed=3, time_limit=30)
    assert [t["members"] for t in first["teams"]] == [t["members"] for t in again["teams"]]


def test_weakest_team_beats_a_first_valid_assignment():
    """The weakest team is lifted above what merely meeting the rules gives."""
    from marketplace.teams.feasibility import unplaceable_students
    from marketplace.teams.problem import parse_problem
    from marketplace.teams.slotplan import _worst, find_valid

    req = tight_class(60, 108)
    problem = parse_problem(req)
    everyone = [i for i in range(problem.n_students) if i not in unplaceable_students(problem)]
    import time

    plain = find_valid(
        problem,
        everyone,
        target=len(everyone),
        seed=0,
        seconds=1.0,
        deadline=time.monotonic() + 30,
    )
    assert plain.assignment is not None
    # a generous limit: on a loaded machine the wall-clock safety nets must not cut it
    result = form_teams(req, time_limit=10)
    assert rule_breaches(req, result) == []
    assert result["objective"]["worst"] > _worst(problem, plain.assignment)


def _split_timetables(x_in_both: bool) -> dict:
    """Two timetables (4 students each) that share no slot; two teams of 4, each needing
    discipline 0421; the 0421 students are both on the first timetable unless asked."""
    students = []
    for n in range(8):
        first = n < 4
        discipline = "0421" if n in (0, 4 if x_in_both else 1) else "0713"
        students.append(
            student(
                f"s{n}",
                discipline,
                availability=["mon-am", "tue-am"] if first else ["wed-am", "thu-pm"],
            )
        )
    return request(
        students,
        [{"id": "c1", "teams": 2, "required_disciplines": ["0421"]}],
        lo=4,
        hi=4,
        min_common_slots=2,
    )


def test_impossible_tight_class_is_proved_and_names_rules():
    with pytest.raises(InfeasibleError) as err:
        form_teams(_split_timetables(x_in_both=False), time_limit=5)
    codes = {r["code"] for r in err.value.params.get("rules", [])} or {
        err.value.params["constraint"]
    }
    assert codes & {"required_discipline", "min_common_slots"}
    assert "relax" not in err.value.message


def test_possible_variant_of_it_is_solved():
    req = _split_timetables(x_in_both=True)
    result = form_teams(req, time_limit=5)
    assert rule_breaches(req, result) == []
    assert result["unassigned"] == []


def test_search_cut_short_says_it_neither_found_nor_ruled_out():
    req = tight_class(240, 109)
    with pytest.raises(NoSolutionError) as err:
        form_teams(req, time_limit=0.01)
    assert err.value.code == "search_inconclusive"
    assert "relax" not in err.value.message
    assert "ruled out" in err.value.message
