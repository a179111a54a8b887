"""The archive summary: dataset records pre-summed per month, country, kind and route, for the archive pages.

The country, airport and grouped pages sum tens of thousands of ARTS rows per request. This table holds the
same sums per (dataset, record type, kind, destination country, nationality, month, pickup airport, drop-off
airport, operator): about 14,000 rows for the 47,500 imported, so a page sums a few thousand rows instead.
A second table (ArchiveYearSummary) sums those rows again per year, 2,900 rows, for every figure that needs
no month; both are rebuilt together and read under the same rule.

Correctness rules (tests/flights/test_archive_summary.py checks them against the live GROUP BY):

- Only rows of a dataset (imports) with no hold at all are summed; and while any dataset row carries a hold
  (set, even if already released), readers do not use the table and sum the records live: a hold's release
  happens at read time (flights.holds) and a table cannot follow it.
- The import rebuilds the table inside its own transaction, so a committed import is never summed stale.
- Any other change to a dataset row (an editor's save, a delete, a hold placed or lifted, a row moved into
  or out of a dataset) marks the table stale in the same transaction; readers then sum live until it is
  rebuilt, which is queued for the commit. The newsroom's own flights (no dataset) are not in the table.
  Writes that bypass model signals (raw SQL, queryset.update) must run `manage.py refresh_ice_air_summary`.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncYear
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone


class ArchiveSummaryQuerySet(models.QuerySet["SummaryRows"]):
    # The same names as FlightQuerySet's, so views narrow the summary and the records alike.
    def movements(self) -> ArchiveSummaryQuerySet:
        return self.filter(record_type="movement")

    def flights(self) -> ArchiveSummaryQuerySet:
        return self.filter(record_type="flight")


class SummaryRows(models.Model):
    """Sums of the public, never-held rows of one dataset that share every key column."""

    grain = "month"  # what one row's `month` stands for: that month, or (ArchiveYearSummary) that year

    dataset = models.ForeignKey("flights.Source", on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=8)
    kind = models.CharField(max_length=16)
    destination_country = models.CharField(max_length=2)
    nationality = models.CharField(max_length=2, blank=True)
    month = models.DateField(help_text="First day of the month of departed_earliest.")
    origin = models.ForeignKey(
        "flights.Airport", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    destination = models.ForeignKey(
        "flights.Airport", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    # ARTS rows name no operator; kept so the operator filter and facet can read the summary too.
    operator = models.ForeignKey(
        "flights.Operator", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    n_records = models.IntegerField()
    # NULL where no summed row states the value, as SUM over the records would give.
    n_passengers = models.IntegerField(null=True)
    n_counted = models.IntegerField()  # rows with a known passenger count
    n_juveniles = models.IntegerField(null=True)
    n_juvenile_base = models.IntegerField(null=True)
    n_non_criminal = models.IntegerField(null=True)
    n_non_criminal_base = models.IntegerField(null=True)
    first_day = models.DateField()  # MIN(departed_earliest)
    last_day = models.DateField()  # MAX(departed_latest)
    last_earliest_day = models.DateField()  # MAX(departed_earliest): coverage() reads the dataset's ends from it

    objects = ArchiveSummaryQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        period = f"{self.month:%Y}" if self.grain == "year" else f"{self.month:%Y-%m}"
        return f"{period} {self.record_type} to {self.destination_country}: {self.n_records} records"


class ArchiveSummary(SummaryRows):
    """The records summed per month (and every other key): what month charts and month groups read."""

    class Meta:
        indexes = [
            # Country pages and the countries index; one dataset's rows (coverage, grouped views).
            models.Index(fields=["destination_country", "record_type", "dataset"], name="archsum_country_idx"),
            models.Index(fields=["dataset", "record_type", "month"], name="archsum_dataset_idx"),
            # Airport pages: rows picked up at, or dropped off at, one airport.
            models.Index(fields=["origin", "record_type"], name="archsum_origin_idx"),
            models.Index(fields=["destination", "record_type"], name="archsum_destination_idx"),
        ]


class ArchiveYearSummary(SummaryRows):
    """The month rows summed again per year: a fifth as many rows (2,900 for the ICE Air files, not 14,000),
    for every figure that needs no month (totals, facets, rankings, routes, years). Built from ArchiveSummary
    in the same rebuild, and read under the same rule (summary_records), so the two never disagree."""

    grain = "year"

    month = models.DateField(help_text="January 1 of the year of departed_earliest.")

    class Meta:
        indexes = [
            models.Index(fields=["destination_country", "record_type", "dataset"], name="archyear_country_idx"),
            models.Index(fields=["dataset", "record_type", "month"], name="archyear_dataset_idx"),
            models.Index(fields=["origin", "record_type"], name="archyear_origin_idx"),
            models.Index(fields=["destination", "record_type"], name="archyear_destination_idx"),
        ]


class ArchiveSummaryState(models.Model):
    """One row: whether ArchiveSummary matches the records. No row means it was never built."""

    stale = models.BooleanField(default=True)
    built_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"archive summary built {self.built_at}{' (stale)' if self.stale else ''}"


KEYS = (
    "dataset_id",
    "record_type",
    "kind",
    "destination_country",
    "nationality",
    "month",
    "origin_id",
    "destination_id",
    "operator_id",
)
# Prefixed: a measure named like Flight's fields ("passengers") could not be an annotation on either model.
MEASURES = (
    "n_records",
    "n_passengers",
    "n_counted",
    "n_juveniles",
    "n_juvenile_base",
    "n_non_criminal",
    "n_non_criminal_base",
    "first_day",
    "last_day",
    "last_earliest_day",
)


def _any_hold() -> Q:
    return Q(held_until__isnull=False) | Q(held_for_story=True)


def refresh() -> int:
    """Rebuild the table from the records in one INSERT … SELECT … GROUP BY; returns the rows written.

    Runs in the caller's transaction (an import's), or in its own.
    """
    from flights.models import Flight

    rows = (
        Flight.objects.filter(dataset__isnull=False)
        .exclude(_any_hold())
        .annotate(month=TruncMonth("departed_earliest"))
        .order_by()
        .values(*KEYS)
        .annotate(
            n_records=Count("*"),
            n_passengers=Sum("passengers_total"),
            n_counted=Count("passengers_total"),
            n_juveniles=Sum("passengers_juvenile"),
            n_juvenile_base=Sum("passengers_total", filter=Q(passengers_juvenile__isnull=False)),
            n_non_criminal=Sum("passengers_non_criminal"),
            n_non_criminal_base=Sum("passengers_total", filter=Q(passengers_non_criminal__isnull=False)),
            first_day=Min("departed_earliest"),
            last_day=Max("departed_latest"),
            last_earliest_day=Max("departed_earliest"),
        )
    )
    with transaction.atomic():
        ArchiveSummary.objects.all().delete()
        ArchiveYearSummary.objects.all().delete()
        written = _insert(ArchiveSummary, rows)
        # The year rows from the month rows just written (the same sums, a fifth as many rows to read).
        _insert(ArchiveYearSummary, _years_of_months())
        state = ArchiveSummaryState.objects.first() or ArchiveSummaryState()
        state.stale, state.built_at = False, timezone.now()
        state.save()
    return written


def _years_of_months() -> QuerySet[Any]:
    """The month rows summed per year, columns in KEYS then MEASURES order (an annotation may not take a field's
    name, hence the "year_" aliases; the INSERT names the columns)."""
    keys = [key if key != "month" else "year" for key in KEYS]
    ends = {"first_day": Min, "last_day": Max, "last_earliest_day": Max}
    return (
        ArchiveSummary.objects.order_by()
        .annotate(year=TruncYear("month"))
        .values(*keys)
        .annotate(**{f"year_{name}": ends.get(name, Sum)(name) for name in MEASURES})
    )


def _insert(model: type[SummaryRows], rows: QuerySet[Any]) -> int:
    """INSERT … SELECT of rows whose columns are KEYS then MEASURES, in that order; returns the rows written."""
    select, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in (*KEYS, *MEASURES))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)
        written = cursor.rowcount
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses the new table's row counts and picks poor plans.
            cursor.execute(f"ANALYZE {table}")
    return written


def mark_stale() -> None:
    ArchiveSummaryState.objects.filter(stale=False).update(stale=True)


def _refresh_if_stale() -> None:
    if ArchiveSummaryState.objects.filter(stale=True).exists():
        refresh()


def summary_records(yearly: bool = False) -> ArchiveSummaryQuerySet | None:
    """The summary to read, or None when the records must be summed live (stale, never built, or holds).

    ``yearly``: the year rows (ArchiveYearSummary), for figures that need no month. One query: the state row
    and whether any dataset row carries a hold (a partial index answers it).
    """
    from flights.models import Flight

    held = Flight.objects.filter(_any_hold(), dataset__isnull=False)
    usable = ArchiveSummaryState.objects.filter(stale=False).filter(~models.Exists(held))
    if not usable.exists():
        return None
    return (ArchiveYearSummary if yearly else ArchiveSummary).objects.all()


def records_or_summary(public: QuerySet[Any], yearly: bool = False) -> QuerySet[Any]:
    """The summary when it may be read, else ``public`` (Flight.objects.public()): the same fields filter both."""
    found = summary_records(yearly)
    return found if found is not None else public


def is_summary(records: QuerySet[Any]) -> bool:
    """Whether records are summary rows (their counts summed), not the records themselves (counted)."""
    return issubclass(records.model, SummaryRows)


@receiver(pre_save, sender="flights.Flight", dispatch_uid="archive_summary_flight_saving")
def _flight_saving(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    # Whether the stored row belonged to a dataset: a newsroom flight that never did cannot touch the sums.
    if instance.pk is not None and not kwargs.get("raw"):
        found = sender._default_manager.filter(pk=instance.pk).values_list("dataset_id", flat=True).first()
        instance._archive_dataset_before = found


@receiver(post_save, sender="flights.Flight", dispatch_uid="archive_summary_flight_saved")
@receiver(post_delete, sender="flights.Flight", dispatch_uid="archive_summary_flight_deleted")
def _flight_changed(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures being loaded: run refresh_ice_air_summary after
    if instance.dataset_id is None and getattr(instance, "_archive_dataset_before", None) is None:
        return  # a newsroom flight, in no dataset before or after: the summary holds none of it
    # Marked in the writer's transaction, so no reader sees the new values with the old sums.
    mark_stale()
    # After commit, so the rebuild sees the change. Many saves in one transaction queue many callbacks: the
    # first rebuilds, the rest find the table current and cost one query each.
    transaction.on_commit(_refresh_if_stale)
