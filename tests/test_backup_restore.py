"""The backup check (ops/backup_restore_check.py) dumps the database, restores the dump into
a scratch database and finds every table's rows there; it also keeps the dump when asked
(the nightly backup) and leaves no scratch database behind."""

from __future__ import annotations

import json
import subprocess
import sys

import psycopg
import pytest

from tests.chat.servers import ROOT, database_url
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.heavy, pytest.mark.django_db(transaction=True)]


def test_the_dump_restores_with_every_row(tmp_path):
    for _ in range(3):
        UserFactory()
    OrganisationFactory()
    dump = tmp_path / "nightly.dump"
    result = subprocess.run(
        [
            sys.executable,
            "ops/backup_restore_check.py",
            "--database",
            database_url(),
            "--out",
            dump,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["mismatches"] == 0
    assert report["tables"] > 50  # every table of the schema, not only ours
    assert report["rows"] >= 4
    assert dump.stat().st_size == report["dump_bytes"] > 0
    with psycopg.connect(database_url()) as conn:
        names = {r[0] for r in conn.execute("SELECT datname FROM pg_database").fetchall()}
    assert not any(n.endswith("_restore_check") for n in names)
