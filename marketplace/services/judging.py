"""Judging: invitations, panels, bulk assignment, scores, conflicts, ranking and the feedback
every submitter receives."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.access import active_judges
from marketplace.models import (
    Assignment,
    Challenge,
    ConflictOfInterest,
    Feedback,
    Judge,
    Panel,
    Proposal,
    RubricCriterion,
    Score,
    User,
)
from marketplace.models.challenges import Status
from marketplace.models.proposals import ProposalStatus
from marketplace.services.challenges import managers_of
from marketplace.services.notifications import notify

JUDGING_STATES = {Status.OPEN, Status.EVALUATING}
REMINDER_DAYS = (7, 3, 1, 0)


def judge_invite(
    *, actor: User, challenge: Challenge, user: User, panel: Panel | None = None
) -> Judge:
    if challenge.status in {Status.AWARDED, Status.IN_PROGRESS, Status.COMPLETED, Status.CANCELLED}:
        raise ValidationError(_("Judging for this challenge is over."))
    if panel is not None and panel.challenge_id != challenge.pk:
        raise ValidationError({"panel": _("This panel belongs to another challenge.")})
    if Proposal.objects.authored_by(user).filter(challenge=challenge).exists():
        raise ValidationError({"email": _("A submitter cannot judge the same challenge.")})
    try:
        with transaction.atomic():
            judge = Judge.objects.create(
                challenge=challenge, user=user, panel=panel, invited_by=actor
            )
            notify(
                users=[user],
                kind="judge_invitation",
                challenge=challenge,
                title=gettext_lazy("You are invited to judge “%(title)s”"),
                params={"title": challenge.title},
                url=f"/judging/invitations/{judge.pk}/",
            )
    except IntegrityError:
        raise ValidationError({"email": _("This person is already a judge.")}) from None
    return judge


def panel_create(*, challenge: Challenge, name: str) -> Panel:
    """A judging panel of this challenge; panel names are unique within a challenge."""
    try:
        with transaction.atomic():
            return Panel.objects.create(challenge=challenge, name=name)
    except IntegrityError:
        raise ValidationError({"name": _("A panel with this name exists.")}) from None


def judge_respond(*, judge: Judge, accept: bool, conflict_statement: str = "") -> Judge:
    """Accept (declaring known conflicts of interest) or decline a judge invitation."""
    with transaction.atomic():
        judge = Judge.objects.select_for_update().get(pk=judge.pk)
        if judge.accepted_at or judge.declined_at:
            raise ValidationError(_("You already answered this invitation."))
        if accept:
            judge.accepted_at = timezone.now()
            judge.conflict_statement = conflict_statement
        else:
            judge.declined_at = timezone.now()
        judge.save(update_fields=["accepted_at", "declined_at", "conflict_statement"])
    return judge


def assignments_bulk(
    *,
    challenge: Challenge,
    per_proposal: int,
    panel: Panel | None = None,
    proposals: list[Proposal] | None = None,
) -> int:
    """Give each submitted proposal `per_proposal` judges (of `panel`, if given), spreading the
    load evenly and skipping declared conflicts. Returns the number of new assignments."""
    if per_proposal < 1 or per_proposal > 20:
        raise ValidationError({"per_proposal": _("Between 1 and 20 judges per proposal.")})
    if panel is not None and panel.challenge_id != challenge.pk:
        raise ValidationError({"panel": _("This panel belongs to another challenge.")})
    if proposals is not None and any(p.challenge_id != challenge.pk for p in proposals):
        raise ValidationError({"proposals": _("Only proposals of this challenge.")})
    with transaction.atomic():
        Challenge.objects.select_for_update().get(pk=challenge.pk)
        judges = list(
            active_judges(challenge)
            .filter(Q(panel=panel) if panel else Q())
            .annotate(load=Count("assignments"))
            .order_by("id")
        )
        if not judges:
            raise ValidationError(_("No judge has accepted yet."))
        if per_proposal > len(judges):
            raise ValidationError(
                {"per_proposal": _("Only %(n)d judges are available.") % {"n": len(judges)}}
            )
        targets = challenge.proposals.submitted().order_by("id")
        if proposals is not None:
            targets = targets.filter(pk__in=[p.pk for p in proposals])
        existing = set(
            Assignment.objects.filter(proposal__challenge=challenge).values_list(
                "judge_id", "proposal_id"
            )
        )
        conflicts = set(
            ConflictOfInterest.objects.filter(judge__challenge=challenge).values_list(
                "judge_id", "proposal_id"
            )
        )
        load = {j.pk: j.load for j in judges}
        created: list[Assignment] = []
        touched: set[int] = set()
        for proposal in targets:
            have = sum(1 for j in judges if (j.pk, proposal.pk) in existing)
            candidates = sorted(
                (
                    j
                    for j in judges
                    if (j.pk, proposal.pk) not in existing and (j.pk, proposal.pk) not in conflicts
                ),
                key=lambda j: (load[j.pk], j.pk),
            )
            for judge in candidates[: max(0, per_proposal - have)]:
                created.append(Assignment(judge=judge, proposal=proposal))
                load[judge.pk] += 1
                touched.add(judge.user_id)
        Assignment.objects.bulk_create(created)
        notify(
            users=[j.user for j in judges if j.user_id in touched],
            kind="assignment",
            challenge=challenge,
            title=gettext_lazy("Proposals to judge for “%(title)s”"),
            params={"title": challenge.title},
            url="/judging/",
        )
    return len(created)


def conflict_declare(*, assignment: Assignment, reason: str) -> ConflictOfInterest:
    """The judge steps away from one proposal; the assignment and its scores go."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say briefly what the conflict is.")})
    with transaction.atomic():
        conflict, _created = ConflictOfInterest.objects.get_or_create(
            judge=assignment.judge, proposal=assignment.proposal, defaults={"reason": reason}
        )
        assignment.delete()
    return conflict


def evaluation_save(
    *,
    assignment: Assignment,
    scores: list[dict[str, Any]],
    private_note: str | None = None,
    final: bool = False,
) -> Assignment:
    """Store a judge's scores (each within 0…the criterion's highest score). `final` marks the
    evaluation done and needs a score for every criterion."""
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update()
            .select_related("proposal__challenge")
            .get(pk=assignment.pk)
        )
        proposal = assignment.proposal
        challenge = proposal.challenge
        if challenge.status not in JUDGING_STATES:
            raise ValidationError(_("Judging for this challenge is over."))
        if proposal.status != ProposalStatus.SUBMITTED:
            raise ValidationError(_("This proposal is no longer in the running."))
        if Feedback.objects.filter(proposal=proposal).exists():
            raise ValidationError(_("Feedback was sent; the scores are final."))
        criteria = {c.key: c for c in challenge.criteria.all()}
        errors: list[str] = []
        seen: set[str] = set()
        for item in scores:
            criterion = criteria.get(item.get("criterion", ""))
            if criterion is None:
                errors.append(_("Unknown criterion %(key)s.") % {"key": item.get("criterion")})
                continue
            value = item.get("value")
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or not (0 <= value <= criterion.max_score)
            ):
                errors.append(
                    _("The score for %(label)s must be a whole number from 0 to %(max)d.")
                    % {"label": criterion.label, "max": criterion.max_score}
                )
            if criterion.key in seen:
                errors.append(_("%(label)s is scored twice.") % {"label": criterion.label})
            seen.add(criterion.key)
        if errors:
            raise ValidationError({"scores": errors})
        for item in scores:
            Score.objects.update_or_create(
                assignment=assignment,
                criterion=criteria[item["criterion"]],
                defaults={"value": item["value"], "comment": str(item.get("comment", ""))[:2000]},
            )
        if final:
            scored = set(assignment.scores.values_list("criterion__key", flat=True))
            missing = [c.label for k, c in criteria.items() if k not in scored]
            if missing:
                raise ValidationError(
                    {
                        "scores": [
                            _("Score every criterion: %(labels)s.") % {"labels": ", ".join(missing)}
                        ]
                    }
                )
            assignment.evaluated_at = timezone.now()
        if private_note is not None:
            assignment.private_note = private_note
        assignment.save(update_fields=["private_note", "evaluated_at"])
    return assignment


@dataclass
class RankedProposal:
    proposal: Proposal
    criteria: dict[str, float | None]
    total: float | None
    evaluations: int
    has_feedback: bool


def _means(challenge: Challenge) -> dict[int, dict[int, float]]:
    sums: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    rows = Score.objects.filter(
        assignment__proposal__challenge=challenge, assignment__evaluated_at__isnull=False
    ).values_list("assignment__proposal_id", "criterion_id", "value")
    for proposal_id, criterion_id, value in rows:
        sums[proposal_id][criterion_id].append(value)
    return {p: {c: sum(v) / len(v) for c, v in per.items()} for p, per in sums.items()}


def weighted_total(criteria: list[RubricCriterion], means: dict[int, float]) -> float | None:
    """Weighted score on 0–100 over the criteria that have a score."""
    scored = [c for c in criteria if c.pk in means]
    if not scored:
        return None
    weight = sum(c.weight for c in scored)
    return round(100 * sum(c.weight * means[c.pk] / c.max_score for c in scored) / weight, 1)


def ranking(*, challenge: Challenge) -> list[RankedProposal]:
    """Submitted proposals by weighted score (judges' mean per criterion), best first."""
    criteria = list(challenge.criteria.all())
    means = _means(challenge)
    proposals = (
        challenge.proposals.submitted()
        .select_related("organisation", "created_by")
        .annotate(
            evaluations=Count("assignments", filter=Q(assignments__evaluated_at__isnull=False)),
            feedback_count=Count("feedback"),
        )
    )
    ranked = []
    for proposal in proposals:
        per = means.get(proposal.pk, {})
        ranked.append(
            RankedProposal(
                proposal=proposal,
                criteria={c.key: (round(per[c.pk], 2) if c.pk in per else None) for c in criteria},
                total=weighted_total(criteria, per),
                evaluations=proposal.evaluations,
                has_feedback=bool(proposal.feedback_count),
            )
        )
    ranked.sort(key=lambda r: (r.total is None, -(r.total or 0), r.proposal.pk))
    return ranked


def feedback_send(
    *, actor: User, proposal: Proposal, reason: str, scores: dict[str, int] | None = None
) -> Feedback:
    """Send the submitter their scores and a written reason. Without `scores`, the judges'
    mean per criterion is used. Sent once; it cannot be changed afterwards."""
    reason = reason.strip()
    if len(reason) < 20:
        raise ValidationError({"reason": _("Write a reason of at least 20 characters.")})
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update().select_related("challenge").get(pk=proposal.pk)
        )
        challenge = proposal.challenge
        if proposal.status != ProposalStatus.SUBMITTED:
            raise ValidationError(_("Only submitted proposals get feedback."))
        if challenge.status not in {Status.OPEN, Status.EVALUATING}:
            raise ValidationError(_("Feedback is given while the challenge is being judged."))
        if challenge.status == Status.OPEN and challenge.accepts_proposals:
            raise ValidationError(_("Feedback comes after the deadline for proposals."))
        if Feedback.objects.filter(proposal=proposal).exists():
            raise ValidationError(_("Feedback was already sent for this proposal."))
        criteria = list(challenge.criteria.all())
        if scores is not None:
            by_key = {c.key: c for c in criteria}
            bad = [
                k
                for k, v in scores.items()
                if k not in by_key
                or not isinstance(v, int)
                or isinstance(v, bool)
                or not 0 <= v <= by_key[k].max_score
            ]
            if bad or set(scores) != set(by_key):
                raise ValidationError(
                    {"scores": _("Give a whole-number score within range for every criterion.")}
                )
            means = {by_key[k].pk: float(v) for k, v in scores.items()}
        else:
            means = _means(challenge).get(proposal.pk, {})
            if not means:
                raise ValidationError(
                    {"scores": _("No judge has evaluated this proposal; give the scores yourself.")}
                )
        total = weighted_total(criteria, means)
        feedback = Feedback.objects.create(
            proposal=proposal,
            scores=[
                {
                    "criterion": c.key,
                    "label": c.label,
                    "max": c.max_score,
                    "score": round(means[c.pk], 2) if c.pk in means else None,
                }
                for c in criteria
            ],
            total=Decimal(str(total)) if total is not None else None,
            reason=reason,
            sent_by=actor,
        )
        submitters = [proposal.created_by, *[m.user for m in proposal.team_members.all()]]
        notify(
            users=[u for u in submitters if u is not None],
            kind="feedback",
            challenge=challenge,
            title=gettext_lazy("Feedback on your proposal to “%(title)s”"),
            params={"title": challenge.title},
            url=f"/proposals/{proposal.pk}/",
        )
    return feedback


def feedback_reminders_send(*, today: date | None = None) -> int:
    """Remind managers and judges with open evaluations 7, 3 and 1 days before the feedback
    deadline (and on the day) while any submitter still waits. Returns reminders sent."""
    today = today or timezone.localdate()
    days = [today + timedelta(days=d) for d in REMINDER_DAYS]
    challenges = Challenge.objects.filter(
        status__in=[Status.OPEN, Status.EVALUATING], feedback_deadline__in=days
    ).select_related("organisation")
    sent = 0
    for challenge in challenges:
        waiting = challenge.proposals.submitted().filter(feedback__isnull=True).count()
        if not waiting:
            continue
        open_judgeships = active_judges(challenge).filter(
            assignments__evaluated_at__isnull=True,
            assignments__proposal__status=ProposalStatus.SUBMITTED,
        )
        judges = User.objects.filter(judgeships__in=open_judgeships).distinct()
        users = [*managers_of(challenge.organisation), *judges]
        with transaction.atomic():
            notify(
                users=users,
                kind="feedback_reminder",
                challenge=challenge,
                title=gettext_lazy(
                    "%(n)d submitter(s) of “%(title)s” wait for feedback, due %(date)s"
                ),
                params={
                    "n": waiting,
                    "title": challenge.title,
                    "date": str(challenge.feedback_deadline),
                },
                url=challenge.get_absolute_url(),
            )
        sent += len(users)
    return sent
