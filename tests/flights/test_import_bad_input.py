"""Bad input at every entry point of the import: a clear message naming what is wrong, nothing written."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from flights.importers import ImportFailure, import_flights
from flights.models import Airport, Claim, Flight, Source
from tests.flights.import_support import LEGS_HEADER, run_import, write

REPO = Path(__file__).resolve().parents[2]

BAD_ROWS = (
    LEGS_HEADER
    + "0,2012-03-01,R,KHRL,MGGT,67\n"
    + "1,2012-02-30,R,KHRL,MSLP,12\n"  # no 30 February
    + "2,2012-03-01,T,KIWA,KELP,-4\n"  # negative count
    + "3,2012-03-01,Ineligible,MSLP,KSAT,1\n"
    + "4,2012-03-02,R,KHRL,MGGT,fifty\n"
    + "5,2012-03-03,R,KHRL,XX,5\n"
    + "6,2012-03-04,R,KHRL,MGGT,7\n"
)


def nothing_written() -> bool:
    return not (
        Flight.objects.exists() or Claim.objects.exists() or Source.objects.exists() or Airport.objects.exists()
    )


@pytest.mark.django_db
def test_invalid_rows_stop_the_whole_import_and_each_problem_is_listed(tmp_path):
    path = write(tmp_path / "legs.csv", BAD_ROWS)
    with pytest.raises(CommandError) as failure:
        run_import(str(path), "--format", "arts-legs")
    assert "5 of 7 rows" in str(failure.value) and "nothing was imported" in str(failure.value)
    assert nothing_written()
    summary = import_flights(path=path, format="arts-legs")
    assert not summary.written
    assert [str(problem) for problem in summary.problems] == [
        "line 3: MissionDate: '2012-02-30' is not a date (YYYY-MM-DD)",
        "line 4: AlienMasterID: -4 is negative; a count cannot be",
        "line 5: R-T: unknown direction code 'Ineligible'; expected R (removal) or T (transfer)",
        "line 6: AlienMasterID: 'fifty' is not a whole number",
        "line 7: DropLoc: 'XX' is not a four-character ICAO airport code",
    ]
    assert nothing_written()


@pytest.mark.django_db
def test_skip_invalid_imports_the_good_rows_and_writes_the_rest_to_the_rejects_file(tmp_path):
    path = write(tmp_path / "legs.csv", BAD_ROWS)
    rejects = tmp_path / "rejects.csv"
    output = run_import(str(path), "--format", "arts-legs", "--skip-invalid", "--rejects", str(rejects))
    assert "7 rows read" in output and "created:   2 rows" in output and "rejected:  5 rows" in output
    assert Flight.objects.count() == 2
    with rejects.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row[""] for row in rows] == ["1", "2", "3", "4", "5"]
    assert list(rows[0]) == ["", "MissionDate", "R-T", "PULOC", "DropLoc", "AlienMasterID", "reason"]
    assert rows[1]["reason"] == "AlienMasterID: -4 is negative; a count cannot be"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        (
            "arts-legs",
            LEGS_HEADER + "0,2012-03-01,R,KHRL,MGGT,9223372036854775808\n1,2012-03-01,R,KHRL,MSLP,3000000000\n",
        ),
        ("arts-missions", ",MissionDate,MissionID,PULOC,DropLoc,AlienMasterID\n0,2012-03-01,7,KHRL,MGGT,1e20\n"),
    ],
)
def test_a_count_past_what_a_record_holds_is_refused_in_words(tmp_path, fmt, text):
    """A typo'd or corrupt count (twenty digits, or past PostgreSQL's integer) is a row problem like 'fifty', on
    SQLite and PostgreSQL alike: it had reached the database, a traceback on SQLite."""
    path = write(tmp_path / "counts.csv", text)
    with pytest.raises(CommandError) as failure:
        run_import(str(path), "--format", fmt)
    assert "nothing was imported" in str(failure.value)
    problems = [str(problem) for problem in import_flights(path=path, format=fmt).problems]
    assert problems and all("is more than a record can hold (2,147,483,647)" in p for p in problems), problems
    assert nothing_written()
    # With --skip-invalid the rows are rejected, with the reason, and nothing else fails.
    output = run_import(str(path), "--format", fmt, "--skip-invalid")
    assert "created:   0 rows" in output
    assert not Flight.objects.exists()


@pytest.mark.django_db
def test_dry_run_reports_what_would_happen_and_writes_nothing(tmp_path):
    path = write(tmp_path / "legs.csv", LEGS_HEADER + "0,2012-03-01,R,KHRL,MGGT,67\n1,2012-03-01,R,KIWA,MMQQ,3\n")
    output = run_import(str(path), "--format", "arts-legs", "--dry-run")
    assert "Dry run" in output and "would be created:   2 rows (2 movements)" in output
    assert "MMQQ (placeholder)" in output
    assert nothing_written()
    bad = write(tmp_path / "bad.csv", BAD_ROWS)
    with pytest.raises(CommandError, match="5 rows have problems; the import would write nothing"):
        run_import(str(bad), "--format", "arts-legs", "--dry-run")
    summary = import_flights(path=bad, format="arts-legs", dry_run=True)
    # Every row read is accounted for: 2 would be created, 5 are rejected.
    assert (summary.created_rows, summary.rejected_rows, summary.rows_read) == (2, 5, 7) and summary.accounted
    assert nothing_written()


@pytest.mark.django_db
def test_unknown_airport_is_created_as_a_placeholder_not_an_error(tmp_path):
    path = write(tmp_path / "legs.csv", LEGS_HEADER + "0,2012-03-01,T,KIWA,KQQQ,3\n")
    output = run_import(str(path), "--format", "arts-legs")
    assert "KQQQ (placeholder)" in output
    airport = Airport.objects.get(icao="KQQQ")
    assert airport.known_from == Airport.KnownFrom.PLACEHOLDER and airport.name == ""
    # A K-code is allotted to the United States; the rule is documented in flights/importers/places.py.
    assert Flight.objects.get().destination_country == "US"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (",MissionDate,PULOC,DropLoc,AlienMasterID\n0,2012-03-01,KHRL,MGGT,67\n", "lacks the column(s) R-T"),
        ("", "is empty"),
        ('{"flights": []}', "lacks the column(s) MissionDate, R-T, PULOC, DropLoc, AlienMasterID"),
    ],
)
def test_wrong_columns_name_what_is_missing(tmp_path, content, expected):
    path = write(tmp_path / "legs.csv", content)
    with pytest.raises(CommandError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        run_import(str(path), "--format", "arts-legs")
    assert nothing_written()


@pytest.mark.django_db
def test_missing_file_unknown_format_and_bad_encoding_give_clear_messages(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(str(tmp_path / "absent.csv"), "--format", "arts-legs")
    with pytest.raises(CommandError, match="invalid choice: 'excel'"):
        run_import(str(tmp_path / "absent.csv"), "--format", "excel")
    with pytest.raises(ImportFailure, match="unknown format 'excel'; use one of: arts-legs"):
        import_flights(path=tmp_path / "absent.csv", format="excel")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes((LEGS_HEADER + "0,2012-03-01,R,KHRL,MGGT,67 pasajeros señalados\n").encode("latin-1"))
    with pytest.raises(CommandError, match=r"latin1.csv is not UTF-8 text \(line 2: byte 0xf1"):
        run_import(str(latin1), "--format", "arts-legs")
    garbage = write(tmp_path / "flights.json", '{"flights": [')
    with pytest.raises(CommandError, match=r"flights\.json is not valid JSON"):
        run_import(str(garbage), "--format", "newsroom-json")
    not_flights = write(tmp_path / "other.json", '{"airports": []}')
    with pytest.raises(CommandError, match="is JSON but not flight data"):
        run_import(str(not_flights), "--format", "newsroom-json")
    with pytest.raises(CommandError, match="--rejects needs --skip-invalid"):
        run_import(str(latin1), "--format", "arts-legs", "--rejects", str(tmp_path / "r.csv"))
    assert nothing_written()


def test_the_command_exits_1_with_a_message_and_no_traceback(tmp_path):
    env = {**os.environ, "DJANGO_SECRET_KEY": "tests", "DJANGO_DEBUG": "0", "DATABASE_URL": "sqlite:///:memory:"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_flights", str(tmp_path / "absent.csv"), "--format", "arts-legs"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "absent.csv: no such file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_a_wrong_airports_file_is_named_in_the_message(tmp_path):
    legs = write(tmp_path / "legs.csv", LEGS_HEADER + "0,2012-03-01,R,KHRL,MGGT,67\n")
    with pytest.raises(CommandError, match="no such file"):
        run_import(str(legs), "--format", "arts-legs", "--airports", str(tmp_path / "airports.csv"))
    wrong = write(tmp_path / "airports.csv", "code,name\nKHRL,Valley\n")
    with pytest.raises(CommandError, match=r"--airports airports\.csv lacks the column"):
        run_import(str(legs), "--format", "arts-legs", "--airports", str(wrong))
    assert nothing_written()
