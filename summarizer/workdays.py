"""The reps' working calendar: Monday to Friday, minus the 11 French public holidays.

One calendar for every place that counts working days (due dates such as "sous 2
jours ouvrés" or "début janvier", and the J+1 validation deadline of the e-mail),
so a date read from the call and the deadline printed under it never disagree.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from dateutil.easter import easter

__all__ = [
    "add_business_days",
    "first_business_day",
    "french_public_holidays",
    "is_business_day",
    "next_business_day",
]

_FIXED = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))


@lru_cache(maxsize=64)
def french_public_holidays(year: int) -> frozenset[dt.date]:
    """Metropolitan France: 8 fixed days, Easter Monday, Ascension and Whit Monday."""
    e = easter(year)
    movable = (e + dt.timedelta(days=1), e + dt.timedelta(days=39), e + dt.timedelta(days=50))
    return frozenset([dt.date(year, m, d) for m, d in _FIXED] + list(movable))


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in french_public_holidays(day.year)


def next_business_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day`` (Friday -> Monday, 31/12 -> 2/1)."""
    day += dt.timedelta(days=1)
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def add_business_days(day: dt.date, n: int) -> dt.date:
    for _ in range(n):
        day = next_business_day(day)
    return day


def first_business_day(year: int, month: int) -> dt.date:
    """What "début <mois>" means for a due date: the month's first working day."""
    day = dt.date(year, month, 1)
    return day if is_business_day(day) else next_business_day(day)
