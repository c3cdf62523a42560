"""The signed-in user behind an API request, typed for the services that need one."""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from marketplace.models import User


def acting_user(request: Request | HttpRequest) -> User:
    """The authenticated user of the request; NotAuthenticated (401/403) for a visitor."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAuthenticated
    return user
