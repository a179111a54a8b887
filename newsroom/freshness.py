"""Freshness tokens: one per thing pages show; a change replaces its token, so nothing cached under the old one is used.

A *tag* names what a page shows: a kind of record ("articles", "flights", "sources") or one record
("article:12", "flight:2025-06-03-dallas-prc-shrc", "country:CN"). newsroom/dependencies.py says which
changes replace which tags. Cached things (whole pages, story bodies) keep the tokens they were made
under and are used only while every one of them is still current.

A token carries the time it was made. Something rendered is stored only if all its tokens are older than
the moment rendering began (less a margin for clocks that differ between servers): a change committed
while a page was being rendered can never be stored as current.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone

from newsroom import cdn
from newsroom.recent import Recent
from newsroom.token_mirror import mirror

logger = logging.getLogger(__name__)
T = TypeVar("T")

PREFIX = "fresh:"
# Clocks of app servers agree to well under this (NTP), and a replica is no further behind (settings).
CLOCK_MARGIN_SECONDS = settings.FRESHNESS_MARGIN_SECONDS


def _new_token(at: float | None = None) -> str:
    return f"{time.time() if at is None else at:.6f}:{secrets.token_hex(4)}"


# Marks a token made because none was found, rather than by a change.
STARTED = ":started"


def token_time(token: str) -> float:
    return float(token.split(":", 1)[0])


def cache_available() -> bool:
    """False while the cache backend is skipping a failed server (see newsroom.cache_backend)."""
    return getattr(cache, "available", True)


def _replace(tags: Iterable[str]) -> None:
    now = time.time()
    tags = tuple(tags)
    mirror.forget(tags)
    cache.set_many({PREFIX + tag: _new_token(now) for tag in tags}, timeout=None)


class _Pending:
    """Tags changed in the open transaction; replaced once more when it commits."""

    def __init__(self) -> None:
        self.tags: set[str] = set()

    def __call__(self) -> None:
        _replace(self.tags)
        cdn.purge(self.tags)


_local = threading.local()


def changed(*tags: str) -> None:
    """Say these things changed: their tokens are replaced now, and again when the transaction commits.

    Now, so a reader on the same connection (a test, the admin's next page) sees the change at once; on
    commit, so a page another process rendered from the data before the commit is not stored as current.
    """
    tags = tuple(dict.fromkeys(tags))
    if not tags:
        return
    _replace(tags)
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        cdn.purge(tags)
        return
    pending: _Pending | None = getattr(_local, "pending", None)
    # A rolled-back transaction drops its callbacks; then this pending set is no longer registered.
    if pending is None or not any(entry[1] is pending for entry in connection.run_on_commit):
        pending = _local.pending = _Pending()
        transaction.on_commit(pending, robust=True)
    pending.tags.update(tags)


def current(tags: Iterable[str]) -> dict[str, str] | None:
    """The current token of each tag; None when the cache cannot be reached (then nothing may be cached)."""
    tags = sorted(set(tags))
    # This process's copy first (newsroom/token_mirror.py): exact, and no round trip to Redis.
    copied, generation = mirror.lookup(tags)
    if copied is not None:
        return copied
    found = cache.get_many([PREFIX + tag for tag in tags])
    if not cache_available():
        return None
    tokens = {}
    for tag in tags:
        token = found.get(PREFIX + tag)
        if token is None:
            # Never seen, or evicted: start one, unless another process just did. A started token says no
            # change is in flight (a writer replaces it), so it never keeps what is being rendered from the cache.
            token = _new_token() + STARTED
            if not cache.add(PREFIX + tag, token, timeout=None):
                token = cache.get(PREFIX + tag) or token
        tokens[tag] = token
    if not cache_available():
        return None
    mirror.remember(tokens, generation)
    return tokens


def settled_before(tokens: dict[str, str], started: float) -> bool:
    """Whether every token is older than the start of rendering (less the margin): safe to store.

    The margin covers clocks that differ between servers, and a read replica that has not yet received a
    change whose token is already replaced.
    """
    limit = started - CLOCK_MARGIN_SECONDS
    return all(token.endswith(STARTED) or token_time(token) < limit for token in tokens.values())


def last_changed(tokens: dict[str, str]) -> float:
    """The time of the most recent change among the tokens (0 when none is known)."""
    return max((token_time(token) for token in tokens.values()), default=0.0)


# Things that change by themselves when a time comes (a scheduled story going public). A schedule covers the
# tags starting with one of its prefixes and tells the next time at which they change.
@dataclass(frozen=True)
class Schedule:
    prefixes: tuple[str, ...]
    next_time: Callable[[], datetime.datetime | None]
    # Tags replaced whenever the schedule itself may change (e.g. a story's publish time is edited).
    keyed_by: tuple[str, ...]


SCHEDULES: list[Schedule] = []
# Each schedule's next time as this process last read it, by the tokens it was read under.
_schedules: Recent[tuple[datetime.datetime | None]] = Recent(64)


def register_schedule(
    prefixes: tuple[str, ...], next_time: Callable[[], datetime.datetime | None], keyed_by: tuple[str, ...]
) -> None:
    SCHEDULES.append(Schedule(prefixes, next_time, keyed_by))


def next_scheduled_change(tags: Iterable[str]) -> datetime.datetime | None:
    """The earliest time at which something these tags cover changes without anyone saving anything."""
    tags = list(tags)
    soonest: datetime.datetime | None = None
    for index, schedule in enumerate(SCHEDULES):
        if not any(tag.startswith(schedule.prefixes) for tag in tags):
            continue
        tokens = current(schedule.keyed_by)
        key = f"schedule:{index}:" + "/".join(tokens[tag] for tag in sorted(tokens)) if tokens else None
        # The key carries the tokens of what the schedule is read from, so this process's copy is exact too.
        found = _schedules.get(key) if key else None
        if found is None and key:
            found = cache.get(key)
        if found is None:
            try:
                when = schedule.next_time()
            except DatabaseError as exc:
                # Runs while the response is built, outside the view's 503 handling: a database fault here
                # must not become a 500. The page is served and kept nowhere (its lifetime ends now).
                logger.warning("next scheduled change unknown (database fault): %s", str(exc).strip()[:300])
                return timezone.now()
            found = (when,)
            if key:
                cache.set(key, found, timeout=None if when is None else _seconds_until(when) + 1)
        when = found[0]
        if key:
            _schedules.put(key, found, when.timestamp() if when is not None else time.time() + 24 * 3600)
        if when is not None and when > timezone.now() and (soonest is None or when < soonest):
            soonest = when
    return soonest


def _seconds_until(when: datetime.datetime) -> int:
    return max(1, int((when - timezone.now()).total_seconds()) + 1)


def seconds_until(when: datetime.datetime | None, longest: int) -> int:
    """A cache lifetime of at most `longest` seconds that ends by `when`."""
    if when is None:
        return longest
    return max(0, min(longest, int((when - timezone.now()).total_seconds())))


def remember(name: str, key: object, tags: Iterable[str], compute: Callable[[], T], longest: int) -> T:
    """`compute()`, kept under `name`, `key` and the current tokens of `tags` until one of them is replaced.

    The tokens are read before computing, so a change committed meanwhile replaces one and the result is never
    used; it is stored only if they were settled before computing began, and for no longer than `longest`
    seconds or the next change nobody saves (a scheduled story, a hold ending). With the cache unreachable it
    is computed and nothing is kept.
    """
    tokens = current(tags)
    if tokens is None:
        return compute()
    raw = repr([name, key, sorted(tokens.items())])
    cache_key = f"{name}:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(cache_key, _MISSING)
    if found is not _MISSING:
        return found
    started = time.time()
    value = compute()
    if settled_before(tokens, started):
        lifetime = seconds_until(next_scheduled_change(tokens), longest)
        if lifetime:
            cache.set(cache_key, value, lifetime)
    return value


_MISSING = object()
