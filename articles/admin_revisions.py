"""A story's revisions in the admin: its stored versions and its draft revisions, compared and restored.

Restoring never overwrites anything: a draft gets the old text as a new version, a live story gets it as a
new draft revision that an editor then publishes through the one publish path.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode

from articles.models import REVISION_FIELDS, Article, ArticleRevision
from articles.permissions import can_edit
from articles.services import WorkflowError
from articles.workflow import restore_version
from newsroom.ids import record_id, written_record
from newsroom.revisions_admin import HistoryCompareMixin, Version, show_time

HISTORY_FIELDS = [
    *REVISION_FIELDS,
    "status",
    "published_at",
    "revised_at",
    "withdrawal_reason",
    "factcheck_override_reason",
]


class ArticleHistoryMixin(HistoryCompareMixin):
    text_fields = ("headline", "dek", "body", "withdrawal_reason", "factcheck_override_reason")
    compare_template = "admin/articles/article/compare.html"

    def compare_fields(self) -> list[str]:
        return HISTORY_FIELDS

    def versions(self, request: HttpRequest, obj: Article) -> list[Version]:
        versions = self.history_versions(request, obj)
        for version in versions:
            status = version.values.get("status")
            version.label = f"{version.label} ({dict(Article.Status.choices).get(status, status)})"
            version.revert_url = self._compare_url(obj, version.key)
        revisions = ArticleRevision.objects.filter(article_id=obj.pk).select_related("created_by", "approved_by")
        for revision in revisions:
            label = revision.get_state_display()
            if revision.state == ArticleRevision.State.DRAFT:
                label = "Draft revision (waiting)"
            elif revision.state in (ArticleRevision.State.SCHEDULED, ArticleRevision.State.PUBLISHED):
                verb = "goes live" if revision.state == ArticleRevision.State.SCHEDULED else "went live"
                label = f"{label} revision ({verb} {show_time(revision.go_live_at)})"
            else:
                label = "Draft revision (replaced by a later one)"
            versions.append(
                Version(
                    key=f"r{revision.pk}",
                    label=label,
                    at=revision.created_at,
                    by=revision.created_by,
                    values={name: getattr(revision, name) for name in REVISION_FIELDS},
                    note=revision.note,
                    revert_url=self._compare_url(obj, f"r{revision.pk}"),
                )
            )
        versions.sort(key=lambda v: (v.at, v.key.startswith("r")), reverse=True)
        return versions

    def _compare_url(self, article: Article, key: str) -> str:
        url = reverse("admin:articles_article_compare", args=[article.pk])
        return f"{url}?{urlencode({'a': key})}"

    def history_extra_context(self, request: HttpRequest, obj: Article) -> dict[str, Any]:
        return {
            "restore_url": reverse("admin:articles_article_restore", args=[obj.pk]),
            "can_restore": can_edit(request.user, obj) and self.has_change_permission(request, obj),  # type: ignore[attr-defined]
            "text_is_frozen": obj.text_is_frozen,
        }

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.restore_view)  # type: ignore[attr-defined]
        return [path("<path:object_id>/history/restore/", view, name="articles_article_restore"), *super().get_urls()]

    def restore_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = written_record(Article.objects.all(), object_id)
        if article is None:
            raise Http404("No such story.")
        if not self.has_change_permission(request, article):  # type: ignore[attr-defined]
            raise PermissionDenied
        chosen = {v.key: v for v in self.versions(request, article)}.get(request.POST.get("version", ""))
        if chosen is None:
            raise Http404("No such version of this story.")
        content = {name: chosen.values[name] for name in REVISION_FIELDS}
        label = f"the version of {show_time(chosen.at)}"
        try:
            restore_version(article=article, by=request.user, content=content, label=label)
        except WorkflowError as refused:
            self.message_user(request, " ".join(refused.messages), messages.WARNING)  # type: ignore[attr-defined]
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
        if article.text_is_frozen:
            note = f"Restored {label} as a draft revision; readers see the published text until it is published."
        else:
            note = f"Restored {label}; it is saved as the newest version."
        self.message_user(request, note, messages.SUCCESS)  # type: ignore[attr-defined]
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # A story is restored through its own path (a new version or draft revision), never simple-history's revert.
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        pk = record_id(unquote(object_id))
        if pk is None:
            raise Http404("No such story.")
        return HttpResponseRedirect(self._compare_url(Article(pk=pk), f"h{version_id}"))
