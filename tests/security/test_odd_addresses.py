"""Addresses nobody links to (ids that are not ids, random query strings) get a 4xx answer, never a 500: on every
public page and in the admin, as an editor who mistypes a URL or a scanner walking the site meets them. Forms
posted with such ids come back with the field's error."""

from __future__ import annotations

import io
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.models import Article
from flights.models import Flight, Source
from newsroom.recent import forget_all
from tests.conftest import JUNE_2025, JUNE_2025_STORY

# Not ids: punctuation, digits other than ASCII ones (str.isdigit() is true of both), past BigAutoField's range,
# zero and a negative number.
NOT_IDS = [":", "²", "٣", "１", "9223372036854775808", "99999999999999999999999", "0", "-1", "1.5", " 1"]
RECORD_PAGES = ["{}/change/", "{}/history/", "{}/history/1/", "{}/history/restore/", "{}/delete/", "{}/editing/"]
STORY_PAGES = ["{}/withdraw/", "{}/share/", "{}/share/1/revoke/"]


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["flights/flight", "flights/claim", "flights/source", "articles/article"])
@pytest.mark.parametrize("odd", NOT_IDS)
def test_admin_pages_for_an_id_that_is_not_one_are_not_found(editor_client, demo, model, odd):
    pages = RECORD_PAGES + (STORY_PAGES if model == "articles/article" else [])
    for page in pages:
        url = f"/admin/{model}/" + page.format(quote(odd, safe=""))
        response = editor_client.get(url)
        # 404; the admin's own redirect to the list saying there is no such record (Django's change and delete
        # pages); or 405 for a page that takes only POST.
        assert response.status_code in (302, 404, 405), (url, response.status_code)
        if response.status_code == 302:
            landed = editor_client.get(url, follow=True)
            assert "doesn’t exist" in landed.content.decode(), url
    for page in STORY_PAGES[:2] if model == "articles/article" else []:
        url = f"/admin/{model}/" + page.format(quote(odd, safe=""))
        assert editor_client.post(url, {"reason": "x"}).status_code in (302, 404), url


@pytest.mark.django_db
def test_a_version_that_is_not_a_number_is_not_found(editor_client, demo):
    flight = Flight.objects.get(slug=JUNE_2025)
    assert editor_client.get(f"/admin/flights/flight/{flight.pk}/history/latest/").status_code == 404
    source = Source.objects.order_by("pk").first()
    assert editor_client.get(f"/admin/flights/source/{source.pk}/history/²/").status_code == 404


@pytest.mark.django_db
def test_check_now_ignores_cited_ids_that_are_not_ids(editor_client, demo):
    story = Article.objects.get(slug=JUNE_2025_STORY)
    flight = Flight.objects.get(slug=JUNE_2025)
    response = editor_client.post(
        "/admin/articles/article/check-now/",
        {"body": story.body, "cited": ["²", "9223372036854775808", str(flight.pk)]},
    )
    assert response.status_code == 200
    # The real citation is still checked: the story's own flight is named in the findings.
    assert "2025" in response.content.decode()


@pytest.mark.django_db
def test_flight_year_filter_takes_only_a_year(editor_client, demo):
    for odd in ("²", "٣٠٢٥", "99999", "2025"):
        response = editor_client.get("/admin/flights/flight/", {"departed": odd})
        assert response.status_code in (200, 302), odd


text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
odd_values = st.one_of(
    text,
    st.sampled_from(["", " ", "+", "0", "-1", "²", "٣", "１", "1.5", "\x00", "'", "%", "99999999999999999999", "last"]),
)
QUERY_KEYS = [
    "q", "page", "sort", "year", "country", "kind", "topic", "author", "record", "group", "origin", "destination",
    "operator", "source", "date_from", "date_to", "passengers_min", "o", "e", "p", "_changelist_filters", "status",
    "conflicts", "records", "whose", "departed", "published_at__year", "published_at__month",
]  # fmt: skip
query_strings = st.lists(st.tuples(st.one_of(st.sampled_from(QUERY_KEYS), text), odd_values), max_size=6).map(urlencode)
segments = odd_values.filter(lambda s: s not in (".", "..")).map(lambda s: quote(s, safe=""))

PUBLIC = [
    "/", "/articles/", f"/articles/{JUNE_2025_STORY}/", "/corrections/", "/flights/routes/", "/flights/country/",
    "/flights/country/CN/", "/flights/airports/", "/flights/operators/", "/flights/sources/", f"/flights/{JUNE_2025}/",
    "/flights/aggregates.csv", "/flights/aggregates.json", "/data/ice-air/", "/feed/", "/feed/atom/",
    "/corrections/feed/", "/sitemap.xml", "/sitemap-news.xml", "/articles/topics/china/feed/",
]  # fmt: skip
PUBLIC_PATTERNS = [
    "/flights/country/{}/", "/flights/airports/{}/", "/flights/operators/{}/", "/flights/sources/{}/", "/flights/{}/",
    "/articles/{}/", "/sitemap-{}.xml", "/articles/topics/{}/", "/articles/authors/{}/", "/articles/topics/{}/feed/",
]  # fmt: skip
ADMIN_MODELS = ["flights/flight", "flights/claim", "flights/source", "flights/airport", "articles/article"]
ADMIN_PAGES = ["", "{}/change/", "{}/history/", "{}/history/{}/", "{}/editing/", "{}/share/", "{}/withdraw/"]


# The article form with everything but the chosen records filled in as an editor would.
ARTICLE_FORM = {
    "headline": "Charter to Guatemala", "slug": "charter-to-guatemala", "dek": "", "body": "A flight left.",
    "cited_flights-TOTAL_FORMS": "0", "cited_flights-INITIAL_FORMS": "0",
    "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0", "_save": "1",
}  # fmt: skip


# The add forms of the records and the story: fixed parts (inline counts, the button), then fields drawn at random.
ADD_FORMS = {
    "/admin/articles/article/add/": {**ARTICLE_FORM, "cited_flights-TOTAL_FORMS": "1"},
    "/admin/flights/claim/add/": {},
    "/admin/flights/flight/add/": {
        "claims-TOTAL_FORMS": "1", "claims-INITIAL_FORMS": "0", "legs-TOTAL_FORMS": "0", "legs-INITIAL_FORMS": "0",
    },
    "/admin/flights/source/add/": {},
}  # fmt: skip
FORM_FIELDS = {
    "/admin/articles/article/add/": [
        "headline", "slug", "body", "authors", "topics", "published_at_0", "published_at_1", "cited_flights-0-flight",
        "cited_flights-0-position",
    ],
    "/admin/flights/claim/add/": ["flight", "field", "value", "source", "status", "held_until_0", "held_for_story"],
    "/admin/flights/flight/add/": [
        "slug", "kind", "departed_earliest", "departed_latest", "origin", "destination", "destination_country",
        "passengers_total", "operator", "claims-0-field", "claims-0-value", "claims-0-source", "claims-0-status",
    ],
    "/admin/flights/source/add/": ["slug", "title", "publisher", "kind", "tier", "url", "published_on"],
}  # fmt: skip


class RandomAddresses(TestCase):
    """The archive and the flight database have their own (tests/flights/test_database_fuzz.py)."""

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=io.StringIO())
        cls.editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "a-long-test-password")

    def assertAnswered(self, url: str, as_editor: bool = False) -> None:
        cache.clear()
        forget_all()  # nothing kept from an earlier example: each address is rendered
        if as_editor:
            self.client.force_login(self.editor)
        response = self.client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        self.assertLess(response.status_code, 500, url)

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(PUBLIC), query_strings)
    def test_public_pages_with_any_query(self, path: str, query: str) -> None:
        self.assertAnswered(f"{path}?{query}")

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(PUBLIC_PATTERNS), segments)
    def test_public_pages_at_any_address(self, pattern: str, segment: str) -> None:
        self.assertAnswered(pattern.format(segment))

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(sorted(ADD_FORMS)), st.data())
    def test_admin_add_forms_with_any_values(self, path: str, data: st.DataObject) -> None:
        cache.clear()
        self.client.force_login(self.editor)
        posted = dict(ADD_FORMS[path])
        for name in FORM_FIELDS[path]:
            if data.draw(st.booleans()):
                posted[name] = data.draw(odd_values)
        response = self.client.post(path, posted)
        self.assertLess(response.status_code, 500, (path, posted))

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(ADMIN_MODELS), st.sampled_from(ADMIN_PAGES), segments, segments, query_strings)
    def test_admin_pages_at_any_address(self, model: str, page: str, first: str, second: str, query: str) -> None:
        self.assertAnswered(f"/admin/{model}/" + page.format(first, second) + f"?{query}", as_editor=True)


@pytest.mark.django_db
def test_an_airport_or_country_code_with_a_nul_or_other_characters_is_not_found(client, demo):
    for path in ("/flights/airports/%00/", "/flights/airports/KD%00W/", "/flights/airports/K%C3%A9FW/",
                 "/flights/country/%00/", "/flights/country/C%00/"):  # fmt: skip
        assert client.get(path).status_code == 404, path


@pytest.mark.django_db
@pytest.mark.parametrize("odd", [":", "²", "9223372036854775808", "99999999999999999999999"])
def test_forms_posted_with_an_id_that_is_not_one_say_so_and_save_nothing(editor_client, demo, odd):
    stories = Article.objects.count()
    # A cited flight (an autocomplete box, shown back with the refused value).
    cited = {**ARTICLE_FORM, "cited_flights-TOTAL_FORMS": "1", "cited_flights-0-flight": odd}
    response = editor_client.post("/admin/articles/article/add/", cited)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    # Authors and topics (many records chosen at once).
    for field in ("authors", "topics"):
        response = editor_client.post("/admin/articles/article/add/", {**ARTICLE_FORM, field: [odd]})
        assert response.status_code == 200, field
        assert (
            "is not a valid value" in response.content.decode() or "Select a valid choice" in response.content.decode()
        )
    assert Article.objects.count() == stories
    # A claim's flight and source.
    claims = Flight.objects.get(slug=JUNE_2025).claims.count()
    claim = {"flight": odd, "field": "passengers_total", "value": "122", "source": odd, "status": "proposed"}
    response = editor_client.post("/admin/flights/claim/add/", claim)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert Flight.objects.get(slug=JUNE_2025).claims.count() == claims
