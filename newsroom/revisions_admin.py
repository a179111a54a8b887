"""Revisions in the admin: every saved version of a record with who and when, and a side-by-side compare of any two.

Mix HistoryCompareMixin into a SimpleHistoryAdmin (before it). The history page then lists each version with
every change in full (long texts as word-level differences, never cut), lets the editor pick two versions to
compare, and keeps simple-history's revert form for users who may change the record (it saves through the
admin's own form, so the same validation applies and the revert is a new version).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from articles.models import SEARCH_COLUMNS
from newsroom import worddiff
from newsroom.ids import record_id

# Bookkeeping columns that change on every save and say nothing an editor wrote.
SKIPPED_FIELDS = {"id", "created_at", "updated_at", *SEARCH_COLUMNS}
VERSIONS_PER_PAGE = 50


@dataclass
class Version:
    """One saved version of a record: its values, who saved it and when."""

    key: str
    label: str
    at: datetime.datetime
    by: Any
    values: dict[str, Any]
    note: str = ""
    restorable: bool = True
    revert_url: str = ""
    changes: list[tuple[str, SafeString]] = field(default_factory=list)


@dataclass
class Row:
    name: str
    label: str
    left: SafeString
    right: SafeString
    changed: bool


def show_time(when: datetime.datetime | None) -> str:
    if when is None:
        return "\u2014"
    return date_format(timezone.localtime(when), "N j, Y, P T")


def display(model: type[models.Model], name: str, value: Any) -> str:
    """A stored value as an editor reads it: choice labels, related records by name, times in the newsroom's zone."""
    model_field = model._meta.get_field(name)
    if isinstance(value, FieldFile):
        value = value.name
    if value is None or value == "":
        return "\u2014"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value} (deleted)"
    if isinstance(value, datetime.datetime):
        return show_time(value)
    if isinstance(value, datetime.date):
        return date_format(value, "N j, Y")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class HistoryIdsMixin:
    """simple-history's history and version pages for a written id that is no record's id: a 404, where
    simple-history handed it to the database (a 500). Every admin with history has it, HistoryCompareMixin
    included."""

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if record_id(unquote(object_id)) is None:
            raise Http404("No such record.")
        return super().history_view(request, object_id, extra_context)  # type: ignore[misc]

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if record_id(unquote(object_id)) is None or record_id(version_id) is None:
            raise Http404("No such record or version.")
        return super().history_form_view(request, object_id, version_id, extra_context)  # type: ignore[misc]


class HistoryCompareMixin(HistoryIdsMixin):
    """History with full changes, compare of any two versions, and a revert only for those who may change."""

    # Long texts shown as word-level differences rather than whole before-and-after values.
    text_fields: tuple[str, ...] = ()
    revisions_template = "admin/revisions/history.html"
    compare_template = "admin/revisions/compare.html"

    # -- the versions ---------------------------------------------------------------------------------------

    def compare_fields(self) -> list[str]:
        model = self.model  # type: ignore[attr-defined]
        tracked = {f.name for f in model.history.model._meta.fields}
        return [f.name for f in model._meta.concrete_fields if f.name in tracked and f.name not in SKIPPED_FIELDS]

    def history_versions(self, request: HttpRequest, obj: models.Model) -> list[Version]:
        fields = self.compare_fields()
        opts = self.model._meta  # type: ignore[attr-defined]
        records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")  # type: ignore[attr-defined]
        versions = []
        for record in records:
            values = {name: getattr(record, opts.get_field(name).attname) for name in fields}
            revert_url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[quote(obj.pk), record.history_id]
            )
            versions.append(
                Version(
                    key=f"h{record.history_id}",
                    label=record.get_history_type_display(),
                    at=record.history_date,
                    by=record.history_user,
                    values=values,
                    note=record.history_change_reason or "",
                    revert_url=revert_url,
                )
            )
        return versions

    def versions(self, request: HttpRequest, obj: models.Model) -> list[Version]:
        """Newest first. ArticleAdmin adds the draft revisions of live stories."""
        return self.history_versions(request, obj)

    def changes_between(self, older: Version | None, newer: Version) -> list[tuple[str, SafeString]]:
        model = self.model  # type: ignore[attr-defined]
        changes = []
        for name in self.compare_fields():
            if name not in newer.values or (older is not None and name not in older.values):
                continue
            new = newer.values[name]
            old = older.values.get(name) if older else None
            if older is not None and old == new:
                continue
            if older is None and new in (None, ""):
                continue
            label = capfirst(model._meta.get_field(name).verbose_name)
            if name in self.text_fields and older is not None:
                changes.append((label, worddiff.inline(str(old or ""), str(new or ""))))
            else:
                before = escape(display(model, name, old)) if older is not None else ""
                arrow = f"{before} \u2192 " if older is not None else ""
                changes.append((label, mark_safe(f"{arrow}{escape(display(model, name, new))}")))
        return changes

    def compare_rows(self, a: Version, b: Version) -> list[Row]:
        model = self.model  # type: ignore[attr-defined]
        rows = []
        for name in self.compare_fields():
            if name not in a.values or name not in b.values:
                continue  # a draft revision holds only the text; its other fields are the story's
            old, new = a.values.get(name), b.values.get(name)
            label = capfirst(model._meta.get_field(name).verbose_name)
            if name in self.text_fields:
                left, right = worddiff.side_by_side(str(old or ""), str(new or ""))
            else:
                left, right = escape(display(model, name, old)), escape(display(model, name, new))
            rows.append(Row(name, label, left, right, changed=(old or "") != (new or "")))
        return rows

    # -- views ----------------------------------------------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta  # type: ignore[attr-defined]
        view = self.admin_site.admin_view(self.compare_view)  # type: ignore[attr-defined]
        name = f"{opts.app_label}_{opts.model_name}_compare"
        return [path("<path:object_id>/history/compare/", view, name=name), *super().get_urls()]  # type: ignore[misc]

    def _viewable(self, request: HttpRequest, object_id: str) -> models.Model:
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is None:
            raise Http404("No such record.")
        if not self.has_view_or_change_permission(request, obj):  # type: ignore[attr-defined]
            raise PermissionDenied
        return obj

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self._viewable(request, object_id)
        versions = self.versions(request, obj)
        page = Paginator(versions, VERSIONS_PER_PAGE).get_page(request.GET.get("p"))
        shown = list(page.object_list)
        start = page.start_index() - 1 if versions else 0
        for index, version in enumerate(shown, start=start):
            older = versions[index + 1] if index + 1 < len(versions) else None
            version.changes = self.changes_between(older, version)
        opts = self.model._meta  # type: ignore[attr-defined]
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": f"History: {obj}",
            "subtitle": None,
            "opts": opts,
            "object": obj,
            "original": obj,
            "versions": shown,
            "page_obj": page,
            "can_change": self.has_change_permission(request, obj),  # type: ignore[attr-defined]
            "compare_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[quote(obj.pk)]),
            **self.history_extra_context(request, obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.revisions_template, context)

    def history_extra_context(self, request: HttpRequest, obj: models.Model) -> dict[str, Any]:
        return {}

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self._viewable(request, object_id)
        versions = self.versions(request, obj)
        by_key = {version.key: version for version in versions}
        if len(versions) < 1:
            raise Http404("This record has no saved versions yet.")
        newer = by_key.get(request.GET.get("b", "")) or versions[0]
        older = by_key.get(request.GET.get("a", "")) or (versions[1] if len(versions) > 1 else versions[0])
        if older.at > newer.at:
            older, newer = newer, older
        opts = self.model._meta  # type: ignore[attr-defined]
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": f"Compare versions: {obj}",
            "subtitle": None,
            "opts": opts,
            "object": obj,
            "original": obj,
            "a": older,
            "b": newer,
            "rows": self.compare_rows(older, newer),
            "versions": versions,
            "can_change": self.has_change_permission(request, obj),  # type: ignore[attr-defined]
            "history_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[quote(obj.pk)]),
            **self.history_extra_context(request, obj),
        }
        return TemplateResponse(request, self.compare_template, context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # simple-history saves a revert for anyone who may *view* history; only those who may change may revert.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
            if obj is None or not self.has_change_permission(request, obj):  # type: ignore[attr-defined]
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)  # type: ignore[misc]
