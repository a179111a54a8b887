"""`make load`: 50 readers and 5 editors for 60 s against gunicorn and PostgreSQL, then the figures.

Prepares the database nr_security_load (migrated, demo and synthetic records, five editor accounts),
starts gunicorn on 127.0.0.1:8151 and the import worker, runs locust headless, and reports the number of
5xx answers, the p99 of each kind of page, and lost updates: editors' acknowledged saves whose token is
no longer in the record's notes (a refused save, told to the editor, is not lost).
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nr_security_load")
PORT = int(os.environ.get("LOAD_PORT", "8151"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
PASSWORD = "load-" + secrets.token_urlsafe(12)
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
    "DATABASE_URL": DATABASE,
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_PLAIN_STATIC": "1",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
}


def manage(*args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def create_database() -> None:
    import psycopg

    name = DATABASE.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def prepare(urls_path: Path) -> None:
    create_database()
    manage("migrate", "--noinput", "-v0")
    manage("load_demo")
    script = f"""
from django.contrib.auth.models import User
from articles.models import Article
from flights.models import Flight
import json, collections
if Flight.objects.count() < 1000:
    from django.core.management import call_command
    call_command("seed_scale", "--articles", "2000", "--flights", "3000")
for n in range(1, 6):
    user, _ = User.objects.get_or_create(
        username=f"load-editor-{{n}}", defaults={{"is_staff": True, "is_superuser": True}}
    )
    user.set_password({PASSWORD!r}); user.save()
flights = list(Flight.objects.public().values_list("slug", flat=True)[:500])
by_country = collections.Counter(Flight.objects.values_list("destination_country", flat=True))
countries = [c for c, _ in by_country.most_common(8)]
with_claims = Flight.objects.filter(claims__isnull=False).distinct().order_by("pk")
editor_flights = list(with_claims.values_list("pk", flat=True)[:3])
for flight in Flight.objects.filter(pk__in=editor_flights):
    flight.notes = ""
    flight.save()
json.dump({{
    "articles": list(Article.objects.published().values_list("slug", flat=True)[:500]),
    "flights": flights,
    "countries": countries,
    "words": ["charter", "removal", "China", "Guatemala", "flight", "deportation", "ICE", "Honduras"],
    "editor_flights": editor_flights,
}}, open({str(urls_path)!r}, "w"))
"""
    manage("shell", "-c", script)


def wait_for(url: str) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer")


def lost_updates(results: dict) -> tuple[int, int]:
    script = f"""
import json
from flights.models import Flight
acknowledged = json.loads({json.dumps(json.dumps(results["acknowledged"]))})
notes = dict(Flight.objects.filter(pk__in={{a["flight"] for a in acknowledged}}).values_list("pk", "notes"))
print(sum(1 for a in acknowledged if a["token"] not in notes[a["flight"]]))
"""
    lost = int(manage("shell", "-v", "0", "-c", script).strip().splitlines()[-1])
    return lost, len(results["acknowledged"])


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="load-"))
    urls = work / "urls.json"
    print(f"Preparing {DATABASE} …", flush=True)
    prepare(urls)
    env = {**ENV, "LOAD_URLS": str(urls), "LOAD_RESULTS": str(work / "results.json"), "LOAD_EDITOR_PASSWORD": PASSWORD}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "3"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(work / "gunicorn.log", "w"),
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    try:
        wait_for(f"http://127.0.0.1:{PORT}/robots.txt")
        print(f"Running 50 readers and 5 editors for {SECONDS} s against gunicorn on port {PORT} …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "scripts" / "locustfile.py"), "--headless",
             "-u", "55", "-r", "55", "-t", f"{SECONDS}s", "--host", f"http://127.0.0.1:{PORT}",
             "--csv", str(work / "stats"), "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=30)
    results = json.loads((work / "results.json").read_text())
    lost, acknowledged = lost_updates(results)
    print(f"\n{'page':<22} {'requests':>9} {'failures':>9} {'median ms':>10} {'p99 ms':>8}")
    with (work / "stats_stats.csv").open() as handle:
        for row in csv.DictReader(handle):
            print(
                f"{row['Name']:<22} {row['Request Count']:>9} {row['Failure Count']:>9} "
                f"{row['Median Response Time']:>10} {row['99%']:>8}"
            )
    print(f"\n5xx answers: {sum(results['server_errors'].values())} {results['server_errors'] or ''}")
    print(f"Editors' saves: {acknowledged} acknowledged, {len(results['refused'])} refused with a message")
    print(f"Lost updates (acknowledged, then gone): {lost}")
    print(f"(details in {work})")


if __name__ == "__main__":
    main()
