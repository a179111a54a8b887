"""Admin support for the fact check: findings on an article's change page, and publishing gated on them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from articles.citations import check_references, cited_slugs
from articles.factcheck import Finding, FindingKind, check_article, check_text
from articles.models import Article, Correction
from flights.models import Flight

_ORDER = [FindingKind.CONTRADICTION, FindingKind.MATCHES_OTHER_FLIGHT, FindingKind.UNSUPPORTED, FindingKind.CONSISTENT]


def render_findings(findings: list[Finding]) -> SafeString:
    ordered = sorted(findings, key=lambda f: _ORDER.index(f.kind))
    counts = {kind: sum(1 for f in findings if f.kind == kind) for kind in _ORDER}
    return render_to_string(
        "admin/articles/article/_factcheck.html",
        {"findings": [f for f in ordered if not f.from_record], "counts": counts, "checked": bool(findings)},
    )


class FactCheckFormMixin(forms.ModelForm):
    """Refuses to save a published article whose text contradicts the records unless a reason is given."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not hasattr(self, "clean_body"):
            # ArticleForm checks citations in clean_body; a form without it gets the same check here.
            for problem in check_references(cleaned.get("body") or ""):
                self.add_error("body" if "body" in self.fields else None, problem)
        if cleaned.get("status", self.instance.status) != Article.Status.PUBLISHED or self.errors:
            return cleaned
        contradictions = self._contradictions(cleaned)
        reason = (cleaned.get("factcheck_override_reason", self.instance.factcheck_override_reason) or "").strip()
        if contradictions and not reason:
            message = (
                f"The fact check found {len(contradictions)} contradiction(s): "
                + "; ".join(f"\u201c{f.claimed}\u201d: {f.message}" for f in contradictions)
                + " Correct the text, or record why it is published anyway."
            )
            field = "factcheck_override_reason" if "factcheck_override_reason" in self.fields else None
            self.add_error(field, message)
        return cleaned

    def _contradictions(self, cleaned: dict[str, Any]) -> list[Finding]:
        text = "\n\n".join(
            part
            for part in (
                f"## {cleaned.get('headline', self.instance.headline)}",
                cleaned.get("dek", self.instance.dek),
                cleaned.get("body", self.instance.body),
            )
            if part
        )
        slugs = list(self.instance.cited_flights.values_list("flight__slug", flat=True)) if self.instance.pk else []
        slugs += [s for s in sorted(cited_slugs(text)) if s not in slugs]
        known = set(Flight.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        published_at = cleaned.get("published_at") or self.instance.published_at
        published_on = timezone.localdate(published_at) if published_at else timezone.localdate()
        findings = check_text(text, [s for s in slugs if s in known], published_on)
        return [f for f in findings if f.kind == FindingKind.CONTRADICTION]


class FactCheckAdminMixin:
    """Mix into ArticleAdmin: a "Fact check" panel on the change page and the publishing gate in the form.

    The panel is the readonly field factcheck_findings; list it in a fieldset (ArticleAdmin does, beside
    factcheck_override_reason). A template can also include admin/articles/article/_factcheck.html with
    the context render_findings builds.
    """

    factcheck_field = "factcheck_findings"

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return fields if self.factcheck_field in fields else (*fields, self.factcheck_field)

    def get_form(self, request: HttpRequest, obj: Article | None = None, **kwargs: Any) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, **kwargs)  # type: ignore[misc]
        if issubclass(form, FactCheckFormMixin):
            return form
        return type(f"FactChecked{form.__name__}", (FactCheckFormMixin, form), {})

    @admin.display(description="Fact check")
    def factcheck_findings(self, obj: Article | None) -> SafeString | str:
        if obj is None or obj.pk is None:
            return "Save the article to check it against the records."
        return render_findings(check_article(obj))


class CitesChangedRecordsFilter(admin.SimpleListFilter):
    """Published articles whose cited records changed after publication (each change left an update note)."""

    title = "records"
    parameter_name = "records"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("changed", "cites changed records")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if self.value() != "changed":
            return queryset
        automatic = Correction.objects.filter(article=OuterRef("pk"), claim__isnull=False)
        return queryset.filter(status=Article.Status.PUBLISHED).filter(Exists(automatic))
