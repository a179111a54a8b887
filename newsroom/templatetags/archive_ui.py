"""Template helpers of the filter forms: checkbox lists built from facet counts (chosen values first), sort options."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsroom.archive import FacetedFilterSet, FacetItem

register = template.Library()


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int | None  # None: the list has no counts (a short fixed list)
    selected: bool


def _labels(field: forms.Field, cleaned: Any) -> dict[str, str]:
    if isinstance(field, forms.ModelMultipleChoiceField):
        key = field.to_field_name or "pk"
        return {str(getattr(obj, key)): str(obj) for obj in cleaned or []}
    if isinstance(field, forms.ChoiceField):
        return {str(value): str(label) for value, label in field.choices}
    return {}


@register.simple_tag
def checklist(filterset: FacetedFilterSet, name: str, items: list[FacetItem] | None = None) -> list[Option]:
    """The options of a multi-choice filter: values present in the results (with counts) when facet items are given,
    else the field's own choices; chosen values first, including chosen ones that no longer match anything."""
    chosen = filterset.selected(name)
    field = filterset.form.fields[name]
    if items is None:
        options = [Option(str(v), str(label), None, str(v) in chosen) for v, label in field.choices if str(v)]
    else:
        options = [Option(item.value, item.label, item.count, item.selected) for item in items]
        listed = {option.value for option in options}
        labels = _labels(field, filterset.cleaned.get(name)) if any(v not in listed for v in chosen) else {}
        options += [Option(value, labels.get(value, value), 0, True) for value in chosen if value not in listed]
    return sorted(options, key=lambda option: not option.selected)  # stable: the rest keep their order


@register.simple_tag
def sort_options(filterset: FacetedFilterSet, current: str, default: str, *hidden: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for the sort box, showing the order actually in effect. The default order submits an
    empty value, so the address stays that of the filters alone; `hidden` orders are left out (relevance, where
    there is no query to rank by)."""
    field = filterset.form.fields["sort"]
    return [
        ("" if str(v) == default else str(v), str(label), str(v) == (current or default))
        for v, label in field.choices
        if str(v) not in hidden
    ]


@register.simple_tag
def checklist_items(
    options: list[Option], name: str, noun: str, invalid: bool = False, approx: bool = False
) -> SafeString:
    """The <li> of each option of includes/checklist.html, built in one pass.

    Why not a template loop: the archive lists some 150 options, and Django's per-node template work for them
    cost a quarter of a search's time. `approx`: the counts are estimates (shown "≈ 1,200"), and a value with
    no count in the sample shows none rather than 0.
    """
    attributes = f' aria-invalid="true" aria-describedby="id_{escape(name)}_error"' if invalid else ""
    hidden_noun = f'<span class="visually-hidden"> {escape(noun)}</span>'
    about = '<span aria-hidden="true">≈ </span><span class="visually-hidden">about </span>' if approx else ""
    items = []
    for option in options:
        count = ""
        if option.count is not None and (option.count or not approx):
            # As humanize's intcomma writes it in the site's one language (en-us), at a fraction of its cost.
            count = f' <span class="count">{about}{option.count:,}{hidden_noun}</span>'
        items.append(
            f'<li><label><input type="checkbox" name="{escape(name)}" value="{escape(option.value)}"'
            f"{' checked' if option.selected else ''}{attributes}>\n"
            f'      <span class="option-label">{escape(option.label)}</span>{count}</label></li>'
        )
    return mark_safe("\n    ".join(items))  # every value and label above is escaped
