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


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing() -> Iterator[None]:
    """Tests log in and create accounts by the hundred; production's slow hash would cost seconds each."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with nothing cached: pages, story parts, facets and freshness tokens alike."""
    from newsroom.page_cache import _recent

    cache.clear()
    _recent.clear()


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
