"""One rule for the links we show or write out (digests, Atom feeds, the review page): an
absolute http(s) URL with nothing a browser, a mail reader or XML could choke on. A
feed's odd link (`http://[x/`, javascript:, control characters) is left out, never a
crash."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.alerts import SourceRef
from monitor.digest import Digest, DigestAlert, FailingSource, RuleGroup, render_digest
from monitor.snippets import Snippet
from monitor.urls import safe_link

ODD = [
    "http://[x/",
    "https://[::1",
    "http://a.example:port/",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "file:///etc/passwd",
    "http:/no-host",
    "https://",
    "//example.org/no-scheme",
    "http://example.org/\x00nul",
    "http://example.org/\x0bvt",
    "http://example.org/\x85nel",
    "http://example.org/\ufffe",
    "",
    None,
]


@pytest.mark.parametrize("url", ODD)
def test_odd_links_are_left_out(url: str | None) -> None:
    assert safe_link(url) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
        ("  HTTP://Example.org/x  ", "HTTP://Example.org/x"),
        ("http://[2001:db8::1]:8080/p", "http://[2001:db8::1]:8080/p"),
        ("https://例え.jp/記事", "https://例え.jp/記事"),
    ],
)
def test_web_links_pass(url: str, expected: str) -> None:
    assert safe_link(url) == expected


def test_the_page_the_feeds_and_the_digest_use_the_one_rule() -> None:
    from monitor.delivery import atom
    from monitor.web import app

    assert app.web_link is safe_link
    assert atom.safe_link is safe_link


def odd_digest(link: str) -> Digest:
    now = datetime(2026, 1, 5, 7, tzinfo=UTC)
    alert = DigestAlert(
        id=1, rule_id="tata", title="Tata in Morocco", link=link,
        sources=[SourceRef(url=link, title=link, link=link),
                 SourceRef(url="https://news.example/feed", title="News", link=link)],
        first_seen="2026-01-05T06:00:00Z", snippet=Snippet("Tata builds", ((0, 4),)), status="new",
        severity="normal",
    )
    return Digest(
        kind="daily", start=now.replace(day=4), end=now,
        groups=[RuleGroup("tata", "Tata", "normal", [alert])],
        failing_sources=[FailingSource(url=link, title=link, error="HTTP 500", since=None)],
    )


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
@pytest.mark.parametrize("link", ["http://[x/", "javascript:alert(1)", "http://a.example/\x00"])
def test_a_digest_with_an_odd_link_renders_in_every_format(fmt: str, link: str) -> None:
    out = render_digest(odd_digest(link), fmt)
    assert "Tata in Morocco" in out
    if fmt in ("markdown", "html"):
        assert f"({link})" not in out and f'href="{link}"' not in out
