"""Import flight records in bulk from an ICE Air (ARTS) extract or the newsroom's own CSV/JSON format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import DatabaseError
from tqdm import tqdm

from flights.importers import FORMATS, ImportFailure, import_flights


class BarProgress:
    """A tqdm bar, for an editor watching a terminal."""

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.bar: tqdm | None = None

    def start(self, label: str, total: int) -> None:
        self.bar = tqdm(total=total, desc=label, unit=" flights", file=self.stream._out)

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class LineProgress:
    """Plain lines about every tenth of the way, for logs and cron mail where a bar would be noise."""

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.total = self.done = self.next_report = 0
        self.label = ""

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.next_report = max(total // 10, 1)

    def advance(self, count: int) -> None:
        self.done += count
        if self.done >= self.next_report or self.done == self.total:
            self.stream.write(f"{self.label}: {self.done:,} of {self.total:,} flights")
            self.next_report = self.done + max(self.total // 10, 1)

    def close(self) -> None:
        pass


class Command(BaseCommand):
    help = (
        "Import flights from a file. Every row is checked first; by default one bad row means nothing is "
        "written. Formats: " + "; ".join(f"{name}: {about}" for name, (_r, about, _c) in FORMATS.items())
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the file to import")
        parser.add_argument("--format", required=True, choices=list(FORMATS), help="what kind of file it is")
        parser.add_argument(
            "--source",
            help="slug of the Source the values come from (ARTS formats create it if it is new; "
            "newsroom formats use it for values no claim in the file states)",
        )
        parser.add_argument("--airports", help="CSV naming airports the airportsdata package lacks (UWCHR's layout)")
        parser.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
        parser.add_argument("--skip-invalid", action="store_true", help="import the valid rows, reject the rest")
        parser.add_argument("--rejects", help="with --skip-invalid: write rejected rows and reasons to this CSV")
        parser.add_argument(
            "--user",
            help="username of the editor importing: their add/change permissions on flights, claims, sources, "
            "operators and airports apply as in the admin, and history names them. Without it the import runs "
            "as the server's operator (who holds the database credentials) and history names nobody.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rejects"] and not options["skip_invalid"]:
            raise CommandError("--rejects needs --skip-invalid (without it, one bad row stops the whole import)")
        if options["rejects"] and not Path(options["rejects"]).resolve().parent.is_dir():
            raise CommandError(f"--rejects {options['rejects']}: its folder does not exist")
        user = self._user(options["user"]) if options["user"] else None
        progress = BarProgress(self.stderr) if self.stderr.isatty() else LineProgress(self.stdout)
        try:
            summary = import_flights(
                path=options["path"],
                format=options["format"],
                source=options["source"],
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
                rejects=options["rejects"],
                airports=options["airports"],
                user=user,
                progress=progress,
            )
        except ImportFailure as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError as exc:
            raise CommandError(f"the database refused the import, so nothing was written: {exc}") from None
        if not summary.dry_run and not summary.written:
            for problem in summary.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{summary.rejected_rows:,} of {summary.rows_read:,} rows in {summary.path} have problems "
                "(listed above); nothing was imported. Fix them, or pass --skip-invalid to import the rest."
            )
        for line in summary.lines():
            self.stdout.write(line)
        if summary.refused:
            raise CommandError(
                f"{user.get_username()} lacks permissions this file needs (listed above); nothing was imported"
            )
        if summary.dry_run and summary.problems and not options["skip_invalid"]:
            # A script checking a file before the real run learns from the exit status that it would fail.
            raise CommandError(
                f"{summary.rejected_rows:,} rows have problems; the import would write nothing without --skip-invalid"
            )

    @staticmethod
    def _user(username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user {username}: no such user")
        if not user.is_active:
            raise CommandError(f"--user {username}: the account is inactive")
        if not user.has_perm("flights.import_flights"):
            # The admin's import page asks for the same permission: one rule for every way in.
            raise CommandError(
                f"--user {username}: importing flight files needs the import permission (the data editor role); "
                "nothing was imported"
            )
        return user
