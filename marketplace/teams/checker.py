"""Independent checker for a team-formation result.

It reads the raw request and the raw result (both decoded JSON) and re-derives every hard
rule and every score from DESIGN.md without using the solver's parsing or scoring code, so
a bug shared by the solver and its own bookkeeping cannot hide. Tests and the bench use it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any


def _team_score(
    weights: Mapping[str, float],
    challenge: Mapping[str, Any],
    members: list[Mapping[str, Any]],
) -> dict[str, float]:
    required = list(dict.fromkeys(challenge.get("required_skills") or []))
    held = set().union(*(set(m.get("skills") or []) for m in members)) if members else set()
    skills = (sum(1 for s in required if s in held) / len(required)) if required else 1.0
    diversity = len({m["discipline"] for m in members}) / len(members)
    prefs = []
    for m in members:
        ranked = list(m.get("challenge_prefs") or [])
        prefs.append(
            1 - ranked.index(challenge["id"]) / len(ranked) if challenge["id"] in ranked else 0.0
        )
    preference = sum(prefs) / len(members)
    w_s = float(weights.get("skills", 1.0))
    w_d = float(weights.get("diversity", 1.0))
    w_p = float(weights.get("preference", 1.0))
    score = (w_s * skills + w_d * diversity + w_p * preference) / (w_s + w_d + w_p)
    return {"skills": skills, "diversity": diversity, "preference": preference, "score": score}


def _fits(
    request: Mapping[str, Any],
    challenge: Mapping[str, Any],
    members: list[Mapping[str, Any]],
) -> list[str]:
    """Hard-rule violations of one team (size excluded), as readable strings."""
    options = request.get("options") or {}
    problems: list[str] = []
    ids = {m["id"] for m in members}
    have = {m["discipline"] for m in members}
    for d in challenge.get("required_disciplines") or []:
        if d not in have:
            problems.append(f"missing required discipline {d}")
    for m in members:
        for other in m.get("avoid") or []:
            if other in ids:
                problems.append(f"{m['id']} and {other} must not be paired")
    if options.get("no_lone_group_member"):
        counts = Counter(m.get("group") for m in members if m.get("group"))
        for group, n in counts.items():
            if n == 1:
                problems.append(f"lone member of group {group}")
    k = int(options.get("min_common_slots") or 0)
    if k and members:
        common = set.intersection(*(set(m.get("availability") or []) for m in members))
        if len(common) < k:
            problems.append(f"only {len(common)} common slot(s), {k} required")
    return problems


def check_solution(request: Mapping[str, Any], result: Mapping[str, Any]) -> list[str]:
    """Every hard-constraint violation of ``result`` for ``request``; empty when valid.

    Also flags scores that do not match a recomputation, and unassigned students who
    would fit as they are into a team that still has room.
    """
    violations: list[str] = []
    students = {s["id"]: s for s in request["students"]}
    challenges = {c["id"]: c for c in request["challenges"]}
    options = request.get("options") or {}
    weights = options.get("weights") or {}
    lo, hi = request["team_size"]["min"], request["team_size"]["max"]
    teams = result.get("teams", [])
    unassigned = list(result.get("unassigned", []))

    seen = Counter([m for t in teams for m in t["members"]] + unassigned)
    for sid, n in seen.items():
        if sid not in students:
            violations.append(f"unknown student {sid} in result")
        elif n > 1:
            violations.append(f"student {sid} appears {n} times")
    for sid in students:
        if sid not in seen:
            violations.append(f"student {sid} is neither placed nor reported unassigned")

    per_challenge = Counter(t["challenge"] for t in teams)
    for cid, ch in challenges.items():
        want = int(ch.get("teams", 1))
        if per_challenge.get(cid, 0) != want:
            violations.append(f"challenge {cid} has {per_challenge.get(cid, 0)} teams, not {want}")
    ordinal: list[int] = []
    counter: Counter[str] = Counter()
    for t in teams:
        ordinal.append(counter[t["challenge"]])
        counter[t["challenge"]] += 1

    for n, t in enumerate(teams):
        if t["challenge"] not in challenges:
            violations.append(f"team {n} has unknown challenge {t['challenge']}")
            continue
        members = [students[m] for m in t["members"] if m in students]
        if not lo <= len(members) <= hi:
            violations.append(f"team {n} has {len(members)} members, outside [{lo}, {hi}]")
        violations.extend(
            f"team {n} ({t['challenge']}): {p}"
            for p in _fits(request, challenges[t["challenge"]], members)
        )
        if members and "score" in t:
            expected = _team_score(weights, challenges[t["challenge"]], members)["score"]
            if abs(expected - float(t["score"])) > 1e-3:
                violations.append(f"team {n} reports score {t['score']}, recomputed {expected:.4f}")

    where = {m: n for n, t in enumerate(teams) for m in t["members"]}
    for sid, lock in (options.get("locks") or {}).items():
        placed_in = where.get(sid)
        if placed_in is None:
            violations.append(f"locked student {sid} is not placed")
            continue
        if isinstance(lock, int) and placed_in != lock:
            violations.append(f"locked student {sid} is in team {placed_in}, not {lock}")
        elif isinstance(lock, Mapping) and (
            teams[placed_in]["challenge"] != lock["challenge"]
            or (lock.get("team") is not None and ordinal[placed_in] != lock["team"])
        ):
            violations.append(f"locked student {sid} is not in the team it is locked to")
    for group in options.get("together") or []:
        if len({where.get(s, -1) for s in group}) > 1 or any(s not in where for s in group):
            violations.append(f"students {', '.join(group)} must be in the same team")

    # "every student is placed when that is possible": no unassigned student may fit as
    # is into a team with room left (deeper reshuffles are the solver's business)
    locked = set((options.get("locks") or {}).keys())
    for sid in unassigned:
        if sid not in students or sid in locked:
            continue
        for n, t in enumerate(teams):
            if len(t["members"]) >= hi or t["challenge"] not in challenges:
                continue
            members = [students[m] for m in t["members"] if m in students] + [students[sid]]
            if not _fits(request, challenges[t["challenge"]], members):
                violations.append(f"unassigned student {sid} fits into team {n}")
                break
    return violations


def recompute_objective(request: Mapping[str, Any], result: Mapping[str, Any]) -> dict[str, float]:
    """Worst and mean team score recomputed from scratch (0 teams -> 0.0)."""
    students = {s["id"]: s for s in request["students"]}
    challenges = {c["id"]: c for c in request["challenges"]}
    weights = (request.get("options") or {}).get("weights") or {}
    scores = [
        _team_score(weights, challenges[t["challenge"]], [students[m] for m in t["members"]])[
            "score"
        ]
        for t in result.get("teams", [])
        if t["members"]
    ]
    if not scores:
        return {"worst": 0.0, "mean": 0.0}
    return {"worst": min(scores), "mean": sum(scores) / len(scores)}
