"""Creates the PostgreSQL database named by a URL when it does not exist yet, so a bench runs on a fresh machine."""

from __future__ import annotations

import sys

import psycopg


def ensure_database(url: str) -> None:
    """CREATE DATABASE for a postgres:// URL whose database is missing; other URLs (SQLite) are left alone."""
    if not url.startswith("postgres"):
        return
    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: ensure_database.py postgres://user@host:port/name")
    ensure_database(sys.argv[1])
