"""Running the real background worker (django-tasks' db_worker) in a test, until the queue is empty."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def run_worker() -> str:
    """Process every queued task with `manage.py db_worker --batch`, as the deployed worker would; returns its log."""
    out = StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", stdout=out, stderr=out)
    return out.getvalue()
