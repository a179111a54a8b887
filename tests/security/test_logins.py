"""Logins over HTTP are throttled (django-axes): per username and per address, a cool-off, every failure logged.

Issue 13, item 3: 50 wrong passwords in 18 s were answered normally and the right one then logged in.
"""

from __future__ import annotations

import datetime
import logging
import os
import subprocess
import sys

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from tests.test_settings import ROOT

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
RIGHT = "the-right-password-42"


@pytest.fixture
def editor_account():
    return User.objects.create_user("mara", password=RIGHT, is_staff=True, is_superuser=True)


def attempt(username: str, password: str, address: str = "203.0.113.5", **headers: str):
    return Client(REMOTE_ADDR=address, **headers).post(LOGIN, {"username": username, "password": password})


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_the_right_password_works_and_a_few_mistakes_are_forgiven(editor_account):
    for _ in range(4):
        assert attempt("mara", "wrong").status_code == 200  # the form again, with its message
    assert logged_in(attempt("mara", RIGHT))
    # A success clears the count: four more mistakes still do not lock the account.
    for _ in range(4):
        attempt("mara", "wrong")
    assert logged_in(attempt("mara", RIGHT))


def test_after_five_failures_the_account_is_locked_even_with_the_right_password(editor_account):
    for _ in range(5):
        attempt("mara", "guess")
    locked = attempt("mara", RIGHT)
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # Per username: the guesser moving to another address does not reset it.
    assert attempt("mara", RIGHT, address="198.51.100.9").status_code == 429
    # Others can still log in.
    User.objects.create_user("ines", password=RIGHT, is_staff=True)
    assert attempt("ines", RIGHT, address="198.51.100.9").status_code == 302


def test_one_address_trying_many_usernames_is_locked(editor_account):
    for name in ["admin", "root", "editor", "news", "staff"]:
        attempt(name, "password1", address="192.0.2.44")
    assert attempt("mara", RIGHT, address="192.0.2.44").status_code == 429
    assert logged_in(attempt("mara", RIGHT, address="192.0.2.45"))


def test_a_forged_forwarded_for_header_does_not_give_a_fresh_address(editor_account):
    for number in range(5):
        attempt("nobody", "x", address="192.0.2.60", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert attempt("mara", RIGHT, address="192.0.2.60", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_the_lock_lifts_after_the_cool_off(editor_account, settings):
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        for _ in range(5):
            attempt("mara", "guess")
        assert attempt("mara", RIGHT).status_code == 429
        clock.shift(datetime.timedelta(minutes=14))
        assert attempt("mara", RIGHT).status_code == 429
        clock.shift(datetime.timedelta(minutes=17))
        assert logged_in(attempt("mara", RIGHT))


def test_failed_logins_are_logged(editor_account, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        attempt("mara", "guess", address="203.0.113.77")
        for _ in range(4):
            attempt("mara", "guess", address="203.0.113.77")
    text = caplog.text
    assert 'New login failure by {username: "mara", ip_address: "203.0.113.77"' in text
    assert 'Repeated login failure by {username: "mara"' in text
    assert "Locking out" in text
    assert "guess" not in text  # the password tried is never written down


def test_limit_and_cool_off_come_from_the_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="1", DJANGO_LOGIN_FAILURE_LIMIT="3", DJANGO_LOGIN_COOLOFF_MINUTES="60")
    code = "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "3 1:00:00", result.stderr


def test_an_idle_session_ends(editor_account, settings):
    assert settings.SESSION_COOKIE_AGE == 120 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    client = Client()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        client.force_login(editor_account)
        for _ in range(3):  # working: every request renews the session, past the two hours
            clock.shift(datetime.timedelta(minutes=100))
            assert client.get("/admin/").status_code == 200
        clock.shift(datetime.timedelta(minutes=121))  # away from the desk
        assert client.get("/admin/").status_code == 302
