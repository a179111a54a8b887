"""What is wrong with each citation of a body, and the shortcodes the writer probably meant ("did you mean …")."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Q

from flights.claim_fields import CLAIM_FIELDS
from flights.derived import FACTS
from flights.models import Flight

# Words writers use for a field, beside its name and label.
_FIELD_WORDS = {
    "female": "passengers_female",
    "females": "passengers_female",
    "male": "passengers_male",
    "males": "passengers_male",
    "children": "passengers_juvenile",
    "minors": "passengers_juvenile",
    "total": "passengers_total",
    "people": "passengers_total",
    "date": "departed",
    "departure": "departed",
    "country": "destination_country",
    "airline": "operator",
    "carrier": "operator",
    "tail": "tail_number",
    "mission": "mission_number",
    "youngest": "age_min",
    "oldest": "age_max",
}
_LOOSE = re.compile(r"^\s*(?P<kind>[a-z]+)?\s*[:\s]\s*(?P<slug>[-a-zA-Z0-9_]+)\s*[:\s]\s*(?P<field>[a-zA-Z_ ]+?)\s*$")


@dataclass
class ReferenceProblem:
    """A citation that cannot be rendered: as written, why, and whole shortcodes that would work."""

    text: str
    message: str
    suggestions: list[str] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        if not self.suggestions:
            return self.message
        return f"{self.message}; did you mean {' or '.join(self.suggestions)}?"


def _names_like(word: str, names: dict[str, str]) -> list[str]:
    """Names (keys) whose name or label is close to the word, best first."""
    word = word.strip().lower().replace(" ", "_")
    spellings: dict[str, str] = {}
    for name, label in names.items():
        spellings[name] = name
        spellings[label.lower().replace(" ", "_")] = name
        for part in name.split("_"):
            spellings.setdefault(part, name)
    if names is not FACTS:
        spellings.update({k: v for k, v in _FIELD_WORDS.items() if v in names})
    if word in spellings:
        return [spellings[word]]  # a label or a known word: no need to guess
    found: list[str] = []
    for close in difflib.get_close_matches(word, list(spellings), n=6, cutoff=0.6):
        if spellings[close] not in found:
            found.append(spellings[close])
    return found[:3]


def similar_slugs(slug: str, limit: int = 3) -> list[str]:
    """Flight slugs close to a mistyped one, looked up among flights sharing its date or a word of it."""
    slug = slug.lower()
    candidates: list[str] = []
    date = re.match(r"\d{4}(-\d{2})?(-\d{2})?", slug)
    if date:
        # The date is what writers copy right; the rest of the slug is what they mistype.
        for prefix in (date.group(0), date.group(0)[:7], date.group(0)[:4]):
            candidates += Flight.objects.filter(slug__startswith=prefix).values_list("slug", flat=True)[:500]
            if candidates:
                break
    words = [w for w in re.split(r"[-_]", slug) if len(w) >= 3 and not w.isdigit()]
    if words:
        query = Q()
        for word in words[:4]:
            query |= Q(slug__icontains=word)
        candidates += Flight.objects.filter(query).values_list("slug", flat=True)[:1000]
    return difflib.get_close_matches(slug, list(dict.fromkeys(candidates)), n=limit, cutoff=0.55)


def _shortcode(kind: str, slug: str, name: str) -> str:
    return f"{{{{ {kind}:{slug}:{name} }}}}"


def reference_problems(body: str) -> list[ReferenceProblem]:
    """Every citation of the body that cannot be rendered, each with suggestions where one is likely."""
    from articles.citations import find_references

    references, malformed = find_references(body)
    problems: list[ReferenceProblem] = []
    slugs = {ref.slug for ref in references}
    known = set(Flight.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    for message in malformed:
        text = message.split(" is not a citation", 1)[0]
        problems.append(ReferenceProblem(text, message, _salvage(text, known)))
    for ref in references:
        if ref.slug not in known:
            fix = [_shortcode(ref.kind, s, ref.field) for s in similar_slugs(ref.slug)]
            problems.append(ReferenceProblem(ref.text, f"{ref.text}: no flight has the slug {ref.slug!r}", fix))
        elif ref.kind == "fact" and ref.field not in FACTS:
            fix = [_shortcode("fact", ref.slug, n) for n in _names_like(ref.field, FACTS)]
            if ref.field in CLAIM_FIELDS:
                fix.insert(0, _shortcode("flight", ref.slug, ref.field))
            problems.append(
                ReferenceProblem(
                    ref.text, f"{ref.text}: {ref.field!r} is not a derived fact; use one of {', '.join(FACTS)}", fix
                )
            )
        elif ref.kind == "flight" and ref.field not in CLAIM_FIELDS:
            fix = [_shortcode("flight", ref.slug, n) for n in _names_like(ref.field, _field_labels())]
            if ref.field in FACTS:
                fix.insert(0, _shortcode("fact", ref.slug, ref.field))
            problems.append(
                ReferenceProblem(
                    ref.text,
                    f"{ref.text}: {ref.field!r} is not a flight field; use one of {', '.join(CLAIM_FIELDS)}",
                    fix,
                )
            )
    return problems


def _field_labels() -> dict[str, str]:
    return {name: spec.label for name, spec in CLAIM_FIELDS.items()}


def _salvage(text: str, known: set[str]) -> list[str]:
    """A malformed shortcode read loosely ("{{flight 2025-06-03-x women}}"): the well-formed one it meant."""
    inner = text.strip()[2:-2] if text.strip().startswith("{{") else text
    match = _LOOSE.match(inner)
    if match is None:
        return []
    kind = "fact" if (match["kind"] or "").startswith("fact") else "flight"
    slug, name = match["slug"], match["field"].strip()
    slugs = [slug] if slug in known or Flight.objects.filter(slug=slug).exists() else similar_slugs(slug, 1)
    names = FACTS if kind == "fact" else _field_labels()
    fields = [name] if name in names else _names_like(name, names)[:1]
    return [_shortcode(kind, s, f) for s in slugs[:1] for f in fields]
