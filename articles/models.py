"""The journalism: authors, topics, articles, the flights they cite, and public corrections."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from articles.fields import FacetKeysField
from flights.models import Claim, Flight
from newsroom import freshness


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    bio = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="author"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:topic", kwargs={"slug": self.slug})


# Set only by articles.services while it publishes: the one path by which an article becomes published.
_publish_path: ContextVar[bool] = ContextVar("article_publish_path", default=False)


@contextmanager
def publish_path() -> Iterator[None]:
    """For articles.services alone: inside it, an article may become published (the fact check has run)."""
    token = _publish_path.set(True)
    try:
        yield
    finally:
        _publish_path.reset(token)


class PublishBypassed(RuntimeError):
    """Code tried to set status=published without articles.services.publish_article and its fact check."""

    def __init__(self, how: str) -> None:
        super().__init__(
            f"{how}: articles become published only through articles.services.publish_article, "
            "which runs the fact check and records who published."
        )


class PublishedArticleProtected(RuntimeError):
    """A published or withdrawn story cannot be deleted: readers saw it, so it is withdrawn instead."""


# Stories readers may have seen: never deleted, only withdrawn.
SEEN_BY_READERS = ("published", "withdrawn")


# Columns the database derives from a story for search (articles/search.py): its words and its facet keys. They
# say nothing an editor wrote, so history and the revisions view leave them out.
SEARCH_COLUMNS = ("search_vector", "facet_topics", "facet_authors", "facet_countries", "facet_kinds")

# Fields no reader's page shows: an update of these alone leaves every kept page as it is.
_UNSEEN_BY_READERS = {"revision_due_at", "created_by"}


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self, now: datetime.datetime | None = None) -> ArticleQuerySet:
        """The one gate for public pages: published, and not scheduled for later (than `now`, by default the
        present)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def with_byline(self) -> ArticleQuerySet:
        return self.prefetch_related("authors")

    def scheduled(self) -> ArticleQuerySet:
        """Published with a time still ahead: readers see them at that time, without any job running."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    # The model-level guard: bulk writes cannot publish around the service either.
    def update(self, **kwargs: Any) -> int:
        status = kwargs.get("status")
        if status is not None and not _publish_path.get():
            if not isinstance(status, str) or status == Article.Status.PUBLISHED:
                raise PublishBypassed("Article.objects.update(status=...)")
        if set(kwargs) <= _UNSEEN_BY_READERS:
            return super().update(**kwargs)
        # An update sends no signal: say what it changed, so no kept page or shell shows the old story.
        ids = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        freshness.changed("articles", "corrections", *(f"article:{pk}" for pk in ids))
        return count

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Article]:
        objs = list(objs)
        if not _publish_path.get() and any(obj.status == Article.Status.PUBLISHED for obj in objs):
            raise PublishBypassed("Article.objects.bulk_create() with published articles")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        objs = list(objs)
        if "status" in fields and not _publish_path.get() and any(o.status == Article.Status.PUBLISHED for o in objs):
            raise PublishBypassed("Article.objects.bulk_update() of status")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(status__in=SEEN_BY_READERS).exists():
            raise PublishedArticleProtected("Published and withdrawn stories cannot be deleted; withdraw them instead.")
        return super().delete()


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    dek = models.CharField(max_length=300, blank=True, help_text="One sentence under the headline.")
    body = models.TextField(
        help_text="Markdown. Cite a record with {{ flight:SLUG:FIELD }}, e.g. "
        "{{ flight:2025-06-03-dallas-prc-shrc:passengers_total }}, or a fact computed from all flights with "
        "{{ fact:SLUG:FACT }}, FACT one of previous_flight, flights_that_year, passengers_that_year, "
        "largest_flight, largest_flight_passengers (see docs/shortcodes.md)."
    )
    authors = models.ManyToManyField(Author, related_name="articles", blank=True)
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True)
    flights = models.ManyToManyField(Flight, through="ArticleFlight", related_name="articles", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When it goes public. A time in the future schedules it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lead_image = models.ImageField(upload_to="lead-images/%Y/", blank=True)
    lead_image_alt = models.CharField("lead image alt text", max_length=300, blank=True)
    lead_image_credit = models.CharField(max_length=200, blank=True)
    # Weighted words of the article and the places its flights went; filled by articles.search on
    # PostgreSQL (GIN-indexed there, see migration 0002_search), an unused column on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # Topic ids, author ids and destination countries of cited flights, copied here so the archive's facets
    # count them in one pass over the matching rows instead of joining three link tables (PostgreSQL only).
    facet_topics = FacetKeysField(models.BigIntegerField(), null=True, editable=False)
    facet_authors = FacetKeysField(models.BigIntegerField(), null=True, editable=False)
    facet_countries = FacetKeysField(models.CharField(max_length=2), null=True, editable=False)
    # Kinds of cited flights: not a facet, but a filter that would otherwise join two tables per search.
    facet_kinds = FacetKeysField(models.CharField(max_length=16), null=True, editable=False)
    factcheck_override_reason = models.TextField(
        "override reason on record",
        blank=True,
        help_text="Why the live text was published although the fact check found problems; set by the editor who did.",
    )
    # The workflow (articles.services): who started the story, when it was withdrawn and why (shown to readers),
    # and when readers last got a new revision of its text.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(
        blank=True, db_default="", default="", help_text="Shown to readers at the story's address."
    )
    revised_at = models.DateTimeField(
        "text last revised", null=True, blank=True, editable=False, help_text="When a new revision went live."
    )
    # When a scheduled revision is due: kept on the row so that loading the article applies it once due,
    # with no cron job or worker (see Article.from_db and articles.services.apply_due_revision).
    revision_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            *SEARCH_COLUMNS,
            "revision_due_at",
        ]
    )
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("publish_article", "Can publish and schedule articles and their revisions"),
            ("withdraw_article", "Can withdraw published articles"),
            ("override_factcheck", "Can publish over fact-check findings, giving a reason"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(lead_image="") | ~Q(lead_image_alt=""),
                name="article_lead_image_has_alt",
            ),
        ]
        indexes = [
            # Every public list filters on status and sorts by publish time.
            models.Index(fields=["status", "-published_at"], name="article_status_published_idx"),
            # The next due revision is looked up on every uncached public page (newsroom.freshness); without
            # an index that is a scan of every story. Few stories have one due, so the index is small.
            models.Index(
                fields=["revision_due_at"], name="article_revision_due_idx", condition=Q(revision_due_at__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args: Any, **kwargs: Any) -> None:
        if "shown_revision" in self.__dict__:
            raise RuntimeError("This is a revision shown as the story; publish the revision instead of saving it.")
        loaded_status = getattr(self, "_loaded_status", None)
        loaded_slug = getattr(self, "_loaded_slug", None)
        if self.status == self.Status.PUBLISHED and loaded_status != self.Status.PUBLISHED and not _publish_path.get():
            raise PublishBypassed("Article.save() with status=published")
        super().save(*args, **kwargs)
        if loaded_slug and loaded_slug != self.slug and loaded_status in SEEN_BY_READERS:
            # Readers and search engines know the old address: keep it answering, with a 301 to the new one.
            SlugRedirect.objects.update_or_create(old_slug=loaded_slug, defaults={"article": self})
        if loaded_slug != self.slug:
            SlugRedirect.objects.filter(old_slug=self.slug).delete()
        self._loaded_status, self._loaded_slug = self.status, self.slug
        self.__dict__.pop("pending_revisions", None)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.status in SEEN_BY_READERS:
            raise PublishedArticleProtected(f"“{self}” was published; withdraw it instead of deleting it.")
        return super().delete(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at is not None and not self.is_public

    @property
    def text_is_frozen(self) -> bool:
        """Published (live or scheduled) and withdrawn stories keep their text; edits become draft revisions."""
        return self.status in SEEN_BY_READERS

    # -- the guard and the no-cron schedule, at the model level ---------------------------------------------

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Article:
        instance = super().from_db(db, field_names, values)
        loaded = instance.__dict__
        instance._loaded_status = loaded.get("status")
        instance._loaded_slug = loaded.get("slug")
        due = loaded.get("revision_due_at")
        if due is not None and due <= timezone.now() and not _publish_path.get():
            # The first read after a scheduled revision's time applies it (idempotent, race-safe).
            from articles.services import apply_due_revision

            apply_due_revision(instance)
        return instance

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._loaded_status = self.__dict__.get("status")
        self._loaded_slug = self.__dict__.get("slug")
        self.__dict__.pop("pending_revisions", None)

    # -- revisions waiting to go live -------------------------------------------------------------------------

    @cached_property
    def pending_revisions(self) -> dict[str, ArticleRevision]:
        """The draft and the scheduled revision of the story, where it has them (at most one of each)."""
        if self.pk is None:
            return {}
        found = ArticleRevision.objects.filter(article=self, state__in=ArticleRevision.PENDING_STATES)
        return {revision.state: revision for revision in found.select_related("created_by")}

    @property
    def draft_revision(self) -> ArticleRevision | None:
        return self.pending_revisions.get(ArticleRevision.State.DRAFT)

    @property
    def scheduled_revision(self) -> ArticleRevision | None:
        return self.pending_revisions.get(ArticleRevision.State.SCHEDULED)

    @property
    def newest_text(self) -> Article:
        """The story as it will read once everything pending goes live: for previews and share links."""
        revision = self.draft_revision or self.scheduled_revision
        return revision.as_article(self) if revision else self

    @property
    def edit_version(self) -> str:
        """Changes whenever anything the change form shows is saved: the article row or a pending revision.

        The stale-save check of the change form compares it with the version the form was loaded from.
        """
        stamp = self.updated_at.isoformat() if self.updated_at else "new"
        revisions = "-".join(f"{state}{rev.pk}" for state, rev in sorted(self.pending_revisions.items()))
        return f"{stamp}/{revisions or 'none'}"


class ArticleFlight(models.Model):
    """A flight a story cites; the fact box and the fact check read these."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="cited_flights")
    flight = models.ForeignKey(Flight, on_delete=models.PROTECT, related_name="citing_articles")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["article", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "flight"], name="article_cites_flight_once"),
        ]

    def __str__(self) -> str:
        return f"{self.article} cites {self.flight.slug}"

    def get_absolute_url(self) -> str:
        return self.flight.get_absolute_url()


class CorrectionQuerySet(models.QuerySet["Correction"]):
    def published(self) -> CorrectionQuerySet:
        """Corrections readers can see: on public articles, and already dated."""
        return self.filter(
            published_at__lte=timezone.now(),
            article__status=Article.Status.PUBLISHED,
            article__published_at__lte=timezone.now(),
        )


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="What was wrong or what changed, in plain words.")
    published_at = models.DateTimeField(default=timezone.now)
    # Set when a change to a cited record wrote this note rather than an editor.
    flight = models.ForeignKey(Flight, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    field = models.CharField(max_length=32, blank=True)
    # The record's new value an automatic note reports; with article, claim and field it makes the note unique.
    record_value = models.CharField(max_length=200, blank=True)
    # When the claim behind the change was accepted: a value that flips back and forth gets a note each time.
    record_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            # A change to a cited record is reported once per article, however often the signal fires.
            models.UniqueConstraint(
                fields=["article", "claim", "field", "record_value", "record_changed_at"],
                condition=Q(claim__isnull=False),
                name="correction_once_per_record_change",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.article}, {self.published_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

    @property
    def is_automatic(self) -> bool:
        return self.claim_id is not None


# The workflow's records live in their own module; importing them here registers them with the app.
from articles.workflow_models import (  # noqa: E402
    REVISION_FIELDS,
    ArticleRevision,
    ShareLink,
    SlugRedirect,
    WorkflowStep,
)

__all__ = [
    "REVISION_FIELDS",
    "Article",
    "ArticleFlight",
    "ArticleRevision",
    "Author",
    "Correction",
    "ShareLink",
    "SlugRedirect",
    "Topic",
    "WorkflowStep",
]
