"""CSV cells a spreadsheet would evaluate are neutralised with a leading ' (OWASP), and a download imports back
unchanged (issue 13, item 5: 11 cells of /flights/flights.csv started with =, +, - or @)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from flights.csv_safety import FORMULA_TRIGGERS, neutralise, restore
from flights.models import Claim, Flight, Operator, Source
from flights.services import record_claim
from tests.flights.import_support import run_import

# One value per text column of the download, each opening with a character spreadsheets act on.
HOSTILE = {
    "slug": "-2024-01-05-test-charter",
    "date_note": "=1+2",
    "origin_description": "+SUM(A1:A9)",
    "notes": "@cmd|' /C calc'!A0",
    "operator": '=HYPERLINK("https://evil.example.org","Click")',
    "tail_number": "-N802TJ",
    "mission_number": "\t=A1",
}


def hostile_flight() -> Flight:
    source = Source.objects.create(
        slug="ice-x", title="A release", publisher="ICE", kind="government_release", tier="primary",
        url="https://www.ice.gov/x",
    )  # fmt: skip
    Operator.objects.create(name=HOSTILE["operator"], slug="evil")
    flight = Flight.objects.create(
        slug=HOSTILE["slug"],
        departed_earliest=datetime.date(2024, 1, 5),
        departed_latest=datetime.date(2024, 1, 6),
        destination_country="GT",
        date_note=HOSTILE["date_note"],
        origin_description=HOSTILE["origin_description"],
        notes=HOSTILE["notes"],
    )
    for field, value in [
        ("departed", "2024-01-05/2024-01-06"),
        ("destination_country", "GT"),
        ("operator", HOSTILE["operator"]),
        ("tail_number", HOSTILE["tail_number"]),
        ("mission_number", HOSTILE["mission_number"]),
    ]:
        record_claim(flight=flight, field=field, value=value, source=source, status=Claim.Status.ACCEPTED)
    return flight


def download(client) -> list[dict[str, str]]:
    response = client.get("/flights/flights.csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db
@pytest.mark.parametrize("column", sorted(HOSTILE))
def test_every_text_column_of_the_download_is_neutralised(client, column):
    hostile_flight()
    row = download(client)[0]
    value = HOSTILE[column].strip() if column in {"tail_number", "mission_number"} else HOSTILE[column]
    assert row[column] == "'" + value
    assert not any(cell[:1] in FORMULA_TRIGGERS for cell in row.values() if cell), row


@pytest.mark.django_db
def test_no_cell_of_a_download_opens_with_a_formula_character(client, demo):
    hostile_flight()
    for row in download(client):
        for column, cell in row.items():
            assert cell[:1] not in FORMULA_TRIGGERS, (column, cell)


@pytest.mark.django_db
def test_a_neutralised_download_imports_back_unchanged(client, tmp_path):
    flight = hostile_flight()
    before = Flight.objects.values().get(pk=flight.pk)
    claims = sorted(Claim.objects.values_list("field", "value", "status"))
    path = tmp_path / "flights.csv"
    path.write_bytes(b"".join(client.get("/flights/flights.csv").streaming_content))
    Claim.objects.all().delete()
    Flight.objects.all().delete()

    output = run_import(str(path), "--format", "newsroom-csv")
    assert "created:   1 rows (1 flights)" in output
    after = Flight.objects.values().get(slug=HOSTILE["slug"])
    for key in ("slug", "date_note", "origin_description", "notes", "tail_number", "mission_number", "operator_id"):
        assert after[key] == before[key], key
    assert sorted(Claim.objects.values_list("field", "value", "status")) == claims
    # And importing it again finds nothing to change: the quotes did not leak into the values.
    assert "unchanged: 1 rows" in run_import(str(path), "--format", "newsroom-csv")


@pytest.mark.parametrize(
    "value",
    ["=1", "+1", "-1", "@x", "\tx", "\rx", "'=1", "''+1", "'", "''", "plain", "", "a=1", "'quoted'", "'-"],
)
def test_the_rule_is_reversible_for_any_value(value):
    written = neutralise(value)
    assert restore(written) == value
    assert written[:1] not in FORMULA_TRIGGERS
