"""OPML in and out, the format feed readers use to exchange subscription lists.

An OPML file often comes from elsewhere (another reader, a shared list): it is read with
defusedxml, which refuses entity declarations, so it can neither expand to gigabytes nor
pull a local file into the import.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from monitor.config import SourceSpec
from monitor.errors import SourceError


def read_opml(path: Path) -> list[SourceSpec]:
    """Every outline with an xmlUrl, at any depth; an enclosing folder's name becomes a tag."""
    try:
        root = SafeET.parse(path).getroot()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except DefusedXmlException:
        raise SourceError(
            f"{path}: not imported: it declares XML entities, which OPML never needs (they "
            "can expand without end or read local files); remove the <!DOCTYPE …> part"
        ) from None
    except (ET.ParseError, OSError, LookupError, ValueError) as exc:  # LookupError: encoding
        raise SourceError(f"{path}: not a readable OPML file ({exc})") from exc
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise SourceError(f"{path}: not OPML (expected <opml><body>…)")
    specs: list[SourceSpec] = []

    def walk(node: ET.Element, folders: tuple[str, ...]) -> None:
        for outline in node.findall("outline"):
            url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
            name = (outline.get("title") or outline.get("text") or "").strip()
            if url:
                categories = tuple(
                    c.strip().strip("/") for c in (outline.get("category") or "").split(",")
                )
                tags = tuple(dict.fromkeys(t for t in folders + categories if t))
                specs.append(SourceSpec(url=url, title=name if name and name != url else None,
                                        tags=tags))
            walk(outline, folders + ((name,) if not url and name else ()))

    walk(body, ())
    return specs


def write_opml(specs: list[SourceSpec], title: str = "monitor sources") -> str:
    """An OPML 2.0 document listing the sources, tags as categories."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for spec in specs:
        attrs = {"type": "rss", "text": spec.title or spec.url, "xmlUrl": spec.url}
        if spec.title:
            attrs["title"] = spec.title
        if spec.tags:
            attrs["category"] = ",".join(spec.tags)
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
