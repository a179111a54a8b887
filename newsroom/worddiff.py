"""Word-level differences between two texts, as escaped HTML: side by side for compare, inline for history lists."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Each word with the whitespace after it (and any leading whitespace alone), so runs of changed words stay
# together and paragraphs survive in a pre-wrap cell.
_TOKENS = re.compile(r"^\s+|\S+\s*")


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text or "")


def _opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    # Words compare without the space after them (the last word of a text has none); autojunk would treat
    # common words ("the") as noise in long texts and misalign the rest.
    keys_old = [token.strip() or token for token in old]
    keys_new = [token.strip() or token for token in new]
    return SequenceMatcher(None, keys_old, keys_new, autojunk=False).get_opcodes()


def side_by_side(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The old text with removed words in <del>, the new text with added words in <ins>."""
    a, b = tokens(old), tokens(new)
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        removed, added = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if tag == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))


def inline(old: str, new: str, context_words: int = 8) -> SafeString:
    """Every change in one passage, with a few words of context around each and the unchanged rest elided.

    For history lists: nothing that changed is cut, unlike a truncated "old → new" pair.
    """
    a, b = tokens(old), tokens(new)
    parts: list[str] = []
    opcodes = _opcodes(a, b)
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if len(words) <= 2 * context_words + 2 or (first and last):
                parts.append(escape("".join(words)))
                continue
            head = [] if first else words[:context_words]
            tail = [] if last else words[-context_words:]
            skipped = len(words) - len(head) - len(tail)
            parts.append(
                f'{escape("".join(head))}<span class="elided">\u2026 {skipped} words unchanged \u2026</span> '
                f"{escape(''.join(tail))}"
            )
            continue
        removed, added = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if removed:
            parts.append(f"<del>{removed}</del>")
        if added:
            parts.append(f"<ins>{added}</ins>")
    return mark_safe("".join(parts))
