"""OPML import and export: subscription lists from and for other feed readers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from monitor.config import SourceSpec
from monitor.errors import SourceError
from monitor.opml import read_opml, write_opml

NESTED = """\
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="News">
      <outline text="Tech" title="Technology">
        <outline type="rss" text="Ars" title="Ars Technica"
                 xmlUrl="https://ars.example/feed" htmlUrl="https://ars.example/"/>
      </outline>
      <outline type="rss" text="Le Monde" xmlUrl="https://lemonde.example/rss"
               category="/fr,News"/>
    </outline>
    <outline type="rss" text="Loose" xmlurl=" https://loose.example/atom.xml "/>
    <outline text="Empty folder"/>
    <outline type="link" text="A web page, not a feed" url="https://page.example/"/>
    <outline type="rss" xmlUrl="https://untitled.example/feed"/>
  </body>
</opml>
"""


def write(tmp_path: Path, text: str, name: str = "subs.opml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_finds_feeds_at_any_depth_with_folders_as_tags(tmp_path: Path) -> None:
    specs = read_opml(write(tmp_path, NESTED))
    assert specs == [
        SourceSpec("https://ars.example/feed", "Ars Technica", ("News", "Technology")),
        SourceSpec("https://lemonde.example/rss", "Le Monde", ("News", "fr")),
        SourceSpec("https://loose.example/atom.xml", "Loose", ()),
        SourceSpec("https://untitled.example/feed", None, ()),
    ]


def test_import_skips_outlines_without_xml_url(tmp_path: Path) -> None:
    urls = [s.url for s in read_opml(write(tmp_path, NESTED))]
    assert "https://page.example/" not in urls
    assert len(urls) == 4


def test_category_attribute_becomes_tags(tmp_path: Path) -> None:
    text = (
        '<opml version="1.0"><body>'
        '<outline text="A" xmlUrl="https://a.example/f" category="/Boston/Weather, local,,"/>'
        "</body></opml>"
    )
    assert read_opml(write(tmp_path, text)) == [
        SourceSpec("https://a.example/f", "A", ("Boston/Weather", "local")),
    ]


def test_empty_body_imports_nothing(tmp_path: Path) -> None:
    assert read_opml(write(tmp_path, '<opml version="2.0"><body/></opml>')) == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("this is not xml at all", "not a readable OPML file"),
        ("<opml><body><outline></body></opml>", "not a readable OPML file"),
        ('<rss version="2.0"><channel/></rss>', "not OPML"),
        ("<opml><head/></opml>", "not OPML"),
        ('<?xml version="1.0" encoding="bogus"?><opml><body/></opml>', "unknown encoding"),
    ],
)
def test_bad_file_is_a_source_error(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as info:
        read_opml(path)
    assert str(path) in str(info.value)
    assert fragment in str(info.value)


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_opml(tmp_path / "missing.opml")


def test_folder_instead_of_a_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        read_opml(tmp_path)


def test_export_is_valid_opml_2(tmp_path: Path) -> None:
    text = write_opml([
        SourceSpec("https://a.example/feed?x=1&y=2", "A & B <news>", ("news", "fr")),
        SourceSpec("https://b.example/feed"),
    ])
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.split("\n", 1)[1])
    assert root.tag == "opml"
    assert root.get("version") == "2.0"
    assert root.find("head/title") is not None
    outlines = root.findall("body/outline")
    assert [o.get("xmlUrl") for o in outlines] == [
        "https://a.example/feed?x=1&y=2", "https://b.example/feed",
    ]
    assert outlines[0].get("title") == "A & B <news>"
    assert outlines[0].get("category") == "news,fr"
    assert all(o.get("text") for o in outlines)  # OPML 2.0 requires text


def test_export_then_import_round_trips(tmp_path: Path) -> None:
    specs = [
        SourceSpec("https://a.example/feed?x=1&y=2", "A & B <news>", ("news", "fr")),
        SourceSpec("https://b.example/feed", "Bee", ()),
        SourceSpec("https://c.example/feed", "Ünïcode ☃", ("one",)),
    ]
    path = write(tmp_path, write_opml(specs))
    assert read_opml(path) == specs


def test_export_import_round_trip_keeps_untitled_sources_untitled(tmp_path: Path) -> None:
    # Export writes text=URL for an untitled source; import must not turn that into a title.
    specs = [SourceSpec("https://untitled.example/feed", None, ("x",))]
    path = write(tmp_path, write_opml(specs))
    assert read_opml(path) == specs


def entity_opml(declaration: str, use: str) -> str:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE opml [{declaration}]>\n<opml version="2.0"><body>'
        f'<outline type="rss" text="{use}" xmlUrl="https://feed.example/rss"/></body></opml>\n'
    )


# A few MB of expansion stays under expat's own amplification limit: only refusing entity
# declarations stops it. And a file entity would put a local file's text into the import.
LAUGHS = entity_opml(
    '<!ENTITY a "' + "ha" * 5000 + '">'
    '<!ENTITY b "' + "&a;" * 20 + '">',
    "&b;" * 20,
)
EXTERNAL = entity_opml('<!ENTITY secret SYSTEM "file:///etc/hostname">', "&secret;")


@pytest.mark.parametrize("text", [LAUGHS, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_an_opml_file_with_entities_is_refused_in_one_line(
    tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as info:
        read_opml(path)
    message = str(info.value)
    assert "\n" not in message and len(message) < 300  # nothing expanded into it
    assert str(path) in message and "entit" in message

    from conftest import run_main

    (tmp_path / "monitor.toml").write_text('[monitor]\nstate = "state"\n', encoding="utf-8")
    code, out, err = run_main(
        monkeypatch, capsys, "--config", str(tmp_path / "monitor.toml"), "sources", "import",
        str(path),
    )
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "entit" in err
    assert "feed.example" not in (tmp_path / "monitor.toml").read_text(encoding="utf-8")
