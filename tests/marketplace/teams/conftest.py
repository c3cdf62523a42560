"""Builders for small team-formation requests (plain dicts, no database)."""

from __future__ import annotations

from typing import Any

import pytest


def student(sid: str, discipline: str, **kw: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "discipline": discipline,
        "skills": kw.get("skills", []),
        "availability": kw.get("availability", ["mon-am", "tue-am", "wed-am"]),
        "group": kw.get("group"),
        "challenge_prefs": kw.get("prefs", []),
        "avoid": kw.get("avoid", []),
    }


def request(
    students: list[dict], challenges: list[dict], lo: int = 2, hi: int = 3, **options: Any
) -> dict[str, Any]:
    return {
        "team_size": {"min": lo, "max": hi},
        "students": students,
        "challenges": challenges,
        "options": options,
    }


@pytest.fixture
def cohort() -> dict[str, Any]:
    """12 students, 2 challenges x 2 teams, a scarce discipline (0421)."""
    disc = ["0713", "0715", "0613", "0311", "0212", "0421"] * 2
    students = [
        student(
            f"s{n + 1}",
            disc[n],
            skills=[["energy", "cad", "python", "finance", "design", "gdpr"][n % 6]],
            prefs=["c1", "c2"] if n % 3 else ["c2", "c1"],
        )
        for n in range(12)
    ]
    challenges = [
        {
            "id": "c1",
            "teams": 2,
            "required_skills": ["energy", "cad", "gdpr"],
            "required_disciplines": ["0421"],
        },
        {
            "id": "c2",
            "teams": 2,
            "required_skills": ["python", "design"],
            "required_disciplines": [],
        },
    ]
    return request(students, challenges, lo=2, hi=4)
