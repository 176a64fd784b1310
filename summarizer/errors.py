"""Errors that reach the user as one line (no traceback unless --debug), and the exit statuses.

Every stage raises a :class:`CrcError` subclass; the CLI's single boundary
(:mod:`summarizer.cli.app`) maps it to its :class:`ExitCode`. Batch workers, the
eval runner and the web jobs turn an exception into a reason with
:func:`one_line`, so the same failure reads the same everywhere.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class ExitCode(enum.IntEnum):
    """``crc``'s exit statuses (httpie-style: one enum, documented in the README)."""

    OK = 0
    ERROR = 1  # a failure the user cannot fix from the command line (backend down, internal error, regression)
    USAGE = 2  # bad input or option: the message says what to change
    INTERRUPTED = 130  # Ctrl-C; a re-run resumes


class CrcError(Exception):
    """Base of every error the CLI prints as a single line; carries the file it is about."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, source: Path | None = None) -> None:
        super().__init__(message)
        self.source = source


class InputError(CrcError):
    """The input file or an option is unusable: wrong format, empty, corrupt, too large."""

    exit_code = ExitCode.USAGE


class ConfigError(CrcError):
    """A setting is missing or wrong (endpoint, model, key)."""

    exit_code = ExitCode.USAGE


class BackendError(CrcError):
    """The extraction backend failed (LLM down, garbage after every attempt)."""

    exit_code = ExitCode.ERROR


def one_line(exc: BaseException, source: Path | None = None, limit: int = 300) -> str:
    """The user-facing reason for any exception: crc's own message, else "erreur interne (Type: …)"."""
    if isinstance(exc, CrcError):
        text = str(exc)
    else:
        where = f"{source.name} : " if source is not None else ""
        text = f"{where}erreur interne ({type(exc).__name__}: {exc}) ; relancez avec --debug."
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def validation_summary(exc: ValidationError, limit: int = 1) -> str:
    """The first ``limit`` problems of a pydantic error as "where : message", never the input value."""
    parts = []
    for err in exc.errors()[:limit]:
        where = ".".join(str(x) for x in err["loc"]) or "racine"
        parts.append(f"{where} : {str(err['msg']).removeprefix('Value error, ')}")
    more = exc.error_count() - limit
    return " ; ".join(parts) + (f" (+{more})" if more > 0 else "")
