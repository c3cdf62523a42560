"""Spreading signals along the incidence matrix (projects ↔ organisations), kept sparse.

A query reaches few projects (its nearest, its partners' ones) and through them few
organisations, out of 100,000 of each. A spread signal is therefore kept as the entries it
reached (:class:`Reached`), not as a directory-long array: at 100,000 organisations, writing
twenty such arrays a request cost more than the sums themselves.

The sums are those of the plain product ``rows_major.T @ column``, added in the same order
(rows ascending, each row's entries in matrix order), so the figures are identical to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from marketplace.matching.vectors import row_entries


@dataclass
class Reached:
    """A signal over ``n`` positions, given at ``at`` (ascending; 0 everywhere else)."""

    at: np.ndarray
    values: np.ndarray
    n: int

    def dense(self, dtype: type = np.float64) -> np.ndarray:
        out: np.ndarray = np.zeros(self.n, dtype=dtype)
        out[self.at] = self.values
        return out

    def pick(self, positions: np.ndarray) -> np.ndarray:
        """The values at ``positions`` (0 where it was not reached)."""
        out = np.zeros(len(positions), dtype=self.values.dtype)
        if len(self.at):
            where = np.minimum(np.searchsorted(self.at, positions), len(self.at) - 1)
            found = self.at[where] == positions
            out[found] = self.values[where[found]]
        return out

    def clear(self, position: int) -> None:
        """Set the value at ``position`` to 0."""
        where = np.searchsorted(self.at, position)
        if where < len(self.at) and self.at[where] == position:
            self.values[where] = 0.0


def top(values: np.ndarray | Reached, k: int) -> np.ndarray:
    """Positions of the ``k`` largest positive entries (unordered)."""
    if isinstance(values, Reached):
        return values.at[_top_positive(values.values, k)]
    return _top_positive(values, k)


def pick(values: np.ndarray | Reached, positions: np.ndarray) -> np.ndarray:
    return values.pick(positions) if isinstance(values, Reached) else values[positions]


def _top_positive(values: np.ndarray, k: int) -> np.ndarray:
    positive = np.flatnonzero(values > 0)
    if len(positive) <= k:
        return positive
    part = np.argpartition(-values[positive], k)[:k]
    return positive[part]


def spread_reached(rows_major: sparse.csr_matrix, columns: Sequence[Reached]) -> list[Reached]:
    """Per target, the sums of ``columns`` along the matrix (``rows_major.T @ column`` for
    each), over the rows any of them reached."""
    if not columns:
        return []
    if all(c.at is columns[0].at for c in columns):
        return _spread_rows(rows_major, columns[0].at, np.column_stack([c.values for c in columns]))
    rows = np.unique(np.concatenate([c.at for c in columns]))
    return _spread_rows(rows_major, rows, np.column_stack([c.pick(rows) for c in columns]))


def _spread_rows(
    rows_major: sparse.csr_matrix, rows: np.ndarray, values: np.ndarray
) -> list[Reached]:
    n_out = rows_major.shape[1]
    entries, lengths = row_entries(rows_major, rows)
    reached, targets = _reached(rows_major.indices[entries], n_out)
    weights = rows_major.data[entries].astype(np.float64)
    return [
        Reached(
            reached,
            np.bincount(
                targets,
                weights=np.repeat(column.astype(np.float64), lengths) * weights,
                minlength=len(reached),
            ),
            n_out,
        )
        for column in values.T
    ]


def _reached(targets: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``targets`` (ascending) and each target's position among them:
    ``np.unique(targets, return_inverse=True)``, without sorting when there are many (a
    walk's second step reaches tens of thousands)."""
    if len(targets) * 16 < n:
        return np.unique(targets, return_inverse=True)
    seen = np.zeros(n, dtype=bool)
    seen[targets] = True
    reached = np.flatnonzero(seen)
    position = np.zeros(n, dtype=np.int64)
    position[reached] = np.arange(len(reached))
    return reached, position[targets]
