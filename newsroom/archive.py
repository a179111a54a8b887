"""Shared machinery of the filtered lists (article archive, flight database): facets, chips, tolerant paging."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import ListView
from django_countries import countries

from flights.formatting import format_date
from newsroom import freshness
from newsroom.caching import PublicCacheMixin

# More values than this for one filter is a crafted URL, not a reader; refusing keeps the SQL small.
MAX_VALUES_PER_FILTER = 25
# Dates outside these years are typing mistakes, and far-off years overflow time-zone arithmetic.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
# Parameters that are state of the page, not filters: a facet or chip link starts again at page 1.
PAGE_PARAM = "page"
# Countries as ISO codes with their names, for destination and nationality filters.
COUNTRIES = tuple((code, str(name)) for code, name in countries)


def country_choices() -> tuple[tuple[str, str], ...]:
    """Choices as a callable: every form gets the fields deep-copied, and copying 250 pairs per field adds up."""
    return COUNTRIES


YEARS = tuple((str(year), str(year)) for year in range(LATEST_YEAR, EARLIEST_YEAR - 1, -1))


def year_choices() -> tuple[tuple[str, str], ...]:
    return YEARS


class FastSelectMixin:
    """Renders <option>s with one string join instead of a template per option.

    A country list has 250 options; Django's per-option templates cost tens of milliseconds per page.
    """

    allow_multiple_selected: bool

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}  # type: ignore[attr-defined]
        final = self.build_attrs(self.attrs, attrs)  # type: ignore[attr-defined]
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>{escape(label)}</option>'
            for key, label in self.choices  # type: ignore[attr-defined]
        )
        return format_html("<select{}>\n{}\n</select>", flatatt(final), mark_safe(options))


class FastSelect(FastSelectMixin, forms.Select):
    pass


class FastSelectMultiple(FastSelectMixin, forms.SelectMultiple):
    pass


class CappedValuesMixin:
    """A multi-valued form field that refuses hundreds of values before looking any of them up."""

    def clean(self, value: Any) -> Any:
        if value and isinstance(value, list | tuple):
            value = list(dict.fromkeys(value))  # a repeated value is asked for once
            if len(value) > MAX_VALUES_PER_FILTER:
                raise ValidationError(f"Choose at most {MAX_VALUES_PER_FILTER}.", code="too_many")
        return super().clean(value)  # type: ignore[misc]


class CappedMultipleChoiceField(CappedValuesMixin, django_filters.fields.MultipleChoiceField):
    widget = FastSelectMultiple


class CappedModelMultipleChoiceField(CappedValuesMixin, django_filters.fields.ModelMultipleChoiceField):
    widget = FastSelectMultiple


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = CappedMultipleChoiceField


class ModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CappedModelMultipleChoiceField


class YearsField(CappedValuesMixin, forms.TypedMultipleChoiceField):
    """Years as repeated `year=2024&year=2025`; any year in range is a valid choice."""

    widget = FastSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("choices", None)
        super().__init__(choices=year_choices, coerce=int, **kwargs)


class YearsFilter(django_filters.MultipleChoiceFilter):
    field_class = YearsField


class CheckboxFilter(django_filters.BooleanFilter):
    """A tick box: ticked (any value but "0"/"false") narrows the list; unticked filters nothing."""

    field_class = forms.BooleanField


class ArchiveDateField(forms.DateField):
    """A calendar date (YYYY-MM-DD) within the years the archive can hold."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Enter a date as YYYY-MM-DD, e.g. 2024-06-03."

    def validate(self, value: datetime.date | None) -> None:
        super().validate(value)
        if value and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValidationError(f"Enter a date between {EARLIEST_YEAR} and {LATEST_YEAR}.", code="out_of_range")


class ArchiveDateFilter(django_filters.DateFilter):
    field_class = ArchiveDateField


def local_day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of the day in the site's time zone, so "published on June 3" means local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ArchiveForm(forms.Form):
    """The filter form: a range whose start is after its end is an error on the end field, which is then ignored."""

    RANGES = (("date_from", "date_to", "Ends before the start date."), ("passengers_min", "passengers_max", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for low, high, message in self.RANGES:
            start, end = cleaned.get(low), cleaned.get(high)
            if start is not None and end is not None and start > end:
                self.add_error(high, message or f"Is less than the minimum ({start}).")
        return cleaned


@dataclass(frozen=True)
class FacetItem:
    value: str
    label: str
    count: int
    selected: bool
    # The request's filters and this facet's name, for the link that toggles the value (url).
    data: QueryDict = field(repr=False, compare=False)
    name: str = field(repr=False, compare=False)

    @property
    def url(self) -> str:
        """The query string with this value toggled, built when asked: the filter forms show checkboxes, not
        links, and copying the query for each of a few hundred values cost ~10 ms a page."""
        return toggle_url(self.data, self.name, self.value)


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


def toggle_url(data: QueryDict, name: str, value: str) -> str:
    """The query string with one value of a filter added, or removed when present; back to page 1."""
    params = data.copy()
    params.pop(PAGE_PARAM, None)
    values = params.getlist(name)
    if value in values:
        params.setlist(name, [v for v in values if v != value])
    else:
        params.setlist(name, [*values, value])
    return "?" + params.urlencode()


def without_url(data: QueryDict, *names: str) -> str:
    params = data.copy()
    for name in (*names, PAGE_PARAM):
        params.pop(name, None)
    return "?" + params.urlencode()


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet that can filter without some of its own filters (facets) and list what is active (chips).

    Filters whose value is a list combine their values with OR; different filters combine with AND.
    """

    class Meta:
        form = ArchiveForm

    # Names applied last, after every filter (ordering needs e.g. the search rank the query filter adds).
    ordering_filters: tuple[str, ...] = ("sort",)

    def filter_queryset_without(self, queryset: QuerySet, *exclude: str) -> QuerySet:
        """The queryset filtered by every valid filter except those named, unordered (for counting)."""
        skip = set(exclude) | set(self.ordering_filters)
        for name, value in self.cleaned.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = self.filter_queryset_without(queryset)
        return self.order_queryset(queryset, self.cleaned.get("sort") or "")

    def order_queryset(self, queryset: QuerySet, sort: str) -> QuerySet:
        return queryset

    @property
    def cleaned(self) -> dict[str, Any]:
        """Valid filter values; a partly invalid form still filters by what is valid."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018  (validates the form, filling cleaned_data)
        return self.form.cleaned_data

    def selected(self, name: str) -> list[str]:
        """Raw values of a filter as the URL states them, when the filter is valid."""
        if not self.cleaned.get(name):
            return []
        return list(dict.fromkeys(self.data.getlist(name)))

    def facet(self, name: str, rows: Iterable[tuple[Any, str, int]]) -> list[FacetItem]:
        """Facet links from (value, label, count) rows; selected values stay listed so they can be removed."""
        chosen = self.selected(name)
        items = [
            FacetItem(str(value), label, count, str(value) in chosen, self.data, name) for value, label, count in rows
        ]
        return items

    def chips(self) -> list[Chip]:
        chips: list[Chip] = []
        for name, value in self.cleaned.items():
            if name in self.ordering_filters or value in (None, "", [], False) or name not in self.form.fields:
                continue
            field = self.form.fields[name]
            label = str(field.label or name)
            if isinstance(value, list | tuple | QuerySet):
                names = _value_labels(field, value)
                for raw in self.selected(name):
                    chips.append(Chip(f"{label}: {names.get(raw, raw)}", toggle_url(self.data, name, raw)))
            elif value is True:
                chips.append(Chip(label, without_url(self.data, name)))
            else:
                chips.append(Chip(f"{label}: {_display(value)}", without_url(self.data, name)))
        return chips


def _value_labels(field: forms.Field, values: Iterable[Any]) -> dict[str, str]:
    if isinstance(field, forms.ModelMultipleChoiceField):
        key = field.to_field_name or "pk"
        return {str(getattr(obj, key)): str(obj) for obj in values}
    if isinstance(field, forms.ChoiceField):
        return {str(value): str(label) for value, label in field.choices}
    return {}


def _display(value: Any) -> str:
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, Model):
        return str(value)
    return str(value)


def sorted_facet(rows: Sequence[tuple[Any, str, int]], limit: int | None = None) -> list[tuple[Any, str, int]]:
    """Most results first, then alphabetical, so the facet reads like a ranking."""
    ordered = sorted(rows, key=lambda row: (-row[2], row[1]))
    return ordered[:limit] if limit else ordered


FacetRows = dict[str, list[tuple[Any, str, int]]]
F = TypeVar("F", bound=FacetedFilterSet)
T = TypeVar("T")  # the count kept with the facets: a number, or how it was reached (articles.large_results.Tally)


def conditions_except(conditions: dict[str, tuple[str, list[Any]]], facet: str) -> tuple[str, list[Any]]:
    """The SQL of every active filter but one facet's own, ANDed: a facet counts under the others only."""
    parts = [(sql, params) for name, (sql, params) in conditions.items() if name != facet]
    if not parts:
        return "TRUE", []
    return " AND ".join(sql for sql, _ in parts), [p for _, params in parts for p in params]


def filled(value: Any) -> bool:
    """Whether a cleaned filter value holds anything; an empty model choice is queryset.none(), told apart
    without evaluating it (truth-testing a queryset compiles and runs it)."""
    if isinstance(value, QuerySet):
        return not value.query.is_empty() and bool(value)
    return bool(value)


def cached_facets(
    filterset: F, compute: Callable[[F], tuple[FacetRows, T]], tags: Iterable[str] = ()
) -> tuple[dict[str, list[FacetItem]], T]:
    """Facets for a filter state, kept until anything they count (the freshness `tags`) changes.

    Counting the whole archive takes the database a second; the unfiltered page and popular filters are
    asked for far more often than that. The key is the valid filter state, so junk parameters share it,
    and the current tokens of the tags, so a published or withdrawn story is counted on the next request.
    """
    cleaned = filterset.cleaned
    state = sorted(
        (name, str(filterset.data.getlist(name)))
        for name in cleaned
        if filled(cleaned[name]) and name not in filterset.ordering_filters  # the order changes no count
    )
    # A story scheduled for later changes the counts at its time, with no save to replace a token.
    found = freshness.remember(
        "facets", [type(filterset).__name__, state], tags, lambda: compute(filterset), settings.PAGE_CACHE_SECONDS
    )
    rows, total = found
    # Links are built per request: they carry this request's own query string.
    return {name: filterset.facet(name, values) for name, values in rows.items()}, total


class CountedPaginator(Paginator):
    """A paginator told its count, when the facets already summed it; saves a COUNT(*) over the search."""

    def __init__(self, object_list: Any, per_page: int, *, count: int | None = None, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # fills Paginator.count, a cached_property


class FilteredListView(PublicCacheMixin, ListView):
    """A public list narrowed by a FacetedFilterSet; bad filter values or pages show a message, never an error."""

    filterset_class: type[FacetedFilterSet]
    filterset: FacetedFilterSet
    page_error = ""
    known_count: int | None = None

    def get_base_queryset(self) -> QuerySet:
        # Each list says what it lists; a subclass that forgets is a programming error, caught at once.
        raise ImproperlyConfigured(f"{type(self).__name__} must define get_base_queryset()")

    def get_queryset(self) -> QuerySet:
        # Always bound, even to an empty query string: an empty form is valid and filters nothing.
        self.filterset = self.filterset_class(self.request.GET, queryset=self.get_base_queryset(), request=self.request)
        self.facets = self.get_facets()
        return self.filterset.qs

    def get_facets(self) -> dict[str, list[FacetItem]]:
        """Facet counts; may set known_count so the paginator need not count again."""
        return {}

    def get_paginator(self, queryset: Any, per_page: int, orphans: int = 0, **kwargs: Any) -> Paginator:
        return CountedPaginator(queryset, per_page, orphans=orphans, count=self.known_count, **kwargs)

    def paginate_queryset(self, queryset: Any, page_size: int) -> tuple[Paginator, Page, Any, bool]:
        paginator = self.get_paginator(queryset, page_size)
        raw = self.request.GET.get(self.page_kwarg) or "1"
        try:
            number = int(raw)
        except ValueError:
            number = 1
            self.page_error = "That is not a page number; showing the first page."
        if number < 1:
            number = 1
            self.page_error = "Pages start at 1; showing the first page."
        elif number > paginator.num_pages:
            pages = paginator.num_pages
            self.page_error = (
                f"There {'is only 1 page' if pages == 1 else f'are only {pages} pages'}; showing the last."
            )
            number = paginator.num_pages
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            filterset=self.filterset,
            form=self.filterset.form,
            facets=self.facets,
            chips=self.filterset.chips(),
            clear_url=self.request.path,
            page_error=self.page_error,
        )
        return context
