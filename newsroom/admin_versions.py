"""No lost updates in the admin: a change form carries the version it was loaded from, and a stale save is refused.

Mix VersionCheckAdminMixin into a ModelAdmin (before the admin base class). Its change form gets a hidden
``loaded_version`` field: a signed fingerprint of the record, of its many-to-many links and of the rows of
every inline, plus ``obj.edit_version`` when the model provides one. Saving from a version that is no longer
current is refused: the form comes back with everything the editor typed, a message naming who saved in
between and when, field by field (from django-simple-history), and the current version, so a second save
after reading their change is a deliberate choice. A POST without the field (a script, a test) is not checked.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.db import models, transaction
from django.forms.models import _get_foreign_key
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from newsroom.ids import record_id

VERSION_FIELD = "loaded_version"
_SALT = "newsroom.admin_versions"
# The record itself; inlines are keyed by their formset prefix (e.g. "claims").
RECORD = "record"
# Long text is shown as the words around each change, not whole.
_LONG_TEXT = 120
_CONTEXT_WORDS = 6


def user_label(user: Any) -> str:
    """How the newsroom names a colleague: full name, else user name."""
    if user is None:
        return "someone (no user recorded)"
    return (user.get_full_name() or user.get_username()).strip()


def newsroom_time(moment: datetime.datetime) -> datetime.datetime:
    """A moment in the newsroom's time zone (NEWSROOM_TIME_ZONE when set, else TIME_ZONE)."""
    from django.conf import settings

    name = getattr(settings, "NEWSROOM_TIME_ZONE", None)
    if name:
        import zoneinfo

        return timezone.localtime(moment, zoneinfo.ZoneInfo(name))
    return timezone.localtime(moment)


def when_text(moment: datetime.datetime) -> str:
    """ "at 14:32" today, "on June 3 at 14:32" another day, in the newsroom's time zone."""
    local = newsroom_time(moment)
    today = newsroom_time(timezone.now()).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"at {clock}"
    return f"on {local.strftime('%B')} {local.day}, {local.year} at {clock}"


@dataclass
class Part:
    """One part of what a change form edits: the record, or the rows of one inline."""

    key: str
    label: str
    model: type[models.Model]
    rows: models.QuerySet  # type: ignore[type-arg]
    history_filter: dict[str, Any]


@dataclass
class Snapshot:
    """What a change form was loaded from: a fingerprint per part and the last history row id per part."""

    digests: dict[str, str]
    history: dict[str, int]

    def token(self) -> str:
        return signing.dumps({"d": self.digests, "h": self.history}, salt=_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> Snapshot:
        data = signing.loads(token, salt=_SALT)
        return cls(digests=dict(data["d"]), history={k: int(v) for k, v in data["h"].items()})


@dataclass
class Save:
    """One save someone made after the form was loaded, with what it changed."""

    who: str
    when: datetime.datetime
    what: str
    changes: list[tuple[str, SafeString | str, SafeString | str]] = field(default_factory=list)


@dataclass
class Conflict:
    """Why a save was refused: the saves made in between, and parts changed without history."""

    saves: list[Save]
    untracked: list[str]

    def summary(self, noun: str) -> str:
        if self.saves:
            latest = self.saves[-1]
            others = sorted({s.who for s in self.saves} - {latest.who})
            also = f" (and before that {', '.join(others)})" if others else ""
            return (
                f"{latest.who} saved this {noun} {when_text(latest.when)}{also}, after you opened it, so your save "
                "was not made. Their change is shown above; your text is still in the form. Save again to replace "
                "their version with yours, or reload the page to start from theirs."
            )
        return (
            f"This {noun} was changed after you opened it, so your save was not made. Your text is still in the "
            "form. Save again to replace the current version with yours, or reload the page to start from it."
        )

    def as_html(self) -> SafeString:
        # Paragraphs and tables, not a list: the admin styles every li inside its message list as a message.
        blocks = [format_html("<p>Saved by someone else since you opened this page:</p>")]
        for save in self.saves:
            blocks.append(format_html("<p><strong>{}</strong> {}: {}</p>", save.who, when_text(save.when), save.what))
            if save.changes:
                rows = format_html_join(
                    "",
                    "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
                    ((name, old, new) for name, old, new in save.changes),
                )
                blocks.append(
                    format_html(
                        "<table class='version-conflict-changes'><thead><tr><th scope='col'>Field</th>"
                        "<th scope='col'>When you opened it</th><th scope='col'>Their version</th></tr></thead>"
                        "<tbody>{}</tbody></table>",
                        rows,
                    )
                )
        for label in self.untracked:
            blocks.append(format_html("<p>The {} were changed too.</p>", label))
        return format_html("<div class='version-conflict'>{}</div>", mark_safe("".join(blocks)))


def _value_text(model: type[models.Model], name: str, value: Any) -> str:
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # a history-only column, e.g. a renamed field
        return "" if value is None else str(value)
    if value in (None, ""):
        return "(empty)"
    if model_field.is_relation and model_field.related_model is not None:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value} (deleted)"
    if isinstance(value, datetime.datetime):
        local = newsroom_time(value)
        return f"{local.strftime('%B')} {local.day}, {local.year} {local.strftime('%H:%M')}"
    if isinstance(value, datetime.date):
        return f"{value.strftime('%B')} {value.day}, {value.year}"
    if getattr(model_field, "flatchoices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The words around each change in a long text: deleted words marked in the old, inserted in the new."""
    a, b = old.split(), new.split()
    old_parts: list[SafeString] = []
    new_parts: list[SafeString] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            words = a[i1:i2]
            if len(words) > 2 * _CONTEXT_WORDS:
                words = [*words[:_CONTEXT_WORDS], "…", *words[-_CONTEXT_WORDS:]]
            text = format_html("{}", " ".join(words))
            old_parts.append(text)
            new_parts.append(text)
            continue
        if i2 > i1:
            old_parts.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if j2 > j1:
            new_parts.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))
    return mark_safe(" ".join(old_parts)), mark_safe(" ".join(new_parts))


def _changes(model: type[models.Model], row: Any, previous: Any, hidden: set[str]) -> list[tuple[str, Any, Any]]:
    if previous is None:
        return []
    delta = row.diff_against(previous)
    return field_changes(model, [(c.field, c.old, c.new) for c in delta.changes if c.field not in hidden])


def field_changes(model: type[models.Model], changed: list[tuple[str, Any, Any]]) -> list[tuple[str, Any, Any]]:
    """(label, before, after) per changed field as an editor reads it; long texts as a word-level diff."""
    shown = []
    for name, old, new in changed:
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except Exception:
            label = name
        old_text = _value_text(model, name, old)
        new_text = _value_text(model, name, new)
        if old_text == new_text:
            continue  # e.g. a time saved again without its microseconds: nothing a reader would see
        if max(len(old_text), len(new_text)) > _LONG_TEXT:
            old_html, new_html = _word_diff(old_text, new_text)
            shown.append((label, old_html, new_html))
        else:
            shown.append((label, old_text, new_text))
    return shown


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, default=str, sort_keys=True).encode()).hexdigest()[:16]


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None)


class VersionedForm(forms.ModelForm):
    """Mixed into an admin's form by VersionCheckAdminMixin.get_form; version_admin is set there."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    version_admin: Any = None
    preloaded_snapshot: Snapshot | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version_conflict: Conflict | None = None
        if self.instance.pk is not None and not self.is_bound:
            # Taken before the admin read the record when it could be (VersionCheckAdminMixin.get_object), so the
            # version and the text shown are the same even if a colleague's save commits in between.
            snapshot = self.preloaded_snapshot or self.version_admin.snapshot(self.instance)
            self.initial[VERSION_FIELD] = snapshot.token()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        token = self.data.get(self.add_prefix(VERSION_FIELD)) if self.is_bound else None
        if self.instance.pk is None or not token:
            return cleaned
        admin = self.version_admin
        try:
            loaded = Snapshot.from_token(token)
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            self.add_error(None, "This form's version mark is damaged, so the save was not made. Reload the page.")
            return cleaned
        current = admin.snapshot(self.instance, lock=True)
        if current.digests == loaded.digests:
            return cleaned
        self.version_conflict = admin.conflict(self.instance, loaded, current)
        self.add_error(None, self.version_conflict.summary(str(self.instance._meta.verbose_name)))
        # The form comes back with the current version, so saving again means "mine replaces theirs".
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = current.token()
        self.data = data
        return cleaned


class VersionCheckAdminMixin:
    """Refuse saves made from a stale change form; see the module docstring."""

    # Fields whose changes are bookkeeping, not an editor's words: left out of the change shown.
    version_hidden_fields = ("updated_at", "created_at", "search_vector", "facet_topics", "facet_authors")

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        if from_field is None:
            pk = record_id(unquote(object_id))
            if pk is None:
                # Django would read '٣' as 3 and hand an id past the integer range to the database; neither is
                # an id this site writes, and the other panels of the page (claims, locks) find no record.
                return None
            if request.method == "GET":
                # The version first, with the row locked for the rest of the page's transaction, then the record:
                # a save committing in between would otherwise be marked as seen in a form that does not show it.
                request._version_snapshot = self.snapshot(self.model(pk=pk), lock=True)  # type: ignore[attr-defined]
        return super().get_object(request, object_id, from_field)  # type: ignore[misc]

    def get_form(self, request: HttpRequest, obj: models.Model | None = None, **kwargs: Any) -> type[forms.ModelForm]:
        base = kwargs.pop("form", self.form)  # type: ignore[attr-defined]
        preloaded = getattr(request, "_version_snapshot", None)
        if not issubclass(base, VersionedForm) or preloaded is not None:
            parents = (base,) if issubclass(base, VersionedForm) else (VersionedForm, base)
            base = type(f"Versioned{base.__name__}", parents, {"version_admin": self, "preloaded_snapshot": preloaded})
        return super().get_form(request, obj, form=base, **kwargs)  # type: ignore[misc]

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None) -> list[Any]:
        fieldsets = list(super().get_fieldsets(request, obj))  # type: ignore[misc]
        if obj is None or not fieldsets or not self.has_change_permission(request, obj):  # type: ignore[attr-defined]
            return fieldsets
        names = {name for _, options in fieldsets for name in _flatten(options["fields"])}
        if VERSION_FIELD in names:
            return fieldsets
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})
        return fieldsets

    @property
    def media(self) -> forms.Media:
        return super().media + forms.Media(css={"all": ["css/admin/editing.css"]})  # type: ignore[misc]

    def render_change_form(self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        form = context.get("adminform").form if context.get("adminform") else None
        conflict = getattr(form, "version_conflict", None)
        if conflict is not None:
            messages.warning(request, conflict.as_html())
        return super().render_change_form(request, context, *args, **kwargs)  # type: ignore[misc]

    # -- what a version is

    def version_parts(self, obj: models.Model) -> list[Part]:
        """The record and the rows of each inline, as they are in the database now."""
        model = type(obj)
        parts = [
            Part(RECORD, str(model._meta.verbose_name), model, model._default_manager.filter(pk=obj.pk), {"id": obj.pk})
        ]
        for inline in self.inlines:  # type: ignore[attr-defined]
            fk = _get_foreign_key(model, inline.model, fk_name=inline.fk_name)
            parts.append(
                Part(
                    inline.model._meta.model_name,
                    str(inline.verbose_name_plural or inline.model._meta.verbose_name_plural),
                    inline.model,
                    inline.model._default_manager.filter(**{fk.name: obj.pk}).order_by("pk"),
                    {fk.attname: obj.pk},
                )
            )
        return parts

    def snapshot(self, obj: models.Model, lock: bool = False) -> Snapshot:
        digests: dict[str, str] = {}
        history: dict[str, int] = {}
        for part in self.version_parts(obj):
            rows = part.rows
            if lock and part.key == RECORD and transaction.get_connection().in_atomic_block:
                # Two editors saving at the same moment: the second waits here, then sees the first's save.
                rows = rows.select_for_update()
            columns = [
                f.attname for f in part.model._meta.concrete_fields if f.attname not in self.version_hidden_fields
            ]
            state: list[Any] = list(rows.values_list(*columns))
            if part.key == RECORD:
                state += [
                    sorted(getattr(obj, m2m.name).values_list("pk", flat=True)) for m2m in part.model._meta.many_to_many
                ]
                concrete = {f.name for f in part.model._meta.concrete_fields}
                if hasattr(part.model, "edit_version") and "edit_version" not in concrete:
                    # A model may count versions itself (e.g. a pending draft revision of a live story).
                    state.append(str(getattr(rows.first(), "edit_version", None)))
            digests[part.key] = _digest(state)
            historical = _history_model(part.model)
            if historical is not None:
                latest = historical._default_manager.filter(**part.history_filter).order_by("-history_id").first()
                history[part.key] = latest.history_id if latest else 0
        history.update(self.snapshot_marks(obj))
        return Snapshot(digests, history)

    def conflict(self, obj: models.Model, loaded: Snapshot, current: Snapshot) -> Conflict:
        """The saves made since the loaded version, oldest first, each with its field-by-field change."""
        saves: list[Save] = []
        untracked: list[str] = []
        hidden = set(self.version_hidden_fields) | {"edit_version"}
        for part in self.version_parts(obj):
            if loaded.digests.get(part.key) == current.digests.get(part.key):
                continue
            historical = _history_model(part.model)
            if historical is None or part.key not in loaded.history:
                untracked.append(part.label)
                continue
            rows = (
                historical._default_manager.filter(**part.history_filter, history_id__gt=loaded.history[part.key])
                .select_related("history_user")
                .order_by("history_id")
            )
            for row in rows:
                saves.append(self._describe(part, row, hidden))
        saves += self.saves_outside_history(obj, loaded)
        saves.sort(key=lambda s: s.when)
        return Conflict(saves, untracked)

    def saves_outside_history(self, obj: models.Model, loaded: Snapshot) -> list[Save]:
        """Saves kept in rows of their own rather than in the record's history (a live story's draft revisions).

        An admin that has them overrides this, and snapshot_marks, which records where they stood at load time.
        """
        return []

    def snapshot_marks(self, obj: models.Model) -> dict[str, int]:
        return {}

    def _describe(self, part: Part, row: Any, hidden: set[str]) -> Save:
        who = user_label(row.history_user)
        instance = row.instance
        if part.key == RECORD:
            what = {"+": "created it", "-": "deleted it"}.get(row.history_type, "saved it")
        else:
            noun = part.model._meta.verbose_name
            verb = {"+": "added", "-": "deleted"}.get(row.history_type, "changed")
            what = f"{verb} {noun} “{instance}”"
        changes = _changes(part.model, row, row.prev_record, hidden) if row.history_type == "~" else []
        return Save(who=who, when=row.history_date, what=what, changes=changes)


def _flatten(fields: Any) -> list[str]:
    flat: list[str] = []
    for entry in fields:
        flat.extend(entry if isinstance(entry, list | tuple) else [entry])
    return flat
