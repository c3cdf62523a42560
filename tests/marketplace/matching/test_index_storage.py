"""Saving, loading and updating the index."""

from marketplace.matching import IndexBuilder, MatchingEngine, MatchingIndex

from .helpers import org, project, ranked

ORGS = [org(r) for r in ("a", "b", "c", "d")]
PROJECTS = [
    project("p1", ["a", "b"], title="Battery recycling", tags=["LC-2016-01"]),
    project("p2", ["b", "c"], title="Battery cell chemistry"),
]


def test_a_loaded_index_answers_like_the_built_one(tmp_path):
    built = MatchingIndex.build(ORGS, PROJECTS, lexicon={"battery": ["battery", "batterij"]})
    built.save(tmp_path / "index")
    loaded = MatchingIndex.load(tmp_path / "index")
    query = {"org": "a", "text": "batterij recyclage", "tags": ["LC-2017-02"]}
    first = MatchingEngine(built).suggest(query)
    second = MatchingEngine(loaded).suggest(query)
    assert [s.as_dict() for s in first] == [s.as_dict() for s in second]


def test_upserted_collaboration_shows_up_after_rebuild():
    builder = IndexBuilder()
    builder.add_organisations(ORGS)
    builder.add_collaborations(PROJECTS)
    before = MatchingEngine(builder.build()).suggest({"org": "a"})
    builder.add_collaborations(
        [
            project("p3", ["a", "d"], title="Battery recycling pilot", start="2016-06-01"),
            project("p4", ["d", "a"], title="Recycling of battery metals", start="2016-07-01"),
        ]
    )
    after = MatchingEngine(builder.build()).suggest({"org": "a"})
    assert ranked(after).index("d") < ranked(before).index("d")
    reasons = {r.code: r.evidence for r in after[ranked(after).index("d")].reasons}
    assert {"p3", "p4"} <= set(reasons["past_partner"]["projects"])


def test_an_index_without_any_collaboration_still_answers():
    index = MatchingIndex.build([org("a", description="houtbewerking"), org("b")], [])
    found = MatchingEngine(index).suggest({"org": "a"})
    assert ranked(found) == ["b"]


def test_publishing_never_rewrites_a_finished_index_that_others_may_be_reading(tmp_path):
    from marketplace.matching.store import index_publish

    index = MatchingIndex.build(ORGS, PROJECTS)
    target = tmp_path / "fingerprint"
    index_publish(index, target)
    first = (target / "arrays.npz").stat()
    # A second builder of the same index (another thread or process) finishes later.
    index_publish(MatchingIndex.build(ORGS, PROJECTS), target)
    again = (target / "arrays.npz").stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fingerprint"]  # no copies left
    found = MatchingEngine(MatchingIndex.load(target)).suggest({"org": "a"})
    assert ranked(found)


def test_publishing_replaces_an_index_of_an_older_format(tmp_path):
    import json

    from marketplace.matching.store import index_publish

    target = tmp_path / "fingerprint"
    index_publish(MatchingIndex.build(ORGS, PROJECTS), target)
    meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    meta["format"] = 1  # what an older release wrote
    (target / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    index_publish(MatchingIndex.build(ORGS, PROJECTS), target)
    found = MatchingEngine(MatchingIndex.load(target)).suggest({"org": "a"})
    assert ranked(found)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fingerprint"]
