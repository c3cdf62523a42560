"""Benchmark for team formation (marketplace.teams).

Instances:
- synthetic cohorts of ~60 and ~600 students with skewed and scarce disciplines
  (ISCED-F codes), availability patterns, avoid pairs and declared groups;
- the public 62 students x 17 projects course-assignment data set
  (shared/data/team_formation/course_project_assignment_62x17; testing only, not shipped);
- the two classes with tight availability in shared/data/team_formation/tight (60 and 240
  students, each known to have a valid assignment placing everyone), solved with the
  default limit and with ``--gap-limit``; per run: whether a valid assignment was found
  (``valid``: no error, no violation, nobody unplaced), when the first valid one was known
  (``first_valid_s``), violations, unplaced, worst/mean team, bound and gap.

Per instance it prints hard-rule violations (independent checker), worst and mean team
score (recomputed by the checker), bound, gap, unassigned count and time; the last line
is one JSON object holding all figures.

Two time limits, stated in the JSON (``time_limit_s`` per row):
- every instance is first solved with the solver's default limit (1 s for 60 students,
  10 s for 600; ``--time-limit`` overrides it). That is the speed target: the first
  answer's time, violations, worst score and gap are ``time_s_first``,
  ``violations_first``, ``worst_first``, ``bound_first``, ``gap_first``.
- instances of up to ``GAP_RUN_MAX_STUDENTS`` students are then solved again, from
  scratch, with the longer limit ``--gap-limit`` (default 60 s). ``worst``, ``mean``,
  ``bound``, ``gap``, ``bound_source``, ``violations`` and ``time_s`` of such a row come
  from that run: bound and gap are what the solver itself proved within that limit
  (``bound_source`` "team-lp" is the set-partitioning bound of ``marketplace.teams.colgen``).
  Larger instances report their first (default-limit) run in those fields as well.

    .venv/bin/python bench/teams.py [--data DIR] [--time-limit S] [--gap-limit S]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marketplace.teams import ProblemError, check_solution, form_teams, recompute_objective

DATA = Path("/work/shared/data/team_formation/course_project_assignment_62x17")
TIGHT = Path("/work/shared/data/team_formation/tight")
# instances this small are also solved with the longer --gap-limit (the solver's
# team-level bound needs tens of seconds; see marketplace.teams.solver)
GAP_RUN_MAX_STUDENTS = 100

# discipline -> (share of the cohort, skills typical for it)
DISCIPLINES: dict[str, tuple[float, list[str]]] = {
    "0713": (0.22, ["energy audit", "power electronics", "PLC programming", "heat pumps"]),
    "0715": (0.22, ["CAD", "CNC machining", "welding", "maintenance planning"]),
    "0613": (0.20, ["python", "data analysis", "web development", "machine vision"]),
    "0311": (0.16, ["business case", "cost accounting", "market study", "funding instruments"]),
    "0212": (0.12, ["user research", "prototyping", "service design", "ergonomics"]),
    "0421": (0.08, ["GDPR", "contract law", "intellectual property", "labour law"]),
}
SECTORS = ["clothing", "food", "furniture", "metal", "graphic"]
SLOTS = [f"{d}-{h}" for d in ("mon", "tue", "wed", "thu", "fri") for h in ("am", "pm")]
TIMETABLES = [  # cohorts share timetables; working students have fewer slots
    ["mon-pm", "tue-am", "wed-pm", "thu-pm", "fri-am", "fri-pm"],
    ["mon-am", "tue-pm", "wed-am", "thu-pm", "fri-pm"],
    ["tue-am", "tue-pm", "thu-am", "thu-pm", "fri-pm"],
]


def cohort(
    n_students: int, n_challenges: int, teams_per: list[int], seed: int, size: tuple[int, int]
) -> dict[str, Any]:
    """A synthetic but realistic request (DESIGN.md format)."""
    rng = random.Random(seed)
    codes = list(DISCIPLINES)
    shares = [DISCIPLINES[c][0] for c in codes]
    students = []
    for n in range(n_students):
        d = rng.choices(codes, shares)[0]
        own = DISCIPLINES[d][1]
        skills = rng.sample(own, rng.randint(2, 3))
        if rng.random() < 0.4:  # some cross-over skills
            other = DISCIPLINES[rng.choice(codes)][1]
            skills.append(rng.choice(other))
        table = rng.choice(TIMETABLES)
        avail = [s for s in table if rng.random() < 0.85]
        avail += [s for s in SLOTS if s not in table and rng.random() < 0.15]
        students.append(
            {
                "id": f"s{n + 1}",
                "discipline": d,
                "skills": sorted(set(skills)),
                "languages": ["nl"] if rng.random() < 0.8 else ["en"],
                "availability": sorted(set(avail)),
                "group": rng.choice(["exchange", "working"]) if rng.random() < 0.1 else None,
                "challenge_prefs": [],
                "avoid": [],
            }
        )
    challenges = []
    demand: dict[str, int] = {c: 0 for c in codes}
    supply = {c: sum(1 for s in students if s["discipline"] == c) for c in codes}
    popularity = [1 / (k + 1) ** 0.8 for k in range(n_challenges)]  # Zipf-like
    for k in range(n_challenges):
        focus = rng.sample(codes, 3)
        req_skills = sorted({rng.choice(DISCIPLINES[d][1]) for d in focus for _ in range(2)})
        req_disc = []
        for d in focus[: rng.randint(1, 2)]:
            if demand[d] + teams_per[k] <= 0.7 * supply[d]:
                req_disc.append(d)
                demand[d] += teams_per[k]
        challenges.append(
            {
                "id": f"c{k + 1}",
                "title": f"{SECTORS[k % len(SECTORS)]} challenge {k + 1}",
                "teams": teams_per[k],
                "required_skills": req_skills,
                "required_disciplines": req_disc,
                "_focus": focus,
            }
        )
    for s in students:
        # students prefer popular challenges and those close to their discipline
        weights = [
            popularity[k] * (3 if s["discipline"] in challenges[k]["_focus"] else 1)
            for k in range(n_challenges)
        ]
        ranked: list[str] = []
        for _ in range(min(n_challenges, rng.randint(3, 6))):
            k = rng.choices(range(n_challenges), weights)[0]
            weights[k] = 0
            ranked.append(challenges[k]["id"])
        s["challenge_prefs"] = ranked
    for _ in range(max(1, n_students // 30)):
        a, b = rng.sample(students, 2)
        a["avoid"].append(b["id"])
    for c in challenges:
        del c["_focus"]
    return {
        "team_size": {"min": size[0], "max": size[1]},
        "students": students,
        "challenges": challenges,
        "options": {"no_lone_group_member": True, "min_common_slots": 2},
    }


def course_assignment(data: Path) -> dict[str, Any]:
    """The 62x17 course-project data set in our request format.

    Majors map to ISCED-F disciplines (0 ECE -> 0714, 1 ME -> 0715, 2 MSE -> 0722); a
    project's minimum students per major >= 1 becomes a required discipline (counts of 2
    cannot be expressed and become "at least one"); the on-site minimum becomes the
    required skill "on-site", held by on-site students; ranks 1..10 become the ranked list
    (100 = not ranked).
    """
    majors = {"0": "0714", "1": "0715", "2": "0722"}
    with (data / "project_requirements.csv").open(newline="") as fh:
        rows = [r for r in csv.reader(fh) if r]
    projects = rows[0]
    reqs = rows[1:5]
    with (data / "students.csv").open(newline="") as fh:
        students_raw = [r for r in csv.reader(fh) if r]
    with (data / "preferences.csv").open(newline="") as fh:
        prefs = [r for r in csv.reader(fh) if r]
    challenges = []
    for k, pid in enumerate(projects):
        disc = [majors[str(m)] for m in range(3) if reqs[m][k].strip() and int(reqs[m][k]) >= 1]
        onsite = reqs[3][k].strip() and int(reqs[3][k]) >= 1
        challenges.append(
            {
                "id": f"p{pid}",
                "teams": 1,
                "required_skills": ["on-site"] if onsite else [],
                "required_disciplines": disc,
            }
        )
    students = []
    for n, (sid, major, onsite) in enumerate(students_raw):
        # blanks (one row has some) mean "not ranked", like 100
        ranks = [(int(r), k) for k, r in enumerate(prefs[n]) if r.strip() and int(r) < 100]
        students.append(
            {
                "id": f"s{sid}",
                "discipline": majors[major],
                "skills": ["on-site"] if onsite == "1" else [],
                "availability": [],
                "challenge_prefs": [f"p{projects[k]}" for _, k in sorted(ranks)],
                "avoid": [],
            }
        )
    return {
        "team_size": {"min": 3, "max": 4},
        "students": students,
        "challenges": challenges,
        "options": {},
    }


def solve_once(
    name: str, request: dict[str, Any], time_limit: float | None, seed: int
) -> dict[str, Any]:
    """Solve, check independently and print one line; the figures as a dict."""
    t0 = time.monotonic()
    try:
        result = form_teams(request, seed=seed, time_limit=time_limit)
    except ProblemError as exc:
        elapsed = time.monotonic() - t0
        print(f"{name:14s} ERROR {exc.code}: {exc.message} ({elapsed:.2f}s)")
        return {"error": exc.code, "valid": False, "time_s": round(elapsed, 3)}
    elapsed = time.monotonic() - t0
    violations = check_solution(request, result)
    recomputed = recompute_objective(request, result)
    obj = result["objective"]
    row = {
        "students": len(request["students"]),
        "teams": len(result["teams"]),
        "violations": len(violations),
        "worst": round(recomputed["worst"], 4),
        "mean": round(recomputed["mean"], 4),
        "bound": obj["bound"],
        "gap": obj["gap"],
        "bound_source": obj["bound_source"],
        "status": obj["status"],
        "method": obj["method"],
        "unassigned": len(result["unassigned"]),
        "valid": not violations and not result["unassigned"],
        "first_valid_s": obj.get("first_valid_s"),
        "time_s": round(elapsed, 3),
    }
    limit = "default" if time_limit is None else f"{time_limit:g}s"
    print(
        f"{name:14s} limit={limit:7s} n={row['students']:4d} teams={row['teams']:3d}"
        f" viol={row['violations']} worst={row['worst']:.4f} mean={row['mean']:.4f}"
        f" bound={row['bound']} ({row['bound_source']}) gap={row['gap']}"
        f" unassigned={row['unassigned']} {row['status']}/{row['method']}"
        f" first_valid={row['first_valid_s']}s {row['time_s']:.2f}s"
    )
    for v in violations[:5]:
        print("   violation:", v)
    return row


def run(
    name: str,
    request: dict[str, Any],
    time_limit: float | None,
    seed: int,
    gap_limit: float,
) -> dict[str, Any]:
    first = solve_once(name, request, time_limit, seed)
    row: dict[str, Any] = {"instance": name}
    if "error" in first:
        return {**row, **first}
    row.update(
        time_limit_first=time_limit,
        time_s_first=first["time_s"],
        violations_first=first["violations"],
        worst_first=first["worst"],
        bound_first=first["bound"],
        gap_first=first["gap"],
    )
    if gap_limit > 0 and len(request["students"]) <= GAP_RUN_MAX_STUDENTS:
        row.update(solve_once(name, request, gap_limit, seed), time_limit_s=gap_limit)
    else:
        row.update(first, time_limit_s=time_limit)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--tight", type=Path, default=TIGHT, help="folder of tight_*.json classes")
    ap.add_argument(
        "--time-limit", type=float, default=None, help="first run's limit; default: solver's own"
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--gap-limit",
        type=float,
        default=60.0,
        help=f"limit of the second run of instances <= {GAP_RUN_MAX_STUDENTS} students (0: skip)",
    )
    args = ap.parse_args()
    print("load average at start: {:.2f} {:.2f} {:.2f} (2 cores, shared)".format(*os.getloadavg()))
    instances: list[tuple[str, dict[str, Any]]] = []
    for s in (1, 2, 3):
        instances.append((f"cohort60-{s}", cohort(60, 6, [3, 3, 2, 2, 2, 2], s, (3, 5))))
    instances.append(("cohort600", cohort(600, 40, [3] * 40, 7, (4, 6))))
    if (args.data / "students.csv").exists():
        instances.append(("cpa62x17", course_assignment(args.data)))
    rows = [run(name, req, args.time_limit, args.seed, args.gap_limit) for name, req in instances]
    tight = []
    for path in sorted(args.tight.glob("tight_*.json"), key=lambda f: len(f.read_bytes())):
        request = json.loads(path.read_text())
        row: dict[str, Any] = {"instance": path.stem}
        row["default_limit"] = solve_once(path.stem, request, args.time_limit, args.seed)
        if args.gap_limit > 0:
            row[f"limit_{args.gap_limit:g}s"] = solve_once(
                path.stem, request, args.gap_limit, args.seed
            )
        tight.append(row)
    note = (
        "*_first: one solve with the default time limit (null = solver's own: 1 s per 60"
        " students, at most 10 s), the speed target. worst/mean/bound/gap/violations/time_s:"
        f" instances of <= {GAP_RUN_MAX_STUDENTS} students solved again with time_limit_s ="
        f" {args.gap_limit:g} s; bound and gap are what the solver itself proved within that"
        " limit (bound_source). Larger instances: the first run."
    )
    load = os.getloadavg()
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores, shared)")
    print(
        json.dumps(
            {
                "bench": "teams",
                "note": note,
                "load_average": [round(x, 2) for x in load],
                "instances": rows,
                "tight": tight,
            }
        )
    )


if __name__ == "__main__":
    main()
