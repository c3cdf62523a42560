"""Learning from use: reactions refit a re-ranking that is used only when the offline check
(held-out real consortia) does not get worse; the admin shows each refit with its figures."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.management import call_command

from marketplace.matching import learning, rerank
from marketplace.matching.features import FEATURES, F
from marketplace.matching.model import RankingModel
from marketplace.matching.models import RerankFit, SuggestionFeedback
from marketplace.matching.store import forget_fingerprint
from marketplace.models import NaceCode
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]

VISION = "machine vision camera inspection of bottles on filling lines"


@pytest.fixture(autouse=True)
def _no_reranking_cached():
    learning.forget_reranking()
    yield
    learning.forget_reranking()


def _reactions(n_each: int) -> tuple[list, list]:
    """A brewery that accepts camera firms (they share its words) and dismisses metal
    suppliers (a value-chain link, plastics packaging, no shared words)."""
    brewery = OrganisationFactory(name="Brouwerij", ref="pic:1", description=VISION)
    brewery.nace.set(NaceCode.objects.filter(code="11.05"))
    cameras = [
        OrganisationFactory(ref=f"pic:c{i}", description=f"{VISION} and {i} more")
        for i in range(n_each)
    ]
    metal = []
    for i in range(n_each):
        org = OrganisationFactory(ref=f"pic:m{i}", description="")
        org.nace.set(NaceCode.objects.filter(code="22.22"))
        metal.append(org)
    user = UserFactory()
    for org in cameras:
        SuggestionFeedback.objects.create(
            subject="pic:1", candidate=org.ref, verdict="accepted", reason="relevant", user=user
        )
    for org in metal:
        SuggestionFeedback.objects.create(
            subject="pic:1",
            candidate=org.ref,
            verdict="dismissed",
            reason="wrong_sector",
            user=user,
        )
    forget_fingerprint()
    return cameras, metal


def test_with_too_few_reactions_nothing_is_fitted():
    _reactions(3)
    fit = learning.rerank_refit()
    assert fit.outcome == RerankFit.Outcome.TOO_LITTLE
    assert "10 accepted and 10 dismissed" in fit.note
    assert learning.current_reranking() is None


def test_a_refit_learns_what_users_accept_and_keeps_the_offline_figures():
    _reactions(12)
    fit = learning.rerank_refit()
    assert (fit.accepted, fit.dismissed) == (12, 12)
    weights = dict(zip(fit.features, fit.weights, strict=True))
    # Accepted candidates shared the brewery's words; dismissed ones were only a value chain.
    assert weights["text_profile"] > 0
    assert weights["value_chain"] < 0
    assert fit.figures["feedback_log_loss_after"] < fit.figures["feedback_log_loss_before"]
    assert fit.figures["reasons"] == {"relevant": 12, "wrong_sector": 12}
    before, after = fit.figures["offline_before"], fit.figures["offline_after"]
    assert before["warm"]["queries"] > 100 and before["cold"]["queries"] > 100
    if fit.outcome == RerankFit.Outcome.ACCEPTED:
        assert not rerank.worse(before, after)
        assert learning.current_reranking() is not None
    else:
        assert rerank.worse(before, after) and learning.current_reranking() is None


def test_a_refit_that_makes_the_offline_check_worse_is_refused(monkeypatch):
    _reactions(12)
    # A re-ranking that rewards strangers: it would bury every past partner.
    harmful = np.zeros(len(FEATURES), dtype=np.float32)
    harmful[F["partner"]] = -50.0
    harmful[F["text_profile"]] = -50.0
    monkeypatch.setattr(rerank, "fit", lambda X, y, offset, **kw: harmful)
    fit = learning.rerank_refit()
    assert fit.outcome == RerankFit.Outcome.REFUSED
    assert "recall@10" in fit.note
    assert learning.current_reranking() is None


def test_the_offline_check_belongs_to_the_model_in_use():
    check = rerank.OfflineCheck.load()
    assert check.features == list(FEATURES)
    assert check.model == rerank.model_fingerprint(), (
        "model.json changed: rebuild offline_check.npz with python -m marketplace.matching.rerank"
    )
    figures = check.evaluate(RankingModel.load())
    assert figures["warm"]["recall@10"] > 0.1 and figures["cold"]["recall@10"] > 0.05


def test_the_refit_command_runs_in_the_worker_and_the_admin_shows_the_figures(client):
    _reactions(12)
    call_command("refit_suggestions")  # queued; tests run tasks immediately
    fit = RerankFit.objects.get()
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get("/admin/matching/rerankfit/").content.decode()
    assert fit.get_outcome_display() in page
    warm = fit.figures["offline_before"]["warm"]
    assert f"warm: {warm['recall@10']}/{warm['mrr']}" in page
