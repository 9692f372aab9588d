"""A folder of documents as a source: .txt, .md, .html and .pdf files become entries.

Fetching a folder lists it (names, modification times, sizes: cheap, no file is opened);
parsing reads the files that are new or changed since the last poll and extracts their
text. The parser's memory keeps each file's fingerprint, so an unchanged file, a slow PDF
above all, is not read again. A file that cannot be read is named in the poll's warning
and tried again next poll; the other files are ingested as usual.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import logging
import os
import re
import stat as stat_module
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from monitor.models import Entry, FetchResult, ParsedFeed, Source
from monitor.text import content_hash, html_to_text

# Subfolders are scanned this many levels deep (0 would be the folder itself only).
MAX_DEPTH = 3
# A listing stops here, so a folder pointed at the wrong place (a home directory) stays cheap.
MAX_FILES = 5000
# Problems named in one poll's warning; the rest are counted.
MAX_PROBLEMS = 5
SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf"})
# A PDF is read up to this many pages and this long (a small file can hold a huge text, and
# pypdf can be slow): the rest is left out, with a warning.
MAX_PDF_PAGES = 500
MAX_PDF_SECONDS = 30.0
SUMMARY_CHARS = 300
TITLE_CHARS = 200
_TEMPORARY = re.compile(r"^(\.|~\$|\.~lock)|(\.(part|tmp|crdownload|partial|swp)|~)$", re.I)
_SPACE = re.compile(r"\s+")

logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns on every slightly odd PDF


class DocumentError(Exception):
    """A file that cannot be turned into an entry; the message says why."""


@dataclass(frozen=True)
class Document:
    """What one file holds: its title, text, and a warning about it (or None)."""

    title: str
    text: str
    author: str | None = None
    warning: str | None = None


def _human(size: int) -> str:
    return f"{size / 1024 / 1024:g} MiB" if size >= 1024 * 1024 else f"{size / 1024:g} KiB"


def is_document(name: str) -> bool:
    """A file name the folder source reads: a known type, neither hidden nor temporary."""
    return not _TEMPORARY.search(name) and PurePosixPath(name).suffix.lower() in SUFFIXES


# -- fetch: list the folder ----------------------------------------------------------------


def list_folder(folder: Path, max_body: int) -> FetchResult:
    """The folder's documents with their fingerprints, as the body for parse_folder."""
    try:
        if not folder.exists():
            return FetchResult(error=f"folder not found: {folder} (create it or fix the path)")
        if not folder.is_dir():
            return FetchResult(error=f"{folder} is a file, not a folder")
        files: list[list[Any]] = []
        problems: list[list[str]] = []
        truncated = _scan(folder, "", 0, files, problems, folder.resolve())
    except OSError as exc:
        return FetchResult(error=f"cannot read folder {folder}: {_reason(exc)}")
    listing = {"max_body": max_body, "files": files, "problems": problems, "truncated": truncated}
    body = json.dumps(listing, ensure_ascii=False).encode("utf-8")
    return FetchResult(body=body, size=len(body), final_url=folder.as_uri())


def _scan(
    folder: Path, prefix: str, depth: int, files: list[list[Any]], problems: list[list[str]],
    top: Path,
) -> bool:
    """Append [relative path, mtime_ns, size] of documents; True when MAX_FILES stopped it.
    The top folder's errors raise; a subfolder's become problems. Only regular files inside
    the folder are listed: a link out of it (to a key, /etc/passwd) or a pipe is a problem."""
    with os.scandir(folder) as found:
        items = sorted(found, key=lambda item: item.name)
    for item in items:
        relative = prefix + item.name
        if item.name.startswith("."):
            continue
        try:
            if item.is_dir(follow_symlinks=False):
                if depth < MAX_DEPTH:
                    try:
                        if _scan(Path(item.path), relative + "/", depth + 1, files, problems,
                                 top):
                            return True
                    except OSError as exc:
                        problems.append([relative + "/", _reason(exc)])
                continue
            if not is_document(item.name):
                continue
            stat = item.stat()  # follows a link to the file it names
            problem = _not_ours(Path(item.path), stat.st_mode, top, item.is_symlink())
        except OSError as exc:
            reason = _reason(exc)
            if item.is_symlink() and isinstance(exc, FileNotFoundError):
                reason = "broken link (the file it points to is gone)"
            problems.append([relative, reason])
            continue
        if problem:
            problems.append([relative, problem])
            continue
        if len(files) >= MAX_FILES:
            return True
        files.append([relative, stat.st_mtime_ns, stat.st_size])
    return False


def _not_ours(path: Path, mode: int, top: Path, link: bool) -> str | None:
    """Why a listed name is not read (None: it is a document): not a regular file, or a link
    leading out of the folder."""
    if not stat_module.S_ISREG(mode):
        return "not a regular file (a pipe or device?); not read"
    if link and not path.resolve().is_relative_to(top):
        return "a link to a file outside the folder; not followed"
    return None


def _read(folder: Path, relative: str, cap: int) -> bytes:
    """Up to cap + 1 bytes of a document, checked again as it is opened (it may have been
    swapped for a pipe or a link out of the folder since the listing)."""
    path = folder / relative
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        problem = _not_ours(path, os.fstat(descriptor).st_mode, folder.resolve(),
                            path.is_symlink())
        if problem:
            raise DocumentError(problem)
        return handle.read(cap + 1)


def _reason(exc: OSError) -> str:
    text = exc.strerror or str(exc) or type(exc).__name__
    return text[:1].lower() + text[1:]


# -- parse: read new and changed files -------------------------------------------------------


def parse_folder(source: Source, fetched: FetchResult) -> ParsedFeed:
    """Entries for the folder's new and changed files; memory for the next poll."""
    try:
        listing = json.loads(fetched.body)
    except ValueError as exc:
        return ParsedFeed(error=f"internal error: a bad folder listing ({exc})")
    folder = Path(unquote(urlsplit(fetched.final_url or "").path))
    label = folder.name or str(folder)
    max_body = int(listing["max_body"])
    previous: dict[str, list[Any]] = dict(source.memory or {})
    memory: dict[str, list[Any]] = {}
    entries: list[Entry] = []
    problems = [f"cannot read {label}/{name}: {why}" for name, why in listing["problems"]]
    notes: list[str] = []
    for relative, mtime_ns, size in listing["files"]:
        where = f"{label}/{relative}"
        known = previous.get(relative)
        if not isinstance(known, list) or len(known) < 3:
            known = None  # not seen, or memory of another kind of source
        if known and known[0] == mtime_ns and known[1] == size:
            memory[relative] = known  # unchanged: not read again
            if len(known) > 3:
                notes.append(known[3])
            continue
        if size > max_body:
            problems.append(f"{where} is larger than the {_human(max_body)} cap "
                            "(max_body in monitor.toml)")
            continue
        try:
            data = _read(folder, relative, max_body)
        except OSError as exc:
            problems.append(f"cannot read {where}: {_reason(exc)}")
            continue
        except DocumentError as exc:
            problems.append(f"cannot read {where}: {exc}")
            continue
        if len(data) > max_body:
            problems.append(f"{where} is larger than the {_human(max_body)} cap "
                            "(max_body in monitor.toml)")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if known and known[2] == digest:
            memory[relative] = [mtime_ns, size, digest, *known[3:]]  # touched, not changed
            if len(known) > 3:
                notes.append(known[3])
            continue
        try:
            document = read_document(relative, data)
        except DocumentError as exc:
            problems.append(f"cannot read {where}: {exc}")
            continue
        entries.append(_entry(folder / relative, relative, mtime_ns, document))
        memory[relative] = [mtime_ns, size, digest]
        if document.warning:
            memory[relative].append(f"{where}: {document.warning}")
            notes.append(memory[relative][3])
    if listing.get("truncated"):
        notes.append(f"{label} holds more than {MAX_FILES} documents; only the first were read")
    return ParsedFeed(
        entries=entries, title=label, warning=_warning(problems + notes),
        memory=None if memory == previous else memory,  # None: the stored memory stays
    )


def _warning(problems: list[str]) -> str | None:
    if not problems:
        return None
    text = "; ".join(problems[:MAX_PROBLEMS])
    if len(problems) > MAX_PROBLEMS:
        text += f"; and {len(problems) - MAX_PROBLEMS} more"
    return text


def _entry(path: Path, relative: str, mtime_ns: int, document: Document) -> Entry:
    """An entry for one file: identity is its path within the folder."""
    text = document.text
    title = document.title or PurePosixPath(relative).name
    summary = _shorten(text, SUMMARY_CHARS)
    content_html = "".join(
        f"<p>{html.escape(part)}</p>" for part in re.split(r"\n\s*\n", text) if part.strip()
    )
    published = datetime.fromtimestamp(mtime_ns / 1e9, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Entry(
        identity=relative,
        guid=None,
        link=path.as_uri(),
        title=title,
        author=document.author,
        published=published,
        updated=None,
        summary_html=html.escape(summary),
        summary_text=summary,
        content_html=content_html,
        content_text=text,
        language=None,
        content_hash=content_hash(title, summary, text),
    )


def _shorten(text: str, limit: int) -> str:
    flat = _SPACE.sub(" ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return _shorten(line, TITLE_CHARS)
    return ""


# -- one document ---------------------------------------------------------------------------


def read_document(name: str, data: bytes) -> Document:
    """Title and text of one file by its type; DocumentError when it cannot be read."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".pdf":
        return _pdf(data)
    if suffix in (".html", ".htm"):
        return _html(data)
    if b"\0" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("not a text file (binary content)")
    text = decode_text(data)
    if suffix in (".md", ".markdown"):
        heading = re.search(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", text, re.M)
        if heading:
            return Document(_shorten(heading.group(1), TITLE_CHARS), text.strip())
    return Document(_first_line(text), text.strip())


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a BOM), UTF-16 with a BOM, else Windows-1252; never fails."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_TITLE_MARKS = ("-", "|", "–", "—", "·", "::", ":")  # between a page's headline and its site


def _page_title(tree: Any) -> str:
    """A saved page's headline: its <title> without the site's name around it ("… -
    The Daily Ledger"), which is no word of the story; the <h1> when the title holds
    it, or when there is no title; og:title or the <h1> when the title is only the
    site's name (many sites title every page so)."""
    title = _SPACE.sub(" ", tree.findtext(".//title") or "").strip()
    site = _meta(tree, "og:site_name")
    if title and (title.casefold() == site.casefold() or title.casefold() in _brands(tree)):
        site = title
        own = _meta(tree, "og:title")  # the publisher's headline for this page
        title = "" if own.casefold() == site.casefold() else own
    h1s = [text for h1 in tree.iter("h1") if (text := _SPACE.sub(" ", h1.text_content()).strip())]
    # the first <h1> that is no logo (many sites write their name as one): not the site's
    # name, nor the part of the title a mark sets apart as the site's (… - The Ledger)
    headline = next((text for text in h1s if text.casefold() != site.casefold()
                     and not _site_part(title, text)), "")
    if not title or (headline and headline in title):
        return headline or title
    site = site or next((text for text in h1s if _site_part(title, text)), "")  # a logo's
    folded = title.casefold()
    for mark in _TITLE_MARKS if site else ():
        end, start = f" {mark} {site}".casefold(), f"{site} {mark} ".casefold()
        if folded.endswith(end):
            return title[: -len(end)].strip()
        if folded.startswith(start):
            return title[len(start):].strip()
    return title


def _site_part(title: str, text: str) -> bool:
    """Whether a mark sets `text` apart at the start or end of `title` ("… | The Ledger")."""
    title, text = title.casefold(), text.casefold()
    return any(title.endswith(f" {mark} {text}") or title.startswith(f"{text} {mark} ")
               for mark in _TITLE_MARKS)


def _meta(tree: Any, name: str) -> str:
    """An Open Graph property's content, spaces tidied ("" when the page has none)."""
    found = tree.xpath(f"string(//meta[@property='{name}']/@content)")
    return _SPACE.sub(" ", str(found)).strip()


def _brands(tree: Any) -> set[str]:
    """What the page shows as its site's name, case folded: its logo's text or image text,
    the text of its links to its home page, and a header that says nothing else."""
    found = tree.xpath("//*[contains(@class, 'logo') or contains(@id, 'logo')]"
                       " | //a[@href='/' or @rel='home'] | //header")
    names = {_SPACE.sub(" ", element.text_content()).strip().casefold() for element in found}
    names |= {_SPACE.sub(" ", str(alt)).strip().casefold()
              for element in found for alt in element.xpath(".//img/@alt")}
    return names - {""}


def _html(data: bytes) -> Document:
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.document_fromstring(data)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise DocumentError(f"not readable HTML ({exc})") from exc
    title = _page_title(tree)
    from monitor.sources.pages import MAX_NESTED_TEXT, nested_text

    text = ""
    if nested_text(tree) <= MAX_NESTED_TEXT:  # else trafilatura would take minutes
        text = trafilatura.extract(tree, include_comments=False, include_tables=True) or ""
    if not text.strip():
        body = tree.find(".//body")
        source = lxml.html.tostring(body if body is not None else tree, encoding="unicode")
        text = html_to_text(source)
    return Document(_shorten(title, TITLE_CHARS), text.strip())


def _pdf_pages(reader: Any) -> tuple[list[str], str | None]:
    """The text of a PDF's pages, within MAX_PDF_PAGES and MAX_PDF_SECONDS; and what was
    left out, if anything."""
    total = len(reader.pages)
    started = time.monotonic()
    pages: list[str] = []
    for page in reader.pages:
        if len(pages) >= MAX_PDF_PAGES or time.monotonic() - started > MAX_PDF_SECONDS:
            return pages, f"only the first {len(pages)} of {total} pages were read"
        pages.append(page.extract_text() or "")
    return pages, None


def _pdf(data: bytes) -> Document:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("the PDF is encrypted with a password")
        pages, left_out = _pdf_pages(reader)
        info = reader.metadata
        title = str(info.title or "").strip() if info else ""
        author = str(info.author or "").strip() if info else ""
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many kinds on hostile input
        raise DocumentError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    warning = None if text else "no text layer (scanned?)"
    if left_out:
        warning = left_out
    return Document(
        _shorten(title, TITLE_CHARS) or _first_line(text), text, author or None, warning
    )


__all__ = ["list_folder", "parse_folder", "read_document", "decode_text", "is_document"]
