"""What the fact check reports: one finding per statement, and what it compares against."""

from __future__ import annotations

import dataclasses
import datetime
import enum
from dataclasses import asdict, dataclass

from articles.factcheck.records import Records
from flights.models import Flight


class FindingKind(enum.StrEnum):
    CONTRADICTION = "contradiction"
    MATCHES_OTHER_FLIGHT = "matches another flight"
    UNSUPPORTED = "unsupported"
    CONSISTENT = "consistent"


@dataclass
class Finding:
    """One statement of the text and what the records say about it."""

    kind: FindingKind
    sentence: str
    claimed: str
    message: str
    recorded: str | None = None
    field: str | None = None  # the record field's label, e.g. "women"
    flight: str | None = None  # slug of the flight the statement is compared with
    source: str | None = None  # publisher and title of the source behind the recorded value
    flights: list[str] = dataclasses.field(default_factory=list)  # other flights the finding names
    from_record: bool = False

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        return data


@dataclass
class Context:
    """What one check compares against: the cited flights, all records, and the publish date."""

    records: Records
    cited: list[Flight]
    published_on: datetime.date | None
