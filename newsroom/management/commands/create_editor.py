"""Create the demo editor account, or report the one that exists."""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a staff superuser for the admin. Reads EDITOR_USERNAME / EDITOR_PASSWORD, else uses demo values."

    def handle(self, *args: Any, **options: Any) -> None:
        username = os.environ.get("EDITOR_USERNAME", "editor")
        password = os.environ.get("EDITOR_PASSWORD", "editor-demo-password")
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True, "email": f"{username}@example.org"}
        )
        if created:
            user.set_password(password)
            user.save()
            self.stdout.write(
                f"Editor account created. Log in at http://127.0.0.1:8000/admin/ as {username} / {password}"
            )
        else:
            self.stdout.write(f"Editor account {username!r} exists; log in at http://127.0.0.1:8000/admin/")
