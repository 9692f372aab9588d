"""URLs as a story is known by (the same article shared with tracking parameters, with or
without www. or a trailing slash, is one URL), and the one rule for the links we show or
write out (digests, Atom feeds, the review page)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "at_", "hsa_", "oly_", "vero_", "__twitter")
_TRACKING_NAMES = {
    "fbclid", "gclid", "dclid", "gclsrc", "yclid", "msclkid", "igshid", "mkt_tok", "ref",
    "ref_src", "ref_url", "cmpid", "ocid", "xtor", "ito", "spm", "_ga", "_gl", "smid",
    "cmp", "s_cid", "rss", "feed", "from", "share",
    # session ids: a new one each visit must not make the same story a new one
    "sid", "sessionid", "session_id", "phpsessid", "jsessionid", "aspsessionid", "cfid",
    "cftoken",
}
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.I)
# Control characters (C0, DEL, C1) and the code points XML cannot carry.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")


def safe_link(url: str | None) -> str | None:
    """The URL (trimmed) if it is an absolute http(s) link, else None: no javascript:, data:
    or file: links out of a feed, none without a host, none with control characters, and
    none that urlsplit refuses (a feed's "http://[x/")."""
    if not url:
        return None
    url = url.strip()
    if _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a bad port, "http://a:x/", raises only when asked)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def canonical_url(url: str | None) -> str | None:
    """The URL a story is known by: no scheme, www., fragment, tracking parameters, session
    ids or trailing slash; remaining query parameters sorted."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # a feed's link like "http://[x/": not a URL a story can go by
        return None
    if not parts.netloc:
        return None
    host = parts.netloc.lower().removeprefix("www.")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
    )
    path = _PATH_SESSION.sub("", parts.path).rstrip("/") or ""
    return urlunsplit(("", host, path, urlencode(query), "")).lstrip("/")
