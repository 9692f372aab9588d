"""How command output reads: a source by its name (its title, else its host) rather than its
URL, times short enough for an 80-column table, and matched terms highlighted on a terminal
but plain when piped (never `**JF-17**`)."""

from __future__ import annotations

import sys
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from monitor.snippets import Snippet

TABLE_WIDTH = 80  # what a table is drawn in when the output is not a terminal


def source_name(title: str | None, url: str) -> str:
    """A source as people call it: its title, else its host, else the file's name."""
    if title and title.strip():
        return " ".join(title.split())
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    return host or PurePath(url).name or url


def short_time(stamp: str | None) -> str:
    """`12-02 00:40` (month-day hour:minute, UTC) from a stored ISO time: short enough for
    an 80-column table, and one token a table never splits."""
    if not stamp:
        return ""
    return stamp[5:16].replace("T", " ")


def console(wide: bool = False) -> Any:
    """A rich Console for tables: the terminal's width, or 80 columns in a pipe; `wide`
    lets full URLs make the lines as long as they need."""
    from rich.console import Console  # imported when output is drawn: quicker startup

    width = None if sys.stdout.isatty() else TABLE_WIDTH
    if wide:
        width = 10_000
    return Console(highlight=False, soft_wrap=False, width=width)


def snippet_text(snippet: Snippet, terminal: bool | None = None) -> Any:
    """A snippet as rich Text, drawn from its spans: matched terms bold on a terminal, no
    marks at all in a pipe (the caller prints Text with a console, or Text.plain)."""
    from rich.text import Text

    if terminal is None:
        terminal = sys.stdout.isatty()
    text = Text()
    for part, marked in snippet.parts():
        text.append(part.replace("\n", " "), "bold yellow" if marked and terminal else "")
    return text


def wrapped(text: str, indent: str = "  ", width: int = TABLE_WIDTH) -> str:
    """Text folded to `width` columns at spaces only: a URL, a timestamp or a long word is
    never split (it stands alone on a longer line instead)."""
    import textwrap

    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent,
                         subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False) or indent.rstrip()


def echo_snippet(snippet: Snippet, indent: str = "  ") -> None:
    """Print a snippet: highlighted terms on a terminal, plain text folded to 80 columns in
    a pipe."""
    import click

    if not sys.stdout.isatty():
        click.echo(wrapped(snippet_text(snippet, terminal=False).plain, indent))
        return
    from rich.console import Console

    Console(highlight=False, soft_wrap=True).print(indent, snippet_text(snippet, True), sep="")


__all__ = ["console", "echo_snippet", "short_time", "snippet_text", "source_name", "wrapped"]
