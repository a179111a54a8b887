"""The workflow in the article admin: role rules, revisions of live stories, the step buttons, withdraw and share.

WorkflowAdminMixin goes first in ArticleAdmin's bases. The change form's buttons (templates/admin/articles/
article/submit_line.html) name the step; the step runs after the form and its inlines are saved, through
articles.services / articles.workflow, inside the admin's transaction: a refused step rolls everything back
and shows the form again with the reason, keeping what was typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.safestring import SafeString

from articles.models import SEEN_BY_READERS, Article, ArticleRevision, Author, ShareLink
from articles.permissions import can_edit, can_publish, is_own
from articles.services import PublishRefused, WorkflowError, content_of, publish_article, sync_cited_flights
from articles.sharing import LIFETIMES, create_share_link, revoke_share_link, share_url
from articles.workflow import (
    published_time_label,
    record_start,
    return_to_draft,
    save_draft_revision,
    submit_for_review,
    unschedule,
    withdraw_article,
)
from newsroom.ids import written_record

# The change form's buttons, each naming a step.
STEP_BUTTONS = ("_publish", "_submit_review", "_return_draft", "_unschedule")


class StepRefused(Exception):
    """A step the services refused; the admin shows the form again with these messages (on `field`, if given)."""

    def __init__(self, messages: list[str], field: str | None = None) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages
        self.field = field


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Reason, for readers",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        help_text="Shown at the story's address, which answers 410 Gone from now on. Say plainly why.",
    )


class ShareForm(forms.Form):
    days = forms.TypedChoiceField(choices=sorted(LIFETIMES.items()), coerce=int, initial=3, label="Expires after")
    note = forms.CharField(required=False, max_length=200, label="For", help_text="Who the link is for.")


class OwnStoriesFilter(admin.SimpleListFilter):
    """A reporter's own stories: started by them, or in their byline."""

    title = "whose"
    parameter_name = "whose"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("mine", "my stories")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if self.value() != "mine":
            return queryset
        user = request.user
        return queryset.filter(Q(created_by=user) | Q(authors__user=user)).distinct()


class WorkflowAdminMixin:
    """Role rules, live-story revisions, step buttons, and the withdraw and share pages for ArticleAdmin."""

    # -- who may do what ------------------------------------------------------------------------------------

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)  # type: ignore[misc]
        return allowed and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)  # type: ignore[misc]
        return allowed and (obj is None or obj.status not in SEEN_BY_READERS)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)  # type: ignore[misc]
        if "delete_selected" in actions:
            _func, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (delete_never_published, name, "Delete selected stories never published")
        return actions

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        drafts = ArticleRevision.objects.filter(article=OuterRef("pk"), state=ArticleRevision.State.DRAFT)
        return super().get_queryset(request).annotate(has_draft_revision=Exists(drafts))  # type: ignore[misc]

    # -- the form: a live story's pending revision, fields by role --------------------------------------------

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Article | None:
        article = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if article is not None and article.text_is_frozen:
            # The form edits the newest text: the pending draft (or scheduled) revision, not the live row.
            return article.newest_text
        return article

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> tuple[str, ...]:
        fields = [*super().get_readonly_fields(request, obj), "workflow_panel", "factcheck_override_reason"]  # type: ignore[misc]
        if (obj is not None and obj.text_is_frozen) or not can_publish(request.user):
            fields.append("published_at")
        return tuple(dict.fromkeys(fields))

    def get_fieldsets(self, request: HttpRequest, obj: Article | None = None) -> list[tuple[str | None, dict]]:
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]  # type: ignore[misc]
        publishing = ["workflow_panel", "published_at"]
        if obj is not None and obj.text_is_frozen and can_publish(request.user):
            publishing.append("go_live_at")
        if request.user.has_perm("articles.override_factcheck"):
            publishing.append("override_reason")
        for _name, options in fieldsets:
            if "workflow_panel" in options.get("fields", ()):
                options["fields"] = publishing
        return fieldsets

    def get_form(self, request: HttpRequest, obj: Article | None = None, **kwargs: Any) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, **kwargs)  # type: ignore[misc]
        refusal = getattr(request, "_workflow_refusal", None)
        if refusal:
            return type(form.__name__, (form,), {"workflow_refusal": refusal})
        return form

    # -- saving, then the step the button named ---------------------------------------------------------------

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except StepRefused as refused:
            # The admin's transaction rolled the save back; show the form again, with what was typed and why.
            request._workflow_refusal = (refused.field, refused.messages)  # type: ignore[attr-defined]
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
            super().save_model(request, obj, form, change)  # type: ignore[misc]
            record_start(article=obj, by=request.user)
        elif obj.text_is_frozen:
            # A live story's row stays as readers see it; the edit becomes its draft revision.
            revision = save_draft_revision(article=obj, by=request.user, content=content_of(obj))
            if revision is not None:
                request._workflow_note = (  # type: ignore[attr-defined]
                    "Saved as a draft revision: readers still see the published text until an editor publishes it."
                )
        else:
            super().save_model(request, obj, form, change)  # type: ignore[misc]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        article = form.instance
        if not change and not article.authors.exists():
            own = Author.objects.filter(user=request.user).first()
            if own is not None:
                article.authors.add(own)
        if not article.text_is_frozen:
            sync_cited_flights(article=article)
        self.run_step(request, form, article)

    def run_step(self, request: HttpRequest, form: Any, article: Article) -> None:
        post, user = request.POST, request.user
        try:
            if "_publish" in post:
                publish_article(
                    article=article,
                    by=user,
                    override_reason=form.cleaned_data.get("override_reason", ""),
                    at=form.cleaned_data.get("go_live_at"),
                )
                request._workflow_note = self._published_note(article)  # type: ignore[attr-defined]
            elif "_submit_review" in post:
                submit_for_review(article=article, by=user)
                request._workflow_note = "Submitted for review: an editor can now publish it."  # type: ignore[attr-defined]
            elif "_return_draft" in post:
                return_to_draft(article=article, by=user)
                request._workflow_note = "Returned to draft."  # type: ignore[attr-defined]
            elif "_unschedule" in post:
                unschedule(article=article, by=user)
                request._workflow_note = "Unscheduled: nothing will go live until it is published again."  # type: ignore[attr-defined]
        except PublishRefused as refused:
            raise StepRefused(refused.messages, field="override_reason") from refused
        except WorkflowError as refused:
            raise StepRefused(refused.messages) from refused

    def _published_note(self, article: Article) -> str:
        fresh = Article.objects.get(pk=article.pk)
        if fresh.is_scheduled:
            return f"Scheduled: readers see it from {published_time_label(fresh.published_at)}."
        if fresh.scheduled_revision is not None:
            return f"Revision scheduled: readers see it from {published_time_label(fresh.revision_due_at)}."
        return "Published: readers see this text now."

    def response_add(self, request: HttpRequest, obj: Article, post_url_continue: str | None = None) -> HttpResponse:
        self._say_what_happened(request)
        return super().response_add(request, obj, post_url_continue)  # type: ignore[misc]

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        self._say_what_happened(request)
        if any(button in request.POST for button in STEP_BUTTONS) and "_continue" not in request.POST:
            # After a step, stay on the story: its new state and the next steps are shown there.
            super().response_change(request, obj)  # type: ignore[misc]
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)  # type: ignore[misc]

    def _say_what_happened(self, request: HttpRequest) -> None:
        note = getattr(request, "_workflow_note", "")
        if note:
            self.message_user(request, note, messages.INFO)  # type: ignore[attr-defined]

    # -- what the change page shows ---------------------------------------------------------------------------

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Article | None = None,
    ) -> HttpResponse:
        context["workflow"] = self.workflow_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)  # type: ignore[misc]

    def workflow_context(self, request: HttpRequest, obj: Article | None) -> dict[str, Any]:
        user = request.user
        publisher = can_publish(user) and (obj is None or can_edit(user, obj))
        if obj is None:
            return {"can_publish": publisher, "publish_label": "Publish", "can_submit": True, "add": True}
        status = obj.status
        frozen = obj.text_is_frozen
        editable = can_edit(user, obj)
        publishable = status in (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.WITHDRAWN) or (
            frozen and obj.draft_revision is not None
        )
        if status == Article.Status.WITHDRAWN:
            label = "Publish again"
        elif frozen:
            label = "Publish revision"
        else:
            label = "Publish"
        links = list(ShareLink.objects.active().filter(article=obj).select_related("created_by")) if obj.pk else []
        return {
            "frozen": frozen,
            "can_submit": editable and status == Article.Status.DRAFT,
            "can_return": status == Article.Status.IN_REVIEW
            and (can_publish(user) or (editable and is_own(user, obj))),
            "can_publish": publisher and publishable,
            "publish_label": label,
            "can_unschedule": can_publish(user) and (obj.is_scheduled or obj.scheduled_revision is not None),
            "can_withdraw": user.has_perm("articles.withdraw_article") and obj.is_public,
            "withdraw_url": reverse("admin:articles_article_withdraw", args=[obj.pk]),
            "preview_url": reverse("articles:preview", kwargs={"pk": obj.pk}),
            "can_share": editable,
            "share_form": ShareForm(),
            "share_create_url": reverse("admin:articles_article_share", args=[obj.pk]),
            "share_links": [(link, share_url(link), self._revoke_url(link)) for link in links],
        }

    def _revoke_url(self, link: ShareLink) -> str:
        return reverse("admin:articles_article_share_revoke", args=[link.article_id, link.pk])

    @admin.display(description="Workflow")
    def workflow_panel(self, obj: Article | None) -> SafeString | str:
        if obj is None or obj.pk is None:
            return "A new story starts as a draft."
        steps = obj.workflow_steps.select_related("by", "revision")[:50]
        return render_to_string(
            "admin/articles/article/_workflow.html",
            {
                "article": obj,
                "steps": steps,
                "draft": obj.draft_revision,
                "scheduled": obj.scheduled_revision,
                "scheduled_label": published_time_label(obj.published_at) if obj.is_scheduled else "",
                "revision_label": published_time_label(obj.scheduled_revision.go_live_at)
                if obj.scheduled_revision
                else "",
            },
        )

    @admin.display(description="status", ordering="status")
    def workflow_state(self, article: Article) -> str:
        if article.is_scheduled:
            state = f"Scheduled for {published_time_label(article.published_at)}"
        else:
            state = article.get_status_display()
        if article.revision_due_at is not None:
            state += f"; revision scheduled for {published_time_label(article.revision_due_at)}"
        if getattr(article, "has_draft_revision", False):
            state += "; draft revision waiting"
        return state

    # -- the withdraw and share pages -------------------------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view  # type: ignore[attr-defined]
        return [
            path("<path:object_id>/withdraw/", wrap(self.withdraw_view), name="articles_article_withdraw"),
            path("<path:object_id>/share/", wrap(self.share_view), name="articles_article_share"),
            path(
                "<path:object_id>/share/<int:link_id>/revoke/",
                wrap(self.revoke_share_view),
                name="articles_article_share_revoke",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def _article(self, request: HttpRequest, object_id: str) -> Article:
        article = written_record(Article.objects.all(), object_id)
        if article is None:
            raise Http404("No such story.")
        if not self.has_view_or_change_permission(request, article):  # type: ignore[attr-defined]
            raise PermissionDenied
        return article

    def _change_url(self, article: Article) -> str:
        return reverse("admin:articles_article_change", args=[article.pk])

    def withdraw_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article(request, object_id)
        if not request.user.has_perm("articles.withdraw_article"):
            raise PermissionDenied("Only an editor can withdraw a story.")
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                withdraw_article(article=article, by=request.user, reason=form.cleaned_data["reason"])
            except WorkflowError as refused:
                form.add_error(None, refused)
            else:
                self.message_user(  # type: ignore[attr-defined]
                    request, f"Withdrawn. {article.get_absolute_url()} now answers 410 Gone with your reason."
                )
                return HttpResponseRedirect(self._change_url(article))
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": f"Withdraw \u201c{article}\u201d",
            "subtitle": None,
            "opts": self.opts,  # type: ignore[attr-defined]
            "original": article,
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/article/withdraw.html", context)

    def share_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, object_id)
        if not can_edit(request.user, article) or not request.user.has_perm("articles.add_sharelink"):
            raise PermissionDenied("You can share only stories you may edit.")
        form = ShareForm(request.POST)
        if not form.is_valid():
            self.message_user(request, "Choose how long the link lasts.", messages.ERROR)  # type: ignore[attr-defined]
            return HttpResponseRedirect(self._change_url(article))
        link = create_share_link(
            article=article, by=request.user, days=form.cleaned_data["days"], note=form.cleaned_data["note"]
        )
        url = request.build_absolute_uri(share_url(link))
        self.message_user(  # type: ignore[attr-defined]
            request, f"Share link created; it expires {published_time_label(link.expires_at)}: {url}", messages.SUCCESS
        )
        return HttpResponseRedirect(self._change_url(article) + "#share-links")

    def revoke_share_view(self, request: HttpRequest, object_id: str, link_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, object_id)
        link = ShareLink.objects.filter(pk=link_id, article=article).select_related("article").first()
        if link is None:
            raise Http404("No such share link.")
        if not request.user.has_perm("articles.change_sharelink"):
            raise PermissionDenied
        revoke_share_link(link=link, by=request.user)
        self.message_user(request, "Share link revoked: it no longer opens.", messages.SUCCESS)  # type: ignore[attr-defined]
        return HttpResponseRedirect(self._change_url(article) + "#share-links")


def delete_never_published(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Article]) -> Any:
    """Django's delete action, refused as a whole when the selection holds a story readers saw."""
    seen = queryset.filter(status__in=SEEN_BY_READERS).count()
    if seen:
        modeladmin.message_user(
            request,
            f"Nothing was deleted: {seen} of the selected stories were published. Withdraw them instead.",
            messages.ERROR,
        )
        return None
    return delete_selected(modeladmin, request, queryset)
