"""Back up the database and media files into a folder (docs/security.md, Backups)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsroom.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup (database dump, media archive, manifest) into a new folder, by default backups/<time>/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", help="folder to create (default: backups/YYYYMMDD-HHMMSS under the project)")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = Path(options["to"]) if options["to"] else Path(settings.BASE_DIR) / "backups" / stamp
        try:
            manifest = backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"Backup written to {folder}: {rows:,} rows in {len(manifest['tables'])} tables, and media.")
