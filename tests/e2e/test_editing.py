"""Editing together in a real browser: a stale save refused with the first editor's change shown, and writing
with the "Cite a record" panel and "Check now" by keyboard alone."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Article
from tests.demo_records import JUNE_2025, load_demo_records, make_article
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-e2e-password"


@pytest.fixture
def site(live_server) -> str:
    load_demo_records()
    for username, first, last in (("ana", "Ana", "Ortiz"), ("ben", "Ben", "Kaplan")):
        get_user_model().objects.create_superuser(
            username, f"{username}@example.org", PASSWORD, first_name=first, last_name=last
        )
    return live_server.url


def _log_in(browser, site: str, username: str):
    return log_in(browser, site, username, PASSWORD, height=1000)


def test_two_editors_the_second_stale_save_is_refused_and_the_first_is_kept(browser, site):
    story = make_article(slug="charter-story", body="The charter left Dallas early in the morning.", cites=[])
    url = f"{site}/admin/articles/article/{story.pk}/change/"
    ana_context, ana = _log_in(browser, site, "ana")
    ben_context, ben = _log_in(browser, site, "ben")
    try:
        ana.goto(url)
        ben.goto(url)
        # Ben is told Ana has the story open, and since when; nobody is blocked.
        assert re.search(r"being edited by Ana Ortiz since \d\d:\d\d", ben.locator(".messagelist").inner_text())

        ana.fill("#id_body", "The charter left Dallas early in the morning, ICE said.")
        ana.locator("input[name=_save]").first.click()
        ana.wait_for_selector(".messagelist .success")

        ben.fill("#id_headline", "Ben's sharper headline")
        ben.locator("input[name=_save]").first.click()
        ben.wait_for_selector(".errornote")
        notice = ben.locator(".messagelist").inner_text()
        assert "Ana Ortiz" in notice and "ICE said." in notice
        assert "Ana Ortiz saved this article" in ben.locator(".errorlist").first.inner_text()
        # Ben's typed headline is still in the form; Ana's body is what is stored, as the live story's draft
        # revision (readers keep the published text until an editor publishes it).
        assert ben.input_value("#id_headline") == "Ben's sharper headline"
        story.refresh_from_db()
        assert (
            story.draft_revision.body.endswith("ICE said.")
            and story.body == "The charter left Dallas early in the morning."
        )
        assert "Ben's sharper headline" not in {story.headline, story.draft_revision.headline}
        ben.screenshot(path="/tmp/editing-stale-save-refused.png", full_page=True)

        # Having read Ana's change, Ben saves again on purpose.
        ben.locator("input[name=_save]").first.click()
        ben.wait_for_selector(".messagelist .success")
        story.refresh_from_db()
        assert story.draft_revision.headline == "Ben's sharper headline"
    finally:
        ana_context.close()
        ben_context.close()


def test_a_writer_cites_a_record_and_checks_the_text_by_keyboard(browser, site):
    context, page = _log_in(browser, site, "ana")
    try:
        page.goto(site + "/admin/articles/article/add/")
        page.fill("#id_headline", "Charter to China")
        body = page.locator("#id_body")
        body.fill("ICE said  women were aboard.")
        # Put the cursor between the two spaces, then go to the panel by keyboard.
        body.evaluate("(el) => { el.focus(); el.setSelectionRange(9, 9); }")
        page.focus("#cite-record-query")
        page.keyboard.type("June 3, 2025")
        page.keyboard.press("Enter")  # searches; must not submit the article form
        # The answer is announced in the status line (earlier answers, to "June", may show first).
        expect(page.locator("#cite-record-status")).to_have_text(re.compile("^1 flight found"))
        assert page.url.endswith("/add/")
        insert = page.get_by_role("button", name=re.compile(r"^Insert women \(26\) of"))
        insert.focus()
        page.keyboard.press("Enter")
        assert body.input_value() == f"ICE said {{{{ flight:{JUNE_2025}:passengers_female }}}} women were aboard."
        expect(page.locator("#cite-record-status")).to_have_text(re.compile("^Inserted"))

        # A mistyped citation gets a suggestion, and one button replaces it.
        body.press("End")
        page.keyboard.type(" Men: {{ flight:2025-06-03-dallas-prc-shr:passengers_male }}.")
        fix = page.get_by_role("button", name=re.compile(r"^Replace .* with .*dallas-prc-shrc:passengers_male"))
        fix.focus()
        page.keyboard.press("Enter")
        assert f"{{{{ flight:{JUNE_2025}:passengers_male }}}}" in body.input_value()

        # Check now, on the text as typed: a wrong count is listed first, nothing is saved.
        page.keyboard.type(" The aggregator's figure, 116 women, was wrong about the June 3, 2025 flight.")
        page.focus("#check-now-button")
        page.keyboard.press("Enter")
        expect(page.locator("#check-now-results .check-now-findings")).to_contain_text("116")
        page.screenshot(path="/tmp/editing-cite-and-check.png", full_page=True)
        assert not Article.objects.exists()

        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        assert Article.objects.get().body.startswith(f"ICE said {{{{ flight:{JUNE_2025}:passengers_female }}}}")
    finally:
        context.close()
