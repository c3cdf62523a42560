"""Property: whatever the (small) request, a returned result breaks no hard rule."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.teams import ProblemError, check_solution, form_teams

DISCIPLINES = ["0713", "0715", "0613", "0311", "0421"]
SLOTS = ["mon", "tue", "wed", "thu"]


@st.composite
def requests(draw):
    n = draw(st.integers(4, 14))
    n_ch = draw(st.integers(1, 3))
    ids = [f"s{k}" for k in range(n)]
    cids = [f"c{k}" for k in range(n_ch)]
    students = []
    for sid in ids:
        students.append(
            {
                "id": sid,
                "discipline": draw(st.sampled_from(DISCIPLINES)),
                "skills": draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=2)),
                "availability": draw(st.lists(st.sampled_from(SLOTS), min_size=1, unique=True)),
                "group": draw(st.sampled_from([None, None, "g"])),
                "challenge_prefs": draw(st.permutations(cids))[: draw(st.integers(0, n_ch))],
                "avoid": draw(
                    st.lists(st.sampled_from(ids), max_size=1).filter(
                        lambda a, sid=sid: sid not in a
                    )
                ),
            }
        )
    challenges = [
        {
            "id": cid,
            "teams": draw(st.integers(1, 2)),
            "required_skills": draw(st.lists(st.sampled_from(["a", "b", "c"]), max_size=2)),
            "required_disciplines": draw(st.lists(st.sampled_from(DISCIPLINES), max_size=1)),
        }
        for cid in cids
    ]
    lo = draw(st.integers(1, 3))
    options = {
        "no_lone_group_member": draw(st.booleans()),
        "min_common_slots": draw(st.integers(0, 1)),
    }
    return {
        "team_size": {"min": lo, "max": lo + draw(st.integers(0, 2))},
        "students": students,
        "challenges": challenges,
        "options": options,
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_returned_solutions_satisfy_every_hard_rule(req):
    try:
        result = form_teams(req, time_limit=0.5)
    except ProblemError as exc:
        assert exc.message and exc.code
        return
    assert check_solution(req, result) == []
