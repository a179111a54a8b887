"""An import run in the background: the editor's upload, its state, progress and report (the admin's import page)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import models
from django.utils import timezone
from django.utils.text import get_valid_filename

# Uploads (and the rejects file of a finished import) wait here; a day after their last change they go.
ABANDONED_AFTER_SECONDS = 24 * 3600
# The report keeps the first problems and their count: a million bad rows must not make a million-line page.
MAX_PROBLEMS_SHOWN = 20


def imports_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class ImportJob(models.Model):
    """One upload from "Import flights": checked (dry run) in the background, then written if the editor confirms."""

    class State(models.TextChoices):
        CHECK_QUEUED = "check_queued", "waiting to be checked"
        CHECKING = "checking", "being checked"
        CHECKED = "checked", "checked"
        WRITE_QUEUED = "write_queued", "waiting to be imported"
        WRITING = "writing", "being imported"
        DONE = "done", "imported"
        FAILED = "failed", "failed"
        CANCELLED = "cancelled", "cancelled"

    RUNNING = (State.CHECK_QUEUED, State.CHECKING, State.WRITE_QUEUED, State.WRITING)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    folder = models.CharField(max_length=64, unique=True, help_text="Folder under MEDIA_ROOT/imports.")
    file_name = models.CharField(max_length=255, help_text="The name the editor's file had.")
    airports_name = models.CharField(max_length=255, blank=True)
    format = models.CharField(max_length=32)
    source = models.CharField(max_length=120, blank=True)
    skip_invalid = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=State.choices, default=State.CHECK_QUEUED)
    # What the editor reads: the summary's lines (first problems only), counts, and whether it may go ahead.
    report = models.JSONField(default=dict, blank=True)
    can_confirm = models.BooleanField(default=False)
    message = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "flight import"

    def __str__(self) -> str:
        return f"Import of {self.file_name} ({self.get_state_display()})"

    @property
    def path(self) -> Path:
        return imports_folder() / self.folder

    @property
    def upload_path(self) -> Path:
        # Stored under the editor's own file name, which every message about the file uses.
        try:
            name = get_valid_filename(self.file_name)[-100:]
        except SuspiciousFileOperation:
            name = "upload"  # a name like ".." says nothing; the contents still get checked
        if name in {"airports.csv", "progress.json", "rejects.csv", "rejects.json"}:
            name = f"upload-{name}"
        return self.path / name

    @property
    def airports_path(self) -> Path | None:
        return self.path / "airports.csv" if self.airports_name else None

    @property
    def rejects_path(self) -> Path:
        return self.path / ("rejects.json" if self.format.endswith("json") else "rejects.csv")

    @property
    def running(self) -> bool:
        return self.state in self.RUNNING

    def remove_uploads(self) -> None:
        """Delete the uploaded files; keep the rejects file (if any) for the editor to download."""
        for path in (self.upload_path, self.airports_path, self.path / "progress.json"):
            if path is not None:
                path.unlink(missing_ok=True)
        if self.path.exists() and not any(self.path.iterdir()):
            self.path.rmdir()

    def remove_all(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    # Progress lives in a small file beside the upload: the write runs in one transaction, so a row
    # updated from inside it would stay invisible to the admin page until the very end.

    def write_progress(self, label: str, done: int, total: int) -> None:
        data = {"label": label, "done": done, "total": total, "at": timezone.now().isoformat()}
        handle, temporary = tempfile.mkstemp(dir=self.path, prefix=".progress")
        with os.fdopen(handle, "w") as out:
            json.dump(data, out)
        os.replace(temporary, self.path / "progress.json")

    def read_progress(self) -> dict[str, Any]:
        try:
            return json.loads((self.path / "progress.json").read_text())
        except (OSError, ValueError):
            return {}


def sweep_abandoned() -> int:
    """Remove uploads nobody confirmed or cancelled within a day (and old rejects files); returns how many."""
    import time

    stale = time.time() - ABANDONED_AFTER_SECONDS
    removed = 0
    for waiting in imports_folder().iterdir():
        if waiting.is_dir() and waiting.stat().st_mtime < stale:
            shutil.rmtree(waiting, ignore_errors=True)
            removed += 1
            ImportJob.objects.filter(folder=waiting.name, state=ImportJob.State.CHECKED).update(
                state=ImportJob.State.CANCELLED, message="Nobody confirmed it within a day; the upload was removed."
            )
    return removed
