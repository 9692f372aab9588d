"""Feed autodiscovery: the feeds a page links, resolved like a browser, and the message an
HTML page polled as a feed now gives."""

from __future__ import annotations

from monitor.sources.discover import FeedLink, feed_links, looks_like_html
from monitor.sources.feeds import parse_feed

BLOG = b"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8"><title>Defence blog</title>
<base href="/blog/">
<link rel="stylesheet" href="style.css">
<link rel="alternate" hreflang="fr" href="/fr/blog/">
<link rel="alternate" type="application/rss+xml" title="Comments Feed" href="comments/feed/">
<link rel="alternate" type="application/rss+xml" title="Defence blog" href="feed/">
<link rel="ALTERNATE" type="application/atom+xml; charset=utf-8" href="atom.xml">
<link rel="alternate" type="application/feed+json" title="JSON" href="/feed.json">
<link rel="alternate" type="application/rss+xml" href="feed/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body><p>Posts</p></body></html>"""


def test_feed_links_resolve_against_base_href_and_keep_page_order() -> None:
    found = feed_links(BLOG, "http://127.0.0.1:9/index.html")
    assert found == [
        FeedLink("http://127.0.0.1:9/blog/feed/", "rss", "Defence blog"),
        FeedLink("http://127.0.0.1:9/blog/atom.xml", "atom", None),
        FeedLink("http://127.0.0.1:9/feed.json", "json", "JSON"),
        # A comments feed is offered last: it is rarely what a user wants.
        FeedLink("http://127.0.0.1:9/blog/comments/feed/", "rss", "Comments Feed"),
    ]


def test_feed_links_without_base_use_the_page_url() -> None:
    page = b'<html><head><link rel="alternate" type="application/rss+xml" href="rss.xml">'
    assert [f.url for f in feed_links(page, "http://127.0.0.1:9/news/list.html")] == [
        "http://127.0.0.1:9/news/rss.xml"
    ]


def test_pages_without_feeds_and_non_pages_give_nothing() -> None:
    assert feed_links(b"<html><head><title>x</title></head></html>", "http://127.0.0.1:9/") == []
    assert feed_links(b"", "http://127.0.0.1:9/") == []
    assert feed_links(b"\x00\xff binary", "http://127.0.0.1:9/") == []


def test_looks_like_html() -> None:
    assert looks_like_html(b"<!-- x --><!DOCTYPE html><p>", {})
    assert looks_like_html(b"whatever", {"Content-Type": "text/html"})
    assert not looks_like_html(b'<?xml version="1.0"?><rss/>', {})


def test_an_html_page_polled_as_a_feed_names_the_feed_it_links() -> None:
    parsed = parse_feed(BLOG, {"content-type": "text/html"}, "http://127.0.0.1:9/")
    assert parsed.error == (
        "not a feed: got an HTML page; it links a feed: http://127.0.0.1:9/blog/feed/; use that"
    )
    plain = parse_feed(b"<html><body><p>Hello</p></body></html>", {}, "http://127.0.0.1:9/")
    assert plain.error is not None
    assert "links no feed" in plain.error and "--page" in plain.error


def test_a_web_page_never_makes_us_read_a_local_file() -> None:
    page = (b'<html><head><link rel="alternate" type="application/rss+xml" '
            b'href="file:///etc/passwd"><base href="file:///home/">'
            b'<link rel="alternate" type="application/atom+xml" href="id_rsa">'
            b'<link rel="alternate" type="application/rss+xml" href="http://[bad/feed">'
            b'<link rel="alternate" type="application/rss+xml" href="http://127.0.0.1:9/f">')
    assert [f.url for f in feed_links(page, "http://127.0.0.1:9/")] == ["http://127.0.0.1:9/f"]
    # A saved page on disk may link a feed next to it.
    local = b'<html><head><link rel="alternate" type="application/rss+xml" href="feed.xml">'
    assert [f.url for f in feed_links(local, "file:///srv/site/index.html")] == [
        "file:///srv/site/feed.xml"
    ]
