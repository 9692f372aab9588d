"""Which database the monitor uses: --database, MONITOR_DATABASE, [monitor] database, else
SQLite in the state directory; a URL it cannot use gets a one-line message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import load_config
from monitor.errors import ConfigError, MonitorError
from monitor.storage import open_storage
from monitor.storage.sqlite import DB_NAME


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_database_comes_from_the_argument_then_the_file(tmp_path: Path) -> None:
    path = _config(tmp_path, '[monitor]\ndatabase = "postgresql://u@db.example/m"\n')
    assert load_config(path).database == "postgresql://u@db.example/m"
    assert load_config(path, database="postgresql://other/m").database == "postgresql://other/m"
    assert load_config(_config(tmp_path, "[monitor]\n")).database is None


def test_a_database_that_is_not_a_string_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="database must be a URL"):
        load_config(_config(tmp_path, "[monitor]\ndatabase = 5\n"))


def test_no_url_is_sqlite_in_the_state_directory(tmp_path: Path) -> None:
    storage = open_storage(None, tmp_path / "state")
    try:
        assert storage.engine == "sqlite"
        assert Path(storage.location) == tmp_path / "state" / DB_NAME
        assert (tmp_path / "state" / DB_NAME).is_file()
    finally:
        storage.close()


def test_a_sqlite_url_names_the_file(tmp_path: Path) -> None:
    storage = open_storage(f"sqlite:///{tmp_path}/elsewhere.db", tmp_path / "state")
    try:
        assert Path(storage.location) == tmp_path / "elsewhere.db"
    finally:
        storage.close()
    with pytest.raises(ConfigError, match="name the file"):
        open_storage("sqlite:", tmp_path)


def test_an_unknown_scheme_says_what_to_use(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="postgresql://"):
        open_storage("mysql://u@h/db", tmp_path)


def test_postgresql_without_its_engine_says_it_is_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "monitor.storage.postgres", None)  # import fails
    with pytest.raises(MonitorError, match="PostgreSQL support is not installed"):
        open_storage("postgresql://u@127.0.0.1/monitor", tmp_path)


def test_the_option_and_the_environment_choose_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("MONITOR_CONFIG", "MONITOR_STATE", "MONITOR_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "monitor.toml").write_text("", encoding="utf-8")
    runner = CliRunner()
    by_env = runner.invoke(cli, ["status"], env={"MONITOR_DATABASE": "mysql://h/db"})
    assert isinstance(by_env.exception, ConfigError)  # `main` prints it on one line
    assert "database 'mysql://h/db'" in str(by_env.exception)
    by_option = runner.invoke(
        cli, ["--database", f"sqlite:///{tmp_path}/chosen.db", "poll"],
        env={"MONITOR_DATABASE": "mysql://h/db"},
    )
    assert by_option.exit_code == 0, by_option.output
    assert (tmp_path / "chosen.db").is_file()
    assert not (tmp_path / "state" / DB_NAME).exists()


def test_postgres_statements_keep_their_own_placeholders_and_operators() -> None:
    """Engine-neutral ? statements become %s; PostgreSQL's own (with %s) pass as written,
    so a jsonb ? operator in them stays an operator."""
    from monitor.storage.postgres.connection import placeholders

    assert placeholders("SELECT a FROM t WHERE b = ? AND c = ?") == \
        "SELECT a FROM t WHERE b = %s AND c = %s"
    own = "SELECT doc ? 'key' FROM t WHERE id = %s"
    assert placeholders(own) == own
