"""The newsroom's day in a real browser: a reporter drafts with the citation panel and submits, an editor
compares and publishes, a second editor's stale save is refused with the first editor's change shown, a
reviewer without an account reads a share link until it is revoked. Screenshots go to tests/e2e/screenshots/workflow/;
DOCS_SCREENSHOTS=1 writes them to docs/img/ instead, to refresh the pictures in docs/workflow.md."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article, WorkflowStep
from newsroom.roles import EDITOR, REPORTER
from tests.e2e.conftest import log_in
from tests.workflow.conftest import role_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A test run leaves the checkout as it found it; the docs' pictures are refreshed on purpose.
DOCS_IMG = (
    Path(__file__).resolve().parents[2] / "docs" / "img"
    if os.environ.get("DOCS_SCREENSHOTS") == "1"
    else Path(__file__).resolve().parent / "screenshots" / "workflow"
)
PASSWORD = "a-long-e2e-password"
FLIGHT = "2025-06-03-dallas-prc-shrc"
FIRST_BODY = (
    f"Immigration and Customs Enforcement flew {{{{ flight:{FLIGHT}:passengers_total }}}} Chinese nationals "
    "home on a charter that left Texas in early June."
)
# The reporter types this; the citation panel puts the shortcode where the two spaces meet.
TYPED_BODY = (
    "Immigration and Customs Enforcement flew  Chinese nationals home on a charter that left Texas in early June."
)
SECOND_BODY = (
    f"Immigration and Customs Enforcement flew {{{{ flight:{FLIGHT}:passengers_total }}}} Chinese nationals "
    f"home on a charter that left Texas on {{{{ flight:{FLIGHT}:departed }}}}. Everyone aboard had a final "
    "order of removal, the agency said."
)


@pytest.fixture
def newsroom(live_server) -> str:
    call_command("load_demo", stdout=io.StringIO())
    for username, role in [("rita", REPORTER), ("eddie", EDITOR), ("erin", EDITOR)]:
        user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
        user.groups.add(role_group(role))
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    return live_server.url


def log_in_as(browser, site: str, username: str):
    return log_in(browser, site, username, PASSWORD)[1]


def shot(page, name: str) -> None:
    page.screenshot(path=str(DOCS_IMG / f"{name}.png"))


def test_reporter_submits_editor_compares_and_publishes_reviewer_reads_a_share_link(browser, newsroom):
    site = newsroom

    # A reporter drafts a story, saves it, rewrites the body and submits it for review.
    rita = log_in_as(browser, site, "rita")
    rita.goto(site + "/admin/articles/article/add/")
    rita.fill("#id_headline", "ICE charter to China carried 122 people")
    body = rita.locator("#id_body")
    body.fill(TYPED_BODY)
    # She finds the flight in the "Cite a record" panel without leaving the page and inserts its total.
    body.evaluate("(el, at) => { el.focus(); el.setSelectionRange(at, at); }", TYPED_BODY.index("  ") + 1)
    rita.focus("#cite-record-query")
    rita.keyboard.type("June 3, 2025")
    rita.keyboard.press("Enter")
    expect(rita.locator("#cite-record-status")).to_have_text(re.compile("^1 flight found"))
    rita.get_by_role("button", name=re.compile(r"^Insert passengers \(122\) of")).click()
    assert body.input_value() == FIRST_BODY
    assert rita.locator("input[name=_publish]").count() == 0  # a reporter cannot publish
    rita.click("input[name=_save]")
    rita.wait_for_selector(".messagelist .success")
    article = Article.objects.get(headline="ICE charter to China carried 122 people")
    assert article.slug == "ice-charter-to-china-carried-122-people"
    rita.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    rita.fill("#id_body", SECOND_BODY)
    shot(rita, "workflow-reporter-draft")
    rita.click("input[name=_submit_review]")
    rita.wait_for_selector(".messagelist .info")
    assert "Submitted for review" in rita.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW

    # An editor compares the submitted text with the first draft, then publishes it.
    eddie = log_in_as(browser, site, "eddie")
    eddie.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    assert "In review" in eddie.locator(".workflow-panel").inner_text()
    eddie.click("a.historylink")
    eddie.wait_for_selector("table.revision-list")
    shot(eddie, "workflow-history")
    eddie.locator("table.revision-list tbody tr").last.locator("input[name=a]").check()
    eddie.click("#compare-form input[type=submit]")
    eddie.wait_for_selector("table.compare")
    body_row = eddie.locator("tr.field-body")
    assert "in early June." in body_row.locator("td.side-a del").inner_text()
    assert "final" in body_row.locator("td.side-b ins").inner_text()
    shot(eddie, "workflow-compare")
    eddie.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    eddie.click("input[name=_publish]")
    eddie.wait_for_selector(".messagelist .info")
    assert "Published" in eddie.locator(".messagelist").inner_text()
    eddie.locator(".workflow-panel").scroll_into_view_if_needed()
    shot(eddie, "workflow-published")
    article.refresh_from_db()
    assert article.is_public
    steps = list(article.workflow_steps.order_by("at", "pk").values_list("action", "by__username"))
    assert steps == [("created", "rita"), ("submitted", "rita"), ("published", "eddie")]

    # The editor revises the live story. A second editor had it open already: her save is refused, showing
    # what he changed, and her typed text stays in the form.
    erin = log_in_as(browser, site, "erin")
    erin.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    eddie.fill("#id_headline", "ICE flew 122 Chinese nationals home on a Dallas-led charter")
    eddie.click("input[name=_continue]")
    eddie.wait_for_selector(".messagelist .info")
    erin.fill("#id_dek", "Erin's dek, written while Eddie was editing")
    erin.click("input[name=_continue]")
    erin.wait_for_selector(".errornote")
    assert "saved this article" in erin.locator(".errorlist").first.inner_text()
    assert "Dallas-led charter" in erin.locator(".version-conflict").inner_text()
    assert erin.input_value("#id_dek") == "Erin's dek, written while Eddie was editing"
    shot(erin, "workflow-stale-save-refused")
    article.refresh_from_db()
    assert article.draft_revision.headline.endswith("Dallas-led charter") and not article.draft_revision.dek

    # He shares the revision with a reviewer who has no account.
    eddie.fill("#share-links input[name=note]", "the standards desk")
    eddie.click("#share-links input[type=submit][value='Create share link']")
    eddie.wait_for_selector("#share-links a.share-url")
    eddie.locator("#share-links").scroll_into_view_if_needed()
    shot(eddie, "workflow-share-links")
    link = eddie.locator("#share-links a.share-url").first.get_attribute("href")

    reviewer = browser.new_context(viewport={"width": 1000, "height": 800}).new_page()
    reviewer.goto(site + link)
    assert "Dallas-led charter" in reviewer.locator("h1").inner_text()
    assert "the standards desk" in reviewer.locator(".preview-banner").inner_text()
    assert reviewer.locator(".story .citation").first.inner_text().startswith("122")  # the record's value
    shot(reviewer, "workflow-reviewer")
    reviewer.goto(site + article.get_absolute_url())
    assert reviewer.locator("h1").inner_text() == "ICE charter to China carried 122 people"  # readers: live text

    # Revoked, the link is refused.
    eddie.click("#share-links input.revoke-share-link")
    eddie.wait_for_selector(".messagelist .success")
    response = reviewer.goto(site + link)
    assert response.status == 403
    assert "revoked" in reviewer.locator(".share-refused").inner_text()
    shot(reviewer, "workflow-link-revoked")
    assert not WorkflowStep.objects.filter(article=article, action="revision_published").exists()
