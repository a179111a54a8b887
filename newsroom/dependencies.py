"""The one place that says what each change makes stale: signal receivers replacing freshness tokens.

Tags (see newsroom/freshness.py), what replaces each, and what shows it:

- `articles`: a story that is, was or will be published changes, or its authors, topics, cited flights.
  Home, archive, author and topic pages, feeds, sitemaps.
- `article:<id>`: the story or anything on its page changes. Its page.
- `corrections`: a correction is written, edited or deleted. Corrections page and feed, archive.
- `flights`: any flight, leg or claim changes. Flight database, downloads, lists by country, airport,
  operator and source, home, sitemap, archive (snippets show cited values).
- `flight:<slug>`: the flight, its legs or claims change. Its page, and the stories citing it.
- `flight-stories:<slug>`: a published story citing the flight changes. The flight's page (its list of stories).
- `country:<code>`: a flight to that country or its claims change. Derived facts on flight pages and
  `{{ fact:… }}` citations.
- `sources`, `airports`, `operators`, `authors`, `topics`: one of those changes. Every page naming them.

To make a new kind of change fresh, add a receiver here that calls `freshness.changed(...)` with the tags
of what it alters; to cache a new page, give `newsroom.caching.cache_page_for` the tags of what it shows.
Writes that send no signals (bulk inserts, raw UPDATEs) call `changed_in_bulk` or `freshness.changed`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article, ArticleFlight, Author, Correction, Topic
from flights.models import Airport, Claim, Flight, FlightLeg, Operator, Source
from newsroom.freshness import changed, register_schedule

# Records whose every change shows on many pages, tagged by kind only.
KIND_TAGS: dict[type[Model], str] = {
    Source: "sources",
    Airport: "airports",
    Operator: "operators",
    Author: "authors",
    Topic: "topics",
}


def flight_tags(flight: Flight, *more_countries: str) -> list[str]:
    return ["flights", f"flight:{flight.slug}", f"country:{flight.destination_country}"] + [
        f"country:{code}" for code in more_countries if code
    ]


def article_tags(article: Article, *, listed: bool = True) -> list[str]:
    """A story's own tag; with listed, the lists and the pages of the flights it cites too."""
    tags = [f"article:{article.pk}"]
    if listed:
        tags.append("articles")
        slugs = ArticleFlight.objects.filter(article_id=article.pk).values_list("flight__slug", flat=True)
        tags += [f"flight-stories:{slug}" for slug in slugs]
    return tags


def changed_in_bulk(model: type[Model], rows: Iterable[dict[str, Any]] = ()) -> None:
    """For writes that send no signals: the kind of record, and for flights each country the rows name."""
    if model is Flight:
        countries = {row.get("destination_country") for row in rows}
        changed("flights", *(f"country:{code}" for code in countries if code))
    elif model in (Claim, FlightLeg):
        # Claims or legs inserted with new flights: those flights' tags were replaced with the flights.
        changed("flights")
    elif model in KIND_TAGS:
        changed(KIND_TAGS[model])
    elif model in (Article, ArticleFlight, Correction):
        changed("articles", "corrections")


# --- Stories --------------------------------------------------------------------------------------------


@receiver(pre_save, sender=Article, dispatch_uid="freshness_article_before")
def _article_before(sender: type[Article], instance: Article, raw: bool = False, **kwargs: Any) -> None:
    # Whether readers could see it before this save: a draft edited a hundred times stays off the lists.
    instance._freshness_was_listed = bool(  # type: ignore[attr-defined]
        instance.pk and Article.objects.filter(pk=instance.pk, status=Article.Status.PUBLISHED).exists()
    )


@receiver(post_save, sender=Article, dispatch_uid="freshness_article_saved")
@receiver(post_delete, sender=Article, dispatch_uid="freshness_article_deleted")
def _article_changed(sender: type[Article], instance: Article, **kwargs: Any) -> None:
    # Published now, or scheduled (published with a future time), or published before this save.
    listed = instance.status == Article.Status.PUBLISHED or getattr(instance, "_freshness_was_listed", True)
    tags = article_tags(instance, listed=listed)
    if listed and instance.pk:
        # Records held until a story citing them is published are released by this story: their pages change.
        for flight in _held_for_story(Flight.objects.filter(citing_articles__article_id=instance.pk)):
            tags += flight_tags(flight)
    changed(*tags)


def _held_for_story(flights: Any) -> list[Flight]:
    """Flights among these that are held, or carry claims held, until a story citing them is published."""
    from django.db.models import Q

    held = Q(held_for_story=True) | Q(claims__held_for_story=True)
    return list(flights.filter(held).distinct().only("slug", "destination_country"))


@receiver(m2m_changed, sender=Article.authors.through, dispatch_uid="freshness_article_authors")
@receiver(m2m_changed, sender=Article.topics.through, dispatch_uid="freshness_article_topics")
def _article_links_changed(sender: type[Any], instance: Model, action: str, pk_set: set[int] | None, **kw: Any) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Article):
        changed("articles", f"article:{instance.pk}")
    else:  # author.articles.add(...): the stories are the pk_set, or all of them on clear
        changed("articles", *(f"article:{pk}" for pk in pk_set or ()), KIND_TAGS[type(instance)])


@receiver(post_save, sender=ArticleFlight, dispatch_uid="freshness_citation_saved")
@receiver(post_delete, sender=ArticleFlight, dispatch_uid="freshness_citation_deleted")
def _citation_changed(sender: type[ArticleFlight], instance: ArticleFlight, **kwargs: Any) -> None:
    slug = Flight.objects.filter(pk=instance.flight_id).values_list("slug", flat=True).first()
    changed("articles", f"article:{instance.article_id}", *([f"flight-stories:{slug}"] if slug else []))


@receiver(post_save, sender=Correction, dispatch_uid="freshness_correction_saved")
@receiver(post_delete, sender=Correction, dispatch_uid="freshness_correction_deleted")
def _correction_changed(sender: type[Correction], instance: Correction, **kwargs: Any) -> None:
    changed("corrections", f"article:{instance.article_id}")


# --- Records ----------------------------------------------------------------------------------------------


@receiver(pre_save, sender=Flight, dispatch_uid="freshness_flight_before")
def _flight_before(sender: type[Flight], instance: Flight, raw: bool = False, **kwargs: Any) -> None:
    # A flight that changes slug or country leaves pages under its old ones too.
    before = None
    if instance.pk:
        before = Flight.objects.filter(pk=instance.pk).values("slug", "destination_country").first()
    instance._freshness_before = before  # type: ignore[attr-defined]


@receiver(post_save, sender=Flight, dispatch_uid="freshness_flight_saved")
@receiver(post_delete, sender=Flight, dispatch_uid="freshness_flight_deleted")
def _flight_changed(sender: type[Flight], instance: Flight, **kwargs: Any) -> None:
    before = getattr(instance, "_freshness_before", None) or {}
    tags = flight_tags(instance, before.get("destination_country", ""))
    if before.get("slug") and before["slug"] != instance.slug:
        tags.append(f"flight:{before['slug']}")
    changed(*tags)


@receiver(post_save, sender=Claim, dispatch_uid="freshness_claim_saved")
@receiver(post_delete, sender=Claim, dispatch_uid="freshness_claim_deleted")
@receiver(post_save, sender=FlightLeg, dispatch_uid="freshness_leg_saved")
@receiver(post_delete, sender=FlightLeg, dispatch_uid="freshness_leg_deleted")
def _flight_part_changed(sender: type[Model], instance: Claim | FlightLeg, **kwargs: Any) -> None:
    # Claims change a flight's page, the stories citing it, and (accepted counts and dates) derived facts.
    flight = Flight.objects.filter(pk=instance.flight_id).only("slug", "destination_country").first()
    changed(*(flight_tags(flight) if flight else ["flights"]))


@receiver(post_save, dispatch_uid="freshness_kind_saved")
@receiver(post_delete, dispatch_uid="freshness_kind_deleted")
def _kind_changed(sender: type[Model], **kwargs: Any) -> None:
    if sender in KIND_TAGS:
        changed(KIND_TAGS[sender])


# --- Scheduled changes ------------------------------------------------------------------------------------


def _next_scheduled_change() -> Any:
    """The next time a story scheduled for later or a scheduled revision of a live story goes live, or a
    correction dated ahead becomes public (one query; articles.services.next_scheduled_change, plus notes)."""
    now = timezone.now()
    stories = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now).values("published_at")
    revisions = Article.objects.filter(revision_due_at__gt=now).values("revision_due_at")
    notes = Correction.objects.filter(published_at__gt=now).values("published_at")
    due = stories.order_by().union(revisions.order_by(), notes.order_by())
    return due.order_by("published_at").values_list("published_at", flat=True).first()


def _next_hold_release() -> Any:
    """The next time a held flight or claim becomes public by itself: its hold's end, or the scheduled
    publication of a story that releases it (one query)."""
    now = timezone.now()
    flights = Flight.objects.filter(held_until__gt=now).order_by().values("held_until")
    claims = Claim.objects.filter(held_until__gt=now).order_by().values("held_until")
    waiting = Q(cited_flights__flight__held_for_story=True) | Q(cited_flights__flight__claims__held_for_story=True)
    stories = Article.objects.filter(waiting, status=Article.Status.PUBLISHED, published_at__gt=now)
    ends = flights.union(claims, stories.order_by().values("published_at"))
    return ends.order_by("held_until").values_list("held_until", flat=True).first()


# Held records appear on every page showing flights when their hold lifts, with nobody saving anything.
register_schedule(("flights", "flight:", "country:"), _next_hold_release, keyed_by=("flights", "articles"))

# They appear on the lists, the corrections page, the story and the pages of flights it cites at that time.
# Every change to a story or a correction replaces one of these tokens, so the time is read again then.
register_schedule(
    ("articles", "corrections", "article:", "flight-stories:"),
    _next_scheduled_change,
    keyed_by=("articles", "corrections"),
)


# --- What each public page shows ----------------------------------------------------------------------------

# URL name -> the kinds of records the page shows. Only pages named here are kept in the page cache; views
# add the tags of the single records they show (newsroom.caching.add_cache_tags). Admin, previews and
# share links are not here, so they are never cached.
_RECORDS = ("flights", "sources", "airports", "operators")
_FEEDS = ("articles", "authors", "topics", "corrections", *_RECORDS)
PAGE_TAGS: dict[str, tuple[str, ...]] = {
    "home": ("articles", "authors", *_RECORDS),
    "robots": (),
    # Feeds carry the full body, whose citations show the records' current values.
    "feed": _FEEDS,
    "feed-atom": _FEEDS,
    "topic-feed": _FEEDS,
    "topic-feed-atom": _FEEDS,
    "author-feed": _FEEDS,
    "author-feed-atom": _FEEDS,
    "corrections-feed-atom": ("corrections", "articles"),
    "sitemap-news": ("articles",),
    "sitemap-index": ("articles", "flights"),
    "django.contrib.sitemaps.views.sitemap": ("articles", "flights"),
    "corrections": ("corrections", "articles"),
    "corrections-feed": ("corrections", "articles"),
    # Snippets show cited values and filters reach cited flights' places, so the archive shows flights too.
    "articles:list": ("articles", "corrections", "authors", "topics", *_RECORDS),
    "articles:detail": ("sources", "airports", "operators", "authors", "topics"),
    "articles:author": ("articles", "authors", "topics"),
    "articles:topic": ("articles", "authors", "topics"),
    "flights:list": _RECORDS,
    "flights:download_csv": _RECORDS,
    "flights:download_json": _RECORDS,
    "flights:detail": ("sources", "airports", "operators"),
    # Country and airport pages list the newsroom's stories about the place beside the records.
    "flights:country": ("articles", *_RECORDS),
    "flights:airport": _RECORDS,
    "flights:countries": _RECORDS,
    "flights:airports": _RECORDS,
    "flights:operators": _RECORDS,
    "flights:sources": _RECORDS,
    "flights:routes": _RECORDS,
    "flights:aggregates_csv": _RECORDS,
    "flights:aggregates_json": _RECORDS,
    "ice-air-methods": _RECORDS,
    "flights:operator": _RECORDS,
    "flights:source": _RECORDS,
}
