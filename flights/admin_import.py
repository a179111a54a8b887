"""The admin's "Import flights" page: upload, read the dry-run report, confirm; the command's service runs.

Mix FlightImportAdminMixin into the Flight ModelAdmin (before admin.ModelAdmin) to get the page at
admin/flights/flight/import/ and the button on the flight list.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.text import get_valid_filename

from flights.importers import FORMATS, ImportFailure, ImportSummary, import_flights

SESSION_KEY = "flight_imports"
MAX_PROBLEMS_SHOWN = 20
ABANDONED_AFTER_SECONDS = 24 * 3600


class FlightImportForm(forms.Form):
    file = forms.FileField(help_text="CSV or JSON, UTF-8.")
    format = forms.ChoiceField(choices=[(name, f"{name}: {about}") for name, (_r, about, _c) in FORMATS.items()])
    source = forms.SlugField(
        required=False,
        help_text="Slug of the source the values come from. ARTS files: created if new. "
        "Newsroom files: an existing source, for values no claim in the file states.",
    )
    skip_invalid = forms.BooleanField(
        required=False, label="Skip invalid rows", help_text="Import the valid rows and list the rejected ones."
    )


def upload_folder() -> Path:
    """Uploads wait here between the dry run and the editor's confirmation."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    # Uploads nobody confirmed or cancelled within a day are abandoned; do not let them pile up.
    stale = time.time() - ABANDONED_AFTER_SECONDS
    for waiting in folder.iterdir():
        if waiting.is_dir() and waiting.stat().st_mtime < stale:
            shutil.rmtree(waiting, ignore_errors=True)
    return folder


def discard(stored: Path) -> None:
    stored.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        stored.parent.rmdir()


class FlightImportAdminMixin:
    """Adds the import page to a ModelAdmin of Flight."""

    import_form_template = "admin/flights/flight/import_form.html"
    import_report_template = "admin/flights/flight/import_report.html"

    def get_urls(self) -> list[URLPattern]:
        urls = super().get_urls()  # type: ignore[misc]
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"  # type: ignore[attr-defined]
        view = self.admin_site.admin_view(self.import_view)  # type: ignore[attr-defined]
        return [path("import/", view, name=name), *urls]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, request.POST["token"], cancel="cancel" in request.POST)
        form = FlightImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return self._dry_run(request, form)
        return self._render(request, self.import_form_template, form=form)

    def _dry_run(self, request: HttpRequest, form: FlightImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        token = secrets.token_urlsafe(16)
        # A folder per upload keeps the editor's file name, which every message about the file uses.
        folder = upload_folder() / token
        folder.mkdir()
        try:
            name = get_valid_filename(Path(upload.name).name)[-100:]
        except SuspiciousFileOperation:
            name = "upload"  # a name like ".." says nothing; the contents still get checked
        stored = folder / name
        with stored.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        job = {
            "path": str(stored),
            "name": Path(upload.name).name,
            "format": form.cleaned_data["format"],
            "source": form.cleaned_data["source"] or None,
            "skip_invalid": form.cleaned_data["skip_invalid"],
        }
        try:
            summary = self._run(job, request, dry_run=True)
        except ImportFailure as exc:
            discard(stored)
            form.add_error(None, str(exc))
            return self._render(request, self.import_form_template, form=form)
        request.session.setdefault(SESSION_KEY, {})[token] = job
        request.session.modified = True
        can_confirm = not summary.problems or job["skip_invalid"]
        return self._render(
            request, self.import_report_template, summary=summary, token=token, job=job, can_confirm=can_confirm
        )

    def _confirm(self, request: HttpRequest, token: str, cancel: bool) -> HttpResponse:
        job = request.session.get(SESSION_KEY, {}).pop(token, None)
        request.session.modified = True
        if job is None:
            messages.error(request, "That import is no longer waiting (already done or cancelled); upload it again.")
            return HttpResponseRedirect(request.path)
        stored = Path(job["path"])
        try:
            if cancel:
                messages.info(request, f"Import of {job['name']} cancelled; nothing was written.")
                return HttpResponseRedirect(self._changelist_url())
            summary = self._run(job, request, dry_run=False)
        except ImportFailure as exc:
            messages.error(request, f"Nothing was imported: {exc}")
            return HttpResponseRedirect(request.path)
        except DatabaseError as exc:
            # Say, another editor imported the same flights a moment earlier; the transaction rolled back.
            messages.error(request, f"Nothing was imported; the database refused the import: {exc}")
            return HttpResponseRedirect(request.path)
        finally:
            discard(stored)
        if not summary.written:
            # The file changed its verdict since the dry run (say, a source was deleted): show why.
            messages.error(request, f"Nothing was imported: {summary.rejected_rows:,} rows have problems.")
            return self._render(request, self.import_report_template, summary=summary, job=job, can_confirm=False)
        messages.success(request, " ".join(summary.lines(max_problems=0)[:5]))
        return HttpResponseRedirect(self._changelist_url())

    def _run(self, job: dict[str, Any], request: HttpRequest, *, dry_run: bool) -> ImportSummary:
        return import_flights(
            path=job["path"],
            format=job["format"],
            source=job["source"],
            skip_invalid=job["skip_invalid"],
            dry_run=dry_run,
            user=request.user,
            display_name=job["name"],
        )

    def _changelist_url(self) -> str:
        opts = self.opts  # type: ignore[attr-defined]
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")  # type: ignore[attr-defined]

    def _render(self, request: HttpRequest, template: str, **context: Any) -> TemplateResponse:
        summary = context.get("summary")
        if summary is not None:
            context["report_lines"] = summary.lines(max_problems=MAX_PROBLEMS_SHOWN)
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),  # type: ignore[attr-defined]
                "opts": self.opts,  # type: ignore[attr-defined]
                "title": "Import flights",
                **context,
            },
        )
