"""The records: airports, operators, sources, flights, their legs, and the claims behind every value."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from flights.claim_fields import CLAIM_FIELD_CHOICES, CLAIM_FIELDS


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
    url = models.URLField("URL", max_length=500, blank=True)
    archive_url = models.URLField("archive URL", max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True, help_text="Leave empty if the source gives no date.")
    retrieved_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="What the source says, in the editor's words.")

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
    def public(self) -> FlightQuerySet:
        """The one gate for what readers may see: public pages, downloads, feeds and facets read through it.

        Every record is public for now; held (embargoed) records will be filtered out here.
        """
        return self.all()

    def removals(self) -> FlightQuerySet:
        """Flights that carried people out of the country, of any kind."""
        return self.filter(kind__in=Flight.REMOVAL_KINDS)

    def with_places(self) -> FlightQuerySet:
        return self.select_related("origin", "destination", "operator")


class Flight(models.Model):
    class Kind(models.TextChoices):
        REMOVAL = "removal", "Removal"
        CHARTER_REMOVAL = "charter_removal", "Charter removal"
        SPECIAL_HIGH_RISK_CHARTER = "shrc", "Special high risk charter"
        DOMESTIC_TRANSFER = "transfer", "Domestic transfer"
        RETURN = "return", "Return"

    REMOVAL_KINDS = (Kind.REMOVAL, Kind.CHARTER_REMOVAL, Kind.SPECIAL_HIGH_RISK_CHARTER)

    slug = models.SlugField(max_length=120, unique=True, help_text="Stable key, e.g. 2025-06-03-dallas-prc-shrc.")
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
        ]
        indexes = [
            # The flight database sorts and filters by date; the country page lists by country and date.
            models.Index(fields=["departed_earliest", "departed_latest"], name="flight_departed_idx"),
            models.Index(fields=["destination_country", "departed_earliest"], name="flight_country_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.departed_display} {self.get_kind_display().lower()} to {self.destination_country.name}"

    def get_absolute_url(self) -> str:
        return reverse("flights:detail", kwargs={"slug": self.slug})

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


class ClaimQuerySet(models.QuerySet["Claim"]):
    def public(self) -> ClaimQuerySet:
        """The one gate for claims readers may see (see FlightQuerySet.public)."""
        return self.all()

    def accepted(self) -> ClaimQuerySet:
        return self.filter(status=Claim.Status.ACCEPTED)

    def contested(self) -> ClaimQuerySet:
        """Claims a reader should see as "other reports say": disputed or unconfirmed."""
        return self.filter(status__in=[Claim.Status.DISPUTED, Claim.Status.UNCONFIRMED])


class Claim(models.Model):
    """Source S says field F of flight X is V. The flight's own field holds the accepted value."""

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
        ]

    def __str__(self) -> str:
        return f"{self.source.publisher} says {self.field} of {self.flight.slug} is {self.value}"

    def get_absolute_url(self) -> str:
        return f"{self.flight.get_absolute_url()}#{self.field}"

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
