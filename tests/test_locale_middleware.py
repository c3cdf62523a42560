"""The locale middleware under both handlers: WSGI (sync) and ASGI (async, as Daphne serves
HTTP). /api/ takes the reader's language; the language never outlives the request."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient, Client
from django.utils import translation

pytestmark = pytest.mark.django_db


def _async_get(path: str, **kwargs):
    return async_to_sync(AsyncClient().get)(path, **kwargs)


@pytest.mark.parametrize("get", [Client().get, _async_get], ids=["wsgi", "asgi"])
def test_api_answers_in_the_readers_language(get):
    before = translation.get_language()
    response = get("/api/no-such-endpoint/", headers={"accept-language": "fr"})
    assert response.status_code == 404
    assert response.headers["Content-Language"] == "fr"
    assert "Accept-Language" in response.headers["Vary"]
    assert translation.get_language() == before
