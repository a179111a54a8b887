"""The admin's "Import flights" page: upload, a background dry run, confirm, a background write, the report.

Mix FlightImportAdminMixin into the Flight ModelAdmin (before admin.ModelAdmin) to get the pages at
admin/flights/flight/import/ and the button on the flight list. The work runs in `manage.py db_worker`
(django-tasks), so a file of any size the format allows never holds a web request; the page shows its
progress and, at the end, the report and the rejected rows as a download.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from flights.import_jobs import ImportJob, sweep_abandoned
from flights.importers import FORMATS
from flights.tasks import run_import
from newsroom.uploads import refused_uploads, size_limit_text

REFRESH_SECONDS = 2


class FlightImportForm(forms.Form):
    file = forms.FileField(help_text=f"CSV or JSON, UTF-8, at most {size_limit_text()}.")
    format = forms.ChoiceField(choices=[(name, f"{name}: {about}") for name, (_r, about, _c) in FORMATS.items()])
    source = forms.SlugField(
        required=False,
        help_text="Slug of the source the values come from. ARTS files: created if new. "
        "Newsroom files: an existing source, for values no claim in the file states.",
    )
    airports = forms.FileField(
        required=False,
        label="Airports file",
        help_text="ARTS files only, optional: a CSV naming airports the airportsdata package lacks "
        "(AirportCode, AirportName, Longitude, Latitude), as UWCHR publishes it.",
    )
    skip_invalid = forms.BooleanField(
        required=False,
        label="Skip invalid rows",
        help_text="Import the valid rows; the rejected ones become a download.",
    )

    def __init__(self, *args: Any, refused: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused = refused or {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for field, name in self.refused.items():
            # The upload handler stopped reading it, so the field looks empty: say why instead.
            self.errors.pop(field, None)
            self.add_error(
                field if field in self.fields else None,
                f"{name} is larger than the {size_limit_text()} an upload may be. Split it into smaller files, "
                "or import it on the server with `python manage.py import_flights`.",
            )
        return cleaned


def _save(upload: UploadedFile, destination: Path) -> None:
    with destination.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)


class FlightImportAdminMixin:
    """Adds the import pages to a ModelAdmin of Flight."""

    import_form_template = "admin/flights/flight/import_form.html"
    import_job_template = "admin/flights/flight/import_job.html"

    def get_urls(self) -> list[URLPattern]:
        urls = super().get_urls()  # type: ignore[misc]
        prefix = f"{self.opts.app_label}_{self.opts.model_name}_import"  # type: ignore[attr-defined]
        wrap = self.admin_site.admin_view  # type: ignore[attr-defined]
        return [
            path("import/", wrap(self.import_view), name=prefix),
            path("import/<int:job_id>/", wrap(self.import_job_view), name=f"{prefix}_job"),
            path("import/<int:job_id>/rejects/", wrap(self.import_rejects_view), name=f"{prefix}_rejects"),
            *urls,
        ]

    def _may_import(self, request: HttpRequest) -> None:
        # Which models a file may write is decided per file, by the import itself (flights.importers.permissions).
        if not (self.has_add_permission(request) or self.has_change_permission(request)):  # type: ignore[attr-defined]
            raise PermissionDenied

    def import_view(self, request: HttpRequest) -> HttpResponse:
        self._may_import(request)
        if request.method == "POST":
            form = FlightImportForm(request.POST, request.FILES, refused=refused_uploads(request))
            if form.is_valid():
                job = self._start(request, form)
                return HttpResponseRedirect(self._job_url(job))
        else:
            form = FlightImportForm()
        recent = ImportJob.objects.filter(user=request.user)[:10]
        return self._render(request, self.import_form_template, form=form, recent=recent)

    def _start(self, request: HttpRequest, form: FlightImportForm) -> ImportJob:
        sweep_abandoned()
        upload = form.cleaned_data["file"]
        airports = form.cleaned_data["airports"]
        job = ImportJob(
            user=request.user,
            folder=secrets.token_urlsafe(16),
            file_name=Path(upload.name).name[:255],
            airports_name=Path(airports.name).name[:255] if airports else "",
            format=form.cleaned_data["format"],
            source=form.cleaned_data["source"] or "",
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        job.path.mkdir(parents=True)
        try:
            _save(upload, job.upload_path)
            if airports:
                _save(airports, job.airports_path)  # type: ignore[arg-type]
            job.save()
            job.task_id = str(run_import.enqueue(job.pk, False).id)
            job.save(update_fields=["task_id"])
        except BaseException:
            job.remove_all()  # a failed upload leaves nothing behind
            raise
        return job

    def _job(self, request: HttpRequest, job_id: int) -> ImportJob:
        self._may_import(request)
        job = get_object_or_404(ImportJob, pk=job_id)
        if job.user_id != request.user.pk and not request.user.is_superuser:
            raise PermissionDenied
        return job

    def import_job_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = self._job(request, job_id)
        if request.method == "POST":
            if "cancel" in request.POST and job.state in (ImportJob.State.CHECKED, ImportJob.State.CHECK_QUEUED):
                job.state = ImportJob.State.CANCELLED
                job.can_confirm = False
                job.save()
                job.remove_all()
                messages.info(request, f"Import of {job.file_name} cancelled; nothing was written.")
                return HttpResponseRedirect(self._changelist_url())
            if "confirm" in request.POST:
                if job.state != ImportJob.State.CHECKED or not job.can_confirm:
                    messages.error(
                        request, "That import is no longer waiting (already done or cancelled); upload it again."
                    )
                    return HttpResponseRedirect(self._job_url(job))
                job.state = ImportJob.State.WRITE_QUEUED
                job.can_confirm = False
                job.save()
                job.task_id = str(run_import.enqueue(job.pk, True).id)
                job.save(update_fields=["task_id"])
            return HttpResponseRedirect(self._job_url(job))
        progress = job.read_progress() if job.running else {}
        response = self._render(
            request,
            self.import_job_template,
            job=job,
            progress=progress,
            refresh=REFRESH_SECONDS if job.running else None,
            report_lines=job.report.get("lines", []),
            rejects_url=reverse(f"{self.admin_site.name}:flights_flight_import_rejects", args=[job.pk])  # type: ignore[attr-defined]
            if job.state == ImportJob.State.DONE and job.rejects_path.exists()
            else "",
        )
        return response

    def import_rejects_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = self._job(request, job_id)
        if not job.rejects_path.exists():
            messages.error(
                request, "The rejected rows of that import are no longer kept (after a day they are removed)."
            )
            return HttpResponseRedirect(self._job_url(job))
        stem = Path(job.file_name).stem or "import"
        return FileResponse(
            job.rejects_path.open("rb"), as_attachment=True, filename=f"{stem}-rejected{job.rejects_path.suffix}"
        )

    def _job_url(self, job: ImportJob) -> str:
        return reverse(f"{self.admin_site.name}:flights_flight_import_job", args=[job.pk])  # type: ignore[attr-defined]

    def _changelist_url(self) -> str:
        opts = self.opts  # type: ignore[attr-defined]
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")  # type: ignore[attr-defined]

    def _render(self, request: HttpRequest, template: str, **context: Any) -> TemplateResponse:
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
