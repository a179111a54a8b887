"""Shared fixtures: the demo records and articles, and an editor account."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

JUNE_2025 = "2025-06-03-dallas-prc-shrc"
JUNE_2024 = "2024-06-prc-charter"
JUNE_2025_STORY = "ice-dallas-charter-china-june-2025"


@pytest.fixture
def demo(db: None) -> None:
    """The six China charters, eleven sources, every claim, and the demo articles."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def editor(db: None):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def on_postgres() -> bool:
    return connection.vendor == "postgresql"
