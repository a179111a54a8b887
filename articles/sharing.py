"""Share links: a signed, expiring, revocable address where a reviewer without an account reads a draft.

The token is the link's id signed with django.core.signing (salted for this use), so ids cannot be guessed
or walked; expiry and revocation are decided by the ShareLink row, so a link can be cut off at once.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ShareLink
from articles.permissions import can_edit, require

if TYPE_CHECKING:
    from articles.services import User

SALT = "articles.share-link"
LIFETIMES = {1: "1 day", 3: "3 days", 7: "1 week", 14: "2 weeks"}
MAX_DAYS = max(LIFETIMES)


class LinkRefused(Exception):
    """The link cannot be opened; the message says why in words a reviewer understands."""


def token_for(link: ShareLink) -> str:
    return signing.dumps({"link": link.pk}, salt=SALT)


def share_url(link: ShareLink) -> str:
    return reverse("articles:share", kwargs={"token": token_for(link)})


@transaction.atomic
def create_share_link(*, article: Article, by: User | None, days: int = 3, note: str = "") -> ShareLink:
    """A link to the story's newest text; only someone who may edit the story can hand it out."""
    if by is not None:
        require(can_edit(by, article), "You can share only stories you may edit.")
    if days not in LIFETIMES:
        raise ValueError(f"a share link lasts one of {sorted(LIFETIMES)} days, not {days}")
    now = timezone.now()
    return ShareLink.objects.create(
        article=article,
        note=note.strip()[:200],
        created_by=by if getattr(by, "pk", None) else None,
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )


def revoke_share_link(*, link: ShareLink, by: User | None) -> ShareLink:
    if by is not None:
        require(can_edit(by, link.article) or link.created_by_id == by.pk, "You cannot revoke this link.")
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = by if getattr(by, "pk", None) else None
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def open_share_link(token: str) -> ShareLink:
    """The link a token names, if it is genuine, unexpired and not revoked; else LinkRefused saying which."""
    try:
        # The signature's age is checked as well as the row's expiry: a token cannot outlive any link.
        data = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=MAX_DAYS))
    except signing.SignatureExpired as exc:
        raise LinkRefused("This preview link has expired. Ask the newsroom for a new one.") from exc
    except signing.BadSignature as exc:
        raise LinkRefused("This preview link is not valid. Check that it was copied whole.") from exc
    link = ShareLink.objects.select_related("article").filter(pk=data.get("link")).first()
    if link is None:
        raise LinkRefused("This preview link no longer exists.")
    if link.revoked_at is not None:
        raise LinkRefused("This preview link was revoked by the newsroom.")
    if link.expires_at <= timezone.now():
        raise LinkRefused("This preview link has expired. Ask the newsroom for a new one.")
    ShareLink.objects.filter(pk=link.pk).update(times_opened=F("times_opened") + 1, last_opened_at=timezone.now())
    return link
