"""Fast inserts for an import's new rows: one executemany per batch, each distinct value prepared once.

Django's bulk_create compiles every value of every row through the field machinery; for the
215,000 claims and history rows of the ARTS legs file that alone takes longer than the 60 s budget.
Rows here are plain dicts of attribute name → Python value, so the records stay in the ORM's terms.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, router
from django.db.models import DateField, Field, Model

# What the database drivers take as it is (None too); str covers text choices, which are str subclasses.
PLAIN = (str, int, float, bool, type(None))


class Inserter:
    """Inserts rows of one model; reusable across batches so prepared statements and value caches carry over."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.alias = router.db_for_write(model)
        self.connection = connections[self.alias]
        # The database makes the primary key; everything else is written, defaults filled in here.
        self.fields: list[Field] = [f for f in model._meta.concrete_fields if not f.primary_key]
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
        self.copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        # Per column: its attribute, its default, the field, and whether it is a date (DateTimeField is one too).
        self.columns = [(f.attname, f.get_default(), f, isinstance(f, DateField)) for f in self.fields]
        # Dates and times repeat (one import time, a few thousand days); adapting each once saves seconds.
        self.memo: dict[str, dict[Any, Any]] = {}

    def _params(self, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        """Each row's values in column order, ready for the driver.

        Built a column at a time: for the ARTS legs file this is some 2 million cells, and a type test per cell
        was a third of the import. A column whose values are all plain (str, int, float, bool or None, the
        usual case) is passed as it is; dates are adapted once per distinct value; anything else per cell.
        """
        columns: list[list[Any]] = []
        for attname, default, field, is_date in self.columns:
            column = [row.get(attname, default) for row in rows]
            if is_date:
                memo = self.memo.setdefault(attname, {None: None})
                for value in set(column).difference(memo):
                    memo[value] = field.get_db_prep_save(value, self.connection)
                column = list(map(memo.__getitem__, column))
            elif not all(issubclass(kind, PLAIN) for kind in set(map(type, column))):
                column = [
                    value if isinstance(value, PLAIN) else field.get_db_prep_save(value, self.connection)
                    for value in column
                ]
            columns.append(column)
        return list(zip(*columns, strict=True))

    def insert(self, rows: Iterable[dict[str, Any]]) -> int:
        rows_seen = list(rows)
        params = self._params(rows_seen)
        if not params:
            return 0
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                # COPY streams the rows in one statement: about four times faster than executemany.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for values in params:
                        copy.write_row(values)
            else:
                cursor.executemany(self.sql, params)
        # No signals for these rows: say what changed, so cached pages showing flights are not served again.
        from newsroom.dependencies import changed_in_bulk

        changed_in_bulk(self.model, rows_seen)
        return len(params)


def history_rows(rows: Iterable[dict[str, Any]], **history: Any) -> list[dict[str, Any]]:
    """Creation ("+") history rows for inserted rows (each dict must hold its new "id")."""
    return [{**row, "history_type": "+", **history} for row in rows]
