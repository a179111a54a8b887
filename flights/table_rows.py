"""Table rows of the archive pages built in Python: record tables, grouped figures and airport suggestions."""

# A country page lists 100 records and a grouped view up to 200 groups; through templates each cell is a
# handful of variable lookups, filters and a reverse(), about 0.4 ms a row. Here a row is one format string
# over values looked up once, with every value escaped. The markup is the templates' own, cell for cell.

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

from flights.formatting import country_name
from flights.templatetags.figures import thousands
from newsroom.fast_html import escape

STYLES = ("record", "list")
# What a record table shows of each record (record_rows below).
TABLE_FIELDS = (
    "slug",
    "record_type",
    "kind",
    "departed_earliest",
    "departed_latest",
    "destination_country",
    "origin_description",
    "passengers_total",
    "origin__icao",
    "origin__name",
    "destination__icao",
    "destination__name",
    "operator__name",
)
NOT_REPORTED = '<span class="not-reported">not reported</span>'
# Not a slug any record has: it marks where a record's slug goes in the reversed detail URL.
_SLUG_MARK = "slug-placeholder-0"


@lru_cache(maxsize=8)
def _detail_url_parts(prefix: str) -> tuple[str, str]:
    """The flight detail URL before and after the slug (slugs need no quoting: the route takes [-\\w] only)."""
    before, after = reverse("flights:detail", kwargs={"slug": _SLUG_MARK}).split(_SLUG_MARK)
    return before, after


@lru_cache(maxsize=512)
def _country_url(code: str, prefix: str) -> str:
    return escape(reverse("flights:country", kwargs={"code": code}))


@lru_cache(maxsize=4096)
def _airport_url(icao: str, prefix: str) -> str:
    return reverse("flights:airport", kwargs={"icao": icao})


def _people(value: int | None, *, missing: str = NOT_REPORTED) -> str:
    return missing if value is None else f"{value:,}"


def for_tables(records: QuerySet[Any]) -> QuerySet[Any]:
    """Records with their airports and operator, loading only what record_rows() shows: a page lists up to
    100 records, and their 25 other columns cost a third of the time to load."""
    return records.select_related("origin", "destination", "operator").only(*TABLE_FIELDS)


def record_rows(records: Iterable[Any], style: str = "record") -> SafeString:
    """<tr>s of flights/_record_table.html ("record": date, what, from, to, people) or of the flight
    database's table ("list": the date as the row header, and the operator)."""
    if style not in STYLES:
        raise ValueError(f"unknown record table style {style!r}; use one of {', '.join(STYLES)}")
    prefix = get_script_prefix()
    before, after = _detail_url_parts(prefix)
    rows = []
    for record in records:
        url = escape(f"{before}{record.slug}{after}")
        when = escape(record.departed_display)
        if record.is_movement:
            what = record.movement_label
        else:
            kind = record.get_kind_display()
            what = f"{kind} flight" if style == "record" else kind
        origin = escape(record.origin_display or "not reported")
        code = record.destination_country.code
        to = f"{escape(str(record.destination))}, " if record.destination_id is not None else ""
        to += f'<a href="{_country_url(code, prefix)}">{escape(country_name(code))}</a>'
        people = _people(record.passengers_total)
        if style == "record":
            rows.append(
                f'<tr><td><a href="{url}">{when}</a></td><td>{escape(what)}</td><td>{origin}</td><td>{to}</td>'
                f'<td class="num">{people}</td></tr>'
            )
        else:
            operator = escape(str(record.operator)) if record.operator_id is not None else "—"
            rows.append(
                f'<tr><th scope="row"><a href="{url}">{when}</a></th><td>{escape(what)}</td><td>{origin}</td>'
                f'<td>{to}</td><td>{operator}</td><td class="num">{people}</td></tr>'
            )
    return mark_safe("\n".join(rows))  # every value above is escaped


def group_rows(groups: Sequence[Any]) -> SafeString:
    """<tr>s of the grouped view (flights/_aggregates.html): the group, linked when it has a page; its
    records and people."""
    rows = []
    for group in groups:
        label = escape(group.label)
        head = f'<a href="{escape(group.url)}">{label}</a>' if group.url else label
        if group.partial:
            head += ' <span class="partial">(partial)</span>'
        if group.detail:
            head += f'<br><span class="detail">{escape(group.detail)}</span>'
        rows.append(
            f'<tr><th scope="row">{head}</th><td class="num">{thousands(group.records)}</td>'
            f'<td class="num">{thousands(group.passengers)}</td></tr>'
        )
    return mark_safe("".join(rows))  # every value above is escaped


def airport_options(choices: Iterable[Any]) -> SafeString:
    """<option>s of an airport suggestion list (flights/_airport_datalists.html): code, place and count."""
    return mark_safe(  # every value is escaped
        "".join(
            f'<option value="{escape(choice.icao)}">{escape(choice.label)}: {choice.count:,} '
            f"flight{'' if choice.count == 1 else 's'}</option>"
            for choice in choices
        )
    )


def airport_index_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    """<tr>s of the airports index (flights/airport_index.html): a couple of hundred airports."""
    prefix = get_script_prefix()
    out = []
    for row in rows:
        place = f'<br><span class="detail">{escape(row["place"])}</span>' if row["place"] else ""
        out.append(
            f'<tr><th scope="row"><a href="{escape(_airport_url(row["icao"], prefix))}">{escape(row["label"])}</a>'
            f'{place}</th><td class="num">{thousands(row["out"])}</td><td class="num">{thousands(row["in"])}</td>'
            f'<td class="num">{thousands(row.get("flights") or 0)}</td></tr>'
        )
    return mark_safe("\n".join(out))  # every value above is escaped


def country_index_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    """<tr>s of the countries index (flights/country_index.html)."""
    prefix = get_script_prefix()
    out = []
    for row in rows:
        staging = row["staging"]
        years = f"{row['first']:%Y}–{row['last']:%Y}" if row["first"] else ""
        opening = '<tr class="staging">' if staging else "<tr>"
        note = ' <span class="detail">(staging legs, not removals)</span>' if staging else ""
        out.append(
            f'{opening}<th scope="row"><a href="{_country_url(row["code"], prefix)}">{escape(row["name"])}</a>'
            f"{note}</th>"
            f'<td class="num">{thousands(row["passengers"]) if row["movements"] else "—"}</td>'
            f'<td class="num">{thousands(row["movements"])}</td><td>{years}</td>'
            f'<td class="num">{thousands(row["flights"])}</td></tr>'
        )
    return mark_safe("\n".join(out))  # every value above is escaped


def chart_rows(rows: Iterable[Any]) -> SafeString:
    """<tr>s of a chart's data table (flights/_bar_chart.html): a month chart has a hundred."""
    out = []
    for row in rows:
        partial = ' <span class="partial">(partial)</span>' if row.partial else ""
        values = "".join(f'<td class="num">{thousands(value)}</td>' for value in row.values)
        out.append(f'<tr><th scope="row">{escape(row.label)}{partial}</th>{values}</tr>')
    return mark_safe("".join(out))  # every value above is escaped


def map_route_rows(routes: Iterable[Any]) -> SafeString:
    """<tr>s of a route map's table (flights/_route_map.html): every route drawn, up to 60."""
    return mark_safe(  # every value is escaped
        "".join(
            f'<tr><th scope="row"><a href="{escape(route.url)}">{escape(route.label)}</a><br>'
            f'<span class="detail">{escape(route.detail)}</span></th><td class="num">{thousands(route.records)}</td>'
            f'<td class="num">{thousands(route.passengers)}</td></tr>'
            for route in routes
        )
    )
