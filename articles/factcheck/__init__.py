"""The fact check: read a story into statements and hold each against the flight records it is about."""

from articles.factcheck.checking import check_article, check_story, check_text
from articles.factcheck.findings import BLOCKING_KINDS, Finding, FindingKind, blocking

__all__ = ["BLOCKING_KINDS", "Finding", "FindingKind", "blocking", "check_article", "check_story", "check_text"]
