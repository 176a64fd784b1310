"""Which libraries' log lines reach the terminal: crc speaks for them unless ``--debug``."""

from __future__ import annotations

import logging

#: instructor logs every failed attempt in English at ERROR ("API call failed on attempt 1",
#: "Max retries exceeded … visit https://errors.pydantic.dev/…"); crc already prints one French
#: notice per retry and one line for the final failure.
QUIET_LIBRARIES = ("instructor",)


def library_logs(debug: bool) -> None:
    """Silence the libraries' own lines, or let them all through with ``--debug``."""
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.CRITICAL)


def quiet_unless_configured() -> None:
    """For every entry point (CLI, batch workers, web service, library use): quiet unless someone chose a level."""
    for name in QUIET_LIBRARIES:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.CRITICAL)
