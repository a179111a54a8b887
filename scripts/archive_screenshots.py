"""Screenshots of the ICE Air archive pages (country, airport, route map), desktop and 390 px wide, into docs/img.

Run after `make bench-archive` has loaded the full ICE Air files into its database (ARCHIVE_DATABASE_URL, default
nr_iceair_bench): serves that database with gunicorn and drives Chromium (/usr/bin/chromium) with Playwright.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PORT = 8190
PAGES = {
    "archive-country-gt": "/flights/country/GT/",
    "archive-airport-kbro": "/flights/airports/KBRO/",
    "archive-route-map": "/flights/routes/",
}
WIDTHS = {"desktop": 1280, "phone": 390}
TALLEST = 3200


def main() -> None:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=os.environ.get("ARCHIVE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nr_iceair_bench"),
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="screenshots-only",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_PLAIN_STATIC="1",
        DJANGO_SECURE_COOKIES="0",
        REQUEST_LOG_LEVEL="WARNING",
    )
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "newsroom.wsgi:application", "--bind", f"127.0.0.1:{PORT}", "--workers", "2"], cwd=ROOT, env=env
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/robots.txt")
                break
            except OSError:
                time.sleep(0.2)
        out = ROOT / "docs" / "img"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for label, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                for name, path in PAGES.items():
                    page.goto(f"http://127.0.0.1:{PORT}{path}")
                    # The top of the page (totals, charts, rankings); the records table below runs on for pages.
                    height = min(page.evaluate("document.documentElement.scrollHeight"), TALLEST)
                    clip = {"x": 0, "y": 0, "width": width, "height": height}
                    page.screenshot(path=str(out / f"{name}-{label}.png"), full_page=True, clip=clip)
                    print(f"{name}-{label}.png: {path} at {width} px")
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
