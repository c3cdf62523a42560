"""Template tags that draw the dashboards' charts (frontend/dashboards/charts.py) and the
match cards' contribution bars."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from frontend.dashboards import charts
from marketplace.insights.figures import Figure

register = template.Library()


@register.simple_tag
def figure_chart(figure: Figure) -> SafeString:
    return charts.chart(figure)


@register.simple_tag
def figure_legend(figure: Figure) -> SafeString:
    return charts.legend(figure)


@register.filter
def contribution_bars(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return charts.contribution_bars(reasons)
