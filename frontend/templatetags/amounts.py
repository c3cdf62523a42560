"""Amounts and ranges as a reader of each language writes them: whole euros with a thousands
separator and the sign where the language puts it ("€ 15.000", "€15,000", "15 000 €"), and a
TRL range that is one level when both ends are equal ("TRL 9", not "TRL 9–9")."""

from __future__ import annotations

from typing import Any

from django import template

from marketplace.amounts import format_eur

register = template.Library()


@register.filter
def eur(value: Any) -> str:
    """A whole amount in euros in the active language (marketplace/amounts.py)."""
    return format_eur(value)


@register.filter
def trl(item: Any) -> str:
    """The technology readiness range of anything with trl_min and trl_max."""
    low, high = getattr(item, "trl_min", None), getattr(item, "trl_max", None)
    if low is None or high is None:
        return ""
    return f"TRL {low}" if low == high else f"TRL {low}–{high}"
