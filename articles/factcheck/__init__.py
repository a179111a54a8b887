"""The fact check: read an article's text and compare what it states with the flight records."""

from articles.factcheck.checking import Finding, FindingKind, check_article, check_text

__all__ = ["Finding", "FindingKind", "check_article", "check_text"]
