"""Shared machinery of the readers' browser tests: one data load and one live server per module, axe-core, reflow.

Loading data through a transactional test per page would reload it dozens of times; instead a module loads it once,
commits it, serves it from one live server thread, and flushes the database when the module is done.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[2]
AXE_JS = Path(os.environ.get("AXE_CORE_PATH", REPO / ".e2e" / "node_modules" / "axe-core" / "axe.min.js"))
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# axe-core's rule sets for WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
WIDTHS = (320, 390, 768, 1280)


def served_site(django_db_blocker: Any, load: Callable[[], None]) -> Iterator[str]:
    """Load data (committed), serve it on a live server thread, yield its URL; flush everything afterwards.

    The site is served as production serves readers, with the whole-page cache and kept listings on (the suite
    turns both off elsewhere, tests/env.py): a page visited at four widths is rendered once, and what is checked
    is the page readers get.
    """
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock(), override_settings(PAGE_CACHE_ENABLED=True, KEPT_LISTINGS_ENABLED=True):
        call_command("flush", interactive=False, verbosity=0)
        load()
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


def load_demo_with_places() -> None:
    """The demo, with an airport and an operator on the June 2024 charter, so every page type has a page."""
    from flights.models import Airport, Flight, Operator

    call_command("load_demo", stdout=io.StringIO())
    airport, _ = Airport.objects.get_or_create(
        icao="KAEX",
        defaults={"iata": "AEX", "name": "Alexandria International Airport", "city": "Alexandria", "region": "LA"},
    )
    operator, _ = Operator.objects.get_or_create(slug="globalx", defaults={"name": "GlobalX", "icao_code": "GXA"})
    Flight.objects.filter(slug="2024-06-prc-charter").update(origin=airport, operator=operator)


def axe_source() -> str:
    if not AXE_JS.exists():
        message = f"axe-core is not installed at {AXE_JS}: run `make install` (it needs npm)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


def axe_source_if_installed() -> str | None:
    return AXE_JS.read_text(encoding="utf-8") if AXE_JS.exists() else None


def axe_violations(page: Any, source: str) -> list[dict[str, Any]]:
    """axe-core's violations on the page as loaded, every impact, WCAG 2.2 AA and best practices."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the site's CSP (script-src 'self', rightly) refuses an
        # inline <script>, and the pages are checked under their real policy.
        page.evaluate("source => { (0, eval)(source); }", source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [node["target"] for node in v["nodes"][:5]],
        }
        for v in result["violations"]
    ]


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=1)


def overflow(page: Any) -> dict[str, Any] | None:
    """None when the page fits the viewport's width; else the widths and the elements that stick out."""
    found = page.evaluate(
        """() => {
          const width = window.innerWidth;
          const scroll = document.documentElement.scrollWidth;
          if (scroll <= width) return null;
          const culprits = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.table-scroll'))
            .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
          return {viewport: width, scrollWidth: scroll, culprits};
        }"""
    )
    return found


def small_targets(page: Any) -> list[str]:
    """Controls smaller than 24 by 24 CSS pixels (WCAG 2.2, 2.5.8); links inside running text are exempt there."""
    return page.evaluate(
        """() => {
          const selector = 'button, select, input:not([type=hidden]), summary, .footnote-ref a, .notes .back, '
            + '.chip, .chip-clear, .pagination a, .site-header a, .skip-link:focus, .sort-box select';
          return [...document.querySelectorAll(selector)].filter(e => {
            const box = e.getBoundingClientRect();
            if (box.width === 0 && box.height === 0) return false;  // not shown at this width
            return box.width < 24 || box.height < 24;
          }).map(e => e.outerHTML.slice(0, 120) + ' ' + Math.round(e.getBoundingClientRect().width) + 'x'
                   + Math.round(e.getBoundingClientRect().height));
        }"""
    )


def small_form_text(page: Any) -> list[str]:
    """Form controls whose text is under 16 px (iOS zooms into those on focus)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
            'input:not([type=hidden]):not([type=checkbox]), select, textarea, button')]
          .filter(e => e.getBoundingClientRect().width > 0 && parseFloat(getComputedStyle(e).fontSize) < 16)
          .map(e => e.outerHTML.slice(0, 100) + ' ' + getComputedStyle(e).fontSize)"""
    )
