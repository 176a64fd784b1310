"""Meeting dates given by a user (CLI options, web form): one strict, bounded parser."""

from __future__ import annotations

import calendar
import datetime as dt
import re

#: A meeting date outside this range is a typo (9999-12-31, 0001-01-01) and breaks date arithmetic.
MIN_MEETING_DATE = dt.date(1990, 1, 1)
MAX_MEETING_DATE = dt.date(2100, 12, 31)
_MONTH_NAMES = ("janvier février mars avril mai juin juillet août septembre octobre novembre décembre").split()


def parse_meeting_date(value: str) -> dt.date:
    """The one parser of a meeting date typed by a user (CLI options, web form): strict AAAA-MM-JJ,
    a day that exists, between 1990 and 2100. Raises ``ValueError`` whose text says what is wrong."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", value)
    if not m:
        raise ValueError("format attendu AAAA-MM-JJ (ex. 2026-11-18)")
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"le mois {month:02d} n'existe pas (01 à 12)")
    if year < 1:
        raise ValueError(f"l'année doit être comprise entre {MIN_MEETING_DATE.year} et {MAX_MEETING_DATE.year}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"cette date n'existe pas ({_MONTH_NAMES[month - 1]} {year} a {last} jours)")
    parsed = dt.date(year, month, day)
    if not MIN_MEETING_DATE <= parsed <= MAX_MEETING_DATE:
        raise ValueError(
            f"date hors de la plage plausible ({MIN_MEETING_DATE.year}–{MAX_MEETING_DATE.year})"
        )
    return parsed


def plausible_date(value: dt.date | None) -> dt.date | None:
    """A date read from a file's metadata, or None when it is outside the plausible range."""
    return value if value is not None and MIN_MEETING_DATE <= value <= MAX_MEETING_DATE else None


_NAME_DATE = re.compile(r"(20\d{2})[-_.]?(\d{2})[-_.]?(\d{2})")


def date_in_name(name: str) -> dt.date | None:
    """``appel-2026-11-18.vtt``, ``20261118_visite.m4a``: the meeting day a file's name gives, if plausible."""
    m = _NAME_DATE.search(name)
    if not m:
        return None
    try:
        return plausible_date(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    except ValueError:
        return None
