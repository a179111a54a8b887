"""Escaping for markup built in Python row by row (archive tables, checklists)."""

from __future__ import annotations

import html


def escape(value: object) -> str:
    """conditional_escape's text without its lazy-string wrapping, which costs more than the escaping itself:
    a value that is already safe HTML is kept, anything else is escaped as templates escape it."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
