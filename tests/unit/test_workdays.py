"""One working calendar for due dates and the validation deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.dates import resolve_due
from summarizer.render.common import validation_deadline
from summarizer.workdays import (
    add_business_days,
    first_business_day,
    french_public_holidays,
    next_business_day,
)


def test_2026_holidays_include_the_easter_based_ones() -> None:
    days = french_public_holidays(2026)
    assert len(days) == 11
    # Easter 2026 is 5 April: Monday 6 April, Ascension 14 May, Whit Monday 25 May.
    assert {dt.date(2026, 4, 6), dt.date(2026, 5, 14), dt.date(2026, 5, 25)} <= days


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-04-03", "2026-04-07"),  # Friday before Easter Monday
        ("2026-05-13", "2026-05-15"),  # eve of Ascension
        ("2026-05-22", "2026-05-26"),  # Friday before Whit Monday
        ("2026-12-31", "2027-01-04"),  # New Year's Day, then the weekend
    ],
)
def test_next_business_day_skips_movable_holidays(day: str, expected: str) -> None:
    assert next_business_day(dt.date.fromisoformat(day)) == dt.date.fromisoformat(expected)


def test_due_dates_and_validation_deadline_agree_on_the_calendar() -> None:
    """The e-mail's J+1 deadline and "sous 1 jour ouvré" land on the same day."""
    meeting = dt.date(2026, 5, 13)
    due = resolve_due("On vous l'envoie sous 1 jour ouvré.", meeting)
    assert due == add_business_days(meeting, 1) == dt.date(2026, 5, 15)
    assert validation_deadline(meeting).date() == due


def test_first_business_day_of_a_month_starting_on_a_holiday() -> None:
    assert first_business_day(2027, 1) == dt.date(2027, 1, 4)  # 1 Jan is a Friday
    assert first_business_day(2026, 5) == dt.date(2026, 5, 4)  # 1 May Friday, then weekend
