"""The admin's "Import flights" page: upload, dry-run report, confirm; bad files explain themselves."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from flights.models import Flight
from tests.flights.import_support import LEGS_HEADER

pytestmark = [pytest.mark.django_db]

IMPORT_URL = "/admin/flights/flight/import/"
GOOD = LEGS_HEADER + "0,2012-03-01,R,KHRL,MGGT,67\n1,2012-03-01,T,KIWA,KELP,9\n"


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "imports"


def upload(client, text: str, **fields):
    data = {"file": SimpleUploadedFile("legs.csv", text.encode("utf-8")), "format": "arts-legs", **fields}
    return client.post(IMPORT_URL, data)


def test_flight_list_offers_the_import_page(admin_client):
    response = admin_client.get("/admin/flights/flight/")
    assert f'href="{IMPORT_URL}"' in response.content.decode()
    page = admin_client.get(IMPORT_URL)
    assert page.status_code == 200 and b"Check file (dry run)" in page.content


def test_upload_shows_the_dry_run_report_and_confirm_imports(admin_client, uploads):
    report = upload(admin_client, GOOD)
    assert report.status_code == 200
    text = report.content.decode()
    assert "Dry run: 2 rows read from legs.csv (arts-legs)." in text
    assert "would be created:   2 rows (2 movements)" in text
    assert "Confirm import" in text
    assert Flight.objects.count() == 0  # nothing written before the editor confirms
    assert len(list(uploads.iterdir())) == 1  # the upload waits for the confirmation

    done = admin_client.post(IMPORT_URL, {"token": report.context["token"], "confirm": "1"}, follow=True)
    assert done.redirect_chain[-1][0] == "/admin/flights/flight/"
    assert "created:   2 rows (2 movements)" in done.content.decode()
    assert Flight.objects.count() == 2
    assert Flight.objects.get(slug="arts-2012-03-01-r-khrl-mggt").history.first().history_user.is_superuser
    assert list(uploads.iterdir()) == []

    # The same confirmation cannot run twice.
    again = admin_client.post(IMPORT_URL, {"token": report.context["token"], "confirm": "1"}, follow=True)
    assert "no longer waiting" in again.content.decode()
    assert Flight.objects.count() == 2


def test_file_with_bad_rows_lists_the_problems_and_cannot_be_confirmed(admin_client):
    bad = GOOD + "2,2012-02-30,R,KHRL,MSLP,12\n3,2012-03-01,T,KIWA,KELP,-4\n"
    text = upload(admin_client, bad).content.decode()
    assert "line 4: MissionDate: &#x27;2012-02-30&#x27; is not a date (YYYY-MM-DD)" in text
    assert "line 5: AlienMasterID: -4 is negative; a count cannot be" in text
    assert "Confirm import" not in text and "cannot be imported as it is" in text
    assert Flight.objects.count() == 0

    skipping = upload(admin_client, bad, skip_invalid="on")
    assert "Confirm import" in skipping.content.decode()
    admin_client.post(IMPORT_URL, {"token": skipping.context["token"], "confirm": "1"})
    assert Flight.objects.count() == 2


def test_wrong_file_gives_a_clear_message_and_writes_nothing(admin_client, uploads):
    response = upload(admin_client, "name,date\nx,2012-01-01\n")
    text = response.content.decode()
    assert "legs.csv lacks the column(s) MissionDate, R-T, PULOC, DropLoc, AlienMasterID" in text
    assert Flight.objects.count() == 0
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_cancel_discards_the_upload(admin_client, uploads):
    report = upload(admin_client, GOOD)
    admin_client.post(IMPORT_URL, {"token": report.context["token"], "cancel": "1"})
    assert Flight.objects.count() == 0
    assert list(uploads.iterdir()) == []


def test_staff_without_permission_to_add_flights_cannot_import(client):
    user = User.objects.create_user("reader", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_flight"))
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
