"""How a story page lays out its evidence: footnotes grouped by source, fact boxes in reading order, the reviews of
other outlets' figures, lead image sizes and the JSON-LD a search engine reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone

from articles.citations import Footnote, find_references
from articles.images import lead_image_sizes
from articles.models import Article, Correction
from articles.structured_data import Review, claim_review, news_article
from flights.facts_table import FactRow
from flights.models import Flight, Source
from newsroom import structured_data
from newsroom.seo import absolute


@dataclass
class NoteEntry:
    note: Any  # Footnote or FactFootnote
    also: list[Source] = field(default_factory=list)  # other sources stating the same value, named briefly

    @property
    def fact_sources(self) -> list[Source]:
        """For a computed fact: every source behind the flights it rests on, once each."""
        return list(dict.fromkeys(claim.source for claim in self.note.claims))


@dataclass
class NoteGroup:
    """One source, cited once, with the numbered values it states in this story."""

    source: Source | None  # None: facts computed from several records
    entries: list[NoteEntry] = field(default_factory=list)

    @property
    def numbers(self) -> list[int]:
        return [entry.note.number for entry in self.entries]


def corrections_prefetch(*, dated_only: bool = True) -> Prefetch:
    """A story's corrections in date order; for readers only those whose time has come (one dated later is
    scheduled: the page and feed show it at that time, as the corrections page does)."""
    notes = Correction.objects.order_by("published_at")
    if dated_only:
        notes = notes.filter(published_at__lte=timezone.now())
    return Prefetch("corrections", queryset=notes)


def group_footnotes(footnotes: list[Footnote]) -> list[NoteGroup]:
    """Footnotes grouped under the source that states them (its most authoritative one), in order of first use."""
    groups: dict[object, NoteGroup] = {}
    for note in footnotes:
        if getattr(note, "is_fact", False):
            groups.setdefault("computed", NoteGroup(source=None)).entries.append(NoteEntry(note))
            continue
        sources = list(dict.fromkeys(claim.source for claim in note.claims))
        groups.setdefault(sources[0].pk, NoteGroup(source=sources[0])).entries.append(NoteEntry(note, sources[1:]))
    return list(groups.values())


def fact_boxes_in_reading_order(
    article: Article, boxes: list[tuple[Flight, list[FactRow]]]
) -> list[tuple[Flight, list[FactRow]]]:
    """The flights the text cites first come first; linked flights the text never cites come last, newest first."""
    order: dict[str, int] = {}
    for ref in find_references(article.body)[0]:
        order.setdefault(ref.slug, len(order))
    return sorted(boxes, key=lambda box: (order.get(box[0].slug, len(order)), -box[0].departed_earliest.toordinal()))


def story_context(
    request: HttpRequest, article: Article, corrections: list[Correction], reviews: list[Review]
) -> dict[str, Any]:
    """What a story page shows besides its cached parts (articles/story_cache.py): image sizes, JSON-LD, and
    the parts' reviews of disputed claims."""
    sizes = lead_image_sizes(article)
    image_urls = [absolute(request, size.url) for size in sizes[-1:]] if sizes else []
    trail = [("Stories", "/articles/"), (article.headline, article.get_absolute_url())]
    items = [
        news_article(request, article, corrections, image_urls),
        structured_data.breadcrumbs(request, trail),
        *(claim_review(request, article, review) for review in reviews),
    ]
    return {
        "reviews": reviews,
        "lead_sizes": sizes,
        "og_image": image_urls[0] if image_urls else "",
        "jsonld": structured_data.graph(*items),
    }
