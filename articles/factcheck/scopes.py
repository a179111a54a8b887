"""Stance with scope: which stretch of a sentence a credit ("KnowHere reported"), a label, a denial or a doubt covers.

A sentence is cut into segments at commas, dashes, parentheses, colons and semicolons, and into clauses at
semicolons and contrasting conjunctions ("but", "while"). Each cue covers a region:

- "according to X" and "X said" written as their own segment cover their clause; "X said (that) …" and
  "X reported …" cover what follows them to the end of the clause;
- a label ("labeled as “X”", "dubbed", "described as") covers only its object: the quoted words, or the
  rest of its segment;
- an aside that comments on a figure ("a figure KnowHere reported", "which is wrong") covers the segment before it;
- a negation covers what follows it in its segment, and only when it negates the claim itself
  ("did not carry", "not 116", "was not the first"), never a verb of telling ("did not say");
- an explicit verdict ("wrongly reported", "the 116 figure is incorrect") denies the figure it names.

A statement takes its polarity from any denial covering it, its attribution from the innermost credit
covering it, and is doubted when a hedge ("unverified") covers it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from articles.factcheck.lexicon import (
    DENIAL_ADJECTIVES,
    DENIAL_ADVERBS,
    DENIAL_PREFIXES,
    FIGURE_NOUNS,
    GOVERNMENT_WORDS,
    HEDGES,
    LABEL_VERBS,
    OUTLET_WORDS,
    SPEECH_VERBS,
    UNNAMED_WORDS,
    WITHHOLDING_VERBS,
)
from articles.factcheck.statements import Attribution, Polarity, Stance

_SEGMENT_BREAK = re.compile(r"[,;:()\[\]\u2014\u2013]|\s-{1,2}\s")
_CLAUSE_BREAK = re.compile(
    r";|\s(?:but|while|whereas|although|though|however|yet|even\s+as|meanwhile)\b|\.\s", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z][\w'\u2019.-]*")
_QUOTE_OPEN = "\u201c\"\u2018'"
_QUOTE_CLOSE = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019", "'": "'"}
_PRONOUNS = {"it", "they", "he", "she", "i", "this", "that", "which", "who", "what"}
# The story's own voice: "as we reported", "we're told", "this newspaper has learned".
_SELF = {"we", "our", "us", "this newspaper", "this station", "this reporter"}
# People who speak for others, whose party may then name those they speak for ("lawyers for the deportees").
_SPEAKING_FOR = {
    "lawyer", "lawyers", "attorney", "attorneys", "relatives", "relative", "families", "family", "advocates",
    "advocate", "friends", "friend", "representatives", "spokesperson", "spokesman", "spokeswoman", "counsel",
}  # fmt: skip
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "one", "some", "that", "this", "those", "these"}
_SPEECH = "|".join(sorted((re.escape(v) for v in SPEECH_VERBS), key=len, reverse=True))
_LABEL = "|".join(sorted((re.escape(v) for v in LABEL_VERBS), key=len, reverse=True))
_ACCORDING = re.compile(r"\b(?:according\s+to|per|citing|as\s+(?:reported|stated|described|told)\s+by)\s+", re.I)
_UNNAMED_CUES = re.compile(
    # "We have heard reports that …", "there were reports that …": hearsay, whoever heard it.
    r"\b(?:(?:heard|seen|received|read|are|were|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:reports?|claims|rumou?rs)\s+that|"
    r"reportedly|allegedly|purportedly|supposedly|it\s+(?:was|is|has\s+been)\s+reported|"
    r"(?:were|was|are|is|has\s+been|have\s+been)\s+(?:widely\s+)?(?:reported|said|claimed|rumou?red)|"
    r"reports?\s+(?:said|say|says|suggest(?:ed|s)?|claim(?:ed|s)?|put|indicated?)|rumou?rs?|"
    r"by\s+some\s+accounts|by\s+one\s+account|some\s+(?:outlets|reports|accounts|sites|posts))\b",
    re.IGNORECASE,
)
_FILLER_BEFORE_CREDIT = re.compile(r"(?i)\b(?:that|this|it)(?:[\u2019']s|\s+is|\s+was)\b|\b(?:all|and|but)\b")
_NEGATION = re.compile(r"\b(?:not|never|no\s+longer)\b|n[\u2019']t\b", re.IGNORECASE)
# After a negation, these words make it deny the claim itself ("was not the first", "did not carry 116").
_DENIABLE = re.compile(
    r"(?:\s+(?:actually|really|in\s+fact|quite|exactly|even|so\s+much\s+as))?\s+(?:"
    r"\d|one\b|two\b|three\b|four\b|five\b|six\b|seven\b|eight\b|nine\b|ten\b|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|a\s+hundred|the\b|a\b|an\b|all\b|every\b|each\b|more\b|fewer\b|less\b|"
    r"over\b|under\b|nearly\b|about\b|around\b|roughly\b|almost\b|at\s+least\b|at\s+most\b|as\s+many\b|"
    r"first\b|since\b|in\s+\d|on\s+[A-Z]|carry|carried|include|included|number|numbered|total|totaled|"
    r"totalled|leave|left|depart|departed|fly|flew|flown|take\s+off|took\s+off|have|had|mark|marked|make|made|"
    r"remove|removed|deport|deported|return|returned|board|boarded|contain|contained|hold|held|transport|"
    r"transported|comprise|comprised|account|happen|occur|occurred|be\b|been\b|aboard|on\s+board|men\b|"
    r"women\b|children\b|only\b|just\b|quite|among|part|until|till|before|after|sixth|fifth|fourth|third|"
    r"second|seventh|eighth|ninth|tenth|largest|biggest|outnumber|everyone|everybody)",
    re.IGNORECASE,
)
_NOT_DENIAL_AFTER = re.compile(
    r"\s+(?:only|just|yet|immediately|clear|known|disclosed|available|long|far|least|always|necessarily|since)\b", re.I
)
_DENIAL_PREFIX = re.compile(DENIAL_PREFIXES, re.I)
_DENIAL_ADVERB = re.compile(r"\b(?:" + "|".join(DENIAL_ADVERBS) + r")\b", re.IGNORECASE)
_ADJ = "|".join(re.escape(a) for a in sorted(DENIAL_ADJECTIVES, key=len, reverse=True))
_FIG = "|".join(FIGURE_NOUNS)
# "the 116 figure is incorrect", "That number was wrong", "KnowHere's claim of 116 men is false".
_VERDICT = re.compile(
    rf"\b(?P<np>(?:the|that|this|a|its|their|[\w'\u2019]+['\u2019]s)?\s*(?:[\w,.'\u2019-]+\s+){{0,4}}?(?:{_FIG})"
    rf"(?:\s+(?:of|for|at)\s+[\w,. -]{{1,30}}?)?)\s+(?:is|was|are|were|proved|proves|turned\s+out\s+to\s+be|"
    rf"appears\s+to\s+be|appeared\s+to\s+be|seems|seemed|remains|has\s+been|had\s+been)\s+"
    rf"(?:\w+ly\s+|also\s+|simply\s+|just\s+)?(?:{_ADJ})\b",
    re.IGNORECASE,
)
# "the incorrect figure of 116", "a false claim of 116 men".
_VERDICT_BEFORE = re.compile(rf"\b(?:{_ADJ})\s+(?:{_FIG})\b", re.IGNORECASE)
_VERDICT_CLAUSE = re.compile(
    rf"(?:\b(?P<pronoun>that|this|which|it|both|each|all\s+(?:of\s+)?(?:that|those|these|them))\s+|"
    rf"(?<=[,\u2014\u2013)]\s)|(?<=[a-z]\s))(?:claim\s+)?(?:is|was|are|were|proved|turned\s+out\s+to\s+be|has\s+been|had\s+been)"
    rf"\s+(?:\w+ly\s+|also\s+|simply\s+|just\s+)?(?:not\s+(?:true|correct|accurate|right)|{_ADJ})\b",
    re.IGNORECASE,
)
_DISMISSAL = re.compile(
    rf"\b(?:(?:called|deemed|branded|labell?ed|declared|pronounced)\s+(?:the|that|this|those|these|such)\s+(?:{_FIG})"
    rf"(?:\s+as)?\s+(?:{_ADJ})|(?P<verb>dismiss|den(?:y|ie)|reject|refut|debunk|correct|contradict|disprov)\w*\s+"
    rf"(?:the\s+|that\s+|this\s+|those\s+|these\s+|such\s+|[\w.]+[\u2019']s\s+)?(?:\w+\s+)?(?:{_FIG}))\b",
    re.IGNORECASE,
)
# "Neither the 116 men nor the six women … match ICE's figures"; "the figures do not match the release".
_MISMATCH = re.compile(
    r"\bneither\b[^.;]*?\bnor\b[^.;]*?\b(?:match|matches|agree|agrees|square|squares|add\s+up|adds\s+up|hold\s+up)\b"
    r"|\b(?:do|does|did)(?:\s+not|n[\u2019']t)\s+(?:match|square|agree|tally|line\s+up|add\s+up|hold\s+up)\b",
    re.IGNORECASE,
)
# An aside that says the figure before it was taken back: ", a figure the agency later corrected to 122".
_TAKEN_BACK = re.compile(
    r"\b(?:corrected|revised|retracted|withdrew|withdrawn|denied|rejected|refuted|debunked)\b", re.I
)
_HEDGE = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in HEDGES) + r")\b", re.IGNORECASE)
# An aside that comments on the figure before it: ", a figure KnowHere reported", ", which is wrong".
_COMMENT_ASIDE = re.compile(rf"^\s*(?:(?:a|the|that|this|which|its)\s+(?:{_FIG})\b|which\b|a\s+claim\b)", re.I)
_SPEECH_AFTER_PARTY = re.compile(rf"\b(?:{_SPEECH})\b", re.IGNORECASE)


# A question that opens with an auxiliary verb and ends with its question mark.
_YES_NO_QUESTION = re.compile(
    r"(?:^|(?<=[.?!:]\s))(?:was|were|is|are|did|does|do|has|had|have|could|would|will)\b[^?.!]*\?", re.I
)


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    polarity: Polarity | None = None
    attribution: Attribution | None = None
    who: str = ""
    hedged: bool = False
    cue: str = ""
    targets: tuple[int, ...] = ()  # denial of figures with these values only ("the 116 figure is wrong")


def segments(text: str) -> list[tuple[int, int]]:
    cuts = [0]
    for m in _SEGMENT_BREAK.finditer(text):
        cuts += [m.start(), m.end()]
    cuts.append(len(text))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2) if cuts[i + 1] > cuts[i]]


def clauses(text: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() + (1 if m.group(0).startswith(" ") else 0) for m in _CLAUSE_BREAK.finditer(text)]
    cuts.append(len(text))
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _containing(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for start, end in spans:
        if start <= pos < end:
            return start, end
    return spans[-1] if spans else (0, 0)


def classify_party(who: str) -> Attribution:
    """Whose voice a credited party is: a source on record (an agency, its release), another outlet, or unnamed."""
    words = [w.lower().strip(".,'\u2019") for w in _WORD.findall(who)]
    lowered = " ".join(words)
    if words and re.sub(r"[\u2019']\w+$", "", words[0]) in _SELF and not any(w in UNNAMED_WORDS for w in words):
        return Attribution.OWN  # "as we reported", "we're told": the story's own voice
    if not words or all(w in _PRONOUNS | _DETERMINERS for w in words):
        return Attribution.UNNAMED
    if re.search(r"\b(?:news|press)\s+releases?\b", lowered):
        return Attribution.RECORD_SOURCE
    outlet = any(w in OUTLET_WORDS for w in words) or "i am gujarat" in lowered
    government = any(w in GOVERNMENT_WORDS or w.rstrip("'s\u2019") in GOVERNMENT_WORDS for w in words)
    government |= any(phrase in lowered for phrase in ("field office", "removal operations", "white house"))
    if outlet and not (government and words[0] in {"ice", "dhs", "ice's", "dhs's"}):
        return Attribution.OTHER_OUTLET
    if government:
        return Attribution.RECORD_SOURCE
    if any(w in UNNAMED_WORDS for w in words):
        return Attribution.UNNAMED
    if any(token[:1].isupper() for token in _WORD.findall(who)):
        return Attribution.OTHER_OUTLET  # a named party that is not on record: an advocate, another paper
    if any(w in {"advocates", "advocacy", "critics", "lawyers", "attorneys", "relatives", "families", "group"}
           for w in words):  # fmt: skip
        return Attribution.OTHER_OUTLET
    return Attribution.UNNAMED


def _party_before(text: str, seg_start: int, verb_start: int) -> str:
    """The words naming who speaks before a verb: "KnowHere News" in "…, KnowHere News reported"."""
    chunk = text[seg_start:verb_start]
    # Start after the last word that opens a clause ("that", "as", "and", "which").
    cut = 0
    for m in re.finditer(
        r"\b(?:that|as|and|which|when|where|while|but|because|so|what|who|whom|though|although|if|yet)\b", chunk, re.I
    ):
        cut = m.end()
    party = chunk[cut:].strip(" \u201c\u201d\"'")
    words = _WORD.findall(party)
    return " ".join(words[-6:]) if words else ""


def _looks_like_party(party: str) -> bool:
    if not party:
        return False
    words = [w.lower() for w in _WORD.findall(party)]
    if any(re.match(r"\d", w) for w in words) or words in (["all"], ["in", "all"]):
        return False
    if words and words[-1] in {"were", "was", "is", "are", "been", "be", "have", "has", "had", "not", "to"}:
        return False
    if any(w in {"was", "were", "is", "are"} for w in words[1:]):
        return False  # "KnowHere News was among the first to report": a clause, not a party
    # "Lawyers for several deportees", "relatives of the women": a party whose head is a person speaking for others.
    head = next((w for w in words if w not in _DETERMINERS and not re.fullmatch(r"several|many|two|three|some", w)), "")
    if (
        head in _SPEAKING_FOR
        and len(words) > 1
        and words[words.index(head) + 1 : words.index(head) + 2] in (["for"], ["of"], ["representing"])
    ):
        return len(words) <= 6
    if any(w in {"flight", "charter", "plane", "men", "women", "people", "deportees", "passengers"} for w in words):
        return False
    return len(words) <= 6


def _resolve_pronoun(party: str, before: str) -> Attribution:
    """ "It said…": the party the text named last (in this sentence or the one before)."""
    words = [w.lower().strip(".,'\u2019") for w in _WORD.findall(before)]
    for word in reversed(words):
        if word in GOVERNMENT_WORDS or word.rstrip("'s\u2019") in GOVERNMENT_WORDS:
            return Attribution.RECORD_SOURCE
        if word in OUTLET_WORDS:
            return Attribution.OTHER_OUTLET
    return Attribution.UNNAMED


def regions(text: str, previous: str = "") -> list[Region]:
    """Every stance cue in the sentence with the stretch it covers (previous: the sentence before, for "It said")."""
    segs = segments(text)
    clause_spans = clauses(text)
    found: list[Region] = []

    def clause_of(pos: int) -> tuple[int, int]:
        return _containing(clause_spans, pos)

    def previous_segment(seg: tuple[int, int]) -> tuple[int, int] | None:
        index = segs.index(seg)
        return segs[index - 1] if index > 0 else None

    def is_only_attribution(seg: tuple[int, int], cue_start: int, cue_end: int) -> bool:
        before = text[seg[0] : cue_start]
        after = text[cue_end : seg[1]]
        rest = re.sub(r"\b(?:on|in|last|this|earlier|a|an|the|its|their|news|press|statement|release|monday|"
                      r"tuesday|wednesday|thursday|friday|saturday|sunday|week|month|report|post|and|also|"
                      r"that|has|have|had|as|later|later|recently|previously|said|told|wrote)\b|[\W\d]",
                      "", after, flags=re.I)  # fmt: skip
        return not re.search(r"\d", before) and len(rest) <= 2

    # 1. "according to X", "per X", "citing X".
    for m in _ACCORDING.finditer(text):
        seg = _containing(segs, m.start())
        who = " ".join(_WORD.findall(text[m.end() : seg[1]])[:6])
        cls = classify_party(who)
        # "…, according to X" or "— that's according to X": the credit is the whole aside.
        only = not re.search(r"\w", _FILLER_BEFORE_CREDIT.sub("", text[seg[0] : m.start()]))
        start, end = clause_of(m.start()) if only else seg
        found.append(Region(start, end, attribution=cls, who=who, cue=text[m.start() : seg[1]].strip()))

    # 2. "X said …", "…, X said", "KnowHere reported 116 men", "as X reported".
    for m in _SPEECH_AFTER_PARTY.finditer(text):
        seg = _containing(segs, m.start())
        party = _party_before(text, seg[0], m.start())
        if not party and segs.index(seg) >= 2 and not text[seg[0] : m.start()].strip():
            # "The Justice Collective, an advocacy group, said …": the party is named before its aside.
            index = segs.index(seg)
            party = " ".join(_WORD.findall(text[segs[index - 2][0] : segs[index - 1][1]]))
            party = party if len(party.split()) <= 8 else ""
        verb = m.group(0).lower()
        if verb in LABEL_VERBS and re.match(r"\s+(?:it|them|the\s+\w+\s+)?\s*(?:as\b|\u201c|\")", text[m.end() :]):
            continue  # a label: handled below
        if not _looks_like_party(party):
            continue
        if verb in {"report", "reports", "claims", "claim"} and re.search(
            r"\b(?:heard|seen|read|received|are|were|been|there|amid|despite|of)\s*$", party, re.I
        ):
            continue  # "We have heard reports that …": a noun, hearsay (3), not the party's own telling
        if re.search(r"\b(?:did|does|do|would|could|has|have|had)\s+not\s*$|n[\u2019']t\s*$", party, re.I):
            continue
        cls = classify_party(party)
        if party.lower() in {"it", "they", "he", "she", "the agency", "the department"} or (
            cls == Attribution.UNNAMED and (party.lower() in _PRONOUNS)
        ):
            cls = (
                _resolve_pronoun(party, previous + " " + text[: m.start() - len(party)])
                if party.lower() in (_PRONOUNS | {"they", "he", "she"})
                else cls
            )
        cue = f"{party} {verb}"
        as_aside = bool(re.search(r"\bas\s+(?:\w+\s+){0,6}$", text[seg[0] : m.start()], re.I))
        if is_only_attribution(seg, m.start() - len(party), m.end()) or as_aside:
            as_start = re.search(r"\bas\s+(?:\w+\s+){0,6}$", text[seg[0] : m.start()], re.I)
            content_before = as_aside and as_start and re.search(r"\w{2,}", text[seg[0] : seg[0] + as_start.start()])
            if content_before:
                found.append(Region(seg[0], seg[1], attribution=cls, who=party, cue=cue))
            elif as_aside and seg[0] > clause_of(seg[0])[0]:
                prev = previous_segment(seg)
                start = prev[0] if prev else seg[0]
                found.append(Region(start, seg[1], attribution=cls, who=party, cue=cue))
            else:
                start, end = clause_of(m.start())
                found.append(Region(start, end, attribution=cls, who=party, cue=cue))
        else:
            _start, end = clause_of(m.start())
            found.append(Region(m.end(), end, attribution=cls, who=party, cue=cue))
        if _DENIAL_ADVERB.search(text[seg[0] : m.end()]):
            # "as one outlet wrongly reported": the writer denies what the outlet said.
            prev = previous_segment(seg) if is_only_attribution(seg, m.start() - len(party), m.end()) else None
            start = prev[0] if prev else m.end()
            end = seg[1] if prev else clause_of(m.start())[1]
            found.append(Region(start, end, polarity=Polarity.DENIED, cue=text[seg[0] : m.end()].strip()))

    # 3. Unnamed reports: "reportedly", "it was reported", "some reports said".
    for m in _UNNAMED_CUES.finditer(text):
        start, end = clause_of(m.start())
        seg = _containing(segs, m.start())
        if re.fullmatch(
            r"(?i)\s*(?:reportedly|allegedly|purportedly|supposedly)\s*", text[seg[0] : seg[1]]
        ) is None and (re.match(r"(?i)reportedly|allegedly|purportedly|supposedly", m.group(0))):
            start, end = seg  # "when the last such flight reportedly left": only its own phrase
        found.append(Region(start, end, attribution=Attribution.UNNAMED, who="unnamed reports", cue=m.group(0)))

    # 4. Labels: cover their object only.
    for m in re.finditer(rf"\b(?:{_LABEL})\b", text, re.IGNORECASE):
        after = text[m.end() :]
        obj = re.match(
            r"\s*(?:to\s+)?(?:it|them|the\s+(?:flight|charter|plane|removal)|this)?\s*"
            r"(?:(?:by|on|in|across|online|widely)\s+[^,\u201c\"]{0,40}?\s*(?=as\b))?(?:as\s+)?"
            r"(?:by\s+[^,\u201c\"]+?\s+as\s+)?(?:an?\s+|the\s+)?",
            after,
            re.I,
        )
        obj_start = m.end() + (obj.end() if obj else 0)
        seg = _containing(segs, m.start())
        if obj_start < len(text) and text[obj_start] in _QUOTE_OPEN:
            close = text.find(_QUOTE_CLOSE[text[obj_start]], obj_start + 1)
            obj_end = close + 1 if close > 0 else seg[1]
        else:
            if m.group(0).lower() in {"called", "described", "presented", "cast", "referred"} and not (
                obj and re.search(r"\bas\b|\bit\b|\bthem\b", obj.group(0))
            ):
                continue  # "ICE called for…", "described the scene": not a label
            obj_end = _containing(segs, obj_start)[1] if obj_start < len(text) else seg[1]
        by = re.search(r"\bby\s+((?:[\w.'\u2019-]+\s*){1,5})", text[m.end() : obj_end + 40])
        party = _party_before(text, seg[0], m.start())
        who = by.group(1).strip() if by else (party if _looks_like_party(party) else "")
        cls = classify_party(who) if who else Attribution.UNNAMED
        found.append(Region(obj_start, obj_end, attribution=cls, who=who or "a label", cue=m.group(0)))

    # 5. Negation of the claim itself, forward to the end of its segment (past an aside when nothing follows it).
    for m in _NEGATION.finditer(text):
        after = text[m.end() :]
        if _NOT_DENIAL_AFTER.match(after):
            continue
        if re.match(r"\s+(?:one\s+of|a\s+single|one\s+(?:person|passenger|deportee|alien))\b", after, re.I):
            continue  # "Not one of the 122 was a minor": a count of none, read by the count reader
        following = re.match(r"\s+(?:(?:even|actually|ever|always|yet|explicitly|specifically)\s+)?(\w+)", after)
        seg_end = _containing(segs, m.start())[1]
        figure_follows = re.match(
            r"[^?]*?\d|[^?]*?\b(?:the\s+first|since)\b", text[m.end() : seg_end]
        ) and not re.search(r"\b(?:how|whether|what|which|why|when|where|if)\b", text[m.end() : seg_end], re.I)
        if following and following.group(1).lower() in WITHHOLDING_VERBS and not figure_follows:
            # "ICE did not say how many…", "would not confirm the 116 figure": withheld, not denied.
            _s, end = clause_of(m.start())
            found.append(Region(m.end(), end, hedged=True, cue=text[m.start() : m.end() + following.end()]))
            continue
        withheld_figure = following and following.group(1).lower() in WITHHOLDING_VERBS and figure_follows
        if not withheld_figure and not _DENIABLE.match(after) and not re.match(r"\s*[,\u2014\u2013(]", after):
            continue
        seg = _containing(segs, m.start())
        end = min(seg[1], clause_of(m.start())[1])
        if not re.search(r"\w{2,}.*\w{2,}", text[m.end() : end]):
            # "It was not, as KnowHere claimed, the first since 2018": the denial reaches past the aside.
            index = segs.index(seg)
            for later in segs[index + 1 :]:
                end = later[1]
                chunk = text[later[0] : later[1]]
                if not (_SPEECH_AFTER_PARTY.search(chunk) or _ACCORDING.search(chunk)):
                    break
        found.append(Region(m.start(), end, polarity=Polarity.DENIED, cue=text[m.start() : m.end()].strip()))
    for m in _DENIAL_PREFIX.finditer(text):
        seg = _containing(segs, m.start())
        found.append(Region(m.start(), seg[1], polarity=Polarity.DENIED, cue=m.group(0)))

    # 6. Explicit verdicts on a figure.
    for m in _DENIAL_ADVERB.finditer(text):
        if any(r.polarity == Polarity.DENIED and r.start <= m.start() < r.end + 40 for r in found):
            continue
        if re.search(r"\b(?:is|was|are|were|be|been|seems?|seemed)\s+(?:\w+ly\s+|just\s+|simply\s+|also\s+)?$",
                     text[: m.start()], re.I):  # fmt: skip
            continue  # "which is wrong — ICE says 96": a predicate judges what came before it (6b), not what follows
        seg = _containing(segs, m.start())
        _s, end = clause_of(m.start())
        found.append(Region(m.start(), end, polarity=Polarity.DENIED, cue=m.group(0)))
    for m in _VERDICT.finditer(text):
        values = tuple(int(v.replace(",", "")) for v in re.findall(r"\d[\d,]*", m.group("np")))
        seg = _containing(segs, m.start())
        if values:
            found.append(Region(0, len(text), polarity=Polarity.DENIED, cue=m.group(0), targets=values))
        else:
            prev = previous_segment(seg)
            start = prev[0] if prev and not re.search(r"\d", text[seg[0] : m.start()]) else seg[0]
            found.append(Region(start, m.start(), polarity=Polarity.DENIED, cue=m.group(0)))
    for m in _VERDICT_BEFORE.finditer(text):
        seg = _containing(segs, m.start())
        found.append(Region(m.start(), seg[1], polarity=Polarity.DENIED, cue=m.group(0)))

    # 6b. A clause that judges what came before it: "…, but that is false", "the breakdown …, was wrong".
    for m in _VERDICT_CLAUSE.finditer(text):
        clause = clause_of(m.start())
        if m.group("pronoun"):
            earlier = [c for c in clause_spans if c[1] <= clause[0]]
            start = earlier[-1][0] if earlier and clause[0] > 0 and m.start() - clause[0] < 12 else clause[0]
        else:
            start = clause[0]
        found.append(Region(start, m.start(), polarity=Polarity.DENIED, cue=m.group(0).strip()))
    for m in _DISMISSAL.finditer(text):
        seg = _containing(segs, m.start())
        if m.group("verb") and re.search(r"\d|\b(?:six|five|seven|eight|nine|ten)\b", text[m.end() : seg[1]], re.I):
            # "rejecting reports of 140": the figure is the verb's object.
            found.append(Region(m.start(), seg[1], polarity=Polarity.DENIED, cue=m.group(0)))
        else:
            found.append(Region(clause_of(m.start())[0], m.start(), polarity=Polarity.DENIED, cue=m.group(0)))
    for m in _MISMATCH.finditer(text):
        found.append(Region(clause_of(m.start())[0], m.end(), polarity=Polarity.DENIED, cue=m.group(0)))
    # 6b'. A yes/no question is not a claim; answered "No", it is denied: "Was it the first flight since 2018? No: …".
    for m in _YES_NO_QUESTION.finditer(text):
        answer = text[m.end() :]
        if re.match(r"\s*(?:no|nope|not\s+(?:quite|exactly|so))\b", answer, re.I):
            found.append(Region(m.start(), m.end(), polarity=Polarity.DENIED, cue=f"{m.group(0).strip()} No"))
        elif not re.match(r"\s*(?:yes|yep|indeed|correct)\b", answer, re.I):
            found.append(Region(m.start(), m.end(), attribution=Attribution.UNNAMED, who="a question", cue=m.group(0)))
    # 6c. A question is not a claim: "asked whether the plane carried 116 men".
    for m in re.finditer(r"\b(?:whether|if)\b", text, re.IGNORECASE):
        if re.search(
            r"\b(?:ask(?:ed|s)?|wonder(?:ed|s)?|question(?:ed|s)?|unclear|unknown)\b[^.;]{0,30}$",
            text[: m.start()],
            re.I,
        ):
            _s, end = clause_of(m.start())
            found.append(Region(m.start(), end, attribution=Attribution.UNNAMED, who="a question", cue=m.group(0)))

    # 7. Doubts: the segment they sit in, or the figure an aside comments on.
    for m in _HEDGE.finditer(text):
        seg = _containing(segs, m.start())
        start = seg[0]
        prev = previous_segment(seg)
        if prev and (_COMMENT_ASIDE.match(text[seg[0] : seg[1]]) or not re.search(r"\d", text[seg[0] : seg[1]])):
            start = prev[0]
        found.append(Region(start, seg[1], hedged=True, cue=m.group(0)))

    # 8. Asides that comment on the figure before them carry their credit back to it.
    for seg in segs:
        if not _COMMENT_ASIDE.match(text[seg[0] : seg[1]]):
            continue
        prev = previous_segment(seg)
        if prev is None:
            continue
        inside = [r for r in found if seg[0] <= r.start < seg[1] and r.attribution is not None and r.end <= seg[1] + 1]
        for r in inside:
            found.append(Region(prev[0], prev[1], attribution=r.attribution, who=r.who, cue=r.cue))
        taken_back = _TAKEN_BACK.search(text[seg[0] : seg[1]])
        if taken_back:
            found.append(Region(prev[0], prev[1], polarity=Polarity.DENIED, cue=taken_back.group(0)))
    return found


def stance_for(found: list[Region], start: int, end: int, value: object = None) -> Stance:
    """The stance of the statement whose figure is text[start:end], by the precedence above."""
    covering = [r for r in found if r.start <= start and end <= r.end + 1]
    denied = [r for r in covering if r.polarity == Polarity.DENIED and (not r.targets or (value in r.targets))] + [
        r for r in found if r.targets and value in r.targets and r not in covering
    ]
    credits = sorted((r for r in covering if r.attribution is not None), key=lambda r: r.end - r.start)
    hedges = [r for r in covering if r.hedged]
    polarity = Polarity.DENIED if denied else Polarity.AFFIRMED
    attribution, who, cue = Attribution.OWN, "", ""
    if credits:
        attribution, who, cue = credits[0].attribution or Attribution.OWN, credits[0].who, credits[0].cue
    if denied:
        cue = denied[0].cue
    elif hedges and not cue:
        cue = hedges[0].cue
    return Stance(polarity, attribution, who, bool(hedges), cue)
