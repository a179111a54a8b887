"""Which airports an import needs, which it must create, and the country each one is in."""

from __future__ import annotations

import csv
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from flights.airports import package_airports
from flights.icao_prefixes import country_from_prefix
from flights.importers.base import ImportFailure, not_utf8, open_text
from flights.models import Airport


@lru_cache(maxsize=1)
def _iata_countries() -> dict[str, str]:
    by_iata: dict[str, set[str]] = {}
    for row in package_airports().values():
        if row["iata"] and len(row["country"] or "") == 2:
            by_iata.setdefault(row["iata"], set()).add(row["country"])
    return {iata: next(iter(found)) for iata, found in by_iata.items() if len(found) == 1}


def _nearest_country(latitude: float, longitude: float, within_km: float = 60) -> str:
    """Country of the package airport nearest to a point, if one lies within ``within_km``."""
    best, best_km = "", within_km
    scale = math.cos(math.radians(latitude))
    for row in package_airports().values():
        if len(row["country"] or "") != 2:
            continue
        # An equirectangular distance is exact enough at tens of kilometres.
        km = 111.2 * math.hypot(row["lat"] - latitude, (row["lon"] - longitude) * scale)
        if km < best_km:
            best, best_km = row["country"], km
    return best


def country_for_unknown_code(
    code: str, latitude: float | None = None, longitude: float | None = None, *, named: bool = False
) -> str:
    """The country of an airport code the airportsdata package lacks, or "" when no rule can tell."""
    return place_unknown_code(code, latitude, longitude, named=named)[0]


def place_unknown_code(
    code: str, latitude: float | None = None, longitude: float | None = None, *, named: bool = False
) -> tuple[str, str]:
    """(country, how it was placed) for an airport code the airportsdata package lacks; ("", "") if no rule can.

    Rule 1: with coordinates (an airports file gives them), the country of the package airport within
    60 km (HSSS, named "Khartoum International Airport", lies by HSSK, Sudan).
    Rule 2: ARTS writes some foreign airports as "K" + IATA code (KKBL is Kabul: IATA KBL, ICAO OAKB),
    so a K-code an airports file names (``named``) whose last three letters are a package IATA code
    takes that airport's country. Only for named codes: most three-letter strings are some airport's
    IATA code, so applied to any unknown K-code it would send small US airfields abroad.
    Rule 3: ICAO's nationality prefix (flights/icao_prefixes.py: MHSC → Honduras, HSSS → Sudan,
    UTTT → Uzbekistan, another K-code → United States).
    """
    code = code.upper()
    if latitude is not None and longitude is not None:
        country = _nearest_country(latitude, longitude)
        if country:
            return country, "by the coordinates the airports file gives"
    if named and code.startswith("K") and code[1:] in _iata_countries():
        return _iata_countries()[code[1:]], f"as K + IATA code {code[1:]}"
    country, prefix = country_from_prefix(code)
    if country:
        return country, f"by ICAO prefix {prefix}"
    return "", ""


def read_airports_file(path: Path) -> dict[str, dict[str, Any]]:
    """What an airports file (UWCHR's: AirportCode, AirportName, Longitude, Latitude) says of each code."""
    with open_text(path) as handle:
        try:
            return _read_airports(path, csv.DictReader(handle))
        except UnicodeDecodeError:
            raise not_utf8(path) from None
        except csv.Error as exc:
            raise ImportFailure(f"--airports {path.name}: not valid CSV ({exc})") from None


def _read_airports(path: Path, reader: csv.DictReader) -> dict[str, dict[str, Any]]:
    needed = {"AirportCode", "AirportName"}
    if not needed <= set(reader.fieldnames or []):
        raise ImportFailure(
            f"--airports {path.name} lacks the column(s) {', '.join(sorted(needed - set(reader.fieldnames or [])))}; "
            "expected AirportCode, AirportName, Longitude, Latitude"
        )
    known: dict[str, dict[str, Any]] = {}
    for row in reader:
        code = (row.get("AirportCode") or "").strip().upper()
        if len(code) != 4:
            continue
        info: dict[str, Any] = {"name": (row.get("AirportName") or "").strip()[:200]}
        for key, column in (("latitude", "Latitude"), ("longitude", "Longitude")):
            try:
                info[key] = float(row.get(column) or "")
            except ValueError:
                info[key] = None  # the file leaves some coordinates blank (KKBL)
        known[code] = info
    return known


class AirportBook:
    """Countries of airport codes as the database, the package, an airports file or the code rule give them.

    Built once per import so validating 43,000 rows asks the database one question, not one per row.
    """

    def __init__(self, known: dict[str, dict[str, Any]] | None = None) -> None:
        self.known = known or {}
        self.in_database: dict[str, str] = dict(Airport.objects.values_list("icao", "country"))
        self._inferred: dict[str, str] = {}
        # Codes the package lacks, placed by a rule: code -> "Sudan, by ICAO prefix HS" (for the summary).
        self.placed: dict[str, str] = {}

    def country(self, code: str) -> str:
        stored = self.in_database.get(code)
        if stored:
            return stored
        row = package_airports().get(code)
        if row and len(row["country"] or "") == 2:
            return row["country"]
        info = self.known.get(code, {})
        if info.get("country"):
            return info["country"]
        if code not in self._inferred:
            country, how = place_unknown_code(
                code, info.get("latitude"), info.get("longitude"), named=code in self.known
            )
            self._inferred[code] = country
            if country:
                self.placed[code] = f"{_country_name(country)}, {how}"
        return self._inferred[code]

    def to_create(self, codes: set[str]) -> dict[str, str]:
        """Codes missing from the database, each with how it will be known (ensure_airports' order)."""
        missing: dict[str, str] = {}
        for code in sorted(codes - self.in_database.keys()):
            if code in package_airports():
                missing[code] = Airport.KnownFrom.AIRPORTSDATA.value
            elif code in self.known:
                missing[code] = Airport.KnownFrom.DATASET.value
            else:
                missing[code] = Airport.KnownFrom.PLACEHOLDER.value
        return missing


def _country_name(code: str) -> str:
    from django_countries import countries

    return str(dict(countries).get(code, code))
