"""The statement model: what one stretch of a sentence asserts, about which flight, in whose voice."""

from __future__ import annotations

import datetime
import enum
from dataclasses import asdict, dataclass, field, replace


class StatementKind(enum.StrEnum):
    COUNT = "count"  # people aboard: total, men, women, juveniles
    DATE = "date"  # when the flight left
    FIRST_SINCE = "first_since"  # "the first … since 2018", "the last … was in 2018", "first in seven years"
    ORDINAL = "ordinal"  # "the sixth such flight"
    FLIGHT_COUNT = "flight_count"  # "five charters since June 2024"
    AGE = "age"  # "aged 19 to 68", "the youngest was 19"
    SUPERLATIVE = "superlative"  # "the largest removal flight"
    ATTRIBUTE = "attribute"  # nationality, destination country, final orders


class Polarity(enum.StrEnum):
    AFFIRMED = "affirmed"
    DENIED = "denied"  # "did not carry 116 men", "the 116 figure is wrong"


class Attribution(enum.StrEnum):
    OWN = "own"  # the story's own voice
    RECORD_SOURCE = "record_source"  # credited to a source on record (ICE, DHS, their releases)
    OTHER_OUTLET = "other_outlet"  # credited to another outlet or named party
    UNNAMED = "unnamed"  # "some reports said", "it was reported", a bare label


class TimeScope(enum.StrEnum):
    FLIGHT = "flight"  # one flight's value
    PERIOD = "period"  # a total over a period or over several flights ("this year", "on five charters")


@dataclass(frozen=True)
class Stance:
    """How the writer holds a statement: affirmed or denied, in whose voice, and the words that say so."""

    polarity: Polarity = Polarity.AFFIRMED
    attribution: Attribution = Attribution.OWN
    who: str = ""  # the party credited, as written ("KnowHere News", "ICE's release")
    hedged: bool = False  # "unverified", "disputed": doubted but not denied
    cue: str = ""  # the words that set the stance, for the editor

    def describe(self) -> str:
        parts = []
        if self.polarity == Polarity.DENIED:
            parts.append(f"denied ({self.cue})" if self.cue else "denied")
        if self.attribution != Attribution.OWN:
            parts.append(f"credited to {self.who or 'an unnamed report'} ({self.attribution.replace('_', ' ')})")
        if self.hedged:
            parts.append("doubted")
        return "; ".join(parts) or "the story's own voice"


class Step(enum.StrEnum):
    """The steps of reading a statement that can be inferred rather than read off the words."""

    SUBJECT = "subject"  # which flight it is about
    NOUN = "noun"  # what the count counts
    FIELD = "field"  # which record field a bare figure is
    CLAUSE = "clause"  # which clause (and so which flight) the figure belongs to
    CONVERSION = "conversion"  # a share or an approximation turned into the values it allows


@dataclass(frozen=True)
class Doubt:
    """One inferred step of a reading, with the words an editor is shown ("the noun is taken from '116 men'")."""

    step: Step
    reason: str


@dataclass(frozen=True)
class Range:
    """What an approximate number allows: "more than 100" is 101 and up, "about 120" is 108 to 132."""

    low: float
    high: float
    rule: str = "="

    def holds(self, recorded: float) -> bool:
        return self.low <= recorded <= self.high


@dataclass(frozen=True)
class SubjectHint:
    """Words in the statement's own phrase or clause that name its flight.

    dates: departure dates that name a flight ("the June 2024 flight", "on Jan. 6");
    ordinal: "the fourth flight" as a reference; relative: "previous", "next", "first" (of the series);
    plural: the clause is about several flights.
    """

    dates: tuple[tuple[datetime.date, datetime.date, bool], ...] = ()
    ordinal: int | None = None
    relative: str = ""
    plural: bool = False
    anaphoric: bool = False  # "It", "The flight", "Of them": carries the previous sentence's flight
    level: str = ""  # where the naming words were found: "segment", "clause" or "sentence"
    rivals: int = 0  # words elsewhere in the sentence that name a flight too (the sentence may be about several)

    @property
    def explicit(self) -> bool:
        return bool(self.dates or self.ordinal or self.relative)


@dataclass
class Statement:
    """One checkable statement: kind, value, field, subject, stance, time scope and where it is written."""

    kind: StatementKind
    field: str  # record field: passengers_male, departed, first_since_year, flight_ordinal…
    value: object  # int, year, (earliest, latest) dates, ISO country code, bool
    text: str  # as written: "116 men", "first of its kind since 2018"
    span: tuple[int, int]  # the statement's characters in the sentence
    figure_span: tuple[int, int]  # the figure's characters ("116", "2018", "last week")
    range: Range | None = None  # counts and ages: the values the words allow
    stance: Stance = field(default_factory=Stance)
    scope: TimeScope = TimeScope.FLIGHT
    window: tuple[datetime.date | None, datetime.date | None] | None = None  # "since June 2024", "this year"
    hint: SubjectHint = field(default_factory=SubjectHint)
    role: str = ""  # dates: "departure", "reference" (since/after…), "said" (when a source spoke), "label"
    country: str = ""  # a country the statement names ("to China"), for sequences and flight counts
    from_record: bool = False  # rendered from a citation shortcode: right by construction
    subject: str | None = None  # slug of the flight it was held against, once resolved
    sentence_offset: int = 0  # where the sentence starts in the checked text (for tools that score spans)
    # Words of the statement itself that look like a denial but are not one ("no such flight … since 2018").
    ignore_span: tuple[int, int] | None = None
    # Dates the statement's own words attach to its flight: "the fifth flight, on January 6"; "the last one before
    # last summer's resumption flew in 2018" (that resumption is the flight the "first since" is about).
    near_dates: tuple[tuple[datetime.date, datetime.date, bool], ...] = ()
    span_days: int | None = None  # "the fifth in less than seven months": a window ending at the flight itself
    # A share of those aboard ("about 80 percent were men", "a fifth"): the fraction of the flight's total the words
    # allow, held against the part's count over the total rather than against a count.
    share: Range | None = None
    # "Women outnumbered men": the other part (a record field) the statement's part is said to exceed.
    than: str = ""
    # The steps of the reading that were inferred, not read off the words: with any, a disagreement with the records
    # is a needs-a-look naming the doubt, never a contradiction (rules.py).
    doubts: tuple[Doubt, ...] = ()

    @property
    def figure(self) -> str:
        return self.text

    @property
    def certain(self) -> bool:
        """Whether every step of the reading was read off the words (no doubt)."""
        return not self.doubts

    def doubt(self, step: Step, reason: str) -> None:
        """Record an inferred step (once per step and reason)."""
        entry = Doubt(step, reason)
        if entry not in self.doubts:
            self.doubts = (*self.doubts, entry)

    def with_stance(self, stance: Stance) -> Statement:
        return replace(self, stance=stance)

    def as_json(self) -> dict[str, object]:
        # Every field, dates included wherever they sit, in a form json.dumps takes.
        return _plain(asdict(self))  # type: ignore[return-value]


def _plain(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list | set | frozenset):
        return [_plain(item) for item in value]
    return value
