"""Backups of the whole site: the database (pg_dump, or SQLite's backup API) and the media files, restorable exactly.

A backup is a folder: database.pgdump or database.sqlite3, media.tar.gz, and manifest.json naming what
it holds (row counts per table, checksums). `manage.py backup` writes one; `manage.py restore` puts
one back over the configured database and MEDIA_ROOT, after checking the checksums.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def dump_name() -> str:
    return "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore from the Django settings (password through the environment)."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed; install PostgreSQL's client tools") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def backup(folder: Path) -> dict[str, Any]:
    """Write a backup of the database and media into a new folder; returns the manifest."""
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} exists and is not empty; name a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    database = folder / dump_name()
    counts = row_counts()
    if connection.vendor == "postgresql":
        args, env = _pg_environment()
        # Custom format: compressed, and pg_restore can clean and restore it in one transaction.
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(database), *args], env)
    elif connection.vendor == "sqlite":
        # The backup API copies a consistent snapshot page by page, even while the site writes.
        target = sqlite3.connect(database)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"no backup method for {connection.vendor}")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA, "w:gz") as archive:
        if media_root.exists():
            for item in sorted(media_root.iterdir()):
                archive.add(item, arcname=item.name)
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": connection.vendor,
        "tables": counts,
        "files": {name: _sha256(folder / name) for name in (database.name, MEDIA)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(folder: Path) -> dict[str, Any]:
    """Replace the database and media with a backup's; returns the manifest (its row counts now hold)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{folder} is not a backup: it has no readable {MANIFEST}") from None
    if manifest.get("database") != connection.vendor:
        raise BackupError(f"{folder} is a {manifest.get('database')} backup; this site runs {connection.vendor}")
    for name, digest in manifest["files"].items():
        if not (folder / name).exists() or _sha256(folder / name) != digest:
            raise BackupError(f"{folder / name} is missing or damaged (its checksum differs); not restoring")
    database = folder / dump_name()
    if connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_environment()
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", *args,
             str(database)],
            env,
        )  # fmt: skip
        connection.close()
    else:
        connection.ensure_connection()
        source = sqlite3.connect(database)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        # Exactly the backup's files: anything added since would otherwise linger beside them.
        for item in media_root.iterdir():
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    found = row_counts()
    if found != manifest["tables"]:
        differ = sorted(t for t in set(found) | set(manifest["tables"]) if found.get(t) != manifest["tables"].get(t))
        raise BackupError(f"restored, but row counts differ from the backup's in: {', '.join(differ)}")
    return manifest
