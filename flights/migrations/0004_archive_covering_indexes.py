"""Covering indexes for the archive's aggregates on PostgreSQL (country, airport and dataset GROUP BYs).

Each holds every column a summary reads, so PostgreSQL answers from the index alone (an index-only scan)
instead of reading the wide flight rows: the country page reads ~8,000 index entries, not 8,000 rows.
SQLite has no INCLUDE; it keeps the plain indexes the model declares.
"""

from django.db import migrations

SUMMED = (
    "departed_latest, kind, dataset_id, nationality, passengers_total, passengers_juvenile, passengers_non_criminal"
)
INDEXES = {
    # Country pages and the countries index: one record type, one country, by date.
    "flight_archive_country_cov": (
        "record_type, destination_country, departed_earliest",
        f"origin_id, destination_id, {SUMMED}",
    ),
    # One dataset's dates (coverage), totals and groupings; the reference-dataset choice.
    "flight_archive_dataset_cov": (
        "dataset_id, departed_earliest",
        "departed_latest, record_type, destination_country, origin_id, destination_id, kind, nationality, "
        "passengers_total, passengers_juvenile, passengers_non_criminal",
    ),
    # Airport pages: people picked up at, and dropped off at, one airport.
    "flight_archive_origin_cov": ("origin_id, departed_earliest", f"record_type, destination_id, destination_country, {SUMMED}"),
    "flight_archive_destination_cov": (
        "destination_id, departed_earliest",
        f"record_type, origin_id, destination_country, {SUMMED}",
    ),
}


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (columns, include) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON flights_flight ({columns}) INCLUDE ({include})")


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("flights", "0003_label_arts_movements")]

    operations = [migrations.RunPython(create, drop)]
