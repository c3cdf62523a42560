"""Signals spread along the incidence matrix, kept sparse (spread.py): the same sums as the
plain sparse product, at the positions the signals reach, whatever the matrix and signals."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from marketplace.matching.spread import Reached, pick, spread_reached, top


def _incidence(seed: int, n_rows: int, n_cols: int, density: float) -> sparse.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = (rng.random((n_rows, n_cols)) < density) * rng.random((n_rows, n_cols))
    return sparse.csr_matrix(dense.astype(np.float32))


def _signal(rng: np.random.Generator, n: int, share: float) -> Reached:
    at = np.flatnonzero(rng.random(n) < share)
    return Reached(at, rng.random(len(at)).astype(np.float32), n)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_rows=st.integers(1, 60),
    n_cols=st.integers(1, 60),
    density=st.floats(0.0, 0.5),
    shares=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4),
    shared_rows=st.booleans(),
)
def test_spread_sums_equal_the_sparse_product(seed, n_rows, n_cols, density, shares, shared_rows):
    matrix = _incidence(seed, n_rows, n_cols, density)
    rng = np.random.default_rng(seed + 1)
    if shared_rows:  # signals of one spread share their positions, as a walk's steps do
        first = _signal(rng, n_rows, shares[0])
        columns = [
            Reached(first.at, rng.random(len(first.at)).astype(np.float32), n_rows) for _ in shares
        ]
    else:
        columns = [_signal(rng, n_rows, share) for share in shares]
    out = spread_reached(matrix, columns)
    assert len(out) == len(columns)
    for column, result in zip(columns, out, strict=True):
        expected = np.asarray(matrix.T @ column.dense()).ravel()
        assert result.n == n_cols
        assert np.all(np.diff(result.at) > 0)  # ascending, no repeats
        np.testing.assert_allclose(result.dense(), expected, rtol=1e-12, atol=1e-12)
        # Every position with a sum was reached.
        assert set(np.flatnonzero(expected)) <= set(result.at.tolist())


def test_a_walk_reaching_most_of_the_directory_sums_the_same():
    """Many entries take the path that marks reached targets instead of sorting them."""
    matrix = _incidence(3, 400, 300, 0.3)
    column = Reached(np.arange(400), np.linspace(0.1, 1.0, 400), 400)
    (result,) = spread_reached(matrix, [column])
    expected = np.asarray(matrix.T @ column.dense()).ravel()
    np.testing.assert_allclose(result.dense(), expected, rtol=1e-12)


def test_pick_top_and_clear_read_a_sparse_signal_as_the_full_array():
    signal = Reached(np.array([2, 5, 9]), np.array([0.5, 0.0, 2.0]), 12)
    full = signal.dense()
    positions = np.array([0, 2, 5, 9, 11])
    assert pick(signal, positions).tolist() == full[positions].tolist() == [0, 0.5, 0, 2.0, 0]
    assert sorted(top(signal, 5).tolist()) == [2, 9]  # positive entries only
    assert top(signal, 1).tolist() == [9]
    assert sorted(top(full, 5).tolist()) == [2, 9]
    signal.clear(9)
    signal.clear(4)  # not reached: nothing to clear
    assert signal.dense().tolist() == [0, 0, 0.5] + [0] * 9
    assert pick(Reached(np.zeros(0, np.int64), np.zeros(0), 3), positions[:2]).tolist() == [0, 0]
