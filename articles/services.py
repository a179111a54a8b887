"""Work on articles that writes several records at once: citing flights, and the one path to publication.

Every publication goes through publish_article: the admin's Publish button, `manage.py publish_due`, the demo
loader and any other code. It runs the one fact check (blocking_findings), records who published and why, and
is the only code allowed to set status=published (the model refuses it elsewhere, see articles.models).
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from articles.citations import cited_slugs
from articles.models import REVISION_FIELDS, Article, ArticleFlight, ArticleRevision, WorkflowStep, publish_path
from flights.models import Flight

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from articles.factcheck import Finding

    User = AbstractBaseUser | AnonymousUser

logger = logging.getLogger(__name__)


@transaction.atomic
def sync_cited_flights(*, article: Article) -> list[str]:
    """Make every flight the body cites one of the article's cited flights; returns the slugs added.

    Flights an editor linked by hand stay linked even when the body no longer cites them.
    """
    slugs = cited_slugs(article.body)
    linked = set(article.cited_flights.values_list("flight__slug", flat=True))
    missing = Flight.objects.filter(slug__in=slugs - linked).order_by("departed_earliest")
    start = len(linked)
    links = [ArticleFlight(article=article, flight=flight, position=start + i) for i, flight in enumerate(missing)]
    ArticleFlight.objects.bulk_create(links)
    return [link.flight.slug for link in links]


class PublishRefused(ValidationError):
    """Publishing was refused: the fact check found blocking findings and no editor recorded why to go ahead."""


class WorkflowError(ValidationError):
    """A workflow step that does not apply to the story as it stands (say, withdrawing a draft)."""


def blocking_findings(article: Article) -> list[Finding]:
    """What keeps the text from being published: THE one place that decides it.

    `article` carries the text to publish (for a revision, revision.as_article()). Contradictions block, and so
    do findings that need a look (figures credited to another report, totals over a period) until an editor
    acknowledges them with a reason.
    """
    from articles.factcheck import blocking, check_article

    return blocking(check_article(article))


def finding_line(finding: Finding) -> str:
    return f"\u201c{finding.claimed}\u201d: {finding.message}"


def found_counts(findings: list[Finding]) -> str:
    """ "2 contradiction(s)", "1 contradiction(s) and 1 finding(s) that need a look": per kind, in the order found."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[str(finding.kind)] = counts.get(str(finding.kind), 0) + 1
    named = {"needs a look": "finding(s) that need a look"}
    return " and ".join(f"{n} {named.get(kind, kind + '(s)')}" for kind, n in counts.items())


def require(user: User | None, permission: str, doing: str) -> None:
    """Services take the acting user; None means trusted code (a management command, a migration)."""
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(f"You cannot {doing}: your role does not include it.")


def to_the_second(when: datetime.datetime) -> datetime.datetime:
    # The admin's time fields show seconds; a stored microsecond would read as a change nobody made.
    return when.replace(microsecond=0)


def step(
    article: Article,
    action: str,
    *,
    by: User | None,
    from_status: str = "",
    note: str = "",
    revision: ArticleRevision | None = None,
    effective_at: datetime.datetime | None = None,
) -> WorkflowStep:
    return WorkflowStep.objects.create(
        article=article,
        action=action,
        from_status=from_status,
        to_status=article.status,
        by=by if getattr(by, "pk", None) else None,
        note=note,
        revision=revision,
        effective_at=effective_at,
    )


def locked(article: Article) -> Article:
    """The article's row, locked for this transaction (two editors publishing at once take turns)."""
    with publish_path():  # loading it must not apply a due revision halfway through another step
        return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def publish_article(
    *,
    article: Article,
    by: User | None = None,
    override_reason: str = "",
    at: datetime.datetime | None = None,
) -> Article:
    """Publish the story's newest text now, or schedule it for `at` (or its publish time) if that is ahead.

    A draft or a story in review goes live as stored; a published story's draft revision replaces the live
    text; a withdrawn story is reinstated. The fact check runs on exactly the text that will go live; with
    blocking findings an editor holding override_factcheck must give override_reason, which the story's
    history and workflow keep. `by` must hold publish_article (None: trusted code such as a command).
    """
    require(by, "articles.publish_article", "publish or schedule stories")
    current = locked(article)
    revision = current.draft_revision if current.text_is_frozen else None
    if current.status == Article.Status.PUBLISHED and revision is None:
        raise WorkflowError(f"\u201c{current}\u201d is already published and has no draft revision to publish.")
    text = revision.as_article() if revision else current
    findings = blocking_findings(text)
    reason = override_reason.strip()
    if findings:
        if not reason:
            raise PublishRefused(
                [
                    f"The fact check found {found_counts(findings)} that block publishing. "
                    "Correct the text, or record why it is published anyway (fact-check override reason).",
                    *[finding_line(f) for f in findings],
                ]
            )
        require(by, "articles.override_factcheck", "publish over the fact check's findings")
    else:
        reason = ""
    now = to_the_second(timezone.now())
    from_status = current.status
    if from_status == Article.Status.WITHDRAWN:
        # Publishing again is immediate and keeps the first publication's date; a revision written since
        # the withdrawal goes live with it.
        if at is not None and at > now:
            raise WorkflowError("A withdrawn story is published again at once; it cannot be scheduled.")
        if revision is not None:
            for name in REVISION_FIELDS:
                setattr(current, name, getattr(revision, name))
            current.revised_at = now
            revision.state, revision.go_live_at = ArticleRevision.State.PUBLISHED, now
            revision.approved_by = by if getattr(by, "pk", None) else None
            revision.factcheck_override_reason = reason
            revision.save()
        at = current.published_at or now
    elif revision is not None:
        _publish_revision(current, revision, by=by, reason=reason, when=to_the_second(at) if at else now)
        _copy_state(current, article)
        return article
    when = to_the_second(at or current.published_at or now)
    current.status = Article.Status.PUBLISHED
    current.published_at = when
    current.factcheck_override_reason = reason
    current.withdrawn_at, current.withdrawal_reason = None, ""
    current._history_user = by if getattr(by, "pk", None) else None
    with publish_path():
        current.save()
    action = WorkflowStep.Action.SCHEDULED if when > now else WorkflowStep.Action.PUBLISHED
    step(
        current,
        action,
        by=by,
        from_status=from_status,
        note=reason,
        effective_at=when if when > now else None,
        revision=revision,
    )
    if revision is not None:
        sync_cited_flights(article=current)
    _copy_state(current, article)
    return article


def _publish_revision(
    article: Article, revision: ArticleRevision, *, by: User | None, reason: str, when: datetime.datetime
) -> Article:
    # The draft was written on top of whatever was scheduled, so it replaces a scheduled revision.
    scheduled = article.scheduled_revision
    if scheduled is not None:
        scheduled.state = ArticleRevision.State.SUPERSEDED
        scheduled.save(update_fields=["state"])
    revision.approved_by = by if getattr(by, "pk", None) else None
    revision.factcheck_override_reason = reason
    revision.go_live_at = when
    if when > to_the_second(timezone.now()):
        revision.state = ArticleRevision.State.SCHEDULED
        revision.save()
        article.revision_due_at = when
        with publish_path():
            article.save(update_fields=["revision_due_at"])
        step(article, WorkflowStep.Action.REVISION_SCHEDULED, by=by, note=reason, revision=revision, effective_at=when)
    else:
        _make_revision_live(article, revision, by=by)
    article.__dict__.pop("pending_revisions", None)
    return article


def _make_revision_live(article: Article, revision: ArticleRevision, *, by: User | None) -> None:
    """Copy the revision into the row readers see. Both publishing now and a due schedule end here."""
    for name in REVISION_FIELDS:
        setattr(article, name, getattr(revision, name))
    article.revised_at = revision.go_live_at
    article.factcheck_override_reason = revision.factcheck_override_reason
    article.revision_due_at = None
    article._history_user = by if getattr(by, "pk", None) else None
    with publish_path():
        article.save()
    revision.state = ArticleRevision.State.PUBLISHED
    revision.save(update_fields=["state", "go_live_at", "approved_by", "factcheck_override_reason"])
    step(
        article,
        WorkflowStep.Action.REVISION_PUBLISHED,
        by=by,
        from_status=article.status,
        note=revision.factcheck_override_reason,
        revision=revision,
        effective_at=revision.go_live_at,
    )
    sync_cited_flights(article=article)


def _apply_due(article_id: int, now: datetime.datetime) -> Article | None:
    """Make a scheduled revision whose time has come live, once: whoever flips its state first does it."""
    revision = (
        ArticleRevision.objects.select_for_update()
        .filter(article_id=article_id, state=ArticleRevision.State.SCHEDULED, go_live_at__lte=now)
        .first()
    )
    if revision is None:
        with publish_path():
            Article.objects.filter(pk=article_id, revision_due_at__lte=now).update(revision_due_at=None)
        return None
    # The conditional UPDATE is the claim: a second reader racing this one updates no row and stops here.
    claimed = ArticleRevision.objects.filter(pk=revision.pk, state=ArticleRevision.State.SCHEDULED).update(
        state=ArticleRevision.State.PUBLISHED
    )
    if not claimed:
        return None
    article = locked(Article(pk=article_id))
    _make_revision_live(article, revision, by=revision.approved_by)
    return article


def apply_due_revision(article: Article) -> None:
    """Called as a story is loaded with a revision due: make it live and show it (no cron, no worker).

    A database that refuses the write (locked, read-only) leaves readers the text they had; the next read retries.
    """
    from newsroom.db_router import primary_reads  # a reader's request reads the replica; this must lock the primary

    try:
        with primary_reads(), transaction.atomic():
            updated = _apply_due(article.pk, timezone.now())
    except DatabaseError:
        logger.warning("Could not apply the scheduled revision of article %s; will retry on the next read.", article.pk)
        return
    if updated is None:
        article.__dict__["revision_due_at"] = None
        return
    for field in Article._meta.concrete_fields:
        if field.attname in article.__dict__:
            article.__dict__[field.attname] = getattr(updated, field.attname)
    article._loaded_status, article._loaded_slug = updated.status, updated.slug


def publish_due(*, now: datetime.datetime | None = None) -> int:
    """Make every scheduled revision whose time has come live; returns how many (for `manage.py publish_due`)."""
    now = now or timezone.now()
    due = ArticleRevision.objects.filter(state=ArticleRevision.State.SCHEDULED, go_live_at__lte=now)
    applied = 0
    for article_id in list(due.values_list("article_id", flat=True)):
        with transaction.atomic():
            applied += _apply_due(article_id, now) is not None
    return applied


def next_scheduled_change(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """When readers next get something new without anyone saving: a scheduled story or revision going live.

    For caches of public pages: an entry kept past this time would hide the change (and, for a revision,
    keep the first read from applying it).
    """
    from django.db.models import Min

    now = now or timezone.now()
    stories = Article.objects.scheduled().aggregate(at=Min("published_at"))["at"]
    revisions = Article.objects.filter(revision_due_at__gt=now).aggregate(at=Min("revision_due_at"))["at"]
    due = [at for at in (stories, revisions) if at is not None]
    return min(due) if due else None


def _copy_state(source: Article, target: Article) -> None:
    """Let the caller's instance show what was stored, so saving it later cannot undo the step."""
    if source is not target:
        for field in Article._meta.concrete_fields:
            target.__dict__[field.attname] = getattr(source, field.attname)
    target.__dict__.pop("shown_revision", None)
    target._loaded_status, target._loaded_slug = source.status, source.slug
    target.__dict__.pop("pending_revisions", None)


def content_of(obj: Any) -> dict[str, Any]:
    """The text fields of an article or a revision."""
    return {name: getattr(obj, name) for name in REVISION_FIELDS}
