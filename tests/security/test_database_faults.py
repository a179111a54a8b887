"""Database faults degrade (issue 13, item 7): a refused, hung or dropped database against a real gunicorn.

Refused: nothing listens. Hung: the server accepts and never answers, or another connection holds a lock
the page needs. Dropped: the server ends the connection (pg_terminate_backend) between two requests.
A download the database cuts short ends with a notice and an aborted transfer, never a tidy partial file.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from flights import exchange
from tests.security.servers import gunicorn

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="faults of a PostgreSQL server"),
]


def database_url() -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def second_connection() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname=settings["NAME"], autocommit=True
    )


@pytest.fixture
def demo_committed(db) -> None:
    import io

    call_command("load_demo", stdout=io.StringIO())


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word: a hung database server."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for sock in held:
            sock.close()
        listener.close()


def own_pid() -> int:
    """The test's own connection, which the faults aimed at the server must spare."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_refused_database_gives_a_503_page_at_once(demo_committed):
    with gunicorn(f"postgres://postgres@127.0.0.1:{unused_port()}/nowhere") as site:
        for path in ["/", "/flights/", "/articles/", "/flights/flights.csv"]:
            answer = site.get(path)
            assert answer.status == 503, path
            assert answer.seconds < 3
            assert b"The records are not answering right now" in answer.body
            assert answer.headers["Retry-After"] == "30" and answer.headers["Cache-Control"] == "no-store"
        assert site.get("/robots.txt").status == 200  # what needs no database still works


def test_a_database_that_accepts_but_never_answers_gives_a_503_after_the_connect_timeout(demo_committed):
    with (
        silent_server() as port,
        gunicorn(f"postgres://postgres@127.0.0.1:{port}/hung", DATABASE_CONNECT_TIMEOUT="2") as site,
    ):
        answer = site.get("/flights/")
    assert answer.status == 503
    assert 1.5 < answer.seconds < 6  # not gunicorn's 30 s worker timeout


def test_a_lock_held_elsewhere_ends_in_a_503_after_the_public_statement_timeout(demo_committed):
    with gunicorn(database_url(), DATABASE_PUBLIC_STATEMENT_TIMEOUT_MS="1500") as site, second_connection() as other:
        assert site.get("/flights/").status == 200
        with other.transaction():
            other.execute("LOCK TABLE flights_flight IN ACCESS EXCLUSIVE MODE")
            answer = site.get("/flights/")
            assert answer.status == 503 and 1.2 < answer.seconds < 8
        assert site.get("/flights/").status == 200  # the lock gone, the page is back


def test_a_connection_the_server_dropped_is_replaced_before_the_next_request(demo_committed):
    with gunicorn(database_url()) as site, second_connection() as other:
        assert site.get("/flights/").status == 200  # the worker now holds a persistent connection
        dropped = other.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s "
            "AND backend_type = 'client backend'",
            [own_pid()],
        ).fetchone()[0]
        assert dropped >= 1
        answer = site.get("/flights/")
        assert answer.status == 200, answer.body[:500]
        # A story page reads its record on every request, kept or not: the same, after another drop.
        assert site.get("/articles/ice-dallas-charter-china-june-2025/").status == 200
        assert other.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s "
            "AND backend_type = 'client backend'",
            [own_pid()],
        ).fetchone()[0]
        answer = site.get("/articles/ice-dallas-charter-china-june-2025/")
        assert answer.status == 200, answer.body[:500]


def test_a_download_cut_short_by_the_database_says_so_and_is_not_served_complete(demo_committed):
    spare = own_pid()
    with gunicorn(database_url()) as site, second_connection() as other:
        with other.transaction():
            # The download's claims query waits on this lock, so the failure lands after the header was sent.
            other.execute("LOCK TABLE flights_claim IN ACCESS EXCLUSIVE MODE")
            response = urllib.request.urlopen(site.url + "/flights/flights.csv", timeout=30)
            assert response.status == 200
            header = response.readline()
            assert header.startswith(b"slug,url,")
            for _ in range(50):
                waiting = other.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                ).fetchall()
                if waiting:
                    break
                time.sleep(0.1)
            for (pid,) in waiting:
                if pid != spare:
                    other.execute("SELECT pg_terminate_backend(%s)", [pid])
            with pytest.raises(http.client.IncompleteRead) as cut:
                response.read()
        partial = header + cut.value.partial
        assert b"# ERROR: The download stopped part-way because the database failed" in partial
        assert b"INCOMPLETE" in partial


def test_the_stream_itself_ends_with_the_notice_and_raises(client, demo_committed, monkeypatch):
    monkeypatch.setattr(exchange, "CHUNK_SIZE", 2)  # several batches, so the failure falls between two
    response = client.get("/flights/flights.json")
    chunks = iter(response.streaming_content)
    received = [next(chunks), next(chunks)]  # the document's head and the first two flights
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with second_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    with pytest.raises(OperationalError):
        for chunk in chunks:
            received.append(chunk)
    connection.close()
    text = b"".join(received).decode()
    assert text.rstrip().endswith('this file is INCOMPLETE. Download it again."')
    with pytest.raises(ValueError):
        __import__("json").loads(text)  # a parser refuses it too
