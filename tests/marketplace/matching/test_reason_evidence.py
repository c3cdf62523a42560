"""Every reason a checkable fact: suggest_partners runs through the product (imports, index
built from the database, the bulk command) and every reason's evidence is checked against the
imported data by an independent checker (evidence.py), on generated worlds and — where the
public development split lies beside the project — on a sample of real EU consortia."""

from __future__ import annotations

import json
import random
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from marketplace.matching.documents import technology_lexicon
from tests.marketplace.matching.evidence import World, check_answers
from tests.marketplace.matching.world import generate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]

DEV_SPLIT = Path(__file__).resolve().parents[4] / "shared" / "data" / "cordis" / "dev"


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _run(tmp_path: Path, orgs: list[dict], projects: list[dict], queries: list[dict]):
    quiet = {"stdout": StringIO(), "stderr": StringIO()}
    call_command(
        "import_organisations", str(_write(tmp_path / "o.jsonl", orgs)), "--no-index", **quiet
    )
    call_command(
        "import_collaborations",
        str(_write(tmp_path / "c.jsonl", projects)),
        "--no-index",
        **quiet,
    )
    out = tmp_path / "answers.jsonl"
    call_command(
        "suggest_partners",
        "--queries",
        str(_write(tmp_path / "q.jsonl", queries)),
        "--out",
        str(out),
        "--limit",
        "20",
        "--no-progress",
        **quiet,
    )
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _world(orgs: list[dict], projects: list[dict]) -> World:
    return World({o["ref"]: o for o in orgs}, {p["ref"]: p for p in projects}, technology_lexicon())


@pytest.mark.parametrize("seed", [3, 17])
def test_every_reason_on_a_generated_world_is_a_true_named_fact(tmp_path, seed):
    orgs, projects, queries = generate(seed)
    answers = _run(tmp_path, orgs, projects, queries)
    checked, problems = check_answers(_world(orgs, projects), queries, answers)
    codes = {r["code"] for a in answers for s in a["suggestions"] for r in s["reasons"]}
    # The world is rich enough to bring out the reasons that name projects, partners and places.
    assert {"past_partner", "partner_of_partner", "same_region", "shared_topics"} <= codes
    assert checked > 500
    assert not problems, "\n".join(problems[:20])


def test_a_text_only_query_gets_no_reason_about_an_asker(tmp_path):
    orgs, projects, _queries = generate(5)
    answers = _run(tmp_path, orgs, projects, [{"id": "new", "text": "laser welding robot"}])
    codes = {r["code"] for s in answers[0]["suggestions"] for r in s["reasons"]}
    assert answers[0]["suggestions"]
    assert not codes & {"past_partner", "partner_of_partner", "same_region", "value_chain"}


@pytest.mark.skipif(not DEV_SPLIT.is_dir(), reason="the public development split is not beside")
def test_every_reason_on_real_consortia_is_a_true_named_fact(tmp_path):
    def read(name: str) -> list[dict]:
        with open(DEV_SPLIT / name, encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    orgs, projects = read("organisations.jsonl"), read("collaborations.jsonl")
    queries = random.Random(7).sample(read("queries.jsonl"), 150)
    # Half of them as a newcomer would ask: the text alone.
    queries = [q if i % 2 else {"id": q["id"], "text": q["text"]} for i, q in enumerate(queries)]
    answers = _run(tmp_path, orgs, projects, queries)
    checked, problems = check_answers(_world(orgs, projects), queries, answers)
    assert checked > 2000
    assert not problems, "\n".join(problems[:20])
