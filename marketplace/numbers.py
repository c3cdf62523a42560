"""Whole numbers typed by people and clients (query parameters, ids in references)."""

from __future__ import annotations


def whole_number(raw: str) -> int | None:
    """The number ``raw`` writes in ASCII digits (``"12"`` → 12), else None.

    ``str.isdigit`` alone is no guard before ``int()``: it also holds for "²" (which ``int``
    refuses: a server error) and for other scripts' digits such as "١٢" (which ``int`` reads).
    """
    return int(raw) if raw.isascii() and raw.isdigit() else None
