"""A changed accepted value notes only the published stories whose text depends on that field."""

from __future__ import annotations

import pytest

from articles.models import Correction
from flights.models import Claim
from flights.services import accept_claim
from tests.demo_records import JUNE_2024, JUNE_2025, NOV_2024, make_article

pytestmark = pytest.mark.django_db


def _accept(capture, flight_slug: str, field: str, source: str) -> None:
    claim = Claim.objects.get(flight__slug=flight_slug, field=field, source__slug=source)
    with capture(execute=True):
        accept_claim(claim=claim)


def test_only_stories_depending_on_the_changed_field_get_a_note(demo_flights, django_capture_on_commit_callbacks):
    june = demo_flights[JUNE_2025]
    women = make_article(slug="women", body=f"Women aboard: {{{{ flight:{JUNE_2025}:passengers_female }}}}.", cites=[])
    men = make_article(slug="men", body=f"{{{{ flight:{JUNE_2025}:passengers_male }}}} men were aboard.", cites=[june])
    box_only = make_article(slug="box-only", body="A charter left Dallas for China.", cites=[june])
    spaced = make_article(slug="spaced", body=f"Women: {{{{flight : {JUNE_2025} : passengers_female}}}}", cites=[])
    total_fact = make_article(
        slug="total-fact", body=f"That year: {{{{ fact:{JUNE_2025}:passengers_that_year }}}} people.", cites=[]
    )

    _accept(django_capture_on_commit_callbacks, JUNE_2025, "passengers_female", "knowhere-2025-06")

    noted = sorted(Correction.objects.values_list("article__slug", flat=True))
    assert noted == sorted([women.slug, spaced.slug])
    for story in (men, box_only, total_fact):
        assert not story.corrections.exists()


def test_a_derived_fact_reading_the_field_of_another_flight_to_the_country_gets_a_note(
    demo_flights, django_capture_on_commit_callbacks
):
    # "People removed that year" on the June 2024 flight reads every 2024 count to China, November's too;
    # the same fact on the 2025 flight reads only 2025 counts, and "previous flight" reads dates alone.
    year_2024 = make_article(slug="year", body=f"{{{{ fact:{JUNE_2024}:passengers_that_year }}}} in 2024.", cites=[])
    year_2025 = make_article(slug="year-25", body=f"{{{{ fact:{JUNE_2025}:passengers_that_year }}}} so far.", cites=[])
    largest = make_article(slug="largest", body=f"{{{{ fact:{JUNE_2025}:largest_flight_passengers }}}}.", cites=[])
    previous = make_article(slug="previous", body=f"Before it: {{{{ fact:{JUNE_2025}:previous_flight }}}}.", cites=[])
    other_field = make_article(slug="other", body=f"{{{{ flight:{NOV_2024}:passengers_male }}}} men.", cites=[])

    _accept(django_capture_on_commit_callbacks, NOV_2024, "passengers_total", "iamgujarat-2024-11")

    assert sorted(Correction.objects.values_list("article__slug", flat=True)) == sorted([year_2024.slug, largest.slug])
    for story in (year_2025, previous, other_field):
        assert not story.corrections.exists()


def _hidden_fields(html: str) -> dict[str, list[str]]:
    import html as html_lib
    import re

    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        fields.setdefault(html_lib.unescape(name), []).append(html_lib.unescape(value))
    return fields


def test_the_data_editor_confirms_the_notes_before_a_claim_change_is_saved(
    ana, demo_flights, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from flights.models import Flight
    from tests.editing.conftest import form_data

    story = make_article(slug="women", body=f"Women aboard: {{{{ flight:{JUNE_2025}:passengers_female }}}}.", cites=[])
    make_article(slug="ages", body=f"The youngest was {{{{ flight:{JUNE_2025}:age_min }}}}.", cites=[])
    six = Claim.objects.get(flight__slug=JUNE_2025, field="passengers_female", source__slug="knowhere-2025-06")
    url = reverse("admin:flights_claim_change", args=[six.pk])
    data = form_data(ana.get(url))
    data["status"] = "accepted"

    with django_capture_on_commit_callbacks(execute=True):
        shown = ana.post(url, data)

    html = shown.content.decode()
    assert shown.status_code == 200 and "Confirm the change and its update notes" in html
    assert "Women of 2025-06-03-dallas-prc-shrc: 26 &rarr; six (KnowHere News)" in html
    assert story.headline in html and story.get_absolute_url() in html
    assert "The number of women aboard the June 3, 2025 flight to China was 6, not 26" in html
    assert "Ages" not in html  # the story on ages does not depend on the women
    # Nothing was saved, and no note written.
    six.refresh_from_db()
    assert six.status == "disputed" and Flight.objects.get(slug=JUNE_2025).passengers_female == 26
    assert not Correction.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = ana.post(url, _hidden_fields(html), follow=True)

    assert "Update notes posted on 1 published story" in confirmed.content.decode()
    six.refresh_from_db()
    assert six.status == "accepted" and Flight.objects.get(slug=JUNE_2025).passengers_female == 6
    assert list(Correction.objects.values_list("article__slug", flat=True)) == ["women"]


def test_the_accept_action_asks_for_confirmation_too_and_a_change_without_stories_does_not(
    ana, demo_flights, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from flights.models import Flight

    make_article(slug="total", body=f"{{{{ flight:{NOV_2024}:passengers_total }}}} people.", cites=[])
    nov = Claim.objects.get(flight__slug=NOV_2024, field="passengers_total")
    changelist = reverse("admin:flights_claim_changelist")
    post = {"action": "accept_selected", "_selected_action": [nov.pk]}
    shown = ana.post(changelist, post)
    html = shown.content.decode()
    assert shown.status_code == 200 and "is 109, according to" in html
    assert Flight.objects.get(slug=NOV_2024).passengers_total is None

    with django_capture_on_commit_callbacks(execute=True):
        ana.post(changelist, _hidden_fields(html))
    assert Flight.objects.get(slug=NOV_2024).passengers_total == 109
    assert Correction.objects.count() == 1

    # Nobody cites the June 2025 youngest age: accepting a new one saves at once.
    from flights.models import Source
    from flights.services import record_claim

    claim = record_claim(
        flight=Flight.objects.get(slug=JUNE_2025), field="age_min", value="18", source=Source.objects.first()
    )
    done = ana.post(changelist, {"action": "accept_selected", "_selected_action": [claim.pk]}, follow=True)
    assert "Accepted 1 claim" in done.content.decode()
    assert Flight.objects.get(slug=JUNE_2025).age_min == 18
