"""Bar charts as server-rendered SVG: the geometry here, the markup in templates/flights/_bar_chart.html.

Charts need no script (readable with JavaScript off and under a strict CSP); every chart comes with a
caption, its source and the same numbers as a table.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from flights.aggregates import Group

_ids = itertools.count(1)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    title: str
    series: int = 0
    partial: bool = False

    @property
    def cx(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Row:
    """A row of the chart's data table: the category and one value per series."""

    label: str
    values: list[int]
    partial: bool = False


@dataclass
class BarChart:
    id: str
    title: str
    caption: str
    width: int
    height: int
    series_names: list[str]
    value_name: str
    bars: list[Bar] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    plot_left: float = 0
    plot_right: float = 0
    plot_top: float = 0
    plot_bottom: float = 0
    show_values: bool = False
    font_size: int = 13
    source_name: str = ""
    source_url: str = ""

    @property
    def has_partial(self) -> bool:
        return any(row.partial for row in self.rows)

    @property
    def svg_body(self) -> SafeString:
        """Gridlines, bars and labels as SVG markup, built here: a month chart has a hundred bars, and
        a template per bar would cost more than the queries behind the page. Text is escaped."""
        parts: list[str] = []
        for tick in self.y_ticks:
            parts.append(
                f'<line class="grid" x1="{self.plot_left}" x2="{self.plot_right}" y1="{tick.position}" '
                f'y2="{tick.position}" stroke="#d9d6cf" stroke-width="1"/>'
                f'<text class="tick" x="{self.plot_left - 6}" y="{tick.position}" text-anchor="end" '
                f'dominant-baseline="middle" fill="#5a5a60">{escape(tick.label)}</text>'
            )
        for bar in self.bars:
            fill = f"url(#{self.id}-hatch)" if bar.partial else ("#d7a496" if bar.series else "#9b2c1f")
            css = f"bar series-{bar.series}{' partial' if bar.partial else ''}"
            parts.append(
                f'<rect class="{css}" x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" '
                f'fill="{fill}"><title>{escape(bar.title)}</title></rect>'
            )
            if self.show_values and bar.value:
                parts.append(
                    f'<text class="value" x="{bar.cx}" y="{bar.y}" dy="-4" text-anchor="middle" '
                    f'fill="#1d1d1f">{bar.value:,}</text>'
                )
        for tick in self.x_ticks:
            parts.append(
                f'<text class="tick" x="{tick.position}" y="{self.plot_bottom}" dy="{self.font_size + 4}" '
                f'text-anchor="middle" fill="#5a5a60">{escape(tick.label)}</text>'
            )
        return mark_safe("\n".join(parts))


def nice_step(maximum: float, ticks: int = 4) -> int:
    """A round tick interval (1, 2 or 5 times a power of ten) giving about ``ticks`` gridlines."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return max(1, int(multiple * power))
    return max(1, int(10 * power))


def bar_chart(
    groups: list[Group],
    *,
    title: str,
    caption: str,
    value: str = "passengers",
    value_name: str = "people",
    second: list[Group] | None = None,
    series_names: tuple[str, ...] = ("",),
    width: int = 640,
    height: int = 260,
    show_values: bool | None = None,
    source_name: str = "",
    source_url: str = "",
) -> BarChart:
    """Bars of ``value`` per group; ``second`` adds a second series beside each bar (same categories)."""
    series = [groups] + ([second] if second is not None else [])
    font = 13
    chart = BarChart(
        id=f"chart-{next(_ids)}",
        title=title,
        caption=caption,
        width=width,
        height=height,
        series_names=list(series_names),
        value_name=value_name,
        font_size=font,
        source_name=source_name,
        source_url=source_url,
    )
    values = [[getattr(g, value) for g in s] for s in series]
    maximum = max((v for vs in values for v in vs), default=0)
    step = nice_step(maximum)
    top = step * max(1, math.ceil(maximum / step))
    label_width = len(f"{top:,}") * font * 0.62 + 8
    chart.plot_left, chart.plot_right = label_width, width - 8
    chart.plot_top, chart.plot_bottom = 10 + (font if show_values else 0), height - font * 2 - 6
    plot_height = chart.plot_bottom - chart.plot_top
    count = len(groups)
    slot = (chart.plot_right - chart.plot_left) / max(count, 1)
    chart.show_values = show_values if show_values is not None else (count <= 16 and len(series) == 1)
    gap = slot * (0.2 if count > 40 else 0.25)
    bar_width = (slot - gap) / len(series)
    for index, group_ in enumerate(groups):
        row_values = [vs[index] for vs in values]
        partial = group_.partial or any(s[index].partial for s in series[1:])
        chart.rows.append(Row(group_.label, row_values, partial))
        for number, amount in enumerate(row_values):
            bar_height = plot_height * amount / top if top else 0
            x = chart.plot_left + index * slot + gap / 2 + number * bar_width
            name = f"{series_names[number]}, " if series_names[number] else ""
            chart.bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(chart.plot_bottom - bar_height, 1),
                    width=round(max(bar_width, 0.5), 1),
                    height=round(bar_height, 1),
                    value=amount,
                    title=f"{group_.label}: {name}{amount:,} {value_name}{' (partial period)' if partial else ''}",
                    series=number,
                    partial=partial,
                )
            )
    chart.y_ticks = [
        Tick(round(chart.plot_bottom - plot_height * tick / top, 1), f"{tick:,}") for tick in range(0, top + 1, step)
    ]
    # Label every category when they fit, else every January (months) or every nth.
    room = (chart.plot_right - chart.plot_left) / (font * 0.62 * max((len(g.label) for g in groups), default=1) + 6)
    every = max(1, math.ceil(count / max(room, 1)))
    for index, group_ in enumerate(groups):
        label = group_.label
        if count > room and group_.start is not None and len(group_.key) == 7:
            if group_.start.month != 1:
                continue
            label = str(group_.start.year)
        elif index % every:
            continue
        chart.x_ticks.append(Tick(round(chart.plot_left + (index + 0.5) * slot, 1), label))
    return chart
