"""A database that cannot be reached answers 503 with Retry-After and a sentence in the
visitor's language (JSON under /api/), not a 500; other server errors keep their 500 page.
Here every query fails as it does while PostgreSQL restarts; tests/test_faults_postgres.py
restarts a real server under a running Daphne."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down():
    error = OperationalError("server closed the connection unexpectedly")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=error):
        yield


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Kruispunt cannot reach its database for a moment. Try again in a few seconds."),
        ("nl", "Kruispunt kan zijn databank even niet bereiken. Probeer het over enkele seconden"),
        ("fr", "Kruispunt ne peut pas joindre sa base de données pour le moment."),
    ],
)
def test_the_api_answers_503_with_retry_after_in_the_callers_language(
    browser, database_down, language, sentence
):
    response = browser.get("/api/v1/challenges/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "database_unavailable"
    assert body["detail"].startswith(sentence)


def test_a_signed_in_page_answers_503_in_the_pages_language(browser, database_down):
    # The session itself lives in the database: loading it is what fails first.
    browser.cookies["sessionid"] = "x" * 32
    response = browser.get("/en/challenges/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "<h1>Briefly unavailable</h1>" in page
    assert "cannot reach its database for a moment" in page
    french = browser.get("/fr/challenges/")
    assert french.status_code == 503
    assert "Momentanément indisponible" in french.content.decode()


def test_a_post_that_cannot_reach_the_database_is_told_to_retry(browser, database_down):
    response = browser.post(
        "/api/v1/auth/token/",
        {"email": "someone@example.org", "password": "secret"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_other_server_errors_keep_the_500_page(browser):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=ZeroDivisionError
    ):
        response = browser.get("/en/challenges/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()


def test_other_server_errors_under_the_api_answer_json(browser):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=ZeroDivisionError
    ):
        response = browser.get("/api/v1/challenges/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Kruispunt could not answer this request because of an error on our side.",
        "code": "server_error",
    }


def test_an_api_server_error_reads_in_the_callers_language(browser):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=ZeroDivisionError
    ):
        response = browser.get("/api/v1/challenges/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["detail"] == (
        "Kruispunt n’a pas pu répondre à cette demande à cause d’une erreur de notre côté."
    )
