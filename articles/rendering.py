"""Article bodies: Markdown with citation shortcodes to sanitized HTML and its footnotes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from articles.citations import CITATION, CitationSet, Footnote, cited_slugs, render_citation

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "span",
    "sup",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "span": {"class", "title"},
    "sup": {"class"},
    "img": {"src", "alt", "title"},
    "th": {"style"},
    "td": {"style"},
}


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{{", state.pos):
        return False
    match = CITATION.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"slug": match["slug"], "field": match["field"], "kind": match["kind"]}
    state.pos = match.end()
    return True


def _render_citation(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    meta = tokens[idx].meta
    return render_citation(env["citations"], meta["slug"], meta["field"], meta.get("kind", "flight"))


def _markdown() -> MarkdownIt:
    # Raw HTML is off: editors write Markdown, and nh3 cleans whatever comes out anyway.
    md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(["table", "replacements", "smartquotes"])
    md.inline.ruler.before("emphasis", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)
    return md


_MD = _markdown()


@dataclass
class RenderedBody:
    html: str
    footnotes: list[Footnote]


def render_body(body: str, citations: CitationSet | None = None) -> RenderedBody:
    """Render the body; pass a CitationSet already fetched to share it with the fact box."""
    if citations is None:
        citations = CitationSet.for_slugs(cited_slugs(body))
    html = _MD.render(body, {"citations": citations})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )
    return RenderedBody(html=clean, footnotes=citations.footnotes)
