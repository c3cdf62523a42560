"""A figure's table as CSV: the same rows and cells as the page, "too few to show" included."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = str(value)
    # A spreadsheet would run a cell that starts like a formula.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def figure_csv(figure: Figure, name: str = "") -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name or figure.key}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow([_cell(figure.row_heading), *(_cell(s) for s in figure.series)])
    for row in figure.rows:
        writer.writerow(
            [_cell(row.label)]
            + [_("too few to show") if v is None else _cell(v) for v in row.values]
        )
    return response
