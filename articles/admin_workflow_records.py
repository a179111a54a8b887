"""Admin lists of the workflow's records: revisions, workflow steps, old addresses and share links.

They are written by the services (articles.services, articles.workflow, articles.sharing), never by hand:
the lists are for looking things up across stories, and a share link can be revoked from here too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from articles.models import ArticleRevision, ShareLink, SlugRedirect, WorkflowStep


class RecordsOnlyAdmin(admin.ModelAdmin):
    """Nothing is added or edited here; the story's own page and the services write these records."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ArticleRevisionAdmin(RecordsOnlyAdmin):
    list_display = ["headline", "article", "state", "created_by", "created_at", "go_live_at"]
    list_filter = ["state", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["headline", "article__headline", "article__slug"]
    list_select_related = ["article", "created_by"]
    fields = ["article", "state", "headline", "slug", "dek", "body", "created_by", "created_at", "go_live_at", "note"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class WorkflowStepAdmin(RecordsOnlyAdmin):
    list_display = ["article", "action", "from_status", "to_status", "by", "at", "effective_at"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["article__headline", "note"]
    list_select_related = ["article", "by"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SlugRedirectAdmin(RecordsOnlyAdmin):
    list_display = ["old_slug", "article", "created_at"]
    list_filter = [("created_at", admin.DateFieldListFilter)]
    search_fields = ["old_slug", "article__slug", "article__headline"]
    list_select_related = ["article"]


class ShareLinkAdmin(RecordsOnlyAdmin):
    list_display = ["article", "note", "created_by", "created_at", "expires_at", "revoked_at", "times_opened"]
    list_filter = [("expires_at", admin.DateFieldListFilter), ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["article__headline", "note"]
    list_select_related = ["article", "created_by"]
    actions = ["revoke"]

    @admin.action(description="Revoke selected share links", permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ShareLink]) -> None:
        from articles.sharing import revoke_share_link

        count = 0
        for link in queryset.filter(revoked_at__isnull=True).select_related("article"):
            revoke_share_link(link=link, by=request.user)
            count += 1
        self.message_user(request, f"Revoked {count} share link(s).", messages.SUCCESS)

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("articles.change_sharelink")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(boolean=True, description="opens")
    def active(self, link: ShareLink) -> bool:
        return link.revoked_at is None and link.expires_at > timezone.now()


def register_workflow_records(site: admin.AdminSite) -> None:
    site.register(ArticleRevision, ArticleRevisionAdmin)
    site.register(WorkflowStep, WorkflowStepAdmin)
    site.register(SlugRedirect, SlugRedirectAdmin)
    site.register(ShareLink, ShareLinkAdmin)
