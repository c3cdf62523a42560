"""Upper bound on the worst team score from an aggregated LP relaxation.

The worst team of a challenge scores at most the size-weighted average of its teams, and
that average is linear once teams are aggregated per challenge: with m_c students on c,

    sum_t size_t * score_t = ws/K * sum_k Y_ck + wd * sum_d D_cd + wp * sum_i pref_ic x_ic

where x_ic is the (fractional) share of student i on challenge c, D_cd <= min(k_c,
sum_{i in d} x_ic) counts teams of c holding discipline d, and Y_ck <= min(m_c,
size_max * sum_{i has k} x_ic) is the number of members in teams of c covering skill k.
Competition between challenges for students (preferences, scarce disciplines) is kept;
team structure inside a challenge, avoid/group/slot rules are relaxed, so the bound is
valid. "worst >= z" is an LP feasibility question; we bisect on z with HiGHS.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import coo_matrix

from .problem import Problem

# dual simplex was ~2x faster than interior point on 600 x 40 instances
LP_METHOD = "highs-ds"


def lp_bound(
    problem: Problem,
    placeable: list[int],
    *,
    placed: int,
    lower: float,
    deadline: float,
    tolerance: float = 1e-3,
    max_integral: int = 0,
) -> float | None:
    """Upper bound on the worst team score among solutions placing >= ``placed`` students.

    ``lower`` is a known achievable worst score (so the LP is feasible there). Returns
    None if the LP could not be solved before ``deadline``.
    """
    p = problem
    w = p.options.weights
    ws, wd, wp = w.skills / w.total, w.diversity / w.total, w.preference / w.total
    C = len(p.challenges)
    n_teams = [ch.teams for ch in p.challenges]

    cols: list[tuple[str, int, int]] = []  # kind, a, b
    col_of: dict[tuple[str, int, int], int] = {}

    def col(key: tuple[str, int, int]) -> int:
        if key not in col_of:
            col_of[key] = len(cols)
            cols.append(key)
        return col_of[key]

    for i in placeable:
        for c in sorted({p.teams[t].challenge for t in p.allowed_teams[i]}):
            col(("x", i, c))
    x_by_c: dict[int, list[int]] = {c: [] for c in range(C)}
    for kind, i, c in cols:
        if kind == "x":
            x_by_c[c].append(i)
    for c in range(C):
        col(("m", c, 0))
        for d in {p.discipline_of[i] for i in x_by_c[c]}:
            col(("D", c, d))
        for k in range(len(p.challenges[c].required_skills)):
            col(("Y", c, k))
    n = len(cols)
    x_cols = {j for (kind, _a, _b), j in col_of.items() if kind == "x"}

    rows_ub: list[tuple[list[int], list[float], float]] = []
    rows_eq: list[tuple[list[int], list[float], float]] = []

    # each student at most once (exactly once when everyone is placed)
    by_student: dict[int, list[int]] = {}
    for (kind, i, _c), j in col_of.items():
        if kind == "x":
            by_student.setdefault(i, []).append(j)
    all_placed = placed >= len(placeable)
    for i, js in by_student.items():
        locked = len(p.allowed_teams[i]) < p.n_teams
        if all_placed or locked:
            rows_eq.append((js, [1.0] * len(js), 1.0))
        else:
            rows_ub.append((js, [1.0] * len(js), 1.0))
    if not all_placed:
        xs = [j for (kind, _i, _c), j in col_of.items() if kind == "x"]
        rows_ub.append((xs, [-1.0] * len(xs), -float(placed)))

    for c in range(C):
        xs = [col_of["x", i, c] for i in x_by_c[c]]
        k_c = n_teams[c]
        # m_c as its own column keeps the matrix sparse (rows below refer to it)
        mc = col_of["m", c, 0]
        rows_eq.append(([mc, *xs], [1.0] + [-1.0] * len(xs), 0.0))
        for d in p.required_disc_idx[c]:
            js = [col_of["x", i, c] for i in x_by_c[c] if p.discipline_of[i] == d]
            rows_ub.append((js, [-1.0] * len(js), -float(k_c)))
        for d in {p.discipline_of[i] for i in x_by_c[c]}:
            js = [col_of["x", i, c] for i in x_by_c[c] if p.discipline_of[i] == d]
            rows_ub.append(([col_of["D", c, d], *js], [1.0] + [-1.0] * len(js), 0.0))
        for k in range(len(p.challenges[c].required_skills)):
            y = col_of["Y", c, k]
            js = [col_of["x", i, c] for i in x_by_c[c] if p.skill_mask[i][c] >> k & 1]
            rows_ub.append(([y, *js], [1.0] + [-float(p.size_max)] * len(js), 0.0))
            rows_ub.append(([y, mc], [1.0, -1.0], 0.0))
            # teams of c not covering k hold >= size_min members each:
            # Y <= m_c - size_min * (k_c - holders)
            smin = float(p.size_min)
            rows_ub.append(([y, mc, *js], [1.0, -1.0] + [-smin] * len(js), -smin * k_c))

    bounds: list[tuple[float, float | None]] = []
    for kind, a, _b in cols:
        if kind == "x":
            bounds.append((0.0, 1.0))
        elif kind == "D":
            bounds.append((0.0, float(n_teams[a])))
        elif kind == "m":
            bounds.append((float(n_teams[a] * p.size_min), float(n_teams[a] * p.size_max)))
        else:
            bounds.append((0.0, None))

    t_col = n  # the slack variable t of the parametric LP
    m_min = min(k * p.size_min for k in n_teams)

    def score_row(c: int, z: float) -> tuple[list[int], list[float], float]:
        """t + z * m_c - (weighted sum of size * score over c's teams) <= 0."""
        idx: list[int] = [t_col]
        val: list[float] = [1.0]
        n_req = len(p.challenges[c].required_skills)
        idx.append(col_of["m", c, 0])
        val.append(z - (ws if not n_req else 0.0))
        for i in x_by_c[c]:
            if p.pref[i][c]:
                idx.append(col_of["x", i, c])
                val.append(-wp * p.pref[i][c])
        for d in {p.discipline_of[i] for i in x_by_c[c]}:
            idx.append(col_of["D", c, d])
            val.append(-wd)
        for k in range(n_req):
            idx.append(col_of["Y", c, k])
            val.append(-ws / n_req)
        return idx, val, 0.0

    def ratios(sol: np.ndarray) -> float:
        """The aggregated max-min ratio reached by an LP solution (worst challenge)."""
        worst = 1.0
        for c in range(C):
            m_c = sum(sol[col_of["x", i, c]] for i in x_by_c[c])
            if m_c <= 1e-9:
                continue
            idx, val, _ = score_row(c, 0.0)
            total = -sum(v * sol[j] for j, v in zip(idx[1:], val[1:], strict=True))
            worst = min(worst, total / m_c)
        return worst

    # Generalised Dinkelbach iterations: maximise t = min_c (S_c - z m_c) for the current
    # z; t <= 0 proves z is the LP optimum, and z + t / min(m_c) is always an upper bound.
    a_eq, b_eq = _matrix(rows_eq, n + 1) if rows_eq else (None, None)
    objective = np.zeros(n + 1)
    objective[t_col] = -1.0
    all_bounds = [*bounds, (-float(p.size_max * max(n_teams)), float(p.size_max * max(n_teams)))]
    lb = np.array([b[0] for b in all_bounds], dtype=float)
    ub = np.array([np.inf if b[1] is None else b[1] for b in all_bounds], dtype=float)
    # integral student -> challenge shares tighten the bound a lot on small instances
    integral = len(x_cols) <= max_integral
    integrality = np.array([1 if integral and k in x_cols else 0 for k in range(n + 1)])
    z, best = max(0.0, lower), 1.0
    solved = False
    for _ in range(25):
        if time.monotonic() > deadline:
            break
        a_ub, b_ub = _matrix(rows_ub + [score_row(c, z) for c in range(C)], n + 1)
        remaining = max(0.05, deadline - time.monotonic())
        if integral:
            constraints = [LinearConstraint(a_ub, -np.inf, b_ub)]
            if a_eq is not None:
                constraints.append(LinearConstraint(a_eq, b_eq, b_eq))
            res = milp(
                objective,
                constraints=constraints,
                integrality=integrality,
                bounds=Bounds(lb, ub),
                options={"time_limit": remaining, "mip_rel_gap": 1e-4},
            )
        else:
            res = linprog(
                objective,
                A_ub=a_ub,
                b_ub=b_ub,
                A_eq=a_eq,
                b_eq=b_eq,
                bounds=list(zip(lb, ub, strict=True)),
                method=LP_METHOD,
                options={"time_limit": remaining},
            )
        if res.x is None:
            break
        solved = True
        # with integrality the MILP may stop early: its dual bound still bounds t
        t_upper = (
            -float(getattr(res, "mip_dual_bound", None) or res.fun)
            if integral
            else float(res.x[t_col])
        )
        best = min(best, z + max(0.0, t_upper) / m_min)
        if t_upper <= 1e-7 or best - z <= tolerance:
            break
        z_next = ratios(res.x)
        if z_next <= z + 1e-9:
            break
        z = z_next
    return best if solved else None


def _matrix(
    rows: list[tuple[list[int], list[float], float]], n: int
) -> tuple[coo_matrix, np.ndarray]:
    r, c, v, b = [], [], [], []
    for k, (idx, val, rhs) in enumerate(rows):
        r.extend([k] * len(idx))
        c.extend(idx)
        v.extend(val)
        b.append(rhs)
    return coo_matrix((v, (r, c)), shape=(len(rows), n)).tocsr(), np.array(b)


def simple_bound(problem: Problem, placeable: list[int]) -> float:
    """Closed-form upper bound, ignoring competition between challenges.

    For each challenge the size-weighted mean preference of its members is at most the
    mean of the best k_c * size_min preference values for it; coverage is at most the
    share of its required skills some placeable student holds; diversity is at most 1.
    """
    p = problem
    w = p.options.weights
    best = 1.0
    for c, ch in enumerate(p.challenges):
        eligible = [
            i for i in placeable if any(p.teams[t].challenge == c for t in p.allowed_teams[i])
        ]
        m = ch.teams * p.size_min
        prefs = sorted((p.pref[i][c] for i in eligible), reverse=True)[:m]
        pref = sum(prefs) / m if m else 0.0
        held = 0
        for i in eligible:
            held |= p.skill_mask[i][c]
        cov = held.bit_count() / len(ch.required_skills) if ch.required_skills else 1.0
        best = min(best, (w.skills * cov + w.diversity + w.preference * pref) / w.total)
    return best
