"""With DATABASE_REPLICA_URL set, readers' pages read the replica; editors, the admin and writes use the primary."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.db_router import ReplicaRouter

ROOT = Path(__file__).resolve().parents[1]
STORY = "ice-dallas-charter-china-june-2025"

# Runs in a separate process with a primary and a replica database (two SQLite files whose copies of one
# story differ), so the router sees a real second alias.
SCRIPT = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from articles.models import Article, Correction

reader = Client()
page = reader.get("/articles/{STORY}/").content.decode()
home = reader.get("/").content.decode()
print("reader-story", "REPLICA COPY" in page)
print("reader-home", "REPLICA COPY" in home)
editor = Client()
editor.force_login(get_user_model().objects.create_superuser("ed", "ed@example.org", "x-long-password"))
print("editor-story", "REPLICA COPY" in editor.get("/articles/{STORY}/").content.decode())
print("editor-admin", "REPLICA COPY" in editor.get("/admin/articles/article/").content.decode())
Correction.objects.create(article=Article.objects.using("default").get(slug="{STORY}"), text="Written to the primary.")
"""


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchone()[0]


def test_readers_read_the_replica_and_editors_and_writes_the_primary(tmp_path):
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_DEBUG"))},
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{primary}",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        done = run(sys.executable, "manage.py", *command, env=env)
        assert done.returncode == 0, done.stderr
    shutil.copy(primary, replica)
    with sqlite3.connect(replica) as db:  # the replica's copy of the story differs, so reads show where they went
        db.execute("UPDATE articles_article SET headline = 'REPLICA COPY' WHERE slug = ?", [STORY])
    notes_before = count(primary, "SELECT count(*) FROM articles_correction")

    done = run(sys.executable, "-c", SCRIPT, env={**env, "DATABASE_REPLICA_URL": f"sqlite:///{replica}"})

    assert done.returncode == 0, done.stderr
    seen = dict(line.split() for line in done.stdout.splitlines())
    assert seen == {"reader-story": "True", "reader-home": "True", "editor-story": "False", "editor-admin": "False"}
    assert count(primary, "SELECT count(*) FROM articles_correction") == notes_before + 1
    assert count(replica, "SELECT count(*) FROM articles_correction") == notes_before
    assert (
        count(primary, "SELECT count(*) FROM auth_user") == 1 and count(replica, "SELECT count(*) FROM auth_user") == 0
    )


@pytest.mark.parametrize("alias", ["default", "replica"])
def test_only_the_primary_is_migrated(alias):
    assert ReplicaRouter().allow_migrate(alias, "articles") is (alias == "default")
