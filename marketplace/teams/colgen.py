"""Team-level upper bound on the worst team score (set-partitioning LP, column generation).

For a threshold ``t``, let the columns be all teams (challenge c, member set S) that meet
every per-team hard rule and score at least ``t``. If the worst team of some solution
scores >= t, its teams are such columns and form an integral point of

    sum_{S ∋ i} λ_S (=|<=) 1  for every student i,     sum_{S of c} λ_S = k_c,
    (sum_S |S| λ_S >= placed when not everybody has to be placed),   λ >= 0.

So if this LP is infeasible, every solution has a team below ``t``: ``t`` is an upper
bound. Infeasibility is proven with dual multipliers y (student rows y_i, challenge rows
y_c, placement row y_p) taken from a phase-1 LP over the columns generated so far:
for any solution, sum_S λ_S val(S) >= D := y·b (the sign of y matches each row's sense),
where val(S) = y_c + sum_{i in S} (y_i + y_p), while sum_S λ_S val(S) <= sum_c k_c
max_S val(S). An *exhaustive* search over the teams of each challenge (``max_team``)
gives max_S val(S); D > sum_c k_c max_S val(S) is the certificate. Columns found along
the way with val(S) > 0 enter the LP (column generation) until the certificate holds or
the restricted LP becomes feasible (then ``t`` cannot be excluded).

Relaxations that keep the bound valid: "together" groups are ignored, locks to a team
ordinal count as locks to the challenge, and the search tolerates rounding in the
threshold. The bound is the smallest threshold proven infeasible (bisection).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from .problem import Problem

EPS = 1e-9  # score threshold slack: rounding may only admit more teams


@dataclass
class ChallengeTeams:
    """Students eligible for one challenge and what the team search needs about them."""

    c: int
    students: list[int]
    disc_bit: list[int]
    skill: list[int]
    pref: list[float]
    avail: list[int]
    group: list[int]
    avoid: list[int]  # bitmask over positions in ``students``
    required: int  # bitmask over disciplines
    n_skills: int


@dataclass
class Search:
    """Outcome of one team search for a challenge."""

    best: float  # max val(S) found (-inf when no team qualifies)
    complete: bool  # the search was exhaustive: ``best`` is the true maximum
    columns: list[tuple[float, tuple[int, ...]]] = field(default_factory=list)


class TeamBound:
    """Column generation state shared by the thresholds of one bisection."""

    def __init__(self, problem: Problem, placeable: list[int], *, placed: int) -> None:
        p = problem
        self.p = p
        self.placeable = placeable
        self.row_of = {i: r for r, i in enumerate(placeable)}
        self.all_placed = placed >= len(placeable)
        self.placed = placed
        self.ws, self.wd, self.wp = p.options.weights.shares()
        self.k = [ch.teams for ch in p.challenges]
        self.locked = {
            i for i in placeable if p.students[i].id in p.options.locks
        }  # locked students must be placed
        self.challenges = [self._challenge(c) for c in range(len(p.challenges))]
        self.columns: list[tuple[int, tuple[int, ...], float]] = []  # (c, members, score)
        self.seen: set[tuple[int, tuple[int, ...]]] = set()

    def _challenge(self, c: int) -> ChallengeTeams:
        p = self.p
        students = [
            i for i in self.placeable if any(p.teams[t].challenge == c for t in p.allowed_teams[i])
        ]
        pos = {i: n for n, i in enumerate(students)}
        avoid = []
        for i in students:
            avoid.append(sum(1 << pos[j] for j in p.avoid_idx[i] if j in pos))
        return ChallengeTeams(
            c=c,
            students=students,
            disc_bit=[1 << p.discipline_of[i] for i in students],
            skill=[p.skill_mask[i][c] for i in students],
            pref=[p.pref[i][c] for i in students],
            avail=[p.avail_mask[i] for i in students],
            group=[p.group_of[i] if p.options.no_lone_group_member else -1 for i in students],
            avoid=avoid,
            required=sum(1 << d for d in p.required_disc_idx[c]),
            n_skills=len(p.challenges[c].required_skills),
        )

    # ------------------------------------------------------------------ columns
    def score(self, c: int, members: tuple[int, ...]) -> float:
        p = self.p
        n_req = len(p.challenges[c].required_skills)
        mask = 0
        for i in members:
            mask |= p.skill_mask[i][c]
        skills = mask.bit_count() / n_req if n_req else 1.0
        distinct = len({p.discipline_of[i] for i in members})
        pref = sum(p.pref[i][c] for i in members)
        return self.ws * skills + (self.wd * distinct + self.wp * pref) / len(members)

    def add_column(self, c: int, members: tuple[int, ...]) -> bool:
        key = (c, tuple(sorted(members)))
        if key in self.seen:
            return False
        self.seen.add(key)
        self.columns.append((c, key[1], self.score(c, key[1])))
        return True

    # ------------------------------------------------------------------ master LP
    def _master(self, t: float) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, float] | None:
        """Phase-1 LP over columns scoring >= t: (infeasibility, y_student, y_challenge,
        lambda, y_placement) or None when HiGHS fails."""
        cols = [k for k, (_c, _m, s) in enumerate(self.columns) if s >= t - EPS]
        n_s, n_c = len(self.placeable), len(self.k)
        eq_student = [self.all_placed or i in self.locked for i in self.placeable]
        # rows: students (eq or ub), challenges (eq), placement (ub, optional)
        r_eq, c_eq, v_eq = [], [], []
        r_ub, c_ub, v_ub = [], [], []
        eq_row: dict[int, int] = {}
        ub_row: dict[int, int] = {}
        for r, is_eq in enumerate(eq_student):
            if is_eq:
                eq_row[r] = len(eq_row)
            else:
                ub_row[r] = len(ub_row)
        n_eq_s = len(eq_row)
        place_row = None if self.all_placed else len(ub_row)
        n_var = len(cols)
        for j, k in enumerate(cols):
            c, members, _s = self.columns[k]
            for i in members:
                r = self.row_of[i]
                if r in eq_row:
                    r_eq.append(eq_row[r])
                    c_eq.append(j)
                    v_eq.append(1.0)
                else:
                    r_ub.append(ub_row[r])
                    c_ub.append(j)
                    v_ub.append(1.0)
            r_eq.append(n_eq_s + c)
            c_eq.append(j)
            v_eq.append(1.0)
            if place_row is not None:
                r_ub.append(place_row)
                c_ub.append(j)
                v_ub.append(-float(len(members)))
        # artificials: eq students, challenges, placement
        art = n_var
        for r in range(n_eq_s + n_c):
            r_eq.append(r)
            c_eq.append(art)
            v_eq.append(1.0)
            art += 1
        if place_row is not None:
            r_ub.append(place_row)
            c_ub.append(art)
            v_ub.append(-1.0)
            art += 1
        n_total = art
        cost = np.zeros(n_total)
        cost[n_var:] = 1.0
        b_eq = np.array([1.0] * n_eq_s + [float(k) for k in self.k])
        a_eq = coo_matrix((v_eq, (r_eq, c_eq)), shape=(n_eq_s + n_c, n_total)).tocsr()
        n_ub = len(ub_row) + (0 if place_row is None else 1)
        kwargs = {}
        if n_ub:
            b_ub = np.array([1.0] * len(ub_row) + ([] if place_row is None else [-self.placed]))
            kwargs = {
                "A_ub": coo_matrix((v_ub, (r_ub, c_ub)), shape=(n_ub, n_total)).tocsr(),
                "b_ub": b_ub,
            }
        res = linprog(cost, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs-ds", **kwargs)
        if res.status != 0:
            return None
        y_student = np.zeros(n_s)
        y_eq = np.asarray(res.eqlin.marginals, dtype=float)
        y_ub = np.minimum(np.asarray(res.ineqlin.marginals, dtype=float), 0.0) if n_ub else None
        for r in range(n_s):
            if r in eq_row:
                y_student[r] = y_eq[eq_row[r]]
            else:
                assert y_ub is not None
                y_student[r] = y_ub[ub_row[r]]
        y_chal = y_eq[n_eq_s:]
        y_place = 0.0 if place_row is None or y_ub is None else float(y_ub[place_row])
        lam = np.zeros(len(self.columns))
        lam[cols] = res.x[:n_var]
        return float(res.fun), y_student, y_chal, lam, y_place

    def dual_value(self, y_student: np.ndarray, y_chal: np.ndarray, y_place: float) -> float:
        """D = y·b: what every solution's sum of column values is at least."""
        total = float(np.dot(y_chal, self.k))
        total += float(y_student.sum())  # every student row has right-hand side 1
        total += -self.placed * y_place if not self.all_placed else 0.0
        return total

    # ------------------------------------------------------------------ threshold test
    def excluded(self, t: float, deadline: float, node_limit: int = 20_000) -> bool | None:
        """True: proven that no solution has all teams >= t. False: the LP is feasible.

        None: undecided before ``deadline``.
        """
        limit = node_limit
        while time.monotonic() < deadline:
            master = self._master(t)
            if master is None:
                return None
            infeas, y_s, y_c, _lam, y_p = master
            if infeas <= 1e-7:
                return False
            weights = [0.0] * self.p.n_students
            for r, i in enumerate(self.placeable):
                # the placement row has sense ">=" written as "-sum <= -placed"
                weights[i] = float(y_s[r]) - y_p
            dual = self.dual_value(y_s, y_c, y_p)
            if dual <= 1e-7:
                return None  # numerics: the LP claims infeasibility it cannot show
            # a column worth <= floor cannot help: k_c * floor summed stays below D
            floor = dual / (2 * sum(self.k))
            added = 0
            complete = True
            for ct in self.challenges:
                res = max_team(
                    self.p,
                    ct,
                    weights,
                    float(y_c[ct.c]),
                    t,
                    self,
                    node_limit=limit,
                    keep=5,
                    floor=floor,
                    deadline=deadline,
                )
                for _val, members in res.columns:
                    if self.add_column(ct.c, members):
                        added += 1
                complete = complete and res.complete
            if not added:
                if complete:
                    return True
                limit *= 4
        return None


def max_team(
    p: Problem,
    ct: ChallengeTeams,
    weights: list[float],
    base: float,
    t: float,
    owner: TeamBound,
    *,
    node_limit: int,
    keep: int,
    floor: float,
    deadline: float,
) -> Search:
    """Max of base + sum of member weights over valid teams of ``ct.c`` scoring >= t.

    Branch and bound over students sorted by weight; exhaustive unless ``node_limit``
    nodes are used up or ``deadline`` passes. Teams worth at most ``floor`` are pruned,
    so a complete search proves max <= max(best, floor). Keeps the ``keep`` best teams
    above ``floor``.
    """
    lo, hi = p.size_min, p.size_max
    order = sorted(range(len(ct.students)), key=lambda n: (-weights[ct.students[n]], n))
    n = len(order)
    w = [weights[ct.students[k]] for k in order]
    disc = [ct.disc_bit[k] for k in order]
    skill = [ct.skill[k] for k in order]
    pref = [ct.pref[k] for k in order]
    avail = [ct.avail[k] for k in order]
    group = [ct.group[k] for k in order]
    rank = {k: r for r, k in enumerate(order)}
    avoid = [sum(1 << rank[b] for b in range(n) if ct.avoid[k] >> b & 1) for k in order]
    ids = [ct.students[k] for k in order]
    # i (earlier, so at least as heavy) dominates j when swapping j for i keeps every rule
    # and cannot lower the score: a team holding j but not i need not be searched
    dom = [0] * n
    for j in range(n):
        for i in range(j):
            if (
                disc[i] == disc[j]
                and group[i] == group[j]
                and pref[i] >= pref[j]
                and skill[i] & skill[j] == skill[j]
                and avail[i] & avail[j] == avail[j]
                and avoid[i] & ~(1 << j) & ~avoid[j] == 0
                and not avoid[j] >> i & 1
            ):
                dom[j] |= 1 << i
    # prefix sums of weights (and of their positive parts) make the weight bound O(1)
    pw = [0.0] * (n + hi + 1)
    pp = [0.0] * (n + hi + 1)
    for j in range(n + hi):
        x = w[j] if j < n else 0.0
        pw[j + 1] = pw[j] + x
        pp[j + 1] = pp[j] + max(x, 0.0)
    # suffix summaries for pruning: from position j on
    suf_disc = [0] * (n + 1)
    suf_skill = [0] * (n + 1)
    suf_pref = [0.0] * (n + 1)
    for j in range(n - 1, -1, -1):
        suf_disc[j] = suf_disc[j + 1] | disc[j]
        suf_skill[j] = suf_skill[j + 1] | skill[j]
        suf_pref[j] = max(suf_pref[j + 1], pref[j])
    k_slots = p.options.min_common_slots
    n_req = ct.n_skills
    ws, wd, wp = owner.ws, owner.wd, owner.wp
    required = ct.required
    t_lo = t - EPS
    n_groups = max(1, len(p.groups))

    best = [float("-inf")]
    found: list[tuple[float, tuple[int, ...]]] = []
    nodes = [0]
    members: list[int] = []
    gcount = [0] * n_groups

    def record(val: float) -> None:
        if val > best[0]:
            best[0] = val
        found.append((val, tuple(ids[m] for m in members)))
        if len(found) > 4 * keep:
            found.sort(key=lambda f: -f[0])
            del found[keep:]

    def rec(
        start: int,
        cur: float,
        cov: int,
        dmask: int,
        psum: float,
        common: int,
        banned: int,
        lone: int,
        chosen: int,
    ) -> bool:
        nodes[0] += 1
        if nodes[0] > node_limit or (nodes[0] & 1023 == 0 and time.monotonic() > deadline):
            return False
        k = len(members)
        if k >= lo and lone == 0 and dmask & required == required and cur > floor:
            skills = cov.bit_count() / n_req if n_req else 1.0
            if ws * skills + (wd * dmask.bit_count() + wp * psum) / k >= t_lo:
                record(cur)
        if k >= hi:
            return True
        forced = max(0, lo - k - 1)
        optional = hi - k - 1 - forced
        room = hi - k - 1
        thr = floor if len(found) < keep else max(floor, best[0])
        for j in range(start, n):
            # best completion: w[j], the forced next ones, the positive optional ones
            e = j + 1 + forced
            if e > n:
                break
            if cur + w[j] + pw[e] - pw[j + 1] + pp[e + optional] - pp[e] <= thr:
                break
            if banned >> j & 1 or dom[j] & ~chosen:
                continue
            com = common & avail[j]
            if k_slots and com.bit_count() < k_slots:
                continue
            dm = dmask | disc[j]
            missing = required & ~dm
            if missing and (missing.bit_count() > room or missing & ~suf_disc[j + 1]):
                continue
            g = group[j]
            new_lone = lone
            if g >= 0:
                cnt = gcount[g]
                new_lone += 1 if cnt == 0 else (-1 if cnt == 1 else 0)
                if new_lone > room:
                    continue
            cv = cov | skill[j]
            ps = psum + pref[j]
            # can some final size still reach t with students from j + 1 on?
            kk = k + 1
            c_ub = (cv | suf_skill[j + 1]).bit_count()
            sk = ws * (min(c_ub, n_req) / n_req if n_req else 1.0)
            d = dm.bit_count()
            mp = suf_pref[j + 1]
            top = hi if j + 1 < n else kk  # nobody left to add after j
            for size in range(max(kk, lo), top + 1):
                extra = size - kk
                if sk + (wd * min(size, d + extra) + wp * (ps + extra * mp)) / size >= t_lo:
                    break
            else:
                continue
            members.append(j)
            if g >= 0:
                gcount[g] += 1
            ok = rec(
                j + 1, cur + w[j], cv, dm, ps, com, banned | avoid[j], new_lone, chosen | 1 << j
            )
            members.pop()
            if g >= 0:
                gcount[g] -= 1
            if not ok:
                return False
            thr = floor if len(found) < keep else max(floor, best[0])
        return True

    complete = rec(0, base, 0, 0, 0.0, -1, 0, 0, 0)
    found.sort(key=lambda f: -f[0])
    return Search(best=best[0], complete=complete, columns=found[:keep])


def team_bound(
    problem: Problem,
    placeable: list[int],
    *,
    placed: int,
    lower: float,
    upper: float,
    deadline: float,
    tolerance: float = 1e-3,
    seed_teams: list[tuple[int, tuple[int, ...]]] | None = None,
) -> float:
    """Smallest threshold in (lower, upper] proven unreachable by the set-partitioning LP.

    ``lower`` must be achievable (a solution's worst score), ``upper`` a valid bound.
    Returns ``upper`` when nothing better is proven before ``deadline``.
    """
    tb = TeamBound(problem, placeable, placed=placed)
    for c, members in seed_teams or []:
        tb.add_column(c, members)
    lo, hi = lower, upper
    while hi - lo > tolerance and time.monotonic() < deadline:
        mid = (lo + hi) / 2
        verdict = tb.excluded(mid, deadline)
        if verdict is True:
            hi = mid
        elif verdict is False:
            lo = mid
        else:
            break
    return hi
