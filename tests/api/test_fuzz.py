"""Schemathesis against the live schema (`/api/schema/`, served by the application itself):
every operation, for an unauthenticated client and for six people on seeded data — the
owner of an organisation with an open challenge, a member of it, a submitter with a proposal
and a room, an educator with a solved team run, a student in that run, and an outsider. Each
answer must not be a server error and must match the schema (status code documented, body of
the documented shape).

Bounded and reproducible: a fixed number of derandomized examples per operation and person,
with the path's ids pointing at the seeded objects (and, for the anonymous client, generated
ids too). The test prints how many requests it made per person."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from collab.models import MemberRole
from collab.services.rooms import room_create
from marketplace.models.challenges import Status
from marketplace.services.notifications import notify
from tests.factories import UserFactory
from tests.marketplace.challenges.factories import make_challenge, make_proposal, solver
from tests.marketplace.teams.run_builders import add_student, small_run

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

EXAMPLES = 1  # per operation, person and kind of ids
ROLES = ["anonymous", "owner", "member", "submitter", "educator", "student", "outsider"]
CHECKS = [not_a_server_error, response_schema_conformance]
# Operations left out, and why.
SKIPPED = {
    # Deleting the seeded objects would leave the other operations only 404s to answer.
    ("DELETE", "/api/v1/organisations/{id}/"),
    ("DELETE", "/api/v1/challenges/{id}/"),
}


@pytest.fixture
def world(organisation, owner, member, outsider, settings, tmp_path, fake):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    challenge = make_challenge(owner, organisation, Status.OPEN)
    submitter, _org = solver()
    proposal = make_proposal(submitter, challenge)
    room = room_create(name="Retrofit", created_by=owner, members=[(submitter, MemberRole.MEMBER)])
    run = small_run()
    student = add_student(run["run"], user=UserFactory()).user
    for user in (owner, member, submitter, outsider, run["educator"], student):
        notify(users=[user], kind="feedback", title="Hello", params={}, url="/x/")
    people = {
        "owner": owner,
        "member": member,
        "submitter": submitter,
        "educator": run["educator"],
        "student": student,
        "outsider": outsider,
    }
    ids = {
        "organisations": organisation.pk,
        "challenges": challenge.pk,
        "proposals": proposal.pk,
        "rooms": room.pk,
        "team-runs": run["run"].pk,
    }
    return people, ids


def _seeded(path: str, ids: dict[str, int]) -> dict[str, int]:
    """The first id of the path pointing at the seeded object of its collection."""
    match = re.match(r"^/api/v1/([a-z-]+)/\{(\w+)\}", path)
    if match and match.group(1) in ids:
        return {match.group(2): ids[match.group(1)]}
    return {}


def _fuzz(strategy, role: str, headers: dict, requests: Counter, failures: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case):
        response = case.call(headers=headers)
        requests[role] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except BaseExceptionGroup as group:  # collect them all, report them together
            for failure in group.exceptions:
                failures.append(
                    f"{role} {case.method} {case.formatted_path} {case.query or ''} "
                    f"-> {response.status_code}: {str(failure).strip()[:400]}"
                )

    call()


@pytest.fixture
def app():
    """The WSGI application, keeping the test's database connection open across requests (as
    Django's test client does), so every request sees the seeded data in the test's
    transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_input_gives_a_server_error_or_an_answer_the_schema_does_not_describe(world, app):
    people, ids = world
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    requests: Counter[str] = Counter()
    failures: list[str] = []
    for role in ROLES:
        headers = {}
        if role != "anonymous":
            token, _ = Token.objects.get_or_create(user=people[role])
            headers = {"Authorization": f"Token {token.key}"}
        for result in schema.get_all_operations():
            operation = result.ok()
            if (operation.method.upper(), operation.path) in SKIPPED:
                continue
            # Random ids reach only 404s: the people fuzz the seeded objects, the anonymous
            # client both.
            variants = [_seeded(operation.path, ids)] + ([{}] if role == "anonymous" else [])
            for path_parameters in variants:
                strategy = operation.as_strategy(path_parameters=path_parameters or None)

                _fuzz(strategy, role, headers, requests, failures)
    print(
        "\nfuzzed requests per person: "
        + ", ".join(f"{role} {requests[role]}" for role in ROLES)
        + f"; total {sum(requests.values())}, failures {len(failures)}"
    )
    assert failures == [], "\n".join(failures)
