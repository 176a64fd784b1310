"""The CRC's dated commitments as an iCalendar file (RFC 5545) to import into Outlook, Google or Thunderbird.

One VEVENT per next step with a due date, and one per deliverable with a due
date. Deliverables are VEVENTs too, not VTODOs, on purpose: Outlook and Google
Calendar silently drop VTODOs on import, and a deadline the rep never sees is
worse than a task shown as an all-day event. They are marked with the category
"Livrable"/"Deliverable" and a summary prefix.

All-day (DATE) unless a time of day was spoken in ``due_text`` ("10h", "10h–10h45",
"3 pm", or in words, "à dix heures et quart", as the due-date parser reads it), then a DATE-TIME in the team's time zone (``Europe/Paris``, or
``CRC_TIMEZONE``) with its VTIMEZONE, so a reader in another zone sees the right
hour; it ends when said, else one hour later (calendars show an event without
an end as a zero-length line). Nothing dated means an empty but valid calendar. UIDs derive from the CRC
id and the item's index, so re-importing an amended CRC updates the same events.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event

from summarizer.crc import CRC, Evidence
from summarizer.dates import spoken_time
from summarizer.errors import ConfigError
from summarizer.lang import get_lang
from summarizer.messages import Message
from summarizer.render.common import clean, evidence_label, owner_label

PRODID = "-//crc-summarizer//Compte rendu commercial//FR"
UID_DOMAIN = "crc.invalid"
DEFAULT_TIMEZONE = "Europe/Paris"
#: The length of a timed event when only its start was said.
DEFAULT_DURATION = dt.timedelta(hours=1)


def timezone(name: str | None = None) -> ZoneInfo:
    """The zone spoken times are in: ``name``, else ``CRC_TIMEZONE``, else Europe/Paris."""
    name = name or os.environ.get("CRC_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(Message("timezone_unknown", name=name[:60])) from exc


def _uid(crc: CRC, kind: str, index: int) -> str:
    return f"{re.sub(r'[^A-Za-z0-9.-]', '-', crc.id)}-{kind}{index}@{UID_DOMAIN}"


def _dtstamp(crc: CRC) -> dt.datetime:
    """When the CRC was created (UTC), else the meeting day: stable across re-renders."""
    created = crc.metadata.created_at
    if created is None:
        return dt.datetime.combine(crc.meeting.date, dt.time(0, 0), tzinfo=dt.timezone.utc)
    if created.tzinfo is None:
        return created.replace(tzinfo=dt.timezone.utc)
    return created.astimezone(dt.timezone.utc)


def _event(
    crc: CRC, uid: str, summary: str, day: dt.date, due_text: str | None, description: list[str], category: str,
    tz: ZoneInfo,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", _dtstamp(crc))
    event.add("summary", summary)
    span = spoken_time(due_text, crc.meeting.date, crc.meeting.language)
    if span is None:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        start = dt.datetime.combine(day, span.start, tzinfo=tz)
        event.add("dtstart", start)
        event.add("dtend", dt.datetime.combine(day, span.end, tzinfo=tz) if span.end else start + DEFAULT_DURATION)
    event.add("description", "\n".join(description))
    event.add("categories", [category])
    return event


def _quote_lines(evidence: list[Evidence], lang: str) -> list[str]:
    quote = get_lang(lang).strings.ics.quote
    return [quote + evidence_label(ev, lang) for ev in evidence]


def render_ics(crc: CRC, tz_name: str | None = None) -> bytes:
    """The VCALENDAR bytes (CRLF lines, UTF-8); timed events in ``tz_name`` (see :func:`timezone`)."""
    tz = timezone(tz_name)
    lang = crc.meeting.language
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", clean(crc.id))
    txt = get_lang(lang).strings
    ref = f"CRC{txt.common.colon} {clean(crc.id)}"
    for i, step in enumerate(crc.next_steps):
        if step.due_date is None:
            continue
        lines = [txt.ics.owner + owner_label(crc, step.owner, step.side, lang)]
        if clean(step.due_text):
            lines.append(txt.ics.due_as_said + clean(step.due_text))
        lines += [*_quote_lines(step.evidence, lang), ref]
        cal.add_component(_event(crc, _uid(crc, "ns", i), clean(step.action), step.due_date, step.due_text,
                                 lines, txt.sections.next_step, tz))
    for i, item in enumerate(crc.deliverables):
        if item.due_date is None:
            continue
        lines = [txt.ics.issuer + owner_label(crc, item.issuer, item.side, lang)]
        if clean(item.format):
            lines.append(f"{txt.sections.format}{txt.common.colon} {clean(item.format)}")
        if clean(item.due_text):
            lines.append(txt.ics.due_as_said + clean(item.due_text))
        lines += [*_quote_lines(item.evidence, lang), ref]
        summary = txt.ics.deliverable_summary.format(what=clean(item.what))
        cal.add_component(_event(crc, _uid(crc, "dl", i), summary, item.due_date, item.due_text, lines,
                                 txt.ics.deliverable, tz))
    cal.add_missing_timezones()
    return cal.to_ical()
