"""Create the newsroom's accounts: one per role for the demo (reporter, editor, data editor), or one you name.

With debug on (`make run`), missing passwords are demo passwords, printed, that pass the password validators.
With debug off there are no default credentials: every password must be given (an option or an environment
variable) and pass AUTH_PASSWORD_VALIDATORS, or nothing is created.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from newsroom.roles import DATA_EDITOR, EDITOR, REPORTER, sync_roles

ADMIN_URL = "http://127.0.0.1:8000/admin/"


@dataclass(frozen=True)
class Role:
    option: str  # --role value
    group: str | None  # None: the superuser, for setup only
    username: str  # default username
    env: str  # environment variable holding the password
    demo_password: str  # used only with debug on; passes the validators
    about: str


ROLES = {
    role.option: role
    for role in [
        Role("reporter", REPORTER, "reporter", "REPORTER_PASSWORD", "notebook-ferry-4821", "writes and submits drafts"),
        Role("editor", EDITOR, "editor", "EDITOR_PASSWORD", "deadline-lantern-7304", "reviews, publishes, withdraws"),
        Role(
            "data-editor",
            DATA_EDITOR,
            "dataeditor",
            "DATA_EDITOR_PASSWORD",
            "manifest-harbor-5967",
            "flights, claims, sources, imports",
        ),
        Role("superuser", None, "admin", "ADMIN_PASSWORD", "keystone-orchard-2688", "setup only"),
    ]
}
DEMO_ROLES = ["reporter", "editor", "data-editor"]


class Command(BaseCommand):
    help = (
        "Create the newsroom's staff accounts. Without --role: one per role (reporter, editor, data editor). "
        "Passwords come from --password or REPORTER_PASSWORD / EDITOR_PASSWORD / DATA_EDITOR_PASSWORD / "
        "ADMIN_PASSWORD; with debug on, demo passwords are used and printed. Existing accounts are left as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", choices=list(ROLES), help="Create one account of this role.")
        parser.add_argument("--username", help="Username for --role (default: the role's name).")
        parser.add_argument("--password", help="Password for --role (prefer the environment variable).")
        parser.add_argument("--email", default="", help="Email address for --role.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        sync_roles(apps)  # the groups exist after migrate; this keeps their permissions exactly as defined
        if options["role"]:
            role = ROLES[options["role"]]
            wanted = [(role, options["username"] or self._env_username(role), options["password"], options["email"])]
        else:
            if options["username"] or options["password"]:
                raise CommandError("--username and --password go with --role (one account at a time).")
            wanted = [(ROLES[name], self._env_username(ROLES[name]), None, "") for name in DEMO_ROLES]
        # Check every password before creating anything, so a refusal leaves no half-made set of accounts.
        plans = [(role, name, self._password(role, name, given), email) for role, name, given, email in wanted]
        for role, username, password, email in plans:
            self._create(role, username, password, email)

    def _env_username(self, role: Role) -> str:
        # EDITOR_USERNAME was this command's variable before roles; the others follow its pattern.
        return os.environ.get(role.env.replace("PASSWORD", "USERNAME")) or role.username

    def _password(self, role: Role, username: str, given: str | None) -> tuple[str, bool]:
        """The password and whether it is a demo one (printed)."""
        if get_user_model().objects.filter(username=username).exists():
            return "", False
        password = given or os.environ.get(role.env, "")
        demo = False
        if not password:
            if not settings.DEBUG:
                raise CommandError(
                    f"No password for {username!r} ({role.option}): debug is off, so there is no default. "
                    f"Set {role.env} or pass --role {role.option} --password ..."
                )
            password, demo = role.demo_password, True
        probe = get_user_model()(username=username, email=f"{username}@example.org")
        try:
            validate_password(password, user=probe)
        except ValidationError as exc:
            raise CommandError(f"Password for {username!r} refused: {' '.join(exc.messages)}") from exc
        return password, demo

    def _create(self, role: Role, username: str, password: tuple[str, bool], email: str) -> None:
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"is_staff": True, "email": email or f"{username}@example.org"}
        )
        if role.group is None:
            if created:
                user.is_superuser = True
        else:
            user.groups.add(Group.objects.get(name=role.group))
        if not user.is_staff:
            user.is_staff = True
        if created:
            user.set_password(password[0])
        user.save()
        if not created:
            extra = " (it is a superuser: use it for setup only)" if user.is_superuser and role.group else ""
            self.stdout.write(f"{role.option}: account {username!r} exists{extra}; log in at {ADMIN_URL}")
        elif password[1]:
            if role.option == "reporter":
                self._byline_for_demo_reporter(user)
            self.stdout.write(f"{role.option} ({role.about}): log in at {ADMIN_URL} as {username} / {password[0]}")
        else:
            self.stdout.write(f"{role.option} ({role.about}): account {username!r} created; log in at {ADMIN_URL}")

    def _byline_for_demo_reporter(self, user: Any) -> None:
        """The demo reporter writes as the demo's reporter byline, so her published story is hers to revise."""
        from articles.models import Author

        Author.objects.filter(slug="maria-okafor", user__isnull=True).update(user=user)
