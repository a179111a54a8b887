"""Admin support for changing accepted values: refuse a claim that would break its flight before anything is
saved, and show the data editor what a change will cause (the stories that get an update note, in its words)
before confirming it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import router, transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from flights.change_plans import (
    Consequence,
    ValueChange,
    collect_value_changes,
    consequences_digest,
    value_change_consequences,
)
from flights.claim_fields import CLAIM_FIELDS
from flights.models import Claim, Flight
from flights.services import ClaimError, check_acceptance

CONFIRM_FIELD = "_confirm_value_changes"


def wants_acceptance(pk: int | None, cleaned: dict[str, Any]) -> bool:
    """Whether saving this claim form accepts a value anew (save_claim then goes through accept_claim)."""
    if cleaned.get("status") != Claim.Status.ACCEPTED:
        return False
    previously = Claim.objects.filter(pk=pk).values_list("status", "value").first() if pk else None
    return previously != (Claim.Status.ACCEPTED, cleaned.get("value"))


def hold_error(claim: Claim, flight: Flight, cleaned: dict[str, Any]) -> str | None:
    """Why this claim cannot be accepted while it is held from readers (as accept_claim refuses it), or None.

    Checked in the form so that the editor sees the refusal beside the form, with nothing saved and no
    "changed successfully" message.
    """
    probe = Claim(
        flight=flight,
        held_until=cleaned.get("held_until"),
        held_for_story=bool(cleaned.get("held_for_story")),
        held_since=claim.held_since,
    )
    if claim.pk and (claim.held_until, claim.held_for_story) == (probe.held_until, probe.held_for_story):
        probe.pk = claim.pk  # the stored hold: whether it is released is read from the database
    if probe.has_hold and probe.own_hold_active() and flight.is_public():
        label = CLAIM_FIELDS[cleaned["field"]].label
        return (
            f"This claim cannot be accepted yet: the claim of {label} = {cleaned['value']} is held from readers, "
            "and accepting it would show its value on the public flight page before the hold ends. Save it as "
            "unconfirmed, and accept it once the hold is over."
        )
    return None


def acceptance_error(flight: Flight, cleaned: dict[str, Any]) -> str | None:
    """Why accepting the claim would break this flight (which is changed in place), in words; None if it fits."""
    try:
        check_acceptance(claim=Claim(field=cleaned["field"], value=cleaned["value"]), flight=flight)
    except ClaimError as exc:
        return f"This claim cannot be accepted: {exc}"
    return None


class ClaimInlineFormSet(BaseInlineFormSet):
    """Claims accepted on the flight page are checked in the order they will be saved, against the flight as
    the form leaves it, so a claim that would break the record is refused before anything is saved."""

    def clean(self) -> None:
        super().clean()
        flight = copy.copy(self.instance)
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", None)
            if not cleaned or cleaned.get("DELETE") or form.errors or not form.has_changed():
                continue
            if wants_acceptance(form.instance.pk, cleaned) and cleaned.get("field") in CLAIM_FIELDS:
                problem = acceptance_error(flight, cleaned)
                if problem:
                    form.add_error(None, problem)


def _succeeded(response: HttpResponse | None) -> bool:
    # A change form redirects after saving; an action returns None (or a redirect) when it is done.
    return response is None or response.status_code in (301, 302, 303)


class ConfirmValueChangesAdminMixin:
    """Run a save that may change accepted values inside a transaction; if the change will write update notes
    the editor has not seen, undo it and show them instead, with a button that saves again for real.

    The confirmation names a digest of exactly what was shown: if the stories or wording differ when the
    editor confirms (someone published a story meanwhile), the page is shown again.
    """

    confirm_template = "admin/flights/confirm_value_changes.html"

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        parent = super()
        if request.method != "POST":
            return parent.changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        return self.confirming_value_changes(
            request,
            lambda: parent.changeform_view(request, object_id, form_url, extra_context),  # type: ignore[misc]
        )

    def confirming_value_changes(
        self, request: HttpRequest, save: Callable[[], HttpResponse | None]
    ) -> HttpResponse | None:
        confirmed = request.POST.get(CONFIRM_FIELD, "")
        storage = messages.get_messages(request)
        queued = getattr(storage, "_queued_messages", [])
        before = len(queued)
        with transaction.atomic(using=router.db_for_write(Flight)):
            with collect_value_changes() as changes:
                response = save()
            consequences = value_change_consequences(changes) if changes else []
            digest = consequences_digest(consequences)
            if consequences and _succeeded(response) and digest != confirmed:
                transaction.set_rollback(True)
                # "Changed successfully" was said of a save that is now undone.
                del queued[before:]
                return self._confirmation(request, changes, consequences, digest, again=bool(confirmed))
        if consequences and _succeeded(response):
            stories = len({c.url for c in consequences})
            messages.info(
                request, f"Update notes posted on {stories} published {'story' if stories == 1 else 'stories'}."
            )
        return response

    def _confirmation(
        self,
        request: HttpRequest,
        changes: list[ValueChange],
        consequences: list[Consequence],
        digest: str,
        again: bool,
    ) -> TemplateResponse:
        rows = []
        for change in changes:
            spec = CLAIM_FIELDS[change.field]

            def shown(text: str | None, spec: Any = spec) -> str:
                return "not recorded" if text is None else spec.display(spec.parse(text))

            rows.append(
                {
                    "change": change,
                    "label": spec.label,
                    "old": shown(change.old),
                    "new": shown(change.new),
                    "source": change.claim.source if change.claim.source_id else None,
                    "notes": [c for c in consequences if c.change is change],
                }
            )
        stories = len({c.url for c in consequences})
        repost = [
            (k, v)
            for k, values in request.POST.lists()
            for v in values
            if k not in {"csrfmiddlewaretoken", CONFIRM_FIELD}
        ]
        opts = self.model._meta  # type: ignore[attr-defined]
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": "Confirm the change and its update notes",
            "opts": opts,
            "rows": rows,
            "stories": stories,
            "repost": repost,
            "confirm_field": CONFIRM_FIELD,
            "digest": digest,
            "again": again,
            "action_url": request.get_full_path(),
        }
        return TemplateResponse(request, self.confirm_template, context)
