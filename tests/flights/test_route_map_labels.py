"""Route map labels (flights.maps): the busiest airports are labelled, and no two placed labels overlap,
even where Central America packs a dozen airports into a few map units."""

from __future__ import annotations

import itertools

from flights.aggregates import Group
from flights.maps import LABEL_PLACES, LABELS, Box, label_box, label_halo, route_map

# Pickup airports in the United States and drop-off airports a few degrees apart in Central America.
AIRPORTS = {
    "KBRO": (25.91, -97.42),
    "KHRL": (26.23, -97.65),
    "KAEX": (31.33, -92.55),
    "KIWA": (33.31, -111.66),
    "KELP": (31.81, -106.38),
    "MGGT": (14.58, -90.53),
    "MHLM": (15.45, -87.92),
    "MHTG": (14.06, -87.22),
    "MSLP": (13.44, -89.06),
    "MNMG": (12.14, -86.17),
    "MROC": (9.99, -84.21),
    "MZBZ": (17.54, -88.31),
    "MMMX": (19.44, -99.07),
    "MMTJ": (32.54, -116.97),
}


def _end(side: str, icao: str) -> dict[str, object]:
    latitude, longitude = AIRPORTS[icao]
    return {
        f"{side}__icao": icao,
        f"{side}__name": f"Airport {icao}",
        f"{side}__city": "",
        f"{side}__country": "",
        f"{side}__latitude": latitude,
        f"{side}__longitude": longitude,
    }


def _routes() -> list[Group]:
    pickups = [icao for icao in AIRPORTS if icao.startswith("K")]
    dropoffs = [icao for icao in AIRPORTS if not icao.startswith("K")]
    routes = []
    for rank, (origin, destination) in enumerate(itertools.product(pickups, dropoffs)):
        people = 5000 - rank * 90
        routes.append(
            Group(f"{origin}-{destination}", f"{origin} → {destination}", 10, people,
                  extra={**_end("origin", origin), **_end("destination", destination)})
        )  # fmt: skip
    return sorted(routes, key=lambda g: -g.passengers)


def _placed(routes: list[Group], **options: object) -> list[tuple[str, Box]]:
    rmap = route_map(routes, title="Routes", caption="", **options)  # type: ignore[arg-type]
    labelled = [(p.icao, p.label_box) for p in rmap.points if p.labelled]
    assert all(box is not None for _, box in labelled)
    assert rmap.svg_body.count("<text ") == len(labelled)
    return labelled  # type: ignore[return-value]


def _assert_apart(labelled: list[tuple[str, Box]]) -> None:
    for (a, box_a), (b, box_b) in itertools.combinations(labelled, 2):
        assert not box_a.overlaps(box_b), f"the labels of {a} and {b} overlap: {box_a} and {box_b}"


def test_placed_labels_never_overlap_on_the_world_map_or_a_cropped_one():
    routes = _routes()
    for options in ({"limit": 60}, {"limit": 60, "crop": True}, {"limit": 20, "crop": True, "focus": "MROC"}):
        labelled = _placed(routes, **options)
        _assert_apart(labelled)
        assert 1 <= len(labelled) <= LABELS + 1


def test_the_busiest_airport_and_the_focus_are_always_labelled_and_crowded_labels_move():
    routes = _routes()
    rmap = route_map(routes, title="Routes", caption="", limit=60, focus="MZBZ")
    busiest = max(rmap.points, key=lambda p: p.passengers)
    labelled = [p for p in rmap.points if p.labelled]
    assert {busiest.icao, "MZBZ"} <= {p.icao for p in labelled}
    # Crowded: every label above right of its circle (as the map used to place them) would collide.
    halo = label_halo(rmap.font_size)
    usual = [label_box(p, LABEL_PLACES[0], rmap.font_size, halo) for p in labelled]
    assert any(a.overlaps(b) for a, b in itertools.combinations(usual, 2))
    assert any(p.place != LABEL_PLACES[0] for p in labelled)
    _assert_apart([(p.icao, p.label_box) for p in labelled])  # type: ignore[misc]


def test_airports_on_one_spot_take_its_four_corners_and_a_fifth_goes_unlabelled():
    twins = [f"MGG{letter}" for letter in "ABCD"]
    for icao in twins:
        AIRPORTS[icao] = AIRPORTS["MGGT"]
    try:
        routes = [
            Group(f"KBRO-{icao}", "", 1, 900 - rank, extra={**_end("origin", "KBRO"), **_end("destination", icao)})
            for rank, icao in enumerate(["MGGT", *twins])
        ]
        labelled = dict(_placed(routes, crop=True))
    finally:
        for icao in twins:
            del AIRPORTS[icao]
    _assert_apart(list(labelled.items()))
    assert "KBRO" in labelled
    # Five airports at one point, four corners: the least busy one is left with its circle and tooltip.
    assert sorted(icao for icao in labelled if icao != "KBRO") == ["MGGA", "MGGB", "MGGC", "MGGT"]
