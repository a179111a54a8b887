"""Who may import what: the add and change permissions of each model an import would write, as the admin checks them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_permission_codename
from django.db.models import Model

from flights.importers.base import ImportFailure


class ImportPermissions:
    """Checks the importing user's permission for each kind of write, once per model and action.

    A dry run collects every missing permission for its report; a real import refuses at the first
    one, inside its transaction, so nothing is written. Without a user (the command run by the server's
    operator, who holds the database credentials anyway) nothing is checked.
    """

    def __init__(self, user: Any, *, collect: bool) -> None:
        self.user = user
        self.collect = collect
        self.refusals: dict[str, str] = {}
        self._granted: set[str] = set()

    def need(self, action: str, model: type[Model], example: str) -> None:
        if self.user is None:
            return
        opts = model._meta
        perm = f"{opts.app_label}.{get_permission_codename(action, opts)}"
        if perm in self._granted or perm in self.refusals:
            return
        if self.user.is_active and self.user.has_perm(perm):
            self._granted.add(perm)
            return
        who = self.user.get_username()
        reason = (
            f"{who} may not {action} {opts.verbose_name_plural} (Can {action} {opts.verbose_name}), "
            f"and this file would: {example}"
        )
        if not self.collect:
            raise ImportFailure(f"{reason}; nothing was imported")
        self.refusals[perm] = reason
