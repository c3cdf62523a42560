"""Who reacted to a suggestion before, how and when: the facts behind the "accepted before"
reason, so that its sentence names the colleague (or "you"), the date and whether it was an
invitation or a "relevant" mark, instead of an unsigned "you marked this before"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from marketplace.matching import documents
from marketplace.matching.models import SuggestionFeedback, Verdict
from marketplace.matching.reasons import FEEDBACK_CODE
from marketplace.models import ChallengeInvitee, PersonProfile


def invitations_by_ref(challenge_id: int) -> dict[str, ChallengeInvitee]:
    """A challenge's invitations by the ref suggestions name the invitee with (an
    organisation's ref, or ``person:<profile>`` for a person)."""
    invitees = ChallengeInvitee.objects.filter(challenge_id=challenge_id).select_related(
        "organisation", "invited_by"
    )
    by_ref: dict[str, ChallengeInvitee] = {}
    by_user: dict[int, ChallengeInvitee] = {}
    for invitee in invitees:
        if invitee.organisation is not None:
            by_ref[documents.organisation_ref(invitee.organisation)] = invitee
        elif invitee.user_id is not None:
            by_user[invitee.user_id] = invitee
    for pk, user_id in PersonProfile.objects.filter(user_id__in=by_user).values_list(
        "pk", "user_id"
    ):
        by_ref[documents.person_ref(pk)] = by_user[user_id]
    return by_ref


def add_reaction_facts(subject: str, items: Iterable[Any], viewer: Any) -> None:
    """Mark each item ``invited`` when the subject is a challenge that invited it, and fill the
    evidence of each item's "accepted before" reason: ``how`` (``invited`` or
    ``marked_relevant``), ``on`` (the moment, ISO 8601), ``by`` (the person's name, when they
    still have an account) and ``by_you`` (whether that is the viewer)."""
    items = list(items)
    kind, key = documents.split_ref(subject)
    invitations = invitations_by_ref(int(key)) if kind == "challenge" and items else {}
    for item in items:
        item.invited = item.ref in invitations
    wanted = {
        item.ref: reason["evidence"]
        for item in items
        for reason in item.reasons
        if reason["code"] == FEEDBACK_CODE
    }
    if not wanted:
        return
    marks = SuggestionFeedback.objects.filter(
        subject=subject, candidate__in=wanted, verdict=Verdict.ACCEPTED
    ).select_related("user")
    viewer_pk = getattr(viewer, "pk", None)
    for mark in marks:
        invitation = invitations.get(mark.candidate)
        if invitation is not None:
            who, when = invitation.invited_by, invitation.created_at
        else:
            who, when = mark.user, mark.updated_at
        wanted[mark.candidate].update(
            {
                "how": "invited" if invitation else "marked_relevant",
                "on": when.isoformat(),
                "by": who.display_name if who is not None else "",
                "by_you": who is not None and who.pk == viewer_pk,
            }
        )
