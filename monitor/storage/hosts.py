"""The host a source is fetched from: what `per_host` politeness counts, across daemons."""

from __future__ import annotations

from urllib.parse import urlsplit


def source_host(url: str) -> str:
    """The lower-case host name of a web source, '' for local files and folders (no host
    to be polite to)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return ""
    try:
        return (parts.hostname or "").lower()
    except ValueError:  # a malformed address: its fetch fails and says so
        return ""
