"""The five sectors of the SERV study, as NACE-BEL division prefixes: the home page groups
organisations by them and the list filters accept them next to single divisions."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from marketplace.models import Capability, Organisation

SECTORS = [
    ("clothing", _("Clothing and textiles"), ["13", "14", "15"]),
    ("food", _("Food"), ["10", "11"]),
    ("furniture", _("Furniture and wood"), ["16", "31"]),
    ("metal", _("Metal"), ["24", "25", "28"]),
    ("graphic", _("Graphic and printing"), ["17", "18"]),
]
SECTOR_PREFIXES = {key: prefixes for key, _label, prefixes in SECTORS}


def _prefixes(sector: str) -> list[str]:
    return SECTOR_PREFIXES.get(sector, [sector])


def _code_filter(field: str, sector: str) -> Q:
    condition = Q()
    for prefix in _prefixes(sector):
        condition |= Q(**{f"{field}__startswith": prefix})
    return condition


def organisations_in_sector(qs: QuerySet[Organisation], sector: str) -> QuerySet[Organisation]:
    """Organisations with a NACE-BEL code in the sector (a key of SECTORS or a code prefix)."""
    links = Organisation.nace.through.objects.filter(_code_filter("nacecode__code", sector))
    return qs.filter(pk__in=links.values("organisation_id"))


def capabilities_in_sector(qs: QuerySet[Capability], sector: str) -> QuerySet[Capability]:
    links = Capability.sectors.through.objects.filter(_code_filter("nacecode__code", sector))
    return qs.filter(pk__in=links.values("capability_id"))


def sector_of(organisation: Organisation) -> str:
    """The sector (a key of SECTORS) most of the organisation's NACE-BEL codes fall in, or ""
    when none does: the wizard pre-fills a new brief's sector with it."""
    codes = list(organisation.nace.values_list("code", flat=True))
    counts = {
        key: sum(1 for code in codes if code.startswith(tuple(prefixes)))
        for key, _label, prefixes in SECTORS
    }
    best = max(counts, key=lambda key: counts[key])
    return best if counts[best] else ""
