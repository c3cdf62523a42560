"""Every hard rule of DESIGN.md holds in the result, on small instances built to test it."""

from __future__ import annotations

from marketplace.teams import check_solution, form_teams

from .conftest import request, student


def _members(result, challenge=None):
    return [set(t["members"]) for t in result["teams"] if challenge in (None, t["challenge"])]


def test_team_count_sizes_and_required_disciplines(cohort):
    result = form_teams(cohort, time_limit=1)
    assert check_solution(cohort, result) == []
    assert [t["challenge"] for t in result["teams"]] == ["c1", "c1", "c2", "c2"]
    assert all(2 <= len(m) <= 4 for m in _members(result))
    law = {s["id"] for s in cohort["students"] if s["discipline"] == "0421"}
    assert all(m & law for m in _members(result, "c1"))
    assert result["unassigned"] == []


def test_avoid_works_both_ways_when_declared_once():
    students = [student(f"s{n}", "0713" if n % 2 else "0715") for n in range(6)]
    students[0]["avoid"] = ["s1", "s2", "s3"]  # only s0 declares it
    # everyone wants c1 with s0: without the rule s0 would join someone it avoids
    for s in students:
        s["challenge_prefs"] = ["c1"]
    req = request(students, [{"id": "c1", "teams": 2}], lo=3, hi=3)
    result = form_teams(req, time_limit=1)
    assert check_solution(req, result) == []
    team_of_s0 = next(m for m in _members(result) if "s0" in m)
    assert team_of_s0 == {"s0", "s4", "s5"}


def test_no_lone_group_member():
    students = [student(f"s{n}", ["0713", "0715", "0613"][n % 3]) for n in range(9)]
    for n in (0, 4, 8):
        students[n]["group"] = "exchange"
    req = request(students, [{"id": "c1", "teams": 3}], lo=3, hi=3, no_lone_group_member=True)
    result = form_teams(req, time_limit=1)
    assert check_solution(req, result) == []
    counts = sorted(len(m & {"s0", "s4", "s8"}) for m in _members(result))
    assert counts in ([0, 0, 3], [0, 1, 2]) and 1 not in counts


def test_min_common_slots():
    slots = [
        ["mon", "tue"],
        ["mon", "tue"],
        ["wed", "thu"],
        ["wed", "thu"],
        ["mon", "tue", "wed"],
        ["wed", "thu", "fri"],
    ]
    students = [student(f"s{n}", "0713", availability=a) for n, a in enumerate(slots)]
    req = request(students, [{"id": "c1", "teams": 2}], lo=3, hi=3, min_common_slots=2)
    result = form_teams(req, time_limit=1)
    assert check_solution(req, result) == []
    assert sorted(map(sorted, _members(result))) == [["s0", "s1", "s4"], ["s2", "s3", "s5"]]


def test_short_capacity_leaves_students_unassigned_with_a_reason():
    students = [student(f"s{n}", "0713", prefs=["c1"]) for n in range(8)]
    req = request(students, [{"id": "c1", "teams": 2}], lo=2, hi=3)
    result = form_teams(req, time_limit=1)
    assert check_solution(req, result) == []
    assert len(result["unassigned"]) == 2
    assert all(len(m) == 3 for m in _members(result))
    assert {r["code"] for r in result["unassigned_reasons"]} == {"capacity"}


def test_result_has_explanations_reasons_and_objective(cohort):
    result = form_teams(cohort, time_limit=1)
    team = result["teams"][0]
    assert set(team["breakdown"]) == {"skills", "diversity", "preference"}
    assert any(text.startswith("covers ") for text in team["explanation"])
    assert {r["code"] for r in team["reasons"]} >= {"skills_covered", "disciplines"}
    obj = result["objective"]
    assert obj["status"] in ("optimal", "feasible")
    assert obj["worst"] <= obj["mean"]
    assert obj["bound"] >= obj["worst"] - 1e-9
