"""Load the ICE Air (ARTS) extracts kept in data/ice-air/: legs as passenger movements, missions, Guatemala."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from flights.importers import ImportFailure, import_flights

# (file, format), in the order they load; every file is placed with the data's own airports file.
FILES = [
    ("uwchr_arts_legs_fy2011_fy2019.csv", "arts-legs"),
    ("uwchr_arts_kbfi_missions.csv", "arts-missions"),
    ("uwchr_arts_guatemala_removal_legs.csv", "arts-nationality"),
]
AIRPORTS = "uwchr_arts_airports.csv"


def data_folder() -> Path:
    return Path(settings.BASE_DIR) / "data" / "ice-air"


class Command(BaseCommand):
    help = (
        "Import the ICE Air extracts in data/ice-air/ (see its README): the legs file as passenger movements, "
        "the KBFI missions as flights, the Guatemala extract with its juvenile and non-criminal counts. "
        "Safe to run again: unchanged rows are left as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", default=str(data_folder()), help="folder holding the extracts")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["data"])
        airports = folder / AIRPORTS
        missing = [name for name, _format in FILES if not (folder / name).is_file()]
        if missing or not airports.is_file():
            raise CommandError(f"{folder} lacks {', '.join(missing or [AIRPORTS])}; see data/ice-air/README.md")
        for name, format in FILES:
            started = time.monotonic()
            try:
                summary = import_flights(path=folder / name, format=format, airports=airports, skip_invalid=True)
            except ImportFailure as exc:
                raise CommandError(f"{name}: {exc}") from None
            except DatabaseError as exc:
                raise CommandError(f"{name}: the database refused the import, so nothing was written: {exc}") from None
            for line in summary.lines(max_problems=5):
                self.stdout.write(line)
            self.stdout.write(f"  ({time.monotonic() - started:.1f} s)")
