"""A listing page's own HTML (home, the archive, the flight database) kept by its address and what it lists.

The parts of the page's template marked {% shellpart %} (title, description, JSON-LD, content) are kept in a
shell (newsroom/shells.py) under the page's full address, with the freshness tokens of every kind of record
the page lists (newsroom.dependencies.PAGE_TAGS): any change to one of them replaces a token, and the next
request renders the listing again from the database. A scheduled story ends the shell at its time. The frame
renders around the kept parts on every request; readers only (staff always get the listing rendered).

Unlike a record page there is no single record to read first: the tokens are the whole gate. Kept for at most
PAGE_CACHE_SECONDS, like a whole page, so queries nobody repeats do not accumulate.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from newsroom import shells
from newsroom.dependencies import PAGE_TAGS


class KeptListingMixin:
    """For a listing view whose template marks its page-specific blocks with {% shellpart %}."""

    request: HttpRequest
    template_name: str

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = request.resolver_match.view_name if request.resolver_match else ""
        if not settings.KEPT_LISTINGS_ENABLED or kind not in PAGE_TAGS:
            return super().get(request, *args, **kwargs)  # type: ignore[misc]
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        shell = shells.cached(request, f"listing:{kind}", address)
        if shell is not None:
            return TemplateResponse(request, self.template_name, {"shell": shell, "view": self})
        rendering = shells.start(request, f"listing:{kind}", address, "", PAGE_TAGS[kind])
        response = super().get(request, *args, **kwargs)  # type: ignore[misc]
        if response.status_code == 200 and isinstance(response, TemplateResponse) and response.context_data:
            parts = shells.render_parts(self.template_name, response.context_data, request)
            response.context_data["shell"] = shells.keep(rendering, parts, longest=settings.PAGE_CACHE_SECONDS)
        return response
