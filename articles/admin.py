"""Admin for the journalism: editors write, cite, schedule and correct articles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from articles.admin_citing import CitingAdminMixin
from articles.admin_factcheck import CitesChangedRecordsFilter, FactCheckAdminMixin
from articles.admin_revisions import ArticleHistoryMixin
from articles.admin_unsourced import UnsourcedCitationsAdminMixin
from articles.admin_workflow import OwnStoriesFilter, WorkflowAdminMixin
from articles.admin_workflow_records import register_workflow_records
from articles.citations import check_references
from articles.models import REVISION_FIELDS, Article, ArticleFlight, ArticleRevision, Author, Correction, Topic
from newsroom.admin_locks import EditLockAdminMixin
from newsroom.admin_versions import Save, Snapshot, VersionCheckAdminMixin, field_changes, user_label
from newsroom.admin_widgets import RecordAutocompleteMixin


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    list_filter: list[str] = []
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["user"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    list_filter: list[str] = []
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = True


class ArticleFlightInline(RecordAutocompleteMixin, admin.TabularInline):
    model = ArticleFlight
    extra = 0
    autocomplete_fields = ["flight"]
    verbose_name = "cited flight"
    verbose_name_plural = "cited flights (the body's citations are added on save)"


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "published_at"]


class ArticleForm(forms.ModelForm):
    # Not model fields: the reason and the time belong to one act of publishing, so the form starts empty.
    override_reason = forms.CharField(
        label="Fact-check override reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Only to publish over findings that block it: why the text stands as written. "
        "Kept in the story's history.",
    )
    go_live_at = forms.SplitDateTimeField(
        label="Publish the revision at",
        required=False,
        widget=AdminSplitDateTime,
        help_text="Empty: at once. A time ahead schedules the revision; readers get it then, nothing else to run.",
    )
    # Set by the admin when the step a button named was refused (e.g. by the fact check): (field, messages).
    workflow_refusal: tuple[str | None, list[str]] = (None, [])

    class Meta:
        model = Article
        fields = "__all__"

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        problems = check_references(body)
        if problems:
            raise forms.ValidationError(problems)
        return body

    def clean_published_at(self) -> object:
        # The form shows seconds; a stored time with microseconds must not read as changed when saved again.
        value = self.cleaned_data.get("published_at")
        stored = self.instance.published_at if self.instance.pk else None
        if value is not None and stored is not None and value == stored.replace(microsecond=0):
            return stored
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("lead_image") and not cleaned.get("lead_image_alt"):
            self.add_error("lead_image_alt", "Describe the lead image for readers who cannot see it.")
        field, refusals = self.workflow_refusal
        for message in refusals:
            self.add_error(field if field in self.fields else None, message)
        return cleaned


_REVISIONS_MARK = "draft revisions"


@admin.register(Article)
class ArticleAdmin(
    RecordAutocompleteMixin,
    VersionCheckAdminMixin,
    EditLockAdminMixin,
    CitingAdminMixin,
    UnsourcedCitationsAdminMixin,
    WorkflowAdminMixin,
    FactCheckAdminMixin,
    ArticleHistoryMixin,
    SimpleHistoryAdmin,
):
    form = ArticleForm
    list_display = ["headline", "workflow_state", "published_at", "byline", "updated_at"]
    list_filter = [
        "status",
        OwnStoriesFilter,
        CitesChangedRecordsFilter,
        "topics",
        "authors",
        ("published_at", admin.DateFieldListFilter),
    ]
    search_fields = ["headline", "slug", "dek"]
    list_select_related = True
    autocomplete_fields = ["authors", "topics"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    inlines = [ArticleFlightInline, CorrectionInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body"]}),
        ("Byline and topics", {"fields": ["authors", "topics"]}),
        ("Publishing", {"fields": ["workflow_panel", "published_at"]}),  # by role: WorkflowAdminMixin.get_fieldsets
        ("Fact check", {"fields": ["factcheck_findings", "factcheck_override_reason"]}),
        ("Lead image", {"fields": ["lead_image", "lead_image_alt", "lead_image_credit"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("authors")

    # A live story's edits are saved as draft revisions, not on the article row (whose history stays still):
    # a stale save names who saved a revision since the form was opened, and what it changed.
    def snapshot_marks(self, article: Article) -> dict[str, int]:
        latest = ArticleRevision.objects.filter(article_id=article.pk).aggregate(latest=Max("pk"))["latest"]
        return {_REVISIONS_MARK: latest or 0}

    def saves_outside_history(self, article: Article, loaded: Snapshot) -> list[Save]:
        since = loaded.history.get(_REVISIONS_MARK)
        if since is None:
            return []
        saves = []
        revisions = ArticleRevision.objects.filter(article_id=article.pk).select_related("created_by").order_by("pk")
        base: Any = Article.objects.get(pk=article.pk)
        for revision in revisions:
            if revision.pk > since:
                changed = [(n, getattr(base, n), getattr(revision, n)) for n in REVISION_FIELDS]
                saves.append(
                    Save(
                        who=user_label(revision.created_by),
                        when=revision.created_at,
                        what="saved a draft revision",
                        changes=field_changes(Article, [c for c in changed if c[1] != c[2]]),
                    )
                )
            base = revision
        return saves

    @admin.display(description="byline")
    def byline(self, article: Article) -> str:
        return ", ".join(author.name for author in article.authors.all())

    def view_on_site(self, article: Article) -> str:
        """Published articles open on the site; anything else opens the staff preview."""
        if article.is_public:
            return article.get_absolute_url()
        return reverse("articles:preview", kwargs={"pk": article.pk})


@admin.register(ArticleFlight)
class ArticleFlightAdmin(RecordAutocompleteMixin, admin.ModelAdmin):
    list_display = ["article", "flight", "position"]
    list_filter = ["flight__destination_country"]
    search_fields = ["article__headline", "flight__slug"]
    list_select_related = ["article", "flight"]
    autocomplete_fields = ["article", "flight"]


register_workflow_records(admin.site)


@admin.register(Correction)
class CorrectionAdmin(RecordAutocompleteMixin, admin.ModelAdmin):
    list_display = ["article", "kind", "published_at", "is_automatic"]
    list_filter = ["kind", ("published_at", admin.DateFieldListFilter)]
    search_fields = ["article__headline", "text"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]

    @admin.display(boolean=True, description="written from a record change")
    def is_automatic(self, correction: Correction) -> bool:
        return correction.is_automatic
