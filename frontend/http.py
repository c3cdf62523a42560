"""The pages' own request type. Views behind login_required take a SignedInRequest: its user
is a real, active account (the session of a deactivated one signs nobody in), so a view hands
`request.user` to a service as it is. Pages do not borrow the API's acting user."""

from django.http import HttpRequest

from marketplace.models import User


class SignedInRequest(HttpRequest):
    """The request of a view behind login_required: its user is a real account."""

    user: User
