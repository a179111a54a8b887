"""create_editor: one account per role; no default credentials when debug is off (issue 13)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

ENV = ["REPORTER_PASSWORD", "EDITOR_PASSWORD", "DATA_EDITOR_PASSWORD", "ADMIN_PASSWORD", "EDITOR_USERNAME"]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("create_editor", *args, stdout=out)
    return out.getvalue()


@override_settings(DEBUG=True)
def test_in_debug_it_makes_one_demo_account_per_role_and_prints_the_logins():
    out = run()
    users = get_user_model().objects.order_by("username")
    assert [(u.username, [g.name for g in u.groups.all()], u.is_superuser) for u in users] == [
        ("dataeditor", ["data editor"], False),
        ("editor", ["editor"], False),
        ("reporter", ["reporter"], False),
    ]
    for line in out.splitlines():
        username, password = line.rsplit(" as ", 1)[1].split(" / ")
        assert authenticate(username=username, password=password) is not None
    assert "exists" in run()  # safe to run again; nothing changes
    assert get_user_model().objects.count() == 3


@override_settings(DEBUG=False)
def test_with_debug_off_there_are_no_default_passwords():
    with pytest.raises(CommandError, match=r"debug is off, so there is no default\. Set REPORTER_PASSWORD"):
        run()
    assert not get_user_model().objects.exists()


@override_settings(DEBUG=False)
@pytest.mark.parametrize("weak", ["1", "password", "editor123", "12345678901"])
def test_with_debug_off_a_weak_password_is_refused_with_the_reason(monkeypatch, weak):
    monkeypatch.setenv("REPORTER_PASSWORD", "a-sound-reporter-passphrase")
    monkeypatch.setenv("EDITOR_PASSWORD", weak)
    monkeypatch.setenv("DATA_EDITOR_PASSWORD", "a-sound-data-passphrase")
    with pytest.raises(
        CommandError,
        match=r"Password for 'editor' refused: .*(too short|too common|entirely numeric|similar to the username)",
    ):
        run()
    assert not get_user_model().objects.exists()  # all or nothing


@override_settings(DEBUG=False)
def test_with_debug_off_given_passwords_are_used_and_not_printed(monkeypatch):
    monkeypatch.setenv("REPORTER_PASSWORD", "a-sound-reporter-passphrase")
    monkeypatch.setenv("EDITOR_PASSWORD", "a-sound-editor-passphrase")
    monkeypatch.setenv("DATA_EDITOR_PASSWORD", "a-sound-data-passphrase")
    out = run()
    assert "passphrase" not in out and out.count("created") == 3
    assert authenticate(username="editor", password="a-sound-editor-passphrase").groups.get().name == "editor"


@override_settings(DEBUG=False)
def test_one_account_of_a_role_and_the_setup_superuser():
    run("--role", "superuser", "--username", "setup", "--password", "a-sound-setup-passphrase")
    admin = get_user_model().objects.get(username="setup")
    assert admin.is_superuser and admin.is_staff
    with pytest.raises(CommandError, match="similar to the username"):
        run("--role", "reporter", "--username", "mariaokafor", "--password", "mariaokafor1")
