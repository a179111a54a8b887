"""The labeled corpus (tests/articles/factcheck_corpus/, written by someone other than the checker's author).

Targets, as `make eval-factcheck` reports them: every wrong figure is flagged (a contradiction or a needs-a-look),
and no figure the records support, or cannot judge, is called a contradiction.
"""

from __future__ import annotations

from pathlib import Path

from django.test import TestCase

from articles.factcheck.evaluation import evaluate, format_report, load_cases
from tests.demo_records import load_demo_records

CORPUS = Path(__file__).parent / "factcheck_corpus"


class CorpusTargets(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo_records()

    def test_every_wrong_figure_is_flagged_and_no_right_one_is_called_a_contradiction(self) -> None:
        cases = load_cases(CORPUS)

        report = evaluate(cases)

        summary = format_report(report, len(cases))
        assert [(s.case, s.figure, s.predicted) for s in report.missed_flags] == [], summary
        assert [(s.case, s.figure, s.expected) for s in report.false_contradictions] == [], summary
        # The other verdicts are measured, not only the targets: most figures get exactly the expected verdict.
        # A number of something else ("12 agents", "six months") labeled unsupported, or consistent with no
        # record field, and left unread is no disagreement: nothing was claimed about the records.
        exact = sum(
            1
            for s in report.scored
            if s.predicted == s.expected
            or (s.predicted == "none" and (s.expected == "unsupported" or not s.expect.get("field")))
        ) / len(report.scored)
        assert exact > 0.95, summary

    def test_the_corpus_is_large_and_covers_every_voice_verdict_and_the_seed_errors(self) -> None:
        cases = load_cases(CORPUS)

        assert len(cases) >= 200
        # The five voices of the first corpus writer, and those added since (radio, magazine, explainer, NGO report,
        # social thread) in wording the checker had not seen.
        assert {c["voice"] for c in cases} >= {"wire", "local_tv", "aggregator", "government", "advocacy"}
        verdicts = {e["verdict"] for c in cases for e in c["expect"]}
        assert verdicts == {"contradiction", "needs_look", "consistent", "unsupported"}
        assert len({c["id"] for c in cases}) == len(cases)
