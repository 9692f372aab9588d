"""HTML to plain text and content hashing, shared by every kind of source."""

from __future__ import annotations

import hashlib
import html
import re

import nh3

# Block-level tags become a space so words of adjacent paragraphs do not run together.
_BLOCK = re.compile(
    r"<(?=/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|pre|hr)\b)",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
# The marks that end a sentence in the scripts the press writes: Latin, CJK, the Arabic
# question mark, the Urdu full stop (۔), the Hindi and Bengali danda (।), Armenian (։)
SENTENCE_MARKS = ".!?…。！？؟۔।։"


def html_to_text(value: str | None) -> str:
    """Visible text of an HTML fragment (scripts and styles dropped, entities decoded)."""
    if not value:
        return ""
    if "<" not in value and "&" not in value:
        return _SPACE.sub(" ", value).strip()
    stripped = nh3.clean(_BLOCK.sub(" <", value), tags=set(), attributes={})
    return _SPACE.sub(" ", html.unescape(stripped)).strip()


def content_hash(*parts: str | None) -> str:
    """A stable hash of an entry's visible content, to notice when it changed."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()
