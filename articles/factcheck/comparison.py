"""Each kind of statement held against the records: what the records say, before any stance is applied.

Every function returns an Outcome: TRUE (the records support the words), FALSE (an accepted record says
otherwise), UNKNOWN (no record says either way) or UNCHECKABLE (it cannot be held against one flight: a
total over a period, or a sentence that could be about several flights that disagree). The rules in
rules.py then turn the outcome and the statement's stance into a finding. These functions read the records
only through Records and change nothing.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field

from articles.factcheck.records import Records, departed_overlaps, field_label, source_text
from articles.factcheck.statements import Doubt, Range, Statement, StatementKind, Step
from flights.formatting import format_date_range
from flights.models import Claim, Flight, Source

_LISTED = 8
# A count under ten that equals some other flight's count says little: small numbers recur everywhere.
MIX_UP_MINIMUM = 10


class Truth(enum.StrEnum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"
    UNCHECKABLE = "uncheckable"


@dataclass
class Outcome:
    truth: Truth
    message: str
    recorded: str | None = None
    flight: Flight | None = None
    sources: list[Source] = field(default_factory=list)
    flights: list[str] = field(default_factory=list)  # other flights the finding names
    # Steps the comparison had to infer (an approximation's width decided it; one flight of several was chosen).
    doubts: list[Doubt] = field(default_factory=list)

    @property
    def source(self) -> str | None:
        return source_text(self.sources) or None


def describe(flight: Flight) -> str:
    return f"the {format_date_range(flight.departed_earliest, flight.departed_latest)} flight ({flight.slug})"


def _publisher(sources: list[Source]) -> str:
    return sources[0].publisher if sources else "an editor"


def _holds(statement: Statement, recorded: float) -> bool:
    rng = statement.range or Range(float(statement.value), float(statement.value))  # type: ignore[arg-type]
    return rng.holds(recorded)


def compare_value(statement: Statement, subjects: list[Flight], records: Records) -> Outcome:
    """Counts and ages: the statement's number (or range) against the field of the flight(s) it is about."""
    name = statement.field
    label = field_label(name)
    if statement.than:
        return compare_parts(statement, subjects, records)
    if statement.share is not None:
        return compare_share(statement, subjects, records)
    if name == "passengers_juvenile" and statement.value == 0:
        # "No children were aboard": true when the youngest on record was an adult.
        aged = [f for f in subjects if f.passengers_juvenile is None and f.age_min is not None]
        adults = [f for f in aged if f.age_min >= 18]
        if adults:
            youngest = adults[0]
            message = f"The youngest aboard {describe(youngest)} was {youngest.age_min}: no juveniles."
            return Outcome(Truth.TRUE, message, "0", youngest, records.sources(youngest, "age_min"))
        minors = [f for f in aged if f.age_min < 18]
        if minors and len(minors) == len(subjects):
            youngest = minors[0]
            message = f"The youngest aboard {describe(youngest)} was {youngest.age_min}: a juvenile was aboard."
            return Outcome(Truth.FALSE, message, f"youngest {youngest.age_min}", youngest,
                           records.sources(youngest, "age_min"))  # fmt: skip
    with_value = [f for f in subjects if getattr(f, name, None) is not None]
    for flight in with_value:
        recorded = getattr(flight, name)
        if _holds(statement, recorded):
            sources = records.sources(flight, name)
            return Outcome(
                Truth.TRUE,
                f"The records give {label} for {describe(flight)} as {recorded} ({_publisher(sources)}).",
                str(recorded),
                flight,
                sources,
            )
    if with_value and len(with_value) == len(subjects):
        flight = with_value[0]
        recorded = getattr(flight, name)
        sources = records.sources(flight, name)
        message = (
            f"The records give {label} for {describe(flight)} as {recorded}, not {statement.value}, "
            f"according to {_publisher(sources)}."
        )
        disputed = [c for c in records.unaccepted(flight, name) if c.value == str(statement.value)]
        if disputed:
            message += f" {disputed[0].source.publisher} reported {statement.value}; editors dispute it."
        mixups = _mix_ups(statement, subjects, records)
        named = []
        if mixups:
            other, other_field = mixups[0]
            message += (
                f" {statement.value} is the {field_label(other_field)} recorded for {describe(other)}: a likely mix-up."
            )
            named = [f.slug for f, _ in mixups[:_LISTED]]
        outcome = Outcome(Truth.FALSE, message, str(recorded), flight, sources, named)
        near = _widened(statement.range)
        if near is not None and all(near.holds(getattr(f, name)) for f in with_value):
            outcome.doubts.append(Doubt(Step.CONVERSION, f"{statement.text!r} is an approximation, read as "
                                        f"{_bounds(statement.range)}, and the record is just outside"))  # fmt: skip
        return outcome
    if with_value:
        listed = ", ".join(f"{describe(f)}: {getattr(f, name)}" for f in with_value[:_LISTED])
        return Outcome(
            Truth.UNCHECKABLE,
            f"The sentence could be about {len(subjects)} flights; the records disagree with it for {listed}, "
            f"and give no {label} for the others.",
            str(getattr(with_value[0], name)),
            with_value[0],
            records.sources(with_value[0], name),
            [f.slug for f in subjects[:_LISTED]],
        )
    for flight in subjects:
        pending = [c for c in records.unaccepted(flight, name) if c.value == str(statement.value)]
        if pending:
            claim = pending[0]
            return Outcome(
                Truth.UNKNOWN,
                f"Only a report the editors have not accepted says so: {claim.source.publisher} gives {label} "
                f"of {describe(flight)} as {claim.value} ({claim.get_status_display().lower()}).",
                None,
                flight,
                [claim.source],
            )
    about = subjects[0] if subjects else None
    where = describe(about) if about else "the flights cited"
    return Outcome(Truth.UNKNOWN, f"No record states {label} for {where}.", None, about)


def _widened(rng: Range | None) -> Range | None:
    """An approximate range ("about", "nearly") widened by a quarter of its width either side; None for exact figures.

    A record outside what the words allow but inside this makes the verdict rest on how wide "about" was read
    ("about 120" is read as 108 to 132; 104 disagrees only by that reading, 95 by any)."""
    if rng is None or rng.rule not in {"~", "~<"}:
        return None
    width = max(1.0, (rng.high - rng.low) / 4)
    return Range(rng.low - width, rng.high + width, rng.rule)


def _bounds(rng: Range | None) -> str:
    return f"{rng.low:g} to {rng.high:g}" if rng else ""


def compare_parts(statement: Statement, subjects: list[Flight], records: Records) -> Outcome:
    """ "Women outnumbered men": the two parts' recorded counts, one against the other."""
    name, other = statement.field, statement.than
    label, other_label = field_label(name), field_label(other)
    known = [f for f in subjects if getattr(f, name, None) is not None and getattr(f, other, None) is not None]
    if not known:
        about = subjects[0] if subjects else None
        return Outcome(Truth.UNKNOWN, f"No record states both {label} and {other_label} for "
                                      f"{describe(about) if about else 'it'}.", None, about)  # fmt: skip
    exceeding = [f for f in known if getattr(f, name) > getattr(f, other)]
    if len(known) < len(subjects) and not exceeding:
        return Outcome(Truth.UNCHECKABLE, f"The sentence could be about {len(subjects)} flights; the records give "
                                          f"{label} and {other_label} for only some of them.")  # fmt: skip
    flight = (exceeding or known)[0]
    sources = records.sources(flight, name)
    recorded = f"{getattr(flight, name)} {label} and {getattr(flight, other)} {other_label}"
    if exceeding:
        return Outcome(Truth.TRUE, f"The records give {describe(flight)} {recorded} ({_publisher(sources)}).",
                       recorded, flight, sources)  # fmt: skip
    return Outcome(Truth.FALSE, f"The records give {describe(flight)} {recorded}, not {statement.text!r}, "
                                f"according to {_publisher(sources)}.", recorded, flight, sources)  # fmt: skip


def compare_share(statement: Statement, subjects: list[Flight], records: Records) -> Outcome:
    """ "About 90 percent were men": the part's recorded count over the recorded total, against the share allowed."""
    name = statement.field
    label = field_label(name)
    share = statement.share or Range(0.0, 1.0)
    known = [f for f in subjects if getattr(f, name, None) is not None and f.passengers_total]
    for flight in known:
        part, total = getattr(flight, name), flight.passengers_total
        sources = records.sources(flight, name)
        recorded = f"{part} of {total} ({part / total:.0%})"
        if share.holds(part / total):
            return Outcome(Truth.TRUE, f"The records give {label} for {describe(flight)} as {recorded} "
                                       f"({_publisher(sources)}).", recorded, flight, sources)  # fmt: skip
    if known and len(known) == len(subjects):
        flight = known[0]
        part, total = getattr(flight, name), flight.passengers_total
        sources = records.sources(flight, name)
        recorded = f"{part} of {total} ({part / total:.0%})"
        message = f"The records give {label} for {describe(flight)} as {recorded}, not {statement.text!r}, " \
                  f"according to {_publisher(sources)}."  # fmt: skip
        outcome = Outcome(Truth.FALSE, message, recorded, flight, sources)
        slack = (share.high - share.low) / 4  # a written percentage allows its rounding; words allow more
        if Range(share.low - slack, share.high + slack).holds(part / total):
            outcome.doubts.append(Doubt(Step.CONVERSION, f"{statement.text!r} is read as {share.low:.0%} to "
                                        f"{share.high:.0%} of those aboard; the record is just outside"))  # fmt: skip
        return outcome
    if known:
        return Outcome(Truth.UNCHECKABLE, f"The sentence could be about {len(subjects)} flights; the records give "
                                          f"{label} for only some of them.")  # fmt: skip
    about = subjects[0] if subjects else None
    return Outcome(Truth.UNKNOWN, f"No record states {label} and the total for {describe(about) if about else 'it'}.",
                   None, about)  # fmt: skip


def _mix_ups(statement: Statement, subjects: list[Flight], records: Records) -> list[tuple[Flight, str]]:
    value = statement.value
    if statement.kind != StatementKind.COUNT or not isinstance(value, int) or value < MIX_UP_MINIMUM:
        return []
    exclude = {f.pk for f in subjects}
    found = [(f, name) for name in ("passengers_total", "passengers_male", "passengers_female") for f in
             records.with_value(name, value, exclude)]  # fmt: skip
    found.sort(key=lambda m: m[0].departed_earliest)
    return found


def compare_period(statement: Statement, subjects: list[Flight], records: Records) -> Outcome:
    """A total over a period: right when it is the flight's own count, otherwise not one flight's to judge."""
    single = compare_value(statement, subjects, records)
    if single.truth == Truth.TRUE:
        return single
    return Outcome(
        Truth.UNCHECKABLE,
        f"A total over a period or over several flights ({statement.text!r}), not one flight's count: "
        "the records cannot confirm it flight by flight.",
    )


def compare_date(statement: Statement, subjects: list[Flight], main_is_claimed: bool, records: Records) -> Outcome:
    """A date: true of the flight it names; a departure date said of the story's flight must be that flight's."""
    earliest, latest, has_year = statement.value  # type: ignore[misc]
    if statement.role == "arrival":
        earliest = earliest - datetime.timedelta(days=2)  # a flight to China lands the next day, or the one after
    subject = subjects[0] if subjects else None
    if subject is not None and departed_overlaps(subject, earliest, latest, has_year):
        return Outcome(
            Truth.TRUE,
            f"{_cap(describe(subject))} left on a day this covers.",
            subject.departed_display,
            subject,
            records.sources(subject, "departed"),
        )
    others = [f for f in records.flights_on(earliest, latest, has_year) if f not in subjects]
    if statement.role == "said" and subject is not None:
        for flight in subjects:
            for source in records.all_sources(flight):
                if source.published_on and earliest <= _with_year(source.published_on, has_year, earliest) <= latest:
                    return Outcome(Truth.TRUE, f"The day {source.publisher} published its report.",
                                   source.published_on.isoformat(), flight, [source])  # fmt: skip
        return Outcome(Truth.UNKNOWN, "A date a source spoke, not a departure; no source on record is dated then.")
    if statement.role == "reference":
        if others or (subject and departed_overlaps(subject, earliest, latest, has_year)):
            flight = others[0] if others else subject
            return Outcome(Truth.TRUE, f"{_cap(describe(flight))} left then.", flight.departed_display, flight,  # type: ignore[union-attr]
                           records.sources(flight, "departed"), [f.slug for f in others[:_LISTED]])  # type: ignore[arg-type]  # fmt: skip
        return Outcome(Truth.UNKNOWN, "A reference date; no stored flight left then.")
    # A departure said of a flight the sentence names ("The November flight, which left on Nov. 18") must be that
    # flight's: another flight that left then is no excuse.
    # Only when the stated day falls in the month those words name: the writer is giving that flight's day.
    named = (
        statement.role == "departure"
        and subject is not None
        and any(a.month == b.month == earliest.month == latest.month for a, b, _y in statement.hint.dates)
    )
    if others and not main_is_claimed and not named:
        other = others[0]
        return Outcome(
            Truth.TRUE,
            f"{_cap(describe(other))} left then.",
            other.departed_display,
            other,
            records.sources(other, "departed"),
            [f.slug for f in others[:_LISTED]],
        )
    if subject is None:
        return Outcome(Truth.UNKNOWN, "No flight is cited to compare with.")
    if statement.role in {"departure", "attributive", "arrival"} or main_is_claimed:
        message = f"The records give the departure of {describe(subject)} as {subject.departed_display}."
        if others:
            message += f" {_cap(describe(others[0]))} left then: a likely mix-up."
        return Outcome(
            Truth.FALSE,
            message,
            subject.departed_display,
            subject,
            records.sources(subject, "departed"),
            [f.slug for f in others[:_LISTED]],
        )
    return Outcome(Truth.UNKNOWN, "No cited flight or source is dated then.", None, subject)


def _with_year(day: datetime.date, has_year: bool, like: datetime.date) -> datetime.date:
    return day if has_year else day.replace(year=like.year)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def compare_first_since(statement: Statement, subject: Flight, records: Records) -> Outcome:
    """ "The first … since YEAR": no removal flight to the same country between YEAR and this one."""
    year = statement.value if isinstance(statement.value, int) else None
    country = str(subject.destination_country)
    after = datetime.date(year + 1, 1, 1) if year is not None else None
    if statement.window and statement.window[0]:
        after = statement.window[0]  # "the first since January": after that month
    total, earlier = records.removals(country, after, subject.departed_earliest, exclude=subject.pk)
    records.include(earlier)
    same_claim = [f for f in records.flights if year is not None and f.first_since_year == year and f.pk != subject.pk]
    name = subject.destination_country.name
    if total:
        since = f"after {year}" if year is not None else "before it"
        listed = "; ".join(f"{f.departed_display} ({f.slug})" for f in earlier)
        more = f" and {total - len(earlier)} more" if total > len(earlier) else ""
        message = (
            f"The records hold {total} removal flight(s) to {name} {since} and before {describe(subject)}: "
            f"{listed}{more}."
        )
        if same_claim:
            message += f" Sources call {describe(same_claim[0])} the first since {year}: a likely mix-up."
        sources = [s for f in earlier for s in records.sources(f, "departed")]
        named = [f.slug for f in earlier] + [f.slug for f in same_claim if f.slug not in {e.slug for e in earlier}]
        return Outcome(Truth.FALSE, message, f"{total} earlier flight(s)", subject, list(dict.fromkeys(sources)), named)
    recorded = subject.first_since_year
    if statement.window and statement.window[0]:
        message = f"No removal flight to {name} in the records between {after} and {describe(subject)}."
        return Outcome(Truth.TRUE, message, None, subject)
    if year is None or recorded is None:
        return Outcome(
            Truth.UNKNOWN,
            f"No stored flight contradicts it, but no source says {describe(subject)} was the first.",
            None,
            subject,
        )
    rng = statement.range or Range(year, year)
    sources = records.sources(subject, "first_since_year")
    if rng.holds(recorded) or year > recorded:
        return Outcome(Truth.TRUE, f"Sources call {describe(subject)} the first since {recorded}.", str(recorded),
                       subject, sources)  # fmt: skip
    return Outcome(
        Truth.FALSE,
        f"Sources call {describe(subject)} the first since {recorded}, not {year}.",
        str(recorded),
        subject,
        sources,
    )


def series_window(statement: Statement, subject: Flight, records: Records) -> datetime.date | None:
    """Where "the sixth" or "five charters" starts counting: the words' own window, else the series' first flight."""
    if statement.span_days:
        return subject.departed_earliest - datetime.timedelta(days=statement.span_days)
    if statement.window and statement.window[0]:
        return statement.window[0]
    start = records.series_start(str(subject.destination_country), subject.departed_earliest)
    return start.departed_earliest if start else None


def _holds_any(statement: Statement, low: int, high: int) -> bool:
    """Whether some whole number from low to high makes the statement true (a flight whose date is a range may
    fall on either side of a window's start)."""
    return any(_holds(statement, value) for value in range(low, high + 1))


def _straddling(flights: list[Flight], start: datetime.date | None) -> int:
    """Flights known only to a range of days that begins before the window and may have left inside it."""
    return sum(1 for f in flights if start is not None and f.departed_earliest < start <= f.departed_latest)


def compare_ordinal(statement: Statement, subject: Flight, records: Records) -> Outcome:
    country = statement.country or str(subject.destination_country)
    start = series_window(statement, subject, records)
    total, listed = records.removals(country, start, subject.departed_earliest, exclude=subject.pk, limit=_LISTED)
    position = total + 1
    records.include(listed[:_LISTED])
    window = f" since {format_date_range(start, start)}" if start else ""
    straddling = _straddling(listed, start)
    if _holds_any(statement, position - straddling, position):
        # A flight known only to a range of days that begins before the window may be in it or not: say so.
        number = {0: str(position), 1: f"{position - 1} or {position}"}.get(
            straddling, f"{position - straddling} to {position}"
        )
        return Outcome(Truth.TRUE, f"{_cap(describe(subject))} is removal flight number {number} to "
                                   f"{subject.destination_country.name} in the records{window}.", str(position),
                       subject, records.sources(subject, "departed"))  # fmt: skip
    return Outcome(
        Truth.FALSE,
        f"{_cap(describe(subject))} is removal flight number {position} to {subject.destination_country.name} "
        f"in the records{window}, not {statement.value}.",
        str(position),
        subject,
        [s for f in listed[:_LISTED] for s in records.sources(f, "departed")],
        [f.slug for f in listed[:_LISTED]] + [subject.slug],
    )


def compare_flight_count(
    statement: Statement, subject: Flight, published_on: datetime.date | None, records: Records
) -> Outcome:
    if statement.role == "worldwide":
        return Outcome(Truth.UNCHECKABLE, "A count of flights to every country: the records cannot hold it against "
                                          "one country's flights.")  # fmt: skip
    country = statement.country or str(subject.destination_country)
    start = series_window(statement, subject, records)
    end = statement.window[1] if statement.window and statement.window[1] else (published_on or subject.departed_latest)
    if statement.role == "prior":
        total, listed = records.removals(country, start, subject.departed_earliest, exclude=subject.pk, limit=_LISTED)
    else:
        total, listed = records.removals(country, start, None, through=end, limit=_LISTED)
    if (
        statement.role == "more"
        and total
        and start is not None
        and subject.departed_latest >= start
        and (subject.departed_earliest <= end)
    ):
        total -= 1  # "five more charters since June 2024" counts the others, not the story's own flight
    records.include(listed)
    window = f" between {start.isoformat() if start else 'the first record'} and {end.isoformat()}"
    named = [f.slug for f in listed]
    if _holds_any(statement, total - _straddling(listed, start), total):
        return Outcome(Truth.TRUE, f"The records hold {total} removal flight(s) to {country}{window}.", str(total),
                       subject, [], named)  # fmt: skip
    return Outcome(
        Truth.FALSE,
        f"The records hold {total} removal flight(s) to {country}{window}, not {statement.value}: "
        + "; ".join(f"{f.departed_display} ({f.slug})" for f in listed),
        str(total),
        subject,
        [s for f in listed for s in records.sources(f, "departed")],
        named,
    )


def compare_attribute(statement: Statement, subjects: list[Flight], records: Records) -> Outcome:
    name = statement.field
    label = field_label(name)
    for flight in subjects:
        recorded = getattr(flight, name, None)
        if recorded in (None, ""):
            continue
        recorded_value = str(recorded) if name != "all_final_orders" else recorded
        sources = records.sources(flight, name)
        shown = recorded.name if hasattr(recorded, "name") else ("yes" if recorded is True else str(recorded))
        if recorded_value == statement.value:
            return Outcome(Truth.TRUE, f"The records give {label} for {describe(flight)} as {shown}.", str(shown),
                           flight, sources)  # fmt: skip
        return Outcome(
            Truth.FALSE,
            f"The records give {label} for {describe(flight)} as {shown} ({_publisher(sources)}).",
            str(shown),
            flight,
            sources,
        )
    return Outcome(Truth.UNKNOWN, f"No record states {label} for the flight.", None, subjects[0] if subjects else None)


def compare_superlative(statement: Statement, subject: Flight, records: Records) -> Outcome:
    """ "The largest": judged as of that flight; a bigger one flown later does not make it false."""
    if subject.passengers_total is None:
        return Outcome(Truth.UNKNOWN, f"No passenger count is recorded for {describe(subject)}.", None, subject)
    since = statement.value if isinstance(statement.value, int) else None
    top, flight = records.largest_before(str(subject.destination_country), subject.departed_latest, since)
    if top is not None and flight is not None and top > subject.passengers_total:
        records.include([flight])
        return Outcome(
            Truth.FALSE,
            f"{_cap(describe(flight))} carried {top}, more than the {subject.passengers_total} of {describe(subject)}.",
            str(top),
            flight,
            records.sources(flight, "passengers_total"),
            [flight.slug],
        )
    return Outcome(
        Truth.TRUE,
        f"No earlier removal flight to {subject.destination_country.name} in the records carried more.",
        str(subject.passengers_total),
        subject,
        records.sources(subject, "passengers_total"),
    )


__all__ = ["Claim", "Outcome", "Truth"]
