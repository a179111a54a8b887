"""The flight fields a source can state, and how each claim value is parsed, stored and shown."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django_countries import countries

from flights.formatting import ap_number, format_date_range

# The largest count a record holds: PostgreSQL's integer, the type of every count column.
BIGGEST_COUNT = 2**31 - 1


def check_count(number: int) -> int:
    """A count as parsed, if a record can hold it; the reason in words if not."""
    if number < 0:
        raise ValueError(f"{number} is negative; a count cannot be")
    if number > BIGGEST_COUNT:
        raise ValueError(f"{number:,} is more than a record can hold ({BIGGEST_COUNT:,})")
    return number


def _parse_count(text: str) -> int:
    try:
        number = int(text.strip())
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a whole number") from exc
    return check_count(number)


def _parse_year(text: str) -> int:
    year = _parse_count(text)
    if not 1900 <= year <= 2100:
        raise ValueError(f"{year} is not a plausible year")
    return year


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"true", "yes", "1"}:
        return True
    if lowered in {"false", "no", "0"}:
        return False
    raise ValueError(f"{text!r} is not yes or no")


def _parse_departed(text: str) -> tuple[datetime.date, datetime.date]:
    """A day ("2025-06-03") or an ISO interval ("2024-06-29/2024-06-30")."""
    first, _, last = text.strip().partition("/")
    try:
        earliest = datetime.date.fromisoformat(first)
        latest = datetime.date.fromisoformat(last) if last else earliest
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD) or range (YYYY-MM-DD/YYYY-MM-DD)") from exc
    if latest < earliest:
        raise ValueError(f"{text!r} ends before it starts")
    return earliest, latest


def _serialize_departed(value: tuple[datetime.date, datetime.date]) -> str:
    earliest, latest = value
    return earliest.isoformat() if earliest == latest else f"{earliest.isoformat()}/{latest.isoformat()}"


def _parse_country(text: str) -> str:
    code = text.strip().upper()
    if code not in dict(countries):
        raise ValueError(f"{text!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def _parse_icao(text: str) -> str:
    code = text.strip().upper()
    if not (len(code) == 4 and code.isalnum()):
        raise ValueError(f"{text!r} is not a four-character ICAO airport code")
    return code


def _parse_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("the value is empty")
    return cleaned


@dataclass(frozen=True)
class ClaimField:
    """One field of a flight that a source can state."""

    name: str
    label: str
    parse: Callable[[str], Any]
    display: Callable[[Any], str]
    serialize: Callable[[Any], str] = str
    # Attributes of Flight this field sets; "departed" sets two.
    attributes: tuple[str, ...] = ()
    is_count: bool = False

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # Its parsers are lambdas, which cannot be pickled; a cached footnote keeps the field by name.
        return (claim_field_named, (self.name,))

    def canonical(self, text: str) -> str:
        """The one spelling of a value, so that equal claims compare equal."""
        return self.serialize(self.parse(text))

    def read(self, flight: Any) -> Any:
        """The flight's stored value for this field, in parsed form (None when not recorded)."""
        if self.name == "departed":
            return (flight.departed_earliest, flight.departed_latest)
        if self.name in {"origin", "destination"}:
            airport = getattr(flight, self.name)
            return airport.icao if airport else None
        if self.name == "operator":
            return flight.operator.name if flight.operator_id else None
        value = getattr(flight, self.attributes[0])
        if value == "" or value is None:
            return None
        return str(value) if self.name in {"destination_country", "nationality"} else value

    def stored_text(self, flight: Any) -> str | None:
        value = self.read(flight)
        return None if value is None else self.serialize(value)


def _count(name: str, label: str) -> ClaimField:
    return ClaimField(name, label, _parse_count, ap_number, attributes=(name,), is_count=True)


def _country_name(code: str) -> str:
    return str(dict(countries).get(code, code))


CLAIM_FIELDS: dict[str, ClaimField] = {
    spec.name: spec
    for spec in [
        ClaimField(
            "departed",
            "departure date",
            _parse_departed,
            lambda value: format_date_range(*value),
            _serialize_departed,
            attributes=("departed_earliest", "departed_latest"),
        ),
        _count("passengers_total", "passengers"),
        _count("passengers_male", "men"),
        _count("passengers_female", "women"),
        _count("passengers_juvenile", "juveniles"),
        _count("passengers_non_criminal", "non-criminal (ICE's classification)"),
        _count("mission_count", "aircraft missions (ARTS)"),
        ClaimField("age_min", "youngest age", _parse_count, str, attributes=("age_min",)),
        ClaimField("age_max", "oldest age", _parse_count, str, attributes=("age_max",)),
        ClaimField(
            "all_final_orders",
            "all had final orders of removal",
            _parse_bool,
            lambda value: "yes" if value else "no",
            lambda value: "true" if value else "false",
            attributes=("all_final_orders",),
        ),
        ClaimField("first_since_year", "first such flight since", _parse_year, str, attributes=("first_since_year",)),
        ClaimField("origin", "origin airport", _parse_icao, str, attributes=("origin",)),
        ClaimField("destination", "destination airport", _parse_icao, str, attributes=("destination",)),
        ClaimField(
            "destination_country",
            "destination country",
            _parse_country,
            _country_name,
            attributes=("destination_country",),
        ),
        ClaimField("nationality", "nationality", _parse_country, _country_name, attributes=("nationality",)),
        ClaimField("operator", "operator", _parse_text, str, attributes=("operator",)),
        ClaimField("tail_number", "tail number", _parse_text, str, attributes=("tail_number",)),
        ClaimField("mission_number", "mission number", _parse_text, str, attributes=("mission_number",)),
    ]
}

CLAIM_FIELD_CHOICES = [(spec.name, spec.label) for spec in CLAIM_FIELDS.values()]


def claim_field_named(name: str) -> ClaimField:
    """The field of that name (how a pickled ClaimField is read back)."""
    return CLAIM_FIELDS[name]
