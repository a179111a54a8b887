"""The admin's "Import flights" page: upload, a background dry run, confirm, a background write, the report.

Every test runs the real worker (manage.py db_worker --batch) between the requests, as the deployed
worker would run beside the web server; transactional tests, since the worker commits its own work.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from flights.import_jobs import ImportJob
from flights.models import Airport, Flight
from tests.flights.import_support import LEGS_HEADER
from tests.worker import run_worker

pytestmark = [pytest.mark.django_db(transaction=True)]

IMPORT_URL = "/admin/flights/flight/import/"
GOOD = LEGS_HEADER + "0,2012-03-01,R,KHRL,MGGT,67\n1,2012-03-01,T,KIWA,KELP,9\n"


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "imports"


def upload(client, text: str, name: str = "legs.csv", format: str = "arts-legs", **fields):
    data = {"file": SimpleUploadedFile(name, text.encode("utf-8")), "format": format, **fields}
    return client.post(IMPORT_URL, data)


def job_page(client, response):
    """Follow an upload's redirect to its job page after the worker has run."""
    assert response.status_code == 302, response.content.decode()[:2000]
    run_worker()
    return client.get(response["Location"])


def files_in(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_flight_list_offers_the_import_page(admin_client):
    response = admin_client.get("/admin/flights/flight/")
    assert f'href="{IMPORT_URL}"' in response.content.decode()
    page = admin_client.get(IMPORT_URL)
    assert page.status_code == 200 and b"Check file (dry run)" in page.content


def test_upload_is_checked_in_the_background_then_confirm_imports(admin_client, uploads):
    response = upload(admin_client, GOOD)
    assert response.status_code == 302
    waiting = admin_client.get(response["Location"]).content.decode()
    assert "waiting to be checked" in waiting and "Waiting for the import worker" in waiting
    assert '<meta http-equiv="refresh" content="2">' in waiting  # the page follows the work without script

    report = job_page(admin_client, response)
    text = report.content.decode()
    assert "Dry run: 2 rows read from legs.csv (arts-legs)." in text
    assert "would be created:   2 rows (2 movements)" in text
    assert "Confirm import" in text and "http-equiv" not in text
    assert Flight.objects.count() == 0  # nothing written before the editor confirms
    assert files_in(uploads) != []  # the upload waits for the confirmation

    confirmed = admin_client.post(response["Location"], {"confirm": "1"})
    assert "waiting to be imported" in admin_client.get(confirmed["Location"]).content.decode()
    done = job_page(admin_client, confirmed).content.decode()
    assert "legs.csv (arts-legs): imported" in done
    assert "created:   2 rows (2 movements)" in done
    assert Flight.objects.count() == 2
    assert Flight.objects.get(slug="arts-2012-03-01-r-khrl-mggt").history.first().history_user.is_superuser
    assert files_in(uploads) == []  # nothing of the upload is left

    # The same confirmation cannot run twice.
    again = admin_client.post(response["Location"], {"confirm": "1"}, follow=True)
    assert "no longer waiting" in again.content.decode()
    run_worker()
    assert Flight.objects.count() == 2


def test_file_with_bad_rows_lists_the_problems_cannot_be_confirmed_and_is_removed(admin_client, uploads):
    bad = GOOD + "2,2012-02-30,R,KHRL,MSLP,12\n3,2012-03-01,T,KIWA,KELP,-4\n"
    text = job_page(admin_client, upload(admin_client, bad)).content.decode()
    assert "line 4: MissionDate: &#x27;2012-02-30&#x27; is not a date (YYYY-MM-DD)" in text
    assert "line 5: AlienMasterID: -4 is negative; a count cannot be" in text
    assert "Confirm import" not in text and "cannot be imported as it is" in text
    assert Flight.objects.count() == 0
    assert files_in(uploads) == []  # a file that cannot go ahead is not kept


def test_skip_invalid_imports_the_rest_and_offers_the_rejected_rows_as_a_download(admin_client):
    bad = GOOD + "2,2012-02-30,R,KHRL,MSLP,12\n3,2012-03-01,T,KIWA,KELP,=HYPERLINK(1)\n"
    response = upload(admin_client, bad, skip_invalid="on")
    assert "Confirm import" in job_page(admin_client, response).content.decode()
    done_page = job_page(admin_client, admin_client.post(response["Location"], {"confirm": "1"}))
    assert Flight.objects.count() == 2
    download = admin_client.get(done_page.context["rejects_url"])
    assert download.status_code == 200
    assert 'filename="legs-rejected.csv"' in download["Content-Disposition"]
    rejected = b"".join(download.streaming_content).decode()
    assert "2012-02-30" in rejected and "is not a date" in rejected
    # The attacker's cell comes back neutralised for spreadsheets (and still imports as it was).
    assert ",'=HYPERLINK(1)," in rejected


def test_an_uncheckable_file_fails_with_a_clear_message_and_leaves_nothing(admin_client, uploads):
    page = job_page(admin_client, upload(admin_client, "name,date\nx,2012-01-01\n")).content.decode()
    assert "legs.csv (arts-legs): failed" in page
    assert "legs.csv lacks the column(s) MissionDate, R-T, PULOC, DropLoc, AlienMasterID" in page
    assert Flight.objects.count() == 0
    assert files_in(uploads) == []


def test_cancel_discards_the_upload(admin_client, uploads):
    response = upload(admin_client, GOOD)
    run_worker()
    admin_client.post(response["Location"], {"cancel": "1"})
    run_worker()
    assert Flight.objects.count() == 0
    assert files_in(uploads) == []
    assert ImportJob.objects.get().state == ImportJob.State.CANCELLED


def test_an_airports_file_names_codes_the_package_lacks(admin_client):
    legs = LEGS_HEADER + "0,2015-05-01,R,KHRL,ZZQX,40\n"
    airports = "AirportCode,AirportName,Longitude,Latitude\nZZQX,Somewhere Strip,-90.52,14.58\n"
    data = {
        "file": SimpleUploadedFile("legs.csv", legs.encode()),
        "airports": SimpleUploadedFile("airports.csv", airports.encode()),
        "format": "arts-legs",
    }
    response = admin_client.post(IMPORT_URL, data)
    report = job_page(admin_client, response).content.decode()
    assert "ZZQX (dataset)" in report
    job_page(admin_client, admin_client.post(response["Location"], {"confirm": "1"}))
    airport = Airport.objects.get(icao="ZZQX")
    assert (airport.name, airport.known_from) == ("Somewhere Strip", "dataset")


def test_progress_is_shown_while_the_import_runs(admin_client):
    response = upload(admin_client, GOOD)
    job = ImportJob.objects.get()
    # The worker's progress as JobProgress writes it half-way through a large file.
    job.state = ImportJob.State.WRITING
    job.save()
    job.write_progress("writing", 20_000, 42_982)
    page = admin_client.get(response["Location"]).content.decode()
    assert "Writing: 20000 of 42982 flights." in page
    assert '<progress value="20000" max="42982">' in page


def test_the_worker_reports_progress_to_the_page(admin_client, uploads):
    response = upload(admin_client, GOOD)
    run_worker()
    job = ImportJob.objects.get()
    assert json.loads((job.path / "progress.json").read_text())["done"] == 2  # checked both rows
    assert job.state == ImportJob.State.CHECKED and response.status_code == 302


def test_another_editors_import_is_not_yours_to_see(admin_client, client):
    response = upload(admin_client, GOOD)
    other = User.objects.create_user("other", password="x", is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="add_flight"))
    client.force_login(other)
    assert client.get(response["Location"]).status_code == 403
    assert client.post(response["Location"], {"confirm": "1"}).status_code == 403


def test_staff_without_permission_to_add_or_change_flights_cannot_import(client):
    user = User.objects.create_user("reader", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_flight"))
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, GOOD).status_code == 403
    assert reverse("admin:flights_flight_import") == IMPORT_URL
