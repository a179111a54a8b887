"""Signals the records send; other apps listen without flights importing them."""

from django.dispatch import Signal

# Sent on commit when accepting a claim changed a flight's stored value.
# Arguments: flight, field (claim field name), old (text or None), new (text), claim.
accepted_value_changed = Signal()

# Sent before commit, while a change of an accepted value awaits the data editor's confirmation (same
# arguments). A receiver returns a list of flights.change_plans.Consequence: what the change will cause.
accepted_value_preview = Signal()
