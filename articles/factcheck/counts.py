"""Counts of people as reporters write them, read by shape (see reader.py for the order of readers)."""

from __future__ import annotations

import re

from articles.factcheck.ellipsis import FIGURE_OWNERS, _only_antecedent, elided
from articles.factcheck.lexicon import (
    DEMONYMS,
    FILLER_BEFORE_NOUN,
    NARROWING,
    NOT_MANIFEST_PREDICATES,
    NOT_PEOPLE,
    PERSON_NOUNS,
)
from articles.factcheck.numbers import Number, find_numbers, qualifier_after, qualifier_before, value_range
from articles.factcheck.statements import Statement, StatementKind, Step

_NOUN = "|".join(sorted((re.escape(n) for n in PERSON_NOUNS), key=len, reverse=True))
_GENDER_AFTER_COPULA = re.compile(
    rf"^\s*(?:of\s+(?:them|those|whom|which|these|the\s+[\w,]+(?:\s+[\w-]+){{0,2}}))?\s*,?\s*(?:were|was|are|is)\s+"
    rf"(?:all\s+|also\s+)?(?:adult\s+|male\s+|female\s+|chinese\s+|[A-Z]\w+\s+)?(?P<noun>{_NOUN}|male|female|"
    rf"juveniles?|minors?)\b",
    re.IGNORECASE,
)
_PART_OF = re.compile(
    r"^\s+of\s+(?:them|those|whom|which|these|the\s+(?:[\w,]+\s*){1,3}?)\s*(?:,\s*)?(?:(?:were|was|are|is)\s+)?"
    r"(?:all\s+)?(?:adult\s+)?(?P<noun>[\w-]+)?",
    re.IGNORECASE,
)
_LINK_BEFORE = re.compile(
    rf"\b(?P<noun>{_NOUN}|passenger\s+count|headcount|head\s+count|total|tally|count|(?:overall|total|passenger|final)\s+"
    rf"(?:number|count|figure|tally))\b"
    r"(?:\s+(?:aboard|on\s+board|on\s+the\s+(?:flight|plane|charter)|deported|removed|who\s+were\s+aboard)\b)?"
    r"(?:[^.;,:?\d]{0,18}?\s*(?:numbered|number(?:ing)?|totall?ed|totall?ing|totals|came\s+to|stood\s+at|reached|"
    r"amounted\s+to|accounted\s+for|made\s+up|make\s+up|comprised|were|was|are|is|at|of)"
    r"|(?:\s+right)?\s*(?::|,|\?|\(|\u2014|\u2013|-))\s*"
    r"(?:(?:just|only|some|about|around|roughly|nearly|almost|more\s+than|over|at\s+least|fewer\s+than|under|"
    r"approximately|an\s+estimated|upward\s+of|close\s+to)\s+)?$",
    re.IGNORECASE,
)
_NUMBER_OF_NOUN = re.compile(
    rf"\b(?:number|count|total|tally)\s+of\s+(?P<noun>{_NOUN})\b[^.;\d]{{0,40}}?"
    r"(?:was|were|is|at|to|stood\s+at|came\s+to|as|:|,)\s*(?:(?:just|only|about|around|roughly|nearly|more\s+than|"
    r"over|at\s+least|fewer\s+than|under)\s+)?$",
    re.IGNORECASE,
)
_REMOVAL_VERB_BEFORE = re.compile(
    r"\b(?:deports?|deported|deporting|removes?|removed|removing|fl(?:y|ies|ew|own)|flying|sends?|sent|sending|"
    r"expels?|expelled|returns?|returned|repatriat(?:es?|ed|ing)|carr(?:y|ies|ied|ying)|transport(?:s|ed|ing)?|"
    r"boarded|boards|put|ships?|shipped|holding|held|had|has|with|was|were|totall?ed|numbered|included|"
    r"a\s+total\s+of|total\s+of|in\s+total|in\s+all|altogether|all\s+told|count\s+of|headcount\s+of|manifest\s+of)"
    r"\s*[,:]?\s*$",
    re.IGNORECASE,
)
_MANIFEST_AFTER = re.compile(
    r"^\s*(?:(?:people|persons)\s+)?(?:(?:were|was|are|had\s+been|have\s+been)\s+)?(?:all\s+)?"
    r"(?:aboard|on\s+board|onboard|on\s+the\s+(?:flight|plane|charter|jet)|deported|removed|flown|sent|returned|"
    r"repatriated|expelled|in\s+all|in\s+total|altogether|all\s+told|to\s+[A-Z]|back\s+to|home\b|passengers?)",
)
_NO_NOUN_END = re.compile(
    r"^\s*(?:[.,;:)?\u2014\u2013]|$|to\b|back\b|home\b|on\b|aboard\b|from\b|in\s+(?:all|total)\b|last\b|this\b|"
    r"earlier\b|in\b|during\b|over\b|via\b|when\b|after\b|before\b|people\b)"
)
_GAPPED = re.compile(
    rf"(?:,|\band)\s+(?:the\s+)?(?P<noun>{_NOUN})\s*,?\s*(?:(?:just|only|about|around|some|nearly)\s+)?$", re.IGNORECASE
)
_NO_COUNT = re.compile(
    r"\b(?P<no>no|zero)\s+(?:(?:adult|other|chinese)\s+)?(?P<noun>women|men|children|minors|juveniles|females|males|"
    r"girls|boys|kids)\b",
    re.IGNORECASE,
)
_BETWEEN_STOP = {
    "of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "for", "from", "with", "by", "were", "was", "are",
    "is", "had", "have", "has", "who", "that", "which", "than", "as", "but", "been", "be", "will", "would", "could",
    "not", "no", "per", "into", "onto", "over", "under", "after", "before", "since", "during", "more", "less", "did",
    "flew", "left", "said", "says", "aboard", "remain", "remained", "days", "years",
}  # fmt: skip
_NONE_OF = re.compile(
    r"\b(?P<no>not\s+one|not\s+a\s+single\s+one|none|no\s+one|not\s+a\s+single\s+(?:person|passenger|deportee))\b"
    r"[^.;]{0,50}?\b(?:was|were|is|are)\s+(?:an?\s+)?(?:adult\s+)?(?P<noun>minors?|children|child|juveniles?|kids?|women|woman|"
    r"men|man|females?|males?|girls?|boys?)\b",
    re.IGNORECASE,
)

# "Everyone aboard was an adult", "all 122 were adults": no minors, as "no children were aboard" says.
_ALL_ADULTS = re.compile(
    r"\b(?:all|everyone|everybody|every\s+(?:one|person|passenger|deportee))\b[^.;]{0,40}?\b(?:was|were|are|is)\s+"
    r"(?:an\s+)?adults?\b",
    re.IGNORECASE,
)


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in taken)


def _field_of(noun: str) -> str | None:
    word = noun.lower()
    return PERSON_NOUNS.get(word) or NARROWING.get(word)


def read_counts(
    text: str, taken: list[tuple[int, int]], previous_fields: list[str], previous: str = ""
) -> list[Statement]:
    """Every count of people in a sentence, each number read once (numbers in `taken` are another reader's).

    A count of people in general in a sentence that does not speak of a removal is left alone when it is of
    another population ("40,000 people in detention", "37,000 Chinese nationals have final orders"): thousands,
    or held, living or awaiting somewhere.
    """
    about = about_removal(text) or (about_removal(previous) and bool(_POINTS_BACK.match(text)))
    found = []
    for s in _counts(text, taken, previous_fields):
        if not about and s.field == "passengers_total" and not _says_removal(s):
            if s.value > 1000 or _ELSEWHERE.match(text[s.span[1] :]):
                continue
        found.append(s)
    return found


def about_removal(text: str) -> bool:
    """Whether a sentence speaks of a removal flight (not of removal orders or cases)."""
    return bool(_REMOVAL_WORDS.search(_NOT_A_REMOVAL.sub(" ", text)))


def _says_removal(statement: Statement) -> bool:
    """Nouns that mean people removed, whatever the sentence: "122 deportees", "the passengers numbered 122"."""
    return bool(
        re.search(r"\b(?:deportees?|passengers?|returnees?|removees|expellees|evacuees)\b", statement.text, re.I)
    )


_REMOVAL_WORDS = re.compile(
    r"\b(?:flights?|charters?|planes?|aircraft|jet|airlift|aboard|on\s?board|deport\w*|remov\w*|repatriat\w*|flown|flew|"
    r"fly|expel\w*|expuls\w*|sent|sends?|returned|manifest|passengers?|deportees?|returnees?|carr(?:y|ies|ied|ying)|"
    r"boarded|boarding|landed|departed|took\s+off|put\s+\w+\s+on)\b",
    re.IGNORECASE,
)
_NOT_A_REMOVAL = re.compile(
    r"\b(?:final\s+)?(?:orders?\s+of\s+removal|removal\s+orders?|removal\s+(?:proceedings|cases?|hearings?)|"
    r"deportation\s+(?:orders?|proceedings|cases?|hearings?)|removable)\b",
    re.IGNORECASE,
)
# After a count: the people are somewhere else than on a flight.
_ELSEWHERE = re.compile(
    r"\s*(?:(?:are|were|is|was|remain|remained|have|has|had|who\s+(?:are|were|have))\s+)?(?:still\s+)?(?:in\s+"
    r"(?:detention|custody|jail|prison|the\s+(?:country|u\.s\.|united\s+states)|immigration\s+courts?)|held|detained|"
    r"awaiting|living|live|lived|facing|pending|final\s+orders?|on\s+any\s+given\s+day|each\s+year|a\s+year)\b",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(
    r"^\s*(?:it|they|this|that|these|those|the\s+(?:flight|charter|plane|group|deportees|passengers|detainees|\w+\s+"
    r"(?:flight|charter))|of\s+(?:them|those|these|the\s+\w+)|among\s+(?:them|those|the\s+\w+)|all\s+of\s+them|"
    r"there\s+(?:were|was)|in\s+(?:all|total)|altogether|all\s+told|\w+\s+were\s+(?:men|women))\b",
    re.IGNORECASE,
)


def _counts(text: str, taken: list[tuple[int, int]], previous_fields: list[str]) -> list[Statement]:
    found: list[Statement] = _pairs(text, taken)
    for number in find_numbers(text):
        if not _free(taken, number.start, number.end):
            continue
        if 1900 <= number.value <= 2100 and not re.match(rf"\s+(?:{_NOUN})\b", text[number.end :], re.I):
            continue  # a year
        after = text[number.end :]
        if re.match(r"\s*(?:%|percent|per\s+cent)", after, re.I) or (number.start and text[number.start - 1] in "$€£#"):
            continue
        statement = _read_count(text, number, found, previous_fields)
        if statement is None:
            continue
        taken.append(statement.span)
        found.append(statement)
    found += elided(text, taken, found, previous_fields)
    for m in _NONE_OF.finditer(text):
        if not _free(taken, m.start("no"), m.end("no")):
            continue
        field = _field_of(m.group("noun").lower().removeprefix("a ")) or "passengers_total"
        taken.append(m.span("no"))
        found.append(Statement(StatementKind.COUNT, field, 0, m.group(0), m.span(), m.span("no"), range=value_range(0)))
    for m in _ALL_ADULTS.finditer(text):
        first_word = (m.start(), m.start() + len(m.group(0).split()[0]))  # "all", "everyone": what "not" denies
        if _free(taken, *first_word):
            found.append(Statement(StatementKind.COUNT, "passengers_juvenile", 0, m.group(0), m.span(), first_word,
                                   range=value_range(0)))  # fmt: skip
    for m in _NO_COUNT.finditer(text):
        if not _free(taken, m.start(), m.end()) or re.match(r"\s+(?:longer|more|such)", text[m.end() :]):
            continue
        field = _field_of(m.group("noun")) or "passengers_total"
        found.append(Statement(StatementKind.COUNT, field, 0, m.group(0), m.span(), m.span(), range=value_range(0)))
    return found


_PAIR = re.compile(
    rf"\b(?P<a>{_NOUN})\s+(?:outnumbered|outnumber|and|to|versus|vs\.?)\s+(?P<b>{_NOUN})\b[^.;\d]{{0,40}}?"
    r"(?P<x>\d[\d,]*)\s*(?:to|-|\u2013|and|vs\.?)\s*(?P<y>\d[\d,]*)\b"
    rf"|(?P<x2>\d[\d,]*)\s+and\s+(?P<y2>\d[\d,]*)\s+(?P<a2>{_NOUN})\s+and\s+(?P<b2>{_NOUN}),?\s+respectively",
    re.IGNORECASE,
)


def _pairs(text: str, taken: list[tuple[int, int]]) -> list[Statement]:
    """ "Men outnumbered women, 96 to 26"; "96 and 26 men and women, respectively": each number to its noun."""
    found = []
    for m in _PAIR.finditer(text):
        groups = ("a", "b", "x", "y") if m.group("a") else ("a2", "b2", "x2", "y2")
        for noun_group, number_group in ((groups[0], groups[2]), (groups[1], groups[3])):
            field = _field_of(m.group(noun_group))
            start, end = m.span(number_group)
            if field is None or not _free(taken, start, end):
                continue
            value = int(m.group(number_group).replace(",", ""))
            taken.append((start, end))
            found.append(Statement(StatementKind.COUNT, field, value, text[start:end], (start, end), (start, end),
                                   range=value_range(value)))  # fmt: skip
    return found


def _count(text: str, number: Number, field: str, end: int, qualifier_start: int | None = None) -> Statement:
    qualifier, q_start = qualifier_before(text, number.start)
    after, _after_end = qualifier_after(text, number.end)
    start = q_start if qualifier else number.start
    return Statement(
        StatementKind.COUNT,
        field,
        number.value,
        text[number.start : end],
        (min(start, number.start), max(end, number.end)),
        (number.start, number.end),
        range=value_range(number.value, qualifier, after),
    )


def _read_count(text: str, number: Number, read: list[Statement], previous_fields: list[str]) -> Statement | None:
    after = text[number.end :]
    head = text[max(0, number.start - 80) : number.start]
    # 1. Part of a whole: "26 of them were women", "96 of the 122 were men", "36 of the people on board were women".
    if re.match(r"\s+of\s+(?!(?:the\s+)?(?:flights|charters|years|months)\b)", after, re.I):
        tail = re.match(
            rf"\s+of\s+[^.;:]{{0,60}}?\b(?:were|was|are|is)\s+(?:all\s+|also\s+)?(?:adult\s+)?(?P<noun>{_NOUN}|male|female)\b",
            after,
            re.IGNORECASE,
        )
        if tail and _field_of(tail.group("noun")) not in (None, "passengers_total"):
            return _count(text, number, _field_of(tail.group("noun")) or "", number.end + tail.end())
        link = _LINK_BEFORE.search(head)
        if link and _field_of(link.group("noun")) not in (None, "passengers_total"):
            # "Women made up 36 of those expelled", "the men accounted for 106 of the passengers".
            return _count(text, number, _field_of(link.group("noun")) or "", number.end)
        bare = re.match(
            rf"\s+of\s+(?:them|those|whom|these)\s*,?\s*(?:(?:adult|grown|young)\s+)?(?P<noun>{_NOUN}|male|female)\b",
            after,
            re.I,
        )
        if bare and _field_of(bare.group("noun")) not in (None, "passengers_total"):
            return _count(text, number, _field_of(bare.group("noun")) or "", number.end + bare.end())
        return None  # a part of the group doing something else ("40 of them had criminal records")
    if number.text.lower() == "one" and re.match(r"\s+[a-z]", after, re.I):
        nxt = re.match(r"\s+([\w-]+)", after)
        if nxt and nxt.group(1).lower() not in PERSON_NOUNS:
            return None  # "one aggregator", "one report": a determiner, not a count
    # 2. "96 were men", "26 are women".
    linked = _GENDER_AFTER_COPULA.match(after)
    if linked:
        field = _field_of(linked.group("noun"))
        if field:
            return _count(text, number, field, number.end + linked.end())
    # 3. Before its noun: "116 men", "122 Chinese nationals", "96 male and 26 female deportees", "122-person".
    before = before_noun(text, number)
    if before is not None:
        return before
    owner = re.search(r"\b([a-z]+)\s+of\s+$", head, re.I)
    if owner and owner.group(1).lower() not in FIGURE_OWNERS | set(PERSON_NOUNS) | {"out", "upward", "upwards"}:
        return None  # "a crew of nine", "relatives of 17": a count of what the noun before "of" names
    # 4. After its noun: "the men numbered 96", "women: 26", "the number of women was 26", "the women six".
    link = _LINK_BEFORE.search(head) or _NUMBER_OF_NOUN.search(head) or _GAPPED.search(head)
    if link and not re.match(rf"\s+(?:[\w-]+\s+)?(?:{'|'.join(NOT_PEOPLE)})\b", after, re.I):
        noun = re.sub(r"\s+", " ", link.group("noun").lower())
        if noun in _SINGULAR and re.search(r"[,:(\u2014\u2013-]\s*$", link.group(0)):
            return None  # "One man, 45, had lived…": an age or a name after one person, not a count
        field = _field_of(noun) or ("passengers_total" if re.search(r"count|total|tally|number|figure", noun) else None)
        earlier = [s.field for s in read if s.kind == StatementKind.COUNT and s.span[1] <= number.start]
        borrowed = noun in {"tally", "count", "figure", "number"} and bool(earlier or previous_fields)
        if borrowed:
            # "Just 6 were women, one aggregator claimed; ICE's tally is 26": the same quantity as the count before.
            field = (earlier or previous_fields)[-1]
        if field and not (noun in {"total", "tally", "count"} and not _removal_context(text)):
            statement = _count(text, number, field, number.end)
            if borrowed:
                _borrowed(statement, noun)
            return statement
    # 5. No noun: "ICE deports 122 to China", "the flight carried 122", "122 were aboard", "of the 122".
    if number.spelled and number.value == 1:
        return None
    if re.search(r"\b(?:of|among|from|for)\s+the\s+$", text[max(0, number.start - 12) : number.start], re.I) and (
        re.match(r"\s*,", after) and number.value >= 10  # "Of the five, the June flight…" counts flights
    ):
        return _count(text, number, "passengers_total", number.end)  # "Of the 122, eight had been convicted"
    if (
        re.search(r"\b(?:the|all|those|these)\s+$", text[max(0, number.start - 8) : number.start], re.I)
        and (
            re.match(
                r"\s*(?:[,;:.)?\u2014\u2013]|$|(?:were|was|had|have|aboard|on\s+board|who|deported|removed|in\s+all)\b)",
                after,
            )
        )
        and _removal_context(text)
        and number.value >= 10  # "the five" after a list of flights counts the flights
    ):
        return _count(text, number, "passengers_total", number.end)
    speech = _SPEECH_BEFORE.search(text[max(0, number.start - 25) : number.start])
    if (
        speech
        and re.match(r"\s*(?:[;.)]|$|[\u2014\u2013-]\s*\d|,\s*(?:according|[A-Z]|the\s+agency|officials))", after)
        and (_removal_context(text))
    ):
        earlier = [s for s in read if s.kind == StatementKind.COUNT and s.span[1] <= number.start]
        # "KnowHere said 116 men; ICE's release lists 96": the noun left out is the last one named;
        # "How many were women? ICE says 26": else the noun the question asked about.
        asked = _HOW_MANY.search(text[: number.start])
        field = earlier[-1].field if earlier else (_field_of(asked.group("noun")) if asked else None)
        statement = _count(text, number, field or "passengers_total", number.end)
        if field and not (earlier and _only_antecedent(text, number.end, earlier)):
            _borrowed(statement, "the question" if not earlier else "")
        return statement
    figure_of = re.search(r"\b(?:figure|number|count|tally|total)\s+(?:at|of|as|was|is|to|stood\s+at)\s+$",
                          text[max(0, number.start - 30) : number.start], re.I)  # fmt: skip
    if figure_of and not previous_fields and _removal_context(text) and re.match(r"\s*(?:[,;.)]|$)", after):
        return _count(text, number, "passengers_total", number.end)  # "ICE put the figure at 122."
    if figure_of and previous_fields and re.match(r"\s*(?:[,;.)\u2014\u2013]|$|instead|rather)", after):
        # "Of the deportees, 26 were women. One online report put the figure at six."
        return _borrowed(_count(text, number, previous_fields[-1], number.end), "the sentence before")
    if _PEOPLE_VERB.search(text[max(0, number.start - 30) : _qualifier_start(text, number)]) and not re.match(
        rf"\s+(?:[\w-]+\s+)?(?:{'|'.join(NOT_PEOPLE)}|orders?|cases?|applications?|requests?)\b", after, re.I
    ):
        # "ICE deported 112 ppl to China": only people are deported, whatever word follows the count.
        return _count(text, number, "passengers_total", number.end)
    verb_before = _REMOVAL_VERB_BEFORE.search(text[max(0, number.start - 40) : _qualifier_start(text, number)])
    if verb_before and _NO_NOUN_END.match(after) and _removal_context(text):
        return _count(text, number, "passengers_total", number.end)
    if _MANIFEST_AFTER.match(after) and not re.match(r"\s*(?:flights|charters)", after):
        return _count(text, number, "passengers_total", number.end)
    return None


def _borrowed(statement: Statement, where: str) -> Statement:
    """A count whose noun is not written with it but taken from elsewhere: a doubt on its reading."""
    from articles.factcheck.records import field_label

    source = f" from {where}" if where and where.startswith("the ") else " from the figure before it"
    statement.doubt(
        Step.NOUN, f"no noun is written with {statement.text!r}; it is taken as {field_label(statement.field)}{source}"
    )
    return statement


# Verbs whose object can only be people: a count right after one counts those removed.
_PEOPLE_VERB = re.compile(r"\b(?:deport(?:s|ed|ing)?|expel(?:s|led|ling)?|repatriat(?:es?|ed|ing))\s+$", re.I)
_HOW_MANY = re.compile(rf"\bhow\s+many\s+(?:(?:were|was)\s+)?(?P<noun>{_NOUN})\b[^?]*\?", re.I)
_SINGULAR = {"man", "woman", "person", "child", "individual", "national", "citizen", "detainee", "deportee", "minor",
             "juvenile", "migrant", "immigrant", "alien", "passenger", "noncitizen"}  # fmt: skip
_SPEECH_BEFORE = re.compile(
    r"\b(?:says?|said|reports?|reported|puts?|listed|lists|counted|counts|gave|gives|tells\s+us|told\s+us)\s+$", re.I
)


def _qualifier_start(text: str, number: Number) -> int:
    qualifier, start = qualifier_before(text, number.start)
    return start if qualifier else number.start


def _removal_context(text: str) -> bool:
    return bool(
        re.search(
            r"\b(?:flights?|charters?|planes?|aircraft|aboard|on\s?board|deport\w*|remov\w*|repatriat\w*|flown|flew|"
            r"expel\w*|sent|returned|passengers?|deportees?|manifest|carr\w*|held|took|people|how\s+many|"
            r"count|total|number|breakdown|men|women|children|detainees|nationals|aliens|deportees)\b",
            text,
            re.IGNORECASE,
        )
    )


def before_noun(text: str, number: Number) -> Statement | None:
    after = text[number.end :]
    compound = re.match(r"-(?:person|passenger|people|deportee|detainee)\b", after, re.I)
    if compound:
        return _count(text, number, "passengers_total", number.end + compound.end())
    words = list(re.finditer(r"(?:\s+|-)(?:and\s+|or\s+)?([A-Za-z][\w'\u2019-]*)", after[:80]))
    field: str | None = None
    end = number.end
    cursor = 0  # where the next word must start for the phrase to go on
    gap = 0
    for m in words:
        if m.start() != cursor:
            break
        if cursor == 0 and re.match(r"\s+(?:and|or)\s", m.group(0)):
            return None  # "women numbering 26 and men 96": the noun after "and" is the next count's
        cursor = m.end()
        word = m.group(1).lower().rstrip("'\u2019")
        if word in {"and", "or"}:
            break
        if word in NOT_PEOPLE or re.match(r"(?:years?|months?|weeks?|days?|hours?)(?:-|$)", word):
            return None  # "a 68-year-old woman", "12-hour flight"
        if word == "men" and re.match(r"\s+and\s+women\b", after[m.end() :], re.I):
            end = number.end + m.end() + len(re.match(r"\s+and\s+women", after[m.end() :], re.I).group(0))
            field = "passengers_total"
            break
        if (
            word in PERSON_NOUNS
            and number.value == 1
            and word in {"man", "woman", "child", "person", "minor", "girl", "boy"}
        ):
            return None  # "One man, 45, had lived in Queens": a person, not a count of those aboard
        if word in PERSON_NOUNS:
            field = (
                field
                if field in {"passengers_male", "passengers_female", "passengers_juvenile"}
                and (PERSON_NOUNS[word] == "passengers_total")
                else PERSON_NOUNS[word]
            )
            end = number.end + m.end()
            break
        if word in NARROWING:
            field = NARROWING[word]
            end = number.end + m.end()
            nxt = re.match(r"\s*(?:,|and|or)\s", after[m.end() :])
            if nxt:
                break  # "96 male and 26 female deportees": the adjective stands for the noun
            gap += 1
            continue
        if word in DEMONYMS or word in FILLER_BEFORE_NOUN or (m.group(1)[:1].isupper() and gap < 2) or "-" in word:
            end_if_last = number.end + m.end()
            gap += 1
            if gap > 3:
                return None
            if word in DEMONYMS and (
                not re.match(r"[\s-]+[A-Za-z]", after[m.end() :])
                or re.match(r"\s+(?:were|was|deported|removed|aboard|on|to|back|from|in)\b", after[m.end() :], re.I)
            ):
                # "ICE deports 122 Chinese": the nationality stands for the people.
                return _with_subgroup_check(text, _count(text, number, "passengers_total", end_if_last))
            continue
        if word in {"such"} or (
            gap < 2 and m.group(1).islower() and word not in _BETWEEN_STOP and not word.endswith("ly")
        ):
            gap += 1  # "132 illegal aliens", "122 human beings": an adjective between the count and its noun
            continue
        break
    if field is None:
        return None
    return _with_subgroup_check(text, _count(text, number, field, end))


def _with_subgroup_check(text: str, statement: Statement) -> Statement | None:
    """ "Three women aboard told relatives…": a part of the group doing something else, not a count of all."""
    rest = text[statement.span[1] :]
    m = re.match(
        r"\s*(?:(?:aboard|on\s+board|onboard|on\s+the\s+(?:flight|plane|charter)|who\s+were\s+(?:aboard|deported|"
        r"removed|on\s+board))\s*)?(?:(?:were|was|had|have|also|later|then|all|each|both)\s+){0,2}(\w+)",
        rest,
        re.IGNORECASE,
    )
    if m and m.group(1).lower() in NOT_MANIFEST_PREDICATES:
        # Only a part of the group when the words say so: "Three women aboard told…", "12 people were arrested".
        marked = re.match(
            r"\s*(?:aboard|on\s+board|onboard|on\s+the\s+(?:flight|plane|charter)|who\s+were)\b", rest, re.I
        )
        passive = re.match(r"\s*(?:,\s*)?(?:were|was|had\s+been|have\s+been)\s+", rest, re.I)
        if marked or passive:
            return None
    return statement
