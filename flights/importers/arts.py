"""ICE Air (ARTS) extracts from UWCHR: the pickup/drop-off legs file and the KBFI missions file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.utils.text import slugify

from flights.claim_fields import CLAIM_FIELDS
from flights.importers.base import (
    ClaimSpec,
    FlightRecord,
    LegSpec,
    ParsedFile,
    Problem,
    Rejected,
    SourceSpec,
    parse_count,
    parse_iso_date,
    read_csv_rows,
    width_problem,
)
from flights.importers.places import AirportBook
from flights.models import Claim, Flight, Source

ACCEPTED = Claim.Status.ACCEPTED.value
UWCHR = "University of Washington Center for Human Rights (ICE ARTS records released under FOIA)"
UWCHR_URL = "https://github.com/UWCHR/ice-air"

LEGS_SOURCE = SourceSpec(
    slug="uwchr-arts-legs-fy2011-fy2019",
    title="ICE Air passenger records (ARTS), pickup/drop-off pairs by date, FY2011-FY2019",
    publisher=UWCHR,
    kind=Source.Kind.FOIA_DATA.value,
    tier=Source.Tier.PRIMARY.value,
    url=UWCHR_URL,
)
MISSIONS_SOURCE = SourceSpec(
    slug="uwchr-arts-kbfi-missions",
    title="ICE Air missions touching Boeing Field, Seattle (KBFI), from ARTS",
    publisher=UWCHR,
    kind=Source.Kind.FOIA_DATA.value,
    tier=Source.Tier.PRIMARY.value,
    url=UWCHR_URL,
)

DIRECTIONS = {"R": Flight.Kind.REMOVAL.value, "T": Flight.Kind.DOMESTIC_TRANSFER.value}
MOVEMENT = Flight.RecordType.MOVEMENT.value


def _source(default: SourceSpec, slug: str | None) -> SourceSpec:
    """The dataset's source; --source renames it (it is created with the dataset's description if new)."""
    if not slug:
        return SourceSpec(**vars(default))
    return SourceSpec(**{**vars(default), "slug": slug})


def _icao(row: dict[str, str], column: str, problems: list[Problem], line: int) -> str:
    code = (row.get(column) or "").strip().upper()
    if len(code) != 4 or not code.isalnum():
        problems.append(Problem(line, column, f"{code!r} is not a four-character ICAO airport code"))
    return code


@lru_cache(maxsize=512)
def _country_refusal(code: str) -> str:
    """Why a country code cannot be stored ("" if it can); cached, as checking one walks every country."""
    try:
        CLAIM_FIELDS["destination_country"].canonical(code)
    except ValueError as exc:
        return str(exc)
    return ""


class _Pair:
    """The cells every ARTS row shares, checked: date, pickup, drop-off, passenger count."""

    def __init__(self, line: int, row: dict[str, str], columns: list[str], book: AirportBook) -> None:
        self.problems: list[Problem] = []
        if (shifted := width_problem(line, row, columns)) is not None:
            self.problems.append(shifted)
        self.date = None
        try:
            self.date = parse_iso_date(row.get("MissionDate") or "")
        except ValueError as exc:
            self.problems.append(Problem(line, "MissionDate", str(exc)))
        self.origin = _icao(row, "PULOC", self.problems, line)
        self.destination = _icao(row, "DropLoc", self.problems, line)
        self.count = None
        try:
            self.count = parse_count(row.get("AlienMasterID") or "")
        except ValueError as exc:
            self.problems.append(Problem(line, "AlienMasterID", str(exc)))
        self.destination_country = ""
        if not any(p.column == "DropLoc" for p in self.problems):
            self.destination_country = book.country(self.destination)
            if not self.destination_country:
                self.problems.append(
                    Problem(
                        line, "DropLoc", f"cannot tell which country {self.destination} is in; name it in --airports"
                    )
                )
            else:
                refusal = _country_refusal(self.destination_country)
                if refusal:
                    self.problems.append(Problem(line, "DropLoc", f"{self.destination}'s country: {refusal}"))


def read_legs(path: Path, *, book: AirportBook, source_slug: str | None = None) -> ParsedFile:
    """One passenger movement per row (not a flight): people moved on one date in one direction from
    PULOC to DropLoc. One aircraft mission yields several such rows, which the file cannot group."""
    source = _source(LEGS_SOURCE, source_slug)
    columns, rows = read_csv_rows(path, ["MissionDate", "R-T", "PULOC", "DropLoc", "AlienMasterID"])
    parsed = ParsedFile(rows_read=0, columns=columns, records=[], rejected=[], sources={source.slug: source})
    first_line: dict[str, int] = {}
    for line, row in rows:
        parsed.rows_read += 1
        pair = _Pair(line, row, columns, book)
        problems = pair.problems
        direction = (row.get("R-T") or "").strip()
        if direction not in DIRECTIONS:
            problems.append(
                Problem(line, "R-T", f"unknown direction code {direction!r}; expected R (removal) or T (transfer)")
            )
        if problems:
            parsed.rejected.append(Rejected(line, [row], problems))
            continue
        assert pair.date is not None and pair.count is not None
        # The row's content is its identity, so a re-import (or a re-sorted file) finds the same flight.
        slug = f"arts-{pair.date.isoformat()}-{direction.lower()}-{pair.origin}-{pair.destination}".lower()
        if slug in first_line:
            parsed.rejected.append(
                Rejected(
                    line,
                    [row],
                    [Problem(line, "(row)", f"repeats line {first_line[slug]} (same date, R-T, PULOC, DropLoc)")],
                )
            )
            continue
        first_line[slug] = line
        parsed.airport_codes.update((pair.origin, pair.destination))
        claims = [
            ClaimSpec("departed", pair.date.isoformat(), source.slug, ACCEPTED),
            ClaimSpec("origin", pair.origin, source.slug, ACCEPTED),
            ClaimSpec("destination", pair.destination, source.slug, ACCEPTED),
            ClaimSpec("destination_country", pair.destination_country, source.slug, ACCEPTED),
            ClaimSpec("passengers_total", str(pair.count), source.slug, ACCEPTED),
        ]
        attributes = {"record_type": MOVEMENT, "dataset": source.slug}
        parsed.records.append(FlightRecord(line, 1, slug, DIRECTIONS[direction], claims, attributes))
    return parsed


def read_missions(path: Path, *, book: AirportBook, source_slug: str | None = None) -> ParsedFile:
    """One flight per MissionID and date; its rows, in file order, become the flight's legs.

    A mission is a removal when any of its drop-offs is abroad, else a domestic transfer. Its
    destination is the last drop-off abroad (else the last drop-off), its origin the first pickup,
    and its passenger total the sum of the pairs' counts (each person rides one pair of a mission).
    """
    source = _source(MISSIONS_SOURCE, source_slug)
    columns, rows = read_csv_rows(path, ["MissionDate", "MissionID", "PULOC", "DropLoc", "AlienMasterID"])
    parsed = ParsedFile(rows_read=0, columns=columns, records=[], rejected=[], sources={source.slug: source})
    missions: dict[tuple[str, str], list[tuple[int, dict[str, str], _Pair]]] = {}
    for line, row in rows:
        parsed.rows_read += 1
        pair = _Pair(line, row, columns, book)
        mission_id = (row.get("MissionID") or "").strip()
        if not mission_id or len(mission_id) > 32:
            pair.problems.append(Problem(line, "MissionID", f"{mission_id!r} is not a mission number"))
        missions.setdefault((mission_id, (row.get("MissionDate") or "").strip()), []).append((line, row, pair))

    for (mission_id, _date), members in missions.items():
        first_line = members[0][0]
        rows_of = [row for _line, row, _pair in members]
        problems = [problem for _line, _row, pair in members for problem in pair.problems]
        if problems:
            # A mission is one flight: one bad row holds the whole mission back.
            lines = [line for line, _row, pair in members if not pair.problems]
            if lines:
                problems.append(Problem(first_line, "MissionID", f"mission {mission_id} also has lines {lines}"))
            parsed.rejected.append(Rejected(first_line, rows_of, problems))
            continue
        pairs = [pair for _line, _row, pair in members]
        parsed.records.append(_mission_record(first_line, len(rows_of), mission_id, pairs, source.slug))
        parsed.airport_codes.update(code for pair in pairs for code in (pair.origin, pair.destination))
    return parsed


def _mission_record(line: int, row_count: int, mission_id: str, pairs: list[_Pair], source: str) -> FlightRecord:
    day = pairs[0].date
    assert day is not None
    abroad = [pair for pair in pairs if pair.destination_country != "US"]
    last = (abroad or pairs)[-1]
    total = sum(pair.count or 0 for pair in pairs)
    claims = [
        ClaimSpec("departed", day.isoformat(), source, ACCEPTED),
        ClaimSpec("origin", pairs[0].origin, source, ACCEPTED),
        ClaimSpec("destination", last.destination, source, ACCEPTED),
        ClaimSpec("destination_country", last.destination_country, source, ACCEPTED),
        ClaimSpec("passengers_total", str(total), source, ACCEPTED),
        ClaimSpec("mission_number", mission_id, source, ACCEPTED),
    ]
    legs = [
        # A pair's count boarded at its pickup and left at its drop-off.
        LegSpec(number, day, pair.origin, pair.destination, pair.count, pair.count)
        for number, pair in enumerate(pairs, start=1)
    ]
    kind = Flight.Kind.REMOVAL.value if abroad else Flight.Kind.DOMESTIC_TRANSFER.value
    slug = f"arts-mission-{day.isoformat()}-{slugify(mission_id)}"
    # A mission is one aircraft's day: a flight in the site's sense, kept with the dataset it came from.
    attributes = {"record_type": Flight.RecordType.FLIGHT.value, "dataset": source}
    return FlightRecord(line, row_count, slug, kind, claims, attributes, legs=legs)


def _nationality_source(country: str, name: str, slug: str | None) -> SourceSpec:
    adjective = name.title()
    return SourceSpec(
        slug=slug or f"uwchr-arts-{slugify(name)}-removals",
        title=f"ICE Air removals of citizens of {adjective} (ARTS), by date and pickup/drop-off pair",
        publisher=UWCHR,
        kind=Source.Kind.FOIA_DATA.value,
        tier=Source.Tier.PRIMARY.value,
        url=UWCHR_URL,
        note=f"UWCHR's extract of ARTS removals of {adjective} citizens ({country}): passengers, juveniles, "
        "people ICE classed as non-criminal, and distinct missions per date and airport pair.",
    )


def _optional_count(row: dict[str, str], column: str, problems: list[Problem], line: int) -> int | None:
    text = (row.get(column) or "").strip()
    if not text:
        return None
    try:
        return parse_count(text)
    except ValueError as exc:
        problems.append(Problem(line, column, str(exc)))
        return None


@lru_cache(maxsize=256)
def _country_code(name: str) -> str:
    from django_countries import countries

    found = countries.by_name(name.strip())
    return found if isinstance(found, str) else ""


def read_nationality(path: Path, *, book: AirportBook, source_slug: str | None = None) -> ParsedFile:
    """UWCHR's per-nationality removal extract (the Guatemala file): one passenger movement per row.

    Beyond the legs file's columns it counts juveniles (JuvenileCount), people ICE classes as
    non-criminal (NCCount) and the distinct missions behind the row (MissionIDCount); all become
    real fields. Its rows overlap the legs file's (the same people, one nationality), so each
    dataset is totalled on its own, never added to another.
    """
    required = ["MissionDate", "CountryOfCitizenship", "R-T", "PULOC", "DropLoc", "AlienMasterIDCount"]
    columns, rows = read_csv_rows(path, required)
    parsed = ParsedFile(rows_read=0, columns=columns, records=[], rejected=[], sources={})
    first_line: dict[str, int] = {}
    source: SourceSpec | None = None
    file_nationality = ""
    for line, row in rows:
        parsed.rows_read += 1
        # The shared checks read the count from AlienMasterID; this extract calls it AlienMasterIDCount.
        pair = _Pair(line, {**row, "AlienMasterID": row.get("AlienMasterIDCount") or ""}, columns, book)
        problems = [
            Problem(p.line, "AlienMasterIDCount", p.message) if p.column == "AlienMasterID" else p
            for p in pair.problems
        ]
        direction = (row.get("R-T") or "").strip()
        if direction not in DIRECTIONS:
            problems.append(
                Problem(line, "R-T", f"unknown direction code {direction!r}; expected R (removal) or T (transfer)")
            )
        name = (row.get("CountryOfCitizenship") or "").strip()
        nationality = _country_code(name) if name else ""
        if not nationality:
            problems.append(Problem(line, "CountryOfCitizenship", f"{name!r} is not a country name"))
        elif source is None:
            source = _nationality_source(nationality, name, source_slug)
            parsed.sources[source.slug] = source
            file_nationality = nationality
        elif nationality != file_nationality:
            problems.append(Problem(line, "CountryOfCitizenship", "the file mixes nationalities; one per file"))
        juveniles = _optional_count(row, "JuvenileCount", problems, line)
        non_criminal = _optional_count(row, "NCCount", problems, line)
        missions = _optional_count(row, "MissionIDCount", problems, line)
        for column, count in (("JuvenileCount", juveniles), ("NCCount", non_criminal)):
            if count is not None and pair.count is not None and count > pair.count:
                problems.append(Problem(line, column, f"{count} is more than the row's {pair.count} passengers"))
        if problems or source is None:
            parsed.rejected.append(Rejected(line, [row], problems))
            continue
        assert pair.date is not None and pair.count is not None
        slug = f"arts-{nationality}-{pair.date.isoformat()}-{direction}-{pair.origin}-{pair.destination}".lower()
        if slug in first_line:
            problem = Problem(line, "(row)", f"repeats line {first_line[slug]} (same date, R-T, PULOC, DropLoc)")
            parsed.rejected.append(Rejected(line, [row], [problem]))
            continue
        first_line[slug] = line
        parsed.airport_codes.update((pair.origin, pair.destination))
        claims = [
            ClaimSpec("departed", pair.date.isoformat(), source.slug, ACCEPTED),
            ClaimSpec("origin", pair.origin, source.slug, ACCEPTED),
            ClaimSpec("destination", pair.destination, source.slug, ACCEPTED),
            ClaimSpec("destination_country", pair.destination_country, source.slug, ACCEPTED),
            ClaimSpec("nationality", nationality, source.slug, ACCEPTED),
            ClaimSpec("passengers_total", str(pair.count), source.slug, ACCEPTED),
        ]
        for field_name, count in (
            ("passengers_juvenile", juveniles),
            ("passengers_non_criminal", non_criminal),
            ("mission_count", missions),
        ):
            if count is not None:
                claims.append(ClaimSpec(field_name, str(count), source.slug, ACCEPTED))
        attributes = {"record_type": MOVEMENT, "dataset": source.slug}
        parsed.records.append(FlightRecord(line, 1, slug, DIRECTIONS[direction], claims, attributes))
    return parsed
