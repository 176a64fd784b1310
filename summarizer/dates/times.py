"""Times of day: those attached to a due date while it is found ("10h30", "à dix heures", "9h-9h45"), and
the one a due date's words hold when it is shown or put in a calendar (:func:`due_time`, digits;
``dates.spoken_time`` adds the words the due-date parser reads)."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from summarizer.dates.vocabulary import _alt, _fr_word, _num


def _time_pat(t: str) -> str:
    hour_words = _alt([_fr_word(n) for n in range(1, 24)] + ["zero"])
    min_words = _alt([_fr_word(n) for n in range(1, 60)])
    return (
        rf"(?:(?<![\d:])(?P<{t}ch>[01]?\d|2[0-3]):(?P<{t}cm>[0-5]\d)(?:\s*(?P<{t}cap>[ap]\.?\s?m\.?))?"
        rf"|(?<![\d:])(?P<{t}wh>[01]?\d|2[0-3]|{hour_words})\s+heures?"
        rf"\s+(?P<{t}wm>et\s+quart|et\s+demie?|{min_words})"
        rf"|(?<![\d:])(?P<{t}h>[01]?\d|2[0-3])\s*(?:h|heures?)(?:\s*(?P<{t}m>[0-5]\d)(?!\d))?"
        rf"|(?<![\d:])(?P<{t}ah>1[0-2]|0?[1-9])\s*(?P<{t}ap>[ap]\.?\s?m\.?)"
        rf"|(?P<{t}wh2>{hour_words})\s+heures?"
        rf"|(?P<{t}noon>midi|noon)|(?P<{t}mid>minuit|midnight))(?!\w)"
    )


_TIME1 = _time_pat("a")
_TIME2 = _time_pat("b")
_RANGE = rf"(?:\s*(?:-|a|to|until|jusqu'a|et|and)\s*{_TIME2})?"
_TIME_AFTER = re.compile(
    rf"\A\s*,?\s*(?:(?:a|vers|des|de|entre|a\s+partir\s+de|at|around|from|between|avant|before|by)\s+)?"
    rf"{_TIME1}{_RANGE}", re.IGNORECASE)
# A time said before the date needs "à/at/vers" or a from-to range ("de 14h à 15h vendredi"):
# "en quatre heures, samedi" is a duration, not an appointment (checked in _matches).
_TIME_BEFORE = re.compile(
    rf"(?<!\w)(?P<lead>a|at|vers|around|de|entre|from|between)\s+{_TIME1}"
    rf"(?P<rng>\s*(?:-|a|to|until|jusqu'a|et|and)\s*{_TIME2})?\s*,?\s*\Z", re.IGNORECASE)
_RANGE_LEADS = ("de", "entre", "from", "between")


def _parse_time(m: re.Match[str]) -> dt.time | None:
    g = m.groupdict()
    minute = 0
    if g.get("anoon"):
        return dt.time(12, 0)
    if g.get("amid"):
        return dt.time(0, 0)
    if g.get("ach"):
        hour, minute = int(g["ach"]), int(g["acm"])
        ap = g.get("acap")
    elif g.get("ah"):
        hour, minute, ap = int(g["ah"]), int(g.get("am") or 0), None
    elif g.get("aah"):
        hour, ap = int(g["aah"]), g.get("aap")
    elif g.get("awh") or g.get("awh2"):
        word = (g.get("awh") or g.get("awh2") or "").lower()
        n = 0 if word == "zero" else _num(word)
        if n is None:
            return None
        hour, ap = n, None
        wm = (g.get("awm") or "").lower()
        if wm:
            minute = 15 if "quart" in wm else 30 if "demi" in wm else (_num(wm) or 0)
    else:
        return None
    if ap:
        pm = ap.lower().startswith("p")
        if hour > 12:
            return None
        hour = (hour % 12) + (12 if pm else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return dt.time(hour, minute)


class TimeSpan(NamedTuple):
    start: dt.time
    end: dt.time | None = None


_TIME = re.compile(
    r"""(?<![\d:/.])(?:
        (?P<h1>[01]?\d|2[0-3])\s*(?:h|heures?)\s*(?P<m1>[0-5]\d)?(?!\w)
      | (?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)(?:\s*(?P<ap2>[ap]\.?m\.?)(?![\w]))?(?!\d)
      | (?P<h3>1[0-2]|0?[1-9])(?:[.:](?P<m3>[0-5]\d))?\s*(?P<ap3>[ap]\.?m\.?)(?!\w)
      | (?P<noon>\bmidi\b|\bnoon\b)
    )""",
    re.I | re.X,
)
_RANGE_SEP = re.compile(r"\s*(?:[-–—]|à|a|to|until|till|jusqu'à|jusqu’à)\s*", re.I)
#: A number of hours after these words is a duration ("sous 24h", "dans 2h"), not a time of day.
_DURATION_WORDS = {"sous", "dans", "en", "pendant", "durant", "within", "in", "under", "for", "after", "après"}


def _to_time(m: re.Match[str]) -> dt.time | None:
    if m.group("noon"):
        return dt.time(12, 0)
    hour_s = m.group("h1") or m.group("h2") or m.group("h3")
    minute_s = m.group("m1") or m.group("m2") or m.group("m3")
    ampm = (m.group("ap2") or m.group("ap3") or "").lower().replace(".", "")
    hour, minute = int(hour_s), int(minute_s or 0)
    if ampm:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return dt.time(hour, minute)


def due_time(text: str | None) -> TimeSpan | None:
    """The time of day spoken in ``due_text`` ("le 25 à 10h", "10h–10h45", "3 pm"), if any.

    The schema has no time field, so this is the only source of a time: durations
    ("sous 24h", "dans 2h") are ignored rather than misread as a time of day.
    """
    if not text:
        return None
    for m in _TIME.finditer(text):
        before = re.findall(r"[\w’']+", text[: m.start()].lower())
        if before and before[-1] in _DURATION_WORDS:
            continue
        start = _to_time(m)
        if start is None:
            continue
        end: dt.time | None = None
        sep = _RANGE_SEP.match(text, m.end())
        if sep:
            m2 = _TIME.match(text, sep.end())
            if m2:
                candidate = _to_time(m2)
                if candidate is not None and candidate > start:
                    end = candidate
        return TimeSpan(start, end)
    return None
