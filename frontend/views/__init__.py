"""Server-rendered pages, one module per concept. Every view asks marketplace.access whether
the user may see or change the object, then calls one model method or service."""

from django.http import HttpRequest

from marketplace.models import User


class SignedInRequest(HttpRequest):
    """The request of a view behind login_required: its user is a real account."""

    user: User
