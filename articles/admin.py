"""Admin for the journalism: editors write, cite, schedule and correct articles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from articles.admin_citing import CitingAdminMixin
from articles.admin_factcheck import CitesChangedRecordsFilter, FactCheckAdminMixin
from articles.admin_unsourced import UnsourcedCitationsAdminMixin
from articles.citations import check_references
from articles.models import Article, ArticleFlight, Author, Correction, Topic
from articles.services import sync_cited_flights
from newsroom.admin_locks import EditLockAdminMixin
from newsroom.admin_versions import VersionCheckAdminMixin


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


class ArticleFlightInline(admin.TabularInline):
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
    class Meta:
        model = Article
        fields = "__all__"

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        problems = check_references(body)
        if problems:
            raise forms.ValidationError(problems)
        return body

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("status") == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            # Publishing without a time means now; a time in the future schedules it.
            cleaned["published_at"] = timezone.now()
        if cleaned.get("lead_image") and not cleaned.get("lead_image_alt"):
            self.add_error("lead_image_alt", "Describe the lead image for readers who cannot see it.")
        return cleaned


@admin.register(Article)
class ArticleAdmin(
    VersionCheckAdminMixin,
    EditLockAdminMixin,
    CitingAdminMixin,
    UnsourcedCitationsAdminMixin,
    FactCheckAdminMixin,
    SimpleHistoryAdmin,
):
    form = ArticleForm
    list_display = ["headline", "status", "published_at", "byline", "updated_at"]
    list_filter = [
        "status",
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
        ("Publishing", {"fields": ["status", "published_at"]}),
        ("Fact check", {"fields": ["factcheck_findings", "factcheck_override_reason"]}),
        ("Lead image", {"fields": ["lead_image", "lead_image_alt", "lead_image_credit"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description="byline")
    def byline(self, article: Article) -> str:
        return ", ".join(author.name for author in article.authors.all())

    def view_on_site(self, article: Article) -> str:
        """Published articles open on the site; anything else opens the staff preview."""
        if article.is_public:
            return article.get_absolute_url()
        return reverse("articles:preview", kwargs={"pk": article.pk})

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        sync_cited_flights(article=form.instance)


@admin.register(ArticleFlight)
class ArticleFlightAdmin(admin.ModelAdmin):
    list_display = ["article", "flight", "position"]
    list_filter = ["flight__destination_country"]
    search_fields = ["article__headline", "flight__slug"]
    list_select_related = ["article", "flight"]
    autocomplete_fields = ["article", "flight"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "published_at", "is_automatic"]
    list_filter = ["kind", ("published_at", admin.DateFieldListFilter)]
    search_fields = ["article__headline", "text"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]

    @admin.display(boolean=True, description="written from a record change")
    def is_automatic(self, correction: Correction) -> bool:
        return correction.is_automatic
