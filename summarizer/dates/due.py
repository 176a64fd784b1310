"""Finding due dates in a sentence: candidates from the table, the most specific kept."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from summarizer.dates.chained import _DELAY, chained_delay
from summarizer.dates.table import _BOTH, _RULES, _Ctx
from summarizer.dates.times import _RANGE_LEADS, _TIME_AFTER, _TIME_BEFORE, TimeSpan, _parse_time, due_time
from summarizer.dates.types import DAY, DueMatch, Period, _Flag
from summarizer.dates.vocabulary import _fold


def _langs(language: str) -> frozenset[str]:
    code = (language or "").strip().lower()[:2]
    return frozenset({code}) if code in ("fr", "en") else _BOTH


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    rank: int
    date: dt.date | None
    past: bool
    latest: dt.date | None = None


_SINCE = re.compile(r"(?:depuis|since|il\s+y\s+a)\s+(?:le\s+|la\s+|the\s+)?\Z", re.IGNORECASE)


def _candidates(folded: str, meeting: dt.date, langs: frozenset[str]) -> list[_Cand]:
    ctx = _Ctx(meeting)
    out: list[_Cand] = []
    for rule in _RULES:
        if not rule.langs & langs:
            continue
        for m in rule.regex.finditer(folded):
            res = rule.resolve(m, ctx)
            if res is _Flag.NOMATCH:
                continue
            past = res is _Flag.PAST or (isinstance(res, dt.date) and res < meeting)
            if _SINCE.search(folded, 0, m.start()):
                past = True
            d = res if isinstance(res, dt.date) and not past else None
            out.append(_Cand(m.start(), m.end(), rule.rank, d, past, res.latest if isinstance(res, Period) else None))
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest spans first (past blockers win ties), no overlaps."""
    chosen: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), not c.past, c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted((c for c in chosen if not c.past), key=lambda c: c.start)


def _as_date(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


def _matches(sentence: str, meeting_date: dt.date, language: str) -> list[tuple[DueMatch, int]]:
    meeting = _as_date(meeting_date)
    folded, idx = _fold(sentence)
    picked = _select(_candidates(folded, meeting, _langs(language)))
    result: list[tuple[DueMatch, int]] = []
    for i, c in enumerate(picked):
        start, end, time = c.start, c.end, None
        if c.rank >= DAY:
            limit = picked[i + 1].start if i + 1 < len(picked) else len(folded)
            after = _TIME_AFTER.match(folded[end:limit])
            if after and (t := _parse_time(after)) is not None:
                end, time = end + after.end(), t
            else:
                floor = picked[i - 1].end if i else 0
                before = _TIME_BEFORE.search(folded, floor, start)
                if before and before.group("lead").lower() in _RANGE_LEADS and not before.group("rng"):
                    before = None
                if before and (t := _parse_time(before)) is not None:
                    start, time = before.start(), t
        o_start, o_end = idx[start], idx[end]
        dm = DueMatch(sentence[o_start:o_end], o_start, o_end, c.date, time, c.latest)
        result.append((dm, c.rank + (1 if time else 0)))
    return result


def find_all_due(sentence: str, meeting_date: dt.date, language: str = "fr") -> list[DueMatch]:
    """Every due-date expression in ``sentence``, in order; past references are left out."""
    return [dm for dm, _ in _matches(sentence, meeting_date, language)]


#: a purpose clause: the day it names is what the other side needs, the main clause's day is the promise's
_PURPOSE = re.compile(r"(?i)\b(?:pour\s+que|afin\s+(?:que|qu'|de|d')|comme\s+[çc]a|de\s+sorte\s+que|so\s+that"
                      r"|so\s+(?:you|we|they|he|she|it)(?:'\w+)?\b|in\s+order\s+to)")


def find_due(sentence: str, meeting_date: dt.date, language: str = "fr") -> DueMatch | None:
    """The most specific due-date expression in ``sentence`` (first one on ties), or None."""
    found = _matches(sentence, meeting_date, language)
    purpose = _PURPOSE.search(sentence)
    if purpose is not None and any(p[0].start < purpose.start() for p in found):
        found = [p for p in found if p[0].start < purpose.start()]  # "by the end of March, so you've got a week before the 7th"
    if not found:
        chained = chained_delay(sentence, language)
        return DueMatch(sentence[chained.start : chained.end], chained.start, chained.end, None) if chained else None
    best = max(found, key=lambda p: (p[0].date is not None, p[1], -p[0].start))[0]
    chain = chained_delay(sentence, language)
    if chain is not None and (best.date is None or _DELAY.fullmatch(_fold(best.text)[0].strip())):
        # "sous 48 heures après réception": counted from another event, never from the meeting
        start = min(best.start, chain.start) if _DELAY.fullmatch(_fold(best.text)[0].strip()) else chain.start
        return DueMatch(sentence[start : chain.end], start, chain.end, None)
    return best


_BARE_DAY = re.compile(r"(?i)le\s+\d{1,2}(?:er)?")


#: a speaker taking back what they just said (« Ah non, lundi c'est férié. Mardi, alors. »)
_SELF_CORRECTION = re.compile(r"(?i)\b(?:ah|oh|euh)\s+non\b|\bnon,?\s+(?:pardon|attendez|attends)\b|\bpardon\b|\benfin\s+non\b"
                              r"|\bje\s+(?:me\s+trompe|dis\s+une\s+b[eê]tise)\b|\bsorry\b|\bno,?\s+wait\b|\bactually,?\s+no\b")


def in_context(due: DueMatch | None, context: str, meeting_date: dt.date, language: str = "fr") -> DueMatch | None:
    """The day of ``due`` read in the line around it: a day the speaker corrects to, later in the line (« Je vous
    l'envoie lundi. Ah non, lundi c'est férié. Mardi, alors. Mardi 26. »); and a day of the month alone takes its
    month from a full date of that day said around it (« Le 8 octobre. Je présente le dossier le 8. »), where
    alone it would be the next 8th."""
    if due is None or due.date is None:
        return due
    at = context.find(due.text)
    fix = _SELF_CORRECTION.search(context, at + len(due.text)) if at >= 0 else None
    if fix is not None:
        later = [d for d in find_all_due(context[fix.end():], meeting_date, language)
                 if d.date is not None and d.date != due.date]  # the wrong day said again: « lundi c'est férié »
        if later:
            last = later[-1]  # the words from the first day to the corrected one, verbatim (« lundi, pardon, mardi »)
            return DueMatch(context[at : fix.end() + last.end], due.start, due.end, last.date, last.time, last.latest)
    if not _BARE_DAY.fullmatch(due.text):
        return due
    fuller = next((d for d in find_all_due(context, meeting_date, language)
                   if d.date is not None and d.date.day == due.date.day and not _BARE_DAY.fullmatch(d.text)), None)
    return due if fuller is None else DueMatch(due.text, due.start, due.end, fuller.date, due.time, due.latest)


def spoken_time(due_text: str | None, meeting_date: dt.date, language: str = "fr") -> TimeSpan | None:
    """The time of day in ``due_text``: digits first ("10h15"), else the words the due-date parser reads
    ("jeudi à dix heures et quart" -> 10:15), so the calendar and the due date never disagree."""
    span = due_time(due_text)
    if span is not None or not due_text:
        return span
    found = find_due(due_text, meeting_date, language)
    return TimeSpan(found.time) if found is not None and found.time is not None else None


def resolve_due(text: str, meeting_date: dt.date, language: str = "fr") -> dt.date | None:
    """Resolve an already isolated expression ("vendredi", "d'ici fin novembre")."""
    m = find_due(text, meeting_date, language)
    return m.date if m else None
