"""Notifications: the list with mark-read, the unread badge in the navigation, and the
e-mail preferences (right away, daily digest, never; muted kinds)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontend.challenges.forms_work import PreferenceForm
from frontend.fragments import framed_unless_htmx
from frontend.http import SignedInRequest
from frontend.pagination import paginate
from marketplace.models import Notification
from marketplace.services.notifications import notifications_mark_read, preference_for


@login_required
def notification_list(request: SignedInRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user).order_by("-created_at", "-id")
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return render(
        request,
        "challenges/notifications.html",
        {"page": paginate(request, notifications), "unread_only": unread_only},
    )


@login_required
@require_POST
def notification_mark_read(request: SignedInRequest) -> HttpResponse:
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() and len(raw) < 12 else None
    notifications_mark_read(user=request.user, ids=ids)
    if ids is None:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notification_list")


@framed_unless_htmx(gettext_lazy("Unread notifications"))
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The unread count beside the navigation link (loaded after the page; one query)."""
    count = 0
    if request.user.is_authenticated:
        count = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(request, "challenges/notification_badge.html", {"count": count})


@login_required
def notification_preferences(request: SignedInRequest) -> HttpResponse:
    preference = preference_for(request.user)
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"email": preference.email, "muted_kinds": preference.muted_kinds},
    )
    if form.is_bound and form.is_valid():
        preference.email = form.cleaned_data["email"]
        preference.muted_kinds = form.cleaned_data["muted_kinds"]
        preference.save(update_fields=["email", "muted_kinds"])
        messages.success(request, _("Your preferences are saved."))
        return redirect("notification_preferences")
    return render(
        request,
        "challenges/notification_preferences.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
