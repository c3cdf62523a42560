"""Team explanations, unassigned students, manual-edit warnings and infeasibility diagnoses
in the reader's language.

The solver writes reason codes with parameters (and an English rendering we keep for the
API); pages and API answers translate the codes here with gettext, replacing solver ids
("s12", "c3", skill ids, ISCED-F codes) by names and labels. Nothing here reveals an
avoid-list: team reasons never mention one, and warnings and diagnoses that do are shown to
educators only (the callers decide, through access.py).
"""

from __future__ import annotations

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
        labels.skills = {str(s.pk): s.name for c in challenges for s in c.required_skills.all()}
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
            self.skills[str(sid)] = skill.name if skill else str(sid)
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
        text = ngettext(
            "the only team is full (at most %(size_max)d members)",
            "all %(teams)d teams are full (at most %(size_max)d members each)",
            p.get("teams", 0),
        ) % {"teams": p.get("teams", 0), "size_max": p.get("size_max", 0)}
    elif code == "too_few_slots":
        text = _("has fewer than %(k)d availability slots") % p
    elif code == "no_slot_partners":
        text = _("does not share %(k)d availability slots with enough other students") % p
    elif code == "only_member_of_group":
        text = _("is the only student of group “%(group)s”") % p
    elif code == "answered_late":
        text = _("answered the survey after the teams were formed")
    else:
        text = _("no team can take this student without breaking a rule")
    return f"{name}: {text}"


def unplaced_for_student(reason: dict[str, Any]) -> str:
    """Why a student is in no team, said to that student."""
    code, p = reason.get("code"), reason.get("params") or {}
    if code == "capacity":
        return ngettext(
            "The only team was full (at most %(size_max)d members), so not every student"
            " could be placed.",
            "All %(teams)d teams were full (at most %(size_max)d members each), so not every"
            " student could be placed.",
            p.get("teams", 0),
        ) % {"teams": p.get("teams", 0), "size_max": p.get("size_max", 0)}
    if code == "too_few_slots":
        return _(
            "You gave fewer than %(k)d weekly availability slots, and the members of a team"
            " must share %(k)d."
        ) % {"k": p.get("k", 0)}
    if code == "no_slot_partners":
        return _(
            "Too few other students share %(k)d of your weekly availability slots to form a"
            " team with you."
        ) % {"k": p.get("k", 0)}
    if code == "only_member_of_group":
        return _(
            "You are the only student of group “%(group)s”, and nobody may be the only"
            " member of their group in a team."
        ) % {"group": p.get("group", "")}
    if code == "answered_late":
        return _("You answered the survey after the teams were formed.")
    return _("No team could take you without breaking one of the rules set for the teams.")


def unplaced_next_step(educator: str, email: str) -> str:
    """What happens next for a student in no team (the educator confirmed publishing
    knowing this, and is told to contact them)."""
    return _(
        "Your educator %(educator)s knows and will contact you about how you take part;"
        " you can also write to %(email)s."
    ) % {"educator": educator, "email": email}


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
    """Why the teams could not be formed, for educators: a headline, the rules involved,
    one translated sentence per cause (with names, never solver ids), the students and
    challenges involved by name, and whether a longer search in the background may help."""
    params = error.get("params") or {}
    code = error.get("error", "")
    codes = _codes_of(params)
    for rule in params.get("rules") or []:
        if rule.get("code") not in codes:
            codes.append(rule.get("code"))
    if code == "invalid_input":
        headline = _("The survey answers or options cannot be used as they are.")
    elif code == "internal":
        headline = _("Something went wrong while forming the teams. Please try again.")
    elif code in ("search_inconclusive", "no_solution_found"):
        headline = _(
            "No set of teams meeting every rule was found in the time given, and none was"
            " ruled out either: such teams may well exist."
        )
    else:
        headline = _("The teams cannot be formed: these rules cannot all be met.")
    students = [labels.student(s) for s in params.get("students") or []]
    if params.get("student"):
        students.append(labels.student(params["student"]))
    sentences = _diagnosis_sentences(code, params, labels)
    return {
        "code": code,
        "headline": headline,
        "constraints": [_constraint_label(c) for c in codes if c],
        "sentences": sentences,
        "students": students,
        "challenges": [labels.challenges.get(c, c) for c in params.get("challenges") or []],
        "detail": " ".join(sentences),
        "search_longer": code in ("search_inconclusive", "no_solution_found"),
    }


def _challenge_names(ids: Iterable[Any], labels: Labels) -> str:
    return ", ".join(labels.challenges.get(str(c), _("a challenge")) for c in ids)


def _diagnosis_sentences(code: str, p: dict[str, Any], labels: Labels) -> list[str]:
    """The causes of a failed formation as sentences in the active language."""
    names = labels.student_list(p.get("students") or [])
    challenges = _challenge_names(p.get("challenges") or [], labels)
    discipline = labels.discipline(p.get("discipline", ""))
    if code in ("search_inconclusive", "no_solution_found"):
        seconds = p.get("time_limit")
        if seconds:
            return [
                _(
                    "The search stopped after %(seconds)s seconds. Searching longer in the"
                    " background may find the teams."
                )
                % {"seconds": number_format(seconds, 0)}
            ]
        return [_("Searching longer in the background may find the teams.")]
    if code == "capacity":
        text = _(
            "The challenges need %(teams)d teams of at least %(size_min)d students, that is"
            " %(needed)d students, but only %(available)d can be placed."
        ) % {
            "teams": p.get("teams", 0),
            "size_min": p.get("size_min", 0),
            "needed": p.get("needed", 0),
            "available": p.get("available", 0),
        }
        if names:
            text += " " + _("These students cannot join any team: %(names)s.") % {"names": names}
        return [text]
    if code == "required_discipline" and p.get("case") == "width":
        return [
            _(
                "%(challenge)s requires %(required)d different disciplines in every team, but"
                " a team has at most %(size_max)d members."
            )
            % {
                "challenge": challenges,
                "required": p.get("required", 0),
                "size_max": p.get("size_max", 0),
            }
        ]
    if code == "required_discipline":
        teams = p.get("teams", 0)
        if not names:
            return [
                ngettext(
                    "%(challenge)s needs a student of %(discipline)s in its %(teams)d team, but"
                    " no student who can join it studies %(discipline)s.",
                    "%(challenge)s needs a student of %(discipline)s in each of its %(teams)d"
                    " teams, but no student who can join it studies %(discipline)s.",
                    teams,
                )
                % {"challenge": challenges, "discipline": discipline, "teams": teams}
            ]
        return [
            ngettext(
                "%(challenge)s needs a student of %(discipline)s in %(teams)d team, but only"
                " these students study it: %(names)s.",
                "%(challenge)s needs a student of %(discipline)s in each of %(teams)d teams,"
                " but only these students study it: %(names)s.",
                teams,
            )
            % {"challenge": challenges, "discipline": discipline, "teams": teams, "names": names}
        ]
    if code == "locked_unplaceable":
        why = {
            "too_few_slots": _("has fewer than %(k)d availability slots"),
            "no_slot_partners": _(
                "does not share %(k)d availability slots with enough other students"
            ),
            "only_member_of_group": _("is the only student of group “%(group)s”"),
        }.get(str(p.get("constraint")), _("cannot join any team"))
        return [
            _("%(name)s is locked to a team but %(why)s.")
            % {"name": names, "why": why % {"k": p.get("k", 0), "group": p.get("group", "")}}
        ]
    if code == "lock_size":
        return [
            _(
                "More students are locked to team %(team)d of %(challenge)s than a team can"
                " hold (%(size_max)d): %(names)s."
            )
            % {
                "team": p.get("team", 0),
                "challenge": challenges,
                "size_max": p.get("size_max", 0),
                "names": names,
            }
        ]
    if code == "avoid_locked":
        return [
            _(
                "%(names)s must not be in the same team, but both are locked to team %(team)d"
                " of %(challenge)s."
            )
            % {"names": names, "team": p.get("team", 0), "challenge": challenges}
        ]
    if code == "slots_locked":
        return [
            _(
                "The students locked to team %(team)d of %(challenge)s share %(common)d"
                " availability slots, but %(k)d are needed: %(names)s."
            )
            % {
                "team": p.get("team", 0),
                "challenge": challenges,
                "common": p.get("common", 0),
                "k": p.get("k", 0),
                "names": names,
            }
        ]
    if code == "together_size":
        return [
            _("%(names)s must be in one team, but a team has at most %(size_max)d members.")
            % {"names": names, "size_max": p.get("size_max", 0)}
        ]
    if code == "avoid_together":
        return [
            _("%(names)s must not be in the same team, but they must also be together.")
            % {"names": names}
        ]
    if code == "together_locked":
        return [
            _("%(names)s must be in one team, but are locked to different teams.")
            % {"names": names}
        ]
    if code == "slots_together":
        return [
            _(
                "%(names)s must be in one team, but share only %(common)d availability"
                " slots (%(k)d needed)."
            )
            % {"names": names, "common": p.get("common", 0), "k": p.get("k", 0)}
        ]
    if code == "rules_conflict" and not p.get("rules"):
        return [
            _(
                "Even with some students left out, no teams meet all of these rules together:"
                " %(rules)s."
            )
            % {"rules": "; ".join(_constraint_label(c) for c in _codes_of(p))}
        ]
    if code == "rules_conflict":
        return [_rule_sentence(rule, labels) for rule in p.get("rules") or []]
    if code == "invalid_input":
        return [_("Check the team sizes, the challenges and the survey answers.")]
    return []


def _codes_of(params: dict[str, Any]) -> list[str]:
    """The rule codes an error names (a copy: callers may add to it)."""
    constraint = params.get("constraint")
    return list(constraint) if isinstance(constraint, list) else [constraint] if constraint else []


def _rule_sentence(rule: dict[str, Any], labels: Labels) -> str:
    """One rule of a set that cannot hold together."""
    code, p = rule.get("code"), rule.get("params") or {}
    names = labels.student_list(rule.get("students") or [])
    challenges = _challenge_names(rule.get("challenges") or [], labels)
    if code == "placement":
        return _("Every student who can join a team must be placed.")
    if code == "lock":
        return _("%(names)s is locked to a team.") % {"names": names}
    if code == "team_size":
        return _("Every team has %(min)d to %(max)d members.") % {
            "min": p.get("min", 0),
            "max": p.get("max", 0),
        }
    if code == "required_discipline":
        return _("Every team of %(challenge)s needs a student of %(discipline)s.") % {
            "challenge": challenges,
            "discipline": labels.discipline(p.get("discipline", "")),
        }
    if code == "avoid":
        return _("%(names)s must not be in the same team.") % {"names": names}
    if code == "no_lone_group_member":
        return _("Nobody may be the only member of group “%(group)s” in a team: %(names)s.") % {
            "group": p.get("group", ""),
            "names": names,
        }
    if code == "min_common_slots":
        return _(
            "The members of each team of %(challenge)s must share %(k)d availability slots."
        ) % {"challenge": challenges, "k": p.get("k", 0)}
    if code == "together":
        return _("%(names)s must be in one team.") % {"names": names}
    return _constraint_label(str(code))


def number(value: float | None) -> str:
    return "—" if value is None else number_format(value, 2)
