"""Running a figure's statement when the ORM would repeat a subquery for every row.

A figure's rows come from the ORM's queryset (so the scope's filters are written once, as
Q objects) compiled into a CTE; the aggregation around it joins and groups in one pass. The
count of distinct organisations is taken per organisation first and then counted, which is
one hash aggregate instead of a sort per ``COUNT(DISTINCT …)``."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet


def compiled(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def fetch(sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
