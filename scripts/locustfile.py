"""Load with editors at work (issue 13): 50 readers browse while 5 editors save flight records.

Run by scripts/load_test.py (`make load`), which prepares the database and gunicorn and reads the results.
Readers ask for every kind of public page; editors log in, open a flight's change form, add a line to
its notes and save. Each editor's saves are told apart by a token, so the check afterwards can prove
that every acknowledged save is still there (or was explicitly refused): a lost update is one that
is neither.
"""

from __future__ import annotations

import json
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

URLS = json.loads(Path(os.environ["LOAD_URLS"]).read_text())
RESULTS = Path(os.environ["LOAD_RESULTS"])
PASSWORD = os.environ["LOAD_EDITOR_PASSWORD"]
acknowledged: list[dict[str, Any]] = []
refused: list[dict[str, Any]] = []
server_errors: dict[str, int] = {}


@events.request.add_listener
def count_server_errors(name: str, response: Any = None, **kwargs: Any) -> None:
    if response is not None and getattr(response, "status_code", 0) >= 500:
        server_errors[name] = server_errors.get(name, 0) + 1


@events.quitting.add_listener
def write_results(environment: Any, **kwargs: Any) -> None:
    RESULTS.write_text(json.dumps({"acknowledged": acknowledged, "refused": refused, "server_errors": server_errors}))


class Reader(HttpUser):
    fixed_count = 50
    wait_time = between(0.5, 2)

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(4)
    def story(self) -> None:
        self.client.get(f"/articles/{random.choice(URLS['articles'])}/", name="story")

    @task(3)
    def archive_search(self) -> None:
        self.client.get(f"/articles/?q={random.choice(URLS['words'])}", name="archive search")

    @task(2)
    def archive(self) -> None:
        self.client.get(f"/articles/?page={random.randint(1, 20)}", name="archive page")

    @task(4)
    def flight(self) -> None:
        self.client.get(f"/flights/{random.choice(URLS['flights'])}/", name="flight")

    @task(3)
    def flight_database(self) -> None:
        country = random.choice(URLS["countries"])
        self.client.get(f"/flights/?country={country}&sort=most_passengers", name="flight database")

    @task(1)
    def country(self) -> None:
        self.client.get(f"/flights/country/{random.choice(URLS['countries'])}/", name="country")

    @task(1)
    def download(self) -> None:
        country = random.choice(URLS["countries"])
        self.client.get(f"/flights/flights.csv?country={country}&year=2019", name="csv download")

    @task(1)
    def feeds(self) -> None:
        self.client.get(random.choice(["/feed/", "/corrections/feed/", "/sitemap.xml"]), name="feeds and sitemap")


class FormFields(HTMLParser):
    """The fields a browser would submit from the admin's change form (inputs, selects, textareas)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in {"submit", "button", "file", "image"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select is not None and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data


class Editor(HttpUser):
    fixed_count = 5
    wait_time = between(1, 3)
    number = 0

    def on_start(self) -> None:
        Editor.number += 1
        self.username = f"load-editor-{Editor.number}"
        self.saves = 0
        page = self.client.get("/admin/login/", name="admin login")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/admin/login/?next=/admin/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="admin login",
        )

    @task
    def save_a_flight(self) -> None:
        # Five editors on three shared records: two of them on the same record at once is routine.
        pk = random.choice(URLS["editor_flights"])
        url = f"/admin/flights/flight/{pk}/change/"
        form = self.client.get(url, name="admin change form")
        if form.status_code != 200:
            return
        parser = FormFields()
        parser.feed(form.text)
        self.saves += 1
        token = f"[{self.username}#{self.saves}]"
        data = [(name, value) for name, value in parser.fields if name != "notes"]
        notes = next((value for name, value in parser.fields if name == "notes"), "")
        data.append(("notes", (notes + "\n" + token).strip()))
        data.append(("_continue", "Save and continue editing"))
        with self.client.post(url, data, name="admin save", catch_response=True, allow_redirects=False) as saved:
            if saved.status_code == 302:
                acknowledged.append({"flight": pk, "token": token})
                saved.success()
            elif saved.status_code == 200:
                # The form came back: the save was refused (say, someone else saved first) and said so.
                refused.append({"flight": pk, "token": token})
                saved.success()
