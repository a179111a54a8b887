"""Admin support for the fact check: findings on an article's change page.

Publishing is gated in one place only, articles.services.publish_article (the admin's Publish button calls it).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from articles.factcheck import Finding, FindingKind, check_article
from articles.models import Article, Correction

# Problems first: what blocks publishing (contradictions, then what needs a look), then what cannot be checked.
_ORDER = [FindingKind.CONTRADICTION, FindingKind.NEEDS_LOOK, FindingKind.UNSUPPORTED, FindingKind.CONSISTENT]


def render_findings(findings: list[Finding]) -> SafeString:
    ordered = sorted(findings, key=lambda f: _ORDER.index(f.kind))
    counts = {kind: sum(1 for f in findings if f.kind == kind) for kind in _ORDER}
    return render_to_string(
        "admin/articles/article/_factcheck.html",
        {"findings": [f for f in ordered if not f.from_record], "counts": counts, "checked": bool(findings)},
    )


class FactCheckAdminMixin:
    """Mix into ArticleAdmin: a "Fact check" panel on the change page (for the text being edited).

    The panel is the readonly field factcheck_findings; list it in a fieldset (ArticleAdmin does, beside
    factcheck_override_reason). A template can also include admin/articles/article/_factcheck.html with
    the context render_findings builds.
    """

    factcheck_field = "factcheck_findings"

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return fields if self.factcheck_field in fields else (*fields, self.factcheck_field)

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
