"""The PostgreSQL health check that reads the socket (newsroom/postgres): what SELECT 1 said, without sending it."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
]


def other_connection() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname=settings["NAME"], autocommit=True
    )


def test_a_connection_is_usable_idle_and_inside_a_transaction_and_not_once_the_server_ended_it():
    connection.ensure_connection()
    assert connection.is_usable()
    connection.connection.execute("BEGIN")
    assert connection.is_usable()  # a test's or an atomic block's transaction: SELECT 1 would have worked
    connection.connection.execute("ROLLBACK")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with other_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    for _ in range(50):  # the server's goodbye arrives within milliseconds
        if not connection.is_usable():
            break
        time.sleep(0.01)
    assert not connection.is_usable()
    connection.close()


def test_a_failed_transaction_is_not_usable():
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("BEGIN")
    with pytest.raises(psycopg.errors.DivisionByZero):
        raw.execute("SELECT 1/0")
    assert not connection.is_usable()
    raw.execute("ROLLBACK")
    assert connection.is_usable()
