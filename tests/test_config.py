"""monitor.toml: defaults, validation with helpful messages, paths, and editing by hand-safe
means (comments and order survive `sources add` / `sources remove`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from monitor.config import (
    Config,
    Settings,
    SourceSpec,
    add_sources,
    load_config,
    remove_source,
)
from monitor.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str, state: str | None = None) -> Config:
    return load_config(write(tmp_path / "monitor.toml", text), state)


# -- loading --------------------------------------------------------------------------


def test_missing_config_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "monitor.toml")
    assert config.exists is False
    assert config.settings == Settings()
    assert config.sources == ()
    assert config.path == tmp_path / "monitor.toml"
    assert config.state_dir == tmp_path / "state"
    assert config.rules_dir == tmp_path / "rules"


def test_default_config_is_monitor_toml_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.path == tmp_path / "monitor.toml"
    assert config.state_dir == tmp_path / "state"


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    config = load(tmp_path, "")
    assert config.exists is True
    assert config.settings == Settings()
    assert config.sources == ()


def test_monitor_values_are_parsed(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """
        [monitor]
        interval = "2h"
        tick = 1
        max_body = "1MiB"
        timeout = "90s"
        connect_timeout = "5s"
        read_timeout = 15
        concurrency = 7
        per_host = 2
        max_redirects = 3
        parse_workers = 1
        fetch_log_days = 10
        backoff_cap = "12h"
        user_agent = "tester/1.0"
        """,
    )
    assert config.settings == Settings(
        interval=7200.0, tick=1.0, max_body=1024 * 1024, timeout=90.0, connect_timeout=5.0,
        read_timeout=15.0, concurrency=7, per_host=2, max_redirects=3, parse_workers=1,
        fetch_log_days=10, backoff_cap=43200.0, user_agent="tester/1.0",
    )


def test_sources_are_read_in_order(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """
        [[source]]
        url = " https://b.example/feed "
        title = "B"
        interval = "45m"

        [[source]]
        url = "https://a.example/feed"
        """,
    )
    assert config.sources == (
        SourceSpec("https://b.example/feed", "B", (), 2700.0),
        SourceSpec("https://a.example/feed"),
    )


def test_tags_may_be_a_string_or_a_list(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """
        [[source]]
        url = "https://a.example/feed"
        tags = "news"

        [[source]]
        url = "https://b.example/feed"
        tags = ["news", "fr"]
        """,
    )
    assert [s.tags for s in config.sources] == [("news",), ("news", "fr")]


def test_tags_of_other_types_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"source #1: tags must be a list of strings"):
        load(tmp_path, '[[source]]\nurl = "https://a.example/feed"\ntags = [1, 2]\n')


def test_source_without_url_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"source #2: add url ="):
        load(tmp_path, '[[source]]\nurl = "https://a/"\n\n[[source]]\ntitle = "x"\n')


@pytest.mark.parametrize(
    ("text", "key", "where"),
    [
        ('[monitr]\ninterval = "1h"\n', "monitr", "the top level"),
        ('intervall = "1h"\n', "intervall", "the top level"),
        ('[monitor]\nintervall = "1h"\n', "intervall", "[monitor]"),
        ('[[source]]\nurl = "https://a/"\ntag = "x"\n', "tag", "[[source]] #1"),
    ],
)
def test_unknown_key_is_an_error_naming_it_and_the_allowed_keys(
    tmp_path: Path, text: str, key: str, where: str
) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    message = str(info.value)
    assert str(tmp_path / "monitor.toml") in message
    assert f"unknown key {key!r} in {where}" in message
    assert "allowed keys are" in message


def test_unknown_key_message_lists_every_allowed_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, '[monitor]\nintervall = "1h"\n')
    for allowed in ("interval", "state", "rules", "max_body", "parse_workers", "user_agent"):
        assert allowed in str(info.value)
    with pytest.raises(ConfigError) as info:
        load(tmp_path, '[[source]]\nurl = "https://a/"\nlink = "x"\n')
    assert "allowed keys are full_text, interval, kind, select, tags, title, url" in str(
        info.value
    )


def test_invalid_toml_error_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, "[monitor\ninterval = 1h\n")
    message = str(info.value)
    assert message.startswith(str(tmp_path / "monitor.toml"))
    assert "not valid TOML" in message
    assert "\n" not in message


def test_config_path_that_is_a_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is not a file"):
        load_config(tmp_path)


def test_duplicate_source_url_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"https://a\.example/feed is listed twice"):
        load(
            tmp_path,
            '[[source]]\nurl = "https://a.example/feed"\n\n'
            '[[source]]\nurl = "https://a.example/feed "\n',
        )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[monitor]\ninterval = "often"\n', "[monitor] interval"),
        ('[monitor]\nmax_body = "huge"\n', "[monitor] max_body"),
        ("[monitor]\nconcurrency = 0\n", "write at least 1"),
        ("[monitor]\nper_host = -1\n", "whole number"),
        ('[monitor]\nparse_workers = "2"\n', "whole number"),
        ('[monitor]\nuser_agent = " "\n', "non-empty string"),
        ('[[source]]\nurl = "https://a/"\ninterval = "sometimes"\n', "source #1 interval"),
        ('monitor = "x"\n', "[monitor] must be a table"),
        ('[source]\nurl = "https://a/"\n', "[[source]] tables"),
    ],
)
def test_bad_values_are_errors_that_say_where(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert fragment in str(info.value)


# -- paths ----------------------------------------------------------------------------


def test_paths_are_relative_to_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    write(folder / "monitor.toml", '[monitor]\nrules = "my-rules"\nstate = "data/state"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config("../conf/monitor.toml")
    assert config.path.is_absolute()
    assert config.path.resolve() == folder / "monitor.toml"
    assert config.rules_dir.resolve() == folder / "my-rules"
    assert config.state_dir.resolve() == folder / "data" / "state"
    assert config.base_dir.resolve() == folder


def test_absolute_paths_in_the_file_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "abs-state"
    config = load(tmp_path, f'[monitor]\nstate = "{target}"\n')
    assert config.state_dir == target


def test_state_argument_beats_the_file(tmp_path: Path) -> None:
    config = load(tmp_path, '[monitor]\nstate = "from-file"\n', state=str(tmp_path / "arg"))
    assert config.state_dir == tmp_path / "arg"


def test_relative_state_argument_is_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    config = load(tmp_path, '[monitor]\nstate = "from-file"\n', state="here")
    assert config.state_dir == cwd / "here"


def test_file_state_beats_the_default(tmp_path: Path) -> None:
    assert load(tmp_path, '[monitor]\nstate = "from-file"\n').state_dir == tmp_path / "from-file"


def test_default_state_is_beside_the_config(tmp_path: Path) -> None:
    assert load(tmp_path, "[monitor]\n").state_dir == tmp_path / "state"


# -- editing --------------------------------------------------------------------------

HAND_WRITTEN = """\
# My feeds. Keep this list short!
[monitor]
interval = "1h"   # hourly is plenty
state = "state"

# --- news ---
[[source]]
url = "https://news.example/feed"   # the main one
tags = ["news"]

# --- blogs ---
[[source]]
title = "A blog"
url = "https://blog.example/atom.xml"
"""


def assert_appended(original: str, new: str) -> str:
    """The original text is kept byte for byte; return what was added after it (minus one
    optional blank line)."""
    assert new.startswith(original), new
    added = new[len(original):]
    return added.removeprefix("\n")


def test_add_sources_keeps_comments_and_order(tmp_path: Path) -> None:
    path = write(tmp_path / "monitor.toml", HAND_WRITTEN)
    spec = SourceSpec("https://new.example/feed", "New", ("a", "b"), 1800.0)
    assert add_sources(path, [spec]) == [spec]
    added = assert_appended(HAND_WRITTEN, path.read_text(encoding="utf-8"))
    assert tomllib.loads(added) == {
        "source": [{
            "url": "https://new.example/feed", "title": "New", "tags": ["a", "b"],
            "interval": "30m",
        }]
    }
    assert load_config(path).sources[-1] == spec
    assert [s.url for s in load_config(path).sources] == [
        "https://news.example/feed", "https://blog.example/atom.xml", "https://new.example/feed",
    ]


@pytest.mark.parametrize(
    "original",
    [
        '[[source]]\nurl = "https://a.example/feed"',  # no final newline
        '[[source]]\nurl = "https://a.example/feed"\n# end of my list\n',
        '# only settings so far\n[monitor]\ninterval = "2h"  # slow\n',
        "# nothing here yet\n",
        "",
    ],
)
def test_add_sources_appends_to_any_hand_written_file(tmp_path: Path, original: str) -> None:
    path = write(tmp_path / "monitor.toml", original)
    add_sources(path, [SourceSpec("https://new.example/feed")])
    added = assert_appended(original, path.read_text(encoding="utf-8"))
    assert '[[source]]\nurl = "https://new.example/feed"' in added
    assert load_config(path).sources[-1].url == "https://new.example/feed"


def test_add_sources_to_inline_table_array_keeps_valid_toml(tmp_path: Path) -> None:
    # load_config accepts this spelling of the source list, so editing must too.
    path = write(tmp_path / "monitor.toml", 'source = [{url = "https://a.example/feed"}]\n')
    assert load_config(path).sources == (SourceSpec("https://a.example/feed"),)
    add_sources(path, [SourceSpec("https://new.example/feed", tags=("x",))])
    assert [s.url for s in load_config(path).sources] == [
        "https://a.example/feed", "https://new.example/feed",
    ]


def test_add_sources_separates_tables_by_one_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "monitor.toml"
    add_sources(path, [SourceSpec("https://a.example/1"), SourceSpec("https://a.example/2")])
    add_sources(path, [SourceSpec("https://a.example/3")])
    assert path.read_text(encoding="utf-8") == (
        '[[source]]\nurl = "https://a.example/1"\n\n'
        '[[source]]\nurl = "https://a.example/2"\n\n'
        '[[source]]\nurl = "https://a.example/3"\n'
    )


def test_add_sources_does_not_add_a_url_twice(tmp_path: Path) -> None:
    path = write(tmp_path / "monitor.toml", HAND_WRITTEN)
    again = SourceSpec("https://news.example/feed", title="other")
    fresh = SourceSpec("https://fresh.example/feed")
    assert add_sources(path, [again, fresh, fresh]) == [fresh]
    text = path.read_text(encoding="utf-8")
    assert text.count("https://news.example/feed") == 1
    assert text.count("https://fresh.example/feed") == 1
    before = text
    assert add_sources(path, [again]) == []
    assert path.read_text(encoding="utf-8") == before


def test_add_sources_creates_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "monitor.toml"
    add_sources(path, [SourceSpec("https://a.example/feed", tags=("x",))])
    assert path.is_file()
    assert not (tmp_path / "monitor.toml.tmp").exists()
    config = load_config(path)
    assert config.exists
    assert config.sources == (SourceSpec("https://a.example/feed", tags=("x",)),)


def test_add_sources_refuses_to_edit_invalid_toml(tmp_path: Path) -> None:
    path = write(tmp_path / "monitor.toml", "[[source]\nurl = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        add_sources(path, [SourceSpec("https://a.example/feed")])
    assert path.read_text(encoding="utf-8") == "[[source]\nurl = \n"


def test_remove_source_removes_only_that_table(tmp_path: Path) -> None:
    path = write(tmp_path / "monitor.toml", HAND_WRITTEN)
    assert remove_source(path, "https://news.example/feed") is True
    text = path.read_text(encoding="utf-8")
    assert "https://news.example/feed" not in text
    assert text.startswith('# My feeds. Keep this list short!\n[monitor]\ninterval = "1h"')
    assert "# hourly is plenty" in text
    assert [s.url for s in load_config(path).sources] == ["https://blog.example/atom.xml"]


def test_remove_source_takes_its_own_comment_and_keeps_the_next_ones(tmp_path: Path) -> None:
    text = (
        "# --- a ---\n[[source]]\nurl = \"https://a.example/\"\n\n"
        "# --- b ---\n[[source]]\nurl = \"https://b.example/\"\n\n"
        "# --- c ---\n[[source]]\nurl = \"https://c.example/\"\n"
    )
    path = write(tmp_path / "monitor.toml", text)
    remove_source(path, "https://b.example/")
    assert path.read_text(encoding="utf-8") == (
        "# --- a ---\n[[source]]\nurl = \"https://a.example/\"\n\n"
        "# --- c ---\n[[source]]\nurl = \"https://c.example/\"\n"
    )


def test_remove_the_last_source_leaves_a_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path / "monitor.toml", '[monitor]\ninterval = "1h"\n')
    add_sources(path, [SourceSpec("https://a.example/")])
    assert remove_source(path, "https://a.example/") is True
    config = load_config(path)
    assert config.sources == ()
    assert config.settings.interval == 3600.0


def test_remove_unknown_source_is_false_and_leaves_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "monitor.toml", HAND_WRITTEN)
    assert remove_source(path, "https://nope.example/") is False
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN
    assert remove_source(tmp_path / "missing.toml", "https://nope.example/") is False
    assert not (tmp_path / "missing.toml").exists()
