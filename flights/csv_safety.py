"""CSV cells a spreadsheet would run as a formula are neutralised with a leading ' (OWASP), and read back exactly.

Spreadsheets evaluate a cell that starts with =, +, -, @, a tab or a carriage return. Every CSV the site
writes passes its cells through neutralise(); every CSV importer passes them through restore(), so a
download imports back unchanged. The rule is reversible: a value that is already quotes followed by a
trigger character gets one more quote, and restore() removes exactly one.
"""

from __future__ import annotations

FORMULA_TRIGGERS = frozenset("=+-@\t\r")


def _quoted_trigger(text: str) -> bool:
    """Whether the text is zero or more ' followed by a trigger character."""
    rest = text.lstrip("'")
    return bool(rest) and rest[0] in FORMULA_TRIGGERS


def neutralise(cell: str) -> str:
    """The cell as it may be written to a CSV: prefixed with ' when a spreadsheet would evaluate it."""
    return "'" + cell if _quoted_trigger(cell) else cell


def restore(cell: str) -> str:
    """The value neutralise() was given, from the cell it wrote."""
    return cell[1:] if cell.startswith("'") and _quoted_trigger(cell) else cell


def neutralise_row(cells: list[str]) -> list[str]:
    return [neutralise(cell) if isinstance(cell, str) else cell for cell in cells]
