"""Proposals: drafting, versions, submission with a receipt, withdrawal, attachments."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace import filetypes
from marketplace.matching.shown import shown_answered
from marketplace.models import (
    Challenge,
    Organisation,
    Proposal,
    ProposalAttachment,
    ProposalTeamMember,
    ProposalVersion,
    User,
)
from marketplace.models.proposals import ProposalKind, ProposalStatus
from marketplace.services.challenges import managers_of
from marketplace.services.notifications import notify

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
ATTACHMENT_TYPES = {
    ".pdf",
    ".docx",
    ".xlsx",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".png",
    ".jpg",
    ".jpeg",
    ".txt",
    ".csv",
    ".zip",
    ".step",
    ".stp",
    ".stl",
    ".dxf",
}
CONTENT_FIELDS = {"title", "summary", "approach", "answers", "price_eur"}


def _check_open(challenge: Challenge) -> None:
    if challenge.status != "open":
        raise ValidationError(_("This challenge is not open for proposals."))
    if not challenge.accepts_proposals:
        raise ValidationError(_("This challenge no longer accepts proposals: the deadline passed."))


def _check_answers(challenge: Challenge, answers: Any) -> None:
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Answers are a mapping of criterion key to text.")})
    keys = set(challenge.criteria.values_list("key", flat=True))
    unknown = sorted(set(answers) - keys)
    if unknown:
        raise ValidationError(
            {"answers": _("Unknown criteria: %(keys)s.") % {"keys": ", ".join(unknown)}}
        )
    if any(not isinstance(v, str) or len(v) > 5_000 for v in answers.values()):
        raise ValidationError({"answers": _("Each answer is a text of at most 5,000 characters.")})


def proposal_create(
    *,
    user: User,
    challenge: Challenge,
    kind: str,
    title: str,
    organisation: Organisation | None = None,
    team: list[User] | None = None,
    **content: Any,
) -> Proposal:
    """Start a draft proposal. The caller checked that the user may see the challenge."""
    _check_open(challenge)
    if challenge.organisation.role_of(user) is not None:
        raise ValidationError(_("You cannot answer a challenge of your own organisation."))
    if kind == ProposalKind.ORGANISATION:
        if organisation is None or organisation.role_of(user) is None:
            raise ValidationError(
                {"organisation": _("Choose an organisation you are a member of.")}
            )
        if organisation.pk == challenge.organisation_id:
            raise ValidationError({"organisation": _("Not for your own challenge.")})
    elif organisation is not None:
        raise ValidationError({"organisation": _("Only organisation proposals name one.")})
    if kind == ProposalKind.TEAM and not team:
        raise ValidationError({"team": _("Name at least one other team member.")})
    _check_answers(challenge, content.get("answers", {}))
    with transaction.atomic():
        proposal = Proposal(
            challenge=challenge,
            kind=kind,
            created_by=user,
            organisation=organisation,
            title=title,
            **content,
        )
        proposal.full_clean()
        proposal.save()
        for member in {m.pk: m for m in team or [] if m.pk != user.pk}.values():
            ProposalTeamMember.objects.create(proposal=proposal, user=member)
    return proposal


def _new_version(proposal: Proposal, user: User) -> None:
    proposal.version += 1
    proposal.save(update_fields=["version", "updated_at"])
    ProposalVersion.objects.create(
        proposal=proposal, number=proposal.version, content=proposal.snapshot(), created_by=user
    )


def proposal_update(*, user: User, proposal: Proposal, **content: Any) -> Proposal:
    """Change a draft, or a submitted proposal before the deadline (a new version)."""
    unknown = set(content) - CONTENT_FIELDS
    if unknown:
        raise ValidationError({f: _("This cannot be changed.") for f in sorted(unknown)})
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update().select_related("challenge").get(pk=proposal.pk)
        )
        if proposal.status == ProposalStatus.WITHDRAWN:
            raise ValidationError(_("A withdrawn proposal cannot change."))
        _check_open(proposal.challenge)
        if "answers" in content:
            _check_answers(proposal.challenge, content["answers"])
        for name, value in content.items():
            setattr(proposal, name, value)
        proposal.full_clean()
        proposal.save()
        if proposal.status == ProposalStatus.SUBMITTED:
            _new_version(proposal, user)
    return proposal


def proposal_submit(*, user: User, proposal: Proposal) -> Proposal:
    """Submit a draft before the deadline; the submitter gets a receipt, the owners a note."""
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update()
            .select_related("challenge__organisation")
            .get(pk=proposal.pk)
        )
        if proposal.status != ProposalStatus.DRAFT:
            raise ValidationError(_("Only a draft can be submitted."))
        challenge = proposal.challenge
        _check_open(challenge)
        missing = [
            c.label
            for c in challenge.criteria.exclude(prompt="")
            if not str(proposal.answers.get(c.key, "")).strip()
        ]
        errors: dict[str, str] = {}
        if not proposal.summary.strip():
            errors["summary"] = _("Write a summary before submitting.")
        if missing:
            errors["answers"] = _("Answer every question: %(labels)s.") % {
                "labels": ", ".join(missing)
            }
        if errors:
            raise ValidationError(errors)
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_at = timezone.now()
        proposal.save(update_fields=["status", "submitted_at", "updated_at"])
        shown_answered(proposal=proposal, field="proposed_at", at=proposal.submitted_at)
        _new_version(proposal, user)
        notify(
            users=[user],
            kind="proposal_receipt",
            challenge=challenge,
            title=gettext_lazy("Receipt %(code)s: your proposal to “%(title)s” was submitted"),
            params={"code": proposal.receipt_code, "title": challenge.title},
            url=f"/proposals/{proposal.pk}/",
        )
        notify(
            users=managers_of(challenge.organisation),
            kind="proposal_submitted",
            challenge=challenge,
            title=gettext_lazy("A new proposal was submitted to “%(title)s”"),
            params={"title": challenge.title},
            url=challenge.get_absolute_url(),
        )
    return proposal


def proposal_withdraw(*, user: User, proposal: Proposal) -> Proposal:
    """Withdraw before the deadline. Afterwards the proposal stays in, and gets feedback."""
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update()
            .select_related("challenge__organisation")
            .get(pk=proposal.pk)
        )
        if proposal.status == ProposalStatus.WITHDRAWN:
            raise ValidationError(_("This proposal is already withdrawn."))
        if not proposal.challenge.accepts_proposals:
            raise ValidationError(
                _("The deadline has passed; the proposal can no longer be withdrawn.")
            )
        was_submitted = proposal.status == ProposalStatus.SUBMITTED
        proposal.status = ProposalStatus.WITHDRAWN
        proposal.withdrawn_at = timezone.now()
        proposal.save(update_fields=["status", "withdrawn_at", "updated_at"])
        proposal.assignments.all().delete()
        if was_submitted:
            notify(
                users=managers_of(proposal.challenge.organisation),
                kind="proposal_withdrawn",
                challenge=proposal.challenge,
                title=gettext_lazy("A proposal to “%(title)s” was withdrawn"),
                params={"title": proposal.challenge.title},
                url=proposal.challenge.get_absolute_url(),
            )
    return proposal


def attachment_add(*, user: User, proposal: Proposal, upload: UploadedFile) -> ProposalAttachment:
    name = Path(upload.name or "file").name[:200]
    if Path(name).suffix.lower() not in ATTACHMENT_TYPES:
        raise ValidationError({"file": _("This file type is not accepted.")})
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("Files can be at most 10 MB.")})
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    # The type we store and serve is the one the content shows, never the uploader's word.
    content_type = filetypes.detect_content_type(upload, name)
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update().select_related("challenge").get(pk=proposal.pk)
        )
        if proposal.status == ProposalStatus.WITHDRAWN:
            raise ValidationError(_("A withdrawn proposal cannot change."))
        _check_open(proposal.challenge)
        if proposal.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError({"file": _("At most 10 files per proposal.")})
        attachment = ProposalAttachment(
            proposal=proposal,
            name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=user,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
    return attachment


def attachment_delete(*, proposal: Proposal, attachment: ProposalAttachment) -> None:
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update().select_related("challenge").get(pk=proposal.pk)
        )
        _check_open(proposal.challenge)
        stored = attachment.file.name or ""
        attachment.delete()
        storage = attachment.file.storage
        if stored:
            transaction.on_commit(partial(storage.delete, stored))
