"""Record ids and years read from URLs and forms: plain ASCII digits in range, or nothing.

str.isdigit() is true of '²' and '٣', which int() then refuses or reads, and of numbers past the database's
integer range, which the driver refuses: either was a 500 where the reader should get a 404.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.admin.utils import unquote
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

# BigAutoField's range (DEFAULT_AUTO_FIELD), on SQLite and PostgreSQL alike.
BIGGEST_ID = 2**63 - 1


def record_id(value: object) -> int | None:
    """The id written in value, or None when it is not one a record could have."""
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= BIGGEST_ID else None


def year(value: object) -> int | None:
    """The year written in value (1 to 9999, as datetime allows), or None."""
    text = str(value)
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        return None
    return int(text) or None


def written_record(records: QuerySet[M], object_id: str) -> M | None:
    """The record an admin address names (its id as the admin quotes it), or None when it names none."""
    pk = record_id(unquote(object_id))
    return records.filter(pk=pk).first() if pk else None
