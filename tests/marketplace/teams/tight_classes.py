"""Classes with tight availability that are known to have a valid assignment, and a
validator of the hard rules written from DESIGN.md alone (it shares no code with the
solver or with ``marketplace.teams.checker``).

``tight_class(n, seed)`` plants a valid partition first: teams of 4-6 students, each team
given two slots all its members share, one member of each discipline its challenge
requires, group members seated two or three at a time, avoid pairs only across teams.
Students get few other slots (2-6 in all), so most teams can meet only in their planted
slots. Then everything is shuffled and renamed, so nothing of the plan shows.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

SLOTS = [f"{d}-{h}" for d in ("mon", "tue", "wed", "thu", "fri") for h in ("am", "pm")]
DISCIPLINES = [
    "0212", "0311", "0411", "0413", "0414", "0421", "0612",
    "0613", "0714", "0715", "0721", "0722", "0923",
]  # fmt: skip
SKILLS = {
    d: [f"{d}-skill-{k}" for k in range(4)] for d in DISCIPLINES
}  # four skills typical for each discipline


def tight_class(n_students: int, seed: int) -> dict[str, Any]:
    """A request of about ``n_students`` students (exact: sizes sum to it) with a planted
    valid assignment; team size 4-6, ``min_common_slots`` 2, ``no_lone_group_member``."""
    rng = random.Random(seed)
    sizes: list[int] = []
    left = n_students
    while left > 0:
        s = rng.choice([4, 5, 5, 6])
        if left - s in (1, 2, 3):  # keep the remainder placeable
            s = left if left <= 6 else 4
        sizes.append(min(s, left))
        left -= sizes[-1]
    if sizes[-1] < 4:  # fold a short tail into earlier teams
        tail = sizes.pop()
        for k in range(tail):
            sizes[k % len(sizes)] += 1
    challenges: list[dict[str, Any]] = []
    team_challenge: list[int] = []
    t = 0
    while t < len(sizes):
        n_teams = min(rng.randint(1, 7), len(sizes) - t)
        required = rng.sample(DISCIPLINES, rng.randint(2, 3))
        skills = sorted({rng.choice(SKILLS[rng.choice(DISCIPLINES)]) for _ in range(5)})
        challenges.append(
            {
                "id": f"c{len(challenges) + 1}",
                "teams": n_teams,
                "required_skills": skills,
                "required_disciplines": required,
            }
        )
        team_challenge += [len(challenges) - 1] * n_teams
        t += n_teams
    students: list[dict[str, Any]] = []
    members_of: list[list[int]] = []
    for t, size in enumerate(sizes):
        ch = challenges[team_challenge[t]]
        key = rng.sample(SLOTS, 2)
        discs = list(ch["required_disciplines"])
        discs += [rng.choice(DISCIPLINES) for _ in range(size - len(discs))]
        rng.shuffle(discs)
        grouped = rng.choice([0, 0, 0, 2, 2, 3]) if size >= 4 else 0
        mine = []
        for k, d in enumerate(discs):
            free = [s for s in SLOTS if s not in key]
            extra = rng.sample(free, rng.choice([0, 1, 1, 2, 2, 3, 4]))
            others = [c["id"] for c in challenges if c is not ch]
            prefs = rng.sample(others, min(len(others), rng.randint(0, 2)))
            if rng.random() < 0.6:
                prefs.insert(rng.randint(0, len(prefs)), ch["id"])
            students.append(
                {
                    "discipline": d,
                    "skills": sorted(set(rng.sample(SKILLS[d], 2))),
                    "languages": ["nl"],
                    "availability": sorted(key + extra),
                    "group": "w" if k < grouped else None,
                    "challenge_prefs": prefs,
                    "avoid": [],
                }
            )
            mine.append(len(students) - 1)
        members_of.append(mine)
    # avoid pairs only between students the plan keeps apart
    for _ in range(max(1, n_students // 30)):
        a, b = rng.sample(range(len(members_of)), 2)
        students[rng.choice(members_of[a])]["avoid"].append(rng.choice(members_of[b]))
    order = list(range(len(students)))
    rng.shuffle(order)
    new_id = {old: f"s{pos + 1}" for pos, old in enumerate(order)}
    out = []
    for old in order:
        s = dict(students[old])
        s["id"] = new_id[old]
        s["avoid"] = [new_id[o] for o in s["avoid"]]
        out.append(s)
    rng.shuffle(challenges)
    return {
        "team_size": {"min": 4, "max": 6},
        "students": out,
        "challenges": challenges,
        "options": {"no_lone_group_member": True, "min_common_slots": 2},
    }


def rule_breaches(request: dict[str, Any], result: dict[str, Any]) -> list[str]:
    """Every hard rule of DESIGN.md the result breaks, as sentences; [] when valid."""
    students = {s["id"]: s for s in request["students"]}
    options = request.get("options") or {}
    lo, hi = request["team_size"]["min"], request["team_size"]["max"]
    out: list[str] = []
    per_challenge = Counter(team["challenge"] for team in result["teams"])
    for ch in request["challenges"]:
        if per_challenge[ch["id"]] != ch.get("teams", 1):
            out.append(f"{ch['id']} has {per_challenge[ch['id']]} teams")
    challenges = {c["id"]: c for c in request["challenges"]}
    seen: Counter[str] = Counter()
    for team in result["teams"]:
        members = [students[m] for m in team["members"]]
        seen.update(team["members"])
        name = f"{team['challenge']}: {team['members']}"
        if not lo <= len(members) <= hi:
            out.append(f"{name} has {len(members)} members")
        have = {m["discipline"] for m in members}
        for d in challenges[team["challenge"]].get("required_disciplines", []):
            if d not in have:
                out.append(f"{name} lacks {d}")
        ids = set(team["members"])
        for m in members:
            for other in m.get("avoid") or []:
                if other in ids:
                    out.append(f"{name} pairs {m['id']} with {other}")
        if options.get("no_lone_group_member"):
            groups = Counter(m.get("group") for m in members if m.get("group"))
            out += [f"{name} has one member of {g}" for g, n in groups.items() if n == 1]
        k = options.get("min_common_slots") or 0
        if k and members:
            common = set(SLOTS) | {a for m in members for a in m["availability"]}
            for m in members:
                common &= set(m["availability"])
            if len(common) < k:
                out.append(f"{name} shares {len(common)} slots")
    out += [f"{sid} is in {n} teams" for sid, n in seen.items() if n > 1]
    listed = set(seen) | set(result.get("unassigned", []))
    out += [f"{sid} is missing from the result" for sid in students if sid not in listed]
    return out
