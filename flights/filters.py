"""The flight database's filters: dates (ranges overlap), kind, places, operator, passengers, sources, disputes."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from flights.models import Airport, Claim, Flight, Operator, Source
from newsroom.archive import (
    ArchiveDateFilter,
    CheckboxFilter,
    FacetedFilterSet,
    FastSelect,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
    YearsFilter,
    country_choices,
)

SORT_CHOICES = [
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("most_passengers", "Most passengers"),
    ("fewest_passengers", "Fewest passengers"),
]
# No flight carries more; a larger bound is a typo, and SQLite cannot compare integers past 2**63.
MAX_PASSENGERS = 100_000


@dataclass(frozen=True)
class Place:
    """Where a reader says a flight left from or went to: an airport code, or a city's name."""

    code: str = ""
    name: str = ""

    def __str__(self) -> str:
        return self.code or self.name


_CODE = re.compile(r"[A-Za-z0-9]{3,4}")


class PlaceField(forms.CharField):
    """An ICAO (KDFW) or IATA (DFW) code of an airport the records know, or a city ("Dallas")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 12}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Place | None:
        text = " ".join((super().clean(value) or "").split())
        if not text:
            return None
        if _CODE.fullmatch(text):
            code = text.upper()
            if Airport.objects.filter(Q(icao=code) | Q(iata=code)).exists():
                return Place(code=code)
            # Typed in capitals, it was meant as a code; otherwise it may be a short city name.
            if text.isupper():
                raise ValidationError(f"No airport with the code {code} in the records.")
        if len(text) < 3 or not any(char.isalpha() for char in text):
            raise ValidationError("Enter an airport code (KDFW or DFW) or a city (Dallas).")
        return Place(name=text)


class PlaceFilter(django_filters.CharFilter):
    field_class = PlaceField


def operators_in_public_records() -> QuerySet[Operator]:
    """Operators of flights readers can see: one known only from a held record would announce it."""
    return Operator.objects.filter(Exists(Flight.objects.public().filter(operator=OuterRef("pk")))).order_by("name")


class SourceSlugField(forms.CharField):
    def clean(self, value: Any) -> Source | None:
        slug = (super().clean(value) or "").strip()
        if not slug:
            return None
        source = Source.objects.filter(slug=slug).first()
        if source is None:
            raise ValidationError("No source with that key; its key is the last part of its page's address.")
        return source


class SourceFilter(django_filters.CharFilter):
    field_class = SourceSlugField


class DatasetFilter(django_filters.CharFilter):
    """Records imported from one dataset (a source's slug)."""

    field_class = SourceSlugField


class RecordTypeFilter(django_filters.ChoiceFilter):
    """Flights unless the reader asks for passenger movements: the two are never mixed in one list or total.

    A movement (an ARTS row) is not a flight, and its people may also be on a flight record; a list or
    a sum that mixed them would count what it cannot. So an empty choice means flights, not everything.
    """

    def filter(self, qs: QuerySet[Flight], value: str) -> QuerySet[Flight]:
        return qs.filter(record_type=value or Flight.RecordType.FLIGHT)


GROUP_CHOICES = [
    ("month", "Month"),
    ("year", "Year"),
    ("country", "Destination country"),
    ("origin", "Pickup airport"),
    ("destination", "Drop-off airport"),
    ("route", "Route"),
]


class PassengerBoundFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_PASSENGERS)
        super().__init__(*args, **kwargs)


class FlightFilterSet(FacetedFilterSet):
    record = RecordTypeFilter(
        label="Records", choices=Flight.RecordType.choices, empty_label=None, widget=FastSelect, required=False
    )
    dataset = DatasetFilter(
        label="Dataset", method="filter_dataset", help_text="Records imported from one dataset (its source's key)."
    )
    date_from = ArchiveDateFilter(label="Departed from", method="filter_date_from")
    date_to = ArchiveDateFilter(label="Departed to", method="filter_date_to")
    kind = MultipleChoiceFilter(label="Kind", choices=Flight.Kind.choices, method="filter_kind")
    origin = PlaceFilter(
        label="From airport or city",
        method="filter_origin",
        help_text="Code (KDFW, DFW) or city (Dallas).",
        widget=forms.TextInput(attrs={"list": "origin-airports", "autocomplete": "off"}),
    )
    destination = PlaceFilter(
        label="To airport or city",
        method="filter_destination",
        help_text="Code (ZBAA, PEK) or city (Beijing).",
        widget=forms.TextInput(attrs={"list": "destination-airports", "autocomplete": "off"}),
    )
    country = MultipleChoiceFilter(label="To country", choices=country_choices, method="filter_country")
    operator = ModelMultipleChoiceFilter(
        label="Operator",
        queryset=lambda request: operators_in_public_records(),
        to_field_name="slug",
        method="filter_operator",
    )
    passengers_min = PassengerBoundFilter(label="At least (passengers)", method="filter_passengers_min")
    passengers_max = PassengerBoundFilter(label="At most (passengers)", method="filter_passengers_max")
    nationality = MultipleChoiceFilter(
        label="Nationality", choices=country_choices, method="filter_nationality", help_text="Of the people removed."
    )
    source = SourceFilter(label="Source", method="filter_source", help_text="Flights a source states facts about.")
    year = YearsFilter(label="Year", method="filter_year")
    disputed = CheckboxFilter(label="Has disputed claims", method="filter_disputed")
    sort = django_filters.ChoiceFilter(
        label="Sort by", choices=SORT_CHOICES, method="filter_nothing", empty_label=None, widget=FastSelect
    )
    group = django_filters.ChoiceFilter(
        label="Group by", choices=GROUP_CHOICES, method="filter_nothing", empty_label="No grouping", widget=FastSelect
    )

    # Neither sorting nor grouping narrows the records (or changes a facet count).
    ordering_filters = ("sort", "group")

    class Meta(FacetedFilterSet.Meta):
        model = Flight
        fields: list[str] = []

    def filter_date_from(self, queryset: QuerySet[Flight], name: str, value: datetime.date) -> QuerySet[Flight]:
        # A flight known only to a range matches when its range overlaps the chosen one.
        return queryset.filter(departed_latest__gte=value)

    def filter_date_to(self, queryset: QuerySet[Flight], name: str, value: datetime.date) -> QuerySet[Flight]:
        return queryset.filter(departed_earliest__lte=value)

    def filter_dataset(self, queryset: QuerySet[Flight], name: str, value: Source) -> QuerySet[Flight]:
        return queryset.filter(dataset=value)

    def filter_kind(self, queryset: QuerySet[Flight], name: str, value: list[str]) -> QuerySet[Flight]:
        return queryset.filter(kind__in=value) if value else queryset

    def filter_origin(self, queryset: QuerySet[Flight], name: str, value: Place) -> QuerySet[Flight]:
        if value.code:
            return queryset.filter(Q(origin__icao=value.code) | Q(origin__iata=value.code))
        # A city also matches flights whose airport is unknown but whose record names the place ("Dallas, TX").
        return queryset.filter(
            Q(origin__city__iexact=value.name)
            | Q(origin__name__icontains=value.name)
            | Q(origin_description__icontains=value.name)
        )

    def filter_destination(self, queryset: QuerySet[Flight], name: str, value: Place) -> QuerySet[Flight]:
        if value.code:
            return queryset.filter(Q(destination__icao=value.code) | Q(destination__iata=value.code))
        return queryset.filter(Q(destination__city__iexact=value.name) | Q(destination__name__icontains=value.name))

    def filter_country(self, queryset: QuerySet[Flight], name: str, value: list[str]) -> QuerySet[Flight]:
        return queryset.filter(destination_country__in=value) if value else queryset

    def filter_operator(self, queryset: QuerySet[Flight], name: str, value: QuerySet[Operator]) -> QuerySet[Flight]:
        return queryset.filter(operator__in=value) if value else queryset

    def filter_passengers_min(self, queryset: QuerySet[Flight], name: str, value: int) -> QuerySet[Flight]:
        # A flight whose count no source states is not "at least N": NULL never passes a bound.
        return queryset.filter(passengers_total__gte=value)

    def filter_passengers_max(self, queryset: QuerySet[Flight], name: str, value: int) -> QuerySet[Flight]:
        return queryset.filter(passengers_total__lte=value)

    def filter_nationality(self, queryset: QuerySet[Flight], name: str, value: list[str]) -> QuerySet[Flight]:
        return queryset.filter(nationality__in=value) if value else queryset

    def filter_source(self, queryset: QuerySet[Flight], name: str, value: Source) -> QuerySet[Flight]:
        return queryset.filter(Exists(Claim.objects.public().filter(flight=OuterRef("pk"), source=value)))

    def filter_year(self, queryset: QuerySet[Flight], name: str, value: list[int]) -> QuerySet[Flight]:
        if not value:
            return queryset
        # The year a flight is counted under in the facet: the year of its earliest possible date.
        years = Q()
        for year in value:
            years |= Q(
                departed_earliest__gte=datetime.date(year, 1, 1), departed_earliest__lt=datetime.date(year + 1, 1, 1)
            )
        return queryset.filter(years)

    def filter_disputed(self, queryset: QuerySet[Flight], name: str, value: bool) -> QuerySet[Flight]:
        if not value:
            return queryset
        disputed = Claim.objects.public().filter(flight=OuterRef("pk"), status=Claim.Status.DISPUTED)
        return queryset.filter(Exists(disputed))

    def filter_nothing(self, queryset: QuerySet[Flight], name: str, value: Any) -> QuerySet[Flight]:
        return queryset  # sort is applied by order_queryset, after every filter

    def order_queryset(self, queryset: QuerySet[Flight], sort: str) -> QuerySet[Flight]:
        if sort == "oldest":
            return queryset.order_by("departed_earliest", "slug")
        if sort == "most_passengers":
            # Flights with no reported count go last in either direction: unknown is not zero.
            return queryset.order_by(F("passengers_total").desc(nulls_last=True), "-departed_earliest", "slug")
        if sort == "fewest_passengers":
            return queryset.order_by(F("passengers_total").asc(nulls_last=True), "-departed_earliest", "slug")
        return queryset.order_by("-departed_earliest", "slug")
