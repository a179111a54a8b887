"""Bulk import of flight records: the one service the import_flights command and the admin both call."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from simple_history.models import HistoricalRecords

from flights import archive_summary
from flights.csv_safety import neutralise_row
from flights.importers.arts import read_legs, read_missions, read_nationality
from flights.importers.base import ImportFailure, ImportSummary, ParsedFile, Problem
from flights.importers.newsroom_format import read_newsroom_csv, read_newsroom_json
from flights.importers.places import AirportBook, read_airports_file
from flights.importers.writer import NoProgress, Progress, RecordWriter

__all__ = ["FORMATS", "ImportFailure", "ImportSummary", "Problem", "import_flights"]

Reader = Callable[..., ParsedFile]

# Format name -> (reader, what it is, whether a re-import compares claim statuses and notes too).
FORMATS: dict[str, tuple[Reader, str, bool]] = {
    "arts-legs": (
        read_legs,
        "ICE Air ARTS legs file (one passenger movement per date, direction, pickup and drop-off)",
        False,
    ),
    "arts-missions": (read_missions, "ICE Air ARTS missions file (rows grouped by MissionID into flights)", False),
    "arts-nationality": (
        read_nationality,
        "ICE Air ARTS removals of one nationality (UWCHR's country extract: juveniles, non-criminal, missions)",
        False,
    ),
    "newsroom-csv": (read_newsroom_csv, "this site's flight download, CSV", True),
    "newsroom-json": (read_newsroom_json, "this site's flight download, JSON", True),
}


def import_flights(
    *,
    path: Path | str,
    format: str,
    source: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    rejects: Path | str | None = None,
    airports: Path | str | None = None,
    user: Any = None,
    display_name: str | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Validate every row of a file, then (unless a dry run) write it all in one transaction.

    With invalid rows and no ``skip_invalid`` nothing is written and the summary's problems say why
    (``summary.written`` is False). Raises ImportFailure when the file as a whole cannot be read.
    """
    if format not in FORMATS:
        raise ImportFailure(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    reader, _description, compare_status = FORMATS[format]
    path = Path(path)
    name = display_name or path.name
    if not path.is_file():
        raise ImportFailure(f"{path}: no such file" if not path.exists() else f"{path} is not a file")
    if rejects and not Path(rejects).resolve().parent.is_dir():
        raise ImportFailure(f"rejects file {rejects}: its folder does not exist")
    known = read_airports_file(Path(airports)) if airports else {}
    book = AirportBook(known)
    parsed = reader(path, book=book, source_slug=source)
    for code, info in known.items():
        parsed.airports_known.setdefault(code, info)

    summary = ImportSummary(path=name, format=format, dry_run=dry_run, unit=parsed.unit)
    summary.rows_read = parsed.rows_read
    types = {record.attributes.get("record_type", "flight") for record in parsed.records}
    summary.noun = {frozenset({"movement"}): "movements", frozenset({"flight"}): "flights"}.get(
        frozenset(types), "records" if types else "flights"
    )
    summary.problems = parsed.problems
    summary.rejected_rows = sum(len(rejected.rows) for rejected in parsed.rejected)
    if parsed.rejected and not skip_invalid and not dry_run:
        return summary  # all or nothing: the caller reports the problems and nothing is written

    writer = RecordWriter(
        parsed,
        summary=summary,
        book=book,
        dry_run=dry_run,
        compare_status=compare_status,
        user=user,
        reason=f"imported from {name} ({format})",
    )
    if dry_run:
        writer.prepare()
        writer.run(progress or NoProgress())
        summary.refused = list(writer.permissions.refusals.values())
        return summary
    # One transaction: a failure in row 40,000 leaves the database as it was before row 1.
    with transaction.atomic(), acting_as(user):
        writer.prepare()
        writer.run(progress or NoProgress())
        # In the same transaction: readers never see the new rows with the old sums (flights.archive_summary).
        archive_summary.refresh()
    summary.written = True
    if rejects and parsed.rejected:
        _write_rejects(Path(rejects), parsed, format)
        summary.rejects_path = str(rejects)
    return summary


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """History rows written by the claim services name the importing user, in a worker as in a request.

    simple_history reads the user from the request its middleware keeps; a background import has none,
    so stand in one that carries the user (and leave a real request's alone).
    """
    context = HistoricalRecords.context
    if user is None or getattr(context, "request", None) is not None:
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del context.request


def _write_rejects(path: Path, parsed: ParsedFile, format: str) -> None:
    """Rejected rows as the file had them, plus the reason, so an editor can fix and re-import them."""
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            if format.endswith("json"):
                rows = [{**row, "reason": rejected.reason} for rejected in parsed.rejected for row in rejected.rows]
                json.dump(rows, handle, indent=1, ensure_ascii=False, default=str)
                return
            writer = csv.writer(handle)
            writer.writerow(neutralise_row([*parsed.columns, "reason"]))
            for rejected in parsed.rejected:
                for row in rejected.rows:
                    cells = [*(str(row.get(column, "")) for column in parsed.columns), rejected.reason]
                    writer.writerow(neutralise_row(cells))
    except OSError as exc:
        raise ImportFailure(
            f"the import was written, but the rejects file {path} could not be: {exc.strerror}"
        ) from None
