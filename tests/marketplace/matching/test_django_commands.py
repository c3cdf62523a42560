"""suggest_partners and the index life cycle: answer lines in order, bad lines answered with
an error while the run goes on, and an index that is persisted and reloaded."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from marketplace.matching import store
from marketplace.matching.models import IndexVersion
from marketplace.models import Collaboration, Participation
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]


@pytest.fixture
def consortium(db):
    orgs = [OrganisationFactory(ref=f"pic:{n}", name=f"Org {n}") for n in range(1, 6)]
    for number, members in enumerate([(0, 1, 2), (1, 2, 3), (0, 3)], start=1):
        project = Collaboration.objects.create(
            ref=f"cordis:{number}", title="Robotic welding cells", summary="Welding robots"
        )
        for position, index in enumerate(members):
            Participation.objects.create(
                collaboration=project,
                organisation=orgs[index],
                role="coordinator" if position == 0 else "participant",
            )
    return orgs


def _suggest(tmp_path, lines, *args):
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "answers.jsonl"
    call_command(
        "suggest_partners",
        "--queries",
        str(queries),
        "--out",
        str(out),
        "--no-progress",
        *args,
        stdout=StringIO(),
        stderr=StringIO(),
    )
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_one_answer_per_query_in_order_with_reasons(tmp_path, consortium):
    answers = _suggest(
        tmp_path,
        [
            json.dumps({"id": "q1", "org": "pic:1", "text": "welding robots"}),
            json.dumps({"id": "q2", "text": "robotic welding", "exclude": ["pic:2"]}),
        ],
        "--limit",
        "3",
    )
    assert [a["id"] for a in answers] == ["q1", "q2"]
    first = answers[0]["suggestions"]
    assert 0 < len(first) <= 3
    assert "pic:1" not in [s["org"] for s in first]
    assert all(0 <= s["score"] <= 1 for s in first)
    assert all(r["code"] and r["text"] for s in first for r in s["reasons"])
    assert "pic:2" not in [s["org"] for s in answers[1]["suggestions"]]


def test_bad_lines_get_an_error_line_and_the_run_goes_on(tmp_path, consortium):
    huge = json.dumps({"id": "big", "text": "x" * 10_000_000})
    answers = _suggest(
        tmp_path,
        [
            "{not json",
            json.dumps({"id": "empty", "text": "   "}),
            json.dumps({"id": "unknown", "org": "pic:404"}),
            huge,
            json.dumps({"id": "types", "org": 5}),
            "[1, 2]",
            json.dumps({"id": "ok", "org": "pic:2"}),
        ],
    )
    assert len(answers) == 7
    assert [("error" in a) for a in answers] == [True] * 6 + [False]
    assert "line 1" in answers[0]["error"] and "invalid JSON" in answers[0]["error"]
    assert "non-empty 'text'" in answers[1]["error"]
    assert "pic:404" in answers[2]["error"]
    assert "longer than" in answers[3]["error"]
    assert answers[6]["suggestions"]


def test_unknown_org_with_text_is_answered_from_the_text_with_a_warning(tmp_path, consortium):
    answers = _suggest(
        tmp_path, [json.dumps({"id": "q", "org": "pic:404", "text": "welding robots"})]
    )
    assert answers[0]["suggestions"]
    assert "pic:404" in answers[0]["warning"]


@pytest.mark.parametrize("limit", ["0", "-3", "100000"])
def test_a_bad_limit_is_refused_before_anything_runs(tmp_path, consortium, limit):
    with pytest.raises(CommandError, match="--limit"):
        _suggest(tmp_path, [json.dumps({"id": "q", "org": "pic:1"})], "--limit", limit)


def test_index_is_persisted_and_a_new_process_loads_it_without_building(consortium):
    version = store.index_build()
    assert IndexVersion.objects.get() == version
    store._loaded.clear()  # what a freshly started process has
    engine = store.current_engine()
    assert engine.index.n_orgs == 5
    assert IndexVersion.objects.count() == 1


def test_changed_data_is_noticed_and_rebuilt_in_the_background(consortium, settings):
    first = store.index_build()
    OrganisationFactory(ref="pic:99", name="Newcomer")
    store.forget_fingerprint()
    store.current_engine()  # serves the old index and asks for a rebuild (inline in tests)
    newest = IndexVersion.objects.first()
    assert newest.fingerprint != first.fingerprint
    assert newest.organisations == 6


def test_requests_ask_for_a_staleness_check_at_most_every_few_seconds(consortium, monkeypatch):
    """The fingerprint's aggregates run in a background task, not in the request: a request
    only asks for a check, and not again while the last one is recent."""
    from marketplace.matching import tasks

    store.index_build()
    asked = []
    stub = type("Task", (), {"enqueue": staticmethod(lambda: asked.append(1))})
    monkeypatch.setattr(tasks, "matching_index_check", stub)
    monkeypatch.setattr(store, "data_fingerprint", lambda: pytest.fail("computed in a request"))
    store.forget_fingerprint()
    for _ in range(3):
        store.current_engine()
    assert asked == [1]
    store.forget_fingerprint()  # a bulk import says the data changed: the next request asks
    store.current_engine()
    assert asked == [1, 1]


def test_the_check_rebuilds_only_when_the_data_changed(consortium):
    from marketplace.matching.tasks import matching_index_check

    first = store.index_build()
    assert matching_index_check.call() is False
    assert IndexVersion.objects.first() == first
    OrganisationFactory(ref="pic:98", name="Another newcomer")
    assert matching_index_check.call() is True
    assert IndexVersion.objects.first().organisations == 6


def test_an_index_left_by_an_older_release_is_rebuilt_not_an_error(consortium):
    """After an upgrade that changed the index format, the first request builds the new
    format instead of failing on the old files."""
    from pathlib import Path

    old = store.index_build()
    meta = Path(old.path) / "meta.json"
    data = json.loads(meta.read_text(encoding="utf-8"))
    data["format"] = 1  # what the release before readiness levels and sizes wrote
    meta.write_text(json.dumps(data), encoding="utf-8")
    IndexVersion.objects.filter(pk=old.pk).update(fingerprint="written-by-an-older-release")
    store._loaded.clear()
    engine = store.current_engine()
    assert engine.index.n_orgs == 5
    assert IndexVersion.objects.first().fingerprint == store.data_fingerprint()


def test_a_bad_trl_in_a_query_line_is_answered_with_an_error(tmp_path, consortium):
    answers = _suggest(
        tmp_path,
        [
            json.dumps({"id": "bad", "org": "pic:1", "trl": [8, 2]}),
            json.dumps({"id": "good", "org": "pic:1", "trl": [3, 5]}),
        ],
    )
    assert [a["id"] for a in answers] == ["bad", "good"]
    assert "TRL" in answers[0]["error"]
    assert answers[1]["suggestions"]


def test_a_process_asks_the_shared_cache_about_a_check_at_most_every_few_seconds(
    consortium, monkeypatch
):
    """Each request used to ask the shared cache whether a check was due: a round trip per
    partner request. A process now asks it once per FINGERPRINT_SECONDS."""
    store.index_build()
    asked = []
    real_add = store.cache.add
    monkeypatch.setattr(
        store.cache,
        "add",
        lambda *args, **kwargs: asked.append(args[0]) or real_add(*args, **kwargs),
    )
    store.forget_fingerprint()
    for _ in range(5):
        store.current_engine()
    assert asked == [store.CHECK_KEY]
    monkeypatch.setattr(store.time, "monotonic", lambda: 1e12)  # the interval has passed
    store.current_engine()
    assert asked == [store.CHECK_KEY, store.CHECK_KEY]


def test_an_edited_technology_keyword_makes_the_index_stale(consortium):
    """Technologies have no update time; their keywords decide which concepts every text
    names, so editing one must rebuild the index (or reasons go on citing the old match)."""
    from marketplace.models import Technology

    store.index_build()
    assert not store.index_is_stale()
    technology = Technology.objects.order_by("slug").first()
    keywords = dict(technology.keywords or {})
    keywords["nl"] = [*keywords.get("nl", []), "vullijncamera"]
    Technology.objects.filter(pk=technology.pk).update(keywords=keywords)
    store.forget_fingerprint()
    assert store.index_is_stale()
