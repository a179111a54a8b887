"""Time the import of the ICE Air legs file into a fresh database, on SQLite and PostgreSQL: wall time and peak RSS."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ICE_AIR = REPO / "data" / "ice-air"
LEGS = ICE_AIR / "uwchr_arts_legs_fy2011_fy2019.csv"
AIRPORTS = ICE_AIR / "uwchr_arts_airports.csv"
# The database this worktree may use; it is dropped and created again, so it starts empty.
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/newsroom_import"


def run(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run a child process; its wall time, its own peak RSS in MB (from wait4), and its output."""
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = child.stdout.read() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if child.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({child.returncode}):\n{output}")
    return elapsed, usage.ru_maxrss // 1024, output  # ru_maxrss is in KB on Linux


def fresh_postgres(env: dict[str, str]) -> None:
    code = (
        "import psycopg\n"
        f"with psycopg.connect({POSTGRES_ADMIN_URL!r}, autocommit=True) as c:\n"
        "    c.execute('DROP DATABASE IF EXISTS newsroom_import')\n"
        "    c.execute('CREATE DATABASE newsroom_import')\n"
    )
    run([sys.executable, "-c", code], env)


def bench(name: str, database_url: str) -> tuple[str, float, int, str]:
    # Production settings (DEBUG off): debug mode records every query and is not what editors run.
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench-only"}
    env.setdefault("DJANGO_PLAIN_STATIC", "1")
    if name == "PostgreSQL":
        fresh_postgres(env)
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    command = [
        sys.executable,
        "manage.py",
        "import_flights",
        str(LEGS),
        "--format",
        "arts-legs",
        "--airports",
        str(AIRPORTS),
        "--skip-invalid",
    ]
    seconds, peak_mb, output = run(command, env)
    summary = next((line.strip() for line in output.splitlines() if line.strip().startswith("created:")), "?")
    return name, seconds, peak_mb, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="bench one database")
    options = parser.parse_args()
    if not LEGS.exists():
        sys.exit(f"the legs file is not at {LEGS}")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        if options.only != "postgres":
            results.append(bench("SQLite", f"sqlite:///{folder}/bench.sqlite3"))
        if options.only != "sqlite":
            results.append(bench("PostgreSQL", POSTGRES_URL))
    print(f"Import of {LEGS.name} (42,982 rows) into a fresh database, DEBUG off, {os.cpu_count()} CPUs")
    print(f"{'database':<12} {'wall time':>10} {'peak RSS':>10}  result")
    for name, seconds, peak_mb, summary in results:
        print(f"{name:<12} {seconds:>9.1f}s {peak_mb:>7} MB  {summary}")


if __name__ == "__main__":
    main()
