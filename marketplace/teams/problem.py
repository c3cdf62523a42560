"""Parse and validate a team-formation request into an indexed, immutable problem.

The JSON format is the one in DESIGN.md ("Team formation"). Everything downstream
(feasibility checks, solvers, scoring, explanations) works on integer indices, so this
module also builds the lookup tables they share: preference values, discipline ids,
availability and skill bitmasks, and the set of team slots each student may join.

Team slots are numbered globally: challenges in input order, then the challenge's teams
0, 1, …  A previous run's output lists teams in the same order, which is what makes
``options.locks`` (student -> team index) usable for "lock and re-run".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

WEIGHT_KEYS = ("skills", "diversity", "preference")
OPTION_KEYS = frozenset(
    {
        "no_lone_group_member",
        "min_common_slots",
        "weights",
        "locks",
        "together",
        "seed",
        "time_limit",
    }
)


class ProblemError(ValueError):
    """The request cannot be processed; ``code`` and ``params`` allow translation."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form: ``{"error": code, "message": …, "params": {…}}``."""
        return {"error": self.code, "message": self.message, "params": self.params}


class InvalidInputError(ProblemError):
    """The request is malformed (types, missing fields, unknown ids)."""


class InfeasibleError(ProblemError):
    """The request is well formed but its hard constraints cannot all be met.

    ``params`` always holds ``constraint`` and, where known, the ``students`` and
    ``challenges`` involved.
    """


@dataclass(frozen=True)
class Student:
    id: str
    discipline: str
    skills: frozenset[str]
    availability: frozenset[str]
    group: str | None
    challenge_prefs: tuple[str, ...]
    avoid: frozenset[str]


@dataclass(frozen=True)
class Challenge:
    id: str
    teams: int
    required_skills: tuple[str, ...]
    required_disciplines: tuple[str, ...]


@dataclass(frozen=True)
class Weights:
    skills: float = 1.0
    diversity: float = 1.0
    preference: float = 1.0

    @property
    def total(self) -> float:
        return self.skills + self.diversity + self.preference

    def shares(self) -> tuple[float, float, float]:
        """(skills, diversity, preference) weights summing to 1: a team score's coefficients."""
        return self.skills / self.total, self.diversity / self.total, self.preference / self.total


@dataclass(frozen=True)
class Options:
    no_lone_group_member: bool = False
    min_common_slots: int = 0
    weights: Weights = field(default_factory=Weights)
    # student id -> (challenge id, team ordinal or None for "any team of the challenge")
    locks: Mapping[str, tuple[str, int | None]] = field(default_factory=dict)
    together: tuple[tuple[str, ...], ...] = ()
    seed: int = 0
    time_limit: float | None = None


@dataclass(frozen=True)
class TeamSlot:
    index: int  # global position in the output
    challenge: int  # index into Problem.challenges
    ordinal: int  # 0-based position among the challenge's teams


@dataclass
class Problem:
    """Validated request plus the index tables every algorithm shares."""

    students: tuple[Student, ...]
    challenges: tuple[Challenge, ...]
    size_min: int
    size_max: int
    options: Options
    teams: tuple[TeamSlot, ...] = ()
    student_index: dict[str, int] = field(default_factory=dict)
    challenge_index: dict[str, int] = field(default_factory=dict)
    disciplines: tuple[str, ...] = ()
    discipline_of: tuple[int, ...] = ()
    groups: tuple[str, ...] = ()
    group_of: tuple[int, ...] = ()  # -1 = no group
    slots: tuple[str, ...] = ()
    avail_mask: tuple[int, ...] = ()
    avoid_idx: tuple[frozenset[int], ...] = ()
    pref: tuple[tuple[float, ...], ...] = ()  # pref[i][c]
    pref_rank: tuple[tuple[int | None, ...], ...] = ()  # 0-based position or None
    skill_mask: tuple[tuple[int, ...], ...] = ()  # skill_mask[i][c] over c's required skills
    required_disc_idx: tuple[tuple[int, ...], ...] = ()  # per challenge
    allowed_teams: tuple[tuple[int, ...], ...] = ()  # per student, after locks
    together_idx: tuple[tuple[int, ...], ...] = ()

    @property
    def n_students(self) -> int:
        return len(self.students)

    @property
    def n_teams(self) -> int:
        return len(self.teams)

    def teams_of(self, c: int) -> list[int]:
        """Global team indices belonging to challenge ``c``."""
        return [t.index for t in self.teams if t.challenge == c]


# --------------------------------------------------------------------------- parsing


def _fail(message: str, **params: Any) -> InvalidInputError:
    return InvalidInputError("invalid_input", message, **params)


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{where} must be a non-empty string", field=where)
    return value.strip()


def _str_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(f"{where} must be a list of strings", field=where)
    return [_str(v, f"{where}[{n}]") for n, v in enumerate(value)]


def _int(value: Any, where: str, minimum: int) -> int:
    # bool is an int subclass; "true" as a team count is a mistake worth reporting
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(f"{where} must be an integer >= {minimum}", field=where)
    return value


def _parse_student(raw: Any, n: int) -> Student:
    where = f"students[{n}]"
    if not isinstance(raw, Mapping):
        raise _fail(f"{where} must be an object", field=where)
    sid = _str(raw.get("id"), f"{where}.id")
    prefs = _str_list(raw.get("challenge_prefs"), f"{where}.challenge_prefs")
    if len(set(prefs)) != len(prefs):
        raise _fail(f"student {sid} ranks a challenge twice", student=sid)
    group = raw.get("group")
    return Student(
        id=sid,
        discipline=_str(raw.get("discipline"), f"{where}.discipline"),
        skills=frozenset(_str_list(raw.get("skills"), f"{where}.skills")),
        availability=frozenset(_str_list(raw.get("availability"), f"{where}.availability")),
        group=None if group in (None, "") else _str(group, f"{where}.group"),
        challenge_prefs=tuple(prefs),
        avoid=frozenset(_str_list(raw.get("avoid"), f"{where}.avoid")),
    )


def _parse_challenge(raw: Any, n: int) -> Challenge:
    where = f"challenges[{n}]"
    if not isinstance(raw, Mapping):
        raise _fail(f"{where} must be an object", field=where)
    return Challenge(
        id=_str(raw.get("id"), f"{where}.id"),
        teams=_int(raw.get("teams", 1), f"{where}.teams", 1),
        required_skills=tuple(dict.fromkeys(_str_list(raw.get("required_skills"), where))),
        required_disciplines=tuple(
            dict.fromkeys(_str_list(raw.get("required_disciplines"), where))
        ),
    )


def _parse_weights(raw: Any) -> Weights:
    if raw is None:
        return Weights()
    if not isinstance(raw, Mapping):
        raise _fail("options.weights must be an object", field="options.weights")
    unknown = set(raw) - set(WEIGHT_KEYS)
    if unknown:
        raise _fail(
            f"options.weights has unknown keys {sorted(unknown)}; use {list(WEIGHT_KEYS)}",
            field="options.weights",
        )
    values: dict[str, float] = {}
    for key in WEIGHT_KEYS:
        v = raw.get(key, 1.0)
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
            raise _fail(f"options.weights.{key} must be a number >= 0", field=key)
        values[key] = float(v)
    if sum(values.values()) <= 0:
        raise _fail("options.weights must not all be zero", field="options.weights")
    return Weights(**values)


def _parse_lock(sid: str, raw: Any) -> tuple[str | int, int | None]:
    """A lock is a global team index, or {"challenge": id, "team": ordinal (optional)}."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        if raw < 0:
            raise _fail(f"lock of {sid} must be a team index >= 0", student=sid)
        return raw, None
    if isinstance(raw, Mapping) and "challenge" in raw:
        team = raw.get("team")
        return _str(raw["challenge"], f"options.locks.{sid}.challenge"), (
            None if team is None else _int(team, f"options.locks.{sid}.team", 0)
        )
    raise _fail(
        f'lock of {sid} must be a team index or {{"challenge": id, "team": n}}', student=sid
    )


def _parse_options(raw: Any, time_limit: float | None, seed: int | None) -> tuple[Options, dict]:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise _fail("options must be an object", field="options")
    unknown = set(raw) - OPTION_KEYS
    if unknown:
        raise _fail(f"unknown options {sorted(unknown)}", field="options")
    locks_raw = raw.get("locks") or {}
    if not isinstance(locks_raw, Mapping):
        raise _fail("options.locks must be an object {student: team}", field="options.locks")
    locks = {_str(k, "options.locks key"): _parse_lock(k, v) for k, v in locks_raw.items()}
    together_raw = raw.get("together") or []
    if not isinstance(together_raw, list):
        raise _fail("options.together must be a list of lists", field="options.together")
    together = tuple(
        tuple(_str_list(g, f"options.together[{n}]")) for n, g in enumerate(together_raw)
    )
    tl = raw.get("time_limit") if time_limit is None else time_limit
    if tl is not None and (isinstance(tl, bool) or not isinstance(tl, int | float) or tl <= 0):
        raise _fail("time_limit must be a positive number of seconds", field="time_limit")
    sd = raw.get("seed", 0) if seed is None else seed
    options = Options(
        no_lone_group_member=bool(raw.get("no_lone_group_member", False)),
        min_common_slots=_int(raw.get("min_common_slots", 0), "options.min_common_slots", 0),
        weights=_parse_weights(raw.get("weights")),
        locks={},
        together=together,
        seed=_int(sd, "seed", 0),
        time_limit=None if tl is None else float(tl),
    )
    return options, locks


def parse_problem(
    data: Mapping[str, Any], *, time_limit: float | None = None, seed: int | None = None
) -> Problem:
    """Validate a request (DESIGN.md JSON, already decoded) and build the index tables.

    ``time_limit`` and ``seed`` override ``options.time_limit`` / ``options.seed``.
    Raises :class:`InvalidInputError` on malformed input.
    """
    if not isinstance(data, Mapping):
        raise _fail("the request must be a JSON object")
    size = data.get("team_size")
    if not isinstance(size, Mapping):
        raise _fail('team_size must be an object {"min": n, "max": m}', field="team_size")
    size_min = _int(size.get("min"), "team_size.min", 1)
    size_max = _int(size.get("max"), "team_size.max", 1)
    if size_max < size_min:
        raise _fail("team_size.max must be >= team_size.min", field="team_size")
    raw_students, raw_challenges = data.get("students"), data.get("challenges")
    if not isinstance(raw_students, list):
        raise _fail("students must be a list", field="students")
    if not isinstance(raw_challenges, list) or not raw_challenges:
        raise _fail("challenges must be a non-empty list", field="challenges")
    students = tuple(_parse_student(s, n) for n, s in enumerate(raw_students))
    challenges = tuple(_parse_challenge(c, n) for n, c in enumerate(raw_challenges))
    options, locks = _parse_options(data.get("options"), time_limit, seed)
    return _index(students, challenges, size_min, size_max, options, locks)


def _duplicates(ids: Sequence[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


def _index(
    students: tuple[Student, ...],
    challenges: tuple[Challenge, ...],
    size_min: int,
    size_max: int,
    options: Options,
    raw_locks: dict[str, tuple[str | int, int | None]],
) -> Problem:
    dup = _duplicates([s.id for s in students])
    if dup:
        raise _fail(f"duplicate student ids: {', '.join(dup)}", students=dup)
    dup = _duplicates([c.id for c in challenges])
    if dup:
        raise _fail(f"duplicate challenge ids: {', '.join(dup)}", challenges=dup)
    s_idx = {s.id: i for i, s in enumerate(students)}
    c_idx = {c.id: i for i, c in enumerate(challenges)}
    for s in students:
        unknown = [c for c in s.challenge_prefs if c not in c_idx]
        if unknown:
            raise _fail(
                f"student {s.id} ranks unknown challenge(s) {', '.join(unknown)}",
                student=s.id,
                challenges=unknown,
            )
        bad = sorted(a for a in s.avoid if a not in s_idx or a == s.id)
        if bad:
            raise _fail(
                f"student {s.id} avoids unknown student(s) or itself: {', '.join(bad)}",
                student=s.id,
                students=bad,
            )

    teams: list[TeamSlot] = []
    for c, ch in enumerate(challenges):
        for k in range(ch.teams):
            teams.append(TeamSlot(index=len(teams), challenge=c, ordinal=k))
    first_team = {
        c: next(t.index for t in teams if t.challenge == c) for c in range(len(challenges))
    }

    # Locks become "allowed team sets"; an unlocked student may join any team.
    locks: dict[str, tuple[str, int | None]] = {}
    allowed: list[tuple[int, ...]] = [tuple(range(len(teams)))] * len(students)
    for sid, (target, ordinal) in raw_locks.items():
        if sid not in s_idx:
            raise _fail(f"options.locks names unknown student {sid}", student=sid)
        if isinstance(target, int):
            if target >= len(teams):
                raise _fail(
                    f"lock of {sid}: team {target} does not exist (there are {len(teams)} teams,"
                    f" numbered from 0)",
                    student=sid,
                )
            slot = teams[target]
            locks[sid] = (challenges[slot.challenge].id, slot.ordinal)
            allowed[s_idx[sid]] = (target,)
            continue
        if target not in c_idx:
            raise _fail(f"lock of {sid} names unknown challenge {target}", student=sid)
        c = c_idx[target]
        if ordinal is not None and ordinal >= challenges[c].teams:
            raise _fail(
                f"lock of {sid}: challenge {target} has only {challenges[c].teams} team(s)",
                student=sid,
                challenges=[target],
            )
        locks[sid] = (target, ordinal)
        if ordinal is None:
            allowed[s_idx[sid]] = tuple(range(first_team[c], first_team[c] + challenges[c].teams))
        else:
            allowed[s_idx[sid]] = (first_team[c] + ordinal,)

    together_idx: list[tuple[int, ...]] = []
    for group in options.together:
        unknown = [g for g in group if g not in s_idx]
        if unknown:
            raise _fail(f"options.together names unknown student(s) {', '.join(unknown)}")
        if len(group) >= 2:
            together_idx.append(tuple(dict.fromkeys(s_idx[g] for g in group)))

    disciplines = tuple(sorted({s.discipline for s in students}))
    d_idx = {d: i for i, d in enumerate(disciplines)}
    groups = tuple(sorted({s.group for s in students if s.group is not None}))
    g_idx = {g: i for i, g in enumerate(groups)}
    slots = tuple(sorted({a for s in students for a in s.availability}))
    sl_idx = {a: i for i, a in enumerate(slots)}

    avoid: list[set[int]] = [set() for _ in students]
    for i, s in enumerate(students):
        for other in s.avoid:
            # "avoid works both ways": one side declaring it is enough
            avoid[i].add(s_idx[other])
            avoid[s_idx[other]].add(i)

    pref: list[tuple[float, ...]] = []
    rank: list[tuple[int | None, ...]] = []
    for s in students:
        pos = {c: n for n, c in enumerate(s.challenge_prefs)}
        length = len(s.challenge_prefs)
        rank.append(tuple(pos.get(c.id) for c in challenges))
        pref.append(tuple((1.0 - pos[c.id] / length) if c.id in pos else 0.0 for c in challenges))

    skill_mask = tuple(
        tuple(
            sum(1 << k for k, sk in enumerate(c.required_skills) if sk in s.skills)
            for c in challenges
        )
        for s in students
    )
    return Problem(
        students=students,
        challenges=challenges,
        size_min=size_min,
        size_max=size_max,
        options=Options(
            no_lone_group_member=options.no_lone_group_member,
            min_common_slots=options.min_common_slots,
            weights=options.weights,
            locks=locks,
            together=options.together,
            seed=options.seed,
            time_limit=options.time_limit,
        ),
        teams=tuple(teams),
        student_index=s_idx,
        challenge_index=c_idx,
        disciplines=disciplines,
        discipline_of=tuple(d_idx[s.discipline] for s in students),
        groups=groups,
        group_of=tuple(-1 if s.group is None else g_idx[s.group] for s in students),
        slots=slots,
        avail_mask=tuple(sum(1 << sl_idx[a] for a in s.availability) for s in students),
        avoid_idx=tuple(frozenset(a) for a in avoid),
        pref=tuple(pref),
        pref_rank=tuple(rank),
        skill_mask=skill_mask,
        required_disc_idx=tuple(
            tuple(d_idx[d] for d in c.required_disciplines if d in d_idx) for c in challenges
        ),
        allowed_teams=tuple(allowed),
        together_idx=tuple(together_idx),
    )
