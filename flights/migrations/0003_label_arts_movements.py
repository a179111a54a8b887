"""Existing ARTS imports become what they are: legs-file rows are passenger movements, missions are flights.

Rows the legs importer wrote (slug arts-YYYY-MM-DD-r|t-PULOC-DROPLOC) become movements of the dataset whose
claims they carry; missions (arts-mission-…) stay flights and gain their dataset. Nothing else changes: the
flights, their claims, legs, history and the stories citing them stay as they were.
"""

from django.db import migrations

LEGS_SLUG = r"^arts-[0-9]{4}-[0-9]{2}-[0-9]{2}-[rt]-"
MISSION_SLUG = r"^arts-mission-"


def _label(apps, slug_pattern: str, field: str, record_type: str) -> None:
    Flight = apps.get_model("flights", "Flight")
    Claim = apps.get_model("flights", "Claim")
    records = Flight.objects.filter(slug__regex=slug_pattern)
    sources = (
        Claim.objects.filter(flight__in=records, field=field).values_list("source_id", flat=True).distinct().order_by()
    )
    for source_id in list(sources):
        stated = Claim.objects.filter(flight__in=records, field=field, source_id=source_id).values("flight_id")
        Flight.objects.filter(pk__in=stated, dataset__isnull=True).update(record_type=record_type, dataset_id=source_id)


def label_movements(apps, schema_editor) -> None:
    _label(apps, LEGS_SLUG, "departed", "movement")
    _label(apps, MISSION_SLUG, "mission_number", "flight")


def unlabel(apps, schema_editor) -> None:
    Flight = apps.get_model("flights", "Flight")
    Flight.objects.filter(slug__regex=r"^arts-").update(record_type="flight", dataset=None)


class Migration(migrations.Migration):
    dependencies = [("flights", "0002_record_type_dataset_movements")]

    operations = [migrations.RunPython(label_movements, unlabel)]
