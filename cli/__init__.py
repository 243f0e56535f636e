"""The `panelsmith` command line.

`run(argv)` builds one argparse parser from the command modules in COMMAND_MODULES; each module
exposes `register(subparsers)` and sets `func(args) -> int` on the parsers it adds. To add commands,
append your module's name to the list (one line). Errors become one line on stderr and an exit code:
2 for bad input (BadInputError, argument mistakes, missing files), 1 for other failures.
"""
from __future__ import annotations

import argparse
import difflib
import importlib
import os
import sys
import traceback

from model.errors import BadInputError, PanelsmithError

COMMAND_MODULES: list[str] = [
    "cli.project_commands",
    "cli.generate_commands",
    "cli.refine_commands",
    "cli.draw_commands",
    "cli.export_command",
    "cli.edition_commands",
    "cli.styles_command",
    "cli.draft_command",
    "cli.pages_command",
    "cli.stage_command",
]

PROG = "panelsmith"


class UsageError(BadInputError):
    """A mistake in the command line itself (unknown command, missing argument)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse would print the whole usage and exit; we want one line and our exit code.
        raise UsageError(f"{message} (see `{PROG} --help`)")


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every command module's subcommands registered."""
    return _build()[0]


def _build() -> tuple[argparse.ArgumentParser, set[str]]:
    parser = _Parser(
        prog=PROG,
        description="Write a panel-by-panel script; Panelsmith draws, letters and exports the comic.",
        epilog=f"Run `{PROG} COMMAND --help` for a command's options. With no command, the app opens.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser, set(subparsers.choices)


def _unknown(word: str, commands: set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(commands), n=1)
    hint = f"did you mean `{PROG} {close[0]}`? " if close else ""
    what = "a folder, not a file the app can open" if os.path.isdir(word) else "an unknown command or file"
    return f"{word!r} is {what}; {hint}(see `{PROG} --help`)"


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def run(argv: list[str]) -> int:
    """Run one command line and return its exit code; never lets a traceback reach the user."""
    try:
        parser, commands = _build()
        if not argv or (len(argv) == 1 and not argv[0].startswith("-") and argv[0] not in commands):
            if argv and not os.path.isfile(argv[0]):
                raise UsageError(_unknown(argv[0], commands))  # a typo must not open the app (or abort without a display)
            from cli.app_launch import launch_app

            return launch_app(argv[0] if argv else None, parser)
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 0
        return int(args.func(args))
    except SystemExit as exc:  # --help and --version exit through argparse
        return exc.code if isinstance(exc.code, int) else 0
    except PanelsmithError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted.", 130)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`| head`); nothing more to say
        return 1
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        return _fail(f"{exc.strerror or exc}{where}.", 1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("PANELSMITH_DEBUG") == "1":
            traceback.print_exc()
        hint = "" if os.environ.get("PANELSMITH_DEBUG") == "1" else "; run with PANELSMITH_DEBUG=1 for details"
        return _fail(f"internal error, this is a bug: {type(exc).__name__}: {exc}{hint}.", 1)
