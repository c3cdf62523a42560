"""Technology readiness (TRL 1–9) as bit masks, so that "works at the stage you need" is one
vectorised overlap over every candidate.

Bit ``level - 1`` is set when a level is covered: a capability offered at TRL 4–6 is
``0b000111000``. An organisation's mask is the union of its capabilities' ranges; a challenge's
is the stage its type asks for; a query may name a range.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

LEVELS = range(1, 10)
ALL_LEVELS = (1 << 9) - 1


class ReadinessError(ValueError):
    """A TRL range that is not ``[lowest, highest]`` with 1 ≤ lowest ≤ highest ≤ 9."""


def range_mask(lowest: int, highest: int) -> int:
    """The mask of levels ``lowest…highest``; raises :class:`ReadinessError` when invalid."""
    if not (
        isinstance(lowest, int)
        and isinstance(highest, int)
        and not isinstance(lowest, bool)
        and not isinstance(highest, bool)
        and 1 <= lowest <= highest <= 9
    ):
        raise ReadinessError("a TRL range is [lowest, highest] with 1 ≤ lowest ≤ highest ≤ 9")
    return ((1 << highest) - 1) ^ ((1 << (lowest - 1)) - 1)


def mask_of(value: Any) -> int:
    """Mask of a bulk-format value: ``[low, high]``, a list of such pairs, or nothing (0)."""
    if value is None or value == []:
        return 0
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise ReadinessError("'trl' must be [lowest, highest] or a list of such ranges")
    if len(value) == 2 and all(isinstance(v, int) for v in value):
        return range_mask(value[0], value[1])
    mask = 0
    for pair in value:
        if not isinstance(pair, Sequence) or isinstance(pair, str) or len(pair) != 2:
            raise ReadinessError("'trl' must be [lowest, highest] or a list of such ranges")
        mask |= range_mask(pair[0], pair[1])
    return mask


def ranges(mask: int) -> list[tuple[int, int]]:
    """The contiguous ``(lowest, highest)`` ranges a mask covers, lowest first."""
    out: list[tuple[int, int]] = []
    start = None
    for level in (*LEVELS, 10):
        on = level <= 9 and bool(mask >> (level - 1) & 1)
        if on and start is None:
            start = level
        elif not on and start is not None:
            out.append((start, level - 1))
            start = None
    return out


_POPCOUNT = np.array([bin(m).count("1") for m in range(ALL_LEVELS + 1)], dtype=np.float32)


def fit(query: int, candidates: np.ndarray) -> np.ndarray:
    """Per candidate mask, the share of the narrower of the two ranges that both cover.

    1 when one stage lies inside the other (a TRL 5–7 prototype and a lab offering 4–9), 0 when
    they do not meet or either is unknown.
    """
    candidates = np.asarray(candidates, dtype=np.int64) & ALL_LEVELS
    if not query:
        return np.zeros(len(candidates), dtype=np.float32)
    shared = _POPCOUNT[candidates & query]
    narrower = np.minimum(_POPCOUNT[candidates], _POPCOUNT[query & ALL_LEVELS])
    return np.where(narrower > 0, shared / np.maximum(narrower, 1.0), 0.0).astype(np.float32)
