"""What search engines and social networks read of every page: canonical URL, robots rule, absolute links."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, QueryDict

# Query parameters of the filtered lists that pick one facet value; the first page of each such facet is
# worth a search engine's time, any other combination of filters, searches, sorts or pages is not.
FACET_PARAMS = {
    "articles:list": ("topic", "author", "country", "year", "kind"),
    "flights:list": ("kind", "country", "operator", "year"),
}
# Every other parameter the lists understand; anything else (tracking tags, typos) is left out of the canonical URL.
OTHER_PARAMS = {
    "articles:list": ("q", "date_from", "date_to", "has_corrections", "sort"),
    "flights:list": (
        "date_from",
        "date_to",
        "origin",
        "destination",
        "passengers_min",
        "passengers_max",
        "nationality",
        "source",
        "disputed",
        "sort",
    ),
}
INDEX = "index, follow"
NOINDEX = "noindex, follow"


def site_url(request: HttpRequest) -> str:
    """The site's public origin: SITE_URL when set (behind a proxy), else the request's own."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    # Asked three times a page (the shell's key, the canonical address, the og tags): worked out once.
    found = request.__dict__.get("_site_url")
    if found is None:
        found = request.__dict__["_site_url"] = request.build_absolute_uri("/").rstrip("/")
    return found


def absolute(request: HttpRequest, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return site_url(request) + path


def _filled(params: QueryDict) -> dict[str, list[str]]:
    """The parameters with a value, blank ones (only spaces) left out as if absent."""
    values = {name: [v for v in params.getlist(name) if v.strip()] for name in params}
    return {name: kept for name, kept in values.items() if kept}


def robots_and_canonical(request: HttpRequest) -> tuple[str, str]:
    """The robots rule and canonical URL of a page, from its address alone.

    A page past the first is `noindex, follow` (its links still count); so is a filtered list unless it
    shows the first page of exactly one facet value (stories on one topic, flights to one country).
    """
    params = _filled(request.GET)
    page = params.pop("page", ["1"])[-1]
    view = request.resolver_match.view_name if request.resolver_match else ""
    path = absolute(request, request.path)
    facets = FACET_PARAMS.get(view)
    if facets is None:
        # Not a filtered list: only the page number makes another page of the same thing.
        if page != "1":
            return NOINDEX, f"{path}?page={page}"
        return INDEX, path
    known = set(facets) | set(OTHER_PARAMS.get(view, ()))
    params = {name: values for name, values in params.items() if name in known}
    if page == "1" and not params:
        return INDEX, path
    if page == "1" and len(params) == 1:
        (name, values), *_ = params.items()
        if name in facets and len(values) == 1:
            query = QueryDict(mutable=True)
            query[name] = values[0]
            return INDEX, f"{path}?{query.urlencode()}"
    query = QueryDict(mutable=True)
    for name in sorted(params):
        query.setlist(name, params[name])
    if page != "1":
        query["page"] = page
    return NOINDEX, f"{path}?{query.urlencode()}" if query else path


def page_defaults(request: HttpRequest) -> dict[str, str]:
    """Context processor: every page's canonical URL, robots rule and site origin."""
    robots, canonical = robots_and_canonical(request)
    return {"canonical_url": canonical, "robots": robots, "site_url": site_url(request)}
