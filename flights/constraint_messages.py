"""What each named constraint of the records means, in words an editor can act on, with the values at fault.

Django reports a broken constraint as "Constraint “flight_men_and_women_within_total” is violated."; the
records' models validate through validate_in_words instead, so forms, imports and accept_claim all say
"Men and women together (116 + 26 = 142) exceed the total of 122."
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router


def _date(day: datetime.date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def _negative(label: str, attribute: str) -> Callable[[Any], str]:
    return lambda obj: f"The number of {label} cannot be negative ({getattr(obj, attribute)})."


def _men_and_women(obj: Any) -> str:
    men, women, total = obj.passengers_male, obj.passengers_female, obj.passengers_total
    return f"Men and women together ({men} + {women} = {men + women}) exceed the total of {total}."


def _claim_twice(obj: Any) -> str:
    label = obj.field_label if obj.field else "this field"
    publisher = obj.source.publisher if obj.source_id else "This source"
    return f"{publisher} already states the {label} of this flight; edit that claim instead of adding another."


# One sentence per named constraint of flights/models.py (a test checks none is missing).
SENTENCES: dict[str, Callable[[Any], str]] = {
    "flight_earliest_not_after_latest": lambda obj: (
        f"The earliest departure date ({_date(obj.departed_earliest)}) is after the latest "
        f"({_date(obj.departed_latest)}); a flight known to the day has the same date in both."
    ),
    "flight_total_not_negative": _negative("passengers", "passengers_total"),
    "flight_men_not_negative": _negative("men", "passengers_male"),
    "flight_women_not_negative": _negative("women", "passengers_female"),
    "flight_juveniles_not_negative": _negative("juveniles", "passengers_juvenile"),
    "flight_men_and_women_within_total": _men_and_women,
    "flight_juveniles_within_total": lambda obj: (
        f"Juveniles ({obj.passengers_juvenile}) exceed the total of {obj.passengers_total} passengers."
    ),
    "flight_non_criminal_within_total": lambda obj: (
        f"People without a criminal conviction ({obj.passengers_non_criminal}) exceed the total of "
        f"{obj.passengers_total} passengers."
    ),
    "flight_missions_not_negative": _negative("missions", "mission_count"),
    "flight_movement_has_dataset": lambda obj: (
        "A movement row belongs to a dataset (the file it was imported from); choose the dataset, or record "
        "it as a flight."
    ),
    "flight_youngest_not_older_than_oldest": lambda obj: (
        f"The youngest age ({obj.age_min}) is above the oldest ({obj.age_max})."
    ),
    "leg_on_not_negative": lambda obj: f"The number of people boarding cannot be negative ({obj.passengers_on}).",
    "leg_off_not_negative": lambda obj: f"The number of people leaving cannot be negative ({obj.passengers_off}).",
    "leg_sequence_unique_per_flight": lambda obj: (
        f"This flight already has a leg {obj.sequence}; give each stop its own number."
    ),
    "claim_one_per_source_and_field": _claim_twice,
}


def validate_in_words(instance: Any, exclude: Any = None) -> None:
    """Model.validate_constraints, with each named constraint's message replaced by its sentence."""
    using = router.db_for_write(type(instance), instance=instance)
    errors: dict[str, list[ValidationError]] = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                constraint.validate(model_class, instance, exclude=exclude, using=using)
            except ValidationError as broken:
                sentence = SENTENCES.get(constraint.name)
                words = broken if sentence is None else ValidationError(sentence(instance), code=constraint.name)
                errors.setdefault(NON_FIELD_ERRORS, []).append(words)
    if errors:
        raise ValidationError(errors)


def error_text(exc: ValidationError, labels: dict[str, str] | None = None) -> str:
    """A validation error as one line of sentences: non-field errors bare, field errors after their label."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    parts = []
    for name, messages in exc.message_dict.items():
        text = " ".join(messages)
        parts.append(text if name == NON_FIELD_ERRORS else f"{(labels or {}).get(name, name)}: {text}")
    return " ".join(parts)
