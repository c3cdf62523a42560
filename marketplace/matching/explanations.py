"""Reasons from the engine as sentences in the reader's language, each naming its fact.

A reason's ``evidence`` holds refs and codes (projects, organisations, regions, technologies);
:func:`reason_names` looks up what they are called in at most four queries for a whole batch,
and :func:`reason_text` writes the sentence. A sentence never claims more than its evidence:
a shared country is "also in Belgium", a technology found in the seeker's text says so.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from django.db.models import CharField, QuerySet, Value
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext, npgettext
from django.utils.translation import gettext as _

from marketplace.models import Collaboration, NutsRegion, Organisation, Technology
from marketplace.models.countries import country_name

IO_SECTORS = Path(__file__).resolve().parents[1] / "data" / "io" / "sectors_nace64.csv"
MAX_TITLE = 90  # characters of a project title in a sentence
TITLES_SHOWN = 2


@cache
def _sector_titles() -> dict[str, dict[str, str]]:
    with open(IO_SECTORS, encoding="utf-8", newline="") as handle:
        return {row["sector"]: row for row in csv.DictReader(handle)}


def sector_title(code: str) -> str:
    row = _sector_titles().get(code)
    if row is None:
        return code
    language = (get_language() or "nl")[:2]
    return row.get(f"title_{language}") or row["title_en"]


def quoted(title: str) -> str:
    """A title in quotation marks as the reader's language writes them: « … » in French (with
    no-break spaces inside), “…” in Dutch and English."""
    if (get_language() or "").startswith("fr"):
        return f"«\u00a0{title}\u00a0»"
    return f"“{title}”"


_PK = 987654321  # stands for the id while the path is reversed


class ProjectName(NamedTuple):
    pk: int
    title: str


@dataclass
class Names:
    """Display names of what a batch of reasons mentions, by ref or code."""

    organisations: dict[str, str] = field(default_factory=dict)
    projects: dict[str, ProjectName] = field(default_factory=dict)
    technologies: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    # The past-project page's path with "{pk}" for the id: one reverse() for a whole answer
    # (there are dozens of project links in one).
    project_path: str = ""

    def project_url(self, pk: int) -> str:
        if not self.project_path:
            from django.urls import reverse

            self.project_path = reverse("project_detail", args=[_PK]).replace(str(_PK), "{pk}")
        return self.project_path.format(pk=pk)

    def project_title(self, ref: str) -> str:
        project = self.projects.get(ref)
        title = (project.title if project else "") or ref
        if len(title) > MAX_TITLE:
            title = title[: MAX_TITLE - 1].rstrip() + "…"
        return quoted(title)

    def project_titles(self, refs: list[str]) -> str:
        return ", ".join(self.project_title(r) for r in refs[:TITLES_SHOWN])


def _kind(name: str) -> Value:
    return Value(name, output_field=CharField())


def reason_names(reasons: list[dict[str, Any]]) -> Names:
    """Names of every organisation, project, technology and region the reasons mention."""
    org_refs: set[str] = set()
    project_refs: set[str] = set()
    technologies: set[str] = set()
    regions: set[str] = set()
    countries: set[str] = set()
    for reason in reasons:
        evidence = reason.get("evidence") or {}
        org_refs.update(evidence.get("via") or [])
        project_refs.update(evidence.get("projects") or [])
        project_refs.update(evidence.get("via_projects") or [])
        technologies.update(t for t in evidence.get("technologies") or [] if t.startswith("tech:"))
        if evidence.get("nuts"):
            regions.add(str(evidence["nuts"]))
        if evidence.get("country"):
            countries.add(str(evidence["country"]))
    names = Names()
    # Organisations and projects in one query, as plain rows (model instances cost ~50 µs
    # each, and an answer names dozens).
    parts: list[QuerySet[Any]] = []
    if org_refs:
        pks = {int(r[4:]) for r in org_refs if r.startswith("org:") and r[4:].isdigit()}
        orgs = Organisation.objects.filter(ref__in=org_refs) | Organisation.objects.filter(
            pk__in=pks
        )
        parts.append(orgs.order_by().values_list(_kind("organisation"), "pk", "ref", "name"))
    if project_refs:
        found = Collaboration.objects.filter(ref__in=project_refs).order_by()
        parts.append(found.values_list(_kind("project"), "pk", "ref", "title"))
    if parts:
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for kind, pk, ref, name in rows:
            if kind == "organisation":
                names.organisations[ref or f"org:{pk}"] = name
            else:
                names.projects[ref] = ProjectName(pk, name)
    if technologies:
        slugs = [t.split(":", 1)[1] for t in technologies]
        for tech in Technology.objects.filter(slug__in=slugs):
            names.technologies[f"tech:{tech.slug}"] = tech.label
    if regions:
        for region in NutsRegion.objects.filter(code__in=regions):
            names.regions[region.code] = region.name
    for code in countries:  # named whether or not the NUTS table holds the country
        names.regions[code] = country_name(code) or code
    return names


ORGS_NAMED = 2  # organisations a sentence names at most


def _orgs(refs: list[str], names: Names, k: int = ORGS_NAMED) -> str:
    return ", ".join(names.organisations.get(ref, ref) for ref in refs[:k])


def _technologies(ids: list[str], names: Names) -> str:
    return ", ".join(names.technologies.get(t, t.split(":", 1)[-1]) for t in ids)


def _levels(pairs: list[Any]) -> str:
    """TRL ranges as "3–5, 7" (pairs of lowest, highest)."""
    parts = []
    for pair in pairs:
        low, high = int(pair[0]), int(pair[1])
        parts.append(str(low) if low == high else f"{low}–{high}")
    return ", ".join(parts) or "…"


def _count(e: Mapping[str, Any]) -> int:
    return int(e.get("count") or 0)


def _value_chain(e: Mapping[str, Any], names: Names) -> str:
    share = round(100 * float(e.get("share", 0)))
    # Sector titles hold semicolons ("manufacture of furniture; other manufacturing"): quoted,
    # each reads as one name.
    supplier = quoted(sector_title(str(e.get("supplier_sector", ""))).lower())
    customer = quoted(sector_title(str(e.get("customer_sector", ""))).lower())
    if supplier == customer and e.get("direction") == "supplier":
        return _(
            "Same value chain: %(share)s %% of the inputs of the sector %(sector)s come from "
            "firms of that same sector."
        ) % {"share": share, "sector": supplier}
    if supplier == customer:
        return _(
            "Same value chain: %(share)s %% of what the sector %(sector)s sells to other firms "
            "goes to firms of that same sector."
        ) % {"share": share, "sector": supplier}
    if e.get("direction") == "supplier":
        return _(
            "Possible supplier: %(share)s %% of the inputs of the sector %(customer)s come from "
            "the sector %(supplier)s."
        ) % {"share": share, "customer": customer, "supplier": supplier}
    return _(
        "Possible customer: %(share)s %% of what the sector %(supplier)s sells to other firms "
        "goes to the sector %(customer)s."
    ) % {"share": share, "customer": customer, "supplier": supplier}


def _kind_label(kind: str) -> str:
    from marketplace.models.organisations import OrganisationKind

    if kind == "person":
        return _("a person")
    try:
        return str(OrganisationKind(kind).label).lower()
    except ValueError:
        return kind


def _past_partner(e: Mapping[str, Any], names: Names) -> str:
    return ngettext(
        "Worked with you on %(count)d project, started in %(year)s: %(projects)s.",
        "Worked with you on %(count)d projects, the last started in %(year)s: %(projects)s.",
        _count(e),
    ) % {
        "count": _count(e),
        "year": e.get("year") or "?",
        "projects": names.project_titles(list(e.get("projects") or [])),
    }


def _similar_work(e: Mapping[str, Any], names: Names) -> str:
    if e.get("projects"):
        return _("Did projects close to this topic: %(projects)s.") % {
            "projects": names.project_titles(list(e["projects"]))
        }
    return _("Their profile also speaks of: %(words)s.") % {"words": _words(e)}


def _words(e: Mapping[str, Any]) -> str:
    """Shared words, each quoted: they are the texts' own words, often in another language
    than the sentence."""
    return ", ".join(quoted(str(w)) for w in e.get("words") or [])


def _shared_topics(e: Mapping[str, Any], names: Names) -> str:
    projects = names.project_titles(list(e.get("projects") or []))
    if e.get("tags"):
        return _("Worked under the same call topic %(tags)s: %(projects)s.") % {
            "tags": ", ".join(e["tags"]),
            "projects": projects,
        }
    return _("Worked in the same topic family %(topics)s: %(projects)s.") % {
        "topics": ", ".join(e.get("topics") or []),
        "projects": projects,
    }


def _shared_concepts(e: Mapping[str, Any], names: Names) -> str:
    listed = [t for t in e.get("technologies") or [] if t in (e.get("listed") or [])]
    mentioned = [t for t in e.get("technologies") or [] if t not in listed]
    if listed:
        return ngettext(
            "You listed %(technologies)s; their profile names it too.",
            "You listed %(technologies)s; their profile names them too.",
            len(listed),
        ) % {"technologies": _technologies(listed, names)}
    return ngettext(
        "Your text mentions %(technologies)s; their profile names it too.",
        "Your text mentions %(technologies)s; their profile names them too.",
        len(mentioned),
    ) % {"technologies": _technologies(mentioned, names)}


def _local_date(moment: Any) -> str:
    """An ISO 8601 moment as the reader writes a date, in the reader's time zone ("" if none)."""
    parsed = parse_datetime(str(moment)) if moment else None
    if parsed is None:
        return ""
    return date_format(timezone.localtime(parsed), "DATE_FORMAT")


def _accepted_before(e: Mapping[str, Any]) -> str:
    """Who reacted (you, a named colleague, or someone whose account is gone), how and when;
    without those facts (the bulk command's feedback file) only that it was marked."""
    day = _local_date(e.get("on"))
    if not day:
        return _("You marked this suggestion as relevant before.")
    facts = {"date": day, "name": e.get("by") or ""}
    if e.get("how") == "invited":
        if e.get("by_you"):
            return _("You invited them on %(date)s.") % facts
        if facts["name"]:
            return _("%(name)s invited them on %(date)s.") % facts
        return _("Invited on %(date)s.") % facts
    if e.get("by_you"):
        return _("You marked this suggestion as relevant on %(date)s.") % facts
    if facts["name"]:
        return _("%(name)s marked this suggestion as relevant on %(date)s.") % facts
    return _("Marked as relevant on %(date)s.") % facts


def _partner_of_partner(e: Mapping[str, Any], names: Names) -> str:
    """The partners the candidate shares with the asker, saying "such as" only when some of
    them go unnamed."""
    count, via = _count(e), list(e.get("via") or [])
    facts = {"count": count, "via": _orgs(via, names)}
    if count <= min(len(via), ORGS_NAMED):
        return (
            npgettext(
                "every one named",
                "Worked with %(count)d of your partners: %(via)s.",
                "Worked with %(count)d of your partners: %(via)s.",
                count,
            )
            % facts
        )
    return (
        ngettext(
            "Worked with %(count)d of your partners: %(via)s.",
            "Worked with %(count)d of your partners, such as %(via)s.",
            count,
        )
        % facts
    )


def _place(e: Mapping[str, Any], names: Names) -> str:
    if e.get("nuts"):
        code = str(e["nuts"])
        return _("Also in %(region)s.") % {"region": names.regions.get(code, code)}
    code = str(e.get("country") or "")
    return _("Also in %(country)s.") % {"country": names.regions.get(code, code)}


def _track_record(e: Mapping[str, Any], names: Names) -> str:
    return ngettext(
        "Active: %(count)d past project, started in %(year)s.",
        "Active: %(count)d past projects, the last started in %(year)s.",
        _count(e),
    ) % {"count": _count(e), "year": e.get("year") or "?"}


RENDERERS: dict[str, Callable[[Mapping[str, Any], Names], str]] = {
    "past_partner": _past_partner,
    "partner_of_partner": _partner_of_partner,
    "partner_of_similar_teams": lambda e, n: (
        ngettext(
            "Worked with %(via)s, who took part in projects close to this topic: %(projects)s.",
            "Worked with %(via)s, who took part in projects close to this topic: %(projects)s.",
            len(e.get("via") or []),
        )
        % {
            "via": _orgs(list(e.get("via") or []), n),
            "projects": n.project_titles(list(e.get("via_projects") or [])),
        }
    ),
    "similar_work": _similar_work,
    "shared_topics": _shared_topics,
    "same_call_topic": lambda e, n: (
        _("Took part in projects of the call-topic family %(topics)s: %(projects)s.")
        % {
            "topics": ", ".join(e.get("topics") or []),
            "projects": n.project_titles(list(e.get("projects") or [])),
        }
    ),
    "shared_concepts": _shared_concepts,
    "value_chain": _value_chain,
    "complementary_role": lambda e, n: (
        _("Complements you: %(candidate)s next to %(query)s.")
        % {
            "candidate": _kind_label(str(e.get("kind", ""))),
            "query": _kind_label(str(e.get("query_kind", ""))),
        }
    ),
    "same_region": _place,
    "active_track_record": _track_record,
    "readiness_fit": lambda e, n: (
        _("Works at the stage that is needed: TRL %(levels)s.")
        % {"levels": _levels(list(e.get("levels") or []))}
    ),
    "works_with_smes": lambda e, n: (
        ngettext(
            "Used to working with SMEs: %(count)d past project with other SMEs.",
            "Used to working with SMEs: %(count)d past projects with other SMEs.",
            _count(e),
        )
        % {"count": _count(e)}
    ),
    "accepted_before": lambda e, n: _accepted_before(e),
}


# A challenge suggested to a solver speaks to the solver ("why you"), not about the challenge.
FOR_SOLVER: dict[str, Callable[[Mapping[str, Any], Names], str]] = {
    "similar_work": lambda e, n: (
        _("The challenge speaks of what your profile names: %(words)s.") % {"words": _words(e)}
        if e.get("words")
        else _similar_work(e, n)
    ),
    "shared_concepts": lambda e, n: (
        ngettext(
            "The challenge names %(technologies)s, which your profile names too.",
            "The challenge names %(technologies)s, which your profile names too.",
            len(e.get("technologies") or []),
        )
        % {"technologies": _technologies(list(e.get("technologies") or []), n)}
    ),
    "readiness_fit": lambda e, n: (
        _("Asks for the stage you work at: TRL %(levels)s.")
        % {"levels": _levels(list(e.get("levels") or []))}
    ),
    "same_region": lambda e, n: (
        _("Posted from %(region)s, where you are too.")
        % {"region": n.regions.get(str(e["nuts"]), str(e["nuts"]))}
        if e.get("nuts")
        else _("Posted from %(country)s, where you are too.")
        % {"country": n.regions.get(str(e.get("country")), str(e.get("country")))}
    ),
}


def reason_text(reason: Mapping[str, Any], names: Names, kind: str = "organisation") -> str:
    """The reason as a sentence; for a suggested challenge (``kind``), addressed to the solver."""
    code = str(reason.get("code"))
    render = (FOR_SOLVER.get(code) if kind == "challenge" else None) or RENDERERS.get(code)
    if render is None:
        return code
    return render(reason.get("evidence") or {}, names)


def project_links(reason: Mapping[str, Any], names: Names) -> list[dict[str, str]]:
    """The reason's projects as ``{"ref", "title", "url", "quoted"}`` for pages (known projects
    only); ``quoted`` is the title as the reason's sentence quotes it."""
    out = []
    evidence = reason.get("evidence") or {}
    for ref in [*(evidence.get("projects") or []), *(evidence.get("via_projects") or [])]:
        project = names.projects.get(ref)
        if project is not None:
            out.append(
                {
                    "ref": ref,
                    "title": project.title or ref,
                    "url": names.project_url(project.pk),
                    # As the sentence quotes it, so that a page can link the title in place.
                    "quoted": names.project_title(ref),
                }
            )
    return out
