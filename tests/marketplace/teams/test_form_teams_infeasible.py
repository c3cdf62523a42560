"""Impossible requests fail with an error naming the rule and who is involved."""

from __future__ import annotations

import pytest

from marketplace.teams import InfeasibleError, InvalidInputError, form_teams

from .conftest import request, student


def test_capacity_too_small():
    req = request([student(f"s{n}", "0713") for n in range(5)], [{"id": "c1", "teams": 2}], 3, 4)
    with pytest.raises(InfeasibleError) as err:
        form_teams(req, time_limit=1)
    assert err.value.params["constraint"] == "capacity"
    assert "6 students" in err.value.message and "only 5" in err.value.message


def test_scarce_required_discipline_names_challenge_and_holders():
    students = [student(f"s{n}", "0421" if n in (4, 9) else "0713") for n in range(1, 13)]
    req = request(
        students, [{"id": "c2", "teams": 3, "required_disciplines": ["0421"]}], lo=3, hi=5
    )
    with pytest.raises(InfeasibleError) as err:
        form_teams(req, time_limit=1)
    assert err.value.message == (
        "challenge c2 needs discipline 0421 in each of its 3 team(s) but only 2 student(s)"
        " have it: s4, s9"
    )
    assert err.value.params["students"] == ["s4", "s9"]
    assert err.value.params["challenges"] == ["c2"]


def test_avoiding_students_locked_together():
    students = [student(f"s{n}", "0713") for n in range(1, 9)]
    students[0]["avoid"] = ["s2"]
    req = request(students, [{"id": "c1", "teams": 4}], lo=2, hi=2, locks={"s1": 3, "s2": 3})
    with pytest.raises(InfeasibleError) as err:
        form_teams(req, time_limit=1)
    assert "s1 and s2 must not be paired but both are locked to team 3" in err.value.message


def test_locked_students_without_common_slots():
    students = [
        student(f"s{n}", "0713", availability=["mon"] if n < 2 else ["tue"]) for n in range(4)
    ]
    req = request(
        students,
        [{"id": "c1", "teams": 2}],
        lo=2,
        hi=2,
        min_common_slots=1,
        locks={"s0": 0, "s2": 0},
    )
    with pytest.raises(InfeasibleError) as err:
        form_teams(req, time_limit=1)
    assert err.value.params["constraint"] == "min_common_slots"
    assert err.value.params["students"] == ["s0", "s2"]


def test_conflict_only_the_solver_can_find_is_diagnosed():
    # c1 and c2 each need a 0713 and a 0715 student; s1 (0713) avoids both 0715 students,
    # so only s2 can serve - and it cannot be in two teams. No single rule is to blame.
    students = [
        student("s1", "0713", avoid=["s3", "s4"]),
        student("s2", "0713"),
        student("s3", "0715"),
        student("s4", "0715"),
    ]
    need = ["0713", "0715"]
    req = request(
        students,
        [
            {"id": "c1", "teams": 1, "required_disciplines": need},
            {"id": "c2", "teams": 1, "required_disciplines": need},
        ],
        2,
        2,
    )
    with pytest.raises(InfeasibleError) as err:
        form_teams(req, time_limit=2)
    codes = {r["code"] for r in err.value.params["rules"]}
    assert "required_discipline" in codes and "avoid" in codes
    assert "s1" in err.value.params["students"]
    assert "cannot all hold" in err.value.message


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda r: r["students"][0].update(challenge_prefs=["nope"]), "unknown challenge"),
        (lambda r: r["students"][1].update(id="s0"), "duplicate student ids: s0"),
        (lambda r: r.update(team_size={"min": 4, "max": 2}), "team_size.max"),
        (lambda r: r["options"].update(min_common_slot=2), "unknown options"),
        (lambda r: r["options"].update(locks={"s0": 99}), "team 99 does not exist"),
        (lambda r: r["challenges"][0].update(teams=0), "teams must be an integer >= 1"),
    ],
)
def test_invalid_input_is_reported(mutate, fragment):
    req = request([student(f"s{n}", "0713") for n in range(4)], [{"id": "c1", "teams": 2}])
    mutate(req)
    with pytest.raises(InvalidInputError) as err:
        form_teams(req, time_limit=1)
    assert fragment in err.value.message
