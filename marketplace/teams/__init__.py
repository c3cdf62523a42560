"""Multidisciplinary team formation.

The solver core (problem, feasibility, scoring, search, cpsat, bound, explain, solver,
checker) is pure Python with no Django imports; the Django app around it (team runs, surveys,
publishing, peer evaluation) lives in models.py, services.py and api.py of this package.

Public API::

    from marketplace.teams import form_teams, ProblemError
    result = form_teams(request_dict, seed=0, time_limit=None)

See DESIGN.md ("Team formation") for the request and result formats. The names below are
imported on first use, so that loading the Django app does not load the solver (OR-Tools).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "check_solution": "checker",
    "recompute_objective": "checker",
    "InfeasibleError": "problem",
    "InvalidInputError": "problem",
    "ProblemError": "problem",
    "parse_problem": "problem",
    "NoSolutionError": "solver",
    "default_time_limit": "solver",
    "form_teams": "solver",
    "solve": "solver",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
