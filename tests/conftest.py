"""Shared fixtures: the demo records and articles, and an editor account."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings

from tests.demo_records import demo_records_snapshot  # noqa: F401  (one per session, shared by every folder)
from tests.snapshots import Snapshot

JUNE_2025 = "2025-06-03-dallas-prc-shrc"
JUNE_2024 = "2024-06-prc-charter"
JUNE_2025_STORY = "ice-dallas-charter-china-june-2025"

# The files that take longest on their own (real-file imports, a browser, property tests, subprocesses), longest
# first. `make test` gives whole files to the workers in collection order (--dist loadfile --no-loadscope-reorder),
# so these start at once and the many short files even out the end; in xdist's default order (most tests first)
# they came last, and one worker finished a long file alone while the other sat idle.
LONGEST_FIRST = [
    "tests/e2e/test_readers_iceair.py",
    "tests/flights/test_ice_air_data.py",
    "tests/e2e/test_readers_pages.py",
    "tests/flights/test_import_arts.py",
    "tests/e2e/test_ice_air.py",
    "tests/e2e/test_workflow.py",
    "tests/e2e/test_editing.py",
    "tests/flights/test_claims_invariant.py",
    "tests/articles/test_archive.py",
    "tests/flights/test_database_fuzz.py",
    "tests/e2e/test_journeys.py",
    "tests/e2e/test_csp.py",
    "tests/test_replica.py",
    "tests/security/test_holds.py",
    "tests/flights/test_archive_summary.py",
    "tests/articles/test_factcheck_corpus.py",
    "tests/security/test_backups.py",
    "tests/articles/test_factcheck_properties.py",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: place for place, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))  # stable: the rest keep their order


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing() -> Iterator[None]:
    """Tests log in and create accounts by the hundred; production's slow hash would cost seconds each."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with nothing cached: pages, story parts, facets and freshness tokens alike."""
    from newsroom.recent import forget_all

    cache.clear()
    forget_all()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup: None, django_db_blocker) -> Snapshot:
    """The demo as load_demo makes it, loaded once per session (see tests/snapshots.py)."""
    with django_db_blocker.unblock():
        return Snapshot.take(lambda: call_command("load_demo", stdout=io.StringIO()))


@pytest.fixture
def demo(db: None, demo_snapshot: Snapshot) -> None:
    """The six China charters, eleven sources, every claim, and the demo articles."""
    demo_snapshot.restore()


@pytest.fixture
def editor(db: None):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def on_postgres() -> bool:
    return connection.vendor == "postgresql"
