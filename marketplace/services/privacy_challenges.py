"""The challenge marketplace's part of the GDPR exports (see privacy.py). A person gets what
they wrote and what concerns them; an organisation's owners get its challenges (with the
confidential detail — it is theirs) and the proposals it submitted. Never other people's
proposals, scores or judges' private notes."""

from __future__ import annotations

from typing import Any

from marketplace.models import (
    Challenge,
    ChallengeEndorsement,
    Judge,
    NdaAcceptance,
    Notification,
    Organisation,
    Proposal,
    User,
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _proposal(proposal: Proposal) -> dict[str, Any]:
    feedback = getattr(proposal, "feedback", None)
    return {
        "id": proposal.pk,
        "challenge": proposal.challenge.title,
        "kind": proposal.kind,
        "title": proposal.title,
        "summary": proposal.summary,
        "approach": proposal.approach,
        "answers": proposal.answers,
        "price_eur": proposal.price_eur,
        "status": proposal.status,
        "submitted_at": _iso(proposal.submitted_at),
        "receipt_code": proposal.receipt_code,
        "attachments": [a.name for a in proposal.attachments.all()],
        "feedback": {"scores": feedback.scores, "reason": feedback.reason} if feedback else None,
    }


def person_challenge_data(*, user: User) -> dict[str, Any]:
    proposals = (
        Proposal.objects.authored_by(user)
        .select_related("challenge", "feedback")
        .prefetch_related("attachments")
    )
    return {
        "proposals": [_proposal(p) for p in proposals],
        "nda_acceptances": [
            {
                "challenge": a.challenge.title,
                "terms": a.terms.version,
                "organisation": a.organisation.name if a.organisation else None,
                "accepted_at": _iso(a.accepted_at),
            }
            for a in NdaAcceptance.objects.filter(user=user).select_related(
                "challenge", "terms", "organisation"
            )
        ],
        "endorsements": [
            {
                "challenge": e.challenge.title,
                "anonymous": e.anonymous,
                "comment": e.comment,
                "at": _iso(e.created_at),
            }
            for e in ChallengeEndorsement.objects.filter(user=user).select_related("challenge")
        ],
        "judging": [
            {
                "challenge": j.challenge.title,
                "accepted_at": _iso(j.accepted_at),
                "conflict_statement": j.conflict_statement,
                "private_notes": [a.private_note for a in j.assignments.all() if a.private_note],
            }
            for j in Judge.objects.filter(user=user).select_related("challenge")
        ],
        "notifications": [
            {"title": n.title, "created_at": _iso(n.created_at), "read_at": _iso(n.read_at)}
            for n in Notification.objects.filter(user=user)
        ],
    }


def organisation_challenge_data(*, organisation: Organisation) -> dict[str, Any]:
    challenges = Challenge.objects.filter(organisation=organisation).prefetch_related(
        "technologies"
    )
    proposals = (
        Proposal.objects.filter(organisation=organisation, kind="organisation")
        .select_related("challenge", "feedback")
        .prefetch_related("attachments")
    )
    return {
        "challenges": [
            {
                "id": c.pk,
                "title": c.title,
                "type": c.type,
                "status": c.status,
                "summary": c.summary,
                "goal": c.goal,
                "scope": c.scope,
                "confidential_detail": c.confidential_detail,
                "visibility": c.visibility,
                "ip_regime": c.ip_regime,
                "deadline": _iso(c.deadline),
                "technologies": [t.slug for t in c.technologies.all()],
            }
            for c in challenges
        ],
        "proposals": [_proposal(p) for p in proposals],
    }
