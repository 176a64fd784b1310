"""The two consoles every command prints to, and the ``--debug`` switch the error boundary reads."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from summarizer.errors import ExitCode

#: Messages, progress and errors (stderr), so stdout stays parseable.
console = Console(stderr=True)
#: Results (stdout).
out = Console()


class _State:
    debug = False


state = _State()


def set_debug(value: bool) -> bool:
    """Typer callback of every ``--debug`` option: the boundary then re-raises with the traceback,
    and the libraries' own log lines (instructor) reach the terminal."""
    from summarizer.logs import library_logs

    if value:
        state.debug = True
    library_logs(state.debug)
    return value


def error_line(message: str) -> None:
    console.print(f"[bold red]Erreur[/] : {escape(message)}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = ExitCode.USAGE) -> NoReturn:
    """One line on stderr, then exit (2 by default: the user can fix it)."""
    error_line(message)
    raise typer.Exit(int(code))
