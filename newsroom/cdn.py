"""Purging the CDN by surrogate key once a change has committed (Fastly's purge API, or any with the same shape)."""

from __future__ import annotations

import logging
import urllib.request
from collections.abc import Iterable

from django.conf import settings

logger = logging.getLogger("newsroom.cdn")


def purge(tags: Iterable[str]) -> None:
    """Ask the CDN to drop every page carrying one of these tags (their Surrogate-Key header).

    Soft purge: the CDN marks them stale and may still serve them while it refetches or while we are down.
    A CDN that cannot be reached is logged; its copies then expire after PUBLIC_CACHE_SECONDS.
    """
    url = settings.CDN_PURGE_URL
    keys = " ".join(sorted(set(tags)))
    if not url or not keys:
        return
    request = urllib.request.Request(
        url,
        method="POST",
        headers={"Surrogate-Key": keys, "Fastly-Key": settings.CDN_PURGE_TOKEN, "Fastly-Soft-Purge": "1"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.CDN_PURGE_TIMEOUT_SECONDS) as response:
            response.read()
    except OSError as exc:
        logger.error("CDN purge failed", extra={"surrogate_keys": keys, "error": f"{type(exc).__name__}: {exc}"})
