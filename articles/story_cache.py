"""A story's costly parts (rendered body, footnotes, fact box), cached by what they are made of.

The key is a hash of the story's content (headline, dek, body, lead image), the flights it cites, and the
freshness tokens of those flights, their countries' derived facts, and the sources, airports and operators
they name. Any change to one of those gives a new key, so a cached body is never stale; a new revision of a
story is new content, so it needs no version field.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles.citations import CitationSet, find_references
from articles.models import Article, ArticleFlight
from articles.rendering import render_body
from articles.story_page import fact_boxes_in_reading_order, group_footnotes
from articles.structured_data import Review, reviews_for
from flights.facts_table import fact_rows
from flights.models import Claim, Flight
from newsroom import freshness

# Records every story's footnotes and fact box name: a change to one of them may change any story.
SHARED_TAGS = ("sources", "airports", "operators")
LIFETIME_SECONDS = 7 * 24 * 3600


@dataclass
class StoryParts:
    """Rendered HTML of the body, its footnotes and the fact box (templates articles/_footnotes.html and
    articles/_fact_box.html), and the tags of what they show. Only the HTML is cached: rendering the
    footnotes' and fact box's templates is most of a story page's cost."""

    body_html: SafeString
    footnotes_html: SafeString
    fact_box_html: SafeString
    tags: list[str] = field(default_factory=list)
    # Disputed claims on cited values (the "What others reported" section and ClaimReview JSON-LD).
    reviews: list[Review] = field(default_factory=list)


def story_tags(article: Article) -> tuple[list[str], list[str]]:
    """The tags of what the story's body and fact box show, and its cited flights in fact-box order.

    One query; a second only when a derived-fact citation names a flight the story does not link. Asked
    twice for one page (its shell's tags, then its parts' key), it is answered once per loaded story.
    """
    known = article.__dict__.get("_story_tags")
    if known is not None:
        return known
    references = find_references(article.body)[0]
    body_slugs = {ref.slug for ref in references}
    fact_slugs = {ref.slug for ref in references if ref.kind == "fact"}
    cited = list(
        ArticleFlight.objects.filter(article_id=article.pk).values_list("flight__slug", "flight__destination_country")
    )
    countries = dict(cited)
    unlinked = fact_slugs - set(countries)
    if unlinked:
        countries.update(Flight.objects.filter(slug__in=unlinked).values_list("slug", "destination_country"))
    tags = {f"flight:{slug}" for slug in body_slugs | set(countries)}
    tags |= {f"country:{countries[slug]}" for slug in fact_slugs if slug in countries}
    boxed = list(dict.fromkeys(slug for slug, _ in cited))
    article.__dict__["_story_tags"] = found = (sorted(tags | set(SHARED_TAGS)), boxed)
    return found


def story_parts(article: Article) -> StoryParts:
    """The rendered body, footnotes and fact box, from the cache when nothing they show has changed."""
    tags, boxed = story_tags(article)
    tokens = freshness.current(tags)
    if tokens is None:
        return render_story_parts(article, tags)
    content = [article.headline, article.dek, article.body, str(article.lead_image), boxed, sorted(tokens.items())]
    # The prefix names the parts' shape: parts cached by an older release (without reviews) are not read back.
    key = "story:v2:" + hashlib.sha256(repr(content).encode()).hexdigest()
    found: StoryParts | None = cache.get(key)
    if found is not None:
        return found
    # Tokens were read before the records: a change while rendering gives a new token, so this key goes unused.
    # A change just before may not have reached a read replica yet: then the parts are not kept.
    started = time.time()
    parts = render_story_parts(article, tags)
    if freshness.settled_before(tokens, started):
        # Kept no longer than the next change nobody saves (a hold ending, a scheduled revision going live).
        lifetime = freshness.seconds_until(freshness.next_scheduled_change(tokens), LIFETIME_SECONDS)
        if lifetime:
            cache.set(key, parts, lifetime)
    return parts


def render_story_parts(article: Article, tags: list[str] | None = None, *, public: bool = True) -> StoryParts:
    """The parts rendered from the records (previews, and cache misses).

    Readers' pages leave held (embargoed) records out of the fact box and the citations; a staff preview
    (public=False) shows them, as readers will see them once they are released.
    """
    links = ArticleFlight.objects.filter(article=article)
    claims = Claim.objects.all()
    if public:
        links, claims = links.filter(flight__in=Flight.objects.public()), Claim.objects.public()
    links = links.select_related("flight__origin", "flight__destination", "flight__operator")
    links = links.prefetch_related(Prefetch("flight__claims", queryset=claims.select_related("source")))
    cited = [link.flight for link in links]
    # The citations get their own two queries (flights, accepted claims), whatever their number.
    citations = CitationSet.for_slugs({ref.slug for ref in find_references(article.body)[0]}, public=public)
    rendered = render_body(article.body, citations)
    fact_boxes = fact_boxes_in_reading_order(article, [(flight, fact_rows(flight)) for flight in cited])
    notes = render_to_string("articles/_footnotes.html", {"note_groups": group_footnotes(rendered.footnotes)})
    box = render_to_string("articles/_fact_box.html", {"fact_boxes": fact_boxes})
    return StoryParts(
        body_html=mark_safe(rendered.html),  # sanitized by nh3 in render_body
        # Stripped, so a story with no notes or no fact box gives an empty string the template can test.
        footnotes_html=mark_safe(notes.strip()),
        fact_box_html=mark_safe(box.strip()),
        tags=tags or [],
        reviews=reviews_for(article, cited),
    )
