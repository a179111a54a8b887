"""Route maps as server-rendered SVG: airports and routes projected onto the committed world base map.

The base map (static/maps/world-110m.svg, Natural Earth via world-atlas, Equal Earth projection) was
converted once by scripts/basemap/build.mjs; its projection parameters sit beside it in
world-110m.json, and ``project`` below is the same Equal Earth formula, so points land where d3-geo
put the coastlines. Equal Earth is equal-area: no region looks bigger than it is. Route widths and
airport circles are square-root scaled, so a route with four times the passengers is twice as wide.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django_countries import countries

from flights.aggregates import Group

MAP_FILE = Path(settings.BASE_DIR) / "static" / "maps" / "world-110m.json"
_ids = itertools.count(1)

# Equal Earth (Šavrič, Patterson and Jenny, 2018), as d3-geo implements it.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


@lru_cache(maxsize=1)
def base_map() -> dict[str, Any]:
    with MAP_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Map units (the base map's viewBox) of a point given in degrees."""
    meta = base_map()
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    scale = meta["scale"]
    tx, ty = meta["translate"]
    return tx + scale * x, ty - scale * y


def country_outline(code: str) -> str:
    """The SVG path of a country (ISO alpha-2), to highlight it; "" when the base map lacks it."""
    numeric = countries.numeric(code, padded=True) if code else None
    if not numeric:
        return ""
    found = base_map()["countries"].get(numeric)
    return found["d"] if found else ""


# The busiest airports that may carry a code label; a label that would cover one already placed moves to another
# corner of its circle, or is left off (the airport keeps its circle, its tooltip and its row in the table).
LABELS = 8
# Where a label may sit around its circle, tried in order: (x side, y side), -1 left/above, 1 right/below.
LABEL_PLACES = ((1, -1), (-1, -1), (1, 1), (-1, 1))
# Glyph metrics as shares of the font size, generous for capitals in the site's sans-serif faces.
_CHAR_WIDTH, _ASCENT, _DESCENT = 0.72, 0.8, 0.25


@dataclass(frozen=True)
class Box:
    """A label's extent in map units."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


@dataclass
class MapPoint:
    icao: str
    label: str
    x: float
    y: float
    r: float
    passengers: int
    url: str
    labelled: bool = False
    # Where its label sits (when labelled): the corner of the circle, as LABEL_PLACES, and the text's box.
    place: tuple[int, int] = (1, -1)
    label_box: Box | None = None

    def label_offsets(self, font_size: float) -> tuple[float, float]:
        """dx and dy of the label's text from the centre: beside the circle, baseline above or below it."""
        side, level = self.place
        return side * self.r, -self.r if level < 0 else round(self.r + _ASCENT * font_size, 2)


def label_box(point: MapPoint, place: tuple[int, int], font_size: float, halo: float) -> Box:
    """The box a point's code label covers at ``place`` (its halo included)."""
    side, level = place
    width = len(point.icao) * _CHAR_WIDTH * font_size
    x = point.x + side * point.r
    x0, x1 = (x, x + width) if side > 0 else (x - width, x)
    if level < 0:
        baseline = point.y - point.r
        y0, y1 = baseline - _ASCENT * font_size, baseline + _DESCENT * font_size
    else:
        y0 = point.y + point.r
        y1 = y0 + (_ASCENT + _DESCENT) * font_size
    pad = halo / 2
    return Box(round(x0 - pad, 2), round(y0 - pad, 2), round(x1 + pad, 2), round(y1 + pad, 2))


def place_labels(points: list[MapPoint], font_size: float, halo: float, focus: str = "", limit: int = LABELS) -> None:
    """Label the focus airport and the ``limit`` busiest, in that order, each at the first corner of its circle
    where it covers no label already placed, and preferably no other airport's circle; a label that fits
    nowhere is left off."""
    ranked = sorted(points, key=lambda p: (p.icao != focus, -p.passengers, p.icao))
    candidates = [p for p in ranked if p.icao == focus] + [p for p in ranked if p.icao != focus][:limit]
    circles = {p.icao: Box(p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r) for p in points}
    placed: list[Box] = []
    for point in candidates:
        corners = [(place, label_box(point, place, font_size, halo)) for place in LABEL_PLACES]
        free = [(place, box) for place, box in corners if not any(box.overlaps(other) for other in placed)]
        clear = [
            (place, box)
            for place, box in free
            if not any(box.overlaps(circle) for icao, circle in circles.items() if icao != point.icao)
        ]
        if free:
            point.place, point.label_box = (clear or free)[0]
            point.labelled = True
            placed.append(point.label_box)


@dataclass
class MapRoute:
    d: str
    width: float
    passengers: int
    title: str


@dataclass
class LegendItem:
    width: float
    label: str


@dataclass
class RouteMap:
    id: str
    title: str
    caption: str
    view_box: str
    width: float
    height: float
    base_width: int
    base_height: int
    highlight: str
    points: list[MapPoint] = field(default_factory=list)
    routes: list[MapRoute] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    rows: list[Group] = field(default_factory=list)
    font_size: float = 11
    left_out: int = 0  # routes not drawn (beyond the limit), so the caption can say so
    source_name: str = ""
    source_url: str = ""
    unplaced: list[str] = field(default_factory=list)  # airports with no coordinates

    @property
    def svg_body(self) -> SafeString:
        """Routes, airports and labels as SVG markup (built here, not per element in a template); text escaped."""
        parts = ['<g class="routes" fill="none" stroke="#9b2c1f" stroke-opacity="0.55" stroke-linecap="round">']
        parts += [
            f'<path d="{route.d}" stroke-width="{route.width}"><title>{escape(route.title)}</title></path>'
            for route in self.routes
        ]
        parts.append('</g><g class="airports">')
        for p in self.points:
            parts.append(
                f'<a href="{escape(p.url)}"><circle cx="{p.x}" cy="{p.y}" r="{p.r}" fill="#1d1d1f" '
                f'fill-opacity="0.75" stroke="#fff" stroke-width="{round(p.r / 6, 2)}"><title>{escape(p.label)} '
                f"({escape(p.icao)}): {p.passengers:,} people on the routes drawn</title></circle></a>"
            )
        halo = label_halo(self.font_size)
        for p in self.points:
            if p.labelled:
                dx, dy = p.label_offsets(self.font_size)
                anchor = ' text-anchor="end"' if p.place[0] < 0 else ""
                parts.append(
                    f'<text x="{p.x}" y="{p.y}" dx="{dx}" dy="{dy}"{anchor} fill="#1d1d1f" stroke="#fffdf8" '
                    f'stroke-width="{halo}" paint-order="stroke">{escape(p.icao)}</text>'
                )
        parts.append("</g>")
        return mark_safe("\n".join(parts))


def label_halo(font_size: float) -> float:
    return round(font_size / 4, 2)


def _arc(x1: float, y1: float, x2: float, y2: float) -> str:
    """A gentle curve from one airport to another, bent to the left of travel so A→B and B→A part."""
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    bend = 0.18
    cx, cy = mx + dy * bend, my - dx * bend
    return f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}"


def _round_value(value: float) -> int:
    if value <= 0:
        return 0
    power = 10 ** max(0, math.floor(math.log10(value)))
    return int(round(value / power) * power)


def route_map(
    routes: list[Group],
    *,
    title: str,
    caption: str,
    highlight: str = "",
    crop: bool = False,
    focus: str = "",
    limit: int = 40,
    source_name: str = "",
    source_url: str = "",
    route_count: int | None = None,
) -> RouteMap:
    """A map of routes (``by_route`` groups, most passengers first): the first ``limit`` drawn.

    ``crop`` fits the view to the routes drawn (airport pages); else the whole world. ``focus`` names an
    airport to label whatever its size. ``route_count``: how many routes there are, when ``routes`` holds only
    the first ones (rankings.placed_prefix).
    """
    meta = base_map()
    base_w, base_h = meta["width"], meta["height"]
    drawn = [g for g in routes if _placed(g.extra)][:limit]
    unplaced = sorted(
        {
            g.extra[f"{side}__icao"]
            for g in routes[:limit]
            for side in ("origin", "destination")
            if g.extra.get(f"{side}__latitude") is None
        }
    )
    points: dict[str, dict[str, Any]] = {}
    for g in drawn:
        for side in ("origin", "destination"):
            icao = g.extra[f"{side}__icao"]
            entry = points.setdefault(
                icao,
                {
                    "label": g.extra[f"{side}__name"] or icao,
                    "xy": project(g.extra[f"{side}__longitude"], g.extra[f"{side}__latitude"]),
                    "passengers": 0,
                },
            )
            entry["passengers"] += g.passengers

    if crop and points:
        xs = [p["xy"][0] for p in points.values()]
        ys = [p["xy"][1] for p in points.values()]
        pad = 30
        x0, x1 = min(xs) - pad, max(xs) + pad
        y0, y1 = min(ys) - pad, max(ys) + pad
        # At least a region's width, and no narrower than 16:10, so one airport's map is not a dot.
        w = max(x1 - x0, 160, (y1 - y0) * 1.6)
        h = max(y1 - y0, w / 1.6)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        x0, y0 = max(0, min(cx - w / 2, base_w - w)), max(0, min(cy - h / 2, base_h - h))
        w, h = min(w, base_w), min(h, base_h)
    else:
        x0, y0, w, h = 0, 0, base_w, base_h
    unit = w / base_w  # strokes and type scale with the view, so a cropped map is not drawn in crayon

    rmap = RouteMap(
        id=f"map-{next(_ids)}",
        title=title,
        caption=caption,
        view_box=f"{x0:.1f} {y0:.1f} {w:.1f} {h:.1f}",
        width=w,
        height=h,
        base_width=base_w,
        base_height=base_h,
        highlight=country_outline(highlight),
        rows=routes[:limit],
        font_size=round(11 * unit * 1.4 if crop else 11, 2),
        left_out=max(0, (len(routes) if route_count is None else route_count) - limit),
        source_name=source_name,
        source_url=source_url,
        unplaced=unplaced,
    )
    top = max((g.passengers for g in drawn), default=0)
    max_width = 9 * unit * (1.4 if crop else 1)
    min_width = 0.6 * unit
    for g in reversed(drawn):  # biggest last, drawn on top
        x1_, y1_ = points[g.extra["origin__icao"]]["xy"]
        x2_, y2_ = points[g.extra["destination__icao"]]["xy"]
        width = max(min_width, max_width * math.sqrt(g.passengers / top)) if top else min_width
        rmap.routes.append(
            MapRoute(_arc(x1_, y1_, x2_, y2_), round(width, 2), g.passengers, f"{g.label}: {g.passengers:,} people")
        )
    busiest = max((p["passengers"] for p in points.values()), default=0)
    for icao, p in sorted(points.items(), key=lambda item: item[1]["passengers"]):
        r = (1.5 + 5 * math.sqrt(p["passengers"] / busiest)) * unit * (1.4 if crop else 1) if busiest else 2
        rmap.points.append(
            MapPoint(
                icao=icao,
                label=p["label"],
                x=round(p["xy"][0], 1),
                y=round(p["xy"][1], 1),
                r=round(r, 2),
                passengers=p["passengers"],
                url=f"/flights/airports/{icao}/",
            )
        )
    place_labels(rmap.points, rmap.font_size, label_halo(rmap.font_size), focus)
    if top:
        for share in (1, 0.25, 1 / 25):
            value = _round_value(top * share)
            if value:
                rmap.legend.append(
                    LegendItem(round(max(min_width, max_width * math.sqrt(value / top)), 2), f"{value:,}")
                )
    return rmap


def _placed(row: dict[str, Any]) -> bool:
    return all(
        row.get(f"{side}__{axis}") is not None
        for side in ("origin", "destination")
        for axis in ("latitude", "longitude")
    )
