"""The records: airports, operators, sources, flights, their legs, and the claims behind every value."""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from flights.claim_fields import CLAIM_FIELD_CHOICES, CLAIM_FIELDS
from flights.constraint_messages import validate_in_words
from flights.formatting import country_name
from flights.holds import HeldRecord, released
from flights.validators import validate_web_url
from newsroom import freshness


class Airport(models.Model):
    class KnownFrom(models.TextChoices):
        AIRPORTSDATA = "airportsdata", "airportsdata package"
        DATASET = "dataset", "named in an imported dataset"
        PLACEHOLDER = "placeholder", "code only (placeholder)"

    icao = models.CharField("ICAO code", max_length=4, unique=True)
    iata = models.CharField("IATA code", max_length=3, blank=True)
    name = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    known_from = models.CharField(max_length=12, choices=KnownFrom.choices, default=KnownFrom.AIRPORTSDATA)

    class Meta:
        ordering = ["icao"]
        indexes = [
            # Editors' autocomplete looks airports up by IATA code as well as ICAO.
            models.Index(fields=["iata"], name="airport_iata_idx"),
        ]

    def __str__(self) -> str:
        if self.name:
            return f"{self.name} ({self.icao})"
        return self.icao

    def get_absolute_url(self) -> str:
        return reverse("flights:airport", kwargs={"icao": self.icao})

    @property
    def place(self) -> str:
        """City and region, as a reader would say it ("Dallas, TX")."""
        return ", ".join(part for part in (self.city, self.region) if part)


class Operator(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    icao_code = models.CharField("ICAO airline code", max_length=3, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("flights:operator", kwargs={"slug": self.slug})


class Source(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT_RELEASE = "government_release", "Government release"
        FOIA_DATA = "foia_data", "FOIA data"
        COURT_RECORD = "court_record", "Court record"
        NEWS_REPORT = "news_report", "News report"
        FLIGHT_TRACKING = "flight_tracking", "Flight tracking"
        OBSERVER_LOG = "observer_log", "Observer log"

    class Tier(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"

    slug = models.SlugField(max_length=120, unique=True, help_text="Stable key, e.g. ice-2025-06-09.")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    tier = models.CharField(max_length=10, choices=Tier.choices)
    # Links readers click: http and https only, the same rule every importer applies.
    url = models.URLField("URL", max_length=500, blank=True, validators=[validate_web_url])
    archive_url = models.URLField("archive URL", max_length=500, blank=True, validators=[validate_web_url])
    published_on = models.DateField(null=True, blank=True, help_text="Leave empty if the source gives no date.")
    retrieved_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="What the source says, in the editor's words.")

    # Who changed a source and how: shown when a stale save is refused, and on the source's history page.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("flights:source", kwargs={"slug": self.slug})

    @property
    def link(self) -> str:
        """Where a reader can read the source: the original, else an archive copy, else our source page."""
        return self.url or self.archive_url or self.get_absolute_url()


class FlightQuerySet(models.QuerySet["Flight"]):
    def update(self, **kwargs: Any) -> int:
        """An update sends no signal: it says what it changed, so no kept page or shell shows the old record."""
        rows = list(self.values_list("slug", "destination_country"))
        count = super().update(**kwargs)
        countries = {code for _, code in rows} | (
            {kwargs["destination_country"]} if "destination_country" in kwargs else set()
        )
        freshness.changed("flights", *(f"flight:{slug}" for slug, _ in rows), *(f"country:{c}" for c in countries if c))
        return count

    def public(self) -> FlightQuerySet:
        """The one gate for what readers may see: public pages, downloads, feeds and facets read through it.

        Held (embargoed) flights are left out until their hold is over (flights.holds).
        """
        return self.filter(released())

    def held(self) -> FlightQuerySet:
        """Flights readers cannot see yet (for editors' lists)."""
        return self.exclude(pk__in=self.model.objects.public().values("pk"))

    def flights(self) -> FlightQuerySet:
        """Records known to be one aircraft movement: the newsroom's flights and ARTS missions."""
        return self.filter(record_type=Flight.RecordType.FLIGHT)

    def movements(self) -> FlightQuerySet:
        """ARTS passenger movements: people moved on one date between one pickup and one drop-off airport."""
        return self.filter(record_type=Flight.RecordType.MOVEMENT)

    def removals(self) -> FlightQuerySet:
        """Flights that carried people out of the country, of any kind."""
        return self.filter(kind__in=Flight.REMOVAL_KINDS)

    def with_places(self) -> FlightQuerySet:
        return self.select_related("origin", "destination", "operator")


class Flight(HeldRecord):
    class Kind(models.TextChoices):
        REMOVAL = "removal", "Removal"
        CHARTER_REMOVAL = "charter_removal", "Charter removal"
        SPECIAL_HIGH_RISK_CHARTER = "shrc", "Special high risk charter"
        DOMESTIC_TRANSFER = "transfer", "Domestic transfer"
        RETURN = "return", "Return"

    class RecordType(models.TextChoices):
        # What one record is. A flight is one aircraft movement (a newsroom record, an ARTS mission);
        # a movement is a row of an ARTS extract: the people moved on one date, in one direction, from one
        # pickup to one drop-off airport. One aircraft mission yields several movements, so they are
        # never counted as flights.
        FLIGHT = "flight", "Flight"
        MOVEMENT = "movement", "Passenger movement"

    REMOVAL_KINDS = (Kind.REMOVAL, Kind.CHARTER_REMOVAL, Kind.SPECIAL_HIGH_RISK_CHARTER)

    slug = models.SlugField(max_length=120, unique=True, help_text="Stable key, e.g. 2025-06-03-dallas-prc-shrc.")
    record_type = models.CharField(
        "what the record is",
        max_length=8,
        choices=RecordType.choices,
        default=RecordType.FLIGHT,
        # Also the database's default, so raw bulk inserts that predate the column (seed_scale) stay valid.
        db_default=RecordType.FLIGHT,
        help_text="Flight: one aircraft movement. Passenger movement: an ARTS row (people moved between "
        "one pickup and one drop-off airport on one date), not a flight.",
    )
    dataset = models.ForeignKey(
        "Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dataset_records",
        help_text="The bulk dataset the record was imported from (every movement has one).",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.REMOVAL)
    # A flight known to the day has earliest == latest; one known only to "that weekend" stores the range.
    departed_earliest = models.DateField("departed (earliest)")
    departed_latest = models.DateField("departed (latest)")
    date_note = models.CharField(max_length=300, blank=True, help_text="Why the date is a range, if it is.")
    origin = models.ForeignKey(Airport, null=True, blank=True, on_delete=models.PROTECT, related_name="departures")
    origin_description = models.CharField(
        max_length=200, blank=True, help_text='Where it left from when no airport is named, e.g. "Dallas, TX".'
    )
    destination = models.ForeignKey(Airport, null=True, blank=True, on_delete=models.PROTECT, related_name="arrivals")
    destination_country = CountryField()
    operator = models.ForeignKey(Operator, null=True, blank=True, on_delete=models.PROTECT, related_name="flights")
    tail_number = models.CharField(max_length=12, blank=True)
    mission_number = models.CharField(max_length=32, blank=True)
    # NULL means no source states the count; it is never shown as 0.
    passengers_total = models.IntegerField("passengers", null=True, blank=True, validators=[MinValueValidator(0)])
    passengers_male = models.IntegerField("men", null=True, blank=True, validators=[MinValueValidator(0)])
    passengers_female = models.IntegerField("women", null=True, blank=True, validators=[MinValueValidator(0)])
    passengers_juvenile = models.IntegerField("juveniles", null=True, blank=True, validators=[MinValueValidator(0)])
    passengers_non_criminal = models.IntegerField(
        "non-criminal (ICE's classification)", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    mission_count = models.IntegerField(
        "aircraft missions (ARTS)", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    age_min = models.PositiveSmallIntegerField("youngest age", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("oldest age", null=True, blank=True)
    all_final_orders = models.BooleanField("all had final orders of removal", null=True, blank=True)
    first_since_year = models.PositiveSmallIntegerField(
        "first such flight since", null=True, blank=True, help_text="Year a source names as the last comparable flight."
    )
    nationality = CountryField("nationality of those removed", blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = FlightQuerySet.as_manager()

    class Meta:
        ordering = ["-departed_earliest", "slug"]
        permissions = [("import_flights", "Can import flight data files (admin import page)")]
        constraints = [
            models.CheckConstraint(
                condition=Q(departed_earliest__lte=F("departed_latest")),
                name="flight_earliest_not_after_latest",
            ),
            models.CheckConstraint(
                condition=Q(passengers_total__isnull=True) | Q(passengers_total__gte=0),
                name="flight_total_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(passengers_male__isnull=True) | Q(passengers_male__gte=0),
                name="flight_men_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(passengers_female__isnull=True) | Q(passengers_female__gte=0),
                name="flight_women_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(passengers_juvenile__isnull=True) | Q(passengers_juvenile__gte=0),
                name="flight_juveniles_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(passengers_total__isnull=True)
                | Q(passengers_male__isnull=True)
                | Q(passengers_female__isnull=True)
                | Q(passengers_total__gte=F("passengers_male") + F("passengers_female")),
                name="flight_men_and_women_within_total",
            ),
            models.CheckConstraint(
                condition=Q(passengers_total__isnull=True)
                | Q(passengers_juvenile__isnull=True)
                | Q(passengers_total__gte=F("passengers_juvenile")),
                name="flight_juveniles_within_total",
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_min__lte=F("age_max")),
                name="flight_youngest_not_older_than_oldest",
            ),
            models.CheckConstraint(
                condition=Q(passengers_total__isnull=True)
                | Q(passengers_non_criminal__isnull=True)
                | Q(passengers_total__gte=F("passengers_non_criminal")),
                name="flight_non_criminal_within_total",
            ),
            models.CheckConstraint(
                condition=Q(mission_count__isnull=True) | Q(mission_count__gte=0),
                name="flight_missions_not_negative",
            ),
            # A movement is a row of a dataset; its totals only mean something within that dataset.
            models.CheckConstraint(
                condition=~Q(record_type="movement") | Q(dataset__isnull=False),
                name="flight_movement_has_dataset",
            ),
        ]
        indexes = [
            # The flight database sorts and filters by date; the country page lists by country and date.
            models.Index(fields=["departed_earliest", "departed_latest"], name="flight_departed_idx"),
            models.Index(fields=["destination_country", "departed_earliest"], name="flight_country_date_idx"),
            # Country pages and the grouped views sum one record type (movements or flights) per country.
            models.Index(
                fields=["record_type", "destination_country", "departed_earliest"], name="flight_type_country_idx"
            ),
            # Every page cached until the next hold ends looks that time up: only held rows are indexed.
            models.Index(fields=["held_until"], name="flight_held_until_idx", condition=Q(held_until__isnull=False)),
            # "Does any dataset row carry a hold?" decides whether the archive summary may be read.
            models.Index(
                fields=["dataset"],
                name="flight_dataset_hold_idx",
                condition=Q(held_until__isnull=False) | Q(held_for_story=True),
            ),
        ]

    def __str__(self) -> str:
        if self.is_movement:
            return f"{self.departed_display} {self.movement_label.lower()}"
        return f"{self.departed_display} {self.get_kind_display().lower()} to {self.destination_country.name}"

    def get_absolute_url(self) -> str:
        return reverse("flights:detail", kwargs={"slug": self.slug})

    @property
    def is_movement(self) -> bool:
        return self.record_type == self.RecordType.MOVEMENT

    @property
    def is_staging(self) -> bool:
        """A removal movement that ends in the United States: people gathered for a later removal flight."""
        return self.kind in self.REMOVAL_KINDS and str(self.destination_country) == "US"

    @property
    def movement_label(self) -> str:
        """What a movement is, in words: never "a flight", never "a removal to the United States"."""
        if self.is_staging:
            return "Staging leg of removals (drop-off in the United States)"
        if self.kind == self.Kind.DOMESTIC_TRANSFER:
            return "Domestic transfer movement"
        return f"Removal movement to {country_name(self.destination_country.code)}"

    @property
    def heading(self) -> str:
        """The record's page title: what it is, where to, and when."""
        if self.is_movement:
            return f"{self.movement_label}, {self.departed_display}"
        if self.is_staging:
            return f"{self.get_kind_display()} flight ending in the United States, {self.departed_display}"
        return f"{self.get_kind_display()} to {self.destination_country.name}, {self.departed_display}"

    @property
    def departed_display(self) -> str:
        from flights.formatting import format_date_range

        return format_date_range(self.departed_earliest, self.departed_latest)

    @property
    def origin_display(self) -> str:
        if self.origin_id:
            return str(self.origin)
        return self.origin_description

    @property
    def year(self) -> int:
        return self.departed_earliest.year

    def is_public(self) -> bool:
        """Whether readers can see the flight now (one query)."""
        return Flight.objects.public().filter(pk=self.pk).exists()

    def validate_constraints(self, exclude: object = None) -> None:
        # Broken constraints read as sentences with the values at fault, not as constraint names.
        validate_in_words(self, exclude)


class FlightLeg(models.Model):
    flight = models.ForeignKey(Flight, on_delete=models.CASCADE, related_name="legs")
    sequence = models.PositiveSmallIntegerField(help_text="Order of the stop within the mission, from 1.")
    departed_on = models.DateField(null=True, blank=True)
    origin = models.ForeignKey(Airport, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(Airport, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    passengers_on = models.IntegerField(null=True, blank=True, validators=[MinValueValidator(0)])
    passengers_off = models.IntegerField(null=True, blank=True, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["flight", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["flight", "sequence"], name="leg_sequence_unique_per_flight"),
            models.CheckConstraint(
                condition=Q(passengers_on__isnull=True) | Q(passengers_on__gte=0), name="leg_on_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(passengers_off__isnull=True) | Q(passengers_off__gte=0), name="leg_off_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Leg {self.sequence}: {self.origin or '?'} → {self.destination or '?'}"

    def get_absolute_url(self) -> str:
        return f"{self.flight.get_absolute_url()}#leg-{self.sequence}"

    def validate_constraints(self, exclude: object = None) -> None:
        # Broken constraints read as sentences with the values at fault, not as constraint names.
        validate_in_words(self, exclude)


class ClaimQuerySet(models.QuerySet["Claim"]):
    def public(self) -> ClaimQuerySet:
        """The one gate for claims readers may see: the claim's own hold is over, and its flight's too."""
        now = timezone.now()
        return self.filter(released(flight_ref="flight_id", now=now)).filter(
            released(prefix="flight__", flight_ref="flight_id", now=now)
        )

    def accepted(self) -> ClaimQuerySet:
        return self.filter(status=Claim.Status.ACCEPTED)

    def contested(self) -> ClaimQuerySet:
        """Claims a reader should see as "other reports say": disputed or unconfirmed."""
        return self.filter(status__in=[Claim.Status.DISPUTED, Claim.Status.UNCONFIRMED])


class Claim(HeldRecord):
    """Source S says field F of flight X is V. The flight's own field holds the accepted value.

    A held claim is hidden from readers and cannot be accepted while its flight is public: accepting it
    would change the value readers see before the story it was prepared for (docs/security.md, Holds).
    """

    class Status(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DISPUTED = "disputed", "Disputed"
        UNCONFIRMED = "unconfirmed", "Unconfirmed"
        SUPERSEDED = "superseded", "Superseded"

    flight = models.ForeignKey(Flight, on_delete=models.CASCADE, related_name="claims")
    field = models.CharField(max_length=32, choices=CLAIM_FIELD_CHOICES)
    value = models.CharField(max_length=200, help_text="As the source states it, in the field's canonical form.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    note = models.TextField("editor's note", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["flight", "field", "status", "source__tier", "pk"]
        constraints = [
            # A source states one value for one field of one flight; a re-import finds it again.
            models.UniqueConstraint(fields=["flight", "field", "source"], name="claim_one_per_source_and_field"),
        ]
        indexes = [
            # "Flights with unresolved conflicts" looks up disputed claims by status.
            models.Index(fields=["status", "flight"], name="claim_status_flight_idx"),
            # The next hold release (page cache lifetimes) reads only held claims.
            models.Index(fields=["held_until"], name="claim_held_until_idx", condition=Q(held_until__isnull=False)),
            # The sources index counts the claims still held (flights.holds.public_claims_per_source).
            models.Index(
                fields=["source"],
                name="claim_source_hold_idx",
                condition=Q(held_until__isnull=False) | Q(held_for_story=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.publisher} says {self.field} of {self.flight.slug} is {self.value}"

    def get_absolute_url(self) -> str:
        return f"{self.flight.get_absolute_url()}#{self.field}"

    def own_hold_active(self) -> bool:
        """Whether the claim's own hold still keeps it from readers (its flight's hold aside; one query)."""
        if not self.has_hold:
            return False
        if self.pk is None:
            return bool(self.held_for_story or (self.held_until and self.held_until > timezone.now()))
        return not Claim.objects.filter(pk=self.pk).filter(released(flight_ref="flight_id")).exists()

    @property
    def field_label(self) -> str:
        spec = CLAIM_FIELDS.get(self.field)
        return spec.label if spec else self.field

    @property
    def value_display(self) -> str:
        spec = CLAIM_FIELDS.get(self.field)
        if spec is None:
            return self.value
        try:
            return spec.display(spec.parse(self.value))
        except ValueError:
            return self.value

    def validate_constraints(self, exclude: object = None) -> None:
        # Broken constraints read as sentences with the values at fault, not as constraint names.
        validate_in_words(self, exclude)


# Background imports (the admin's "Import flights" page) keep their state in the database too.
# The archive pages' pre-summed table, rebuilt by imports and kept from going stale by its signal handlers.
from flights.archive_summary import ArchiveSummary, ArchiveSummaryState, ArchiveYearSummary  # noqa: E402, F401
from flights.import_jobs import ImportJob  # noqa: E402, F401
