"""A page's own HTML, kept by the freshness tokens of everything it shows; the frame renders per request.

A shell is the part of a page that comes from its records (a story and the flights it cites, a flight and the
stories citing it, a listing's rows): its blocks of rendered HTML and a few strings (og image). It is kept
with the freshness tokens (newsroom/freshness.py) of every tag the page shows, and used only while none of
them has been replaced: every write replaces the tokens of what it changes (newsroom/dependencies.py, and the
Article and Flight querysets' update()), so a withdrawn, held, moved or edited record misses its shell on the
very next request and is answered from the database (410, 404, 301, or the page rendered again). A kept
page then reads no database at all. The site's frame (base.html) renders around it each time.

Rendering a miss reads the tokens between two reads of the record: the first finds what the page shows (its
tags), the second what it is rendered from. A shell is kept only if the record's revision (updated_at) and
tags are the same in both, so a change committed between them is never kept under tokens read before it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.context import make_context
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from newsroom import freshness
from newsroom.caching import add_cache_tags
from newsroom.recent import Recent
from newsroom.seo import site_url

LIFETIME_SECONDS = 7 * 24 * 3600
# The shells this process used last: a reader's request then needs no round trip to fetch and unpickle one.
_recent: Recent[Shell] = Recent(settings.PAGE_CACHE_LOCAL_ENTRIES)


@dataclass(frozen=True)
class Shell:
    tags: tuple[str, ...]  # what the page shows, for the page cache's tags and the freshness check
    tokens: dict[str, str]  # those tags' tokens when it was rendered
    blocks: dict[str, SafeString] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    until: float = 0.0  # epoch seconds: its lifetime, ended by the next change nobody saves


@dataclass
class Rendering:
    """What a miss reads before rendering: the tags, their tokens (None: cache unreachable) and the start time."""

    key: str
    revision: str
    tags: list[str]
    tokens: dict[str, str] | None
    started: float
    signed_in: bool  # a page rendered for staff is not kept: readers' pages are rendered from readers' reads


def shell_key(request: HttpRequest, kind: str, pk: object) -> str:
    # The origin is part of the key: JSON-LD and og tags carry absolute addresses.
    return f"shell:v4:{kind}:{pk}:{site_url(request)}"


def cached(request: HttpRequest, kind: str, pk: object) -> Shell | None:
    """The page's shell, when nothing it shows has changed since it was rendered.

    Readers only: signed-in staff read the primary database and get the page rendered from it, as the
    page cache leaves them alone too.
    """
    if _signed_in(request):
        return None
    key = shell_key(request, kind, pk)
    found = _recent.get(key)
    if found is None:
        found = cache.get(key)
    if not isinstance(found, Shell) or time.time() >= found.until:
        return None
    # None when the cache cannot be reached: then nothing cached is trusted.
    if freshness.current(found.tags) != found.tokens:
        return None
    _recent.put(key, found, found.until)
    add_cache_tags(request, found.tags)
    return found


def start(request: HttpRequest, kind: str, pk: object, revision: str, tags: Iterable[str]) -> Rendering:
    """Called before a miss reads what it renders (`revision`: its record's, as first read; "" for a listing):
    the tokens are read first, so a change while rendering replaces one and the shell rendered from the older
    records is never used."""
    started = time.time()
    tags = sorted(set(tags))
    add_cache_tags(request, tags)
    key = shell_key(request, kind, pk)
    return Rendering(key, revision, tags, freshness.current(tags), started, _signed_in(request))


def _signed_in(request: HttpRequest) -> bool:
    # Without a session cookie nobody is signed in; asking request.user would read the session and add
    # "Vary: Cookie" to a reader's page.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def keep(
    rendering: Rendering,
    blocks: dict[str, SafeString],
    values: dict[str, str] | None = None,
    longest: int = LIFETIME_SECONDS,
    revision: str = "",
    tags: Iterable[str] | None = None,
) -> Shell:
    """The shell of a rendered page, stored (for at most `longest` seconds) when its tokens were settled before
    rendering started and what was rendered is what its tags were found from: the record's `revision` and,
    when given, the `tags` of the record as rendered (a story's citations change without its revision)."""
    tokens = rendering.tokens
    if (
        tokens is None
        or rendering.signed_in
        or revision != rendering.revision
        or (tags is not None and sorted(set(tags)) != rendering.tags)
        or not freshness.settled_before(tokens, rendering.started)
    ):
        return Shell(tuple(rendering.tags), tokens or {}, blocks, values or {})
    # Kept no longer than the next change nobody saves (a scheduled story or correction, a hold ending).
    lifetime = freshness.seconds_until(freshness.next_scheduled_change(tokens), longest)
    shell = Shell(tuple(rendering.tags), tokens, blocks, values or {}, time.time() + lifetime)
    if lifetime:
        cache.set(rendering.key, shell, lifetime)
        _recent.put(rendering.key, shell, shell.until)
    return shell


def render_parts(template_name: str, context: dict[str, Any], request: HttpRequest) -> dict[str, SafeString]:
    """Every {% shellpart %} of a page template, rendered from the page's full context, by name."""
    from newsroom.templatetags.shells import ShellPartNode

    template = get_template(template_name).template  # type: ignore[attr-defined]
    bound = make_context(context, request)
    with bound.bind_template(template):
        return {
            node.name: mark_safe(node.nodelist.render(bound).strip())
            for node in template.nodelist.get_nodes_by_type(ShellPartNode)
        }
