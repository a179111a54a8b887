"""Changes of accepted values collected during a save, so the admin can show their consequences before confirming.

accept_claim reports every change of a stored value here. Outside collect_value_changes() that costs nothing.
Inside it (the admin runs a save that way, within a transaction it may roll back), the changes are gathered
and value_change_consequences asks the other apps, through the accepted_value_preview signal, what each
change will cause once committed (the articles app answers with the update notes it will write).
"""

from __future__ import annotations

import contextvars
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

_collected: contextvars.ContextVar[list[ValueChange] | None] = contextvars.ContextVar("value_changes", default=None)


@dataclass
class ValueChange:
    """One stored value of a flight changed by accepting a claim (texts in the field's canonical form)."""

    flight: Any
    field: str
    old: str | None
    new: str
    claim: Any


@dataclass
class Consequence:
    """What a change will cause once committed, as the data editor should see it before confirming."""

    title: str  # e.g. the story's headline
    url: str  # where to read it
    text: str  # e.g. the update note's wording
    change: ValueChange | None = None


def plan_value_change(*, flight: Any, field: str, old: str | None, new: str, claim: Any) -> None:
    changes = _collected.get()
    if changes is not None:
        changes.append(ValueChange(flight=flight, field=field, old=old, new=new, claim=claim))


@contextmanager
def collect_value_changes() -> Iterator[list[ValueChange]]:
    changes: list[ValueChange] = []
    token = _collected.set(changes)
    try:
        yield changes
    finally:
        _collected.reset(token)


def value_change_consequences(changes: list[ValueChange]) -> list[Consequence]:
    """What every change will cause, asked of the receivers of accepted_value_preview (call before commit)."""
    from flights.models import Flight
    from flights.signals import accepted_value_preview

    found: list[Consequence] = []
    for change in changes:
        for _receiver, answer in accepted_value_preview.send(
            sender=Flight, flight=change.flight, field=change.field, old=change.old, new=change.new, claim=change.claim
        ):
            for consequence in answer or []:
                consequence.change = change
                found.append(consequence)
    return found


def consequences_digest(consequences: list[Consequence]) -> str:
    """Names exactly what the editor saw, so a confirmation of something else is not taken as consent."""
    text = "\n".join(sorted(f"{c.url}\t{c.text}" for c in consequences))
    return hashlib.sha256(text.encode()).hexdigest()[:20]
