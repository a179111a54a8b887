"""A story's steps through the newsroom other than publishing: review, revisions, unscheduling, withdrawal.

Draft → in review → published → withdrawn. Each function takes the acting user (`by`; None means trusted
code), checks the role's rules (articles.permissions), and records the step with who and when. Publishing
itself is articles.services.publish_article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import REVISION_FIELDS, Article, ArticleRevision, WorkflowStep, publish_path
from articles.permissions import can_edit, can_publish, is_own, require
from articles.services import WorkflowError, content_of, locked, step, to_the_second

if TYPE_CHECKING:
    from articles.services import User


def _check(by: User | None, allowed: bool, message: str) -> None:
    if by is not None:
        require(allowed, message)


def record_start(*, article: Article, by: User | None) -> None:
    """A story written in the admin: whose it is, and the first step of its workflow."""
    if by is not None and getattr(by, "pk", None) and article.created_by_id is None:
        Article.objects.filter(pk=article.pk).update(created_by=by)
        article.created_by = by
    step(article, WorkflowStep.Action.CREATED, by=by)


@transaction.atomic
def submit_for_review(*, article: Article, by: User | None) -> Article:
    current = locked(article)
    _check(by, by is not None and can_edit(by, current), "You can submit only stories you may edit.")
    if current.status != Article.Status.DRAFT:
        raise WorkflowError(f"Only a draft can be submitted for review; this story is {current.get_status_display()}.")
    return _move(current, article, Article.Status.IN_REVIEW, WorkflowStep.Action.SUBMITTED, by=by)


@transaction.atomic
def return_to_draft(*, article: Article, by: User | None, note: str = "") -> Article:
    """An editor sends a story in review back to its reporter (or the reporter takes it back)."""
    current = locked(article)
    allowed = by is not None and (can_publish(by) or (can_edit(by, current) and is_own(by, current)))
    _check(by, allowed, "Only an editor, or the story's reporter, can return it to draft.")
    if current.status != Article.Status.IN_REVIEW:
        raise WorkflowError("Only a story in review can be returned to draft.")
    return _move(current, article, Article.Status.DRAFT, WorkflowStep.Action.RETURNED, by=by, note=note)


@transaction.atomic
def unschedule(*, article: Article, by: User | None) -> Article:
    """A scheduled story goes back to draft; a scheduled revision goes back to being a draft revision."""
    require_publish = by is not None and can_publish(by)
    _check(by, require_publish, "Only an editor can change what is scheduled.")
    current = locked(article)
    scheduled = current.scheduled_revision
    if current.is_scheduled:
        return _move(current, article, Article.Status.DRAFT, WorkflowStep.Action.UNSCHEDULED, by=by)
    if scheduled is None:
        raise WorkflowError("Nothing about this story is scheduled.")
    # A newer draft revision was written on top of the scheduled text, so the scheduled one is simply dropped.
    scheduled.state = ArticleRevision.State.SUPERSEDED if current.draft_revision else ArticleRevision.State.DRAFT
    scheduled.save(update_fields=["state"])
    with publish_path():
        Article.objects.filter(pk=current.pk).update(revision_due_at=None)
    current.revision_due_at = None
    step(current, WorkflowStep.Action.REVISION_UNSCHEDULED, by=by, from_status=current.status, revision=scheduled)
    article.__dict__.pop("pending_revisions", None)
    return current


@transaction.atomic
def withdraw_article(*, article: Article, by: User | None, reason: str) -> Article:
    """Take a published story down. Its address then answers 410 Gone with this reason, for readers."""
    _check(by, by is not None and by.has_perm("articles.withdraw_article"), "Only an editor can withdraw a story.")
    reason = reason.strip()
    if not reason:
        raise WorkflowError("Give readers a reason: it is shown at the story's address.")
    current = locked(article)
    if not current.is_public:
        raise WorkflowError("Only a story readers can see is withdrawn; unschedule a scheduled one instead.")
    scheduled = current.scheduled_revision
    if scheduled is not None:
        scheduled.state = ArticleRevision.State.SUPERSEDED
        scheduled.save(update_fields=["state"])
    current.withdrawn_at = timezone.now()
    current.withdrawal_reason = reason
    current.revision_due_at = None
    return _move(current, article, Article.Status.WITHDRAWN, WorkflowStep.Action.WITHDRAWN, by=by, note=reason)


def _move(current: Article, article: Article, status: str, action: str, *, by: User | None, note: str = "") -> Article:
    from_status = current.status
    current.status = status
    current._history_user = by if getattr(by, "pk", None) else None
    current.save()
    step(current, action, by=by, from_status=from_status, note=note)
    if article is not current:
        article.status = current.status
        article._loaded_status = current.status
        for name in ["withdrawn_at", "withdrawal_reason", "revision_due_at"]:
            setattr(article, name, getattr(current, name))
    return current


@transaction.atomic
def save_draft_revision(
    *, article: Article, by: User | None, content: dict[str, Any], note: str = ""
) -> ArticleRevision | None:
    """An edit to a published story's text: kept as its draft revision, while readers keep the live text.

    Returns None when the text is what the story would show anyway (nothing to review).
    """
    current = locked(article)
    _check(by, by is not None and can_edit(by, current), "You cannot edit this story.")
    if not current.text_is_frozen:
        raise WorkflowError("A draft's text is saved on the story itself; revisions are for published stories.")
    base = current.draft_revision or current.scheduled_revision or current
    if content_of(base) == {name: content.get(name, getattr(base, name)) for name in REVISION_FIELDS}:
        return None
    previous = current.draft_revision
    if previous is not None:
        previous.state = ArticleRevision.State.SUPERSEDED
        previous.save(update_fields=["state"])
    fields = {name: content.get(name, getattr(base, name)) for name in REVISION_FIELDS}
    try:
        with transaction.atomic():
            revision = ArticleRevision.objects.create(
                article=current,
                state=ArticleRevision.State.DRAFT,
                created_by=by if getattr(by, "pk", None) else None,
                note=note,
                **fields,
            )
    except IntegrityError as exc:
        raise WorkflowError("Someone saved a revision of this story at the same moment; reload it.") from exc
    article.__dict__.pop("pending_revisions", None)
    return revision


@transaction.atomic
def restore_version(*, article: Article, by: User | None, content: dict[str, Any], label: str) -> object:
    """Bring back an earlier text as a new revision: a live story gets a draft revision, a draft its text again."""
    current = locked(article)
    _check(by, by is not None and can_edit(by, current), "You cannot edit this story.")
    note = f"Restored from {label}"[:300]
    if current.text_is_frozen:
        restored: object = save_draft_revision(article=current, by=by, content=content, note=note)
        if restored is None:
            raise WorkflowError("That version's text is what the story already shows.")
    else:
        for name in REVISION_FIELDS:
            setattr(current, name, content[name])
        current._history_user = by if getattr(by, "pk", None) else None
        current._change_reason = note
        current.save()
        restored = current
    step(current, WorkflowStep.Action.RESTORED, by=by, from_status=current.status, note=note)
    article.__dict__.pop("pending_revisions", None)
    return restored


def published_time_label(when: Any) -> str:
    """A time in the newsroom's zone, with the zone named: "June 5, 2025, 9:00 a.m. EDT (America/New_York)"."""
    from django.conf import settings
    from django.utils.dateformat import format as date_format

    local = timezone.localtime(to_the_second(when))
    return f"{date_format(local, 'N j, Y, P T')} ({settings.TIME_ZONE})"
