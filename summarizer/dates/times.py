"""Times of day attached to a due date ("10h30", "at 3pm", "9h-9h45")."""

from __future__ import annotations

import datetime as dt
import re

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
