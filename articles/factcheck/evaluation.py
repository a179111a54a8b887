"""Scoring the fact check on a labeled corpus (tests/articles/factcheck_corpus/, format in its README.md).

Each case is a text with the flights it cites, its publish date and one expectation per checkable figure.
A figure is matched to the finding whose figure (else whose statement) covers the same characters of the
text; the finding's kind is the prediction. Targets: every wrong figure flagged (a contradiction or a
needs-a-look), and no figure the records support (or cannot judge) called a contradiction.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from articles.factcheck import Finding, check_story

VERDICTS = ("contradiction", "needs_look", "consistent", "unsupported")
FLAGGED = {"contradiction", "needs_look"}
_SEVERITY = {"contradiction": 0, "needs_look": 1, "unsupported": 2, "consistent": 3, "none": 4}


@dataclass
class Scored:
    """One expectation of one case and what the check said about its figure."""

    case: str
    shapes: list[str]
    figure: str
    expected: str
    predicted: str  # a verdict, or "none" when no finding covers the figure
    text: str
    expect: dict
    finding: Finding | None = None
    details: list[str] = field(default_factory=list)  # field / record / about / names that disagree

    @property
    def missed_flag(self) -> bool:
        return self.expected in FLAGGED and self.predicted not in FLAGGED

    @property
    def false_contradiction(self) -> bool:
        return self.expected in {"consistent", "unsupported"} and self.predicted == "contradiction"


@dataclass
class Report:
    scored: list[Scored]
    unlisted: list[tuple[str, Finding]]  # blocking findings on figures the case does not list

    def per_kind(self) -> dict[str, tuple[int, int, int]]:
        """(true positives, predicted, expected) per verdict."""
        table = {}
        for verdict in VERDICTS:
            tp = sum(1 for s in self.scored if s.expected == verdict and s.predicted == verdict)
            predicted = sum(1 for s in self.scored if s.predicted == verdict)
            expected = sum(1 for s in self.scored if s.expected == verdict)
            table[verdict] = (tp, predicted, expected)
        return table

    def per_shape(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for s in self.scored:
            for shape in s.shapes:
                row = table[shape]
                row["n"] += 1
                row["exact"] += s.predicted == s.expected
                row["wrong"] += s.expected in FLAGGED
                row["flagged"] += s.expected in FLAGGED and s.predicted in FLAGGED
                row["right"] += s.expected not in FLAGGED
                row["false_contradiction"] += s.false_contradiction
        return table

    @property
    def flag_recall(self) -> float:
        wrong = [s for s in self.scored if s.expected in FLAGGED]
        return sum(1 for s in wrong if s.predicted in FLAGGED) / len(wrong) if wrong else 1.0

    @property
    def false_contradictions(self) -> list[Scored]:
        return [s for s in self.scored if s.false_contradiction]

    @property
    def missed_flags(self) -> list[Scored]:
        return [s for s in self.scored if s.missed_flag]


def load_cases(directory: Path) -> list[dict]:
    import yaml

    cases = []
    for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            case["_file"] = path.name
            cases.append(case)
    return cases


def figure_span(text: str, figure: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Where the figure is written, counted on whole tokens ("six" is not inside "Twenty-six")."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(figure) + r"(?![\w])")
    matches = list(pattern.finditer(text))
    if len(matches) < occurrence:
        plain = [m for m in re.finditer(re.escape(figure), text)]
        matches = plain
    if len(matches) < occurrence:
        return None
    return matches[occurrence - 1].span()


def _absolute(text: str, finding: Finding, cursor: dict[str, int]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The finding's figure span and statement span in the case text."""
    statement = finding.statement
    if statement is None:
        return None
    sentence = finding.sentence
    offset = text.find(sentence, cursor.get(sentence, 0))
    if offset < 0:
        offset = text.find(sentence)
    if offset < 0:
        # The rendered sentence differs from the typed one (Markdown); fall back to the figure's own words.
        figure = sentence[statement.figure_span[0] : statement.figure_span[1]]
        at = text.find(figure)
        if at < 0:
            return None
        return (at, at + len(figure)), (at, at + len(figure))
    fig = (offset + statement.figure_span[0], offset + statement.figure_span[1])
    whole = (offset + statement.span[0], offset + statement.span[1])
    return fig, whole


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_case(case: dict) -> tuple[list[Scored], list[tuple[str, Finding]]]:
    text = case["text"]
    published = case.get("published_on")
    if isinstance(published, str):
        published = datetime.date.fromisoformat(published)
    findings = check_story(
        headline="", dek="", body=text, cited=list(case.get("flights") or []), published_on=published
    )
    placed = []
    for finding in findings:
        spans = _absolute(text, finding, {})
        if spans is not None:
            placed.append((finding, spans[0], spans[1]))
    scored = []
    used: set[int] = set()
    for expect in case.get("expect") or []:
        figure = str(expect["figure"])
        span = figure_span(text, figure, int(expect.get("occurrence", 1)))
        candidates = []
        if span is not None:
            candidates = [(f, fig) for f, fig, _whole in placed if _overlap(fig, span)]
            if not candidates:
                candidates = [(f, fig) for f, fig, whole in placed if _overlap(whole, span)]
        finding = None
        if candidates:
            candidates.sort(key=lambda c: (_SEVERITY[c[0].kind.verdict], abs(c[1][0] - span[0])))  # type: ignore[index]
            finding = candidates[0][0]
            used.update(id(f) for f, _ in candidates)
        predicted = finding.kind.verdict if finding else "none"
        scored.append(
            Scored(
                case["id"],
                list(case.get("shapes") or []),
                figure,
                str(expect["verdict"]),
                predicted,
                text,
                expect,
                finding,
                _details(case, expect, finding),
            )
        )
    unlisted = [(case["id"], f) for f, _fig, _whole in placed if id(f) not in used and f.blocking and not f.from_record]
    return scored, unlisted


def _details(case: dict, expect: dict, finding: Finding | None) -> list[str]:
    if finding is None or finding.statement is None:
        return []
    problems = []
    if "field" in expect and expect["field"] != finding.statement.field:
        problems.append(f"field {finding.statement.field} (expected {expect['field']})")
    about = expect.get("about") or ((case.get("flights") or [None])[0] if "field" in expect else None)
    if about and finding.flight and about != finding.flight and expect.get("verdict") != "contradiction":
        problems.append(f"about {finding.flight} (expected {about})")
    names = expect.get("names") or []
    missing = [n for n in names if n not in finding.flights]
    if missing:
        problems.append(f"does not list {', '.join(missing)}")
    return problems


def evaluate(cases: list[dict]) -> Report:
    scored: list[Scored] = []
    unlisted: list[tuple[str, Finding]] = []
    for case in cases:
        s, u = score_case(case)
        scored += s
        unlisted += u
    return Report(scored, unlisted)


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def format_report(report: Report, cases: int) -> str:
    lines = [f"{cases} cases, {len(report.scored)} expected statements", ""]
    lines.append(f"{'verdict':14} {'precision':>9} {'recall':>7} {'tp':>5} {'predicted':>9} {'expected':>8}")
    for verdict, (tp, predicted, expected) in report.per_kind().items():
        lines.append(
            f"{verdict:14} {_ratio(tp, predicted):>9} {_ratio(tp, expected):>7} {tp:>5} {predicted:>9} {expected:>8}"
        )
    nothing = sum(1 for s in report.scored if s.predicted == "none")
    lines.append(f"(no finding at all for {nothing} expected statements)")
    wrong = [s for s in report.scored if s.expected in FLAGGED]
    lines += [
        "",
        f"TARGET every wrong figure flagged: {len(wrong) - len(report.missed_flags)}/{len(wrong)} "
        f"(recall {report.flag_recall:.3f})",
        f"TARGET no correct figure called a contradiction: {len(report.false_contradictions)} false contradiction(s)",
        f"blocking findings on figures no case lists: {len(report.unlisted)}",
        "",
        f"{'shape':28} {'n':>4} {'exact':>6} {'flagged/wrong':>13} {'false contr.':>12}",
    ]
    for shape, row in sorted(report.per_shape().items()):
        lines.append(
            f"{shape:28} {row['n']:>4} {_ratio(row['exact'], row['n']):>6} "
            f"{row['flagged']:>6}/{row['wrong']:<6} {row['false_contradiction']:>12}"
        )
    misses = [s for s in report.scored if s.predicted != s.expected]
    lines += ["", f"MISSES ({len(misses)}): case, figure, expected -> predicted"]
    for s in sorted(misses, key=lambda s: (not s.missed_flag, not s.false_contradiction, s.case)):
        tag = "MISSED FLAG " if s.missed_flag else "FALSE CONTR." if s.false_contradiction else "verdict     "
        message = s.finding.message[:140] if s.finding else "no finding"
        lines.append(f"  {tag} {s.case}: {s.figure!r} {s.expected} -> {s.predicted}  [{message}]")
        lines.append(f"      {s.text.strip()[:220]}")
    details = [s for s in report.scored if s.details and s.predicted == s.expected]
    if details:
        lines += ["", f"RIGHT VERDICT, OTHER DETAILS DIFFER ({len(details)})"]
        for s in details:
            lines.append(f"  {s.case}: {s.figure!r}: {'; '.join(s.details)}")
    if report.unlisted:
        lines += ["", "BLOCKING FINDINGS ON FIGURES NO CASE LISTS"]
        for case, f in report.unlisted:
            lines.append(f"  {case}: {f.claimed!r} {f.kind.verdict}: {f.message[:140]}")
    return "\n".join(lines)
