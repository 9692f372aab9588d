"""Options shared by commands in several modules (kept apart so no command module has to
import another just for an option), and the command groups' parsing: global options after
the command, and "did you mean" for a mistyped command."""

from __future__ import annotations

import difflib
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
    """The rules: --rules given after the command, else --rules before it, else
    MONITOR_RULES, else the config's. Rule files need no monitor.toml: outside a project
    the rules are ./rules (unless --config names a file that is not there)."""
    before = getattr(app, "rules_arg", None)
    context = click.get_current_context(silent=True)
    from_env = context is not None and rules_arg is not None and context.get_parameter_source(
        "rules_arg") is click.core.ParameterSource.ENVIRONMENT
    chosen = before if before and (rules_arg is None or from_env) else rules_arg
    if chosen:
        return Path(chosen).expanduser().absolute()
    must_exist = getattr(app, "config_arg", None) is not None
    rules_dir: Path = app.config(must_exist=must_exist).rules_dir
    return rules_dir


class SuggestingGroup(click.Group):
    """A group that answers a mistyped command with the nearest ones ("did you mean"), and
    gives its sub-groups the same manners."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if isinstance(command, click.Group) and not isinstance(command, SuggestingGroup):
            command.__class__ = SuggestingGroup  # same state, one more method: no copy
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if args and not name.startswith("-") and self.get_command(ctx, name) is None:
            known = self.list_commands(ctx)
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
            close += [c for c in known if c.startswith(name) and c not in close]
            hint = f" Did you mean {' or '.join(repr(c) for c in close[:3])}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint} (`{ctx.command_path} --help` lists them)")
        return super().resolve_command(ctx, args)


class LazyGroup(SuggestingGroup):
    """A command group whose commands in other modules are imported only when run (or
    listed by --help): `monitor poll` need not load the web app, Apprise or the rulebook
    editor before it starts fetching. Its own options may also follow the command
    (`monitor poll --config x.toml -v`)."""

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

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_options(self, args))


def hoist_options(group: click.Group, args: list[str]) -> list[str]:
    """`args` with the group's own options (wherever they stand, up to `--`) moved in front
    of the command, so `monitor poll --config x.toml` means `monitor --config x.toml poll`.
    --help and --version stay where they are: after a command they are about the command."""
    takes_value: dict[str, bool] = {}
    for param in group.params:
        # --rules stays where it is: the commands that read rules have their own.
        if isinstance(param, click.Option) and param.name not in ("help", "version",
                                                                  "rules_arg"):
            for opt in (*param.opts, *param.secondary_opts):
                takes_value[opt] = not param.is_flag
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if name in takes_value:
            if takes_value[name] and "=" not in arg and i + 1 < len(args):
                front.extend(args[i:i + 2])
                i += 2
                continue
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest
