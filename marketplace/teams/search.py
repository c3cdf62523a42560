"""Greedy construction plus local search for large instances (and warm starts).

State is kept as per-team counters so that a move (one student changes team) or a swap
(two students trade teams) is evaluated in O(team size) without rebuilding teams:
bitmasks for covered / once-covered required skills, discipline and group counts, and
bitmasks of slots every member has ("full") or all but one member has ("near").

Search is simulated annealing in two lexicographic layers: hard-rule violations first,
then a soft-min surrogate of the team scores, ``sum(exp(beta * (ref - score)))``, which
rewards lifting the worst teams (max-min) and, through a small linear term, the mean.
A final hill-climb only accepts moves that do not lower the smaller score of the two
teams involved, so the worst team can never get worse while the mean improves.

Work is budgeted in iterations so that a seed gives the same result; the wall-clock
deadline is only a safety net.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

from .problem import Problem

BETA = 40.0  # softness of the soft-min: 0.05 score difference ~ factor e^2
MEAN_WEIGHT = 0.02  # tie-breaker towards a higher mean


@dataclass
class SearchResult:
    assignment: list[int]  # team index per student, -1 = unassigned
    violations: int  # broken hard rules plus students left out despite room
    team_violations: int  # broken hard rules only
    iterations: int
    valid_at: float | None = None  # time.monotonic() when no rule was broken any more


class TeamState:
    """Incremental counters for all teams; ``pool`` (index n_teams) holds unplaced students."""

    def __init__(self, problem: Problem, placeable: list[int]) -> None:
        p = problem
        self.p = p
        self.T = p.n_teams
        self.pool = self.T
        self.k_slots = p.options.min_common_slots
        self.lone_rule = p.options.no_lone_group_member
        self.tc = [slot.challenge for slot in p.teams]
        self.n_req = [len(p.challenges[c].required_skills) for c in self.tc]
        self.req_disc = [frozenset(p.required_disc_idx[c]) for c in self.tc]
        # disciplines nobody has still count as missing (feasibility reports them earlier)
        self.base_missing = [
            len(p.challenges[c].required_disciplines) - len(p.required_disc_idx[c]) for c in self.tc
        ]
        self.ws, self.wd, self.wp = p.options.weights.shares()
        self.disc = p.discipline_of
        self.grp = p.group_of
        self.avail = p.avail_mask
        self.avoid = p.avoid_idx
        self.all_slots = (1 << len(p.slots)) - 1
        # per-team skill masks / prefs, indexed [i][t] through the team's challenge
        self.smask = p.skill_mask
        self.pref = p.pref
        n_d, n_g, n_s = len(p.disciplines), len(p.groups), len(p.slots)
        self.members: list[set[int]] = [set() for _ in range(self.T + 1)]
        self.dcnt = [[0] * n_d for _ in range(self.T)]
        self.gcnt = [[0] * max(n_g, 1) for _ in range(self.T)]
        self.scnt = [[0] * n_s for _ in range(self.T)]
        self.kcnt = [[0] * self.n_req[t] for t in range(self.T)]
        self.size = [0] * self.T
        self.distinct = [0] * self.T
        self.missing = [len(self.req_disc[t]) + self.base_missing[t] for t in range(self.T)]
        self.covered = [0] * self.T
        self.once = [0] * self.T
        self.psum = [0.0] * self.T
        self.lone = [0] * self.T
        self.avc = [0] * self.T
        self.full = [0] * self.T
        self.near = [0] * self.T
        self.where = [-1] * p.n_students
        for i in placeable:
            self.where[i] = self.pool
            self.members[self.pool].add(i)
        self.score = [0.0] * self.T
        self.viol = [0] * self.T
        for t in range(self.T):
            self._refresh(t)

    # ------------------------------------------------------------------ evaluation
    def evaluate(self, t: int, rem: int, add: int) -> tuple[int, float]:
        """(violations, score) of team ``t`` minus ``rem`` plus ``add`` (-1: nobody)."""
        size = self.size[t] + (add >= 0) - (rem >= 0)
        if size <= 0:
            # an empty team violates "exactly its number of teams"; sizes guard this anyway
            return 1 + self.missing[t], 0.0
        c = self.tc[t]
        disc = self.disc
        dc = self.dcnt[t]
        distinct, missing = self.distinct[t], self.missing[t]
        if rem < 0 or add < 0 or disc[rem] != disc[add]:
            if rem >= 0:
                d = disc[rem]
                if dc[d] == 1:
                    distinct -= 1
                    if d in self.req_disc[t]:
                        missing += 1
            if add >= 0:
                d = disc[add]
                if dc[d] == 0:
                    distinct += 1
                    if d in self.req_disc[t]:
                        missing -= 1
        cov, once = self.covered[t], self.once[t]
        if rem >= 0:
            r = self.smask[rem][c]
            s = self.smask[add][c] if add >= 0 else 0
            cov = (cov & ~(once & r & ~s)) | s
        elif add >= 0:
            cov |= self.smask[add][c]
        psum = self.psum[t]
        if rem >= 0:
            psum -= self.pref[rem][c]
        if add >= 0:
            psum += self.pref[add][c]
        viol = missing
        if self.lone_rule:
            lone = self.lone[t]
            gr = self.grp[rem] if rem >= 0 else -1
            ga = self.grp[add] if add >= 0 else -1
            if gr != ga:
                gc = self.gcnt[t]
                if gr >= 0:
                    n = gc[gr]
                    lone += (n == 2) - (n == 1)
                if ga >= 0:
                    n = gc[ga]
                    lone += (n == 0) - (n == 1)
            viol += lone
        avc = self.avc[t]
        if rem >= 0 and self.avoid[rem]:
            avc -= len(self.avoid[rem] & self.members[t])
        if add >= 0 and self.avoid[add]:
            hits = self.avoid[add] & self.members[t]
            avc += len(hits) - (rem in hits)
        viol += avc
        if self.k_slots:
            full, near = self.full[t], self.near[t]
            if rem >= 0 and add >= 0:
                a, r = self.avail[add], self.avail[rem]
                full = (full & (a | ~r)) | (near & a & ~r)
            elif rem >= 0:
                r = self.avail[rem]
                full = (full & r) | (near & ~r)
            else:
                full &= self.avail[add]
            if (full & self.all_slots).bit_count() < self.k_slots:
                # graded: members missing from the k best-attended slots, so that the
                # search can see progress before a slot becomes shared by everyone
                a = self.avail[add] if add >= 0 else 0
                r = self.avail[rem] if rem >= 0 else 0
                counts = sorted(
                    (n + (a >> s & 1) - (r >> s & 1) for s, n in enumerate(self.scnt[t])),
                    reverse=True,
                )
                viol += self.k_slots * size - sum(counts[: self.k_slots])
        n_req = self.n_req[t]
        skills = cov.bit_count() / n_req if n_req else 1.0
        score = self.ws * skills + (self.wd * distinct + self.wp * psum) / size
        return viol, score

    # ------------------------------------------------------------------ mutation
    def _add(self, t: int, i: int) -> None:
        self.members[t].add(i)
        self.where[i] = t
        if t == self.pool:
            return
        c = self.tc[t]
        d = self.disc[i]
        if self.dcnt[t][d] == 0:
            self.distinct[t] += 1
            if d in self.req_disc[t]:
                self.missing[t] -= 1
        self.dcnt[t][d] += 1
        g = self.grp[i]
        if g >= 0:
            self.gcnt[t][g] += 1
        for k in range(self.n_req[t]):
            if self.smask[i][c] >> k & 1:
                self.kcnt[t][k] += 1
        am = self.avail[i]
        for s in range(len(self.scnt[t])):
            if am >> s & 1:
                self.scnt[t][s] += 1
        self.psum[t] += self.pref[i][c]
        self.avc[t] += len(self.avoid[i] & self.members[t])
        self.size[t] += 1
        self._refresh(t)

    def _remove(self, t: int, i: int) -> None:
        self.members[t].discard(i)
        self.where[i] = -1
        if t == self.pool:
            return
        c = self.tc[t]
        d = self.disc[i]
        self.dcnt[t][d] -= 1
        if self.dcnt[t][d] == 0:
            self.distinct[t] -= 1
            if d in self.req_disc[t]:
                self.missing[t] += 1
        g = self.grp[i]
        if g >= 0:
            self.gcnt[t][g] -= 1
        for k in range(self.n_req[t]):
            if self.smask[i][c] >> k & 1:
                self.kcnt[t][k] -= 1
        am = self.avail[i]
        for s in range(len(self.scnt[t])):
            if am >> s & 1:
                self.scnt[t][s] -= 1
        self.psum[t] -= self.pref[i][c]
        self.avc[t] -= len(self.avoid[i] & self.members[t])
        self.size[t] -= 1
        self._refresh(t)

    def _refresh(self, t: int) -> None:
        """Recompute the derived masks, violations and score of team ``t``."""
        kc = self.kcnt[t]
        self.covered[t] = sum(1 << k for k, n in enumerate(kc) if n > 0)
        self.once[t] = sum(1 << k for k, n in enumerate(kc) if n == 1)
        size = self.size[t]
        sc = self.scnt[t]
        self.full[t] = sum(1 << s for s, n in enumerate(sc) if n == size)
        self.near[t] = sum(1 << s for s, n in enumerate(sc) if n == size - 1)
        self.lone[t] = sum(1 for n in self.gcnt[t] if n == 1)
        if size == 0:
            self.viol[t], self.score[t] = 1 + self.missing[t], 0.0
            return
        self.viol[t], self.score[t] = self.evaluate(t, -1, -1)

    def move(self, i: int, t: int) -> None:
        """Move student ``i`` to team ``t`` (or the pool)."""
        self._remove(self.where[i], i)
        self._add(t, i)

    def total_violations(self) -> int:
        return sum(self.viol)


class LocalSearch:
    """Construction + annealing over a :class:`TeamState`."""

    def __init__(
        self,
        problem: Problem,
        placeable: list[int],
        seed: int,
        start: list[int] | None = None,
    ) -> None:
        self.p = problem
        self.rng = random.Random(seed)
        self.valid_at: float | None = None
        self.st = TeamState(problem, placeable)
        self.placeable = placeable
        self.capacity = problem.n_teams * problem.size_max
        # students who may be left out without penalty (capacity shortfall)
        self.spare = max(0, len(placeable) - self.capacity)
        locks = problem.options.locks
        frozen = {
            i
            for i in placeable
            if len(problem.allowed_teams[i]) == 1 and problem.students[i].id in locks
        }
        for group in problem.together_idx:
            frozen.update(group)
        self.frozen = frozen
        self.movable = [i for i in placeable if i not in frozen]
        self.allowed = [set(a) for a in problem.allowed_teams]
        self.group_members: list[list[int]] = [[] for _ in problem.groups]
        self.disc_members: list[list[int]] = [[] for _ in problem.disciplines]
        for i in self.movable:
            if problem.group_of[i] >= 0:
                self.group_members[problem.group_of[i]].append(i)
            self.disc_members[problem.discipline_of[i]].append(i)
        self.slot_members: list[list[int]] = [
            [i for i in self.movable if problem.avail_mask[i] >> s & 1]
            for s in range(len(problem.slots))
        ]
        if start is not None:
            for i in placeable:
                if start[i] >= 0:
                    self.st.move(i, start[i])
        else:
            self._construct()

    # ------------------------------------------------------------------ construction
    def _room(self, t: int) -> int:
        return self.p.size_max - self.st.size[t]

    def _gain(self, t: int, i: int) -> tuple[int, float]:
        v, s = self.st.evaluate(t, -1, i)
        return self.st.viol[t] - v, s - self.st.score[t]

    def _construct(self) -> None:
        p, st, rng = self.p, self.st, self.rng
        for i in self.placeable:
            if i in self.frozen and len(p.allowed_teams[i]) == 1:
                st.move(i, p.allowed_teams[i][0])
        for group in p.together_idx:
            options = set(p.allowed_teams[group[0]])
            for i in group[1:]:
                options &= self.allowed[i]
            todo = [i for i in group if st.where[i] == st.pool]
            placed = {st.where[i] for i in group if st.where[i] != st.pool}
            if placed:
                options &= placed
            fits = sorted(t for t in options if self._room(t) >= len(todo))
            if fits:
                best = max(fits, key=lambda t: sum(p.pref[i][st.tc[t]] for i in group))
                for i in todo:
                    st.move(i, best)
        if p.options.no_lone_group_member:
            self._place_group_pairs()
        # required disciplines, scarcest first, so common ones cannot use up the rare ones
        supply = [0] * len(p.disciplines)
        for i in self.movable:
            supply[p.discipline_of[i]] += 1
        needs = [(t, d) for t in range(st.T) for d in st.req_disc[t] if st.dcnt[t][d] == 0]
        needs.sort(key=lambda td: (supply[td[1]], td[0]))
        for t, d in needs:
            if st.dcnt[t][d] or self._room(t) <= 0:
                continue
            cands = [
                i
                for i in st.members[st.pool]
                if p.discipline_of[i] == d and i not in self.frozen and t in self.allowed[i]
            ]
            if cands:
                best = max(cands, key=lambda i: (self._gain(t, i), -i))
                st.move(best, t)
        # fill to the minimum size, lowest-scoring team first, then place the rest
        for target in (p.size_min, p.size_max):
            progress = True
            while progress and st.members[st.pool]:
                progress = False
                order = sorted(range(st.T), key=lambda t: (st.size[t] >= target, st.score[t], t))
                for t in order:
                    if st.size[t] >= target or not st.members[st.pool]:
                        continue
                    pool = sorted(st.members[st.pool])
                    cands = [i for i in pool if i not in self.frozen and t in self.allowed[i]]
                    if len(cands) > 40:
                        cands = rng.sample(cands, 40)
                    if not cands:
                        continue
                    best = max(cands, key=lambda i: (self._gain(t, i), -i))
                    st.move(best, t)
                    progress = True
                if target == p.size_min and all(st.size[t] >= target for t in range(st.T)):
                    break

    def _place_group_pairs(self) -> None:
        """Seat members of each declared group in twos (a three if odd): never alone."""
        p, st, rng = self.p, self.st, self.rng
        for g in range(len(p.groups)):
            todo = [i for i in self.group_members[g] if st.where[i] == st.pool]
            rng.shuffle(todo)
            chunks = [todo[k : k + 2] for k in range(0, len(todo), 2)]
            if len(chunks) > 1 and len(chunks[-1]) == 1:
                chunks[-2].extend(chunks.pop())
            for chunk in chunks:
                if len(chunk) < 2:
                    continue
                options = [
                    t
                    for t in range(st.T)
                    if self._room(t) >= len(chunk) and all(t in self.allowed[i] for i in chunk)
                ]
                if options:
                    best = min(options, key=lambda t: (st.size[t], -st.gcnt[t][g], t))
                    for i in chunk:
                        st.move(i, best)

    # ------------------------------------------------------------------ search
    def _pool_penalty(self) -> int:
        return max(0, len(self.st.members[self.st.pool]) - self.spare)

    def run(self, iterations: int, deadline: float, give_up: float = 1.0) -> SearchResult:
        """Anneal for ``iterations`` steps (or until ``deadline``, time.monotonic()).

        With ``give_up`` < 1 the run stops once that share of the iterations has passed
        with a hard rule still broken: the caller has a better tool for such classes.
        """
        st, rng = self.st, self.rng
        T = st.T
        if not self.movable or T == 0:
            return self._result(0)
        ref = min(st.score)
        temp0, temp1 = 0.05, 0.0005
        repair_temp = 0.15
        violations = st.total_violations() + self._pool_penalty()
        it = 0
        focus: list[int] = []
        best_key = self._key()
        best = list(st.where)
        for it in range(1, iterations + 1):
            if it & 255 == 1:
                if it > 1 and time.monotonic() > deadline:
                    break
                key = self._key()
                if key > best_key:
                    best_key, best = key, list(st.where)
                violations = -key[0]
                if not violations and self.valid_at is None:
                    self.valid_at = time.monotonic()
                if violations and it > give_up * iterations:
                    break
                ref = min(st.score)
                focus = [t for t in range(T) if st.viol[t]]
                if not focus:
                    focus = sorted(range(T), key=st.score.__getitem__)[: max(1, T // 20)]
            frac = it / iterations
            temp = temp0 * (temp1 / temp0) ** frac
            a, b, i, j = self._neighbour(focus)
            if i < 0:
                continue
            dv, ds = self._delta(a, b, i, j, ref)
            if violations:
                # repair phase: anneal on the violation count, the score only breaks ties
                delta = dv + 0.01 * ds
                if delta <= 0 or rng.random() < math.exp(-delta / repair_temp):
                    self._apply(a, b, i, j)
                    violations += dv
            elif dv < 0 or (dv == 0 and (ds <= 0 or rng.random() < math.exp(-ds / temp))):
                self._apply(a, b, i, j)
        if best_key > self._key():
            for i in self.placeable:
                if st.where[i] != best[i]:
                    st.move(i, best[i])
        self._polish(max(1000, iterations // 4), deadline)
        return self._result(it)

    def _key(self) -> tuple[int, float, float]:
        """Lexicographic quality: fewer violations, higher worst score, higher sum."""
        st = self.st
        return (
            -(st.total_violations() + self._pool_penalty()),
            round(min(st.score), 9),
            round(sum(st.score), 9),
        )

    def _repair_candidate(self, b: int, fallback: int) -> int:
        """A student whose arrival could fix a rule team ``b`` breaks."""
        st, rng = self.st, self.rng
        pools: list[list[int]] = []
        if st.lone_rule:
            pools += [self.group_members[g] for g, n in enumerate(st.gcnt[b]) if n == 1]
        if st.missing[b]:
            pools += [self.disc_members[d] for d in st.req_disc[b] if st.dcnt[b][d] == 0]
        if st.k_slots and st.full[b].bit_count() < st.k_slots:
            # someone who has the slot of the team's best k that is least shared
            counts = st.scnt[b]
            top = sorted(range(len(counts)), key=lambda s: -counts[s])[: st.k_slots]
            need = sum(1 << s for s in top)
            scarce = min(top, key=lambda s: counts[s])
            cands = self.slot_members[scarce]
            for _ in range(4):
                i = cands[rng.randrange(len(cands))] if cands else fallback
                if st.avail[i] & need == need:
                    return i
        pools = [pl for pl in pools if pl]
        if not pools:
            return fallback
        pool = pools[rng.randrange(len(pools))]
        return pool[rng.randrange(len(pool))]

    def _leaver(self, b: int, incoming: int) -> int:
        """A member of team ``b`` whose departure may fix a broken rule (else random)."""
        st, rng = self.st, self.rng
        mem = tuple(st.members[b])
        bad: list[int] = []
        if st.k_slots and b != st.pool and st.full[b].bit_count() < st.k_slots:
            need = st.avail[incoming]
            bad = [j for j in mem if st.avail[j] & need != need]
        if not bad:
            bad = [j for j in mem if st.avoid[j] & st.members[b]]
        if not bad and st.lone_rule and b != st.pool:
            bad = [j for j in mem if st.grp[j] >= 0 and st.gcnt[b][st.grp[j]] == 1]
        pick = bad if bad and rng.random() < 0.7 else mem
        return pick[rng.randrange(len(pick))]

    def _neighbour(self, focus: list[int]) -> tuple[int, int, int, int]:
        """A random move (j = -1) or swap; i = -1 when the draw is unusable."""
        st, p, rng = self.st, self.p, self.rng
        T, pool, members = st.T, st.pool, st.members
        i = self.movable[rng.randrange(len(self.movable))]
        repair = False
        # half of the time aim at the worst teams or a team breaking a rule
        if rng.random() < 0.5:
            b = focus[rng.randrange(len(focus))]
            if b != pool and st.viol[b] and rng.random() < 0.5:
                i = self._repair_candidate(b, i)
                repair = True
            if b == st.where[i]:
                b = rng.randrange(T + 1)
        else:
            b = rng.randrange(T + (1 if members[pool] else 0))
        a = st.where[i]
        if a == b or (b != pool and b not in self.allowed[i]):
            return -1, -1, -1, -1
        must_swap = (
            b == pool
            or (a != pool and st.size[a] <= p.size_min)
            or (b != pool and st.size[b] >= p.size_max)
        )
        if must_swap or (members[b] and rng.random() < 0.5):
            if not members[b]:
                return -1, -1, -1, -1
            j = self._leaver(b, i) if repair else rng.choice(tuple(members[b]))
            if j in self.frozen or (a != pool and a not in self.allowed[j]):
                return -1, -1, -1, -1
            return a, b, i, j
        return a, b, i, -1

    def _delta(self, a: int, b: int, i: int, j: int, ref: float) -> tuple[int, float]:
        """(Δviolations, Δcost) of moving i from a to b, and j (if >= 0) from b to a."""
        st = self.st
        dv = 0
        dc = 0.0
        for t, rem, add in ((a, i, j), (b, j, i)):
            if t == st.pool:
                continue
            v, s = st.evaluate(t, rem, add)
            dv += v - st.viol[t]
            dc += _cost(s, ref) - _cost(st.score[t], ref)
        pool_before = self._pool_penalty()
        pool_after = pool_before
        if j < 0 and a == st.pool:
            pool_after = max(0, len(st.members[st.pool]) - 1 - self.spare)
        elif j < 0 and b == st.pool:
            pool_after = max(0, len(st.members[st.pool]) + 1 - self.spare)
        return dv + pool_after - pool_before, dc

    def _apply(self, a: int, b: int, i: int, j: int) -> None:
        self.st.move(i, b)
        if j >= 0:
            self.st.move(j, a)

    def _polish(self, attempts: int, deadline: float) -> None:
        """Hill-climb on (pair minimum, pair sum): never lowers the worst team."""
        st = self.st
        if st.total_violations() or self._pool_penalty():
            return
        everyone = list(range(st.T))
        for n in range(attempts):
            if n & 255 == 0 and time.monotonic() > deadline:
                return
            a, b, i, j = self._neighbour(everyone)
            if i < 0 or a == st.pool or b == st.pool:
                continue
            va, sa = st.evaluate(a, i, j)
            vb, sb = st.evaluate(b, j, i)
            if va or vb:
                continue
            old_min = min(st.score[a], st.score[b])
            new_min = min(sa, sb)
            if new_min > old_min + 1e-12 or (
                new_min >= old_min - 1e-12 and sa + sb > st.score[a] + st.score[b] + 1e-9
            ):
                self._apply(a, b, i, j)

    def _result(self, iterations: int) -> SearchResult:
        st = self.st
        assignment = [t if t != st.pool else -1 for t in st.where]
        in_teams = st.total_violations()
        left = in_teams + self._pool_penalty()
        return SearchResult(
            assignment=assignment,
            violations=left,
            team_violations=in_teams,
            iterations=iterations,
            valid_at=self.valid_at if left == 0 else None,
        )


def _cost(score: float, ref: float) -> float:
    # exponent clipped so a very bad team cannot overflow; still dominates everything
    return math.exp(min(BETA * (ref - score), 30.0)) - MEAN_WEIGHT * score


def local_search(
    problem: Problem,
    placeable: list[int],
    *,
    seed: int,
    iterations: int,
    deadline: float,
    start: list[int] | None = None,
    give_up: float = 1.0,
) -> SearchResult:
    """Construct (or start from ``start``) and improve an assignment; deterministic per seed.

    ``give_up``: see :meth:`LocalSearch.run`.
    """
    search = LocalSearch(problem, placeable, seed, start)
    return search.run(iterations, deadline, give_up)
