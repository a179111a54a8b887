"""Admin for the records: editors keep flights, their legs and the claims behind every value."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from flights.admin_changes import (
    ClaimInlineFormSet,
    ConfirmValueChangesAdminMixin,
    acceptance_error,
    hold_error,
    wants_acceptance,
)
from flights.admin_filters import UnresolvedConflictFilter
from flights.admin_import import FlightImportAdminMixin
from flights.archive_summary import ArchiveSummary, ArchiveSummaryState, ArchiveYearSummary
from flights.claim_fields import CLAIM_FIELDS
from flights.import_jobs import ImportJob
from flights.models import Airport, Claim, Flight, FlightLeg, Operator, Source
from flights.services import ClaimError, accept_claim, claims_by_field
from flights.unsourced import unsourced_labels
from newsroom.admin_locks import EditLockAdminMixin
from newsroom.admin_versions import VersionCheckAdminMixin
from newsroom.admin_widgets import RecordAutocompleteMixin
from newsroom.ids import written_record, year
from newsroom.revisions_admin import HistoryCompareMixin, HistoryIdsMixin


@admin.register(Airport)
class AirportAdmin(admin.ModelAdmin):
    list_display = ["icao", "iata", "name", "city", "country", "known_from"]
    list_filter = ["known_from", "country"]
    search_fields = ["icao", "iata", "name", "city"]
    list_select_related = True
    ordering = ["icao"]


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ["name", "icao_code"]
    list_filter: list[str] = []
    search_fields = ["name", "icao_code"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = True


@admin.register(Source)
class SourceAdmin(HistoryIdsMixin, VersionCheckAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "publisher", "kind", "tier", "published_on"]
    list_filter = ["kind", "tier"]
    search_fields = ["title", "publisher", "slug", "url"]
    list_select_related = True
    date_hierarchy = "published_on"


class DepartureYearFilter(admin.SimpleListFilter):
    """Flights by the year they departed (the earliest possible date, for ranges)."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        years = Flight.objects.dates("departed_earliest", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Flight]) -> QuerySet[Flight]:
        value = self.value()
        if chosen := year(value):
            return queryset.filter(departed_earliest__year=chosen)
        return queryset


class HeldFilter(admin.SimpleListFilter):
    """Flights readers cannot see yet (an embargo not over) or can."""

    title = "embargo"
    parameter_name = "held"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "held from readers"), ("no", "public")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Flight]) -> QuerySet[Flight]:
        if self.value() == "yes":
            return queryset.exclude(pk__in=Flight.objects.public().values("pk"))
        if self.value() == "no":
            return queryset.filter(pk__in=Flight.objects.public().values("pk"))
        return queryset


class FlightLegInline(RecordAutocompleteMixin, admin.TabularInline):
    model = FlightLeg
    extra = 0
    autocomplete_fields = ["origin", "destination"]


class ClaimForm(forms.ModelForm):
    # On the claim's own page the form checks that accepting it fits the flight; the flight page's
    # inline formset checks its claims together (ClaimInlineFormSet), in the order they are saved.
    checks_acceptance = True

    class Meta:
        model = Claim
        fields = ["field", "value", "source", "status", "note", "held_until", "held_for_story"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        spec = CLAIM_FIELDS.get(cleaned.get("field", ""))
        if spec and cleaned.get("value"):
            try:
                cleaned["value"] = spec.canonical(cleaned["value"])
            except ValueError as exc:
                self.add_error("value", f"{spec.label}: {exc}")
        flight = cleaned.get("flight") or (self.instance.flight if self.instance.flight_id else None)
        if (
            self.checks_acceptance
            and spec
            and flight
            and not self.errors
            and wants_acceptance(self.instance.pk, cleaned)
        ):
            problem = hold_error(self.instance, flight, cleaned) or acceptance_error(copy.copy(flight), cleaned)
            if problem:
                self.add_error(None, problem)
        return cleaned


class ClaimInlineForm(ClaimForm):
    checks_acceptance = False


class ClaimInline(RecordAutocompleteMixin, admin.TabularInline):
    """Every claim of the flight; accepting one here sets the flight's value from it on save."""

    model = Claim
    form = ClaimInlineForm
    formset = ClaimInlineFormSet
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["field", "value", "source", "status", "note", "held_until", "held_for_story"]


class FlightForm(forms.ModelForm):
    class Meta:
        model = Flight
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        """A value backed by accepted claims changes only by accepting a claim that states the new value."""
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        accepted = Claim.objects.accepted().filter(flight=self.instance).select_related("source")
        for claim in accepted:
            spec = CLAIM_FIELDS[claim.field]
            for attribute in spec.attributes:
                if attribute in self.changed_data and attribute in cleaned:
                    self.add_error(
                        attribute,
                        f"{spec.label} is backed by an accepted claim ({claim.source.publisher} says "
                        f"{claim.value_display}). Add a claim with the new value and accept it instead.",
                    )
        return cleaned


@admin.register(Flight)
class FlightAdmin(
    RecordAutocompleteMixin,
    HistoryCompareMixin,
    ConfirmValueChangesAdminMixin,
    VersionCheckAdminMixin,
    EditLockAdminMixin,
    FlightImportAdminMixin,
    SimpleHistoryAdmin,
):
    form = FlightForm
    text_fields = ("notes", "date_note")
    list_display = [
        "slug",
        "departed_display",
        "kind",
        "origin_display",
        "destination",
        "destination_country",
        "passengers_total",
        "operator",
    ]
    list_filter = [
        "record_type",
        "kind",
        "destination_country",
        DepartureYearFilter,
        UnresolvedConflictFilter,
        HeldFilter,
        "operator",
    ]
    search_fields = ["slug", "tail_number", "mission_number"]
    list_select_related = ["origin", "destination", "operator"]
    autocomplete_fields = ["origin", "destination", "operator", "dataset"]
    date_hierarchy = "departed_earliest"
    inlines = [ClaimInline, FlightLegInline]
    save_on_top = True
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "slug",
                    ("record_type", "kind"),
                    "dataset",
                    ("departed_earliest", "departed_latest"),
                    "date_note",
                ]
            },
        ),
        ("Route", {"fields": ["origin", "origin_description", "destination", "destination_country", "nationality"]}),
        ("Aircraft", {"fields": ["operator", "tail_number", "mission_number"]}),
        (
            "People aboard",
            {
                "description": "Leave a count empty when no source states it; empty is shown as "
                "“not reported”, never as 0.",
                "fields": [
                    ("passengers_total", "passengers_male", "passengers_female", "passengers_juvenile"),
                    ("passengers_non_criminal", "mission_count"),
                    ("age_min", "age_max"),
                    "all_final_orders",
                    "first_since_year",
                ],
            },
        ),
        ("Notes", {"fields": ["notes"]}),
        (
            "Embargo",
            {
                "description": "A held flight, with its claims and legs, appears nowhere public (pages, downloads, "
                "feeds, sitemap, facets, derived facts, stories' fact boxes) until the hold is over.",
                "fields": ["held_until", "held_for_story"],
            },
        ),
    ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        # Imports write many records at once: a role of their own (data editors), not just "can add a flight".
        if not request.user.has_perm("flights.import_flights"):
            raise PermissionDenied("Importing flight files needs the import permission (the data editor role).")
        return super().import_view(request)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra = {"can_import": request.user.has_perm("flights.import_flights"), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Every claim per field with source and tier, shown under the form (templates/admin/flights/flight/).
        flight = written_record(Flight.objects.all(), object_id)
        extra = {"field_claims": claims_by_field(flight) if flight else [], **(extra_context or {})}
        extra["unsourced_values"] = unsourced_labels(flight) if flight else []
        return super().change_view(request, object_id, form_url, extra)

    @admin.display(description="departed", ordering="departed_earliest")
    def departed_display(self, flight: Flight) -> str:
        return flight.departed_display

    @admin.display(description="origin", ordering="origin__icao")
    def origin_display(self, flight: Flight) -> str:
        return flight.origin_display

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Claims marked accepted go through accept_claim, so the flight and the other claims follow."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            if isinstance(instance, Claim):
                save_claim(request, instance)
            else:
                instance.save()
        formset.save_m2m()


def save_claim(request: HttpRequest, claim: Claim) -> None:
    """Save a claim an editor wrote; one marked accepted is accepted through the service, or the editor is told why not.

    Saving it as accepted directly would let the flight's value and its accepted claims disagree.
    """
    wants_accepted = claim.status == Claim.Status.ACCEPTED
    previously = Claim.objects.filter(pk=claim.pk).values_list("status", "value").first()
    if wants_accepted and previously != (Claim.Status.ACCEPTED, claim.value):
        claim.status = Claim.Status.UNCONFIRMED if previously is None else previously[0]
        if claim.status == Claim.Status.ACCEPTED:
            claim.status = Claim.Status.UNCONFIRMED  # its value changed: unaccepted until the service accepts it
        try:
            # One savepoint: a claim that cannot be accepted keeps its previous value and status.
            with transaction.atomic():
                claim.save()
                accept_claim(claim=claim)
        except ClaimError as exc:
            messages.error(request, f"The claim was not changed: {exc}")
    else:
        claim.save()


@admin.register(FlightLeg)
class FlightLegAdmin(RecordAutocompleteMixin, admin.ModelAdmin):
    list_display = ["flight", "sequence", "origin", "destination", "passengers_on", "passengers_off"]
    list_filter = ["flight__kind"]
    search_fields = ["flight__slug", "origin__icao", "destination__icao"]
    list_select_related = ["flight", "origin", "destination"]
    autocomplete_fields = ["flight", "origin", "destination"]


@admin.register(Claim)
class ClaimAdmin(
    RecordAutocompleteMixin,
    HistoryCompareMixin,
    ConfirmValueChangesAdminMixin,
    VersionCheckAdminMixin,
    SimpleHistoryAdmin,
):
    form = ClaimForm
    text_fields = ("note",)
    fields = ["flight", "field", "value", "source", "status", "note", "held_until", "held_for_story"]
    list_display = ["flight", "field", "value", "source", "source_tier", "status"]
    list_filter = ["status", "field", "source__tier", "source__kind"]
    search_fields = ["flight__slug", "value", "source__title", "source__publisher"]
    list_select_related = ["flight", "source"]
    autocomplete_fields = ["flight", "source"]
    actions = ["accept_selected"]

    def save_model(self, request: HttpRequest, claim: Claim, form: Any, change: bool) -> None:
        save_claim(request, claim)

    @admin.display(description="tier", ordering="source__tier")
    def source_tier(self, claim: Claim) -> str:
        return claim.source.get_tier_display()

    @admin.action(description="Accept selected claims (sets each flight's value)")
    def accept_selected(self, request: HttpRequest, queryset: QuerySet[Claim]) -> HttpResponse | None:
        # Stories that will get an update note are shown for confirmation first.
        return self.confirming_value_changes(request, lambda: self._accept_each(request, queryset))

    def _accept_each(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        accepted = 0
        for claim in queryset.select_related("flight"):
            try:
                accept_claim(claim=claim)
                accepted += 1
            except ClaimError as exc:
                self.message_user(request, f"{claim.flight.slug}: {exc}", level=messages.ERROR)
        if accepted:
            self.message_user(request, f"Accepted {accepted} claim(s).", level=messages.SUCCESS)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Who imported which file, when, and how it went; the import itself runs from Flights → Import flights."""

    list_display = ["file_name", "format", "user", "state", "created_at"]
    list_filter = ["state", "format"]
    search_fields = ["file_name", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["file_name", "format", "source", "skip_invalid", "user", "state", "message", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the site computes: editors may look, never write (a hand-edited sum would mislead readers)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ArchiveSummary)
class ArchiveSummaryAdmin(ReadOnlyAdmin):
    """The archive pages' pre-summed rows (flights/archive_summary.py); rebuilt by imports and saves."""

    list_display = ["month", "dataset", "record_type", "kind", "destination_country", "origin", "destination"]
    list_filter = ["record_type", "kind", "dataset"]
    list_select_related = ["dataset", "origin", "destination"]


@admin.register(ArchiveYearSummary)
class ArchiveYearSummaryAdmin(ArchiveSummaryAdmin):
    """The same rows summed per year (the month column holds January 1), rebuilt with them."""


@admin.register(ArchiveSummaryState)
class ArchiveSummaryStateAdmin(ReadOnlyAdmin):
    list_display = ["built_at", "stale"]
