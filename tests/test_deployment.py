"""What operators rely on: production settings pass Django's deployment checks, models and
migrations agree, and a bad setting stops the start with a message naming it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Set for the test run (DJANGO_ALLOW_ASYNC_UNSAFE by the e2e conftest), not for production.
TEST_ONLY_ENV = {"KRUISPUNT_TESTING", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "kruispunt.example",
}


def test_production_settings_pass_the_deployment_checks():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_models_and_migrations_agree():
    result = _manage("makemigrations", "--check", "--dry-run", DEBUG="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_secret_key_stops_production_with_a_clear_message():
    result = _manage("check", DEBUG="0", ALLOWED_HOSTS="kruispunt.example", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_value_names_the_variable():
    result = _manage("check", **{**PRODUCTION, "EMAIL_PORT": "twenty-five"})
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr
