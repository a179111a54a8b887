"""An article's readable text, split into sentences, with the stretches rendered from records marked."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Block elements end a paragraph: a sentence never runs across them.
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "tr", "br", "hr", "pre"}
# Words whose full stop does not end a sentence ("U.S. Immigration", "Jan. 6").
_ABBREVIATIONS = {
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "no",
    "gov",
    "sen",
    "rep",
    "gen",
    "lt",
    "col",
    "sgt",
    "inc",
    "co",
    "vs",
    "approx",
}
# A question does not end the statement: "The total on board? 142, ICE said." reads as one sentence.
_SENTENCE_END = re.compile(r"[.!][\"\u201d\u2019')\]]*\s+")


@dataclass
class Sentence:
    """One sentence as a reader sees it, and where in it the text came from a record (a shortcode)."""

    text: str
    record_spans: list[tuple[int, int]] = field(default_factory=list)
    previous: str = ""  # the sentence before it in the same paragraph, which often names the flight
    written: str = ""  # the sentence as typed, when `text` is its reading with spoken numbers as digits

    def from_record(self, start: int, end: int) -> bool:
        """Whether any of text[start:end] was rendered from a record rather than typed by a writer."""
        return any(s < end and start < e for s, e in self.record_spans)


class _TextExtractor(HTMLParser):
    """Collects text from rendered article HTML, marking citation values and dropping footnote markers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[Sentence] = [Sentence("")]
        self._citation_depth = 0
        self._span_stack: list[bool] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._break()
        if tag == "span":
            classes = (dict(attrs).get("class") or "").split()
            is_citation = "citation" in classes
            self._span_stack.append(is_citation)
            self._citation_depth += is_citation
        elif tag == "sup":
            self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._span_stack:
            self._citation_depth -= self._span_stack.pop()
        elif tag == "sup" and self._skip_depth:
            self._skip_depth -= 1
        if tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return  # footnote numbers are not part of the sentence
        current = self.paragraphs[-1]
        start = len(current.text)
        current.text += data
        if self._citation_depth:
            current.record_spans.append((start, start + len(data)))

    def _break(self) -> None:
        if self.paragraphs[-1].text.strip():
            self.paragraphs.append(Sentence(""))


def paragraphs_from_html(html: str) -> list[Sentence]:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return [p for p in parser.paragraphs if p.text.strip()]


def split_sentences(paragraph: Sentence) -> list[Sentence]:
    """Sentences of a paragraph, keeping each record span on the sentence it falls in."""
    text = paragraph.text
    cuts = [0]
    for match in _SENTENCE_END.finditer(text):
        word = re.search(r"([A-Za-z.]+)[.!?]?[\"\u201d\u2019')\]]*\s*$", text[: match.end()])
        before = word.group(1).rstrip(".").lower() if word else ""
        # "U.S." and other initialisms keep the sentence going, as do the abbreviations above.
        if before in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", before):
            continue
        cuts.append(match.end())
    cuts.append(len(text))
    sentences = []
    for start, end in itertools.pairwise(cuts):
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        offset = start + chunk.index(stripped)
        spans = [
            (max(s, offset) - offset, min(e, offset + len(stripped)) - offset)
            for s, e in paragraph.record_spans
            if s < offset + len(stripped) and offset < e
        ]
        sentences.append(Sentence(stripped, spans, sentences[-1].text if sentences else ""))
    return sentences


def sentences_from_html(html: str) -> list[Sentence]:
    return [s for p in paragraphs_from_html(html) for s in split_sentences(p)]
