"""Load a data set once per test session, then give each test the same rows in a few bulk inserts.

Loading the demo runs every claim through record_claim and accept_claim (validation, history, signals):
about a second per test. A snapshot runs the loader once, in a transaction rolled back afterwards, keeps
the rows it added to every table, and writes them back per test inside the test's own transaction, so
each test still starts from exactly what the loader makes and its changes still roll back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model


def _tables() -> list[type[Model]]:
    # Auto-created models are the many-to-many link tables; proxies share their concrete model's table.
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.pk is not None
    ]


def _rows(model: type[Model]) -> dict[Any, tuple[Any, ...]]:
    columns = [f.column for f in model._meta.concrete_fields]
    quote = connection.ops.quote_name
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(model._meta.db_table)}")
        index = columns.index(pk)
        return {row[index]: tuple(row) for row in cursor.fetchall()}


@dataclass
class Snapshot:
    """The rows a loader added, table by table (table, columns, rows)."""

    tables: list[tuple[str, list[str], list[tuple[Any, ...]]]] = field(default_factory=list)

    @classmethod
    def take(cls, load: Callable[[], None]) -> Snapshot:
        """Run the loader in a transaction that is rolled back, and keep the rows it added."""
        snapshot = cls()
        models = _tables()
        with transaction.atomic():
            before = {model: set(_rows(model)) for model in models}
            load()
            for model in models:
                added = [row for pk, row in _rows(model).items() if pk not in before[model]]
                if added:
                    columns = [f.column for f in model._meta.concrete_fields]
                    snapshot.tables.append((model._meta.db_table, columns, added))
            transaction.set_rollback(True)
        return snapshot

    def restore(self) -> None:
        """Insert the rows with their original keys; foreign keys are checked at commit, so order is free."""
        quote = connection.ops.quote_name
        # In one transaction even when the test runs without one (transaction=True): the foreign keys are
        # deferred to its commit, so the tables can go in any order.
        with transaction.atomic(), connection.cursor() as cursor:
            for table, columns, rows in self.tables:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES ({marks})"
                cursor.executemany(sql, rows)
        if connection.vendor == "postgresql":
            # Explicit keys leave the sequences behind; move them past the restored rows.
            with connection.cursor() as cursor:
                for table, columns, _ in self.tables:
                    # History tables (django-simple-history) count their rows in history_id.
                    for key in {"id", "history_id"} & set(columns):
                        cursor.execute(
                            f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                            f"(SELECT coalesce(max({quote(key)}), 1) FROM {quote(table)}))",
                            [table, key],
                        )
