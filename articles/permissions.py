"""Who may do what to a story, beyond Django's model permissions: the rules of the newsroom's roles.

The admin (buttons, forms, querysets) and the services (articles.services, articles.workflow) ask the same
functions, so a refusal in one is a refusal in the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from articles.models import SEEN_BY_READERS, Article

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


def is_own(user: User, article: Article) -> bool:
    """A reporter's own story: they started it, or they are in its byline."""
    if not user.is_authenticated or article.pk is None:
        return False
    if article.created_by_id == user.pk:
        return True
    return article.authors.filter(user_id=user.pk).exists()


def can_publish(user: User) -> bool:
    return user.has_perm("articles.publish_article")


def can_view(user: User) -> bool:
    return user.has_perm("articles.view_article") or user.has_perm("articles.change_article")


def can_edit(user: User, article: Article | None) -> bool:
    """Editors edit any story; reporters their own, until it is withdrawn. Edits to a live story become revisions."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or can_publish(user):
        return True
    return article.status != Article.Status.WITHDRAWN and is_own(user, article)


def can_delete(user: User, article: Article | None) -> bool:
    """Only stories readers never saw can be deleted; published ones are withdrawn instead."""
    if not user.has_perm("articles.delete_article"):
        return False
    return article is None or article.status not in SEEN_BY_READERS


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
