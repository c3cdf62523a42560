"""Background task: run the solver for a team-formation run.

The educator's page shows the run's state (queued → running → done / failed). The solver
runs outside any transaction (it can take seconds); its result is stored only if no newer
solve was queued meanwhile (``solve_generation``).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from .models import SolveState, TeamRun
from .solving import build_request, current_locks, result_store

logger = logging.getLogger(__name__)


def _mark(run_id: int, generation: int, state: str, **fields: object) -> bool:
    return bool(
        TeamRun.objects.filter(pk=run_id, solve_generation=generation).update(
            solve_state=state, **fields
        )
    )


@task()
def run_solve_task(*, run_id: int, generation: int, time_limit: float | None = None) -> str:
    """Form the teams of run `run_id` as queued under `generation`; returns the final state.
    ``time_limit`` overrides the run's own (a longer search asked for by the educator)."""
    from marketplace.teams import ProblemError, form_teams

    with transaction.atomic():
        run = TeamRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.solve_generation != generation:
            return "superseded"
        if run.solve_state != SolveState.QUEUED:
            return str(run.solve_state)
        run.solve_state = SolveState.RUNNING
        run.save(update_fields=["solve_state"])
        request = build_request(run, locks=current_locks(run))
    try:
        result = form_teams(request, time_limit=time_limit)
    except ProblemError as exc:
        _mark(run_id, generation, SolveState.FAILED, solve_error=exc.as_dict(), objective=None)
        return SolveState.FAILED
    except Exception:
        logger.exception("team formation failed for run %s", run_id)
        _mark(
            run_id,
            generation,
            SolveState.FAILED,
            solve_error={"error": "internal", "message": "", "params": {}},
        )
        raise
    stored = result_store(run=run, result=result, generation=generation)
    return SolveState.DONE if stored else "superseded"
