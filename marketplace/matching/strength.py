"""How strong a suggestion is, in words, and what to do when none is strong enough.

The engine's ``confidence`` is a fitted chance: among suggestions this strong on the history
the model was fitted on (past EU consortia), the share whose candidate really became a
partner (calibrated, see train.py). Pages say it as that frequency ("about 1 in 4"), with a
word for the band. Below ``MIN_CONFIDENCE`` a suggestion is not shown unless a substantive
fact ties it to the asker (suggestions.worth_showing): a short honest list, with the next step
that would make it better, serves a newcomer more than a long list of guesses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# Bands of the calibrated chance that a suggestion becomes a partner.
MIN_CONFIDENCE = 0.005
BANDS = (
    (0.15, "strong", gettext_lazy("Strong match")),
    (0.04, "good", gettext_lazy("Good match")),
    (MIN_CONFIDENCE, "possible", gettext_lazy("Possible match")),
)
SHORT_TEXT_WORDS = 40  # below this a description or brief gives the matching little to go on


@dataclass(frozen=True)
class Strength:
    key: str  # "strong" | "good" | "possible" | "weak"
    label: str
    chance: str  # "about 1 in 4 …": the frequency the confidence stands for

    def __str__(self) -> str:
        return self.label


def strength_of(confidence: float) -> Strength:
    """The band and the frequency sentence of a calibrated confidence."""
    key, label = "weak", str(gettext_lazy("Weak match"))
    for floor, band, band_label in BANDS:
        if confidence >= floor:
            key, label = band, str(band_label)
            break
    if confidence >= 0.15:
        chance = _(
            "In the past consortia the matching learnt from, about %(n)d in 10 suggestions this "
            "strong became partners."
        ) % {"n": max(1, round(confidence * 10))}
    else:
        chance = _(
            "In the past consortia the matching learnt from, about 1 in %(n)d suggestions this "
            "strong became partners."
        ) % {"n": max(2, round(1 / max(confidence, 1e-3)))}
    return Strength(key, label, chance)


def _word_count(*texts: str) -> int:
    return sum(len(t.split()) for t in texts if t)


def steps_for_organisation(organisation: Any) -> list[str]:
    """What an organisation can add so that its suggestions get stronger, from what it lacks."""
    steps = []
    words = _word_count(organisation.description)
    if words < SHORT_TEXT_WORDS:
        steps.append(
            ngettext(
                "Describe what your organisation does in more detail: the description has "
                "%(words)d word; %(needed)d or more give the matching much more to go on.",
                "Describe what your organisation does in more detail: the description has "
                "%(words)d words; %(needed)d or more give the matching much more to go on.",
                words,
            )
            % {"words": words, "needed": SHORT_TEXT_WORDS}
        )
    if not organisation.capabilities.exists():
        steps.append(_("Add a capability: what you offer, with the technologies you use."))
    if not organisation.nace.exists():
        steps.append(_("Add your activities (NACE codes) so that suppliers and customers fit."))
    if not organisation.participations.exists():
        steps.append(
            _("Add past projects (track record): partners of your partners are good leads.")
        )
    return steps


def steps_for_challenge(challenge: Any) -> list[str]:
    """What a challenge's author can add so that solvers are found."""
    steps = []
    words = _word_count(challenge.title, challenge.summary, challenge.goal, challenge.scope)
    if words < SHORT_TEXT_WORDS:
        steps.append(
            ngettext(
                "Write a longer public summary and goal: together they have %(words)d word; "
                "%(needed)d or more give the matching much more to go on.",
                "Write a longer public summary and goal: together they have %(words)d words; "
                "%(needed)d or more give the matching much more to go on.",
                words,
            )
            % {"words": words, "needed": SHORT_TEXT_WORDS}
        )
    if not challenge.technologies.exists():
        steps.append(_("List the technologies the challenge needs."))
    return steps


def steps_for_person(person: Any) -> list[str]:
    """What a person can add to their profile so that challenges are found for them."""
    steps = []
    words = _word_count(person.headline, person.bio, person.programme)
    if words < SHORT_TEXT_WORDS:
        steps.append(
            ngettext(
                "Tell more about yourself in your profile: headline, bio and programme have "
                "%(words)d word; %(needed)d or more give the matching much more to go on.",
                "Tell more about yourself in your profile: headline, bio and programme have "
                "%(words)d words; %(needed)d or more give the matching much more to go on.",
                words,
            )
            % {"words": words, "needed": SHORT_TEXT_WORDS}
        )
    if person.pk is None or not person.capabilities.exists():  # no profile saved yet
        steps.append(_("Add a capability: what you can do, with the technologies you know."))
    if not person.matching_consent:
        steps.append(_("Allow matching in your profile so that challenge owners can find you."))
    return steps
