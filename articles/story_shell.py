"""What a reader's story page's shell (newsroom/shells.py) shows, so it is rendered again when one of those changes."""

from __future__ import annotations

from articles.models import Article
from articles.story_cache import story_tags

# Besides its parts, a story page shows its byline's and topics' names, and its corrections (article:<id>).
OWN_TAGS = ("authors", "topics")


def story_shell_tags(article: Article) -> list[str]:
    """The story's own tag, its byline's and topics' kinds, and what its parts show (one query)."""
    return [f"article:{article.pk}", *OWN_TAGS, *story_tags(article)[0]]
