"""Property tests: values rendered from the records never contradict the records."""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.factcheck import FindingKind, check_text
from articles.factcheck.records import Records
from flights.claim_fields import CLAIM_FIELDS
from flights.derived import FACTS
from tests.demo_records import load_demo_records

SLUGS = [
    "2024-06-prc-charter",
    "2024-10-15-prc-charter",
    "2024-11-16-prc-charter",
    "2024-fourth-prc-charter",
    "2025-01-06-prc-charter",
    "2025-06-03-dallas-prc-shrc",
]
shortcode = st.one_of(
    st.builds(lambda s, f: f"{{{{ flight:{s}:{f} }}}}", st.sampled_from(SLUGS), st.sampled_from(list(CLAIM_FIELDS))),
    st.builds(lambda s, f: f"{{{{ fact:{s}:{f} }}}}", st.sampled_from(SLUGS), st.sampled_from(list(FACTS))),
)
separator = st.sampled_from([" ", ", ", "; ", ". ", " - ", "\n\n", " (", ") ", ": "])
# A writer's words around the values, the way stories use them.
phrased = st.sampled_from(SLUGS).flatmap(
    lambda slug: st.sampled_from(
        [
            f"The flight carried {{{{ flight:{slug}:passengers_total }}}} Chinese nationals.",
            f"Aboard were {{{{ flight:{slug}:passengers_male }}}} men and "
            f"{{{{ flight:{slug}:passengers_female }}}} women.",
            f"It left on {{{{ flight:{slug}:departed }}}} with {{{{ flight:{slug}:passengers_total }}}} people.",
            f"The previous flight left on {{{{ fact:{slug}:previous_flight }}}}.",
            f"The largest flight, on {{{{ fact:{slug}:largest_flight }}}}, carried "
            f"{{{{ fact:{slug}:largest_flight_passengers }}}} deportees.",
        ]
    ).map(lambda text, slug=slug: (slug, text))
)


class RenderedValuesNeverContradict(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo_records()

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        parts=st.lists(st.tuples(shortcode, separator), min_size=1, max_size=8),
        cited=st.lists(st.sampled_from(SLUGS), min_size=1, max_size=3, unique=True),
        published=st.dates(datetime.date(2024, 7, 1), datetime.date(2026, 1, 1)),
    )
    def test_text_made_only_of_rendered_shortcodes_has_no_contradiction(self, parts, cited, published) -> None:
        text = "".join(code + sep for code, sep in parts)

        findings = check_text(text, cited, published, Records.load())

        assert [f for f in findings if f.kind == FindingKind.CONTRADICTION] == [], text

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(sentences=st.lists(phrased, min_size=1, max_size=3))
    def test_shortcodes_in_a_writers_sentences_have_no_contradiction(self, sentences) -> None:
        cited = list(dict.fromkeys(slug for slug, _ in sentences))
        text = " ".join(sentence for _, sentence in sentences)

        findings = check_text(text, cited, datetime.date(2025, 7, 1), Records.load())

        assert [f for f in findings if f.kind == FindingKind.CONTRADICTION] == [], text
