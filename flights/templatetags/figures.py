"""Numbers as the data pages print them: thousands separators without the cost of a locale lookup per cell."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def thousands(value: Any) -> str:
    """12345 → "12,345" (English separators, as the whole site prints numbers); anything else unchanged."""
    if isinstance(value, bool) or value is None or value == "":
        return "" if value is None else str(value)
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)
