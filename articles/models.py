"""The journalism: authors, topics, articles, the flights they cite, and public corrections."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.fields import FacetKeysField
from flights.models import Claim, Flight


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


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        """The one gate for public pages: published, and not scheduled for later."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def with_byline(self) -> ArticleQuerySet:
        return self.prefetch_related("authors")


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
    factcheck_override_reason = models.TextField(
        "fact-check override reason",
        blank=True,
        help_text="Required to publish while the fact check finds contradictions: why the text stands as written.",
    )

    history = HistoricalRecords(
        excluded_fields=["updated_at", "search_vector", "facet_topics", "facet_authors", "facet_countries"]
    )
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
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
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


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
