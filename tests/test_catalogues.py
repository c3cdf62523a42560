"""Every sentence the code marks for translation has a Dutch and a French translation, none
left fuzzy: the source is read as `make messages` reads it (Django's makemessages, with
gettext's xgettext), in a copy, and the catalogues it would write are checked. The extractor
sees only the names it knows, so translation functions are imported under those names only: a
gettext called through another name (``gettext as t``) left challenge messages in English on
Dutch pages, invisible to the extractor and so to the first test."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["config", "marketplace", "frontend", "collab", "chat", "locale", "manage.py"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    if shutil.which("xgettext") is None:
        pytest.skip("gettext's xgettext is not installed (Debian package gettext)")
    copy = tmp_path_factory.mktemp("catalogues")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "-l", "fr", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    return copy


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_marked_sentence_is_translated(extracted, language):
    catalogues = sorted(extracted.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))
    assert len(catalogues) >= 5
    gaps = {}
    for path in catalogues:
        # msgfmt counts: "N translated messages, F fuzzy translations, U untranslated messages."
        counted = subprocess.run(
            ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stderr
        if "fuzzy" in counted or "untranslated" in counted:
            listed = "".join(
                subprocess.run(
                    ["msgattrib", only, "--no-obsolete", str(path)], capture_output=True, text=True
                ).stdout
                for only in ("--untranslated", "--only-fuzzy")
            )
            gaps[str(path.relative_to(extracted))] = counted.strip() + "\n" + listed[-3000:]
    assert gaps == {}


# What xgettext reads (Django's makemessages keywords): the functions' own names, and "_".
READ_BY_THE_EXTRACTOR = re.compile(r"from django\.utils\.translation import (?:\w+ as (?!_\b)\w+)")


def test_translation_functions_keep_names_the_extractor_reads():
    renamed = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for name in SOURCES
        if (ROOT / name).is_dir()
        for path in sorted((ROOT / name).rglob("*.py"))
        for match in READ_BY_THE_EXTRACTOR.finditer(path.read_text(encoding="utf-8"))
    ]
    assert renamed == []
