"""Server-rendered SVG charts for the dashboards' figures.

SVG drawn here needs no script and no style attribute, so the strict CSP holds; colours and
fonts are presentation attributes or classes of dashboards.css. Each series has a colour
(at least 3:1 against white) *and* a pattern (solid, stripes, dots, crosses), and every bar
carries its value as text, so colour is never the only cue. The chart is an image for
assistive technology (its title is the figure's summary); the table beside it holds the data.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure

# Okabe–Ito inspired, darkened until each has at least 3:1 contrast on white.
COLOURS = ("#1f5f99", "#a3500b", "#2d6e1f", "#7b3294", "#9b1c31", "#4b5563")
WIDTH = 720
LABEL_WIDTH = 250
VALUE_ROOM = 110
BAR = 16
GAP = 6
STACK = 20  # a stacked bar's height
STACK_GAP = 8  # space below each stacked bar
LINE = 15  # a row label's line height (13 px text)
LABEL_ROOM = 34  # characters that fit on one line left of the bars
# Textures drawn in white over the series colour: none, stripes, dots, crosses.
_TEXTURES = (
    "",
    '<path d="M0,6 L6,0" stroke="#ffffff" stroke-width="1.5"/>',
    '<circle cx="3" cy="3" r="1.2" fill="#ffffff"/>',
    '<path d="M0,0 L6,6 M6,0 L0,6" stroke="#ffffff" stroke-width="1"/>',
)


def f1(value: float) -> str:
    return f"{value:.1f}"


def short(label: str, room: int = LABEL_ROOM) -> str:
    """``label`` cut to ``room`` characters, with an ellipsis where it was cut."""
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def label_lines(label: str, room: int = LABEL_ROOM, most: int = 2) -> list[str]:
    """A row label broken at spaces into lines that fit left of the bars: at most ``most``
    lines, the last one cut with an ellipsis only when even those do not hold it (its full
    text is the label's tooltip, and the table beside the chart has it)."""
    lines = textwrap.wrap(label, room) or [""]
    if len(lines) > most:
        lines = [*lines[: most - 1], short(" ".join(lines[most - 1 :]), room)]
    return lines


def _row_label(label: str, middle: float) -> SafeString:
    """A row label right-aligned left of the bars, its lines centred on ``middle``."""
    lines = label_lines(label)
    first = middle + 4.5 - (len(lines) - 1) * LINE / 2  # baseline of the first line
    return format_html(
        '<text text-anchor="end" font-size="13" class="chart-label"><title>{}</title>{}</text>',
        label,
        format_html_join(
            "",
            '<tspan x="{}" y="{}">{}</tspan>',
            ((LABEL_WIDTH - 8, f1(first + n * LINE), line) for n, line in enumerate(lines)),
        ),
    )


def _row_content(label: str, marks: float) -> float:
    """The height a row's marks and label take, whichever is taller: a label broken over two
    lines makes its row taller, and the marks are centred on it."""
    return max(marks, len(label_lines(label)) * LINE)


def number(value: float) -> str:
    """A value as the chart writes it: no trailing zeros, with the reader's decimal separator
    (as the table beside it, which the template localises)."""
    return formats.number_format(f"{value:g}") if isinstance(value, float) else str(value)


def _pattern(pattern_id: str, series: int) -> SafeString:
    """A series' fill: its colour with a texture of its own (none, stripes, dots, crosses, …)
    in white. The marks and the legend's swatches use the same one."""
    return format_html(
        '<pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="{}"/>{}</pattern>',
        pattern_id,
        COLOURS[series % len(COLOURS)],
        mark_safe(_TEXTURES[series % len(_TEXTURES)]),  # noqa: S308 - constant markup
    )


def _patterns(prefix: str, count: int) -> SafeString:
    """One pattern per series, for the chart's marks."""
    parts = [_pattern(f"{prefix}-s{i}", i) for i in range(count)]
    return format_html("<defs>{}</defs>", mark_safe("".join(parts)))  # noqa: S308


def _svg(figure: Figure, height: int, body: Iterable[SafeString], series: int) -> SafeString:
    return format_html(
        '<svg class="chart chart-{}" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-summary" focusable="false" data-figure="{}">{}{}</svg>',
        figure.kind,
        WIDTH,
        height,
        figure.key,
        figure.key,
        _patterns(figure.key, series),
        mark_safe("".join(body)),  # noqa: S308 - every part is format_html output
    )


def _too_few(x: float, y: float) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" class="chart-too-few" font-size="12">{}</text>',
        x,
        y,
        _("too few to show"),
    )


def bars(figure: Figure) -> SafeString:
    """Horizontal bars: one group per row, one bar per charted series, value at the end."""
    charted = figure.chart_series
    values = [r.values[s] for r in figure.rows for s in charted]
    top = float(max([float(v) for v in values if v is not None] + [1]))
    plot = WIDTH - LABEL_WIDTH - VALUE_ROOM
    body: list[SafeString] = []
    y = 4.0
    for row in figure.rows:
        content = _row_content(row.label, len(charted) * BAR)
        middle = y + content / 2
        body.append(_row_label(row.label, middle))
        first_bar = middle - len(charted) * BAR / 2
        for n, s in enumerate(charted):
            value = row.values[s]
            top_y = first_bar + n * BAR
            if value is None:
                body.append(_too_few(LABEL_WIDTH + 4, top_y + BAR - 4))
                continue
            width = max(plot * float(value) / top, 1 if value else 0)
            body.append(
                format_html(
                    '<rect class="mark" x="{}" y="{}" width="{}" height="{}" fill="url(#{}-s{})" '
                    'stroke="{}" stroke-width="1"><title>{}: {}</title></rect>'
                    '<text x="{}" y="{}" font-size="12" class="chart-value">{}</text>',
                    LABEL_WIDTH,
                    top_y,
                    f1(width),
                    BAR - 2,
                    figure.key,
                    s,
                    COLOURS[s % len(COLOURS)],
                    figure.series[s],
                    number(value),
                    f1(LABEL_WIDTH + width + 4),
                    top_y + BAR - 4,
                    number(value),
                )
            )
        y += content + 2 * GAP
    return _svg(figure, int(y) + 4, body, len(figure.series))


def columns(figure: Figure) -> SafeString:
    """Vertical columns over time: one group per row (a month), one column per series."""
    charted = figure.chart_series
    values = [r.values[s] for r in figure.rows for s in charted]
    top = float(max([float(v) for v in values if v is not None] + [1]))
    height, bottom, left = 260, 40, 40
    plot_h = height - bottom - 10
    slot = (WIDTH - left) / max(len(figure.rows), 1)
    column = max(min((slot - 6) / max(len(charted), 1), 18), 2)
    body: list[SafeString] = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#374151" stroke-width="1"/>'
            '<text x="{}" y="{}" font-size="11" text-anchor="end" class="chart-label">{}</text>',
            left,
            height - bottom,
            WIDTH,
            height - bottom,
            left - 4,
            14,
            number(top),
        )
    ]
    every = max(1, (len(figure.rows) + 6) // 7)  # at most 7 labels: they must not overlap
    for i, row in enumerate(figure.rows):
        x0 = left + i * slot + 3
        for n, s in enumerate(charted):
            value = row.values[s]
            x = x0 + n * column
            if value is None:
                body.append(
                    format_html(
                        '<rect class="mark-hidden" x="{}" y="{}" width="{}" height="6" '
                        'fill="#d1d5db" stroke="#4b5563" stroke-dasharray="2 2">'
                        "<title>{}: {}</title></rect>",
                        f1(x),
                        height - bottom - 6,
                        f1(column - 1),
                        figure.series[s],
                        _("too few to show"),
                    )
                )
                continue
            h = plot_h * float(value) / top
            body.append(
                format_html(
                    '<rect class="mark" x="{}" y="{}" width="{}" height="{}" '
                    'fill="url(#{}-s{})" stroke="{}" stroke-width="1">'
                    "<title>{} · {}: {}</title></rect>",
                    f1(x),
                    f1(height - bottom - h),
                    f1(column - 1),
                    f1(h),
                    figure.key,
                    s,
                    COLOURS[s % len(COLOURS)],
                    row.label,
                    figure.series[s],
                    number(value),
                )
            )
        if i % every == 0:
            body.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" text-anchor="middle" '
                    'class="chart-label">{}</text>',
                    f1(x0 + slot / 2 - 3),
                    height - bottom + 16,
                    row.label,
                )
            )
    return _svg(figure, height, body, len(figure.series))


def stacked(figure: Figure) -> SafeString:
    """One horizontal bar per row, its series stacked; each segment says its count."""
    totals = [sum(v or 0 for v in r.values) for r in figure.rows]
    top = max([*totals, 1])
    plot = WIDTH - LABEL_WIDTH - 50
    body: list[SafeString] = []
    y = 4.0
    for row, total in zip(figure.rows, totals, strict=True):
        content = _row_content(row.label, STACK)
        body.append(_row_label(row.label, y + content / 2))
        bar_y = y + (content - STACK) / 2  # the bar centred on the label's lines
        x = float(LABEL_WIDTH)
        for s, value in enumerate(row.values):
            if not value:
                continue
            width = plot * float(value) / top
            body.append(
                format_html(
                    '<rect class="mark" x="{}" y="{}" width="{}" height="{}" fill="url(#{}-s{})" '
                    'stroke="#ffffff" stroke-width="1"><title>{}: {}</title></rect>',
                    f1(x),
                    bar_y,
                    f1(width),
                    STACK,
                    figure.key,
                    s,
                    figure.series[s],
                    number(value),
                )
            )
            if width >= 18:
                body.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="12" text-anchor="middle" '
                        'class="chart-segment" fill="#ffffff" stroke="{}" stroke-width="3" '
                        'paint-order="stroke">{}</text>',
                        f1(x + width / 2),
                        bar_y + 15,
                        COLOURS[s % len(COLOURS)],
                        number(value),
                    )
                )
            x += width
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" class="chart-value">{}</text>',
                f1(x + 4),
                bar_y + 15,
                number(total),
            )
        )
        y += content + STACK_GAP
    return _svg(figure, int(y) + 4, body, len(figure.series))


def legend(figure: Figure) -> SafeString:
    """Swatches with the same colour and pattern as the marks, plus the hidden-cell mark."""
    if len(figure.chart_series) < 2 and not (figure.kind == "columns" and figure.has_hidden_cells):
        return mark_safe("")
    items = format_html_join(
        "",
        '<li><svg width="18" height="12" aria-hidden="true" focusable="false">'
        '<defs>{}</defs><rect width="18" height="12" fill="url(#{}-l{})"/></svg> {}</li>',
        (
            (_pattern(f"{figure.key}-l{s}", s), figure.key, s, figure.series[s])
            for s in figure.chart_series
        ),
    )
    if figure.kind == "columns" and figure.has_hidden_cells:
        items = format_html(
            '{}<li><svg width="18" height="12" aria-hidden="true" focusable="false">'
            '<rect width="18" height="6" y="6" fill="#d1d5db" stroke="#4b5563" '
            'stroke-dasharray="2 2"/></svg> {}</li>',
            items,
            _("too few to show"),
        )
    return format_html('<ul class="chart-legend" aria-hidden="true">{}</ul>', items)


DRAW = {"bars": bars, "columns": columns, "stacked": stacked}


def chart(figure: Figure) -> SafeString:
    """The figure's SVG, or nothing for figures shown as numbers (tiles) or too few to show."""
    draw = DRAW.get(figure.kind)
    if draw is None or figure.suppressed:
        return mark_safe("")
    return draw(figure)


def contribution_bars(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each reason with its share of the reasons' summed contribution (the engine's own
    per-signal values), for the match card's small bar chart."""
    positive = [max(float(r.get("contribution") or 0), 0.0) for r in reasons]
    total = sum(positive) or 1.0
    top = max([*positive, 1e-9])
    return [
        # The width as text: a float in a template is localised ("12,5" is no SVG length).
        {"reason": r, "share": round(100 * c / total), "width": f1(62 * c / top)}
        for r, c in zip(reasons, positive, strict=True)
    ]
