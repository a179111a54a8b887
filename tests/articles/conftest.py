"""Fixtures shared by the articles tests."""

from tests.demo_records import demo  # noqa: F401  (the demo records, loaded through record_claim)
