"""Settings fail loudly and clearly on a bad environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_with_debug_off_names_the_variable():
    result = run_check(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_typo_in_a_switch_is_refused():
    result = run_check(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_debug_on_runs_without_a_secret_key():
    result = run_check(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_robots_txt_keeps_crawlers_out_of_admin_and_previews(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body and "Disallow: /articles/preview/" in body


def test_server_error_page_is_plain_and_says_what_happened(rf):
    from newsroom.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_stories_feed_and_sitemap_list_only_published_stories(client, demo):
    feed = client.get("/feed/").content.decode()
    assert "ICE flew 122 Chinese nationals home" in feed
    assert "What we know about the fourth China charter" not in feed
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-stories.xml" in index and "sitemap-flights.xml" in index
    stories = client.get("/sitemap-stories.xml").content.decode()
    assert "/articles/ice-dallas-charter-china-june-2025/" in stories
    assert "fourth-china-charter-what-we-know" not in stories
    flights = client.get("/sitemap-flights.xml").content.decode()
    assert "/flights/2025-06-03-dallas-prc-shrc/" in flights
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
