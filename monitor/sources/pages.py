"""Web pages without feeds to entries: by CSS selectors, by finding the page's list of
articles, or, failing both, by watching the page's main text for meaningful changes.

lxml parses any HTML, however broken; cssselect turns selectors into XPath. A page's
item becomes an entry known by its canonical link, so an unchanged page adds nothing.
A page without a list is one document: its sentences are remembered (as short hashes, in
the source's memory) and only new sentences with real words become an entry, so a clock,
a date or a rotating advert is not news. Pure (no I/O): it runs in worker processes.
"""

from __future__ import annotations

import codecs
import email.utils
import functools
import hashlib
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.etree
import lxml.html
from cssselect import SelectorError

from monitor.models import Entry, ParsedFeed
from monitor.text import SENTENCE_MARKS, content_hash, html_to_text
from monitor.urls import canonical_url

SELECT_KEYS = ("items", "title", "link", "date")

# Whole-page mode keeps at most this many sentence hashes (17 bytes each in JSON) and
# reads at most this much of the page's text.
MAX_SEEN = 6000
MAX_TEXT = 400_000
MAX_TITLE = 300
# Past this much nested text (see nested_text) a page's main text is read without
# trafilatura, whose cost grows with text times depth (a hostile page took minutes).
MAX_NESTED_TEXT = 30_000_000

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACE = re.compile(r"\s+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "sms:", "about:")

# Not content: dropped before anything is read from the page.
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed")
# Page furniture: never a source of items or of page text.
_FURNITURE_TAGS = {"nav", "aside", "form", "select", "button", "dialog", "menu"}
_FURNITURE_ROLES = {
    "navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search",
    "dialog", "alert", "toolbar",
}
_FURNITURE_WORDS = {
    "nav", "navbar", "navigation", "menu", "menubar", "breadcrumb", "breadcrumbs", "sidebar",
    "pagination", "pager", "cookie", "cookies", "consent", "share", "sharing", "social",
    "ad", "ads", "advert", "adverts", "advertisement", "advertising", "sponsor",
    "sponsored", "promo", "newsletter", "skip", "toolbar", "masthead", "clock",
}
# <header>/<footer> are furniture for the page, but an article's own header is content.
_PAGE_PARTS = {"header", "footer"}
_CLASS_SPLIT = re.compile(r"[\s_-]+")


# -- parsing -----------------------------------------------------------------------------


def _charset(body: bytes, headers: dict[str, str]) -> str:
    """The page's encoding: Content-Type charset, a BOM, <meta charset>, else UTF-8 if it
    decodes, else Windows-1252 (what browsers assume)."""
    declared = []
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", headers.get("content-type", ""))
    if match:
        declared.append(match[1])
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        declared.append(meta[1].decode("ascii", "replace"))
    for name in declared:
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def parse_html(body: bytes, headers: dict[str, str] | None = None) -> lxml.html.HtmlElement | None:
    """An lxml tree of any HTML, broken or not; None for a body with no markup at all."""
    text = body.decode(_charset(body, headers or {}), "replace").lstrip("\ufeff")
    # Control characters dropped: lxml keeps them from the page, then refuses to store a
    # text or link that holds one (when links are made absolute, furniture dropped, …).
    text = _NOT_XML.sub("", _XML_DECL.sub("", text))
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        return None


def page_base(doc: lxml.html.HtmlElement, url: str) -> str:
    """The URL relative links in the page are resolved against: <base href>, else the URL."""
    for base in doc.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            try:
                return urljoin(url, str(href))
            except ValueError:
                break
    return url


def _clean(doc: lxml.html.HtmlElement, url: str) -> None:
    """Drop scripts and the like, and make every link absolute (against <base href>)."""
    for element in list(doc.iter(*_DROP_TAGS, lxml.etree.Comment)):
        element.drop_tree()
    base = page_base(doc, url)
    for element in list(doc.iter("base")):
        element.drop_tree()
    doc.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")


def _words(element: lxml.html.HtmlElement) -> str:
    """Visible text of an element, blocks separated by spaces."""
    return html_to_text(lxml.html.tostring(element, encoding="unicode", with_tail=False))


def _plain(element: lxml.html.HtmlElement) -> str:
    """Quick visible text (no block spacing): for measuring, not for storing."""
    return _SPACE.sub(" ", element.text_content()).strip()


def _tokens(element: lxml.html.HtmlElement) -> set[str]:
    value = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return {t for t in _CLASS_SPLIT.split(value) if t}


def _is_furniture(element: lxml.html.HtmlElement, in_article: bool) -> bool:
    """Navigation, menus, sidebars, adverts and the page's own header and footer."""
    tag = element.tag
    if tag in _FURNITURE_TAGS or (element.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    tokens = _tokens(element)
    if tokens & _FURNITURE_WORDS:
        return True
    return not in_article and (tag in _PAGE_PARTS or bool(tokens & _PAGE_PARTS))


def _page_title(doc: lxml.html.HtmlElement) -> str | None:
    title = doc.find(".//title")
    text = _SPACE.sub(" ", title.text_content()).strip() if title is not None else ""
    if not text:
        heading = doc.find(".//h1")
        text = _plain(heading) if heading is not None else ""
    return text[:MAX_TITLE] or None


def _language(doc: lxml.html.HtmlElement) -> str | None:
    lang = (doc.get("lang") or doc.get("xml:lang") or "").strip()
    return lang or None


# -- links and dates ---------------------------------------------------------------------


def _usable_link(href: str | None, page_url: str) -> str | None:
    """An absolute http(s) link to somewhere other than this page, or None; a file: link
    only on a page that is itself a local file."""
    if not href:
        return None
    href = href.strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES) or href.startswith("#"):
        return None
    try:
        scheme = urlsplit(href).scheme.lower()
        if urldefrag(href)[0] == urldefrag(page_url)[0]:
            return None  # "#comments", "top of page" and the like
    except ValueError:  # "http://[bad" and other links that are no URL
        return None
    if scheme in ("http", "https") or (scheme == "file" and page_url.lower().startswith("file:")):
        return href
    return None


def _first_link(element: lxml.html.HtmlElement, page_url: str) -> str | None:
    """The element's own href if it is a link, else the first usable link inside it."""
    candidates = [element] if element.tag == "a" else []
    candidates += element.iterdescendants("a")
    for anchor in candidates:
        link = _usable_link(anchor.get("href"), page_url)
        if link:
            return link
    return None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str | None) -> str | None:
    """A date written in any common way (ISO, RFC 822, "30 November 2026", "30/11/2026",
    other languages' month names) as UTC ISO; None if it names no day of a year."""
    if not text:
        return None
    text = _SPACE.sub(" ", text).strip()[:120]
    if not text:
        return None
    # Arabic-Indic, Devanagari and other digits read as 0-9.
    text = "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c
                   for c in text)
    moment: datetime | None = None
    candidate = _ISO_DATE.search(text)
    if candidate and candidate.start() == 0:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            moment = None
    if moment is None:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            moment = None
    if moment is None:
        moment = _dateutil(text)
    if moment is None:
        moment = _dateparser(text)
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, ValueError):
        return None


_NO_YEAR = datetime(1, 1, 1)
_YEAR = re.compile(r"\b(1[89]|2[01])\d\d\b")
# Month and weekday names in the languages the monitor's users read most, so dateutil
# (fast) reads "30 novembre 2026" and "30 de noviembre de 2026" without dateparser (slow).
_MONTHS = [
    ("jan", "january", "janvier", "janv", "enero", "ene", "januar", "janeiro", "gennaio"),
    ("feb", "february", "février", "fevrier", "févr", "fevr", "febrero", "februar",
     "fevereiro", "fev", "febbraio"),
    ("mar", "march", "mars", "marzo", "märz", "marz", "março", "marco"),
    ("apr", "april", "avril", "avr", "abril", "abr", "aprile"),
    ("may", "mai", "mayo", "maio", "maggio", "mag"),
    ("jun", "june", "juin", "junio", "juni", "junho", "giugno", "giu"),
    ("jul", "july", "juillet", "juil", "julio", "juli", "julho", "luglio", "lug"),
    ("aug", "august", "août", "aout", "agosto", "ago"),
    ("sep", "sept", "september", "septembre", "septiembre", "setembro", "set", "settembre"),
    ("oct", "october", "octobre", "octubre", "oktober", "okt", "outubro", "out", "ottobre",
     "ott"),
    ("nov", "november", "novembre", "noviembre", "novembro"),
    ("dec", "december", "décembre", "decembre", "déc", "diciembre", "dic", "dezember", "dez",
     "dezembro", "dicembre"),
]


def _parserinfo() -> Any:
    from dateutil import parser

    class _Info(parser.parserinfo):  # type: ignore[misc]
        MONTHS = _MONTHS
        JUMP = [*parser.parserinfo.JUMP, "de", "del", "le", "du", "el", "den", "der", "di",
                "il", "published", "posted", "updated", "publié", "publicado", "am"]

    return _Info(dayfirst=True)


@functools.cache
def _dateutil_parser() -> tuple[Any, Any]:
    from dateutil import parser

    return parser.parser(_parserinfo()), parser.ParserError


def _dateutil(text: str) -> datetime | None:
    reader, parser_error = _dateutil_parser()
    try:
        moment = reader.parse(text.lower(), fuzzy=True, default=_NO_YEAR)
    except (parser_error, ValueError, OverflowError, TypeError):
        return None
    # fuzzy parsing reads "3 comments" as the 3rd; only a date with a year is a date.
    return moment if moment.year > 1 else None


@functools.lru_cache(maxsize=4096)
def _dateparser(text: str) -> datetime | None:
    """Other languages and scripts, through dateparser (about 50 ms a call): only for text
    with a year in it, and remembered, since a page shows the same dates poll after poll."""
    if not _YEAR.search(text):
        return None
    import dateparser

    try:
        found: datetime | None = dateparser.parse(
            text, languages=["ar", "ur", "hi", "fa", "ru", "tr", "zh", "ja", "nl", "pl"],
            settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"},
        )
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return found


def _date_of(element: lxml.html.HtmlElement) -> str | None:
    for name in ("datetime", "content", "title"):
        found = parse_date(element.get(name))
        if found:
            return found
    return parse_date(_plain(element))


# -- items -------------------------------------------------------------------------------


@dataclass
class _Select:
    """The selectors of a page source, compiled once per parse."""

    title: str | None
    link: str | None
    date: str | None


def _select(element: lxml.html.HtmlElement, css: str) -> list[lxml.html.HtmlElement]:
    return list(element.cssselect(css))


def _default_title(item: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The item's first heading, else its first link with text."""
    for heading in item.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        if _plain(heading):
            return heading
    anchors = [item] if item.tag == "a" else []
    for anchor in anchors + list(item.iterdescendants("a")):
        if _plain(anchor):
            return anchor
    return None


def _default_date(item: lxml.html.HtmlElement) -> str | None:
    for element in item.iter("time"):
        found = _date_of(element)
        if found:
            return found
    for element in item.iter():
        if isinstance(element.tag, str) and {"date", "time", "published"} & _tokens(element):
            found = _date_of(element)
            if found:
                return found
    return None


def _item_entry(
    item: lxml.html.HtmlElement, page_url: str, select: _Select, language: str | None,
    misses: set[str],
) -> Entry | None:
    """One page item as an entry: title, absolute link, date, and its text as summary."""
    title_el = None
    if select.title:
        found = _select(item, select.title)
        title_el = found[0] if found else None
        if title_el is None:
            misses.add("title")
    if title_el is None:
        title_el = _default_title(item)
    link = None
    if select.link:
        found = _select(item, select.link)
        link = next((x for x in (_first_link(f, page_url) for f in found) if x), None)
        if link is None:
            misses.add("link")
    if link is None and title_el is not None:
        link = _first_link(title_el, page_url)
    if link is None:
        link = _first_link(item, page_url)
    published = None
    if select.date:
        found = _select(item, select.date)
        published = next((d for d in (_date_of(f) for f in found) if d), None)
        if published is None:
            misses.add("date")
    if published is None and not select.date:
        published = _default_date(item)
    title = _words(title_el)[:MAX_TITLE] if title_el is not None else ""
    text = _words(item)
    summary = text.replace(title, "", 1).strip() if title else text
    if not title:
        title = " ".join(summary.split()[:12])
    if not title and not link:
        return None
    summary_html = html.escape(summary)
    # Numbers (view counts, "3 hours ago") do not make an item changed.
    digest = content_hash(title, _key(summary))
    identity = canonical_url(link) if link else None
    return Entry(
        identity=identity or f"hash:{digest}",
        guid=None,
        link=link,
        title=title,
        author=None,
        published=published,
        updated=None,
        summary_html=summary_html,
        summary_text=summary,
        content_html=summary_html,
        content_text=summary,
        language=language,
        content_hash=digest,
    )


def _dedupe(entries: Iterator[Entry | None]) -> list[Entry]:
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry is not None and entry.identity not in seen:
            seen.add(entry.identity)
            unique.append(entry)
    return unique


# -- finding the list of articles --------------------------------------------------------


def _few_words(text: str) -> bool:
    """Link text that reads like a headline, not "More", "Home" or "Next ›"."""
    words = text.split()
    if len(words) >= 3 or len(text) >= 20:
        return True
    # Scripts written without spaces: a handful of characters is a headline.
    return len(text) >= 6 and len(words) == 1 and all(ord(c) >= 0x2E80 for c in text)


def _headline_links(member: lxml.html.HtmlElement, page_url: str) -> list[str]:
    """Distinct links in an element whose text reads like a headline, in order."""
    links: list[str] = []
    anchors = [member] if member.tag == "a" else []
    for anchor in anchors + list(member.iterdescendants("a")):
        link = _usable_link(anchor.get("href"), page_url)
        if link and link not in links and _few_words(_plain(anchor)):
            links.append(link)
    return links


def _groups(body: lxml.html.HtmlElement) -> dict[str, list[tuple[lxml.html.HtmlElement, int]]]:
    """Elements (with their depth) outside page furniture, grouped by kind: a block with a
    class by its tag and classes wherever it is (broken nesting moves blocks around), one
    without by its tag-and-class path from <body>."""
    groups: dict[str, list[tuple[lxml.html.HtmlElement, int]]] = {}
    stack: list[tuple[lxml.html.HtmlElement, str, bool, int]] = [(body, "body", False, 0)]
    while stack:
        element, path, in_article, depth = stack.pop()
        children = [c for c in element if isinstance(c.tag, str)]
        for child in reversed(children):  # reversed: the stack pops them in page order
            if _is_furniture(child, in_article):
                continue
            classes = sorted(
                t for t in (child.get("class") or "").lower().split()
                if not any(ch.isdigit() for ch in t) and t not in _STATE_CLASSES
            )
            kind = child.tag + "".join(f".{c}" for c in classes)
            inside = in_article or child.tag == "article"
            stack.append((child, f"{path}>{kind}", inside, depth + 1))
        if depth:
            kind = path.rsplit(">", 1)[-1]
            groups.setdefault(kind if "." in kind else path, []).append((element, depth))
    return groups


_STATE_CLASSES = {"first", "last", "odd", "even", "active", "current", "selected", "new"}


def find_items(doc: lxml.html.HtmlElement, page_url: str) -> list[lxml.html.HtmlElement]:
    """The page's list of articles: the repeated blocks (>= 3) that each hold one headline
    link; the best by count x text length. Empty if the page has no such list."""
    body = doc.find("body")
    if body is None:
        return []
    best: tuple[float, int, int] | None = None
    chosen: list[lxml.html.HtmlElement] = []
    order = {element: index for index, element in enumerate(body.iter())}
    for members in _groups(body).values():
        if len(members) < 3:
            continue
        kept, weight, lengths, urls, depth = [], 0.0, 0, set(), 10**6
        for member, member_depth in members:
            links = _headline_links(member, page_url)
            if not links or len(links) > 2 or links[0] in urls:
                continue  # no headline, a container of several, or the same story again
            urls.add(links[0])
            kept.append(member)
            depth = min(depth, member_depth)
            weight += 1.0 if len(links) == 1 else 0.5
            lengths += min(len(_plain(member)), 500)
        if len(kept) < 3:
            continue
        score = weight * lengths / len(kept)
        # Best score; on a tie the outer block, then the one earlier on the page.
        key = (-score, depth, order.get(kept[0], 0))
        if best is None or key < best:
            best, chosen = key, kept
    return chosen


# -- the whole page as one document ------------------------------------------------------

_DATE_WORDS = set(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday
    friday saturday sunday mon tue tues wed thu thur thurs fri sat sun am pm utc gmt cet
    cest est edt pst pdt ist today yesterday updated update last published posted at on of
    the de del la le du janvier février fevrier mars avril mai juin juillet août aout
    septembre octobre novembre décembre decembre lundi mardi mercredi jeudi vendredi
    samedi dimanche enero febrero marzo abril mayo junio julio agosto septiembre octubre
    noviembre diciembre lunes martes miércoles miercoles jueves viernes sábado sabado
    domingo januar februar märz juni juli oktober dezember montag dienstag mittwoch
    donnerstag freitag samstag sonntag um uhr h min hours minutes ago
    """.split()
)
_SENTENCE_END = re.compile(rf"(?<=[{SENTENCE_MARKS}])\s+")
_WORD = re.compile(r"[^\W\d_]+")


def _key(sentence: str) -> str:
    """What a sentence says, minus numbers: "Updated 10:42" and "Updated 10:43" are one."""
    folded = unicodedata.normalize("NFKC", sentence).casefold()
    return " ".join(_WORD.findall(folded))


def _meaningful(sentence: str) -> bool:
    """Real words beyond numbers, dates and times: three or more, or 20+ letters in a
    script written without spaces."""
    words = [w for w in _key(sentence).split() if w not in _DATE_WORDS]
    return len(words) >= 3 or sum(len(w) for w in words) >= 20


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def main_text(doc: lxml.html.HtmlElement) -> list[str]:
    """The page's main text as paragraphs: trafilatura, else the body's blocks."""
    for element in list(doc.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        in_article = any(a.tag in ("article", "main") for a in element.iterancestors())
        if _is_furniture(element, in_article):
            element.drop_tree()
    markup = lxml.html.tostring(doc, encoding="unicode")
    text = None
    if nested_text(doc) > MAX_NESTED_TEXT:
        markup = ""  # trafilatura would take minutes: the body's blocks below
    try:
        import trafilatura  # slow to import: only pages without a list need it

        text = markup and trafilatura.extract(
            markup, include_comments=False, include_tables=True, favor_recall=True,
            deduplicate=False, with_metadata=False,
        )
    except Exception:  # the extractor is third-party code on hostile input
        text = None
    if markup and text and text.strip():
        return [p.strip() for p in text[:MAX_TEXT].splitlines() if p.strip()]
    body = doc.find("body")
    if body is None:
        return []
    blocks = html_to_text(
        re.sub(r"<(?=/?(p|div|li|h[1-6]|tr|br|section|article|blockquote)\b)", "\n<",
               lxml.html.tostring(body, encoding="unicode"), flags=re.I)
    )
    return [blocks[:MAX_TEXT]] if blocks else []


def nested_text(doc: lxml.html.HtmlElement) -> int:
    """Characters of text times how deep each lies: what an extractor that measures every
    block's text reads. Hundreds of unclosed <div>s around a long text make it huge."""
    total, depth = 0, 0
    for event, element in lxml.etree.iterwalk(doc, events=("start", "end")):
        if event == "start":
            depth += 1
            total += len(element.text or "") * depth
        else:
            depth -= 1
            total += len(element.tail or "") * depth
    return total


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def _whole_page(
    doc: lxml.html.HtmlElement, page_url: str, title: str | None, language: str | None,
    memory: dict[str, Any] | None,
) -> ParsedFeed:
    """One entry for the page as it is on the first poll; after that, one entry with the
    sentences that are new and meaningful, if any. Memory: hashes of sentences seen."""
    paragraphs = main_text(doc)
    if not paragraphs:
        return ParsedFeed(title=title, warning="the page has no text to watch")
    current: list[str] = []
    for paragraph in paragraphs:
        current.extend(_hash(_key(s)) for s in _sentences(paragraph) if _key(s))
    previous = memory.get("seen") if isinstance(memory, dict) else None
    seen_before = set(previous) if isinstance(previous, list) else None
    # Only the first MAX_SEEN sentences are watched: the rest, never remembered, would
    # otherwise be "new" on every poll of an unchanged long page.
    watched = list(dict.fromkeys(current))[:MAX_SEEN]
    kept = list(dict.fromkeys(watched + list(previous or [])))[:MAX_SEEN]
    watching = set(watched)
    new_memory = {"mode": "page-text", "seen": kept}
    if seen_before is None:
        body = paragraphs
    else:
        body = []
        for paragraph in paragraphs:
            fresh = [
                s for s in _sentences(paragraph)
                if (h := _hash(_key(s))) in watching and h not in seen_before and _meaningful(s)
            ]
            if fresh:
                body.append(" ".join(fresh))
        if not body:
            return ParsedFeed(title=title, memory=new_memory)
    text = "\n".join(body)
    digest = content_hash(text)
    name = title or page_url
    if seen_before is None:
        entry_title = name
    else:
        first_words = " ".join(text.split()[:10])
        entry_title = f"{name}: {first_words}"[:MAX_TITLE]
    content_html = "".join(f"<p>{html.escape(p)}</p>" for p in body)
    plain = " ".join(body)
    entry = Entry(
        identity=f"page:{digest[:32]}",
        guid=None,
        link=page_url,
        title=entry_title,
        author=None,
        published=None,
        updated=None,
        summary_html=content_html,
        summary_text=plain,
        content_html=content_html,
        content_text=plain,
        language=language,
        content_hash=content_hash(entry_title, plain),
    )
    return ParsedFeed(entries=[entry], title=title, memory=new_memory)


# -- the entry point ---------------------------------------------------------------------


def check_selector(css: str, name: str) -> str | None:
    """None if `css` is a valid CSS selector, else a message saying what is wrong."""
    from cssselect import GenericTranslator

    try:
        GenericTranslator().css_to_xpath(css)
    except SelectorError as exc:
        return f"{name} {css!r} is not a valid CSS selector ({exc})"
    return None


def parse_page(
    body: bytes, headers: dict[str, str], url: str, options: dict[str, Any],
    memory: dict[str, Any] | None,
) -> ParsedFeed:
    """Entries of a web page: by its selectors (options items/title/link/date), else its
    list of articles found automatically, else its main text's meaningful changes."""
    headers = {k.lower(): v for k, v in headers.items()}
    for key in SELECT_KEYS:
        if options.get(key):
            problem = check_selector(str(options[key]), f"select.{key}")
            if problem:
                return ParsedFeed(error=problem)
    doc = parse_html(body, headers)
    if doc is None:
        return ParsedFeed(error="not a page: the response body is empty")
    _clean(doc, url)
    title = _page_title(doc)
    language = _language(doc)
    select = _Select(options.get("title"), options.get("link"), options.get("date"))
    if options.get("items"):
        items = _select(doc, options["items"])
        if not items:
            return ParsedFeed(
                title=title,
                warning=f"select.items {options['items']!r} matched nothing on the page; "
                "try others with `monitor sources preview URL --items CSS`",
            )
        misses: set[str] = set()
        entries = _dedupe(_item_entry(i, url, select, language, misses) for i in items)
        warning = None
        never = [k for k in ("title", "link", "date") if k in misses and not _any_match(
            items, options[k])]
        if never:
            warning = "; ".join(
                f"select.{k} {options[k]!r} matched nothing in the items" for k in never
            )
        return ParsedFeed(entries=entries, title=title, warning=warning)
    items = find_items(doc, url)
    if items:
        misses = set()
        entries = _dedupe(_item_entry(i, url, select, language, misses) for i in items)
        return ParsedFeed(entries=entries, title=title)
    return _whole_page(doc, url, title, language, memory)


def _any_match(items: list[lxml.html.HtmlElement], css: str) -> bool:
    return any(_select(item, css) for item in items)


__all__ = [
    "check_selector", "find_items", "main_text", "nested_text", "page_base", "parse_date",
    "parse_html", "parse_page",
]
