"""The pages' own request type. Views behind login_required take a SignedInRequest: its user
is a real, active account (the session of a deactivated one signs nobody in), so a view hands
`request.user` to a service as it is. Pages do not borrow the API's acting user."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from marketplace.models import User


class SignedInRequest(HttpRequest):
    """The request of a view behind login_required: its user is a real account."""

    user: User


def posted_next(request: HttpRequest, default: str) -> str:
    """The form's ``next`` address when it stays on this site, else ``default``."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
