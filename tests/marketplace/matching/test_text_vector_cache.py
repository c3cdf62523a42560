"""Text vectors in the product: computed by the worker once per text (cached by a hash of the
text), never in a request; a saved capability's new text is embedded in the background."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from marketplace.matching import embedding, store, tasks
from marketplace.matching.models import TextVector
from marketplace.models import Collaboration, Participation
from tests.factories import CapabilityFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]


class CountingEmbedder:
    """Stands in for the model: a deterministic vector per text, and a count of the texts."""

    name = embedding.MODEL_NAME
    dim = embedding.DIM

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            rng = np.random.default_rng(abs(hash(t)) % 2**32)
            v = rng.standard_normal(self.dim)
            out[i] = v / np.linalg.norm(v)
        return out


@pytest.fixture
def embedder(monkeypatch):
    fake = CountingEmbedder()
    monkeypatch.setattr(embedding, "load_embedder", lambda: fake)
    monkeypatch.setattr(embedding, "available", lambda: True)
    return fake


@pytest.fixture
def worker_asked(monkeypatch):
    """The fill task is only recorded when enqueued: the worker runs it later (in tests the
    task backend would otherwise run it at once, inside the caller)."""
    asked: list[int] = []
    stub = type("Task", (), {"enqueue": staticmethod(lambda: asked.append(1))})
    monkeypatch.setattr(tasks, "matching_vectors_fill", stub)
    return asked


@pytest.fixture
def consortium():
    a = OrganisationFactory(name="Recycler", description="We recycle lithium-ion batteries.")
    b = OrganisationFactory(name="Maker")
    project = Collaboration.objects.create(
        ref="p1",
        title="Battery recycling",
        summary="Recovering cobalt",
        start=datetime.date(2020, 1, 1),
    )
    for position, o in enumerate((a, b)):
        Participation.objects.create(
            collaboration=project,
            organisation=o,
            role="coordinator" if position == 0 else "participant",
        )
    return a, b


def test_a_build_leaves_its_texts_to_the_worker_and_a_request_embeds_nothing(
    consortium, embedder, worker_asked
):
    a, _b = consortium
    version = store.index_build()
    assert embedder.texts == []  # nothing embedded in the build
    assert worker_asked
    pending = set(TextVector.objects.filter(vector__isnull=True).values_list("text", flat=True))
    assert "Battery recycling. Recovering cobalt" in pending
    assert "We recycle lithium-ion batteries." in pending

    engine = store.current_engine()
    assert not engine.index.has_vectors
    assert engine.suggest({"org": f"org:{a.pk}", "text": "Batterijen recycleren"})
    assert embedder.texts == []  # answered by its words and track record

    # The worker's turn: everything pending is embedded once, then published.
    assert store.vectors_fill() == len(embedder.texts) == 2
    assert not TextVector.objects.filter(vector__isnull=True).exists()
    assert store.index_is_stale()
    rebuilt = store.index_build()
    assert rebuilt.fingerprint != version.fingerprint
    engine = store.current_engine()
    assert engine.index.has_vectors

    # A query text never seen: answered without its vector, which is left to the worker.
    query = {"org": f"org:{a.pk}", "text": "Batterijen recycleren"}
    assert engine.suggest(query)
    assert len(embedder.texts) == 2
    assert TextVector.objects.filter(
        key=embedding.text_key("Batterijen recycleren"), vector__isnull=True
    ).exists()
    assert store.vectors_fill() == 1
    # Now its vector is at hand, and nothing is computed for it in the request.
    assert store.query_vector("Batterijen recycleren") is not None
    assert engine.suggest(query)
    assert len(embedder.texts) == 3


def test_saving_a_capability_embeds_only_its_new_text_in_the_background(
    consortium, embedder, worker_asked
):
    a, _b = consortium
    store.index_build()
    store.vectors_fill()
    store.index_build()
    embedded = len(embedder.texts)

    CapabilityFactory(
        owner_organisation=a, title="Cell disassembly", description="Robots open battery cells."
    )
    assert len(embedder.texts) == embedded  # saving computes nothing
    assert store.index_is_stale()
    store.index_build()
    assert len(embedder.texts) == embedded
    assert store.vectors_fill() == 1  # only the organisation's new profile text
    assert "Robots open battery cells." in embedder.texts[-1]


def test_without_the_model_package_nothing_is_left_pending(consortium, monkeypatch, worker_asked):
    monkeypatch.setattr(embedding, "available", lambda: False)
    monkeypatch.setattr(embedding, "load_embedder", lambda: None)
    store.index_build()
    assert not TextVector.objects.exists()
    assert worker_asked == []
    assert store.vectors_fill() == 0
    assert store.current_engine().suggest({"org": f"org:{consortium[0].pk}"})
