"""A reader answers a question from the real ICE Air data on a country page, in Chromium; screenshots for review.

The question: how many people were removed to Guatemala in 2016, and from which airport did most leave?
The expected answer is computed here from the raw legs file, independently of the site's code.
Screenshots (desktop 1280 px and phone 390 px) of a country page, an airport page and the route map go
to tests/e2e/screenshots/ (git-ignored).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.flights.import_support import AIRPORTS, GUATEMALA, LEGS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).parent / "screenshots"
GUATEMALA_AIRPORTS = {"MGGT", "MGPB", "MGFL"}  # Guatemala City, Puerto Barrios, Flores


def _answer_from_the_file() -> tuple[int, str]:
    people, by_airport = 0, Counter()
    with LEGS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["R-T"] == "R" and row["DropLoc"] in GUATEMALA_AIRPORTS and row["MissionDate"].startswith("2016"):
                people += int(row["AlienMasterID"])
                by_airport[row["PULOC"]] += int(row["AlienMasterID"])
    return people, by_airport.most_common(1)[0][0]


@pytest.fixture
def archive(live_server, tmp_path) -> str:
    """The real files, cut to keep the test quick: every legs row of 2016, plus the Guatemala extract."""
    with LEGS.open(encoding="utf-8") as source:
        lines = source.readlines()
    subset = tmp_path / LEGS.name  # same file name: the same dataset, fewer years
    kept = [line for line in lines[1:] if ",2016-" in line]
    subset.write_text(lines[0] + "".join(kept), encoding="utf-8")
    folder = tmp_path
    for path in (AIRPORTS, GUATEMALA, LEGS.with_name("uwchr_arts_kbfi_missions.csv")):
        (folder / path.name).write_bytes(path.read_bytes())
    call_command("load_ice_air", "--data", str(folder), stdout=io.StringIO())
    return live_server.url


def _shoot(page, url: str, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        # No page scrolls sideways on a phone: wide tables and charts scroll in their own boxes.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{url} scrolls sideways at {width}px"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def test_reader_finds_removals_to_guatemala_in_2016_and_the_airport_most_left_from(page, archive):
    people, airport = _answer_from_the_file()
    page.goto(archive + "/flights/country/")
    page.get_by_role("link", name="Guatemala", exact=True).click()
    page.wait_for_url("**/flights/country/GT/")
    assert page.locator("h1").inner_text() == "Removals to Guatemala"
    assert "a movement is not a flight" in page.locator(".caveat").first.inner_text()

    row = page.locator("#people-per-year tr", has=page.get_by_role("rowheader", name="2016"))
    assert row.locator(".people").inner_text() == f"{people:,}"
    assert f"({airport})" in row.locator(".top-airport").inner_text()
    # The chart says the same, bar by bar (its tooltip text is what a screen reader reads too).
    # (This cut of the file starts on Jan 4, 2016, so the chart rightly calls 2016 a partial year.)
    bars = page.locator("svg.bar-chart rect title").all_text_contents()
    assert any(bar.startswith(f"2016: {people:,} people") for bar in bars)

    row.get_by_role("link").click()
    page.wait_for_url(f"**/flights/airports/{airport}/")
    assert "People picked up here" in page.locator(".stat-grid").inner_text()

    # One load of the data serves the screenshots too (loading is most of this test's time).
    _shoot(page, archive + "/flights/country/GT/", "country-GT")
    _shoot(page, archive + "/flights/airports/KBRO/", "airport-KBRO")
    _shoot(page, archive + "/flights/routes/", "route-map")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(archive + "/flights/routes/")
    assert page.locator("svg.map .routes path").count() > 10
    assert re.search(r"[\d,]+ people on [\d,]+ passenger movements", page.locator("main").inner_text())
