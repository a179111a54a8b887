"""`python manage.py factcheck`: what an editor sees and the exit code a script can act on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.demo_records import JUNE_2025, make_article

TEXTS = Path(__file__).parent / "texts"
ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("factcheck", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code), out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db
def test_text_with_the_aggregators_errors_exits_1_and_names_ice(demo_flights):
    code, out = _run("--text", str(TEXTS / "aggregator.md"), "--flight", JUNE_2025, "--published-on", "2025-06-10")

    assert code == 1
    assert "contradiction" in out and "not 116" in out and "not 6" in out
    assert "U.S. Immigration and Customs Enforcement" in out


@pytest.mark.django_db
def test_json_prints_one_object_per_finding_with_the_promised_keys(demo_flights):
    code, out = _run("--text", str(TEXTS / "aggregator.md"), "--flight", JUNE_2025, "--json")

    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    women = next(r for r in rows if r["claimed"] == "six women")
    assert {k: women[k] for k in ("kind", "recorded", "field", "flight")} == {
        "kind": "contradiction",
        "recorded": "26",
        "field": "women",
        "flight": JUNE_2025,
    }
    assert "ICE Dallas leads DHS effort" in women["source"]
    assert women["sentence"].startswith("The group was made up of 116 men")


@pytest.mark.django_db
def test_stored_articles_without_contradiction_exit_0(demo_flights):
    make_article(
        slug="right",
        body=f"ICE removed {{{{ flight:{JUNE_2025}:passengers_total }}}} Chinese nationals: 96 men and 26 women.",
        cites=[demo_flights[JUNE_2025]],
    )

    code, out = _run("right")

    assert code == 0
    assert "right: 4 consistent" in out  # 122, Chinese, 96 men, 26 women


@pytest.mark.django_db
def test_stored_article_with_a_wrong_count_exits_1(demo_flights):
    make_article(slug="wrong", body="The flight carried 116 men.", cites=[demo_flights[JUNE_2025]])
    make_article(slug="right", body="The flight carried 96 men.", cites=[demo_flights[JUNE_2025]])

    code, out = _run()  # every article

    assert code == 1
    assert "wrong: 1 contradiction" in out
    assert "right: 1 consistent" in out


@pytest.mark.django_db
def test_unknown_article_or_flight_is_bad_usage_with_a_clear_message(demo_flights):
    with pytest.raises(CommandError, match="no article with the slug nope") as article:
        call_command("factcheck", "nope")
    with pytest.raises(CommandError, match="no flight with the slug nope") as flight:
        call_command("factcheck", "--text", str(TEXTS / "aggregator.md"), "--flight", "nope")

    assert article.value.returncode == flight.value.returncode == 2


def test_unreadable_file_exits_2_without_a_traceback():
    env = {**os.environ, "DJANGO_DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "factcheck", "--text", "/no/such/file.md", "--flight", JUNE_2025],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "cannot read /no/such/file.md: No such file or directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_text_without_a_flight_exits_2():
    env = {**os.environ, "DJANGO_DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "factcheck", "--text", str(TEXTS / "aggregator.md")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "--text needs at least one --flight" in result.stderr
