"""`{{ cents|euros }}`: an amount of euro cents as the visitor's locale writes it ("EUR 1.234,56"
in Dutch)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(cents: Any) -> str:
    try:
        value = Decimal(int(cents)) / 100
    except (TypeError, ValueError):
        return ""
    return f"EUR {number_format(value, 2, use_l10n=True, force_grouping=True)}"


@register.filter
def percent_bp(basis_points: Any) -> str:
    try:
        value = Decimal(int(basis_points)) / 100
    except (TypeError, ValueError):
        return ""
    return f"{number_format(value, 2, use_l10n=True)} %"
