"""`python manage.py factcheck`: check stored articles, or any text, against the flight records."""

from __future__ import annotations

import datetime
import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from articles.factcheck import BLOCKING_KINDS, Finding, FindingKind, check_article, check_story
from articles.models import Article
from flights.models import Flight

# 0: nothing blocks publishing; 1: a contradiction or a finding that needs a look; 2: the command was used wrongly.
EXIT_BLOCKING = 1
EXIT_CONTRADICTION = EXIT_BLOCKING  # the name older scripts import
EXIT_USAGE = 2


class Command(BaseCommand):
    help = (
        "Compare what articles say with the flight records. Exit 1 when anything blocks publishing (a "
        "contradiction, or a finding that needs a look), 0 when nothing does, 2 on bad usage."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Articles to check (default: every article).")
        parser.add_argument("--text", metavar="FILE", help="Check this Markdown file instead ('-' reads stdin).")
        parser.add_argument(
            "--flight", action="append", default=[], metavar="SLUG", help="A flight the text is about (repeatable)."
        )
        parser.add_argument(
            "--published-on", metavar="YYYY-MM-DD", help="Publish date of the text, for 'last week' and 'June 3'."
        )
        parser.add_argument(
            "--json", action="store_true", help="One JSON object per line per finding, with its statement's fields."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["text"] is not None:
            if options["slugs"]:
                raise CommandError("give article slugs or --text FILE, not both", returncode=EXIT_USAGE)
            results = [(None, self._check_file(options))]
        else:
            if options["flight"] or options["published_on"]:
                raise CommandError("--flight and --published-on go with --text FILE", returncode=EXIT_USAGE)
            articles = self._articles(options["slugs"])
            results = [(article.slug, check_article(article)) for article in articles]
        found_blocking = False
        for slug, findings in results:
            found_blocking |= any(f.kind in BLOCKING_KINDS for f in findings)
            self._print(slug, findings, as_json=options["json"])
        if found_blocking:
            sys.exit(EXIT_BLOCKING)

    def _check_file(self, options: dict[str, Any]) -> list[Finding]:
        # Usage is checked before the database is touched, so a typo costs nothing.
        if not options["flight"]:
            raise CommandError("--text needs at least one --flight SLUG to compare with", returncode=EXIT_USAGE)
        published_on = None
        if options["published_on"]:
            try:
                published_on = datetime.date.fromisoformat(options["published_on"])
            except ValueError:
                raise CommandError(
                    f"--published-on {options['published_on']!r} is not a date (YYYY-MM-DD)", returncode=EXIT_USAGE
                ) from None
        try:
            text = sys.stdin.read() if options["text"] == "-" else Path(options["text"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {options['text']}: {exc.strerror or exc}", returncode=EXIT_USAGE) from None
        known = set(Flight.objects.filter(slug__in=options["flight"]).values_list("slug", flat=True))
        unknown = [slug for slug in options["flight"] if slug not in known]
        if unknown:
            raise CommandError(f"no flight with the slug {', '.join(unknown)}", returncode=EXIT_USAGE)
        return check_story(headline="", dek="", body=text, cited=options["flight"], published_on=published_on)

    def _articles(self, slugs: list[str]) -> list[Article]:
        if not slugs:
            return list(Article.objects.order_by("slug"))
        found = {a.slug: a for a in Article.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise CommandError(f"no article with the slug {', '.join(unknown)}", returncode=EXIT_USAGE)
        return [found[slug] for slug in slugs]

    def _print(self, slug: str | None, findings: list[Finding], *, as_json: bool) -> None:
        if as_json:
            for finding in findings:
                self.stdout.write(json.dumps({"article": slug, **finding.as_json()}, ensure_ascii=False))
            return
        counts = {kind: sum(1 for f in findings if f.kind == kind) for kind in FindingKind}
        title = slug or "text"
        totals = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "nothing to check"
        self.stdout.write(self.style.MIGRATE_HEADING(f"{title}: {totals}"))
        for finding in findings:
            if finding.kind == FindingKind.CONSISTENT and finding.from_record:
                continue  # shortcode values are right by construction; listing them is noise
            style = self.style.ERROR if finding.kind in BLOCKING_KINDS else self.style.WARNING
            if finding.kind == FindingKind.CONSISTENT:
                style = self.style.SUCCESS
            where = f" [{finding.flight}]" if finding.flight else ""
            self.stdout.write(style(f"  {finding.kind}{where}: \u201c{finding.claimed}\u201d \u2014 {finding.message}"))
            if finding.reason and finding.kind == FindingKind.NEEDS_LOOK:
                self.stdout.write(f"      why: {finding.reason}")
            if finding.source and finding.kind != FindingKind.CONSISTENT:
                self.stdout.write(f"      source: {finding.source}")
            self.stdout.write(f"      in: {finding.sentence}")
