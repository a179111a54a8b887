"""Site-wide records: who has a record's change page open (soft edit locks)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class EditLock(models.Model):
    """Someone has a record open for editing: others see "being edited by X since HH:MM". It blocks nobody.

    The editor's page renews it with a heartbeat; it lapses a few minutes after the last one
    (newsroom.admin_locks), so a closed laptop does not leave a record marked for ever.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The name colleagues see, kept here so the article list shows it without joining the users.
    user_name = models.CharField(max_length=150)
    started_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField()

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "user"], name="edit_lock_one_per_user"),
        ]
        indexes = [
            # The change page and the list look up the live locks of records by type and id.
            models.Index(fields=["content_type", "object_id", "heartbeat_at"], name="edit_lock_record_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_name} editing {self.content_type.model} {self.object_id}"
