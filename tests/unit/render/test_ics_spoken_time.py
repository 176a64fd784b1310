"""Issue 20 item 13: a time said in words is the event's time, as the due-date parser reads it."""

from __future__ import annotations

import datetime as dt

from crc_factory import full_fr
from icalendar import Calendar

from summarizer.render.ics import render_ics


def _starts(due_text: str) -> list[object]:
    crc = full_fr()
    step = crc.next_steps[0]
    step.due_text, step.due_date = due_text, dt.date(2026, 11, 19)
    cal = Calendar.from_ical(render_ics(crc, "Europe/Paris"))
    return [e.decoded("dtstart") for e in cal.walk("VEVENT") if e.get("uid").endswith("-ns0@crc.invalid")]


def test_a_time_in_words_is_a_timed_event() -> None:
    (start,) = _starts("jeudi à dix heures et quart")
    assert isinstance(start, dt.datetime) and (start.hour, start.minute) == (10, 15)
    assert str(start.tzinfo) == "Europe/Paris"


def test_digits_and_durations_unchanged() -> None:
    (start,) = _starts("jeudi à 14h30")
    assert isinstance(start, dt.datetime) and (start.hour, start.minute) == (14, 30)
    (day,) = _starts("sous 24h")
    assert day == dt.date(2026, 11, 19)


def test_spoken_times_have_one_reader_in_dates() -> None:
    """The calendar reads a due date's time through ``dates.spoken_time``, the renders through ``dates.due_time``."""
    import summarizer.render.common as common
    import summarizer.render.ics as ics
    from summarizer.dates import TimeSpan, due_time, spoken_time

    day = dt.date(2026, 11, 18)
    assert spoken_time("jeudi à dix heures et quart", day) == TimeSpan(dt.time(10, 15))
    assert spoken_time("jeudi 10h-10h45", day) == TimeSpan(dt.time(10), dt.time(10, 45))
    assert spoken_time("sous 24h", day) is None and spoken_time(None, day) is None
    assert ics.spoken_time is spoken_time and common.due_time is due_time
