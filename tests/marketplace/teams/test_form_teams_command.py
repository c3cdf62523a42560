"""The management command: JSON in, JSON out; clear error and non-zero exit otherwise."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command


def test_writes_result(tmp_path, cohort):
    src, out = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(cohort))
    call_command(
        "form_teams", "--input", str(src), "--out", str(out), "--seed", "3", "--time-limit", "1"
    )
    result = json.loads(out.read_text())
    assert len(result["teams"]) == 4
    assert result["objective"]["seed"] == 3


def test_infeasible_input_is_an_error(tmp_path, cohort):
    cohort["challenges"][0]["teams"] = 9
    src = tmp_path / "in.json"
    src.write_text(json.dumps(cohort))
    with pytest.raises(CommandError, match="capacity"):
        call_command("form_teams", "--input", str(src), "--out", str(tmp_path / "o.json"))


def test_bad_json_is_an_error(tmp_path):
    src = tmp_path / "in.json"
    src.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("form_teams", "--input", str(src), "--out", str(tmp_path / "o.json"))
