"""{% chrome "header" %}: the site's own frame (links in the head, header, footer), rendered once per process.

The chrome (templates/chrome/) shows only the site's name, static files and addresses of the site's own pages,
none of which change while a process runs; rendering its dozen {% url %} and {% static %} tags for every
request was a quarter of a story page's time. Kept per script prefix (a site served under a path); rendered
every time while DEBUG is on, so an edited template shows at once.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_rendered: dict[tuple[str, str], SafeString] = {}


@register.simple_tag
def chrome(name: str) -> SafeString:
    key = (name, get_script_prefix())
    found = _rendered.get(key)
    if found is None:
        found = mark_safe(render_to_string(f"chrome/{name}.html", {"SITE_NAME": settings.SITE_NAME}).strip())
        if not settings.DEBUG:
            _rendered[key] = found
    return found


def _forget(**kwargs: Any) -> None:
    _rendered.clear()  # tests change the site's name, static storage or URLs


setting_changed.connect(_forget)
