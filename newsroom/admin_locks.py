"""Soft edit locks in the admin: "being edited by X since HH:MM" on a record's change page and in its list.

Mix EditLockAdminMixin into a ModelAdmin. Opening a change page marks the record as being edited by you; the
page's heartbeat (static/js/admin/edit-lock.js) renews the mark every HEARTBEAT_SECONDS and tells you who
else has it open, and whether someone saved a newer version meanwhile; the mark lapses LOCK_SECONDS after
the last heartbeat, and is dropped when you leave the page. Nobody is ever blocked: the version check of
newsroom.admin_versions is what keeps a stale save from overwriting another.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from newsroom.admin_versions import VERSION_FIELD, Snapshot, newsroom_time, user_label, when_text
from newsroom.models import EditLock

HEARTBEAT_SECONDS = getattr(settings, "EDIT_LOCK_HEARTBEAT_SECONDS", 30)
# A few missed heartbeats (a slow network, a laptop lid) before the mark lapses.
LOCK_SECONDS = getattr(settings, "EDIT_LOCK_SECONDS", 150)


def _live_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=LOCK_SECONDS)


def _locks(obj: models.Model) -> models.QuerySet[EditLock]:
    content_type = ContentType.objects.get_for_model(type(obj))
    return EditLock.objects.filter(content_type=content_type, object_id=obj.pk)


def touch_lock(user: Any, obj: models.Model) -> EditLock:
    """Mark the record as being edited by the user now; a mark that had lapsed starts again."""
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(type(obj))
    lock = EditLock.objects.filter(content_type=content_type, object_id=obj.pk, user=user).first()
    if lock is None:
        try:
            with transaction.atomic():
                return EditLock.objects.create(
                    content_type=content_type,
                    object_id=obj.pk,
                    user=user,
                    user_name=user_label(user),
                    started_at=now,
                    heartbeat_at=now,
                )
        except IntegrityError:  # the same editor's two tabs raced; the other one created it
            lock = EditLock.objects.get(content_type=content_type, object_id=obj.pk, user=user)
    if lock.heartbeat_at < _live_since():
        lock.started_at = now
    lock.heartbeat_at = now
    lock.user_name = user_label(user)
    lock.save(update_fields=["started_at", "heartbeat_at", "user_name"])
    return lock


def release_lock(user: Any, obj: models.Model) -> None:
    _locks(obj).filter(user=user).delete()


def others_editing(user: Any, obj: models.Model) -> list[EditLock]:
    """Live marks of everyone else on this record, earliest first."""
    return list(_locks(obj).filter(heartbeat_at__gte=_live_since()).exclude(user=user).order_by("started_at"))


def since_text(moment: datetime.datetime) -> str:
    local = newsroom_time(moment)
    if local.date() == newsroom_time(timezone.now()).date():
        return local.strftime("%H:%M")
    return f"{local.strftime('%B')} {local.day} {local.strftime('%H:%M')}"


def editing_text(locks: list[EditLock], noun: str = "record") -> str:
    """ "Being edited by Ana Ortiz since 14:02 and by Ben Kaplan since 14:10." """
    if not locks:
        return ""
    names = " and by ".join(f"{lock.user_name} since {since_text(lock.started_at)}" for lock in locks)
    return (
        f"This {noun} is being edited by {names}. You can still edit it; if they save first, your save "
        "is stopped and their change shown, so nothing is lost."
    )


class EditLockAdminMixin:
    """Soft locks for a ModelAdmin; see the module docstring."""

    @property
    def media(self) -> forms.Media:
        # A property, not a Media class: several mixins each add their script without hiding one another.
        return super().media + forms.Media(js=["js/admin/edit-lock.js"])  # type: ignore[misc]

    def get_urls(self) -> list[Any]:
        opts = self.model._meta  # type: ignore[attr-defined]
        view = self.admin_site.admin_view(require_POST(self.editing_view))  # type: ignore[attr-defined]
        return [
            path("<path:object_id>/editing/", view, name=f"{opts.app_label}_{opts.model_name}_editing"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
            if obj is not None and self.has_change_permission(request, obj):  # type: ignore[attr-defined]
                touch_lock(request.user, obj)
                text = editing_text(others_editing(request.user, obj), str(obj._meta.verbose_name))
                if text:
                    messages.warning(request, text, extra_tags="edit-lock")
        return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]

    def response_change(self, request: HttpRequest, obj: models.Model) -> HttpResponse:
        # Saved and leaving the page: the record is no longer being edited by this user.
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            release_lock(request.user, obj)
        return super().response_change(request, obj)  # type: ignore[misc]

    def editing_view(self, request: HttpRequest, object_id: str) -> JsonResponse:
        """The heartbeat: renew (or with release=1, drop) the user's mark; say who else is editing."""
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is None:
            return JsonResponse({"error": "This record no longer exists."}, status=404)
        if not self.has_change_permission(request, obj):  # type: ignore[attr-defined]
            raise PermissionDenied
        if request.POST.get("release"):
            release_lock(request.user, obj)
            return JsonResponse({"released": True})
        touch_lock(request.user, obj)
        others = others_editing(request.user, obj)
        answer: dict[str, Any] = {
            "editing": [{"name": lock.user_name, "since": since_text(lock.started_at)} for lock in others],
            "text": editing_text(others, str(obj._meta.verbose_name)),
            "heartbeat_seconds": HEARTBEAT_SECONDS,
        }
        answer.update(self._newer_version(request, obj))
        return JsonResponse(answer)

    def _newer_version(self, request: HttpRequest, obj: models.Model) -> dict[str, Any]:
        """Whether someone saved since the page's version (when the admin also checks versions)."""
        token = request.POST.get(VERSION_FIELD)
        snapshot = getattr(self, "snapshot", None)
        if not token or snapshot is None:
            return {}
        try:
            loaded = Snapshot.from_token(token)
        except Exception:
            return {}
        current = snapshot(obj)
        if current.digests == loaded.digests:
            return {"newer_version": False}
        conflict = self.conflict(obj, loaded, current)  # type: ignore[attr-defined]
        if conflict.saves:
            latest = conflict.saves[-1]
            text = f"{latest.who} saved a newer version {when_text(latest.when)}."
        else:
            text = "Someone saved a newer version."
        return {
            "newer_version": True,
            "newer_text": text + " If you save, you will see their change first and nothing you typed is lost.",
        }

    # -- the list column

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        shown = list(super().get_list_display(request))  # type: ignore[misc]
        return shown if "being_edited" in shown else [*shown, "being_edited"]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        match = getattr(request, "resolver_match", None)
        if match is None or not (match.url_name or "").endswith("_changelist"):
            return queryset
        live = (
            EditLock.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model),  # type: ignore[attr-defined]
                object_id=OuterRef("pk"),
                heartbeat_at__gte=_live_since(),
            )
            .exclude(user=request.user)
            .order_by("started_at")
        )
        return queryset.annotate(
            editing_name=Subquery(live.values("user_name")[:1]),
            editing_since=Subquery(live.values("started_at")[:1]),
        )

    def being_edited(self, obj: models.Model) -> str:
        name = getattr(obj, "editing_name", None)
        if not name:
            return ""
        return f"being edited by {name} since {since_text(obj.editing_since)}"  # type: ignore[attr-defined]

    being_edited.short_description = "being edited"  # type: ignore[attr-defined]
