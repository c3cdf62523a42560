"""Who may see or change what in team formation — the one place that answers it.

Rules
- **Creating a run**: platform staff, or anyone who is a member (any role) of an
  organisation of kind *university* (universities and university colleges). The run belongs
  to that institution; partner institutions may be named on it.
- **Educators of a run**: its creator and the co-educators the educators add. They see and
  change everything in the run, including the confidential avoid-lists, comments and flags.
- **Students of a run**: whoever joined through the invitation link (or an e-mail carrying
  it). A student sees the run's public description and challenges, only their *own* survey
  answers, their own team once it is published, and the ratings they gave.
- **Everybody else** (other students, outsiders) gets 404: they never learn the run exists.
  Anonymous visitors are asked to sign in (API: 401/403, pages: login redirect).
- Avoid-lists are never shown to anyone but the educators: not to the student who wrote
  them after submitting (they see their own answers, which include it — it is their own
  data), never to teammates, never in team explanations, never in API answers about others.

Every helper fetches *and* decides, raising Http404 (may not see) or PermissionDenied (may
see, may not change). API views and pages both call these.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from marketplace.models import Organisation, is_signed_in
from marketplace.models.organisations import OrganisationKind

from .models import RunStudent, Team, TeamRun

EDUCATOR_ORGANISATION_KINDS = {OrganisationKind.UNIVERSITY}
# whose students a run may take in besides its own institution's
PARTNER_ORGANISATION_KINDS = {
    OrganisationKind.UNIVERSITY,
    OrganisationKind.RESEARCH_CENTRE,
    OrganisationKind.KNOWLEDGE_CENTRE,
}


def partner_institutions() -> QuerySet[Organisation]:
    """Institutions a run may name as partners (cross-institution team formation)."""
    return Organisation.objects.filter(kind__in=[str(k) for k in PARTNER_ORGANISATION_KINDS])


def educator_organisations(user: Any) -> QuerySet[Organisation]:
    """Institutions a user may create runs for."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    kinds = [str(k) for k in EDUCATOR_ORGANISATION_KINDS]
    if user.is_staff:
        return Organisation.objects.filter(kind__in=kinds)
    return Organisation.objects.filter(kind__in=kinds, memberships__user=user).distinct()


def can_create_run(user: Any) -> bool:
    return is_signed_in(user) and educator_organisations(user).exists()


def runs_visible_to(user: Any) -> QuerySet[TeamRun]:
    """Runs a user educates or takes part in."""
    if not is_signed_in(user):
        return TeamRun.objects.none()
    return TeamRun.objects.filter(
        Q(created_by=user) | Q(co_educators=user) | Q(students__user=user)
    ).distinct()


def _run(user: Any, pk: Any) -> TeamRun:
    if not is_signed_in(user):
        raise Http404
    try:
        return TeamRun.objects.select_related("organisation", "created_by").get(pk=int(pk))
    except (TeamRun.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def student_entry(user: Any, run: TeamRun) -> RunStudent | None:
    if not is_signed_in(user):
        return None
    return RunStudent.objects.filter(run=run, user=user).select_related("user").first()


def run_role(user: Any, pk: Any) -> tuple[TeamRun, str, RunStudent | None]:
    """The run, the user's role in it ("educator" or "student") and their survey entry.
    Anyone else: 404."""
    run = _run(user, pk)
    if run.is_educator(user):
        return run, "educator", student_entry(user, run)
    entry = student_entry(user, run)
    if entry is not None:
        return run, "student", entry
    raise Http404


def run_for_view(user: Any, pk: Any) -> TeamRun:
    return run_role(user, pk)[0]


def run_for_educator(user: Any, pk: Any) -> TeamRun:
    """Changing the run, seeing every response, solving, editing teams, publishing."""
    run, role, _entry = run_role(user, pk)
    if role != "educator":
        raise PermissionDenied
    return run


def run_for_student(user: Any, pk: Any) -> tuple[TeamRun, RunStudent]:
    """Answering the survey, seeing one's team, rating teammates."""
    run, _role, entry = run_role(user, pk)
    if entry is None:
        raise PermissionDenied
    return run, entry


def run_by_token(user: Any, token: str) -> TeamRun:
    """The run an invitation link points to; the link is the credential."""
    if not is_signed_in(user) or not token:
        raise Http404
    run = TeamRun.objects.filter(invite_token=token).select_related("organisation").first()
    if run is None:
        raise Http404
    return run


def responses_visible_to(user: Any, run: TeamRun) -> QuerySet[RunStudent]:
    """Survey answers: all of them for educators, one's own for a student."""
    qs = RunStudent.objects.filter(run=run)
    if run.is_educator(user):
        return qs
    if not is_signed_in(user):
        return qs.none()
    return qs.filter(user=user)


def may_see_avoid_lists(user: Any, run: TeamRun) -> bool:
    return run.is_educator(user)


def may_see_avoid_list_of(user: Any, entry: RunStudent) -> bool:
    """Educators, and the student who wrote it (it is their own answer)."""
    return may_see_avoid_lists(user, entry.run) or (is_signed_in(user) and entry.user_id == user.pk)


def teams_visible_to(user: Any, run: TeamRun) -> QuerySet[Team]:
    """Educators see every team at any time; a student sees their own team once published."""
    qs = Team.objects.filter(run=run)
    if run.is_educator(user):
        return qs
    if not run.is_published or not is_signed_in(user):
        return qs.none()
    return qs.filter(members__student__user=user)


def team_of(entry: RunStudent) -> Team | None:
    membership = getattr(entry, "membership", None) if entry.pk else None
    return membership.team if membership is not None else None
