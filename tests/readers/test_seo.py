"""What search engines and social networks read: titles, descriptions, canonical links, robots rules, Open Graph,
Twitter cards and JSON-LD (read with extruct, as a crawler would), on every public page type."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from articles.models import Article, Correction
from tests.e2e.pages import JUNE_2025, JUNE_2025_STORY, PAGE_TYPES, public_pages
from tests.readers.helpers import jsonld_items, link_href, of_type, parse_head

pytestmark = pytest.mark.django_db


def get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code in (200, 404), path
    return response.content.decode()


def test_every_page_type_has_its_own_title_description_canonical_and_social_tags(client, site):
    pages = public_pages()
    assert len(pages) == len(PAGE_TYPES), sorted(set(PAGE_TYPES) - set(pages))
    titles, descriptions = {}, {}
    for name, path in pages.items():
        head = parse_head(get(client, path))
        titles[name] = head.title.strip()
        descriptions[name] = head.meta["description"]
        assert head.meta["og:title"] == head.title.strip(), name
        assert head.meta["og:description"] == head.meta["description"], name
        assert head.meta["og:image"].startswith("http://testserver/"), name
        assert head.meta["twitter:card"] == "summary_large_image", name
        assert head.meta["twitter:title"] == head.title.strip(), name
        assert link_href(head, "canonical")[0].startswith("http://testserver/"), name
        assert link_href(head, "icon"), name
        assert link_href(head, "manifest") == ["/manifest.webmanifest"], name
        assert link_href(head, "alternate", "application/atom+xml"), name
    # No two page types share a title or a description (the site's generic one was on six of them).
    assert len(set(titles.values())) == len(titles), titles
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    assert "116" not in descriptions["flight"] and "122 people aboard" in descriptions["flight"]


def test_canonical_urls_and_robots_rules(client, site):
    def head(path: str):
        page = parse_head(get(client, path))
        return page.meta["robots"], link_href(page, "canonical")[0]

    assert head("/articles/") == ("index, follow", "http://testserver/articles/")
    # The first page of one facet value is worth indexing; its canonical keeps just that value.
    assert head("/articles/?topic=china") == ("index, follow", "http://testserver/articles/?topic=china")
    # Parameters the list does not know (tracking tags) change nothing and stay out of the canonical URL.
    assert head("/articles/?topic=china&utm_source=x") == ("index, follow", "http://testserver/articles/?topic=china")
    assert head("/flights/?country=CN") == ("index, follow", "http://testserver/flights/?country=CN")
    # Searches, several filters, a sort or a later page: noindex, follow.
    for path in ("/articles/?q=china", "/flights/?country=CN&year=2024", "/flights/?sort=oldest", "/flights/?page=2"):
        assert head(path)[0] == "noindex, follow", path
    assert head("/flights/?country=CN&country=GT")[0] == "noindex, follow"
    # Other lists: page 2 and on are noindex; a story's canonical drops tracking parameters.
    assert head("/corrections/?page=2") == ("noindex, follow", "http://testserver/corrections/?page=2")
    story = f"/articles/{JUNE_2025_STORY}/"
    assert head(story + "?utm_campaign=share") == ("index, follow", "http://testserver" + story)


def test_blank_parameters_count_as_absent_in_the_robots_rule(client, site):
    """A parameter of only spaces (`?page=+`, a form sent with a space in a box) is no value: the page is
    the first page, not a 500 (the fuzz test found `?page=+` on the archive)."""
    for path in ("/articles/?page=+", "/flights/?page=%20%20", "/articles/?topic=+&q=%09", "/flights/?country=+"):
        page = parse_head(get(client, path))
        assert page.meta["robots"] == "index, follow", path
        assert link_href(page, "canonical")[0] == "http://testserver" + path.split("?")[0], path
    assert client.get("/corrections/?page=+").status_code == 404  # not a page number: no such page, as ?page=x
    # A blank value beside a real one leaves the real one to decide.
    page = parse_head(get(client, "/articles/?topic=+&topic=china"))
    assert link_href(page, "canonical")[0] == "http://testserver/articles/?topic=china"


def test_site_url_setting_makes_every_absolute_link_public(client, site, settings):
    settings.SITE_URL = "https://removalrecord.example"
    html = get(client, f"/articles/{JUNE_2025_STORY}/")
    page = parse_head(html)
    assert link_href(page, "canonical") == [f"https://removalrecord.example/articles/{JUNE_2025_STORY}/"]
    article = of_type(jsonld_items(html), "NewsArticle")[0]
    assert article["url"] == f"https://removalrecord.example/articles/{JUNE_2025_STORY}/"


def test_story_is_a_news_article_with_dates_authors_publisher_image_and_corrections(client, site):
    article = Article.objects.get(slug=JUNE_2025_STORY)
    Correction.objects.create(article=article, kind="correction", text="An earlier version misspelled Dallas.")
    html = get(client, article.get_absolute_url())
    head = parse_head(html)
    assert head.meta["og:type"] == "article"
    assert head.meta["article:published_time"].startswith("2025-06-10T")
    items = jsonld_items(html)
    news = of_type(items, "NewsArticle")[0]
    assert news["headline"] == article.headline
    assert news["datePublished"].startswith("2025-06-10T")
    assert news["dateModified"] >= news["datePublished"]
    assert [author["name"] for author in news["author"]] == ["Maria Okafor"]
    assert news["author"][0]["url"] == "http://testserver/articles/authors/maria-okafor/"
    assert news["publisher"]["name"] == "The Removal Record"
    assert news["image"] == []  # no lead image: search engines fall back to the page's og:image
    assert news["correction"][0]["@type"] == "CorrectionComment"
    assert news["correction"][0]["text"] == "An earlier version misspelled Dallas."
    assert news["correction"][0]["url"].startswith(f"http://testserver/articles/{JUNE_2025_STORY}/#correction-")
    crumbs = of_type(items, "BreadcrumbList")[0]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == ["Home", "Stories", article.headline]


def test_june_2025_story_reviews_the_aggregators_116_men_and_six_women_against_ice(client, site):
    html = get(client, f"/articles/{JUNE_2025_STORY}/")
    reviews = of_type(jsonld_items(html), "ClaimReview")
    by_claim = {review["claimReviewed"].split(" on the ")[0]: review for review in reviews}
    assert set(by_claim) == {"116 men", "six women"}
    men, women = by_claim["116 men"], by_claim["six women"]
    for review, ice in ((men, "96 men"), (women, "26 women")):
        assert review["itemReviewed"]["author"]["name"] == "KnowHere News"
        assert review["itemReviewed"]["appearance"]["url"].startswith("https://knowherenews.com/")
        rating = review["reviewRating"]
        assert (rating["ratingValue"], rating["worstRating"], rating["bestRating"]) == (1, 1, 5)
        assert rating["alternateName"] == f"False: U.S. Immigration and Customs Enforcement gives {ice}"
        assert review["author"]["name"] == "The Removal Record"
        assert review["url"].startswith(f"http://testserver/articles/{JUNE_2025_STORY}/#review-")
        assert "June 3, 2025 special high risk charter to China" in review["claimReviewed"]
    # Readers see the same check on the page (search engines want the review visible).
    assert "“116 men”" in html and "gives 96 men" in html and "“six women”" in html and "gives 26 women" in html


def test_a_story_citing_no_disputed_value_has_no_claim_review(client, site):
    html = get(client, "/articles/removal-charters-china-2024-series/")
    assert of_type(jsonld_items(html), "ClaimReview") == []
    assert of_type(jsonld_items(html), "NewsArticle")


def test_flight_page_describes_a_flight_with_its_airports_and_breadcrumbs(client, site):
    html = get(client, reverse("flights:detail", kwargs={"slug": "2024-06-prc-charter"}))
    items = jsonld_items(html)
    flight = of_type(items, "Flight")[0]
    assert flight["departureAirport"] == {
        "@type": "Airport",
        "@id": "http://testserver/flights/airports/KAEX/#airport",
        "name": "Alexandria International Airport",
        "icaoCode": "KAEX",
        "iataCode": "AEX",
        "url": "http://testserver/flights/airports/KAEX/",
        "geo": {"@type": "GeoCoordinates", "latitude": 31.3274, "longitude": -92.5498},
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "US",
            "addressLocality": "Alexandria",
            "addressRegion": "LA",
        },
    }
    assert flight["arrivalAirport"] == {"@type": "Place", "name": "China"}
    assert flight["provider"]["name"] == "GlobalX"
    assert flight["departureTime"] == "2024-06-29"
    assert "Departed between June 29–30, 2024" in flight["description"]
    crumbs = [c["name"] for c in of_type(items, "BreadcrumbList")[0]["itemListElement"]]
    assert crumbs == ["Home", "Flight records", "China", "June 29–30, 2024"]
    june_2025 = of_type(jsonld_items(get(client, f"/flights/{JUNE_2025}/")), "Flight")[0]
    assert june_2025["departureAirport"] == {"@type": "Place", "name": "Dallas, TX"}


def test_flight_database_is_a_dataset_with_its_downloads(client, site):
    html = get(client, reverse("flights:list"))
    dataset = of_type(jsonld_items(html), "Dataset")[0]
    assert dataset["url"] == "http://testserver/flights/"
    assert "Counts that no source states are empty" in dataset["description"]
    assert {d["encodingFormat"]: d["contentUrl"] for d in dataset["distribution"]} == {
        "text/csv": "http://testserver/flights/flights.csv",
        "application/json": "http://testserver/flights/flights.json",
    }
    assert dataset["temporalCoverage"] == "2024-01-01/2025-12-31"
    assert dataset["creator"]["name"] == "The Removal Record"
    assert dataset["isAccessibleForFree"] is True


def test_airport_country_operator_and_source_pages_name_what_they_are(client, site):
    airport = of_type(jsonld_items(get(client, "/flights/airports/KAEX/")), "Airport")[0]
    assert airport["icaoCode"] == "KAEX"
    country = of_type(jsonld_items(get(client, "/flights/country/CN/")), "Country")[0]
    assert (country["name"], country["identifier"]) == ("China", "CN")
    airline = of_type(jsonld_items(get(client, "/flights/operators/globalx/")), "Airline")[0]
    assert airline["name"] == "GlobalX"
    source = jsonld_items(get(client, "/flights/sources/latimes-2024-07-02/"))
    assert source[0]["@type"] == "NewsArticle" and source[0]["publisher"]["name"] == "Los Angeles Times"


def test_home_describes_the_site_and_its_search(client, site):
    items = jsonld_items(get(client, "/"))
    site_item = of_type(items, "WebSite")[0]
    assert site_item["potentialAction"]["target"]["urlTemplate"] == "http://testserver/articles/?q={q}"
    assert of_type(items, "NewsMediaOrganization")[0]["logo"]["url"].endswith("/static/img/icon-512.png")


def test_jsonld_cannot_close_its_script_element(client, site):
    article = Article.objects.get(slug=JUNE_2025_STORY)
    Correction.objects.create(article=article, text="</script><script>alert(1)</script>")
    html = get(client, article.get_absolute_url())
    block = html[html.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "<script>alert" not in block
    assert "\\u003c/script\\u003e" in block
    json.loads(block[block.index(">") + 1 :])


def test_favicon_and_manifest(client, site):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("/static/img/favicon.ico")
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["name"] == "The Removal Record" and data["start_url"] == "/"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
