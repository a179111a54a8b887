"""Options of import_flights an editor uses day to day: naming the source, progress, dry runs of updates."""

from __future__ import annotations

import pytest

from flights.models import Claim, Flight, Source
from tests.flights.import_support import LEGS_HEADER, run_import, write

ROWS = LEGS_HEADER + "0,2012-03-01,R,KHRL,MGGT,67\n1,2012-03-01,T,KIWA,KELP,9\n"


@pytest.mark.django_db
def test_source_option_names_the_source_the_claims_come_from(tmp_path):
    path = write(tmp_path / "legs.csv", ROWS)
    output = run_import(str(path), "--format", "arts-legs", "--source", "ice-foia-2019-release")
    assert "Source ice-foia-2019-release: new, created." in output
    source = Source.objects.get()
    assert source.slug == "ice-foia-2019-release" and source.kind == Source.Kind.FOIA_DATA
    assert set(Claim.objects.values_list("source__slug", flat=True)) == {"ice-foia-2019-release"}


@pytest.mark.django_db
def test_progress_is_plain_lines_when_output_is_not_a_terminal(tmp_path):
    output = run_import(str(write(tmp_path / "legs.csv", ROWS)), "--format", "arts-legs")
    assert "writing: 2 of 2 flights" in output
    assert "\r" not in output  # no progress bar redrawing itself in a log file


@pytest.mark.django_db
def test_dry_run_of_a_corrected_file_reports_the_update_and_changes_nothing(tmp_path):
    run_import(str(write(tmp_path / "legs.csv", ROWS)), "--format", "arts-legs")
    corrected = write(tmp_path / "v2.csv", ROWS.replace(",67", ",70"))
    output = run_import(str(corrected), "--format", "arts-legs", "--dry-run")
    assert "would be updated:   1 rows (1 movements)" in output and "unchanged: 1 rows" in output
    assert Flight.objects.get(slug="arts-2012-03-01-r-khrl-mggt").passengers_total == 67
