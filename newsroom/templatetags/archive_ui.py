"""Template helpers of the filter forms: checkbox lists built from facet counts (chosen values first), sort options."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.utils.safestring import SafeString, mark_safe

from newsroom.archive import FacetedFilterSet, FacetItem
from newsroom.fast_html import escape

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
def checklist_fieldset(
    name: str, legend: str, options: list[Option], field: Any, noun: str = "", approx: bool = False
) -> SafeString:
    """The markup of includes/checklist.html, built in Python: the country and nationality lists hold a
    couple of hundred options each, and a template costs several lookups and filters per option.

    `approx`: the counts are estimates (shown "≈ 1,200"), and a value with no count in the sample shows none
    rather than 0.
    """
    errors = list(getattr(field, "errors", None) or [])
    error_id = f"id_{escape(name)}_error"
    described = f' aria-describedby="{error_id}"' if errors else ""
    invalid = f' aria-invalid="true"{described}' if errors else ""
    parts = [
        f'<fieldset class="checklist{" checklist-long" if len(options) > 8 else ""}" data-checklist{described}>\n'
        f"  <legend>{escape(legend)}</legend>\n"
    ]
    if errors:
        parts.append(f'  <p class="field-error" id="{error_id}">{" ".join(escape(e) for e in errors)}</p>\n')
    if options:
        counted = f'<span class="visually-hidden"> {escape(noun)}</span></span>'
        about = '<span aria-hidden="true">≈ </span><span class="visually-hidden">about </span>' if approx else ""
        parts.append('  <ul class="checklist-options">\n')
        for option in options:
            shown = option.count is not None and (option.count or not approx)
            # As humanize's intcomma writes it in the site's one language (en-us), at a fraction of its cost.
            count = f' <span class="count">{about}{option.count:,}{counted}' if shown else ""
            parts.append(
                f'    <li><label><input type="checkbox" name="{escape(name)}" value="{escape(option.value)}"'
                f"{' checked' if option.selected else ''}{invalid}>\n"
                f'      <span class="option-label">{escape(option.label)}</span>{count}</label></li>\n'
            )
        parts.append("  </ul>\n")
    else:
        parts.append('  <p class="empty">None in these results.</p>\n')
    parts.append("</fieldset>\n")
    return mark_safe("".join(parts))  # every value above is escaped


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
