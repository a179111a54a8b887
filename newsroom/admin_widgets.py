"""Admin choice boxes that never hand the database an id that is no id (':', or one past the integer range).

Django's autocomplete widgets look up the submitted ids to show them again when a form comes back with errors,
and its many-to-many field looks up all the submitted ids at once; either way such an id reached the database
and the page was a 500 instead of the form saying "Select a valid choice". Here only ids a record could have are
looked up; the others are refused in words, as Django refuses 'abc'.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

from newsroom.ids import record_id


class _KnownIds:
    field: models.Field

    def optgroups(self, name: str, value: list[Any], attr: dict[str, Any] | None = None) -> list[Any]:
        remote = self.field.remote_field
        options = remote.model._meta
        # As Django's widget finds the field it looks up by (a many-to-many relation names none: the id).
        if options.get_field(getattr(remote, "field_name", options.pk.attname)).primary_key:
            value = [v for v in value if v in ("", None) or record_id(v) is not None]
        return super().optgroups(name, value, attr)  # type: ignore[misc]


class RecordAutocomplete(_KnownIds, AutocompleteSelect):
    pass


class RecordsAutocomplete(_KnownIds, AutocompleteSelectMultiple):
    pass


class RecordsField(forms.ModelMultipleChoiceField):
    """Several records chosen by id: each submitted value must be an id before any is looked up."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if self.to_field_name is None and record_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class RecordAutocompleteMixin:
    """For admins and inlines with autocomplete_fields: the widgets and field above in place of Django's."""

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = RecordAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))  # type: ignore[attr-defined]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = RecordsAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))  # type: ignore[attr-defined]
        kwargs.setdefault("form_class", RecordsField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
