"""Large-neighbourhood search: free a few teams and regroup their members optimally.

Swaps and single moves (``search``) get stuck where lifting the worst team needs several
students to change teams at once. Here one step takes a worst team plus a few others,
frees all their members and rebuilds those teams *exactly*: every valid member set of
each freed team that scores at least the current minimum is enumerated, and an exact
cover of the freed students by one such set per team maximises (lowest score, sum of
scores). The result replaces the old teams only when that pair improves, so the worst
team of the whole assignment never gets worse, and every hard rule keeps holding: the
enumeration checks all per-team rules, locks and "together" groups (whole teams are
freed, so a group is either entirely among the freed students or untouched).

Neighbourhoods grow from 2 to ``MAX_TEAMS`` teams when every combination of the current
size has been tried without success; after that, neighbourhoods without a worst team are
improved (their lowest score, then their sum), which can open a way for the worst team.
Work is counted in search nodes, so a seed reproduces its result; the deadline is only a
safety net.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from math import comb

from .problem import Problem
from .scoring import team_score

MAX_TEAMS = 5
EPS = 1e-9
# beyond this many combinations of a neighbourhood size, combinations are sampled
MAX_TRIED = 600
# search nodes per second on the reference machine (2 cores, CPython 3.11), used to turn
# a time share into a deterministic budget
WORK_PER_SECOND = 250_000
# nodes of one run before the next starts afresh with another seed (about 4 s)
RUN_WORK = 1_000_000


@dataclass
class Column:
    """One candidate team: a member set (bitmask over the freed students) and its score."""

    mask: int
    score: float


class Regrouper:
    """State of the assignment (members and score per team) and the neighbourhood loop."""

    def __init__(self, problem: Problem, assignment: Sequence[int], seed: int) -> None:
        p = problem
        self.p = p
        self.rng = random.Random(seed)
        self.assignment = list(assignment)
        self.members: list[list[int]] = [[] for _ in range(p.n_teams)]
        for i, t in enumerate(self.assignment):
            if t >= 0:
                self.members[t].append(i)
        self.scores = [
            team_score(p, p.teams[t].challenge, self.members[t]).score for t in range(p.n_teams)
        ]
        self.ws, self.wd, self.wp = p.options.weights.shares()
        self.together_of: dict[int, tuple[int, ...]] = {}
        for group in p.together_idx:
            for i in group:
                self.together_of[i] = group
        self.improvements = 0
        self.work = 0  # search nodes visited: the deterministic measure of effort

    # ------------------------------------------------------------------ main loop
    def run(self, work: int, deadline: float) -> list[int]:
        """Search until ``work`` nodes are used up, a local optimum is proven or ``deadline``
        (time.monotonic()) passes; returns the (never worse) assignment."""
        T = self.p.n_teams
        if T < 2:
            return self.assignment
        size = 2
        # False: neighbourhoods hold a worst team. True: any team, once those are exhausted;
        # improving other teams can open a way for the worst one.
        anywhere = False
        tried: set[tuple[int, ...]] = set()
        while self.work < work:
            if time.monotonic() > deadline:
                break
            if anywhere:
                target = self.rng.randrange(T)
            else:
                worst = min(self.scores)
                targets = [t for t in range(T) if self.scores[t] <= worst + EPS]
                target = targets[self.rng.randrange(len(targets))]
            others = [t for t in range(T) if t != target]
            k = min(size, T) - 1
            pick = self._pick(target, others, k, tried, comb(len(others), k))
            if pick is None:
                if size < min(MAX_TEAMS, T):
                    size += 1
                elif anywhere or T <= MAX_TEAMS:
                    break  # every neighbourhood failed: a local optimum
                else:
                    anywhere, size = True, 2
                tried.clear()
                continue
            tried.add(pick)
            if self._rebuild(list(pick)):
                self.improvements += 1
                tried.clear()
                anywhere, size = False, 2
        return self.assignment

    def _pick(
        self,
        target: int,
        others: list[int],
        k: int,
        tried: set[tuple[int, ...]],
        total: int,
    ) -> tuple[int, ...] | None:
        """An untried set of teams holding ``target``; None when all were tried."""
        if total <= MAX_TRIED:
            fresh = [
                key
                for combo in combinations(others, k)
                if (key := tuple(sorted((target, *combo)))) not in tried
            ]
            return fresh[self.rng.randrange(len(fresh))] if fresh else None
        if len(tried) >= MAX_TRIED:
            return None
        for _ in range(50):
            key = tuple(sorted((target, *self.rng.sample(others, k))))
            if key not in tried:
                return key
        return None

    # ------------------------------------------------------------------ one step
    def _rebuild(self, teams: list[int]) -> bool:
        """Regroup the members of ``teams`` optimally; True when the pair (min, sum) rose."""
        freed = sorted(i for t in teams for i in self.members[t])
        old = [self.scores[t] for t in teams]
        floor = min(old)
        columns = [self._columns(t, freed, floor) for t in teams]
        if any(not cols for cols in columns):
            return False
        best, nodes = _cover(teams, columns, len(freed), self.p, floor, sum(old))
        self.work += nodes
        if best is None:
            return False
        for t, col in zip(teams, best, strict=True):
            self.members[t] = [freed[b] for b in range(len(freed)) if col.mask >> b & 1]
            self.scores[t] = team_score(self.p, self.p.teams[t].challenge, self.members[t]).score
            for i in self.members[t]:
                self.assignment[i] = t
        return True

    def _columns(self, t: int, freed: list[int], floor: float) -> list[Column]:
        """Every valid member set for team ``t`` drawn from ``freed`` scoring >= floor."""
        p = self.p
        c = p.teams[t].challenge
        cand = [b for b, i in enumerate(freed) if t in p.allowed_teams[i]]
        # highest preference first makes the optimistic bound below tight early
        cand.sort(key=lambda b: -p.pref[freed[b]][c])
        n = len(cand)
        ids = [freed[b] for b in cand]
        bit = [1 << b for b in cand]
        pos = {i: b for b, i in enumerate(freed)}
        disc = [1 << p.discipline_of[i] for i in ids]
        skill = [p.skill_mask[i][c] for i in ids]
        pref = [p.pref[i][c] for i in ids]
        avail = [p.avail_mask[i] for i in ids]
        group = [p.group_of[i] if p.options.no_lone_group_member else -1 for i in ids]
        avoid = [sum(1 << pos[j] for j in p.avoid_idx[i] if j in pos) for i in ids]
        together = [sum(1 << pos[j] for j in self.together_of.get(i, ()) if j in pos) for i in ids]
        suf_pref = [0.0] * (n + 1)
        suf_skill = [0] * (n + 1)
        for j in range(n - 1, -1, -1):
            suf_pref[j] = max(suf_pref[j + 1], pref[j])
            suf_skill[j] = suf_skill[j + 1] | skill[j]
        required = sum(1 << d for d in p.required_disc_idx[c])
        n_req = len(p.challenges[c].required_skills)
        k_slots = p.options.min_common_slots
        lo, hi = p.size_min, p.size_max
        ws, wd, wp = self.ws, self.wd, self.wp
        limit = floor - EPS
        out: list[Column] = []
        groups: dict[int, int] = {}

        nodes = 0

        def rec(
            start: int, mask: int, size: int, dm: int, cov: int, ps: float, common: int
        ) -> None:
            nonlocal nodes
            nodes += 1
            if size >= lo and dm & required == required:
                skills = cov.bit_count() / n_req if n_req else 1.0
                score = ws * skills + (wd * dm.bit_count() + wp * ps) / size
                if (
                    score >= limit
                    and all(v != 1 for v in groups.values())
                    and all(tg & mask in (0, tg) for tg in together if tg)
                ):
                    out.append(Column(mask, score))
            if size >= hi:
                return
            for j in range(start, n):
                if avoid[j] & mask:
                    continue
                com = common & avail[j]
                if k_slots and com.bit_count() < k_slots:
                    continue
                dm2 = dm | disc[j]
                ps2 = ps + pref[j]
                cov_ub = (cov | skill[j] | suf_skill[j + 1]).bit_count()
                sk = ws * (cov_ub / n_req if n_req else 1.0)
                d2 = dm2.bit_count()
                top = hi if j + 1 < n else size + 1
                for final in range(max(size + 1, lo), top + 1):
                    extra = final - size - 1
                    if (
                        sk
                        + (wd * min(final, d2 + extra) + wp * (ps2 + extra * suf_pref[j + 1]))
                        / (final)
                        >= limit
                    ):
                        break
                else:
                    continue
                g = group[j]
                if g >= 0:
                    groups[g] = groups.get(g, 0) + 1
                rec(j + 1, mask | bit[j], size + 1, dm2, cov | skill[j], ps2, com)
                if g >= 0:
                    groups[g] -= 1
                    if not groups[g]:
                        del groups[g]

        rec(0, 0, 0, 0, 0, 0.0, -1)
        self.work += nodes
        return out


def _cover(
    teams: list[int],
    columns: list[list[Column]],
    n_freed: int,
    p: Problem,
    floor: float,
    old_sum: float,
) -> tuple[list[Column] | None, int]:
    """Exact cover of the freed students, one column per team, maximising (min, sum).

    Returns (None, nodes) unless the best cover beats (``floor``, ``old_sum``), else
    (one column per team in ``teams`` order, nodes visited). Branches on the
    lowest uncovered student; interchangeable teams (same challenge, same admissible
    students) are tried once per branch.
    """
    k = len(teams)
    full = (1 << n_freed) - 1
    by_low: list[dict[int, list[Column]]] = []
    top: list[float] = []
    for cols in columns:
        index: dict[int, list[Column]] = {}
        for col in sorted(cols, key=lambda x: -x.score):
            low = (col.mask & -col.mask).bit_length() - 1
            index.setdefault(low, []).append(col)
        by_low.append(index)
        top.append(max(col.score for col in cols))
    # teams of one challenge are interchangeable unless a lock tells them apart
    classes: dict[tuple[int, frozenset[int]], int] = {}
    signature = [
        classes.setdefault(
            (p.teams[t].challenge, frozenset(col.mask for col in columns[s])), len(classes)
        )
        for s, t in enumerate(teams)
    ]
    lo, hi = p.size_min, p.size_max
    best: list[tuple[float, float]] = [(floor, old_sum + 1e-7)]
    best_pick: list[list[Column | None] | None] = [None]
    chosen: list[Column | None] = [None] * k
    nodes = 0

    def rec(covered: int, left: int, cur_min: float, cur_sum: float) -> None:
        nonlocal nodes
        nodes += 1
        remaining = n_freed - covered.bit_count()
        n_left = left.bit_count()
        if n_left == 0:
            bmin, bsum = best[0]
            if remaining == 0 and (
                cur_min > bmin + EPS or (cur_min >= bmin - EPS and cur_sum > bsum)
            ):
                best[0] = (max(cur_min, bmin), cur_sum)
                best_pick[0] = list(chosen)
            return
        if not n_left * lo <= remaining <= n_left * hi:
            return
        low = ((full & ~covered) & -(full & ~covered)).bit_length() - 1
        seen: set[int] = set()
        bmin, bsum = best[0]
        for s in range(k):
            if not left >> s & 1 or signature[s] in seen:
                continue
            seen.add(signature[s])
            rest = sum(top[r] for r in range(k) if left >> r & 1 and r != s)
            for col in by_low[s].get(low, ()):
                if col.mask & covered:
                    continue
                new_min = min(cur_min, col.score)
                if new_min < bmin - EPS:
                    break  # sorted by score: the rest is lower still
                if new_min <= bmin + EPS and cur_sum + col.score + rest <= bsum:
                    continue
                chosen[s] = col
                rec(covered | col.mask, left & ~(1 << s), new_min, cur_sum + col.score)
                chosen[s] = None
                bmin, bsum = best[0]

    rec(0, (1 << k) - 1, float("inf"), 0.0)
    pick = best_pick[0]
    if pick is None:
        return None, nodes
    return [col for col in pick if col is not None], nodes


def regroup(
    problem: Problem,
    assignment: Sequence[int],
    *,
    seed: int,
    work: int,
    deadline: float,
) -> list[int]:
    """Improve a valid assignment by exact regrouping of a few teams at a time.

    ``work`` caps the search nodes visited (``WORK_PER_SECOND`` converts from seconds).
    Searches that got stuck differ by seed more than by length, so a budget of more than
    ``RUN_WORK`` nodes is spent on independent runs from ``assignment`` (seeds derived
    from ``seed``) and the best result wins. The worst team score never decreases and
    every hard rule that held still holds. Deterministic for a seed unless ``deadline``
    (time.monotonic()) cuts the work short.
    """
    best = list(assignment)
    best_key: tuple[float, float] | None = None
    used = 0
    run = 0
    while used < work and time.monotonic() < deadline:
        search = Regrouper(problem, assignment, seed * 1_000 + run)
        found = search.run(min(RUN_WORK, work - used), deadline)
        used += max(1, search.work)
        run += 1
        key = (round(min(search.scores), 9), round(sum(search.scores), 9))
        if best_key is None or key > best_key:
            best, best_key = found, key
    return best
