"""What a due-date search returns, and the ranks that order its candidates."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class DueMatch:
    """A temporal expression found in a sentence, with its resolved day."""

    text: str
    start: int
    end: int
    date: dt.date | None
    time: dt.time | None = None
    #: the latest day a period allows (« cette semaine »: its Friday) when the words name no day, else None
    latest: dt.date | None = None


@dataclass(frozen=True)
class Period:
    """What a resolver returns for a period that names no day: found, undated, ``latest`` its last day."""

    latest: dt.date


class _Flag(enum.Enum):
    PAST = "past"  # clearly refers to the past: blocks the span, never returned
    INVALID = "invalid"  # a date was said but does not exist (31 février)
    NOMATCH = "nomatch"  # the regex fired but the context says it is not a date


# Ranks: higher is more specific (find_due keeps the most specific expression).
EXACT, DAY, WEEK, MONTH, COARSE = 5, 4, 3, 2, 1
_RECENT_PAST_DAYS = 60
