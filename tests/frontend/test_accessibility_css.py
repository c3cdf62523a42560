"""What the site stylesheet promises: the muted grey is readable (WCAG AA, 4.5:1) on every
background the stylesheet defines, and htmx's indicator style comes from the stylesheet, not
from an inline <style> that the CSP would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "frontend" / "static" / "frontend" / "kruispunt.css"


def _variables() -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text()))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_the_axe_finding():
    assert round(contrast("#6b7385", "#f6f7fa"), 2) == 4.44  # axe reported 4.43 (rounded down)


@pytest.mark.parametrize(
    "background", ["bg", "card", "brand-soft", "warning-soft", "danger-soft", "info-soft", "line"]
)
def test_muted_text_reaches_aa_contrast(background):
    colours = _variables()
    assert contrast(colours["muted"], colours[background]) >= 4.5


def test_htmx_indicator_style_is_in_the_stylesheet_and_not_injected(page):
    css = CSS.read_text()
    assert ".htmx-indicator {" in css and ".htmx-request .htmx-indicator" in css
    html = page(None, "/").content.decode()
    assert '"includeIndicatorStyles": false' in html
