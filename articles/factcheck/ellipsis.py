"""Counts whose noun is left out: "96 men, not 116", "KnowHere said 116 men; ICE's release lists 96", and bare figures
after a colon that answer the sentence before ("… 116 men and 6 women. ICE: 96 and 26.")."""

from __future__ import annotations

import re

from articles.factcheck.lexicon import FIGURE_NOUNS
from articles.factcheck.numbers import find_numbers
from articles.factcheck.records import field_label
from articles.factcheck.statements import Statement, StatementKind, Step


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in taken)


_ELLIPSIS_BEFORE = re.compile(
    r"(?:[:\u2014]\s*[\u201c\"\u2018]\s*(?:over\s+|about\s+|around\s+|nearly\s+|more\s+than\s+|at\s+least\s+)?$|"
    r"\b(?:not|but|than|of|at|lists?|listed|gives?|gave|says?|said|puts?|put|reports?|reported|counts?|counted|"
    r"records?|recorded|shows?|showed|was|were|is|are|to|as|numbered|totall?ed|just|only)\s+"
    r"(?:only\s+|just\s+|about\s+|around\s+|roughly\s+|nearly\s+|more\s+than\s+|over\s+|at\s+least\s+)?"
    r"|[:,(\u2014\u2013]\s*)$",
    re.IGNORECASE,
)
_ELLIPSIS_AFTER = re.compile(r"^\s*(?:[.,;:)\u2014\u2013]|$|as\b|and\b|according\b|in\s+(?:its|the|a)\b)", re.I)


def elided(
    text: str, taken: list[tuple[int, int]], read: list[Statement], previous_fields: list[str] | None = None
) -> list[Statement]:
    """ "96 men, not 116", "KnowHere said 116 men; ICE's release lists 96": the noun left out is the last one named."""
    from articles.factcheck.counts import _count as count

    found: list[Statement] = []
    for number in find_numbers(text):
        if not _free(taken, number.start, number.end) or 1900 <= number.value <= 2100:
            continue
        if re.match(r"\s*,", text[number.end :]) and re.search(
            r"\b(?:man|woman|person)\s*,\s*$", text[: number.start], re.I
        ):
            continue  # "One man, 45, had lived …": an age in an aside
        earlier = [s for s in read + found if s.span[1] <= number.start and s.kind == StatementKind.COUNT]
        before = text[max(0, number.start - 30) : number.start]
        owner = re.search(r"\b([a-z]+)\s+of\s+$", before, re.I)
        if owner and owner.group(1).lower() not in FIGURE_OWNERS:
            continue  # "a crew of nine", "relatives of 17": a count of what the noun before "of" names
        field = earlier[-1].field if earlier else ""
        if not earlier and previous_fields and _QUOTED_ANSWER.search(before):
            # "Per ICE: 122 removed. Per one aggregator: “over 140.”"; "… 116 men and 6 women. ICE: 96 and 26.":
            # bare figures after a colon answer the previous sentence's counts, in the order it gave them.
            run = [number] + [n for n in find_numbers(text) if n.start >= number.end]
            listed_run = [run[0]]
            for n in run[1:]:
                if not re.fullmatch(r"\s*(?:,|and|&|,\s*and)\s*", text[listed_run[-1].end : n.start]):
                    break
                listed_run.append(n)
            fields = previous_fields[-len(listed_run) :] if len(previous_fields) >= len(listed_run) else []
            for n, f in zip(listed_run[1:], fields[1:], strict=False):
                if _free(taken, n.start, n.end):
                    later = count(text, n, f, n.end)
                    later.doubt(Step.FIELD, _answer(f))
                    taken.append(later.span)
                    found.append(later)
            field = fields[0] if fields else previous_fields[-1]
            answer = True
        else:
            answer = False
        if not field:
            continue
        listed = bool(re.search(r"\band\s+$", text[max(0, number.start - 6) : number.start])) and bool(
            found and found[-1].text.strip().isdigit() and 0 <= number.start - found[-1].span[1] <= 6
        )  # "KnowHere's figures of 116 and six": the second of a list of bare figures
        if not ((_ELLIPSIS_BEFORE.search(text[max(0, number.start - 30) : number.start]) or listed) and
                _ELLIPSIS_AFTER.match(text[number.end :])):  # fmt: skip
            continue
        statement = count(text, number, field, number.end)
        if answer:
            statement.doubt(Step.FIELD, _answer(field))
        elif not (earlier and (_CONTRAST.search(before) or _only_antecedent(text, number.end, earlier))):
            # "96 men, not 116" sets the figure against the count before it: the same quantity. Any other ellipsis
            # leaves what it counts to inference, unless one noun only is named before it and none after it ("did not
            # list 122 people; it listed 130"); "the rest — 26 — women" names another after it.
            statement.doubt(Step.NOUN, f"no noun is written with {number.text!r}; it is taken as {field_label(field)} "
                            "from the figure before it")  # fmt: skip
        taken.append(statement.span)
        found.append(statement)
    return found


def _only_antecedent(text: str, end: int, earlier: list[Statement]) -> bool:
    """Whether the counts before a figure name one noun only, and no noun of people follows it in the sentence."""
    from articles.factcheck.counts import _NOUN

    return len({s.field for s in earlier}) == 1 and not re.search(rf"\b(?:{_NOUN})\b", text[end:], re.I)


def _answer(field: str) -> str:
    return f"a bare figure after a colon, taken as {field_label(field)} from the sentence before"


_CONTRAST = re.compile(
    r"\b(?:not|than|instead\s+of)\s+(?:(?:only|just|about|around|roughly|nearly|more\s+than|over|at\s+least)\s+)?$",
    re.I,
)
# Nouns whose "of N" gives the figure itself ("a figure of 116", "reports of 140"), not a count of something else.
FIGURE_OWNERS = {*FIGURE_NOUNS, "headcount", "manifest", "list", "breakdown", "reports", "rumors", "rumours", "claims"}
# A bare figure after a colon, in quotes: the answer given by the party the colon follows.
_QUOTED_ANSWER = re.compile(
    r"[:\u2014]\s*[\u201c\"\u2018']?\s*(?:(?:over|about|around|some|nearly|almost|roughly|more\s+than|at\s+least|"
    r"fewer\s+than|under|just)\s+)?$",
    re.I,
)
