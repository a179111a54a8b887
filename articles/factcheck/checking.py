"""Compare what an article states with the records, and say for each statement what the records say."""

from __future__ import annotations

import datetime
from collections import Counter

from django.utils import timezone

from articles.factcheck import comparison
from articles.factcheck.extraction import CountMention, DateMention, FirstMention, mentions
from articles.factcheck.findings import Context, Finding, FindingKind
from articles.factcheck.records import Records, departed_overlaps
from articles.factcheck.text import Sentence, sentences_from_html
from flights.models import Flight


def check_text(
    body: str,
    flights: list[Flight] | list[str],
    published_on: datetime.date | None = None,
    records: Records | None = None,
) -> list[Finding]:
    """Findings for a Markdown text (shortcodes allowed) said to be about these flights."""
    from articles.rendering import render_body

    records = records or Records.load()
    cited = [records.by_slug[f if isinstance(f, str) else f.slug] for f in flights]
    html = render_body(body).html
    return check_sentences(sentences_from_html(html), Context(records, cited, published_on))


def check_article(article: object, records: Records | None = None) -> list[Finding]:
    """Findings for a stored article: headline, dek and body, against the flights it cites."""
    from articles.citations import cited_slugs, find_references

    records = records or Records.load()
    body = article.body  # type: ignore[attr-defined]
    slugs = [link.flight.slug for link in article.cited_flights.select_related("flight")]  # type: ignore[attr-defined]
    slugs += sorted(s for s in cited_slugs(body) if s not in slugs and s in records.by_slug)
    # A sentence that names no flight is about the story's main flight: the one its body cites most.
    uses = Counter(ref.slug for ref in find_references(body)[0])
    slugs.sort(key=lambda slug: -uses[slug])
    published_at = article.published_at  # type: ignore[attr-defined]
    published_on = timezone.localdate(published_at) if published_at else None
    parts = [f"## {article.headline}", article.dek, article.body]  # type: ignore[attr-defined]
    return check_text("\n\n".join(p for p in parts if p), slugs, published_on, records)


def check_sentences(sentences: list[Sentence], context: Context) -> list[Finding]:
    findings: list[Finding] = []
    for sentence in sentences:
        found = mentions(sentence, context.published_on)
        subjects = _subjects(found, context)
        for mention in found:
            if isinstance(mention, CountMention):
                result = comparison.check_count(sentence.text, mention, subjects, context)
            elif isinstance(mention, DateMention):
                result = comparison.check_date(sentence.text, mention, context)
            elif isinstance(mention, FirstMention):
                result = comparison.check_first(sentence.text, mention, subjects, context)
            else:
                result = comparison.check_superlative(sentence.text, mention, subjects, context)
            findings += _with_stance(result, getattr(mention, "stance", ""))
    return findings


def _with_stance(findings: list[Finding], stance: str) -> list[Finding]:
    """A denied statement is right when the records contradict it; another report's claim is not the story's."""
    if stance == "negated":
        kept = []
        for f in findings:
            if f.kind == FindingKind.CONTRADICTION:
                f.kind, f.message = FindingKind.CONSISTENT, f"The text denies it, and the records agree: {f.message}"
            elif f.kind == FindingKind.CONSISTENT and not f.from_record:
                f.kind, f.message = FindingKind.CONTRADICTION, f"The text denies it, but the records say: {f.message}"
            elif f.kind == FindingKind.MATCHES_OTHER_FLIGHT:
                continue  # the writer already says the figure is wrong
            kept.append(f)
        return kept
    if stance == "period":
        # A total over a period is not one flight's count: a different figure is no contradiction.
        kept = []
        for f in findings:
            if f.kind == FindingKind.CONTRADICTION:
                f.kind = FindingKind.UNSUPPORTED
                f.message = (
                    f"A total over a period, not one flight's count; not checked against one flight ({f.message})"
                )
            elif f.kind == FindingKind.MATCHES_OTHER_FLIGHT:
                continue
            kept.append(f)
        return kept
    if stance == "attributed":
        for f in findings:
            if f.kind == FindingKind.CONTRADICTION:
                f.kind = FindingKind.UNSUPPORTED
                f.message = f"Told as another report's claim; the records contradict it: {f.message}"
    return findings


def _subjects(found: list[object], context: Context) -> list[Flight]:
    """The flights a sentence may be about: those its dates name (cited ones first), else every cited flight."""
    dates = [m for m in found if isinstance(m, DateMention)]
    for mention in dates:
        named = [f for f in context.cited if departed_overlaps(f, mention.earliest, mention.latest, mention.has_year)]
        if named:
            return named
    # "The largest flight, on June 3, 2025, ..." is about that flight even when the story cites another.
    for mention in dates:
        named = context.records.flights_on(mention.earliest, mention.latest, mention.has_year)
        if named:
            return named
    return list(context.cited)


def summary(findings: list[Finding]) -> str:
    """One line per finding, as the command prints it."""
    lines = []
    for f in findings:
        where = f" [{f.flight}]" if f.flight else ""
        lines.append(f"{f.kind.upper()}{where}: {f.claimed!r}: {f.message}")
    return "\n".join(lines)


def contradictions(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == FindingKind.CONTRADICTION]
