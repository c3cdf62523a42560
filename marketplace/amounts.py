"""Whole euro amounts as a reader of each language writes them: grouped by the language's
thousands separator, with the sign where the language puts it ("€ 15.000" in Dutch, "€15,000"
in English, "15 000 €" in French). Pages use it through the `eur` template filter; messages
built in services (brief-quality hints) call it directly."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def format_eur(value: Any) -> str:
    """`value` (whole euros) in the active language; "" when it is not a number."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    grouped = number_format(amount, 0, use_l10n=True, force_grouping=True)
    # Translators: where the euro sign goes and the non-breaking space around it; nl
    # "€ %(amount)s", fr "%(amount)s €" (with U+00A0 as the space).
    return _("€%(amount)s") % {"amount": grouped}
