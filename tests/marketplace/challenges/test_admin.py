"""The admin lists and opens every challenge-marketplace model for staff."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = [
    m
    for m in admin.site._registry
    if m.__module__.startswith("marketplace.models.")
    and m.__module__.split(".")[-1]
    in {
        "challenges",
        "participation",
        "ndas",
        "proposals",
        "judging",
        "awards",
        "guidance",
        "good_practices",
        "funding",
        "notifications",
    }
]


@pytest.fixture
def staff_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_every_model_is_registered():
    assert len(MODELS) == 29


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_opens(staff_client, proposal, model):
    url = reverse(f"admin:marketplace_{model._meta.model_name}_changelist")
    assert staff_client.get(url).status_code == 200


def test_challenge_change_page_and_read_only_nda_log(staff_client, challenge, outsider):
    from tests.marketplace.challenges.factories import accept_nda

    acceptance = accept_nda(outsider, challenge)
    assert (
        staff_client.get(
            reverse("admin:marketplace_challenge_change", args=[challenge.pk])
        ).status_code
        == 200
    )
    change = reverse("admin:marketplace_ndaacceptance_change", args=[acceptance.pk])
    assert staff_client.post(change, {"signer_email": "x@y.z"}).status_code == 403
