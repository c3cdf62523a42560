"""Dutch speaks to the reader as "u" everywhere: in our catalogues and in every text of
django-allauth (sign-in, sign-up, e-mails), whose own Dutch says "je"; Django's password
rules are in Dutch too."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.utils import translation

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf|jullie)\b", re.IGNORECASE)


def _catalogue(path: Path) -> dict[object, str]:
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]


def _ours() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [p for p in root.glob("**/locale*/nl/LC_MESSAGES/django.mo") if ".venv" not in p.parts]


def test_our_dutch_catalogues_say_u():
    assert len(_ours()) >= 6
    informal = [
        (str(path), text)
        for path in _ours()
        for key, text in _catalogue(path).items()
        if key and INFORMAL.search(text)
    ]
    assert informal == []


def test_every_allauth_text_a_dutch_reader_sees_says_u():
    theirs = Path(allauth.__file__).parent / "locale/nl/LC_MESSAGES/django.mo"
    msgids = {key if isinstance(key, str) else key[0] for key in _catalogue(theirs) if key}
    assert len(msgids) > 300
    with translation.override("nl"):
        shown = {msgid: translation.gettext(msgid) for msgid in msgids}
    assert {msgid: text for msgid, text in shown.items() if INFORMAL.search(text)} == {}


@pytest.mark.parametrize("count", [1, 8])
def test_the_password_length_rule_is_dutch(count):
    with translation.override("nl"):
        text = translation.ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            count,
        )
    assert text.startswith("Dit wachtwoord is te kort.")
