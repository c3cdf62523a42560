"""The OpenAPI schema documents the challenge-marketplace endpoints and builds without
warnings."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_lists_the_challenge_endpoints(tmp_path, capsys):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(out), "--validate")
    text = out.read_text()
    for path in [
        "/api/v1/challenges/",
        "/api/v1/challenges/{id}/transitions/",
        "/api/v1/challenges/{id}/nda/",
        "/api/v1/proposals/{id}/submit/",
        "/api/v1/judging/assignments/{id}/",
        "/api/v1/challenges/{id}/ranking/",
        "/api/v1/notifications/preferences/",
        "/api/v1/good-practices/",
        "/api/v1/starter-kits/",
    ]:
        assert f"{path}:" in text, path
    warnings = [
        line
        for line in capsys.readouterr().err.splitlines()
        if "marketplace/api/" in line
        and (
            "challenge" in line
            or "proposal" in line
            or "judging" in line
            or "award" in line
            or "guidance" in line
            or "nda" in line
            or "notification" in line
        )
    ]
    assert warnings == []
