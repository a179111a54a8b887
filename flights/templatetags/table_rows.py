"""Template tags for the archive tables whose rows are built in Python (flights.table_rows)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import template
from django.utils.safestring import SafeString

from flights import table_rows

register = template.Library()


@register.simple_tag
def record_rows(records: Iterable[Any], style: str = "record") -> SafeString:
    """{% record_rows records %} (country and airport pages) or {% record_rows flights "list" %}."""
    return table_rows.record_rows(records, style)


@register.simple_tag
def group_rows(groups: Sequence[Any]) -> SafeString:
    return table_rows.group_rows(groups)


@register.simple_tag
def airport_options(choices: Iterable[Any]) -> SafeString:
    return table_rows.airport_options(choices)


@register.simple_tag
def airport_index_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    return table_rows.airport_index_rows(rows)


@register.simple_tag
def country_index_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    return table_rows.country_index_rows(rows)


@register.simple_tag
def chart_rows(rows: Iterable[Any]) -> SafeString:
    return table_rows.chart_rows(rows)


@register.simple_tag
def map_route_rows(routes: Iterable[Any]) -> SafeString:
    return table_rows.map_route_rows(routes)
