"""Admin warning for citations of values no source states: readers get the words without a footnote, so editors
must know before they publish."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from articles.citations import CitationSet, find_references
from articles.models import Article
from newsroom.ids import written_record


def unsourced_citations(body: str) -> list[str]:
    """ "men, June 3, 2025 … (96)" for each cited flight value that no accepted claim states."""
    references = [ref for ref in find_references(body)[0] if ref.kind == "flight"]
    citations = CitationSet.for_slugs({ref.slug for ref in references})
    found = []
    for ref in dict.fromkeys(references):
        note = citations.footnote_for(ref.slug, ref.field)
        if note is not None and note.number == 0 and note.value_text != "not reported":
            found.append(f"{note.spec.label}, {note.flight} ({note.value_text})")
    return found


class UnsourcedCitationsAdminMixin:
    """On an article's change page, warn about citations that readers will see without a source."""

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        article = written_record(Article.objects.all(), object_id)
        if request.method == "GET" and article is not None:
            found = unsourced_citations(article.body)
            if found:
                messages.warning(
                    request,
                    "No source states these cited values, so readers see them without a footnote: "
                    + "; ".join(found)
                    + ". Record a claim with its source on the flight.",
                )
        return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
