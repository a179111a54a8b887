"""The largest import as the admin page runs it, checked then written by the background worker
(manage.py db_worker --batch) on a fresh PostgreSQL database; wall time and peak RSS of each step.

The file is the ICE Air legs file twice over (the copy's dates ten years on, so every row is a new
flight): 85,964 rows, more than the 70,000-row file that timed out inside a web request.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import AIRPORTS, LEGS, run

DATABASE = "nr_security_import"
URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"

ENQUEUE = """
import shutil, secrets
from django.contrib.auth.models import User
from flights.import_jobs import ImportJob
from flights.tasks import run_import
user, _ = User.objects.get_or_create(username="bench", defaults={{"is_staff": True, "is_superuser": True}})
job = ImportJob.objects.filter(user=user).first()
if job is None:
    job = ImportJob(user=user, folder=secrets.token_urlsafe(8), file_name="{legs}", airports_name="airports.csv",
                    format="arts-legs", skip_invalid=True)
    job.path.mkdir(parents=True)
    shutil.copy("{legs_path}", job.upload_path)
    shutil.copy("{airports_path}", job.airports_path)
    job.save()
    run_import.enqueue(job.pk, False)
else:
    job.state = ImportJob.State.WRITE_QUEUED
    job.save()
    run_import.enqueue(job.pk, True)
"""
REPORT = """
from flights.import_jobs import ImportJob
job = ImportJob.objects.get()
print(job.state, "|", " / ".join(line.strip() for line in job.report.get("lines", [])[:5]), "|", job.message)
"""


def doubled_legs(folder: Path) -> Path:
    lines = LEGS.read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    later = []
    for row in rows:
        cells = row.split(",")
        cells[1] = str(int(cells[1][:4]) + 10) + cells[1][4:]  # MissionDate, ten years on
        later.append(",".join(cells))
    path = folder / "legs-twice.csv"
    path.write_text(header + "".join(rows) + "".join(later), encoding="utf-8")
    return path


def main() -> None:
    media = Path(os.environ.get("BENCH_MEDIA", "/tmp/nr_security_bench_media"))
    shutil.rmtree(media, ignore_errors=True)
    media.mkdir(parents=True)
    legs = doubled_legs(media)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": URL,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_PLAIN_STATIC": "1",
        "DJANGO_MEDIA_ROOT": str(media),
    }
    drop = (
        "import psycopg\nwith psycopg.connect('postgres://postgres@127.0.0.1:5432/postgres', autocommit=True) as c:\n"
        f"    c.execute('DROP DATABASE IF EXISTS {DATABASE}')\n    c.execute('CREATE DATABASE {DATABASE}')\n"
    )
    run([sys.executable, "-c", drop], env)
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    enqueue = ENQUEUE.format(legs=legs.name, legs_path=legs, airports_path=AIRPORTS)
    worker = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0"]
    rows = legs.read_text().count("\n") - 1
    print(f"{legs.name} ({legs.stat().st_size / 1e6:.1f} MB, {rows:,} rows) through the background worker, PostgreSQL")
    for step in ("check (dry run)", "write"):
        run([sys.executable, "manage.py", "shell", "-v", "0", "-c", enqueue], env)
        seconds, peak_mb, _ = run(worker, env)
        _, _, report = run([sys.executable, "manage.py", "shell", "-v", "0", "-c", REPORT], env)
        print(f"{step:<16} {seconds:>7.1f} s {peak_mb:>6} MB peak RSS  {report.strip()[:300]}", flush=True)
    shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
