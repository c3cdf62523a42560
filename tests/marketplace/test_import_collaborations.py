"""import_collaborations: track record upserted by ref, participants by organisation ref."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.models import Collaboration, Participation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _run(tmp_path, lines: list[str | dict]) -> dict:
    path = tmp_path / "collaborations.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_collaborations", str(path), "--json", "--no-progress", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def orgs(db):
    return [OrganisationFactory(ref=f"pic:{n}") for n in (1, 2, 3)]


PROJECT = {
    "ref": "cordis:1",
    "title": "Digital twin for furniture production",
    "summary": "Factories of the future",
    "start": "2019-05-01",
    "tags": ["FoF-01-2018", "LEIT"],
    "participants": [
        {"org": "pic:1", "role": "coordinator"},
        {"org": "pic:2", "role": "participant"},
    ],
}


def test_imports_projects_with_participants_and_is_idempotent(tmp_path, orgs):
    report = _run(tmp_path, [PROJECT])
    assert (report["created"], report["updated"], report["rejected"]) == (1, 0, [])
    project = Collaboration.objects.get(ref="cordis:1")
    assert project.title == "Digital twin for furniture production"
    assert str(project.start) == "2019-05-01"
    roles = dict(project.participations.values_list("organisation__ref", "role"))
    assert roles == {"pic:1": "coordinator", "pic:2": "participant"}
    again = _run(tmp_path, [PROJECT])
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)
    assert Participation.objects.count() == 2


def test_update_replaces_participants_and_keeps_absent_fields(tmp_path, orgs):
    _run(tmp_path, [PROJECT])
    change = {"ref": "cordis:1", "participants": [{"org": "pic:3", "role": "coordinator"}]}
    report = _run(tmp_path, [change])
    assert report["updated"] == 1
    project = Collaboration.objects.get(ref="cordis:1")
    assert project.title == "Digital twin for furniture production"
    assert list(project.participations.values_list("organisation__ref", flat=True)) == ["pic:3"]


def test_unknown_participants_are_skipped_with_a_warning(tmp_path, orgs):
    line = dict(PROJECT, participants=[*PROJECT["participants"], {"org": "pic:404"}])
    report = _run(tmp_path, [line])
    assert report["created"] == 1
    assert report["warnings"][0]["line"] == 1
    assert "pic:404" in report["warnings"][0]["reason"]
    assert Participation.objects.count() == 2


def test_broken_lines_are_reported_by_number_and_the_rest_imported(tmp_path, orgs):
    lines = [
        PROJECT,
        "{not json",
        {"title": "no ref", "participants": [{"org": "pic:1"}]},
        {"ref": "cordis:2"},
        {"ref": "cordis:3", "participants": [{"org": "pic:404"}]},
        {"ref": "cordis:4", "start": "yesterday", "participants": [{"org": "pic:1"}]},
        {"ref": "cordis:5", "participants": [{"org": "pic:1", "role": "sponsor"}]},
        "[1, 2]",
        {"ref": "cordis:6", "participants": [{"org": "pic:2"}, {"org": "pic:3"}]},
    ]
    report = _run(tmp_path, lines)
    rejected = {r["line"]: r["reason"] for r in report["rejected"]}
    assert sorted(rejected) == [2, 3, 4, 5, 6, 7, 8]
    assert "invalid JSON" in rejected[2]
    assert "'ref' is required" in rejected[3]
    assert "'participants' is required" in rejected[4]
    assert "none of the participants" in rejected[5]
    assert "not a date" in rejected[6]
    assert "unknown role" in rejected[7]
    assert sorted(Collaboration.objects.values_list("ref", flat=True)) == ["cordis:1", "cordis:6"]
