"""Every model has an admin: its list (with search) and its add form open for staff."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from marketplace.models import User

pytestmark = pytest.mark.django_db

MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


@pytest.fixture
def staff_client(client):
    user = User.objects.create_superuser("staff@kruispunt.example", "a long admin passphrase")
    client.force_login(user)
    return client


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_admin_list_search_and_add_form_open(staff_client, app, model):
    changelist = reverse(f"admin:{app}_{model}_changelist")
    assert staff_client.get(changelist).status_code == 200
    assert staff_client.get(changelist, {"q": "kruispunt"}).status_code == 200
    add = staff_client.get(reverse(f"admin:{app}_{model}_add"))
    assert add.status_code in {200, 403}  # append-only logs refuse additions


def test_every_marketplace_model_has_an_admin():
    from django.apps import apps

    missing = [
        model.__name__
        for app in ("marketplace", "teams", "matching", "collab", "chat")
        for model in apps.get_app_config(app).get_models()
        if model not in admin.site._registry and not model._meta.auto_created
    ]
    assert missing == []
