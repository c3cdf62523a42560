"""Texts made once per interface language (settings.LANGUAGES), for what is stored and read
later in each reader's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import override

T = TypeVar("T")


def in_every_language(make: Callable[[], T]) -> dict[str, T]:
    """What ``make`` gives with each interface language active, by language code."""
    made: dict[str, T] = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            made[code] = make()
    return made
