"""Errors that reach the user as one line (no traceback unless --debug), and the exit statuses.

Every stage raises a :class:`CrcError` subclass; the CLI's single boundary
(:mod:`summarizer.cli.app`) maps it to its :class:`ExitCode`. Batch workers, the
eval runner and the web jobs turn an exception into a reason with
:func:`one_line`, so the same failure reads the same everywhere. An error raised
with a :class:`~summarizer.messages.Message` keeps its key and parameters, so
the web service can show it in the request's language.
"""

from __future__ import annotations

import copy
import enum
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.messages import Lang, Message, problem_of, words

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

    def __init__(self, message: str | Message, *, source: Path | None = None) -> None:
        super().__init__(str(message))
        self.message = message if isinstance(message, Message) else None
        self.source = source

    def localized(self, lang: Lang) -> str:
        """The message in ``lang``; a message never keyed stays as written (French)."""
        return self.message.render(lang) if self.message is not None else str(self)


class InputError(CrcError):
    """The input file or an option is unusable: wrong format, empty, corrupt, too large."""

    exit_code = ExitCode.USAGE


class ConfigError(CrcError):
    """A setting is missing or wrong (endpoint, model, key)."""

    exit_code = ExitCode.USAGE


class BackendError(CrcError):
    """The extraction backend failed (LLM down, garbage after every attempt)."""

    exit_code = ExitCode.ERROR


def naming_file(exc: CrcError, path: Path, name: str) -> CrcError:
    """The same error, calling the file ``name`` (what the user knows it by) instead of ``path``.

    A web upload is read from ``input.EXT`` in its job folder; its messages must name the upload.
    """
    def rename(value: object) -> object:
        return name if isinstance(value, str) and value in {str(path), path.name} else value

    renamed = copy.copy(exc)
    if exc.message is not None:
        renamed.message = Message(exc.message.key, **{k: rename(v) for k, v in exc.message.params.items()})
        renamed.args = (str(renamed.message),)
    else:
        renamed.args = (str(exc).replace(str(path), name).replace(path.name, name),)
    return renamed


def reason_message(exc: BaseException, source: Path | None = None) -> Message | str:
    """The user-facing reason for any exception: crc's own message, else "erreur interne (Type: …)"."""
    if isinstance(exc, CrcError):
        return exc.message if exc.message is not None else str(exc)
    if source is not None:
        return Message("internal_error_in", name=source.name, type=type(exc).__name__, detail=str(exc))
    return Message("internal_error", type=type(exc).__name__, detail=str(exc))


def one_line(exc: BaseException, source: Path | None = None, limit: int = 300, lang: Lang = "fr") -> str:
    """:func:`reason_message` as one line of at most ``limit`` characters."""
    reason = reason_message(exc, source)
    text = reason.render(lang) if isinstance(reason, Message) else reason
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def validation_problems(exc: ValidationError, limit: int = 1) -> list[Message]:
    """The first ``limit`` problems of a pydantic error as "where : reason" messages, never the input value."""
    return [problem_of(dict(err)) for err in exc.errors()[:limit]]


def validation_summary(exc: ValidationError, limit: int = 1, lang: Lang = "fr") -> str:
    """:func:`validation_problems` as one line, "(+N)" for the problems left out."""
    sep = words(lang).separator
    parts = [m.render(lang) for m in validation_problems(exc, limit)]
    more = exc.error_count() - limit
    return sep.join(parts) + (f" (+{more})" if more > 0 else "")
