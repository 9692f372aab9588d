"""A folder of documents as a source: files added, changed and removed become entries (or
leave them in the archive); unreadable files are named in the warning and retried, the
others still ingested; unchanged files are not read again; it works in bulk polls too."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from monitor.cli import cli
from monitor.config import load_config
from monitor.models import FetchResult, ParsedFeed, Source, SourceKind, SourceState
from monitor.pipeline import Poller
from monitor.schedule import utcnow
from monitor.sources import folder as folder_module
from monitor.sources.folder import decode_text, list_folder, parse_folder, read_document
from monitor.storage.sqlite import DB_NAME, SqliteStorage

RULES = """\
[[rule]]
id = "loudiyi"
query = "Loudiyi"

[[rule]]
id = "taxila"
query = '"Heavy Industries Taxila"'
"""


def pdf(text: str | None, title: str | None = None) -> bytes:
    """A one-page PDF whose text layer says `text` (None: a page with no text, as a scan)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET" if text else "q Q"
    info = f"<< /Title ({title}) >>" if title else "<< >>"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        info,
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return out


class Env:
    """A config with one folder source (inbox/), a rules folder and a state dir."""

    def __init__(self, tmp_path: Path, **settings: Any) -> None:
        self.inbox = tmp_path / "inbox"
        self.inbox.mkdir()
        (tmp_path / "rules").mkdir()
        (tmp_path / "rules" / "watch.toml").write_text(RULES, encoding="utf-8")
        self.state = tmp_path / "state"
        lines = ["[monitor]", 'state = "state"', "parse_workers = 1", 'max_body = "64KiB"']
        lines += [f"{key} = {value!r}" for key, value in settings.items()]
        lines += ["", "[[source]]", 'url = "inbox"', 'kind = "dir"']
        self.config = tmp_path / "monitor.toml"
        self.config.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def ok(self, *args: str) -> Result:
        result = CliRunner().invoke(
            cli, ["--config", str(self.config), "--state", str(self.state), *args]
        )
        assert result.exit_code == 0, (result.output, result.exception)
        return result

    def poll(self) -> dict[str, int]:
        result = CliRunner().invoke(
            cli, ["--config", str(self.config), "--state", str(self.state), "poll", "--json"]
        )
        summary: dict[str, int] = json.loads(result.stdout)
        assert result.exit_code == (3 if summary["failed"] else 0)  # README "Exit status"
        return summary

    def status(self) -> dict[str, Any]:
        return json.loads(self.ok("status", "--json").stdout)["sources"][0]

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.state / DB_NAME)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def entries(self) -> dict[str, tuple[Any, ...]]:
        rows = self.query("SELECT identity, title, link, content_text, published FROM entries")
        return {row[0]: row[1:] for row in rows}

    def memory(self) -> dict[str, list[Any]]:
        return json.loads(self.query("SELECT memory FROM sources")[0][0])

    def hits(self) -> list[tuple[str, str]]:
        return self.query(
            "SELECT h.rule_id, e.identity FROM hits h JOIN entries e ON e.id = h.entry_id "
            "ORDER BY h.id"
        )


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MONITOR_CONFIG", "MONITOR_STATE", "MONITOR_RULES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_documents_become_entries_and_temporary_files_are_skipped(tmp_path: Path) -> None:
    env = Env(tmp_path)
    (env.inbox / "note.txt").write_text("\n\nMeeting notes\nLoudiyi visited.\n", "utf-8")
    (env.inbox / "brief.md").write_text("Intro line\n\n## The WhAP brief\n\nText.\n", "utf-8")
    (env.inbox / "page.html").write_bytes(
        b"<html><head><title>Saved page</title><script>alert('x')</script></head><body>"
        b"<h1>Other heading</h1><p>Heavy Industries Taxila builds Al-Khalid tanks.</p>"
        b"<img src=x onerror=alert(1)></body></html>"
    )
    (env.inbox / "report.pdf").write_bytes(pdf("Loudiyi signs the JF-17 deal", "PDF title"))
    (env.inbox / "sub").mkdir()
    (env.inbox / "sub" / "deep.txt").write_text("Deeper document", "utf-8")
    for skipped in (".hidden.txt", "upload.txt.part", "x.tmp", "~$draft.txt",
                    ".~lock.report.txt#", "image.png", "notes.txt~"):
        (env.inbox / skipped).write_text("Loudiyi", "utf-8")
    (env.inbox / ".git").mkdir()
    (env.inbox / ".git" / "HEAD.txt").write_text("Loudiyi", "utf-8")

    assert env.poll()["new_entries"] == 5
    entries = env.entries()
    assert set(entries) == {"note.txt", "brief.md", "page.html", "report.pdf", "sub/deep.txt"}
    assert entries["note.txt"][0] == "Meeting notes"
    assert entries["brief.md"][0] == "The WhAP brief"
    assert entries["page.html"][0] == "Saved page"
    assert "Heavy Industries Taxila" in entries["page.html"][2]
    assert "alert" not in entries["page.html"][2]
    assert entries["report.pdf"][0] == "PDF title"
    assert "Loudiyi signs the JF-17 deal" in entries["report.pdf"][2]
    assert entries["sub/deep.txt"][1] == (env.inbox / "sub" / "deep.txt").resolve().as_uri()
    mtime = os.stat(env.inbox / "note.txt").st_mtime
    assert entries["note.txt"][3] == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(mtime))
    html = env.query("SELECT content_html FROM entries WHERE identity = 'page.html'")[0][0]
    assert "<script" not in html and "onerror" not in html
    assert sorted(env.hits()) == [
        ("loudiyi", "note.txt"), ("loudiyi", "report.pdf"), ("taxila", "page.html")
    ]
    status = env.status()
    assert status["state"] == "ok" and status["warning"] is None and status["entries"] == 5
    assert set(env.memory()) == set(entries)


def test_changed_file_updates_its_entry_and_removed_file_stays_archived(tmp_path: Path) -> None:
    env = Env(tmp_path)
    note, other = env.inbox / "note.txt", env.inbox / "other.txt"
    note.write_text("Weekly note\nnothing yet", "utf-8")
    other.write_text("Other document", "utf-8")
    assert env.poll()["new_entries"] == 2
    assert env.hits() == []

    note.write_text("Weekly note\nLoudiyi arrived in Rawalpindi", "utf-8")
    os.utime(note, ns=(1_900_000_000_000_000_000, 1_900_000_000_000_000_000))
    counts = env.poll()
    assert (counts["new_entries"], counts["updated_entries"]) == (0, 1)
    assert "Rawalpindi" in env.entries()["note.txt"][2]
    assert env.hits() == [("loudiyi", "note.txt")]
    assert env.memory()["note.txt"][0] == 1_900_000_000_000_000_000

    os.utime(other, ns=(1_800_000_000_000_000_000, 1_800_000_000_000_000_000))  # touched only
    counts = env.poll()
    assert (counts["new_entries"], counts["updated_entries"]) == (0, 0)
    assert env.memory()["other.txt"][0] == 1_800_000_000_000_000_000

    other.unlink()
    counts = env.poll()
    assert (counts["new_entries"], counts["updated_entries"]) == (0, 0)
    assert set(env.memory()) == {"note.txt"}  # forgotten by the folder source ...
    assert "other.txt" in env.entries()  # ... but its entry stays in the archive
    assert env.status()["warning"] is None  # removing a file is not a problem
    other.write_text("Other document, back with Loudiyi", "utf-8")
    assert env.poll()["updated_entries"] == 1


def test_unreadable_files_are_named_and_retried_while_others_are_ingested(
    tmp_path: Path,
) -> None:
    env = Env(tmp_path)
    (env.inbox / "good.txt").write_text("Loudiyi in Rabat", "utf-8")
    (env.inbox / "broken.pdf").write_bytes(b"%PDF-1.4 this is no PDF at all")
    (env.inbox / "gone.txt").symlink_to(env.inbox / "nowhere.txt")
    (env.inbox / "big.txt").write_bytes(b"x" * (64 * 1024 + 1))
    (env.inbox / "scan.pdf").write_bytes(pdf(None))

    counts = env.poll()
    assert counts["new_entries"] == 2 and counts["failed"] == 0  # good.txt and scan.pdf
    warning = env.status()["warning"]
    assert "cannot read inbox/broken.pdf: not a readable PDF" in warning
    assert "cannot read inbox/gone.txt: broken link" in warning
    assert "inbox/big.txt is larger than the 64 KiB cap (max_body in monitor.toml)" in warning
    assert "inbox/scan.pdf: no text layer (scanned?)" in warning
    assert set(env.memory()) == {"good.txt", "scan.pdf"}  # the bad ones are tried again
    assert env.status()["state"] == "ok"

    (env.inbox / "broken.pdf").write_bytes(pdf("Heavy Industries Taxila report"))
    (env.inbox / "gone.txt").unlink()
    (env.inbox / "big.txt").write_text("small now", "utf-8")
    counts = env.poll()
    assert counts["new_entries"] == 2
    assert env.hits()[-1] == ("taxila", "broken.pdf")
    # The scanned PDF is not read again, but its warning stays while it is there.
    assert env.status()["warning"] == "inbox/scan.pdf: no text layer (scanned?)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_named_and_retried(tmp_path: Path) -> None:
    env = Env(tmp_path)
    secret = env.inbox / "secret.txt"
    secret.write_text("Loudiyi", "utf-8")
    (env.inbox / "open.txt").write_text("open", "utf-8")
    secret.chmod(0)
    try:
        assert env.poll()["new_entries"] == 1
        assert env.status()["warning"] == "cannot read inbox/secret.txt: permission denied"
    finally:
        secret.chmod(0o644)
    assert env.poll()["new_entries"] == 1
    assert env.hits() == [("loudiyi", "secret.txt")]


def test_a_missing_folder_is_an_error_on_the_source(tmp_path: Path) -> None:
    env = Env(tmp_path)
    env.inbox.rmdir()
    counts = env.poll()
    assert counts["failed"] == 1
    status = env.status()
    assert status["state"] == "error"
    assert status["last_error"] == f"folder not found: {env.inbox} (create it or fix the path)"


def _source(memory: dict[str, Any] | None = None) -> Source:
    return Source(
        id=1, url="inbox", fetch_url=None, title=None, tags=(), interval=None,
        state=SourceState.OK, last_status=None, last_error=None, error_count=0,
        last_check=None, next_check=None, etag=None, last_modified=None,
        kind=SourceKind.DIR, memory=memory,
    )


def test_unchanged_files_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.pdf").write_bytes(pdf("first"))
    (tmp_path / "b.txt").write_text("second", "utf-8")
    read: list[str] = []
    original = folder_module.read_document

    def counting(name: str, data: bytes) -> Any:
        read.append(name)
        return original(name, data)

    monkeypatch.setattr(folder_module, "read_document", counting)
    first = parse_folder(_source(), list_folder(tmp_path, 1 << 20))
    assert sorted(read) == ["a.pdf", "b.txt"] and len(first.entries) == 2
    read.clear()
    second = parse_folder(_source(first.memory), list_folder(tmp_path, 1 << 20))
    assert read == [] and second.entries == []
    assert second.memory is None  # unchanged: the stored memory is not rewritten
    (tmp_path / "b.txt").write_text("second, changed", "utf-8")
    third = parse_folder(_source(first.memory), list_folder(tmp_path, 1 << 20))
    assert read == ["b.txt"] and [e.content_text for e in third.entries] == ["second, changed"]
    assert third.memory is not None and third.memory["a.pdf"] == first.memory["a.pdf"]
    # Memory left by another kind of source is ignored, not a crash.
    assert len(parse_folder(_source({"a.pdf": "x"}), list_folder(tmp_path, 1 << 20)).entries) == 2


def test_text_decoding_never_fails() -> None:
    assert decode_text("café".encode()) == "café"
    assert decode_text("\ufeffcafé".encode()) == "café"
    assert decode_text("café".encode("cp1252")) == "café"
    assert decode_text("café".encode("utf-16")) == "café"
    assert decode_text(bytes(range(256)))  # anything decodes to something
    assert read_document("x.txt", b"").title == ""  # an empty file: the name is the title


def test_bulk_polls_read_folders_too(tmp_path: Path) -> None:
    env = Env(tmp_path)
    (env.inbox / "note.txt").write_text("Loudiyi", "utf-8")
    config = load_config(env.config)
    store = SqliteStorage(env.state)
    try:
        store.sync_sources(config.sources, utcnow())
        poller = Poller(store, config)
        results = poller.poll_in_processes(store.sources())
        assert [(r.outcome.value, r.new_entries) for r in results] == [("ok", 1)]
    finally:
        store.close()
    assert set(env.memory()) == {"note.txt"}


def test_parse_reports_a_bad_listing_instead_of_raising() -> None:
    parsed = parse_folder(_source(), FetchResult(body=b"not json"))
    assert isinstance(parsed, ParsedFeed) and parsed.error is not None


@pytest.mark.timeout(20)
def test_links_out_of_the_folder_pipes_and_binary_files_are_not_ingested(
    tmp_path: Path,
) -> None:
    env = Env(tmp_path)
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY Loudiyi", "utf-8")
    (env.inbox / "key.txt").symlink_to(secret)  # e.g. from an unpacked archive
    (env.inbox / "real.txt").write_text("Loudiyi in Rabat", "utf-8")
    (env.inbox / "alias.txt").symlink_to(env.inbox / "real.txt")  # inside: fine
    os.mkfifo(env.inbox / "pipe.txt")  # opening it to read would wait for ever
    (env.inbox / "program.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50)

    counts = env.poll()
    assert counts["new_entries"] == 2 and counts["failed"] == 0
    assert set(env.entries()) == {"real.txt", "alias.txt"}
    assert all("PRIVATE" not in row[2] for row in env.entries().values())
    warning = env.status()["warning"]
    assert "inbox/key.txt: a link to a file outside the folder; not followed" in warning
    assert "inbox/pipe.txt: not a regular file" in warning
    assert "cannot read inbox/program.txt: not a text file (binary content)" in warning


@pytest.mark.timeout(20)
def test_a_file_swapped_for_a_pipe_or_link_after_listing_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("first", "utf-8")
    (tmp_path / "b.txt").write_text("second", "utf-8")
    listing = list_folder(tmp_path, 1 << 20)
    (tmp_path / "a.txt").unlink()
    os.mkfifo(tmp_path / "a.txt")
    (tmp_path / "b.txt").unlink()
    outside = tmp_path.parent / f"{tmp_path.name}-secret"
    outside.write_text("secret", "utf-8")
    (tmp_path / "b.txt").symlink_to(outside)
    parsed = parse_folder(_source(), listing)
    assert parsed.entries == []
    assert parsed.warning is not None and "a.txt: not a regular file" in parsed.warning
    assert "b.txt: a link to a file outside the folder" in parsed.warning


def test_a_long_pdf_is_read_up_to_the_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for _ in range(5):
        writer.add_page(PdfReader(io.BytesIO(pdf("Heavy Industries Taxila report"))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    monkeypatch.setattr(folder_module, "MAX_PDF_PAGES", 2)
    document = read_document("long.pdf", out.getvalue())
    assert document.text.count("Taxila") == 2
    assert document.warning == "only the first 2 of 5 pages were read"


def test_a_deeply_nested_html_file_is_read_without_the_slow_extractor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    from monitor.sources import pages

    calls: list[object] = []
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(pages, "MAX_NESTED_TEXT", 1_000_000)
    opened = "".join(f'<div><a href="/a/{n}">Link {n}</a>' for n in range(250))
    text = "Heavy Industries Taxila builds Al-Khalid tanks. " * 100
    data = f"<html><body>{opened}<p>{text}</p>{'</div>' * 250}</body></html>".encode()
    assert "Heavy Industries Taxila" in read_document("saved.html", data).text
    assert calls == []


def test_a_saved_pages_title_is_its_headline_without_the_sites_name() -> None:
    """"Delta sues CrowdStrike - The Daily Ledger": the site's name is no word of the
    story (derive read it as a name); the page's <h1> is its headline when the title
    holds it, and og:site_name is stripped from a title that has no <h1>."""
    page = ("<html><head><meta charset='utf-8'><title>{title}</title>"
            "<meta property='og:site_name' content='The Daily Ledger'></head><body>{h1}"
            "<p>Delta Air Lines has sued CrowdStrike over the July outage.</p></body></html>")
    with_h1 = page.format(title="Delta sues CrowdStrike - The Daily Ledger",
                          h1="<h1>Delta sues CrowdStrike</h1>")
    assert read_document("a.html", with_h1.encode()).title == "Delta sues CrowdStrike"
    for title in ("Delta sues CrowdStrike | The Daily Ledger",
                  "The Daily Ledger - Delta sues CrowdStrike"):
        data = page.format(title=title, h1="").encode()
        assert read_document("b.html", data).title == "Delta sues CrowdStrike"
    # a site's name written as an <h1> logo is no headline
    logo = page.format(title="Delta sues CrowdStrike - The Daily Ledger",
                       h1="<h1>The Daily Ledger</h1><h1>Delta sues CrowdStrike</h1>")
    assert read_document("d.html", logo.encode()).title == "Delta sues CrowdStrike"
    # a dash inside a headline stays where no site name follows it
    data = page.format(title="Quảng Trị và Thừa Thiên - Huế", h1="").encode()
    assert read_document("c.html", data).title == "Quảng Trị và Thừa Thiên - Huế"


def test_a_saved_page_titled_only_with_its_sites_name_has_its_h1_as_headline() -> None:
    """Many sites title every page with their own name: derive read that name as the
    seed's headline, and warned that no name it found was in it. A title the page also
    shows as its site's name (og:site_name, its logo, its link home) gives way to the
    publisher's og:title, else the <h1>; any other title stays the headline."""
    h1 = "<h1>Delta sues CrowdStrike over the July outage</h1>"

    def title_of(head: str, heading: str = h1, brand: str = "The Daily Ledger") -> str:
        page = (f"<html><head><meta charset='utf-8'>{head}</head><body><header>"
                f"<a href='/'>{brand}</a> <a href='/world'>World</a> <a href='/brexit'>Brexit"
                f"</a></header><article>{heading}<p>Delta Air Lines has sued CrowdStrike over "
                "the July outage.</p></article></body></html>")
        return read_document("a.html", page.encode()).title

    headline = "Delta sues CrowdStrike over the July outage"
    site = "<meta property='og:site_name' content='The Daily Ledger'>"
    assert title_of(f"<title>The Daily Ledger</title>{site}") == headline
    assert title_of("<title>The Daily Ledger</title>") == headline  # its link home says so
    assert title_of("<title>THE DAILY LEDGER</title>", heading="<h1>The Daily Ledger</h1>"
                    + h1) == headline  # a logo <h1> is no headline, whatever its case
    # a logo <h1> that the title sets apart with a mark names the site too
    assert title_of("<title>Delta sues CrowdStrike - The Southern Daily Ledger</title>",
                    heading="<h1>The Southern Daily Ledger</h1>", brand="Home") == \
        "Delta sues CrowdStrike"
    og = "<meta property='og:title' content='Delta sues CrowdStrike | The Daily Ledger'>"
    assert title_of(f"<title>The Daily Ledger</title>{site}{og}", heading="") == \
        "Delta sues CrowdStrike"
    logo = "<div class='site-logo'><img src='/l.png' alt='人民网'></div>"
    assert title_of("<title>人民网</title>", heading=f"{logo}<h1>比亚迪塞格德工厂投产</h1>",
                    brand="首页") == "比亚迪塞格德工厂投产"
    # a title that is no site's name stays the headline, however short, whatever <h1> or
    # og:title the page has
    assert title_of("<title>Brexit</title>", heading="<h1>Most read</h1>") == "Brexit"
    assert title_of("<title>Delta sues CrowdStrike</title>",
                    heading="<h1>Business and Economy News</h1>") == "Delta sues CrowdStrike"
    live = "<meta property='og:title' content='Live updates'>"
    assert title_of(f"<title>Delta sues CrowdStrike</title>{live}") == "Delta sues CrowdStrike"
    assert title_of("<title>東芝が上場廃止、非公開化が完了</title>",
                    heading="<h1>ニュース 速報 一覧</h1>") == "東芝が上場廃止、非公開化が完了"
