"""make backup / make restore: every record, claim, correction, revision and timestamp survives exactly, and media
(issue 13, item 13: a dumpdata/loaddata round trip cut datetimes to milliseconds and left out media)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles.models import Article, Correction
from flights.models import Claim, Flight, Source
from flights.services import record_claim
from tests.conftest import JUNE_2025, JUNE_2025_STORY

pytestmark = pytest.mark.django_db(transaction=True)

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64


def every_row() -> dict[str, list[str]]:
    """Every row of every table, as text, in a stable order: the whole database, compared exactly."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            snapshot[table] = sorted(repr(row) for row in cursor.fetchall())
    return snapshot


def media_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def newsroom_at_work(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    # A correction written by a record change the story shows (the oldest age), with its revision rows;
    # a microsecond-precise timestamp.
    flight = Flight.objects.get(slug=JUNE_2025)
    source = Source.objects.get(slug="ice-2025-06-09")
    record_claim(flight=flight, field="age_max", value="69", source=source, status=Claim.Status.ACCEPTED)
    flight.refresh_from_db()
    flight.held_until = datetime.datetime(2020, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC)
    flight.save()
    story = Article.objects.get(slug=JUNE_2025_STORY)
    story.lead_image.save("charter.png", ContentFile(PNG), save=False)
    story.lead_image_alt = "The charter on the apron"
    story.save()
    assert Correction.objects.filter(claim__isnull=False).exists()
    assert Flight.history.filter(slug=JUNE_2025).count() > 2
    return Path(settings.MEDIA_ROOT)


def test_backup_then_restore_brings_back_every_row_and_file_exactly(newsroom_at_work, tmp_path):
    media = newsroom_at_work
    before, files_before = every_row(), media_files(media)
    folder = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", "--to", str(folder), stdout=out)
    assert f"Backup written to {folder}" in out.getvalue()

    # A bad day: records deleted and changed, an image lost, a stray file added.
    Article.objects.filter(slug=JUNE_2025_STORY).update(headline="Vandalised")
    Correction.objects.all().delete()
    Claim.objects.filter(field="passengers_male").delete()
    Flight.history.all().delete()
    for path in media.rglob("*.png"):
        path.unlink()
    (media / "stray.txt").write_text("not in the backup")
    assert every_row() != before

    with pytest.raises(CommandError, match="add --yes"):
        call_command("restore", str(folder))
    call_command("restore", str(folder), "--yes", stdout=io.StringIO())
    after = every_row()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert media_files(media) == files_before
    held = Flight.objects.get(slug=JUNE_2025).held_until
    assert held == datetime.datetime(2020, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC)  # to the microsecond


def test_a_damaged_backup_is_refused_and_nothing_is_touched(newsroom_at_work, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", "--to", str(folder), stdout=io.StringIO())
    dump = next(folder.glob("database.*"))
    dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    before = every_row()
    with pytest.raises(CommandError, match="missing or damaged"):
        call_command("restore", str(folder), "--yes")
    assert every_row() == before
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "--to", str(folder))
