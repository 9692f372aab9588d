"""Options shared by commands in several modules (kept apart so no command module has to
import another just for an option)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def rules_option(func: F) -> F:
    """`--rules PATH` (env MONITOR_RULES; default from the config, else ./rules)."""
    return click.option(
        "--rules", "rules_arg", envvar="MONITOR_RULES", metavar="PATH",
        help="Rules directory or file (env MONITOR_RULES; default from the config).",
    )(func)


def rules_path(app: Any, rules_arg: str | None) -> Path:
    return Path(rules_arg).expanduser().absolute() if rules_arg else app.config().rules_dir


class LazyGroup(click.Group):
    """A command group whose commands in other modules are imported only when run (or
    listed by --help): `monitor poll` need not load the web app, Apprise or the rulebook
    editor before it starts fetching."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            import importlib

            module, _, attr = self.lazy[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)
