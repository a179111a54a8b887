"""JSON-LD (schema.org) for the public pages of the records: the site, breadcrumbs, the flight database as a Dataset,
flights, airports, countries, operators and sources. Each builder returns plain dicts; templates print them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse

from newsroom.seo import absolute

JsonLd = dict[str, Any]

SITE_DESCRIPTION = "Deportation flights, sourced record by record, and the stories that cite them."
# What the flight records hold, column by column: search engines list it as the dataset's variables.
FLIGHT_VARIABLES = (
    "departure date (a day, or a range when only the period is known)",
    "kind of flight",
    "origin and destination airport",
    "destination country",
    "operator",
    "passengers, men, women and juveniles (empty where no source states them)",
    "nationality of the people removed",
    "the source behind every value",
)


def organization(request: HttpRequest) -> JsonLd:
    return {
        "@type": "NewsMediaOrganization",
        "@id": absolute(request, "/#organization"),
        "name": settings.SITE_NAME,
        "url": absolute(request, "/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(request, static("img/icon-512.png")),
            "width": 512,
            "height": 512,
        },
        "correctionsPolicy": absolute(request, reverse("corrections")),
    }


def publisher_ref(request: HttpRequest) -> JsonLd:
    """The organization again, by reference and by name (Google reads the name, others follow the @id)."""
    return {"@type": "NewsMediaOrganization", "@id": absolute(request, "/#organization"), "name": settings.SITE_NAME}


def website(request: HttpRequest) -> JsonLd:
    return {
        "@type": "WebSite",
        "@id": absolute(request, "/#website"),
        "name": settings.SITE_NAME,
        "url": absolute(request, "/"),
        "description": SITE_DESCRIPTION,
        "publisher": publisher_ref(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": absolute(request, reverse("articles:list")) + "?q={q}"},
            "query-input": "required name=q",
        },
    }


def breadcrumbs(request: HttpRequest, trail: Sequence[tuple[str, str]]) -> JsonLd:
    """A BreadcrumbList from (name, path) pairs; the home page comes first without being named."""
    items = [("Home", "/"), *trail]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(request, path)}
            for i, (name, path) in enumerate(items, start=1)
        ],
    }


def download(request: HttpRequest, path: str, encoding: str, name: str) -> JsonLd:
    return {"@type": "DataDownload", "name": name, "encodingFormat": encoding, "contentUrl": absolute(request, path)}


def dataset(
    request: HttpRequest,
    *,
    name: str,
    description: str,
    path: str,
    downloads: Iterable[JsonLd] = (),
    years: Iterable[int] = (),
    variables: Iterable[str] = FLIGHT_VARIABLES,
    extra: JsonLd | None = None,
) -> JsonLd:
    """A Dataset: the flight database, the ICE Air methods page, or any page offering flight downloads."""
    data: JsonLd = {
        "@type": "Dataset",
        "@id": absolute(request, path) + "#dataset",
        "name": name,
        "description": description,
        "url": absolute(request, path),
        "creator": publisher_ref(request),
        "publisher": publisher_ref(request),
        "isAccessibleForFree": True,
        "keywords": ["deportation flights", "ICE Air", "removal flights", "immigration enforcement"],
        "variableMeasured": list(variables),
        "distribution": list(downloads),
    }
    spread = sorted(set(years))
    if spread:
        data["temporalCoverage"] = f"{spread[0]}-01-01/{spread[-1]}-12-31"
    data.update(extra or {})
    return data


def ice_air(request: HttpRequest) -> JsonLd:
    """The ICE Air (ARTS) extracts as the site serves them: passenger movements, with their aggregates."""
    query = "?record=movement&group=month"
    return dataset(
        request,
        name=f"{settings.SITE_NAME}: ICE Air (ARTS) passenger movements, 2010–2018",
        description=(
            "ICE's Alien Repatriation Tracking System records released under FOIA (extracts published by the "
            "University of Washington Center for Human Rights): the number of people moved on one date from one "
            "pickup airport to one drop-off airport, removals and transfers. A row is not a flight."
        ),
        path=reverse("ice-air-methods"),
        downloads=[
            download(
                request,
                reverse("flights:download_csv") + "?record=movement",
                "text/csv",
                "Every passenger movement (CSV)",
            ),
            download(request, reverse("flights:aggregates_csv") + query, "text/csv", "People per month (CSV)"),
            download(
                request, reverse("flights:aggregates_json") + query, "application/json", "People per month (JSON)"
            ),
        ],
        years=range(2010, 2019),
        extra={"isBasedOn": "https://github.com/UWCHR/ice-air", "license": "https://www.usa.gov/government-works"},
    )


def flight_database(request: HttpRequest, years: Iterable[int] = ()) -> JsonLd:
    return dataset(
        request,
        name=f"{settings.SITE_NAME}: deportation flight records",
        description=(
            "Removal charters and other deportation flights, one record per flight, with the departure date, "
            "airports, destination country, operator and passenger counts, and the source that states each value. "
            "Counts that no source states are empty, never zero."
        ),
        path=reverse("flights:list"),
        downloads=[
            download(request, reverse("flights:download_csv"), "text/csv", "Every flight record (CSV)"),
            download(request, reverse("flights:download_json"), "application/json", "Every flight record (JSON)"),
        ],
        years=years,
    )


def airport(request: HttpRequest, place: Any) -> JsonLd:
    data: JsonLd = {
        "@type": "Airport",
        "@id": absolute(request, place.get_absolute_url()) + "#airport",
        "name": place.name or place.icao,
        "icaoCode": place.icao,
        "url": absolute(request, place.get_absolute_url()),
    }
    if place.iata:
        data["iataCode"] = place.iata
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": place.latitude, "longitude": place.longitude}
    if place.country:
        data["address"] = {
            "@type": "PostalAddress",
            "addressCountry": str(place.country.code),
            **({"addressLocality": place.city} if place.city else {}),
            **({"addressRegion": place.region} if place.region else {}),
        }
    return data


def country(request: HttpRequest, code: str, name: str) -> JsonLd:
    return {
        "@type": "Country",
        "name": name,
        "identifier": code,
        "url": absolute(request, reverse("flights:country", kwargs={"code": code})),
    }


def operator(request: HttpRequest, airline: Any) -> JsonLd:
    data: JsonLd = {"@type": "Airline", "name": airline.name, "url": absolute(request, airline.get_absolute_url())}
    if airline.icao_code:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "ICAO airline code", "value": airline.icao_code}
    return data


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def flight(request: HttpRequest, record: Any) -> JsonLd:
    """A flight record as schema.org's Flight: its airports, operator and departure (a day, or the earliest)."""
    data: JsonLd = {
        "@type": "Flight",
        "@id": absolute(request, record.get_absolute_url()) + "#flight",
        "name": str(record),
        "url": absolute(request, record.get_absolute_url()),
        "departureTime": _iso(record.departed_earliest),
        "arrivalAirport": airport(request, record.destination)
        if record.destination_id
        else {"@type": "Place", "name": record.destination_country.name},
    }
    if record.origin_id:
        data["departureAirport"] = airport(request, record.origin)
    elif record.origin_description:
        data["departureAirport"] = {"@type": "Place", "name": record.origin_description}
    if record.operator_id:
        data["provider"] = operator(request, record.operator)
    if record.mission_number:
        data["flightNumber"] = record.mission_number
    if record.departed_latest != record.departed_earliest:
        data["description"] = f"Departed between {record.departed_display}."
    return data


SOURCE_TYPES = {
    "government_release": "NewsArticle",
    "news_report": "NewsArticle",
    "court_record": "DigitalDocument",
    "foia_data": "Dataset",
    "flight_tracking": "Dataset",
    "observer_log": "Report",
}


def source(request: HttpRequest, document: Any) -> JsonLd:
    data: JsonLd = {
        "@type": SOURCE_TYPES.get(document.kind, "CreativeWork"),
        "name": document.title,
        "headline": document.title[:110],
        "publisher": {"@type": "Organization", "name": document.publisher},
        "url": document.url or document.archive_url or absolute(request, document.get_absolute_url()),
    }
    if document.published_on:
        data["datePublished"] = document.published_on.isoformat()
    if data["@type"] != "NewsArticle":
        data.pop("headline")
    return data


def graph(*items: JsonLd | None) -> JsonLd:
    """Several items in one script block, with the one @context."""
    return {"@context": "https://schema.org", "@graph": [item for item in items if item]}
