"""This process's memory of what it used last (pages, shells, schedules): each is used only after the check that
makes it exact (the freshness tokens it was made under, its record's revision), so a hit needs no round trip."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Generic, TypeVar

T = TypeVar("T")

_ALL: list[Recent] = []  # type: ignore[type-arg]


class Recent(Generic[T]):
    """The `size` entries used last, each until its own time (epoch seconds; a scheduled change, or its lifetime)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[T, float]] = OrderedDict()
        _ALL.append(self)

    def get(self, key: str) -> T | None:
        found = self.entries.get(key)
        if found is None:
            return None
        if time.time() >= found[1]:
            self.entries.pop(key, None)
            return None
        return found[0]

    def put(self, key: str, value: T, until: float) -> None:
        self.entries[key] = (value, until)
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)

    def clear(self) -> None:
        self.entries.clear()


def forget_all() -> None:
    """Empty every process memory (tests start from nothing, as a new process does)."""
    for recent in _ALL:
        recent.clear()
