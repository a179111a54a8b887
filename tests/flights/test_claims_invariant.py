"""Property test: whatever editors record and accept, accepted claims agree with each other and the record."""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from flights.claim_fields import CLAIM_FIELDS
from flights.models import Claim, Flight, Source
from flights.services import ClaimError, accept_claim, record_claim, values_agree

FIELDS = ["passengers_total", "passengers_male", "passengers_female", "departed", "first_since_year"]
VALUES = {
    "passengers_total": st.integers(0, 130).map(str),
    "passengers_male": st.integers(0, 130).map(str),
    "passengers_female": st.integers(0, 40).map(str),
    "departed": st.sampled_from(["2025-06-03", "2025-06-02/2025-06-03", "2024-06-29/2024-06-30"]),
    "first_since_year": st.sampled_from(["2018", "2019", "2024"]),
}
STATUSES = st.sampled_from([s.value for s in Claim.Status])

record_step = st.sampled_from(FIELDS).flatmap(
    lambda field: st.tuples(st.just("record"), st.just(field), VALUES[field], st.integers(0, 3), STATUSES)
)
accept_step = st.tuples(st.just("accept"), st.integers(0, 50))


class AcceptedClaimsAgree(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps=st.lists(st.one_of(record_step, accept_step), min_size=1, max_size=12))
    def test_accepted_claims_never_disagree_with_each_other_or_the_stored_value(self, steps: list[tuple]) -> None:
        flight = Flight.objects.create(
            slug="f",
            departed_earliest=datetime.date(2025, 6, 3),
            departed_latest=datetime.date(2025, 6, 3),
            destination_country="CN",
        )
        sources = [
            Source.objects.create(slug=f"s{i}", title="t", publisher=f"P{i}", kind="news_report", tier="secondary")
            for i in range(4)
        ]
        for step in steps:
            try:
                if step[0] == "record":
                    _, field, value, source, status = step
                    record_claim(flight=flight, field=field, value=value, source=sources[source], status=status)
                else:
                    claims = list(Claim.objects.filter(flight=flight).order_by("pk"))
                    if claims:
                        accept_claim(claim=claims[step[1] % len(claims)])
            except ClaimError:
                # A value that breaks the record (men and women above the total) is refused as a whole.
                pass
            flight.refresh_from_db()
            for field in FIELDS:
                spec = CLAIM_FIELDS[field]
                stored = spec.stored_text(flight)
                for claim in Claim.objects.filter(flight=flight, field=field, status=Claim.Status.ACCEPTED):
                    assert values_agree(spec, claim.value, stored), (field, claim.value, stored, steps)
