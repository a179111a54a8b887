"""Make scheduled revisions whose time has come live now. Optional: the first read does it anyway."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from articles.services import publish_due


class Command(BaseCommand):
    help = (
        "Publish every scheduled revision whose time has come. Nothing needs to run it: a story's first read "
        "after that time publishes it. For newsrooms that want it done by cron as well (safe to run at any time)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        applied = publish_due()
        self.stdout.write(f"Published {applied} scheduled revision(s).")
