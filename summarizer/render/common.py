"""Shared rendering helpers: labels, dates, times, owners, the subject and the validation deadline.

Every renderer goes through these so the email, the Markdown, the .docx and the
.ics say the same thing in the same words, taken from the meeting language's pack
(``summarizer.lang``). Nothing here invents data: a missing owner or date
renders as "à confirmer", never as a guess.
"""

from __future__ import annotations

import datetime as dt
import re

from summarizer.crc import CRC, Evidence, MeetingType, Participant, ProgressItem, Side
from summarizer.dates.times import TimeSpan, due_time
from summarizer.lang import get_lang
from summarizer.workdays import next_business_day

#: Hour of the day by which the client is asked to validate the CRC.
VALIDATION_HOUR = 17


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """One line of text: no control characters (XML/headers reject them), whitespace collapsed."""
    if not text:
        return ""
    return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()


# --- dates -------------------------------------------------------------------


def validation_deadline(meeting_date: dt.date, today: dt.date | None = None) -> dt.datetime:
    """Next business day, 17:00, after ``max(meeting_date, today)``: the bareme's J+1 validation.

    Local naive datetime. Weekends and French public holidays are skipped. Without
    ``today`` the result depends only on the meeting date (deterministic rendering).
    """
    base = max(meeting_date, today or meeting_date)
    return dt.datetime.combine(next_business_day(base), dt.time(VALIDATION_HOUR, 0))


def fmt_date(day: dt.date) -> str:
    """JJ/MM/AAAA (the same in both languages, as in the bareme)."""
    return f"{day:%d/%m/%Y}"


def fmt_date_long(day: dt.date, lang: str) -> str:
    """« 30 novembre 2026 », « 1er décembre 2026 », "30 November 2026": a date as a letter to the client writes it."""
    return get_lang(lang).date_long(day)


def fmt_time(value: dt.time, lang: str) -> str:
    """10h, 10h30 in French; 10:00, 10:30 in English."""
    return get_lang(lang).time(value)


def deadline_label(deadline: dt.datetime, lang: str) -> str:
    """« 19/11 17h » (French) or "19/11 at 5 pm" (English), as written in the validation request."""
    return get_lang(lang).deadline(deadline)


def fmt_timestamp(seconds: float | None) -> str | None:
    """hh:mm:ss for an evidence start time; None when unknown."""
    if seconds is None:
        return None
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


# --- times spoken in due_text ----------------------------------------------------


def fmt_span(span: TimeSpan, lang: str) -> str:
    text = fmt_time(span.start, lang)
    return f"{text}–{fmt_time(span.end, lang)}" if span.end else text


# --- labels ------------------------------------------------------------------


def meeting_type_label(kind: MeetingType, lang: str) -> str:
    return get_lang(lang).strings.meeting_types.of(kind)


def side_label(side: Side, lang: str) -> str | None:
    """"client" / "vendeur" ("vendor"); None when unknown."""
    words = get_lang(lang).strings.common
    if side == Side.client:
        return words.client
    if side == Side.vendor:
        return words.vendor
    return None


def owner_name(crc: CRC, owner: str | None, lang: str) -> str:
    """The participant's spelling of the owner, or "responsable à confirmer"."""
    if not owner:
        return get_lang(lang).strings.common.owner_tbc
    p = crc.participant(owner)
    return clean(p.name if p else owner)


def owner_label(crc: CRC, owner: str | None, side: Side, lang: str) -> str:
    """"Julien Morel (vendeur)", "responsable à confirmer (client)" or "responsable à confirmer"."""
    label = side_label(crc.owner_side(owner, side), lang)
    name = owner_name(crc, owner, lang)
    return f"{name} ({label})" if label else name


def due_label(day: dt.date | None, due_text: str | None, lang: str, *, by: bool = False, long: bool = False) -> str:
    """"25/11/2026 à 10h" / "d'ici le 25/11/2026", or "date à confirmer (« courant décembre »)".

    The spoken wording is kept when the date could not be resolved, so the reader
    sees what was said without the tool guessing a day. ``long`` writes the day
    out ("d'ici le 25 novembre 2026"), as the e-mail to the client does.
    """
    pack = get_lang(lang)
    words = pack.strings.common
    if day is None:
        spoken = clean(due_text)
        return f"{words.date_tbc} ({pack.quote(spoken)})" if spoken else words.date_tbc
    text = pack.date_long(day) if long else fmt_date(day)
    if by:
        text = words.by_date.format(date=text)
    span = due_time(due_text)
    if span:
        text += words.at_time.format(time=fmt_span(span, lang))
    return text


def evidence_label(ev: Evidence, lang: str) -> str:
    """« quote » — Speaker, 00:01:23 (segment 12): where the item was said."""
    pack = get_lang(lang)
    where = [clean(ev.speaker) or pack.strings.common.unknown_speaker]
    stamp = fmt_timestamp(ev.start)
    if stamp:
        where.append(stamp)
    return pack.quote(clean(ev.quote)) + " — " + ", ".join(where) + f" (segment {ev.segment})"


def client_contacts(crc: CRC) -> list[Participant]:
    return [p for p in crc.participants if p.side == Side.client and p.attended is not False]  # never the absent


def vendor_signatory(crc: CRC) -> Participant | None:
    """The first vendor-side participant: the rep who signs the email, when known."""
    return next((p for p in crc.participants if p.side == Side.vendor and p.attended is not False), None)


def email_subject(crc: CRC) -> str:
    """« Compte rendu — Sujet — Client — JJ/MM/AAAA » (the bareme's explicit subject line)."""
    prefix = get_lang(crc.meeting.language).strings.common.subject_prefix
    parts = [prefix, clean(crc.meeting.subject), clean(crc.meeting.client)]
    parts.append(fmt_date(crc.meeting.date))
    return " — ".join(p for p in parts if p)


def fmt_points(value: float, lang: str) -> str:
    """7.5 -> "7,5" in French, "7.5" in English; integers without decimals."""
    return get_lang(lang).points(value)


def progress_line(item: ProgressItem, lang: str) -> str:
    """« Fait — La proposition pour le cadrage (Claire Martin) » / « Reporté — L'atelier — nouvelle date : 15/12/2026 »:
    one line of the CRC's follow-up of earlier commitments, in every render."""
    txt = get_lang(lang).strings.sections
    label = {"done": txt.progress_done, "late": txt.progress_late, "moved": txt.progress_moved,
             "dropped": txt.progress_dropped}[item.status.value]
    line = f"{label} — {clean(item.what)}" + (f" ({clean(item.who)})" if clean(item.who) else "")
    if item.new_date is not None:
        line += " — " + txt.progress_new_date.format(date=fmt_date(item.new_date))
    return line
