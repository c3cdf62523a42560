"""Team explanations, unassigned students, manual-edit warnings and infeasibility diagnoses
in the reader's language.

The solver writes reason codes with parameters (and an English rendering we keep for the
API); pages and API answers translate the codes here with gettext, replacing solver ids
("s12", "c3", skill ids, ISCED-F codes) by names and labels. Nothing here reveals an
avoid-list: team reasons never mention one, and warnings and diagnoses that do are shown to
educators only (the callers decide, through access.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.models import EscoSkill, IscedField
from marketplace.models.people import DAYS, PARTS

from .models import RunChallenge, RunStudent, TeamRun

SLOT_LABELS = {
    f"{day}-{part}": format_lazy("{} {}", day_label, part_label)
    for day, day_label in DAYS
    for part, part_label in PARTS
}


def _constraint_label(code: str) -> str:
    labels = {
        "capacity": _("not enough students for the teams asked for"),
        "team_size": _("team size"),
        "placement": _("every student must be placed"),
        "required_discipline": _("required disciplines"),
        "avoid": _("students who must not be in the same team"),
        "no_lone_group_member": _("nobody alone from their group"),
        "min_common_slots": _("shared availability"),
        "locks": _("locked students"),
        "lock": _("locked students"),
        "together": _("students who must be together"),
        "unknown": _("no assignment found within the time limit"),
        "too_few_slots": _("shared availability"),
        "no_slot_partners": _("shared availability"),
        "only_member_of_group": _("nobody alone from their group"),
    }
    return str(labels.get(code, code))


@dataclass
class Labels:
    """Names for the ids a run's solver input uses."""

    students: dict[str, str] = field(default_factory=dict)
    challenges: dict[str, str] = field(default_factory=dict)
    skills: dict[str, str] = field(default_factory=dict)
    disciplines: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_run(cls, run: TeamRun) -> Labels:
        entries = RunStudent.objects.filter(run=run).select_related("user")
        challenges = RunChallenge.objects.filter(run=run).prefetch_related("required_skills")
        labels = cls(
            students={f"s{e.pk}": e.name for e in entries},
            challenges={f"c{c.pk}": c.title for c in challenges},
        )
        labels.skills = {str(s.pk): s.label for c in challenges for s in c.required_skills.all()}
        labels.disciplines = {d.pk: d.title for d in IscedField.objects.all()}
        return labels

    def student(self, sid: Any) -> str:
        return self.students.get(str(sid), _("a student"))

    def student_list(self, ids: Iterable[Any]) -> str:
        return ", ".join(self.student(s) for s in ids)

    def discipline(self, code: Any) -> str:
        return self.disciplines.get(str(code)) or str(code)

    def skill(self, sid: Any) -> str:
        if str(sid) not in self.skills:
            skill = EscoSkill.objects.filter(pk=int(sid)).first() if str(sid).isdigit() else None
            self.skills[str(sid)] = skill.label if skill else str(sid)
        return self.skills[str(sid)]


def team_reason(reason: dict[str, Any], labels: Labels) -> str:
    """One sentence of a team's explanation."""
    code, p = reason.get("code"), reason.get("params") or {}
    if code == "skills_covered":
        text = _("covers %(covered)d/%(required)d required skills") % p
        if p.get("missing"):
            text += " " + _("(missing: %(skills)s)") % {
                "skills": ", ".join(labels.skill(s) for s in p["missing"])
            }
        return text
    if code == "no_required_skills":
        return _("the challenge lists no required skills")
    if code == "disciplines":
        return _("%(disciplines)s (%(distinct)d different in a team of %(size)d)") % {
            "disciplines": " + ".join(labels.discipline(d) for d in p.get("disciplines", [])),
            "distinct": p.get("distinct", 0),
            "size": p.get("size", 0),
        }
    if code == "required_disciplines_met":
        return _("has every required discipline: %(disciplines)s") % {
            "disciplines": ", ".join(labels.discipline(d) for d in p.get("disciplines", []))
        }
    if code == "all_ranked_top":
        if p.get("top") == 1:
            return _("all members ranked this challenge first")
        return _("all members ranked this challenge in their top %(top)d") % p
    if code == "some_unranked" and not p.get("students"):
        return _("%(ranked)d of %(size)d members ranked this challenge") % {
            "ranked": p.get("ranked", 0),
            "size": p.get("size", 0),
        }
    if code == "some_unranked":
        return _("%(ranked)d of %(size)d members ranked this challenge (not: %(names)s)") % {
            "ranked": p.get("ranked", 0),
            "size": p.get("size", 0),
            "names": labels.student_list(p.get("students", [])),
        }
    if code == "common_slots":
        slots = [str(SLOT_LABELS.get(s, s)) for s in p.get("slots", [])]
        return _("shared availability: %(slots)s (needs %(required)d)") % {
            "slots": ", ".join(slots) or _("none"),
            "required": p.get("required", 0),
        }
    if code == "locked_members":
        return _("locked by the educator: %(names)s") % {
            "names": labels.student_list(p.get("students", []))
        }
    return str(code)


def public_reasons(reasons: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reasons a team member may read: without other students' individual answers
    (who did not rank the challenge) or the educator's locks."""
    out = []
    for r in reasons:
        if r.get("code") == "locked_members":
            continue
        if r.get("code") == "some_unranked":
            params = {k: v for k, v in (r.get("params") or {}).items() if k != "students"}
            r = {"code": r["code"], "params": params}
        out.append(r)
    return out


def team_explanation(
    reasons: Iterable[dict[str, Any]], labels: Labels, *, educator: bool = True
) -> list[str]:
    """A team's explanation in the active language; members get the public version."""
    shown = list(reasons) if educator else public_reasons(reasons)
    return [team_reason(r, labels) for r in shown]


def unassigned_reason(reason: dict[str, Any], labels: Labels) -> str:
    code, p = reason.get("code"), reason.get("params") or {}
    name = labels.student(p.get("student"))
    if code == "capacity":
        text = _("all %(teams)d teams are full (at most %(size_max)d members each)") % p
    elif code == "too_few_slots":
        text = _("has fewer than %(k)d availability slots") % p
    elif code == "no_slot_partners":
        text = _("does not share %(k)d availability slots with enough other students") % p
    elif code == "only_member_of_group":
        text = _("is the only student of group “%(group)s”") % p
    else:
        text = _("no team can take this student without breaking a rule")
    return f"{name}: {text}"


def warning(item: dict[str, Any], labels: Labels) -> str:
    """A hard rule a hand-edited team breaks (educators only: may name an avoid pair)."""
    code, p = item["code"], item["params"]
    if code == "size":
        return (
            ngettext(
                "%(size)d member, outside the size range %(min)d–%(max)d",
                "%(size)d members, outside the size range %(min)d–%(max)d",
                p["size"],
            )
            % p
        )
    if code == "missing_discipline":
        return _("no member of the required discipline %(discipline)s") % {
            "discipline": labels.discipline(p["discipline"])
        }
    if code == "avoid":
        return _("%(names)s must not be in the same team") % {
            "names": labels.student_list(p["students"])
        }
    if code == "lone_group_member":
        return _("only one member of group “%(group)s”") % p
    if code == "common_slots":
        return _("members share %(common)d availability slots, %(k)d needed") % p
    return str(code)


def diagnosis(error: dict[str, Any], labels: Labels) -> dict[str, Any]:
    """Why the teams could not be formed, for educators: the rules that conflict (translated),
    the students and challenges involved (by name) and the solver's own detail (English)."""
    params = error.get("params") or {}
    code = error.get("error", "")
    constraint = params.get("constraint")
    codes = constraint if isinstance(constraint, list) else [constraint] if constraint else []
    for rule in params.get("rules") or []:
        if rule.get("code") not in codes:
            codes.append(rule.get("code"))
    if code == "invalid_input":
        headline = _("The survey answers or options cannot be used as they are.")
    elif code == "internal":
        headline = _("Something went wrong while forming the teams. Please try again.")
    elif code == "no_solution_found":
        headline = _(
            "No assignment meeting every rule was found in time. Allow more time or relax a rule."
        )
    else:
        headline = _("The teams cannot be formed: these rules cannot all be met.")
    students = [labels.student(s) for s in params.get("students") or []]
    if params.get("student"):
        students.append(labels.student(params["student"]))
    return {
        "code": code,
        "headline": headline,
        "constraints": [_constraint_label(c) for c in codes if c],
        "students": students,
        "challenges": [labels.challenges.get(c, c) for c in params.get("challenges") or []],
        "detail": _replace_ids(error.get("message", ""), labels),
    }


def _replace_ids(text: str, labels: Labels) -> str:
    """The solver's English message with student and challenge ids replaced by names."""

    def name(match: re.Match[str]) -> str:
        token = match.group(0)
        return labels.students.get(token) or labels.challenges.get(token) or token

    return re.sub(r"\b[sc]\d+\b", name, text)


def number(value: float | None) -> str:
    return "—" if value is None else number_format(value, 2)
