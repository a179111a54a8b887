"""Model fields of the journalism app that only PostgreSQL fills."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.fields import ArrayField


class FacetKeysField(ArrayField):
    """An array of facet keys on PostgreSQL; elsewhere an unused text column, since SQLite has no arrays."""

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor != "postgresql":
            return "text"
        return super().db_type(connection)

    def cast_db_type(self, connection: Any) -> str | None:
        if connection.vendor != "postgresql":
            return "text"
        return super().cast_db_type(connection)

    def get_placeholder(self, value: Any, compiler: Any, connection: Any) -> str:
        if connection.vendor != "postgresql":
            return "%s"
        return super().get_placeholder(value, compiler, connection)
