"""Every write path, the same rules: imports check each model's add/change permission and every link's scheme.

Issue 13, items 1, 2 and 8: a staff user allowed only to add flights overwrote the June 2025 total
through the import page; the newsroom importer took `javascript:` links the admin form refuses; upload
size, JSON depth and huge headers were unbounded. Tested at the door each was found: the admin over HTTP
(with the real background worker) and the command.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Correction
from flights.exchange import write_newsroom_json
from flights.models import Claim, Flight, Source
from tests.conftest import JUNE_2025
from tests.flights.import_support import LEGS_HEADER, run_import
from tests.worker import run_worker

pytestmark = [pytest.mark.django_db(transaction=True)]

IMPORT_URL = "/admin/flights/flight/import/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def staff(username: str, *codenames: str, importer: bool = True) -> User:
    """A staff account with these model permissions; an importer also holds the import permission."""
    user = User.objects.create_user(username, password="a-long-test-password", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=[*codenames, *(["import_flights"] * importer)]))
    return user


def test_importing_needs_the_import_permission_in_the_admin_and_the_command(client, demo, tmp_path):
    # Every model permission, but not the data editor's import permission: refused both ways, nothing written.
    codenames = [f"{verb}_{model}" for verb in ("add", "change", "view") for model in ("flight", "claim", "source")]
    user = staff("no-importer", *codenames, importer=False)
    changed = june_2025_with_total(tmp_path, 777)
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    with pytest.raises(CommandError, match="--user no-importer: importing flight files needs the import permission"):
        run_import(str(changed), "--format", "newsroom-json", "--user", "no-importer")
    assert Flight.objects.get(slug=JUNE_2025).passengers_total == 122


def june_2025_with_total(tmp_path: Path, total: int, *, new_source: dict | None = None) -> Path:
    """The June 2025 flight as downloaded, edited the way the probe did: total and notes changed."""
    exported = tmp_path / "download.json"
    with exported.open("w", encoding="utf-8") as handle:
        write_newsroom_json(Flight.objects.filter(slug=JUNE_2025), handle)
    data = json.loads(exported.read_text())
    flight = data["flights"][0]
    flight["passengers_total"] = total
    flight["notes"] = "Overwritten by an import."
    for claim in flight["claims"]:
        if claim["field"] == "passengers_total" and claim["status"] == "accepted":
            claim["value"] = str(total)
    if new_source:
        flight["sources"].append(new_source)
        flight["claims"].append(
            {"field": "tail_number", "value": "N802TJ", "status": "unconfirmed", "source": new_source["slug"]}
        )
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data))
    return changed


def upload_and_check(client, path: Path, format: str = "newsroom-json"):
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(path.name, path.read_bytes()), "format": format})
    assert response.status_code == 302, response.content.decode()[:3000]
    run_worker()
    return response["Location"], client.get(response["Location"]).content.decode()


def test_a_user_who_may_only_add_flights_cannot_change_a_record_through_the_import_page(client, demo, tmp_path):
    client.force_login(staff("adder", "add_flight", "view_flight"))
    url, report = upload_and_check(client, june_2025_with_total(tmp_path, 999))
    assert "adder may not change flights (Can change flight)" in report
    assert f"change flight {JUNE_2025}" in report
    assert "Confirm import" not in report and "do not have the permissions this file needs" in report
    # Forcing the confirmation is refused too, and the worker writes nothing.
    client.post(url, {"confirm": "1"})
    run_worker()
    flight = Flight.objects.get(slug=JUNE_2025)
    assert (flight.passengers_total, flight.notes) == (122, Flight.objects.get(slug=JUNE_2025).notes)
    assert flight.passengers_total == 122 and "Overwritten" not in flight.notes
    assert not Correction.objects.filter(text__contains="999").exists()  # no public update note either


def test_each_model_the_file_writes_needs_its_own_permission(client, demo, tmp_path):
    new_source = {"slug": "tracker-2025", "title": "Tail seen", "publisher": "A tracker", "kind": "flight_tracking",
                  "tier": "secondary", "url": "https://tracker.example.org/x"}  # fmt: skip
    user = staff("changer", "view_flight", "change_flight", "add_claim", "change_claim")
    client.force_login(user)
    _, report = upload_and_check(client, june_2025_with_total(tmp_path, 130, new_source=new_source))
    assert "changer may not add sources (Can add source)" in report and "source tracker-2025" in report
    assert "may not change flights" not in report
    assert not Source.objects.filter(slug="tracker-2025").exists()
    assert Flight.objects.get(slug=JUNE_2025).passengers_total == 122

    user.user_permissions.add(Permission.objects.get(codename="add_source"))
    client.force_login(User.objects.get(pk=user.pk))
    url, report = upload_and_check(client, june_2025_with_total(tmp_path, 130, new_source=new_source))
    assert "Confirm import" in report
    client.post(url, {"confirm": "1"})
    run_worker()
    flight = Flight.objects.get(slug=JUNE_2025)
    assert flight.passengers_total == 130
    assert flight.history.first().history_user.username == "changer"


def test_the_command_checks_the_permissions_of_the_user_it_names(demo, tmp_path):
    staff("adder", "add_flight", "add_claim")
    changed = june_2025_with_total(tmp_path, 999)
    with pytest.raises(CommandError, match="adder may not change flights"):
        run_import(str(changed), "--format", "newsroom-json", "--user", "adder")
    with pytest.raises(CommandError, match="adder lacks permissions this file needs"):
        run_import(str(changed), "--format", "newsroom-json", "--user", "adder", "--dry-run")
    assert Flight.objects.get(slug=JUNE_2025).passengers_total == 122
    with pytest.raises(CommandError, match="--user nobody: no such user"):
        run_import(str(changed), "--format", "newsroom-json", "--user", "nobody")

    staff("editor2", "change_flight", "change_claim", "add_claim")
    run_import(str(changed), "--format", "newsroom-json", "--user", "editor2")
    flight = Flight.objects.get(slug=JUNE_2025)
    assert flight.passengers_total == 999 and flight.history.first().history_user.username == "editor2"


def test_creating_flights_needs_add_permissions_only(client, tmp_path):
    client.force_login(staff("adder", "add_flight", "add_claim", "add_source", "add_airport", "view_flight"))
    legs = tmp_path / "legs.csv"
    legs.write_text(LEGS_HEADER + "0,2012-03-01,R,KHRL,MGGT,67\n")
    url, report = upload_and_check(client, legs, "arts-legs")
    assert "Confirm import" in report
    client.post(url, {"confirm": "1"})
    run_worker()
    assert Flight.objects.filter(slug="arts-2012-03-01-r-khrl-mggt").exists()


# Links a reader could click: every spelling of a script scheme, and schemes that are not the web.
HOSTILE_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "\x01javascript:alert(1)",
    "javascript://example.org/%0aalert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "ftp://files.example.org/release.pdf",
    "//evil.example.org/x",
]


def newsroom_file_with_link(tmp_path: Path, link: str, key: str) -> Path:
    source = {"slug": "hostile", "title": "A page", "publisher": "Someone", "kind": "news_report",
              "tier": "secondary", "url": "https://example.org/ok", key: link}  # fmt: skip
    row = {
        "slug": "2024-01-05-test-flight",
        "kind": "removal",
        "departed_earliest": "2024-01-05",
        "destination_country": "GT",
        "claims": [
            {"field": "departed", "value": "2024-01-05", "status": "accepted", "source": "hostile"},
            {"field": "destination_country", "value": "GT", "status": "accepted", "source": "hostile"},
        ],
        "sources": [source],
    }
    path = tmp_path / "flights.json"
    path.write_text(json.dumps({"flights": [row]}))
    return path


@pytest.mark.parametrize("key", ["url", "archive_url"])
@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_the_importer_refuses_links_that_are_not_http_or_https(tmp_path, link, key):
    path = newsroom_file_with_link(tmp_path, link, key)
    out = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_flights", str(path), "--format", "newsroom-json", stdout=out, stderr=out)
    assert f"source hostile: {key} " in out.getvalue()
    assert "is not a web address starting with http:// or https://" in out.getvalue()
    assert not Source.objects.exists() and not Flight.objects.exists()


def test_the_import_page_refuses_a_javascript_link_as_the_admin_form_does(admin_client, tmp_path):
    _, report = upload_and_check(admin_client, newsroom_file_with_link(tmp_path, "JAVASCRIPT:alert(1)", "url"))
    assert "source hostile: url &#x27;JAVASCRIPT:alert(1)&#x27; is not a web address" in report
    assert "Confirm import" not in report
    form = admin_client.post(
        "/admin/flights/source/add/",
        {
            "slug": "s",
            "title": "t",
            "publisher": "p",
            "kind": "news_report",
            "tier": "primary",
            "url": "javascript:alert(1)",
        },
    )
    assert form.status_code == 200 and not Source.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_with_a_clear_message(admin_client, settings, tmp_path):
    settings.MAX_UPLOAD_BYTES = 4096
    big = LEGS_HEADER + "0,2012-03-01,R,KHRL,MGGT,67\n" * 400  # about 12 KB
    response = admin_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("big.csv", big.encode()), "format": "arts-legs"}
    )
    assert response.status_code == 200
    assert "big.csv is larger than the 4,096 bytes an upload may be" in response.content.decode()
    folder = Path(settings.MEDIA_ROOT) / "imports"
    assert not folder.exists() or not any(folder.iterdir())


def test_json_nested_too_deep_fails_with_a_clear_message(admin_client, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    _, page = upload_and_check(admin_client, deep)
    assert "deep.json nests lists or objects more than 16 levels deep" in page
    shallow_but_odd = tmp_path / "odd.json"
    nested: object = 1
    for _ in range(18):
        nested = [nested]
    shallow_but_odd.write_text(json.dumps({"flights": [{"a": nested}]}))
    with pytest.raises(CommandError, match=r"odd\.json nests lists or objects more than 16 levels deep"):
        run_import(str(shallow_but_odd), "--format", "newsroom-json")


def test_a_million_columns_make_a_short_message(admin_client, tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{n}" for n in range(1_000_000)) + "\n1\n")
    _, page = upload_and_check(admin_client, wide, "arts-legs")
    assert "wide.csv lacks the column(s) MissionDate" in page
    assert "and 999,980 more" in page
    assert len(page) < 60_000


def test_the_report_lists_the_first_20_problems_and_counts_the_rest(admin_client, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(LEGS_HEADER + "".join(f"{n},2012-02-30,R,KHRL,MGGT,{n}\n" for n in range(500)))
    _, page = upload_and_check(admin_client, bad, "arts-legs")
    assert page.count("is not a date (YYYY-MM-DD)") == 20
    assert "… and 480 more." in page and "500 problems" in page
    assert Claim.objects.count() == 0
