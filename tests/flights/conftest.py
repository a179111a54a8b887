"""Fixtures for the flights tests beyond the shared ones in tests/conftest.py."""

from tests.demo_records import demo_flights  # noqa: F401  (the demo records alone, loaded through record_claim)
