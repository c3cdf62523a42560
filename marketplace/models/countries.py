"""Country names in the reader's language, by the codes NUTS uses (``EL`` for Greece, ``UK``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NAMES = {
    "AL": _("Albania"),
    "AT": _("Austria"),
    "BE": _("Belgium"),
    "BG": _("Bulgaria"),
    "CH": _("Switzerland"),
    "CY": _("Cyprus"),
    "CZ": _("Czechia"),
    "DE": _("Germany"),
    "DK": _("Denmark"),
    "EE": _("Estonia"),
    "EL": _("Greece"),
    "ES": _("Spain"),
    "FI": _("Finland"),
    "FR": _("France"),
    "HR": _("Croatia"),
    "HU": _("Hungary"),
    "IE": _("Ireland"),
    "IS": _("Iceland"),
    "IT": _("Italy"),
    "LI": _("Liechtenstein"),
    "LT": _("Lithuania"),
    "LU": _("Luxembourg"),
    "LV": _("Latvia"),
    "ME": _("Montenegro"),
    "MK": _("North Macedonia"),
    "MT": _("Malta"),
    "NL": _("Netherlands"),
    "NO": _("Norway"),
    "PL": _("Poland"),
    "PT": _("Portugal"),
    "RO": _("Romania"),
    "RS": _("Serbia"),
    "SE": _("Sweden"),
    "SI": _("Slovenia"),
    "SK": _("Slovakia"),
    "TR": _("Türkiye"),
    "UK": _("United Kingdom"),
}


def country_name(code: str) -> str | None:
    """The country's name in the active language, or None for a code not listed here."""
    name = NAMES.get((code or "").upper())
    return str(name) if name is not None else None
