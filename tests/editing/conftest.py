"""Fixtures for the editing tests: two colleagues with their own sessions, and admin forms as browsers post them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.demo_records import demo_flights  # noqa: F401  (the demo records alone, loaded through record_claim)


def _colleague(username: str, first: str, last: str) -> Client:
    user = get_user_model().objects.create_superuser(
        username, f"{username}@example.org", "a-long-test-password", first_name=first, last_name=last
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ana(db) -> Client:
    return _colleague("ana", "Ana", "Ortiz")


@pytest.fixture
def ben(db) -> Client:
    return _colleague("ben", "Ben", "Kaplan")


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def form_data(response) -> dict[str, Any]:
    """What a browser would post back from an admin change page, untouched: the form and every inline."""
    data: dict[str, Any] = {}
    form = response.context["adminform"].form
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, forms.SplitDateTimeWidget) and isinstance(value, list):
            data[f"{bound.html_name}_0"], data[f"{bound.html_name}_1"] = value  # a bound form: as posted
            continue
        if isinstance(bound.field.widget, forms.SplitDateTimeWidget):
            local = timezone.localtime(value) if value else None
            data[f"{bound.html_name}_0"] = local.strftime("%Y-%m-%d") if local else ""
            data[f"{bound.html_name}_1"] = local.strftime("%H:%M:%S") if local else ""
            continue
        data[bound.html_name] = _text(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = _text(bound.value())
        for sub in formset.forms:
            for bound in sub:
                data[bound.html_name] = _text(bound.value())
    return {k: v for k, v in data.items() if v != "" or not k.endswith(("origin", "destination", "operator"))}
