"""Errors that reach the user as one line (no traceback unless --debug)."""

from __future__ import annotations


class CrcError(Exception):
    """Base of every error the CLI prints as a single line."""

    exit_code = 1


class InputError(CrcError):
    """The input file is unusable: wrong format, empty, corrupt, too large."""

    exit_code = 2


class ConfigError(CrcError):
    """A setting is missing or wrong (endpoint, model, key)."""

    exit_code = 2


class BackendError(CrcError):
    """The extraction backend failed (LLM down, garbage after every attempt)."""

    exit_code = 1
