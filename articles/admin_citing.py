"""Help while writing, on the article form: the "Cite a record" panel and the "Check now" fact check.

CitingAdminMixin (mixed into ArticleAdmin) adds a "Cite a record" fieldset after the body and a "Check now"
button beside the fact-check findings, both as read-only fields rendered from templates, plus three admin
endpoints the static script (static/js/admin/cite-record.js) calls: flight search (JSON), reference check
(JSON, with "did you mean" suggestions) and the fact check of the unsaved form (HTML). Each needs a
logged-in staff user who may add or change articles and view flights.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries

from articles.citation_suggestions import reference_problems
from articles.citations import cited_slugs, find_references
from articles.factcheck import Finding, check_text
from flights.claim_fields import CLAIM_FIELDS
from flights.derived import FACTS, derived_facts_for
from flights.models import Claim, Flight
from newsroom.ids import record_id

SEARCH_LIMIT = 12
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = [
    # 2025-06-03, 2025-06, June 3, 2025, 3 June 2025, June 2025, June 3, 2025 alone.
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?\b"),
    re.compile(rf"\b(?P<mname>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?(?:\s+(?P<year>\d{{4}}))?\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mname>{_MONTH})\.?,?(?:\s+(?P<year>\d{{4}}))?\b", re.I),
    re.compile(rf"\b(?P<mname>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})\b"),
]


def _date_filter(query: str) -> tuple[Q | None, str]:
    """The first date a query names, as a filter on when flights left, and the query without it."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(query)
        if match is None:
            continue
        parts = match.groupdict()
        month = int(parts["month"]) if parts.get("month") else _MONTHS.get((parts.get("mname") or "").lower())
        year = int(parts["year"]) if parts.get("year") else None
        day = int(parts["day"]) if parts.get("day") else None
        rest = (query[: match.start()] + " " + query[match.end() :]).strip()
        try:
            if year and month and day:
                start = end = datetime.date(year, month, day)
            elif year and month:
                start = datetime.date(year, month, 1)
                end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            elif year:
                start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            elif month and day:
                # "June 3" with no year: that day in any year.
                return Q(departed_earliest__month=month, departed_earliest__day=day), rest
            else:
                continue
        except ValueError:
            continue
        return Q(departed_earliest__lte=end, departed_latest__gte=start), rest
    return None, query


def _country_codes(query: str) -> tuple[set[str], str]:
    """Countries a query names in full ("El Salvador"), and the query without them."""
    codes: set[str] = set()
    lowered = query.lower()
    for code, name in countries:
        name_lower = str(name).lower()
        if len(name_lower) > 3 and re.search(rf"\b{re.escape(name_lower)}\b", lowered):
            codes.add(code)
            lowered = lowered.replace(name_lower, " ")
    return codes, lowered


def search_flights(query: str, limit: int = SEARCH_LIMIT) -> list[Flight]:
    """Flights matching a writer's query: a date, a place (city, airport, ICAO/IATA), a country, or a slug."""
    query = " ".join(query.split())
    if not query:
        return []
    flights = Flight.objects.with_places().order_by("-departed_earliest", "slug")
    by_slug: list[Flight] = []
    if re.fullmatch(r"[-a-zA-Z0-9_]+", query) and "-" in query:
        # A slug or part of one; "2025-06-03" is also a date, so flights that left that day follow.
        by_slug = list(flights.filter(slug__icontains=query)[:limit])
    found = by_slug + [f for f in _search_words(flights, query, limit) if f not in by_slug]
    return found[:limit]


def _search_words(flights: Any, query: str, limit: int) -> list[Flight]:
    when, rest = _date_filter(query)
    if when is not None:
        flights = flights.filter(when)
    codes, rest = _country_codes(rest)
    if codes:
        flights = flights.filter(Q(destination_country__in=codes) | Q(nationality__in=codes))
    for word in re.findall(r"[-\w]+", rest):
        if len(word) < 2:
            continue
        match = (
            Q(slug__icontains=word)
            | Q(origin_description__icontains=word)
            | Q(operator__name__icontains=word)
            | Q(tail_number__iexact=word)
            | Q(mission_number__iexact=word)
        )
        for end in ("origin", "destination"):
            match |= (
                Q(**{f"{end}__city__icontains": word})
                | Q(**{f"{end}__name__icontains": word})
                | Q(**{f"{end}__icao__iexact": word})
                | Q(**{f"{end}__iata__iexact": word})
            )
        word_codes = {code for code, name in countries if len(word) > 3 and word.lower() in str(name).lower()}
        if len(word) == 2:
            word_codes.add(word.upper())
        if word_codes:
            match |= Q(destination_country__in=word_codes) | Q(nationality__in=word_codes)
        flights = flights.filter(match)
    return list(flights[:limit])


def _source_text(claims: list[Claim]) -> str:
    return "; ".join(f"{c.source.publisher} ({c.source.get_tier_display().lower()})" for c in claims)


def describe_flights(flights: list[Flight]) -> list[dict[str, Any]]:
    """Each flight with every field's current value and source, and its derived facts, ready to cite."""
    accepted = Claim.objects.accepted().select_related("source").order_by("source__tier", "pk")
    ids = [f.pk for f in flights]
    with_claims = Flight.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("claims", queryset=accepted, to_attr="accepted_claims")
    )
    claims_of = {f.pk: f.accepted_claims for f in with_claims}
    facts_of = derived_facts_for(flights)
    described = []
    for flight in flights:
        claims = claims_of.get(flight.pk, [])
        fields = []
        for name, spec in CLAIM_FIELDS.items():
            value = spec.read(flight)
            fields.append(
                {
                    "name": name,
                    "label": spec.label,
                    "value": "not reported" if value is None else spec.display(value),
                    "source": _source_text([c for c in claims if c.field == name]) or "no source yet",
                    "shortcode": f"{{{{ flight:{flight.slug}:{name} }}}}",
                }
            )
        facts = []
        derived = facts_of.get(flight.pk)
        for name, label in FACTS.items():
            fact = derived.fact(name) if derived is not None else None
            facts.append(
                {
                    "name": name,
                    "label": label,
                    "value": fact.value_text if fact else "the records cannot say",
                    "source": ", ".join(s.publisher for s in fact.sources) if fact else "",
                    "shortcode": f"{{{{ fact:{flight.slug}:{name} }}}}",
                }
            )
        described.append(
            {
                "slug": flight.slug,
                "title": str(flight),
                "route": " → ".join(p for p in (flight.origin_display, str(flight.destination or "")) if p),
                "url": flight.get_absolute_url(),
                "fields": fields,
                "facts": facts,
            }
        )
    return described


def _story_text(headline: str, dek: str, body: str) -> str:
    return "\n\n".join(part for part in (f"## {headline}" if headline else "", dek, body) if part)


def run_fact_check(
    *, headline: str, dek: str, body: str, cited: list[str], published_on: datetime.date | None
) -> list[Finding]:
    """The fact check of a story as typed. Swap the call for check_story(headline=headline, dek=dek,
    body=body, cited=cited, published_on=published_on) when articles.factcheck offers it."""
    return check_text(_story_text(headline, dek, body), cited, published_on)


# Problems first, most serious first; kinds the fact check adds later come after these, still as problems.
_PROBLEM_ORDER = ["contradiction", "matches another flight", "needs a look", "unsupported"]
_FINE = {"consistent"}


def findings_context(findings: list[Finding]) -> dict[str, Any]:
    problems = [f for f in findings if str(f.kind) not in _FINE and not f.from_record]
    fine = [f for f in findings if str(f.kind) in _FINE or f.from_record]
    order = {kind: rank for rank, kind in enumerate(_PROBLEM_ORDER)}
    problems.sort(key=lambda f: order.get(str(f.kind), len(order)))
    counts: dict[str, int] = {}
    for f in problems:
        counts[str(f.kind)] = counts.get(str(f.kind), 0) + 1
    return {"problems": problems, "fine": fine, "counts": counts, "checked": bool(findings)}


class CitingAdminMixin:
    """The "Cite a record" panel and "Check now" on the article form; see the module docstring."""

    cite_field = "cite_a_record"
    check_now_field = "check_now"

    @property
    def media(self) -> forms.Media:
        # A property, not a Media class: several mixins each add their script without hiding one another.
        return super().media + forms.Media(  # type: ignore[misc]
            js=["js/admin/cite-record.js"], css={"all": ["css/admin/editing.css"]}
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return fields + tuple(f for f in (self.cite_field, self.check_now_field) if f not in fields)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]  # type: ignore[misc]
        names = [list(_flat(options["fields"])) for _, options in fieldsets]
        writes = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)  # type: ignore[attr-defined]
        if any(self.cite_field in n for n in names) or not writes:
            return fieldsets
        body_at = next((i for i, n in enumerate(names) if "body" in n), 0)
        fieldsets.insert(
            body_at + 1, ("Cite a record", {"fields": [self.cite_field], "classes": ["cite-record-fieldset"]})
        )
        check_at = next((i for i, (_, o) in enumerate(fieldsets) if "factcheck_findings" in _flat(o["fields"])), None)
        if check_at is None:
            fieldsets.append(("Fact check", {"fields": [self.check_now_field]}))
        else:
            options = fieldsets[check_at][1]
            options["fields"] = [self.check_now_field, *options["fields"]]
        return fieldsets

    def get_urls(self) -> list[Any]:
        opts = self.model._meta  # type: ignore[attr-defined]
        prefix = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view  # type: ignore[attr-defined]
        return [
            path("cite/search/", wrap(require_GET(self.cite_search_view)), name=f"{prefix}_cite_search"),
            path("cite/check/", wrap(require_POST(self.cite_check_view)), name=f"{prefix}_cite_check"),
            path("check-now/", wrap(require_POST(self.check_now_view)), name=f"{prefix}_check_now"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def _may_write(self, request: HttpRequest) -> None:
        may_edit = self.has_add_permission(request) or self.has_change_permission(request)  # type: ignore[attr-defined]
        if not (may_edit and request.user.has_perm("flights.view_flight")):
            raise PermissionDenied

    def _urls(self) -> dict[str, str]:
        opts = self.model._meta  # type: ignore[attr-defined]
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        return {
            "search": reverse(f"{prefix}_cite_search"),
            "check": reverse(f"{prefix}_cite_check"),
            "check_now": reverse(f"{prefix}_check_now"),
        }

    @admin.display(description="Cite a record")
    def cite_a_record(self, obj: Any) -> SafeString:
        return render_to_string("admin/articles/article/_cite_record.html", {"urls": self._urls()})

    @admin.display(description="Check before saving")
    def check_now(self, obj: Any) -> SafeString:
        return render_to_string("admin/articles/article/_check_now.html", {"urls": self._urls()})

    def cite_search_view(self, request: HttpRequest) -> JsonResponse:
        self._may_write(request)
        query = request.GET.get("q", "")[:200]
        flights = search_flights(query)
        found = describe_flights(flights)
        if not query.strip():
            message = "Type a date, a place, a country or a slug."
        elif not found:
            message = f"No flight matches “{query.strip()}”."
        else:
            message = f"{len(found)} flight{'s' if len(found) != 1 else ''} found" + (
                f" (the first {SEARCH_LIMIT}; narrow the search to see others)" if len(found) == SEARCH_LIMIT else ""
            )
        return JsonResponse({"query": query, "message": message, "flights": found})

    def cite_check_view(self, request: HttpRequest) -> JsonResponse:
        self._may_write(request)
        problems = reference_problems(request.POST.get("body", ""))
        return JsonResponse(
            {"problems": [{"text": p.text, "message": p.message, "suggestions": p.suggestions} for p in problems]}
        )

    def check_now_view(self, request: HttpRequest) -> HttpResponse:
        """The fact check of the form as typed (nothing is saved): problems first, consistent findings folded."""
        self._may_write(request)
        post = request.POST
        body = post.get("body", "")
        cited_ids = [pk for pk in map(record_id, post.getlist("cited")) if pk]
        slugs = list(Flight.objects.filter(pk__in=cited_ids).values_list("slug", flat=True))
        uses: dict[str, int] = {}
        for ref in find_references(body)[0]:
            uses[ref.slug] = uses.get(ref.slug, 0) + 1
        slugs += sorted(s for s in cited_slugs(body) if s not in slugs)
        known = set(Flight.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        # A sentence that names no flight is about the story's main flight: the one its body cites most.
        slugs = sorted((s for s in slugs if s in known), key=lambda s: -uses.get(s, 0))
        try:
            published_on = datetime.date.fromisoformat(post.get("published_on", ""))
        except ValueError:
            published_on = timezone.localdate()
        findings = run_fact_check(
            headline=post.get("headline", ""),
            dek=post.get("dek", ""),
            body=body,
            cited=slugs,
            published_on=published_on,
        )
        context = findings_context(findings)
        context["broken"] = [p.sentence for p in reference_problems(body)]
        return HttpResponse(render_to_string("admin/articles/article/_check_now_results.html", context))


def _flat(fields: Any) -> list[str]:
    flat: list[str] = []
    for entry in fields:
        flat.extend(entry if isinstance(entry, list | tuple) else [entry])
    return flat
