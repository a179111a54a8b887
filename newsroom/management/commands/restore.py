"""Restore a backup folder over the configured database and MEDIA_ROOT (everything now there is replaced)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsroom.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and media files with a backup's. Asks for --yes: what is there now is lost."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="a folder written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="confirm that the current data is to be replaced")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("restoring replaces every record and media file now on this site; add --yes to go ahead")
        try:
            manifest = restore(Path(options["folder"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"Restored {options['folder']} (made {manifest['created']}): {rows:,} rows, and media.")
