"""The newsroom's workflow records: revisions of live stories, workflow steps, old addresses, share links."""

from __future__ import annotations

import copy
import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

if TYPE_CHECKING:
    from articles.models import Article

# The fields of a story's text: what a revision holds, what compare shows, what publishing a revision copies.
REVISION_FIELDS = ["headline", "slug", "dek", "body", "lead_image", "lead_image_alt", "lead_image_credit"]


class ArticleRevision(models.Model):
    """A version of a published story's text saved in the admin: readers keep the live text until it is published."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft revision"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    PENDING_STATES = (State.DRAFT, State.SCHEDULED)

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="revisions")
    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    dek = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    lead_image = models.ImageField(upload_to="lead-images/%Y/", blank=True)
    lead_image_alt = models.CharField("lead image alt text", max_length=300, blank=True)
    lead_image_credit = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When a scheduled revision goes live, or when a published one did.
    go_live_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    factcheck_override_reason = models.TextField(blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="Where the text came from, e.g. a restore.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One draft and one scheduled revision at a time: "the pending draft" is never ambiguous.
            models.UniqueConstraint(fields=["article"], condition=Q(state="draft"), name="revision_one_draft"),
            models.UniqueConstraint(fields=["article"], condition=Q(state="scheduled"), name="revision_one_scheduled"),
            models.CheckConstraint(
                condition=~Q(state__in=["scheduled", "published"]) | Q(go_live_at__isnull=False),
                name="revision_live_has_time",
            ),
            models.CheckConstraint(
                condition=Q(lead_image="") | ~Q(lead_image_alt=""), name="revision_lead_image_has_alt"
            ),
        ]
        indexes = [
            # publish_due looks up scheduled revisions whose time has come.
            models.Index(fields=["state", "go_live_at"], name="revision_state_due_idx"),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.created_at)
        return f"{self.get_state_display()} of \u201c{self.headline}\u201d, {when:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_article_revisions", args=[self.article_id])

    def as_article(self, live: Article | None = None) -> Article:
        """The story as readers would see it with this revision live (unsaved; for previews and compare).

        Pass the live story when it is at hand: the copy shares its prefetched byline, topics and flights.
        """
        article = copy.copy(live if live is not None else self.article)
        article.__dict__.pop("pending_revisions", None)
        for name in REVISION_FIELDS:
            setattr(article, name, getattr(self, name))
        article.shown_revision = self  # Article.save refuses to write a copy like this
        return article


class WorkflowStep(models.Model):
    """One step of a story through the newsroom, with who took it and when: shown on its admin page."""

    class Action(models.TextChoices):
        CREATED = "created", "Started"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned to draft"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNSCHEDULED = "unscheduled", "Unscheduled"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REVISION_PUBLISHED = "revision_published", "Revision published"
        REVISION_SCHEDULED = "revision_scheduled", "Revision scheduled"
        REVISION_UNSCHEDULED = "revision_unscheduled", "Revision unscheduled"
        RESTORED = "restored", "Earlier version restored"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="workflow_steps")
    action = models.CharField(max_length=24, choices=Action.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # For a scheduled step, when it takes effect.
    effective_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="A withdrawal's public reason, a fact-check override's reason.")
    revision = models.ForeignKey(ArticleRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["article", "-at", "-pk"]

    def __str__(self) -> str:
        who = self.by or "the system"
        return f"{self.get_action_display()} by {who}, {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_article_change", args=[self.article_id])


class SlugRedirect(models.Model):
    """An address a published story had: it answers with a 301 to the story's address now."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"/articles/{self.old_slug}/ \u2192 {self.article.slug}"

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.old_slug})


class ShareLinkQuerySet(models.QuerySet["ShareLink"]):
    def active(self) -> ShareLinkQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A signed link a reviewer without an account opens to read a draft as readers will see it."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="share_links")
    note = models.CharField("for", max_length=200, blank=True, help_text="Who it is for, e.g. the lawyer.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_opened_at = models.DateTimeField(null=True, blank=True)
    times_opened = models.PositiveIntegerField(default=0)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="share_link_expires_later"),
        ]

    def __str__(self) -> str:
        return f"Share link for \u201c{self.article}\u201d{f' ({self.note})' if self.note else ''}"

    def get_absolute_url(self) -> str:
        from articles.sharing import share_url

        return share_url(self)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def lifetime(self) -> datetime.timedelta:
        return self.expires_at - self.created_at
