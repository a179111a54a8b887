"""What every import format shares: parsed records, problems, the summary, and safe file reading."""

from __future__ import annotations

import codecs
import csv
import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from flights.claim_fields import check_count
from flights.csv_safety import restore

# Newsroom CSVs carry claims as JSON in one cell; a flight with many claims exceeds csv's 128 KB default.
csv.field_size_limit(16 * 1024 * 1024)


class ImportFailure(Exception):
    """The import cannot go on; the message tells the editor what is wrong and what to do."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row, told the way an editor can find and fix it."""

    line: int
    column: str
    message: str
    unit: str = "line"

    def __post_init__(self) -> None:
        # A message quotes the bad value; a 10 MB cell must not make a 10 MB report.
        if len(self.message) > 300:
            object.__setattr__(self, "message", self.message[:297] + "…")
        if len(self.column) > 80:
            object.__setattr__(self, "column", self.column[:77] + "…")

    def __str__(self) -> str:
        return f"{self.unit} {self.line}: {self.column}: {self.message}"


@dataclass
class SourceSpec:
    """A source as an import file describes it; matched to the database by slug."""

    slug: str
    title: str
    publisher: str
    kind: str
    tier: str
    url: str = ""
    archive_url: str = ""
    published_on: datetime.date | None = None
    retrieved_on: datetime.date | None = None
    note: str = ""


@dataclass(slots=True)
class ClaimSpec:
    """ "Source says field is value", value already in the field's canonical text."""

    field: str
    value: str
    source: str  # source slug
    status: str
    note: str = ""


@dataclass(slots=True)
class LegSpec:
    sequence: int
    departed_on: datetime.date | None
    origin: str | None
    destination: str | None
    passengers_on: int | None
    passengers_off: int | None

    def key(self) -> tuple:
        return (
            self.sequence,
            self.departed_on,
            self.origin,
            self.destination,
            self.passengers_on,
            self.passengers_off,
        )


@dataclass(slots=True)
class FlightRecord:
    """One flight as a file states it: identity, plain attributes, claims and (optionally) legs."""

    line: int
    row_count: int  # file rows behind the flight (a mission has several); originals are not kept
    slug: str
    kind: str
    claims: list[ClaimSpec]
    # Attributes that are not claims (kind aside): origin_description, date_note, notes.
    attributes: dict[str, str] = field(default_factory=dict)
    # None when the format says nothing about legs, so existing legs are left alone.
    legs: list[LegSpec] | None = None


@dataclass
class Rejected:
    """Rows that will not be imported, with every reason."""

    line: int
    rows: list[dict[str, Any]]
    problems: list[Problem]

    @property
    def reason(self) -> str:
        return "; ".join(f"{p.column}: {p.message}" for p in self.problems)


@dataclass
class ParsedFile:
    """Everything read from a file, validated, before anything is written."""

    rows_read: int
    columns: list[str]
    records: list[FlightRecord]
    rejected: list[Rejected]
    sources: dict[str, SourceSpec]
    # Airport codes the file names, and what it says of the ones it describes (name, coordinates).
    airport_codes: set[str] = field(default_factory=set)
    airports_known: dict[str, dict[str, Any]] = field(default_factory=dict)
    operators: set[str] = field(default_factory=set)
    unit: str = "line"

    @property
    def problems(self) -> list[Problem]:
        return [problem for rejected in self.rejected for problem in rejected.problems]


@dataclass
class ImportSummary:
    """What an import did (or, on a dry run, would do), accounting for every row read."""

    path: str
    format: str
    dry_run: bool
    rows_read: int = 0
    created_rows: int = 0
    updated_rows: int = 0
    unchanged_rows: int = 0
    rejected_rows: int = 0
    created_flights: int = 0
    updated_flights: int = 0
    unchanged_flights: int = 0
    written: bool = False
    problems: list[Problem] = field(default_factory=list)
    new_airports: dict[str, str] = field(default_factory=dict)  # code -> how it is known
    # Codes the package lacks whose country a rule gave: code -> "Sudan, by ICAO prefix HS".
    placed: dict[str, str] = field(default_factory=dict)
    new_operators: list[str] = field(default_factory=list)
    sources: dict[str, bool] = field(default_factory=dict)  # slug -> created by this import
    rejects_path: str = ""
    unit: str = "line"
    # What the records are: "flights", or "movements" for ARTS rows (which are not flights).
    noun: str = "flights"
    # Permissions the importing user lacks for what the file would write (a dry run lists them all).
    refused: list[str] = field(default_factory=list)

    @property
    def accounted(self) -> bool:
        return self.created_rows + self.updated_rows + self.unchanged_rows + self.rejected_rows == self.rows_read

    def lines(self, max_problems: int | None = None) -> list[str]:
        """The report an editor reads, in the command's output and on the admin page."""
        would = "would be " if self.dry_run else ""
        out = [
            f"{'Dry run: ' if self.dry_run else ''}{self.rows_read:,} rows read from {self.path} ({self.format}).",
            f"  {would}created:   {self.created_rows:,} rows ({self.created_flights:,} {self.noun})",
            f"  {would}updated:   {self.updated_rows:,} rows ({self.updated_flights:,} {self.noun})",
            f"  unchanged: {self.unchanged_rows:,} rows ({self.unchanged_flights:,} {self.noun})",
            f"  rejected:  {self.rejected_rows:,} rows",
        ]
        for slug, created in self.sources.items():
            out.append(f"Source {slug}: {'new, ' + would + 'created' if created else 'already in the database'}.")
        if self.new_airports:
            from_package = sum(1 for how in self.new_airports.values() if how == "airportsdata")
            others = sorted((code, how) for code, how in self.new_airports.items() if how != "airportsdata")
            out.append(f"Airports {would}created from the airportsdata package: {from_package:,}.")
            if others:
                listed = ", ".join(f"{code} ({how})" for code, how in others)
                out.append(f"Airports the package lacks, {would}created: {listed}.")
        if self.placed:
            listed = "; ".join(f"{code} in {how}" for code, how in sorted(self.placed.items()))
            out.append(f"Placed without the package: {listed}.")
        if self.new_operators:
            out.append(f"Operators {would}created: {', '.join(sorted(self.new_operators))}.")
        if self.rejects_path:
            out.append(f"Rejected rows written to {self.rejects_path}.")
        if self.refused:
            out.append("Not permitted, so this file cannot be imported by this user:")
            out.extend(f"  {reason}" for reason in self.refused)
        shown = self.problems if max_problems is None else self.problems[:max_problems]
        if shown:
            out.append("Problems:")
            out.extend(f"  {problem}" for problem in shown)
            if len(shown) < len(self.problems):
                out.append(f"  … and {len(self.problems) - len(shown):,} more.")
        return out


def open_text(path: Path) -> TextIO:
    """Open a file as UTF-8 text (streamed, so a large file is never held whole in memory)."""
    if not path.exists():
        raise ImportFailure(f"{path}: no such file")
    if path.is_dir():
        raise ImportFailure(f"{path} is a folder, not a file")
    try:
        _check_utf8(path)
        # utf-8-sig: spreadsheet programs put a byte-order mark in front of UTF-8 CSVs.
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ImportFailure(f"{path}: cannot be read ({exc.strerror})") from None


def _check_utf8(path: Path) -> None:
    """Find the first byte that is not UTF-8 before any row is read, so the editor learns where it is."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = lines + chunk.count(b"\n", 0, max(exc.start, 0)) + 1
                raise not_utf8(path, line, f"byte {chunk[exc.start]:#04x} at position {offset + exc.start}") from None
            offset += len(chunk)
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise not_utf8(path, lines + 1, "it ends inside a character") from None


def not_utf8(path: Path, line: int | None = None, detail: str = "") -> ImportFailure:
    where = f" (line {line}{': ' + detail if detail else ''})" if line else ""
    return ImportFailure(f"{path.name} is not UTF-8 text{where}; save it as UTF-8 and try again")


def read_csv_rows(path: Path, required: list[str]) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Columns and (line number, row) pairs of a CSV, after checking the required columns are there."""
    handle = open_text(path)
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailure(f"{path.name} is empty; expected a header row with {', '.join(required)}") from None
    except UnicodeDecodeError:
        raise not_utf8(path, 1) from None
    except csv.Error as exc:
        raise ImportFailure(f"{path.name} line 1: not valid CSV ({exc})") from None
    columns = [restore(name.strip()) for name in header]
    missing = [name for name in required if name not in columns]
    if missing:
        raise ImportFailure(
            f"{path.name} lacks the column(s) {', '.join(missing)}; "
            f"it has {listing([c or '(unnamed)' for c in columns])}. Is the format right?"
        )

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for values in reader:
                if not any(value.strip() for value in values):
                    continue  # blank lines are not rows
                # Cells this site neutralised against spreadsheet formulas read back as they were.
                row = dict(zip(columns, (restore(value) for value in values), strict=False))
                if len(values) != len(columns):
                    row["__width__"] = str(len(values))
                yield reader.line_num, row
        except csv.Error as exc:
            raise ImportFailure(f"{path.name} line {reader.line_num + 1}: not valid CSV ({exc})") from None
        except UnicodeDecodeError:
            raise not_utf8(path, reader.line_num + 1) from None
        finally:
            handle.close()

    return columns, rows()


def listing(items: list[str], limit: int = 20) -> str:
    """Items for a message, the first `limit` of them and a count of the rest (a file may have a million)."""
    shown = ", ".join(item[:60] for item in items[:limit])
    return shown + (f" and {len(items) - limit:,} more" if len(items) > limit else "")


# The format nests four levels (document, flights, a flight's claims, a claim); deeper is not flight data.
MAX_JSON_DEPTH = 16


def read_json(path: Path) -> Any:
    try:
        with open_text(path) as handle:
            data = json.load(handle)
    except UnicodeDecodeError:
        raise not_utf8(path) from None
    except json.JSONDecodeError as exc:
        raise ImportFailure(f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise too_deep(path) from None
    if json_depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise too_deep(path)
    return data


def too_deep(path: Path) -> ImportFailure:
    return ImportFailure(
        f"{path.name} nests lists or objects more than {MAX_JSON_DEPTH} levels deep; flight data nests four "
        "(the document, its flights, a flight's claims or legs, one claim). Is it the right file?"
    )


def json_depth(data: Any, stop_past: int) -> int:
    """How deeply lists and objects nest (1 for a flat list), counting no further than stop_past + 1."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, dict | list):
            continue
        deepest = max(deepest, depth)
        if deepest > stop_past:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def width_problem(line: int, row: dict[str, str], columns: list[str]) -> Problem | None:
    """A row with more or fewer cells than the header has shifted columns; its values cannot be trusted."""
    width = row.pop("__width__", None)
    if width is None:
        return None
    return Problem(line, "(row)", f"has {width} cells but the header has {len(columns)}")


def parse_iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date (YYYY-MM-DD)") from None


def parse_count(text: str) -> int:
    cleaned = text.strip()
    try:
        number = int(cleaned)
    except ValueError:
        # pandas writes counts of float columns as "12.0"; accept those, nothing fractional.
        try:
            as_float = float(cleaned)
        except ValueError:
            raise ValueError(f"{cleaned!r} is not a whole number") from None
        if not as_float.is_integer():
            raise ValueError(f"{cleaned!r} is not a whole number") from None
        number = int(as_float)
    return check_count(number)
