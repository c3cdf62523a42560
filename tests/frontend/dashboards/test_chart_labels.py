"""Row labels left of a chart's bars: broken at spaces over two lines, cut only beyond that."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from frontend.dashboards.charts import LABEL_ROOM, label_lines


def test_a_short_label_stays_on_one_line():
    assert label_lines("Awards") == ["Awards"]


def test_a_long_label_goes_on_two_lines_whole():
    label = "Consultations de la page (hors de votre organisation)"
    lines = label_lines(label)
    assert lines == ["Consultations de la page (hors de", "votre organisation)"]


def test_a_label_longer_than_two_lines_is_cut_on_the_second_with_an_ellipsis():
    label = "Voorstellen ingediend door teams van studenten uit meerdere opleidingen samen"
    first, second = label_lines(label)
    assert label.startswith(first) and second.endswith("…")
    assert len(second) <= LABEL_ROOM


@given(st.text(alphabet="abcdé (),·", min_size=1, max_size=120))
def test_no_line_is_wider_than_the_room(label):
    lines = label_lines(label)
    assert 1 <= len(lines) <= 2 and all(len(line) <= LABEL_ROOM for line in lines)
