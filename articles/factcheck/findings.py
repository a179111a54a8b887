"""What the fact check reports: one finding per statement, and the kinds that block publishing."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass

from articles.factcheck.statements import Statement


class FindingKind(enum.StrEnum):
    CONTRADICTION = "contradiction"
    NEEDS_LOOK = "needs a look"
    # The old check's name for a figure that belongs to another flight. It is now an alias of NEEDS_LOOK, so code
    # written against the old kinds (the admin panel's ordering) keeps working; a likely mix-up is named in the
    # contradiction's message and flights instead.
    MATCHES_OTHER_FLIGHT = "needs a look"
    UNSUPPORTED = "unsupported"
    CONSISTENT = "consistent"

    @property
    def verdict(self) -> str:
        """The kind as the evaluation corpus writes it (needs_look)."""
        return self.value.replace(" a ", "_").replace(" ", "_")


# Kinds that keep a story from publishing until an editor corrects it or records why it goes ahead.
BLOCKING_KINDS = frozenset({FindingKind.CONTRADICTION, FindingKind.NEEDS_LOOK})


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
    statement: Statement | None = None
    reason: str = ""  # why it needs a look, or why a stance changed the verdict

    @property
    def span(self) -> tuple[int, int] | None:
        return self.statement.figure_span if self.statement else None

    @property
    def polarity(self) -> str:
        return str(self.statement.stance.polarity) if self.statement else "affirmed"

    @property
    def attribution(self) -> str:
        return str(self.statement.stance.attribution) if self.statement else "own"

    @property
    def scope(self) -> str:
        return str(self.statement.scope) if self.statement else "flight"

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING_KINDS

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": str(self.kind),
            "verdict": self.kind.verdict,
            "sentence": self.sentence,
            "claimed": self.claimed,
            "message": self.message,
            "recorded": self.recorded,
            "field": self.field,
            "flight": self.flight,
            "source": self.source,
            "flights": list(self.flights),
            "from_record": self.from_record,
            "reason": self.reason,
        }
        if self.statement is not None:
            s = self.statement
            data["statement"] = {
                **s.as_json(),
                "stance": {
                    "polarity": str(s.stance.polarity),
                    "attribution": str(s.stance.attribution),
                    "who": s.stance.who,
                    "hedged": s.stance.hedged,
                    "cue": s.stance.cue,
                },
            }
            data["span"] = list(s.figure_span)
            data["record_field"] = s.field
        return data


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that keep a story from publishing: contradictions and those that need a look."""
    return [f for f in findings if f.kind in BLOCKING_KINDS]
