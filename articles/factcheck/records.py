"""The stored flights one check needs, read with a handful of narrow queries (not the whole archive).

A story's check reads: its cited flights; flights on the dates it mentions; flights to the same countries
whose counts equal the figures it states or whose "first since" year it names; and, for sequences
("the sixth flight", "first since 2018", "five charters since June 2024"), counts and short lists of
removal flights to one country in one window, asked of the database directly. Claims and their sources
are fetched once for the flights a finding names.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet

from articles.factcheck.statements import Statement, StatementKind
from flights.claim_fields import CLAIM_FIELDS
from flights.models import Claim, Flight, Source

COUNT_FIELDS = ("passengers_total", "passengers_male", "passengers_female", "passengers_juvenile")
# Date ranges wider than this are looked up only among flights to the story's countries (a year has thousands).
_NARROW_DAYS = 10
_CANDIDATE_LIMIT = 60
# Flights with the same count as a figure are only named as a likely mix-up: a few are enough.
_MIX_UP_LIMIT = 12
# A flight known only to a range of days ("between Nov. 17 and Jan. 5") spans at most this long.
_LONGEST_RANGE = datetime.timedelta(days=400)
# Count matches ("116 is the June 2024 flight's count") and month-only dates look this far around the story's flights.
_YEARS_AROUND = datetime.timedelta(days=3 * 366)
_LISTED = 8


@dataclass
class Records:
    """The flights loaded for one check, by slug, with their claims; sequence questions go to the database."""

    by_slug: dict[str, Flight] = field(default_factory=dict)
    cited: list[Flight] = field(default_factory=list)
    _claims: dict[int, list[Claim]] = field(default_factory=dict)
    _memo: dict[tuple, object] = field(default_factory=dict)

    @property
    def flights(self) -> list[Flight]:
        return sorted(self.by_slug.values(), key=lambda f: (f.departed_earliest, f.departed_latest, f.slug))

    @classmethod
    def load(cls) -> Records:
        """Every stored flight (small databases and tests); a story's check uses for_story instead."""
        records = cls()
        records._add(_flights())
        return records

    @classmethod
    def for_story(
        cls, cited: list[str], statements: list[Statement], published_on: datetime.date | None = None
    ) -> Records:
        records = cls()
        # A story may cite any record, an ARTS movement too; what it is compared with beyond those is flights.
        records._add(_records().filter(slug__in=cited))
        records.cited = list(records.by_slug.values())
        countries = {str(f.destination_country) for f in records.by_slug.values()}
        countries |= {s.country for s in statements if s.country}
        countries |= {
            str(s.value) for s in statements if s.kind == StatementKind.ATTRIBUTE and s.field == "destination_country"
        }
        # Each question is its own narrow query on an index (departure dates; country and date), so a story's
        # check never scans the archive: one OR of them all made SQLite read every row.
        around = [f.departed_earliest for f in records.by_slug.values()] or ([published_on] if published_on else [])
        near = (min(around) - _YEARS_AROUND, max(around) + _YEARS_AROUND) if around else None
        removals = _flights().filter(kind__in=Flight.REMOVAL_KINDS)
        dated, nearby = Q(pk__in=[]), Q(pk__in=[])
        dates = {
            s.value
            for s in statements
            if s.kind == StatementKind.DATE and isinstance(s.value, tuple) and s.role != "said"
        }
        for earliest, latest, has_year in sorted(dates):
            if has_year:
                day_range = Q(
                    departed_earliest__lte=latest,
                    departed_earliest__gte=earliest - _LONGEST_RANGE,
                    departed_latest__gte=earliest,
                )
                if (latest - earliest).days > _NARROW_DAYS:
                    day_range &= Q(destination_country__in=countries)
                dated |= day_range
            elif (latest - earliest).days > 2:
                # "the November flight": that month in the years around the story's flights.
                nearby |= Q(departed_earliest__month=earliest.month) | Q(departed_latest__month=latest.month)
            else:
                nearby |= Q(departed_earliest__month=earliest.month, departed_earliest__day=earliest.day)
        if any(has_year for _e, _l, has_year in dates):
            records._add(_flights().filter(dated).order_by("departed_earliest")[:_CANDIDATE_LIMIT])
        if countries and near and not all(has_year for _e, _l, has_year in dates):
            in_reach = removals.filter(destination_country__in=countries, departed_earliest__range=near)
            records._add(in_reach.filter(nearby).order_by("departed_earliest")[:_CANDIDATE_LIMIT])
        values = {s.value for s in statements if s.kind == StatementKind.COUNT and isinstance(s.value, int) and s.value}
        if values and countries and near:
            by_count = Q()
            for name in COUNT_FIELDS:
                by_count |= Q(**{f"{name}__in": values})
            same = removals.filter(destination_country__in=countries, departed_earliest__range=near).filter(by_count)
            records._add(same.order_by("departed_earliest")[:_MIX_UP_LIMIT])
        years = {s.value for s in statements if s.kind == StatementKind.FIRST_SINCE and isinstance(s.value, int)}
        if years and countries:
            records._add(
                removals.filter(destination_country__in=countries, first_since_year__in=years)[:_CANDIDATE_LIMIT]
            )
        return records

    def _add(self, flights: object) -> None:
        for flight in flights:  # type: ignore[attr-defined]
            self.by_slug.setdefault(flight.slug, flight)

    def _load_claims(self, flights: list[Flight]) -> None:
        missing = [f.pk for f in flights if f.pk not in self._claims]
        if not missing:
            return
        for pk in missing:
            self._claims[pk] = []
        for claim in (
            Claim.objects.filter(flight_id__in=missing).select_related("source").order_by("source__tier", "pk")
        ):
            self._claims[claim.flight_id].append(claim)

    def include(self, flights: list[Flight]) -> None:
        """Keep flights a finding names (fetched by a sequence query), with their claims in one query."""
        self._add(flights)
        self._load_claims([self.by_slug[f.slug] for f in flights])

    # --- claims and sources -------------------------------------------------------------------------------

    def _claims_of(self, flight: Flight) -> list[Claim]:
        if flight.pk not in self._claims:
            # The cited flights' claims come together with the first flight asked about; others one by one.
            self._load_claims([flight, *self.cited])
        return self._claims[flight.pk]

    def claims(self, flight: Flight, field_name: str, status: str = Claim.Status.ACCEPTED) -> list[Claim]:
        return [c for c in self._claims_of(flight) if c.field == field_name and c.status == status]

    def unaccepted(self, flight: Flight, field_name: str) -> list[Claim]:
        pending = (Claim.Status.UNCONFIRMED, Claim.Status.DISPUTED)
        return [c for c in self._claims_of(flight) if c.field == field_name and c.status in pending]

    def sources(self, flight: Flight, field_name: str) -> list[Source]:
        """The sources behind a flight's stored value, primary first."""
        return [c.source for c in self.claims(flight, field_name)]

    def all_sources(self, flight: Flight) -> list[Source]:
        seen: dict[int, Source] = {}
        for claim in self._claims_of(flight):
            seen.setdefault(claim.source_id, claim.source)
        return list(seen.values())

    # --- lookups among the loaded flights ------------------------------------------------------------------

    def flights_on(self, earliest: datetime.date, latest: datetime.date, has_year: bool = True) -> list[Flight]:
        return [f for f in self.flights if departed_overlaps(f, earliest, latest, has_year)]

    def with_value(self, field_name: str, value: object, exclude: set[int]) -> list[Flight]:
        return [f for f in self.flights if f.pk not in exclude and getattr(f, field_name, None) == value]

    # --- sequences, asked of the database ---------------------------------------------------------------------

    def removals(
        self,
        country: str,
        after: datetime.date | None = None,
        before: datetime.date | None = None,
        *,
        through: datetime.date | None = None,
        exclude: int | None = None,
        limit: int = _LISTED,
    ) -> tuple[int, list[Flight]]:
        """How many removal flights to a country left on or after `after` and strictly before `before` (or on or
        before `through`), and the first `limit` of them, oldest first."""
        key = ("removals", country, after, before, through, exclude, limit)
        if key not in self._memo:
            query = _flights().filter(kind__in=Flight.REMOVAL_KINDS, destination_country=country)
            # Bounds on departed_earliest as well, so the (country, departed_earliest) index does the work.
            if after is not None:
                query = query.filter(departed_latest__gte=after, departed_earliest__gte=after - _LONGEST_RANGE)
            if before is not None:
                query = query.filter(departed_latest__lt=before, departed_earliest__lt=before)
            if through is not None:
                query = query.filter(departed_earliest__lte=through)
            if exclude is not None:
                query = query.exclude(pk=exclude)
            listed = list(query.order_by("departed_earliest", "departed_latest", "slug")[: limit + 1])
            total = len(listed) if len(listed) <= limit else query.count()
            self._memo[key] = (total, listed[:limit])
        return self._memo[key]  # type: ignore[return-value]

    def nth_removal(self, country: str, after: datetime.date | None, position: int) -> Flight | None:
        """The removal flight at a place in the sequence to a country ("the fourth flight"), oldest first."""
        key = ("nth", country, after, position)
        if key not in self._memo:
            query = _flights().filter(kind__in=Flight.REMOVAL_KINDS, destination_country=country)
            if after is not None:
                query = query.filter(departed_latest__gte=after, departed_earliest__gte=after - _LONGEST_RANGE)
            found = list(query.order_by("departed_earliest", "departed_latest", "slug")[position - 1 : position])
            self._memo[key] = found[0] if found else None
        return self._memo[key]  # type: ignore[return-value]

    def last_removal_before(self, country: str, before: datetime.date, exclude: int | None = None) -> Flight | None:
        key = ("last", country, before, exclude)
        if key not in self._memo:
            query = _flights().filter(
                kind__in=Flight.REMOVAL_KINDS,
                destination_country=country,
                departed_earliest__lt=before,
                departed_latest__lt=before,
            )
            if exclude is not None:
                query = query.exclude(pk=exclude)
            self._memo[key] = query.order_by("-departed_earliest", "-departed_latest", "-slug").first()
        return self._memo[key]  # type: ignore[return-value]

    def series_start(self, country: str, until: datetime.date) -> Flight | None:
        """The flight a source calls the first since some year: a series of removals starts there."""
        key = ("series", country, until)
        if key not in self._memo:
            self._memo[key] = (
                _flights()
                .filter(
                    kind__in=Flight.REMOVAL_KINDS,
                    destination_country=country,
                    first_since_year__isnull=False,
                    departed_earliest__lte=until,
                )
                .order_by("-departed_earliest")
                .first()
            )
        return self._memo[key]  # type: ignore[return-value]

    def largest_before(
        self, country: str, until: datetime.date, after_year: int | None = None
    ) -> tuple[int | None, Flight | None]:
        key = ("largest", country, until, after_year)
        if key not in self._memo:
            query = _flights().filter(
                kind__in=Flight.REMOVAL_KINDS,
                destination_country=country,
                passengers_total__isnull=False,
                departed_earliest__lte=until,
            )
            if after_year is not None:
                query = query.filter(departed_earliest__year__gt=after_year)
            top = query.aggregate(top=Max("passengers_total"))["top"]
            flight = (
                query.filter(passengers_total=top).order_by("departed_earliest").first() if top is not None else None
            )
            self._memo[key] = (top, flight)
        return self._memo[key]  # type: ignore[return-value]


# What a finding shows of a claim and its source; the rest (timestamps, notes) is not read.
_CLAIM_COLUMNS = (
    "id", "flight_id", "field", "value", "status", "source__id", "source__slug", "source__publisher",
    "source__title", "source__published_on", "source__tier", "source__kind",
)  # fmt: skip


def _records() -> QuerySet[Flight]:
    """Records without the columns a check never reads (timestamps, notes)."""
    return Flight.objects.defer("created_at", "updated_at", "notes", "date_note")


def _flights() -> QuerySet[Flight]:
    """Flights only: an ARTS passenger movement is not a flight, so it is never "the previous flight", "the
    largest", a step in a series, or another flight whose count a wrong figure matches."""
    return _records().flights()


def departed_overlaps(flight: Flight, earliest: datetime.date, latest: datetime.date, has_year: bool = True) -> bool:
    """Whether a flight may have left within the given days (month and day only when no year is known)."""
    if has_year:
        return flight.departed_earliest <= latest and earliest <= flight.departed_latest
    wanted = set()
    day = earliest
    while day <= latest:
        wanted.add((day.month, day.day))
        day += datetime.timedelta(days=1)
    day = flight.departed_earliest
    while day <= flight.departed_latest and len(wanted):
        if (day.month, day.day) in wanted:
            return True
        day += datetime.timedelta(days=1)
        if (day - flight.departed_earliest).days > 366:
            break
    return False


def field_label(name: str) -> str:
    spec = CLAIM_FIELDS.get(name)
    return spec.label if spec else name.replace("_", " ")


def source_text(sources: list[Source]) -> str:
    """The sources as a finding names them: publisher and title, primary first."""
    unique = list(dict.fromkeys(sources))
    return "; ".join(
        f"{s.publisher}, \u201c{s.title}\u201d" + (f" ({s.published_on.isoformat()})" if s.published_on else "")
        for s in unique
    )
