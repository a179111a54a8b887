"""Values no source states are hidden from readers; the admin tells editors which ones, on the flight and the story."""

from __future__ import annotations

import pytest

from flights.models import Flight
from tests.demo_records import make_article
from tests.e2e.pages import JUNE_2025

pytestmark = pytest.mark.django_db


def test_flight_change_page_lists_values_readers_do_not_see(editor_client, demo):
    flight = Flight.objects.get(slug=JUNE_2025)
    Flight.objects.filter(pk=flight.pk).update(tail_number="N802TJ")
    html = editor_client.get(f"/admin/flights/flight/{flight.pk}/change/").content.decode()
    assert "Readers do not see these values, because no accepted claim states them: tail number (N802TJ)" in html
    sourced = Flight.objects.get(slug="2024-10-15-prc-charter")
    assert "Readers do not see" not in editor_client.get(f"/admin/flights/flight/{sourced.pk}/change/").content.decode()


def test_article_change_page_warns_about_citations_without_a_source(editor_client, demo):
    flight = Flight.objects.get(slug=JUNE_2025)
    Flight.objects.filter(pk=flight.pk).update(tail_number="N802TJ")
    body = f"Tail {{{{ flight:{JUNE_2025}:tail_number }}}}, men {{{{ flight:{JUNE_2025}:passengers_male }}}}."
    article = make_article(slug="tail", body=body, cites=[flight])
    html = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "No source states these cited values, so readers see them without a footnote: tail number" in html
    assert "(N802TJ)" in html
    assert "men, June 3" not in html.split("No source states")[1].split("</li>")[0]  # 96 men has its ICE source
