"""Production serving: one JSON log line per request with timing and query count; compressed HTML; warm start."""

from __future__ import annotations

import gzip
import json
import logging

import pytest
from django.urls import reverse

from tests.conftest import JUNE_2025_STORY

pytestmark = pytest.mark.django_db


def json_lines(caplog) -> list[dict]:
    """The request records as the configured console handler writes them: one JSON object per line."""
    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    spec = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(spec["fmt"], rename_fields=spec["rename_fields"])
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "newsroom.requests"]


def test_each_request_is_one_json_line_with_time_queries_and_status(client, demo, caplog):
    with caplog.at_level(logging.INFO, logger="newsroom.requests"):
        client.get(f"/articles/{JUNE_2025_STORY}/?utm=x")
        client.get("/articles/no-such-story/")
    story, missing = json_lines(caplog)
    assert story["path"] == f"/articles/{JUNE_2025_STORY}/" and story["query"] == "utm=x"
    assert story["status"] == 200 and story["view"] == "articles:detail" and story["method"] == "GET"
    assert story["sql_queries"] >= 5 and story["duration_ms"] > 0 and story["bytes"] > 1000
    assert story["level"] == "INFO" and story["logger"] == "newsroom.requests" and "time" in story
    assert missing["status"] == 404


def test_html_is_compressed_for_browsers_that_accept_it(client, demo):
    response = client.get(f"/articles/{JUNE_2025_STORY}/", headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "ICE flew 122 Chinese nationals" in html
    plain = client.get(f"/articles/{JUNE_2025_STORY}/")
    assert "Content-Encoding" not in plain and len(response.content) < len(plain.content) / 2


def test_the_warm_up_compiles_every_public_template_without_touching_the_database(django_assert_num_queries):
    from newsroom import warmup

    with django_assert_num_queries(0):
        warmup.warm()
    assert reverse("home") == "/"
