"""Background work of the flight records: checking and writing an uploaded import (django-tasks, run by db_worker)."""

from __future__ import annotations

import logging
import time

from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django_tasks import task

from flights.import_jobs import MAX_PROBLEMS_SHOWN, ImportJob
from flights.importers import ImportFailure, ImportSummary, import_flights

logger = logging.getLogger(__name__)


class JobProgress:
    """Progress of a background import, written beside its upload at most twice a second."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.label = ""
        self.total = self.done = 0
        self.last = 0.0

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.job.write_progress(label, 0, total)

    def advance(self, count: int) -> None:
        self.done += count
        if time.monotonic() - self.last > 0.5 or self.done >= self.total:
            self.last = time.monotonic()
            self.job.write_progress(self.label, self.done, self.total)

    def close(self) -> None:
        self.job.write_progress(self.label, self.done, self.total)


def _report(summary: ImportSummary) -> dict[str, object]:
    return {
        "lines": summary.lines(max_problems=MAX_PROBLEMS_SHOWN),
        "problem_count": len(summary.problems),
        "rows_read": summary.rows_read,
        "created": [summary.created_rows, summary.created_flights],
        "updated": [summary.updated_rows, summary.updated_flights],
        "unchanged": [summary.unchanged_rows, summary.unchanged_flights],
        "rejected": summary.rejected_rows,
        "refused": summary.refused,
        "rejects_file": bool(summary.rejects_path),
    }


@task()
def run_import(job_id: int, write: bool) -> str:
    """Check (write=False) or write (write=True) an uploaded import; the job records the outcome."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    expected = ImportJob.State.WRITE_QUEUED if write else ImportJob.State.CHECK_QUEUED
    if job.state != expected:
        return f"skipped: job {job_id} is {job.state}"  # cancelled meanwhile, or run twice
    user = job.user or get_user_model()(username="(deleted user)", is_active=False)
    job.state = ImportJob.State.WRITING if write else ImportJob.State.CHECKING
    job.save(update_fields=["state", "updated_at"])
    try:
        summary = import_flights(
            path=job.upload_path,
            format=job.format,
            source=job.source or None,
            dry_run=not write,
            skip_invalid=job.skip_invalid,
            rejects=job.rejects_path if write and job.skip_invalid else None,
            airports=job.airports_path,
            user=user,
            display_name=job.file_name,
            progress=JobProgress(job),
        )
    except ImportFailure as exc:
        return _fail(job, f"Nothing was imported: {exc}")
    except DatabaseError as exc:
        # Say, another editor imported the same flights a moment earlier; the transaction rolled back.
        return _fail(job, f"Nothing was imported; the database refused the import: {str(exc).strip()[:500]}")
    except Exception:
        logger.exception("import job %s failed", job_id)
        return _fail(job, "Nothing was imported: the import stopped on an unexpected error, which has been logged.")
    job.report = _report(summary)
    if not write:
        job.state = ImportJob.State.CHECKED
        job.can_confirm = (not summary.problems or job.skip_invalid) and not summary.refused
        if not job.can_confirm:
            job.remove_all()  # it cannot go ahead as it is: its files are of no further use
    elif summary.written:
        job.state = ImportJob.State.DONE
        job.can_confirm = False
        job.remove_uploads()
    else:
        # The file changed its verdict since the dry run (say, a source was deleted).
        job.state = ImportJob.State.FAILED
        job.message = f"Nothing was imported: {summary.rejected_rows:,} rows have problems."
        job.remove_all()
    job.save()
    return job.state


def _fail(job: ImportJob, message: str) -> str:
    job.state = ImportJob.State.FAILED
    job.message = message[:5000]
    job.can_confirm = False
    job.save()
    job.remove_all()
    return job.state
