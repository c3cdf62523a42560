"""The main pages of the product, in the demo world (`python manage.py demo`): what a visitor
and a signed-in solver open first. Journeys 6–8 (language, widths, accessibility) walk them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management import call_command

from collab.models import Room
from marketplace.models import Challenge, Organisation
from marketplace.models.challenges import ChallengeVisibility, Status

# Signs in with the demo command's DEMO_PASSWORD.
SOLVER = "laura.cools@demo.kruispunt.example"  # won a challenge: a member of its room


@dataclass(frozen=True)
class MainPage:
    name: str
    path: str  # the Dutch (unprefixed) path
    signed_in: bool = False


def demo_main_pages() -> list[MainPage]:
    """Loads the demo data and returns its main pages: visitors' first, then the solver's."""
    call_command("demo", verbosity=0)
    organisation = Organisation.objects.get(name="Leiehout Meubelmakers")
    challenge = (
        Challenge.objects.filter(status=Status.OPEN, visibility=ChallengeVisibility.PUBLIC)
        .order_by("pk")
        .first()
    )
    assert challenge is not None
    room = Room.objects.get(source_kind="award")
    return [
        MainPage("home", "/"),
        MainPage("organisations", "/organisaties/"),
        MainPage("organisation", organisation.get_absolute_url()),
        MainPage("capabilities", "/capaciteiten/"),
        MainPage("challenges", "/challenges/"),
        MainPage("challenge", challenge.get_absolute_url()),
        MainPage("starter-kits", "/starter-kits/"),
        MainPage("good-practices", "/good-practices/"),
        MainPage("login", "/accounts/login/"),
        MainPage("signup", "/accounts/signup/"),
        MainPage("rooms", "/projectruimtes/", signed_in=True),
        MainPage("room", room.get_absolute_url(), signed_in=True),
        MainPage("team-runs", "/teamvorming/", signed_in=True),
        MainPage("my-proposals", "/proposals/", signed_in=True),
        MainPage("notifications", "/notifications/", signed_in=True),
        MainPage("profile", "/mijn-profiel/", signed_in=True),
    ]
