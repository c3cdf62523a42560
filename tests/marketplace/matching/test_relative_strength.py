"""Signals weighed relative to the query's strongest candidate (model.py, train.py)."""

import numpy as np

from marketplace.matching import FEATURES, RankingModel
from marketplace.matching.model import LinearScorer, relative
from marketplace.matching.train import Block, relative_floor

PARTNER = FEATURES.index("partner")


def _scorer(weight=0.0, relative_weight=0.0, floor=0.0):
    def aligned(value):
        out = np.zeros(len(FEATURES), dtype=np.float32)
        out[PARTNER] = value
        return out

    return LinearScorer(-1.0, aligned(weight), aligned(relative_weight), aligned(floor))


def _rows(*partner_values):
    X = np.zeros((len(partner_values), len(FEATURES)), dtype=np.float32)
    X[:, PARTNER] = partner_values
    return X


def test_same_evidence_counts_more_when_it_is_the_querys_strongest():
    scorer = _scorer(relative_weight=2.0)
    # Three joint projects: the best this coordinator has, or far behind its closest partner.
    leading = scorer.logits(_rows(3.0, 1.0))[0]
    trailing = scorer.logits(_rows(3.0, 40.0))[0]
    assert leading > trailing


def test_more_evidence_never_lowers_a_candidate_within_a_query():
    scorer = _scorer(weight=0.5, relative_weight=2.0, floor=1.0)
    logits = scorer.logits(_rows(0.0, 0.5, 1.0, 3.0, 8.0))
    assert list(logits) == sorted(logits)


def test_weak_evidence_is_not_inflated_when_nothing_better_was_found():
    # A lone candidate with one faint signal: relative to itself it would be "the best" (1.0);
    # the floor (a typical query's strongest value) keeps it at its real size.
    X = _rows(0.2)
    assert relative(X, np.zeros(len(FEATURES)))[0, PARTNER] == 1.0
    floor = np.zeros(len(FEATURES))
    floor[PARTNER] = 2.0
    assert relative(X, floor)[0, PARTNER] == np.float32(0.1)


def test_contributions_add_up_to_the_logit():
    scorer = _scorer(weight=0.5, relative_weight=2.0, floor=1.0)
    X = _rows(0.0, 2.0, 4.0)
    assert np.allclose(scorer.bias + scorer.contributions(X).sum(axis=1), scorer.logits(X))


def test_floor_is_the_median_of_each_querys_strongest_value():
    blocks = [
        Block(_rows(1.0, 2.0), np.array([True, False]), 1),
        Block(_rows(0.0, 6.0), np.array([True, False]), 1),
        Block(_rows(4.0, 0.5), np.array([True, False]), 1),
        Block(_rows(0.0, 0.0), np.array([True, False]), 1),  # no evidence: not counted
    ]
    floor = relative_floor(blocks)
    assert floor[PARTNER] == 4.0
    assert floor[FEATURES.index("activity")] == 0.0


def test_versioned_model_weighs_relative_strength_within_sign_bounds():
    model = RankingModel.load()
    for scorer in (model.with_org, model.text_only):
        assert scorer.relative_weights.any()
        assert (scorer.relative_floor >= 0).all()
        dormancy = FEATURES.index("dormancy")
        others = np.arange(len(FEATURES)) != dormancy
        assert (scorer.relative_weights[others] >= 0).all()
        assert scorer.relative_weights[dormancy] <= 0
        # Curved signals only rise (dormancy only falls): more evidence never lowers a score.
        assert scorer.curves
        for i, (knots, slopes) in scorer.curves.items():
            assert (np.diff(knots) > 0).all()
            assert (slopes <= 0).all() if i == dormancy else (slopes >= 0).all()


def test_ramps_sum_back_and_curves_stay_monotone():
    from marketplace.matching.model import ramps

    x = np.linspace(-1.0, 5.0, 61, dtype=np.float32)
    knots = np.array([0.5, 1.0, 3.0], dtype=np.float32)
    r = ramps(x, knots)
    assert r.shape == (61, 4)
    assert np.allclose(r.sum(axis=1), x, atol=1e-5)
    curve = r @ np.array([2.0, 0.0, 0.5, 0.1], dtype=np.float32)  # non-negative slopes
    assert np.all(np.diff(curve) >= -1e-6)
