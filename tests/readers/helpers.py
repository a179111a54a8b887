"""Helpers for the readers' tests: JSON-LD read by extruct, head tags, headings."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from typing import Any

import extruct


def jsonld_items(html: str, url: str = "http://testserver/") -> list[dict[str, Any]]:
    """Every JSON-LD item on the page, @graph blocks flattened, as a search engine's parser reads them."""
    items = []
    for block in extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]:
        items.extend(block.get("@graph", [block]))
    return items


def of_type(items: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [item for item in items if item.get("@type") == kind]


class HeadParser(HTMLParser):
    """Collects <meta>, <link> and <title> of a page, and the levels of its headings in order."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.title = ""
        self.headings: list[int] = []
        self._in_title = False
        self._in_head = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in values or "property" in values):
            self.meta[values.get("name") or values["property"]] = values.get("content", "")
        elif tag == "link":
            self.links.append(values)
        elif tag == "body":
            self._in_head = False
        elif tag == "title" and self._in_head:
            # The document's title; an SVG chart in the body has <title> elements of its own.
            self._in_title = True
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parse_head(html: str) -> HeadParser:
    parser = HeadParser()
    parser.feed(html)
    return parser


def link_href(page: HeadParser, rel: str, kind: str | None = None) -> list[str]:
    return [
        link["href"] for link in page.links if link.get("rel") == rel and (kind is None or link.get("type") == kind)
    ]


def skipped_levels(levels: list[int]) -> list[tuple[int, int]]:
    """Pairs (previous, next) where a heading goes deeper by more than one level; the first must be h1."""
    problems = [] if levels and levels[0] == 1 else [(0, levels[0] if levels else 0)]
    problems += [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    return problems
