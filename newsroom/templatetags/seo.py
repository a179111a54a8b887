"""Template tags for what machines read of a page: JSON-LD blocks, captured titles, structured data per page type."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from newsroom import structured_data

register = template.Library()

# JSON inside <script> must not be able to close the element or open a comment.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def jsonld(data: Any) -> SafeString:
    """A JSON-LD script element for a dict (a data block: browsers never run it, and a CSP does not block it)."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


class CaptureNode(Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: Context) -> str:
        # Set where the base template's later tags can read it (its own render context).
        context.dicts[0][self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser: Parser, token: Token) -> CaptureNode:
    """{% capture name %}…{% endcapture %}: render once (blocks inside still overridable), reuse as {{ name }}."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("capture takes one variable name")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


def _request(context: Context) -> Any:
    return context["request"]


@register.simple_tag(takes_context=True)
def breadcrumbs_jsonld(context: Context, *pairs: Any) -> dict[str, Any]:
    """BreadcrumbList from alternating names and paths: {% breadcrumbs_jsonld "Flight records" "/flights/" %}."""
    trail = [(str(pairs[i]), str(pairs[i + 1])) for i in range(0, len(pairs) - 1, 2)]
    return structured_data.breadcrumbs(_request(context), trail)


@register.simple_tag(takes_context=True)
def page_jsonld(context: Context, kind: str, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
    """The main item of a page: {% page_jsonld "flight" flight %}, "airport", "country", "operator", "source",
    "website", "organization", "dataset"."""
    request = _request(context)
    if kind == "flight":
        return structured_data.flight(request, args[0])
    if kind == "airport":
        return structured_data.airport(request, args[0])
    if kind == "country":
        return structured_data.country(request, args[0], args[1])
    if kind == "operator":
        return structured_data.operator(request, args[0])
    if kind == "source":
        return structured_data.source(request, args[0])
    if kind == "website":
        return structured_data.website(request)
    if kind == "organization":
        return structured_data.organization(request)
    if kind == "ice_air":
        return structured_data.ice_air(request)
    if kind == "flight_database":
        years = [int(item.value) for item in (args[0] if args else [])]
        return structured_data.flight_database(request, years)
    raise template.TemplateSyntaxError(f"page_jsonld: unknown kind {kind!r}")


@register.simple_tag
def jsonld_graph(*items: Any) -> SafeString:
    """Items in one script block: {% page_jsonld … as a %}{% breadcrumbs_jsonld … as b %}{% jsonld_graph a b %}."""
    return jsonld(structured_data.graph(*items))
