"""Score the fact check on a labeled corpus: precision and recall per verdict and per shape, and every miss.

    python scripts/eval_factcheck.py [CORPUS_DIR]        (default: tests/articles/factcheck_corpus)

It builds a fresh SQLite database in a temporary folder (or uses EVAL_DATABASE_URL), loads the demo records
(newsroom/demo/china_flights.json) the corpus is written against, and checks every case as
`manage.py factcheck --text` would. Exit 0 when both targets hold (every wrong figure flagged, no correct
figure called a contradiction), 1 when not, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from io import StringIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / "tests" / "articles" / "factcheck_corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS), help="folder of YAML case files")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir() or not (list(corpus.glob("*.yaml")) + list(corpus.glob("*.yml"))):
        print(f"eval_factcheck: {corpus} is not a folder of .yaml case files", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="eval_factcheck_") as folder:
        # A database of its own (never the one DATABASE_URL names): the demo records are loaded into it.
        os.environ["DATABASE_URL"] = os.environ.get("EVAL_DATABASE_URL") or f"sqlite:///{folder}/eval.sqlite3"
        os.environ["DJANGO_DEBUG"] = "0"
        os.environ.setdefault("DJANGO_SECRET_KEY", "eval-only")
        os.environ.setdefault("DJANGO_PLAIN_STATIC", "1")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from django.core.management import call_command

        from articles.factcheck.evaluation import evaluate, format_report, load_cases

        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_demo", stdout=StringIO())
        try:
            cases = load_cases(corpus)
        except Exception as exc:  # a malformed file is named, not a traceback
            print(f"eval_factcheck: cannot read the corpus: {exc}", file=sys.stderr)
            return 2
        report = evaluate(cases)
        print(format_report(report, len(cases)))
        return 0 if not report.missed_flags and not report.false_contradictions else 1


if __name__ == "__main__":
    sys.exit(main())
