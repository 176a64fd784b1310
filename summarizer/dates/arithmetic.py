"""Calendar arithmetic for due dates: month ends, ISO weeks, "mardi de la semaine prochaine"."""

from __future__ import annotations

import calendar
import datetime as dt


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    y, mo = divmod(d.month - 1 + n, 12)
    y += d.year
    mo += 1
    return dt.date(y, mo, min(d.day, calendar.monthrange(y, mo)[1]))


def _next_weekday(d: dt.date, wd: int) -> dt.date:
    """Next ``wd`` strictly after ``d``."""
    return d + dt.timedelta(days=(wd - d.weekday() - 1) % 7 + 1)


def _week_day(d: dt.date, wd: int, weeks: int = 0) -> dt.date:
    """Weekday ``wd`` of the ISO week of ``d`` shifted by ``weeks``."""
    return d - dt.timedelta(days=d.weekday()) + dt.timedelta(days=7 * weeks + wd)


def _iso_friday(y: int, w: int) -> dt.date | None:
    try:
        return dt.date.fromisocalendar(y, w, 5)
    except ValueError:
        return None
