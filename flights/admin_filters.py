"""Admin list filters for flights: which records need an editor's decision."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from flights.models import Flight
from flights.services import flights_with_conflicts


class UnresolvedConflictFilter(admin.SimpleListFilter):
    """Flights whose sources disagree on a value and no editor has settled which to believe."""

    title = "claims"
    parameter_name = "conflicts"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("unresolved", "with unresolved conflicts")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Flight]) -> QuerySet[Flight]:
        if self.value() == "unresolved":
            return flights_with_conflicts(queryset)
        return queryset
