"""`python manage.py import_organisations FILE`: upsert by `ref` from JSON Lines, report
created / updated / rejected with line numbers, idempotent, never half a record."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from marketplace.imports.report import MAX_LINE_BYTES
from marketplace.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LINES = [
    {
        "ref": "pic:999993468",
        "name": "Vlaams Metaalcentrum",
        "kind": "knowledge_centre",
        "country": "BE",
        "nuts": "BE21",
        "nace": ["28.99", "25.62"],
        "description": "Testlab voor lasrobots.",
        "website": "https://metaal.example",
        "languages": ["nl", "en"],
    },
    {"ref": "pic:2", "name": "Confectie Claes", "kind": "company", "nace": ["14.13"]},
    {"ref": "kbo:0417497106", "name": "Houtatelier Vermeulen"},
]


def write(tmp_path: Path, lines: list, name: str = "orgs.jsonl") -> Path:
    path = tmp_path / name
    with open(path, "wb") as handle:
        for line in lines:
            if isinstance(line, bytes):
                handle.write(line.rstrip(b"\n") + b"\n")
            elif isinstance(line, str):
                handle.write(line.encode("utf-8") + b"\n")
            else:
                handle.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
    return path


def run(path: Path, warnings: list | None = None) -> dict:
    """Run the command; return its JSON report without the warnings, which are asserted
    separately (an unexpected warning fails the test)."""
    out = io.StringIO()
    call_command("import_organisations", str(path), "--no-progress", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report.pop("warnings") == (warnings or [])
    return report


def snapshot() -> list[dict]:
    rows = []
    for org in Organisation.objects.order_by("ref").prefetch_related("nace"):
        rows.append(
            {
                **{f.attname: getattr(org, f.attname) for f in Organisation._meta.concrete_fields},
                "nace": sorted(n.code for n in org.nace.all()),
            }
        )
    return rows


def test_creates_every_line_of_a_small_file(tmp_path):
    report = run(write(tmp_path, LINES))
    assert report == {"created": 3, "updated": 0, "unchanged": 0, "rejected": []}
    centre = Organisation.objects.get(ref="pic:999993468")
    assert centre.name == "Vlaams Metaalcentrum"
    assert centre.kind == "knowledge_centre"
    assert centre.nuts_id == "BE21"
    assert sorted(centre.nace.values_list("code", flat=True)) == ["25.62", "28.99"]
    assert centre.website == "https://metaal.example"
    assert centre.languages == ["nl", "en"]
    minimal = Organisation.objects.get(ref="kbo:0417497106")
    assert (minimal.name, minimal.kind, minimal.country) == (
        "Houtatelier Vermeulen",
        "company",
        "BE",
    )


def test_the_human_readable_report(tmp_path):
    path = write(tmp_path, [*LINES, "{oops"])
    out = io.StringIO()
    call_command("import_organisations", str(path), "--no-progress", stdout=out)
    text = out.getvalue()
    assert "created: 3, updated: 0, unchanged: 0, rejected: 1" in text
    assert "line 4: invalid JSON" in text


def test_running_twice_changes_nothing(tmp_path):
    path = write(tmp_path, LINES)
    run(path)
    before = snapshot()
    report = run(path)
    assert report == {"created": 0, "updated": 0, "unchanged": 3, "rejected": []}
    assert snapshot() == before


def test_an_update_changes_only_the_fields_in_the_line(tmp_path):
    run(write(tmp_path, LINES))
    centre = Organisation.objects.get(ref="pic:999993468")
    # something the organisation itself entered in the app, which the source does not know
    Organisation.objects.filter(pk=centre.pk).update(
        enterprise_number="0417.497.106", staff_headcount=40
    )
    before = snapshot()

    report = run(
        write(
            tmp_path,
            [{"ref": "pic:999993468", "name": "Vlaams Metaalcentrum", "description": "Nieuw."}],
            "update.jsonl",
        )
    )

    assert report == {"created": 0, "updated": 1, "unchanged": 0, "rejected": []}
    after = snapshot()
    changed_row = next(r for r in after if r["ref"] == "pic:999993468")
    old_row = next(r for r in before if r["ref"] == "pic:999993468")
    assert changed_row["description"] == "Nieuw."
    differences = {k for k in old_row if old_row[k] != changed_row[k]}
    assert differences <= {"description", "updated_at"}
    assert [r for r in after if r["ref"] != "pic:999993468"] == [
        r for r in before if r["ref"] != "pic:999993468"
    ]


def test_an_update_replaces_the_nace_codes_when_given(tmp_path):
    run(write(tmp_path, LINES))
    report = run(
        write(
            tmp_path, [{"ref": "pic:2", "name": "Confectie Claes", "nace": ["14.19"]}], "nace.jsonl"
        )
    )
    assert report["updated"] == 1
    assert list(Organisation.objects.get(ref="pic:2").nace.values_list("code", flat=True)) == [
        "14.19"
    ]


def test_an_existing_organisation_is_updated_not_duplicated(tmp_path):
    OrganisationFactory(ref="pic:2", name="Claes oud", description="Behouden.")
    report = run(write(tmp_path, [{"ref": "pic:2", "name": "Confectie Claes"}]))
    assert report["created"] == 0 and report["updated"] == 1
    org = Organisation.objects.get(ref="pic:2")
    assert (org.name, org.description) == ("Confectie Claes", "Behouden.")
    assert Organisation.objects.count() == 1


BROKEN = [
    ("{not json", "invalid JSON"),
    ({"name": "Zonder ref"}, "'ref' is required"),
    ({"ref": "x:1", "name": "Bakkerij", "kind": "bakery"}, "unknown kind"),
    ({"ref": "x:2", "name": "Onbekende sector", "nace": ["99.999"]}, "NACE"),
    ('["a", "list"]', "expected a JSON object"),
    ('"just a string"', "expected a JSON object"),
    (b'{"ref": "x:3", "name": "\xff\xfe"}', "UTF-8"),
    ({"ref": "x:4", "name": "x" * 201}, "'name' is longer than 200"),
    ({"ref": "x:5", "name": "Lang", "description": "x" * 10_001}, "'description' is longer"),
    ({"ref": "x:7", "name": "Web", "website": "javascript:alert(1)"}, "website"),
    ({"ref": "x:8", "name": "Taal", "languages": ["tlh"]}, "language"),
    ({"ref": "x:9", "name": "Land", "country": "BEL"}, "country"),
    ({"ref": 10, "name": "Getal"}, "'ref' must be a string"),
    ({"ref": "x:11", "name": "   "}, "'name' must not be empty"),
    ({"ref": "x:12", "name": "NUL\u0000byte"}, "name"),
    ("[" * 100_000 + "]" * 100_000, "JSON"),
]


def test_broken_lines_are_reported_by_number_and_good_lines_are_imported(tmp_path):
    lines: list = [LINES[0]]
    for broken, _reason in BROKEN:
        lines.append(broken)
    lines.append("")  # blank lines are skipped but still counted
    lines.append(LINES[1])
    lines.append(b'{"ref": "x:long", "name": "' + b"x" * MAX_LINE_BYTES + b'"}')
    lines.append(LINES[2])

    report = run(write(tmp_path, lines))

    assert report["created"] == 3
    rejected = {r["line"]: r["reason"] for r in report["rejected"]}
    expected_lines = [*range(2, 2 + len(BROKEN)), len(BROKEN) + 4]
    assert sorted(rejected) == expected_lines
    for line_no, (_broken, reason) in zip(range(2, 2 + len(BROKEN)), BROKEN, strict=True):
        assert reason.lower() in rejected[line_no].lower(), (line_no, rejected[line_no])
    assert "longer than" in rejected[len(BROKEN) + 4]
    assert sorted(Organisation.objects.values_list("ref", flat=True)) == sorted(
        line["ref"] for line in LINES
    )


def test_a_bad_line_never_leaves_half_a_record(tmp_path):
    run(write(tmp_path, LINES))
    before = snapshot()
    report = run(
        write(
            tmp_path,
            [
                # valid name and description, but an unknown sector: nothing of it may be written
                {
                    "ref": "pic:999993468",
                    "name": "Nieuwe naam",
                    "description": "Nieuw",
                    "nace": ["00.00"],
                },
                {"ref": "new:1", "name": "Nieuw", "nace": ["28.99"], "kind": "shop"},
            ],
            "bad.jsonl",
        )
    )
    assert report["created"] == report["updated"] == 0
    assert [r["line"] for r in report["rejected"]] == [1, 2]
    assert snapshot() == before


def test_an_unknown_region_is_imported_without_region_and_with_a_warning(tmp_path):
    OrganisationFactory(ref="pic:2", name="Confectie Claes", nuts_id="BE21")
    report = run(
        write(
            tmp_path,
            [
                {"ref": "pic:2", "name": "Confectie Claes", "nuts": "ZZ99"},
                {"ref": "new:1", "name": "Londen", "nuts": "ZZ99"},
            ],
        ),
        warnings=[
            {"line": 1, "reason": "unknown NUTS 2016 region 'ZZ99'; imported without a region"},
            {"line": 2, "reason": "unknown NUTS 2016 region 'ZZ99'; imported without a region"},
        ],
    )
    assert report["rejected"] == []
    assert Organisation.objects.get(ref="pic:2").nuts_id == "BE21"  # a known region is kept
    assert Organisation.objects.get(ref="new:1").nuts_id is None


def test_a_file_starting_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(LINES[1]).encode() + b"\n")
    report = run(path)
    assert report["rejected"] == []
    assert Organisation.objects.filter(ref="pic:2").exists()


def test_a_ref_repeated_in_the_file_ends_with_the_last_line(tmp_path):
    report = run(
        write(
            tmp_path,
            [
                {"ref": "pic:2", "name": "Eerst"},
                {"ref": "pic:2", "name": "Daarna", "nace": ["14.13"]},
            ],
        )
    )
    assert report["rejected"] == []
    org = Organisation.objects.get(ref="pic:2")
    assert org.name == "Daarna"
    assert list(org.nace.values_list("code", flat=True)) == ["14.13"]


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_organisations", str(tmp_path / "nope.jsonl"), "--no-progress")
    assert not Organisation.objects.exists()


def test_an_empty_file_imports_nothing(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert run(path) == {"created": 0, "updated": 0, "unchanged": 0, "rejected": []}


def test_progress_is_drawn_on_stderr_unless_switched_off(tmp_path, capsys):
    path = write(tmp_path, LINES)
    call_command("import_organisations", str(path), stdout=io.StringIO())
    drawn = capsys.readouterr().err
    assert "100.0%" in drawn and "3 lines" in drawn
    call_command("import_organisations", str(path), "--no-progress", stdout=io.StringIO())
    assert capsys.readouterr().err == ""
