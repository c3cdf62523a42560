"""Members of an organisation: the list, invitations, roles, removal and ownership transfer.

Every change is a POST that calls one service; a refusal from the service is shown as a
message and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.fields import add_service_error
from frontend.http import SignedInRequest
from frontend.organisations.forms import InviteForm, OwnershipTransferForm, RoleForm
from frontend.rate_limits import rate_limited
from marketplace import access
from marketplace.models import Invitation, Membership, Organisation
from marketplace.models.organisations import Role
from marketplace.services import organisations as services


def _members_url(organisation: Organisation) -> str:
    return reverse("organisation_members", args=[organisation.pk])


def _error_message(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _members_page(
    request: SignedInRequest,
    organisation: Organisation,
    invite_form: InviteForm | None = None,
    transfer_form: OwnershipTransferForm | None = None,
    status: int = 200,
) -> HttpResponse:
    role = access.organisation_role(request.user, organisation)
    can_manage = access.can_change_organisation(request.user, organisation)
    context: dict[str, Any] = {
        "organisation": organisation,
        "role": role,
        "can_manage": can_manage,
        "is_owner": role == Role.OWNER,
        # The last owner cannot leave (the service refuses): say so instead of offering it.
        "sole_owner": role == Role.OWNER
        and organisation.memberships.filter(role=Role.OWNER).count() == 1,
        "memberships": organisation.memberships.select_related("user").order_by("created_at", "id"),
        "role_choices": Role.choices,
    }
    if can_manage:
        context["invitations"] = organisation.invitations.pending().select_related("invited_by")
        context["invite_form"] = invite_form or InviteForm()
    if role == Role.OWNER:
        context["transfer_form"] = transfer_form or OwnershipTransferForm(
            organisation=organisation, actor=request.user
        )
    return render(request, "frontend/organisations/members.html", context, status=status)


@login_required
def organisation_members(request: SignedInRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_members(request.user, pk)
    return _members_page(request, organisation)


@login_required
@require_POST
@rate_limited("invitation")
def member_invite(request: SignedInRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_change(request.user, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_send(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("We sent an invitation to %(email)s.") % {"email": invitation.email},
            )
            return redirect(_members_url(organisation))
    return _members_page(request, organisation, invite_form=form, status=400)


@login_required
@require_POST
def member_role(request: SignedInRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation = access.organisation_for_change(request.user, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, organisation=organisation)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect(_members_url(organisation))
    try:
        services.membership_change_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as exc:
        _error_message(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": membership.user.display_name, "role": Role(form.cleaned_data["role"]).label},
        )
    return redirect(_members_url(organisation))


@login_required
@require_POST
def member_remove(request: SignedInRequest, pk: int, membership_pk: int) -> HttpResponse:
    """Managers remove members; every member may leave."""
    organisation = access.organisation_for_members(request.user, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, organisation=organisation)
    leaving = membership.user_id == request.user.pk
    if not leaving and not access.can_change_organisation(request.user, organisation):
        raise PermissionDenied
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        _error_message(request, exc)
        return redirect(_members_url(organisation))
    if leaving:
        messages.success(request, _("You left %(org)s.") % {"org": organisation.name})
        return redirect(organisation)
    messages.success(
        request,
        _("%(name)s is no longer a member.") % {"name": membership.user.display_name},
    )
    return redirect(_members_url(organisation))


@login_required
@require_POST
def ownership_transfer(request: SignedInRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_owner(request.user, pk)
    form = OwnershipTransferForm(request.POST, organisation=organisation, actor=request.user)
    if form.is_valid():
        new_owner = form.cleaned_data["member"]
        try:
            services.ownership_transfer(
                actor=request.user, organisation=organisation, to_user=new_owner
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now an owner; you are an administrator.")
                % {"name": new_owner.display_name},
            )
            return redirect(_members_url(organisation))
    return _members_page(request, organisation, transfer_form=form, status=400)


@login_required
@require_POST
def invitation_revoke(request: SignedInRequest, pk: int, invitation_pk: int) -> HttpResponse:
    organisation = access.organisation_for_change(request.user, pk)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organisation=organisation)
    services.invitation_revoke(invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
    )
    return redirect(_members_url(organisation))


@rate_limited("invitation")
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone holding the link sees what it invites to; accepting needs the invited account."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token=token[:64], revoked_at__isnull=True)
        .first()
    )
    if invitation is None:
        raise Http404
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.invitation_accept(user=request.user, token=invitation.token)
        except ValidationError as exc:
            _error_message(request, exc)
        else:
            messages.success(
                request,
                _("Welcome to %(org)s.") % {"org": invitation.organisation.name},
            )
            return redirect(invitation.organisation)
    return render(
        request,
        "frontend/organisations/invitation.html",
        {
            "invitation": invitation,
            "role_label": Role(invitation.role).label,
            "wrong_account": (
                request.user.is_authenticated
                and request.user.email.lower() != invitation.email.lower()
            ),
        },
        status=400 if request.method == "POST" else 200,
    )
