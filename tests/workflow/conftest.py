"""Fixtures for the workflow tests: the demo records, and one user per newsroom role."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from newsroom.roles import DATA_EDITOR, EDITOR, REPORTER, sync_roles
from tests.demo_records import demo_flights  # noqa: F401  (the demo records alone)


def _member(username: str, role: str | None):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-test-password")
    user.is_staff = True
    user.save()
    if role:
        user.groups.add(role_group(role))
    return user


def role_group(role: str) -> Group:
    """The role's group; a test database flushed by a transactional test has lost the migration's groups."""
    if not Group.objects.filter(name=role).exists():
        sync_roles(apps)
    return Group.objects.get(name=role)


@pytest.fixture
def reporter(db):
    return _member("rita", REPORTER)


@pytest.fixture
def other_reporter(db):
    return _member("omar", REPORTER)


@pytest.fixture
def desk_editor(db):
    return _member("eddie", EDITOR)


@pytest.fixture
def data_editor(db):
    return _member("dana", DATA_EDITOR)


@pytest.fixture
def staff_without_role(db):
    return _member("intern", None)


def client_for(client_class, user):
    client = client_class()
    client.force_login(user)
    return client
