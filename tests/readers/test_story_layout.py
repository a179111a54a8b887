"""The story page as readers get it: updates under the byline, footnotes grouped by source, no unsourced facts,
lead images in responsive sizes; the home page's lead story; headings that never skip a level on any page."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, Correction
from flights.models import Claim, Flight
from tests.demo_records import make_article
from tests.e2e.pages import JUNE_2025, JUNE_2025_STORY, public_pages
from tests.readers.helpers import parse_head, skipped_levels

pytestmark = pytest.mark.django_db


def page(client, path: str) -> str:
    return client.get(path).content.decode()


def test_updates_and_corrections_sit_under_the_byline_dated_and_linking_to_the_full_note(client, site):
    article = Article.objects.get(slug=JUNE_2025_STORY)
    long_note = "ICE later said two of the women were released before the flight. " * 6
    note = Correction.objects.create(article=article, kind="update", text=long_note)
    html = page(client, article.get_absolute_url())
    byline = html.index('class="meta byline"')
    updates = html.index('class="update-notes"')
    body = html.index('<div class="body">')
    assert byline < updates < body
    top = html[updates:body]
    assert "Update, <time" in top and f'href="#correction-{note.pk}"' in top
    assert top.count("released before the flight") < 6  # a short version at the top ...
    full = html[html.index(f'id="correction-{note.pk}"') :]
    assert full.count("released before the flight") >= 6  # ... the whole note where the link goes
    assert "Updated <time" in html[byline:updates]


def test_footnotes_name_each_source_once_and_number_the_values_it_states(client, site):
    html = page(client, f"/articles/{JUNE_2025_STORY}/")
    notes = html[html.index('id="notes-heading"') :]
    notes = notes[: notes.index("</section>")]
    # Six values from the ICE release, one from the Los Angeles Times: two sources, seven numbered values.
    assert notes.count('class="source-cite"') == 2
    assert notes.count("“ICE Dallas leads DHS effort") == 1
    assert re.findall(r'<li id="fn-(\d+)" value="\1">', notes) == ["1", "2", "3", "4", "5", "6", "7"]
    assert "Also stated by" in notes and "KnowHere News" in notes  # the second source for the total, named briefly


def test_readers_never_see_a_value_without_a_source(client, site):
    flight = Flight.objects.get(slug=JUNE_2025)
    Flight.objects.filter(pk=flight.pk).update(tail_number="N802TJ")  # a value no claim supports
    make_article(slug="tail", body=f"The plane was {{{{ flight:{JUNE_2025}:tail_number }}}}.", cites=[flight])
    for path in ("/articles/tail/", f"/flights/{JUNE_2025}/"):
        html = page(client, path)
        assert "no source recorded" not in html.lower(), path
        assert not any("tail_number" in anchor for anchor in re.findall(r'id="box-[^"]*"', html)), path
    story = page(client, "/articles/tail/")
    # The sentence stays readable, without a footnote or a fact-box row claiming a source.
    assert '<span class="citation citation-unsourced">N802TJ</span>' in story
    assert 'id="fn-' not in story
    assert "tail_number" not in page(client, f"/flights/{JUNE_2025}/").split('id="record"')[1].split("</section>")[0]


def test_the_fact_box_leads_with_the_flight_the_story_is_about(client, site):
    html = page(client, f"/articles/{JUNE_2025_STORY}/")
    box = html[html.index('class="fact-box"') :]
    assert box.index("June 3, 2025 special high risk charter") < box.index("June 29–30, 2024 charter removal")
    # The fact box and the reviews come after the text in the document (on phones they follow it).
    assert html.index('<div class="body">') < html.index('class="story-side"') < html.index('id="notes-heading"')


def test_lead_image_comes_in_responsive_sizes_with_alt_text_and_credit(client, site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1000), (120, 60, 30)).save(buffer, "JPEG")
    article = Article.objects.get(slug=JUNE_2025_STORY)
    article.lead_image = SimpleUploadedFile("charter.jpg", buffer.getvalue(), content_type="image/jpeg")
    article.lead_image_alt = "A chartered jet on the apron at Dallas Love Field"
    article.lead_image_credit = "Photo: The Removal Record"
    article.save()
    html = page(client, article.get_absolute_url())
    img = re.search(
        r'<img src="([^"]+)" srcset="([^"]+)"\s+sizes="[^"]+" width="(\d+)" height="(\d+)"\s+alt="([^"]+)">', html
    )
    assert img, html[html.index('<figure class="lead">') :][:600]
    widths = [int(w) for w in re.findall(r" (\d+)w", img.group(2))]
    assert widths == [480, 800, 1200, 1600]
    assert (img.group(3), img.group(4)) == ("1600", "800")
    assert img.group(5) == "A chartered jet on the apron at Dallas Love Field"
    assert "<figcaption>Photo: The Removal Record</figcaption>" in html
    for url in re.findall(r"(\S+) \d+w", img.group(2)):
        with Image.open(tmp_path / url.removeprefix(settings.MEDIA_URL)) as rendition:
            assert rendition.width in widths
    head = parse_head(html)
    assert head.meta["og:image"].endswith("-1600w.jpg")
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_home_leads_with_the_newest_story(client, site):
    html = page(client, "/")
    lead = html[html.index('class="lead-story"') :]
    assert lead.index("ICE flew 122 Chinese nationals") < lead.index("More stories")
    assert '<h2 class="lead-headline">' in lead


def test_headings_never_skip_a_level_on_any_public_page(client, site):
    Correction.objects.create(article=Article.objects.get(slug=JUNE_2025_STORY), text="A note.")
    for name, path in public_pages().items():
        levels = parse_head(page(client, path)).headings
        assert skipped_levels(levels) == [], (name, levels)


def test_public_pages_carry_no_inline_script_style_or_event_handler(client, site):
    """A Content-Security-Policy without 'unsafe-inline' is coming: nothing on a public page may need it."""
    for name, path in public_pages().items():
        html = page(client, path)
        scripts = re.findall(r"<script(?![^>]*type=\"application/ld\+json\")([^>]*)>", html)
        assert all('src="' in attrs for attrs in scripts), (name, scripts)
        assert not re.search(r"\sstyle=\"", html), name
        assert not re.search(r"\son[a-z]+=", html), name
        assert "<style" not in html, name


def test_the_june_2025_story_reviews_other_reports_visibly(client, site):
    html = page(client, f"/articles/{JUNE_2025_STORY}/")
    reviews = html[html.index('class="reviews"') :]
    reviews = reviews[: reviews.index("</section>")]
    ids = {int(pk) for pk in re.findall(r'id="review-(\d+)"', reviews)}
    disputed = set(
        Claim.objects.filter(
            flight__slug=JUNE_2025, status="disputed", field__in=["passengers_male", "passengers_female"]
        ).values_list("pk", flat=True)
    )
    assert ids == disputed
