"""Deterministic due-date resolution for spoken French (first) and English.

Everything is relative to the meeting date (never today's date) and driven by
a table of regexes, so the same sentence always gives the same date.

Conventions (a due date is the *latest* day the speaker allowed):

* Bare weekday ("vendredi", "by Friday"), "vendredi prochain" and "next Friday":
  the next occurrence strictly after the meeting day. "ce vendredi"/"this Friday":
  the one of the meeting week if not past, else the next one. "vendredi en huit":
  next occurrence + 7 days; "mardi de la semaine prochaine": Tuesday of next week.
* Week periods resolve to Friday ("fin de semaine", "cette semaine", "la semaine
  prochaine", "semaine 50"/"S50" = Friday of ISO week 50); "début de semaine
  prochaine" = Monday, "milieu de semaine prochaine" = Wednesday.
* Month periods: "fin X" = last day, "mi-X" = 15th, "début X" = first business
  day (Mon-Fri, skipping French public holidays: `summarizer.workdays`),
  "courant X" = last day; "le mois prochain" = last day of next month.
* Quarters ("T1", "Q1", "premier trimestre") = last day of the quarter; half years
  ("premier semestre", "H1") = 30 June / 31 December; "fin d'année" = 31 December.
* Durations are calendar arithmetic: "dans 3 jours" = +3, "sous 48h" = +2 days
  (hours // 24), "J+7" = +7, "dans 2 semaines" = +14, "dans 3 mois" = same day
  3 months later. French idiom: "huit jours" = 7 days, "quinze jours" = 14 days.
  "jours ouvrés"/"business days" skip weekends and French public holidays.
* "d'ici/avant/pour Noël" = 24 December; "à Noël" = 25 December.
* A date without a year that falls before the meeting rolls to the next year,
  except within the 60 days before the meeting, where it is read as a reference
  to the recent past ("fin octobre" said on 18 November) and not matched.
  An explicit past year ("en 2024", "le 3 mars 2025") is never a due date.
* Numeric dates are day/month; in English, month/day only when day/month is
  impossible ("12/25").
* Times ("10h30", "à 14 h", "9h-9h45" -> 9:00, "at 3pm", "midi") are kept only
  when attached to a day-precise expression. "ce soir"/"demain matin" carry no
  time. A time alone is not a due date.
* "le lundi" alone ("il couvre le samedi et le dimanche") is a habit, not a day;
  "pour le lundi" and "le lundi 23" are days. "Noël"/"Christmas" need a cue
  ("d'ici Noël", "by Christmas"): "notre bière de Noël" is not a deadline.
* find_due ranks: explicit date > day > week > month > quarter/year; an attached
  time adds one step; the first one wins a tie.
* Vague words ("bientôt", "rapidement", "dès que possible", "l'année prochaine")
  never match: nothing is guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from summarizer.workdays import add_business_days, first_business_day

__all__ = ["ChainedDelay", "DueMatch", "chain_date", "chained_delay", "find_all_due", "find_due", "resolve_due"]

@dataclass(frozen=True)
class DueMatch:
    """A temporal expression found in a sentence, with its resolved day."""

    text: str
    start: int
    end: int
    date: dt.date | None
    time: dt.time | None = None


class _Flag(enum.Enum):
    PAST = "past"  # clearly refers to the past: blocks the span, never returned
    INVALID = "invalid"  # a date was said but does not exist (31 février)
    NOMATCH = "nomatch"  # the regex fired but the context says it is not a date


# Ranks: higher is more specific (find_due keeps the most specific expression).
EXACT, DAY, WEEK, MONTH, COARSE = 5, 4, 3, 2, 1
_RECENT_PAST_DAYS = 60


# --------------------------------------------------------------------------- calendar helpers


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


# --------------------------------------------------------------------------- vocabulary

_FR_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
             "onze", "douze", "treize", "quatorze", "quinze", "seize"]
_FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _fr_word(n: int) -> str:
    if n <= 16:
        return _FR_UNITS[n]
    if n < 20:
        return "dix-" + _FR_UNITS[n - 10]
    if n < 70:
        t, u = divmod(n, 10)
        return _FR_TENS[t] + ("" if u == 0 else "-et-un" if u == 1 else "-" + _FR_UNITS[u])
    if n < 80:
        return "soixante-" + ("et-onze" if n == 71 else _fr_word(n - 60))
    if n == 80:
        return "quatre-vingts"
    return "quatre-vingt-" + _fr_word(n - 80)


_EN_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty",
            9: "ninety"}
_EN_ORD = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
           "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
           "seventeenth", "eighteenth", "nineteenth", "twentieth"]


def _en_word(n: int) -> str:
    if n < 20:
        return _EN_ONES[n]
    t, u = divmod(n, 10)
    return _EN_TENS[t] + ("" if u == 0 else "-" + _EN_ONES[u])


def _en_ordinal(n: int) -> str:
    if n <= 20:
        return _EN_ORD[n]
    if n == 30:
        return "thirtieth"
    return _EN_TENS[n // 10] + "-" + _EN_ORD[n % 10]


_WORDS: dict[str, int] = {}
for _n in range(1, 100):
    _WORDS[_fr_word(_n)] = _n
    _WORDS[_en_word(_n)] = _n
for _n in range(1, 32):
    _WORDS[_en_ordinal(_n)] = _n
_WORDS.update({"une": 1, "quatre-vingt": 80, "premier": 1, "a": 1, "an": 1, "a-couple-of": 2})


def _alt(words: list[str]) -> str:
    """Regex alternation, longest first, hyphen or space between word parts."""
    parts = sorted(set(words), key=len, reverse=True)
    return "|".join(r"[-\s]".join(re.escape(p) for p in w.split("-")) for w in parts)


_FR_NUM_WORDS = _alt([_fr_word(n) for n in range(1, 100)] + ["une", "quatre-vingt"])
_EN_NUM_WORDS = _alt([_en_word(n) for n in range(1, 100)] + ["a-couple-of", "an", "a"])
_NUM_FR = rf"(?:(?<![\d.,])\d{{1,3}}(?![\d.,])|{_FR_NUM_WORDS})"
_NUM_EN = rf"(?:(?<![\d.,])\d{{1,3}}(?![\d.,])|{_EN_NUM_WORDS})"
_DAYNUM = r"(?<![\d.,/])(?:[12]\d|3[01]|0?[1-9])"
_DAY_FR = rf"(?:{_DAYNUM}(?:er|re)?|premier|{_alt([_fr_word(n) for n in range(2, 32)])})"
_DAY_EN = rf"(?:{_DAYNUM}(?:st|nd|rd|th)?|{_alt([_en_ordinal(n) for n in range(1, 32)])})"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"

_WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
             "dimanche": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6}
_WD_FR = "(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_WD_EN = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

_MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10,
    "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9,
    "october": 10, "november": 11, "december": 12,
}
_MON_FR = ("(?:janvier|janv|fevrier|fevr|fev|mars|avril|avr|mai|juin|juillet|juil|aout|septembre|sept"
           "|octobre|oct|novembre|nov|decembre|dec)")
_MON_EN = ("(?:january|february|march|april|(?-i:May)|june|july|august|september|october|november"
           "|december|jan|feb|apr|jun|jul|aug|sept|sep|oct|nov|dec)")

_PREFIX = {  # due cues kept in the matched text ("d'ici vendredi", "by Friday")
    "fr": r"au\s+plus\s+tard(?:\s+pour)?|d'ici(?:\s+a)?|avant|pour|jusqu'(?:a|au)|des",
    "en": r"by|before|until|till|no\s+later\s+than|on|for|due",
}
_SUFFIX = (r"(?:\s*,?\s*(?:au\s+plus\s+tard|dernier\s+delai|grand\s+maximum|at\s+the\s+latest)"
           # not when "au plus tard" opens the next expression ("..., au plus tard fin du mois")
           r"(?!\s+(?:\d|fin|debut|mi|le|la|l'|ce|cet|cette|demain|apres|dans|sous|en|pour"
           r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|j\s?\+)))?")
_DAYPART_FR = (r"(?:\s+(?:matin|soir|(?:dans\s+l'|en\s+|l')?apres[-\s]midi|(?:en\s+)?fin\s+de\s+"
               r"(?:journee|matinee)|dans\s+la\s+(?:journee|matinee)|en\s+matinee))?")
_DAYPART_EN = (r"(?:\s+(?:morning|afternoon|evening|night|(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?"
               r"(?:day|business)|eod|cob))?")
# After a day number: not a time, a quantity or a counted noun ("pour le 12 camions").
_NOT_TIME = (r"(?!\s*(?:h(?!\w)|heures?|:\d|%|€|\$|[.,]\d|k€|m€|euros?|fois|jours?|semaines?|mois|ans?"
             r"|minutes?|annees?|camions?|sites?|personnes?|licences?|utilisateurs?|postes?|clients?"
             r"|pages?|modeles?|dossiers?|exemplaires?|unites?|lignes?|pieces?|points?|pour\s*cent|millions?"
             r"|milliers?|mille|cents?|salaries?|collaborateurs?|agences?|magasins?|depots?|tickets?|users?)(?!\w))")


def _num(s: str) -> int | None:
    s = re.sub(r"[-\s]+", "-", s.strip().lower())
    if s.isdigit():
        return int(s)
    return _WORDS.get(s)


def _day(s: str) -> int | None:
    s = s.strip().lower()
    s = re.sub(r"^(\d+)(?:er|re|st|nd|rd|th)$", r"\1", s)
    return _num(s)


def _month(s: str) -> int:
    return _MONTHS[s.strip().lower().rstrip(".")]


# --------------------------------------------------------------------------- rule table


@dataclass(frozen=True)
class _Ctx:
    meeting: dt.date


_Resolver = Callable[["re.Match[str]", _Ctx], "dt.date | _Flag"]


@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    resolve: _Resolver
    rank: int
    langs: frozenset[str]


def _gd(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _has_cue(m: re.Match[str]) -> bool:
    """True when a due cue (d'ici, avant, by...) precedes the body."""
    return m.start("body") > m.start()


def _yearless(ctx: _Ctx, build: Callable[[int], dt.date | None], base: int | None = None) -> dt.date | _Flag:
    """Resolve a date said without a year: roll to next year unless it is the recent past."""
    y = ctx.meeting.year if base is None else base
    d = build(y)
    if d is not None and d >= ctx.meeting:
        return d
    if d is not None and (ctx.meeting - d).days <= _RECENT_PAST_DAYS:
        return _Flag.PAST
    nxt = build(y + 1)
    return nxt if nxt is not None else _Flag.INVALID


def _with_year(ctx: _Ctx, m: re.Match[str], build: Callable[[int], dt.date | None]) -> dt.date | _Flag:
    y = _gd(m, "year")
    if y:
        d = build(int(y))
        return d if d is not None else _Flag.INVALID
    return _yearless(ctx, build)


def _period_in_month(kind: str, y: int, mo: int) -> dt.date:
    k = kind.lower().replace("-", " ").split()[-1] if kind else "fin"
    if k in ("debut", "beginning", "start", "early"):
        return first_business_day(y, mo)
    if k in ("mi", "milieu", "mid", "middle"):
        return dt.date(y, mo, 15)
    return _month_end(y, mo)


def _period_kind(kind: str | None) -> str:
    if not kind:
        return "end"
    k = kind.lower()
    if any(w in k for w in ("debut", "beginning", "start", "early")):
        return "start"
    if any(w in k for w in ("mi", "milieu", "mid")):
        return "mid"
    return "end"


# ---- resolvers


def _r_today(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    return ctx.meeting


def _r_tomorrow(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    w = m.group("which").lower()
    after = "apres" in w or "after" in w
    return ctx.meeting + dt.timedelta(days=2 if after else 1)


def _r_weekday(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    wd = _WEEKDAYS[m.group("wd").lower()]
    this = (_gd(m, "this") or "").lower()
    mod = re.sub(r"\s+", " ", (_gd(m, "mod") or "").lower())
    nxt = _next_weekday(ctx.meeting, wd)
    if "huit" in mod or mod == "week":
        return nxt + dt.timedelta(days=7)
    if "quinze" in mod:
        return nxt + dt.timedelta(days=14)
    if "prochaine" in mod or "next week" in mod:
        return _week_day(ctx.meeting, wd, 1)
    if this or "cette" in mod or "this week" in mod:
        same = _week_day(ctx.meeting, wd)
        if same >= ctx.meeting:
            return same
        return _Flag.PAST if mod else nxt
    return nxt


def _day_only(ctx: _Ctx, day: int, wd: int | None) -> dt.date | _Flag:
    d0 = _mk(ctx.meeting.year, ctx.meeting.month, day)
    if d0 is not None and d0 >= ctx.meeting:
        return d0
    if d0 is not None and wd is not None and d0.weekday() == wd:
        return _Flag.PAST
    cur = ctx.meeting.replace(day=1)
    for _ in range(12):
        cur = _add_months(cur, 1)
        d = _mk(cur.year, cur.month, day)
        if d is not None:
            return d
    return _Flag.INVALID


def _r_wd_day(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    day = _day(m.group("day"))
    if day is None or not 1 <= day <= 31:
        return _Flag.NOMATCH
    wd = _gd(m, "wd")
    return _day_only(ctx, day, _WEEKDAYS[wd.lower()] if wd else None)


def _r_day_month(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    day = _day(m.group("day"))
    if day is None or not 1 <= day <= 31:
        return _Flag.NOMATCH
    mo = _month(m.group("mon"))
    return _with_year(ctx, m, lambda y: _mk(y, mo, day))


def _r_iso(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    d = _mk(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return d if d is not None else _Flag.INVALID


def _dm_order(a: int, b: int, ctx_lang_en: bool) -> tuple[int, int]:
    if ctx_lang_en and a <= 12 < b:
        return b, a
    return a, b


def _make_numeric(lang_en: bool) -> _Resolver:
    def resolve(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
        a, b = int(m.group("d")), int(m.group("m"))
        day, mo = _dm_order(a, b, lang_en)
        y = _gd(m, "y")
        if y is not None:
            if m.group("sep") != "/" and len(y) != 4:
                return _Flag.NOMATCH
            year = int(y) + (2000 if len(y) == 2 else 0)
            d = _mk(year, mo, day)
            return d if d is not None else _Flag.INVALID
        if not (1 <= mo <= 12 and 1 <= day <= 31):
            return _Flag.NOMATCH
        return _yearless(ctx, lambda yy: _mk(yy, mo, day))

    return resolve


def _r_j_plus(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    return ctx.meeting + dt.timedelta(days=int(m.group("n")))


def _r_duration(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    idiom = (_gd(m, "idiom") or "").lower()
    if idiom:
        return ctx.meeting + dt.timedelta(days={"huitaine": 7, "quinzaine": 14, "fortnight": 14}[idiom])
    n = _num(m.group("n"))
    if n is None:
        return _Flag.NOMATCH
    unit = m.group("unit").lower()
    if unit.startswith(("h", "heure")):
        return ctx.meeting + dt.timedelta(days=n // 24)
    if re.search(r"ouvr|business|working", unit):
        return add_business_days(ctx.meeting, n)
    if unit.startswith(("jour", "day")):
        if unit.startswith("jour") and n in (8, 15):
            n -= 1  # "huit jours" is a week, "quinze jours" a fortnight
        return ctx.meeting + dt.timedelta(days=n)
    if unit.startswith(("semaine", "week")):
        return ctx.meeting + dt.timedelta(days=7 * n)
    if unit.startswith(("mois", "month")):
        return _add_months(ctx.meeting, n)
    if unit.startswith(("an", "year")):
        return _add_months(ctx.meeting, 12 * n)
    return _Flag.NOMATCH


def _r_this_week(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    return max(_week_day(ctx.meeting, 4), ctx.meeting)


def _r_next_week(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    kind = _period_kind(_gd(m, "kind"))
    return _week_day(ctx.meeting, {"start": 0, "mid": 2, "end": 4}[kind], 1)


def _r_iso_week(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    n = _num(_gd(m, "n") or _gd(m, "n2") or "")
    if n is None or not 1 <= n <= 53:
        return _Flag.NOMATCH
    iso_year = ctx.meeting.isocalendar()[0]
    res = _yearless(ctx, lambda y: _iso_friday(y, n), base=iso_year)
    return res


def _r_week_of(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    day = _day(m.group("day"))
    if day is None or not 1 <= day <= 31:
        return _Flag.NOMATCH
    mon = _gd(m, "mon")
    if mon:
        mo = _month(mon)
        res = _with_year(ctx, m, lambda y: _mk(y, mo, day))
    else:
        res = _day_only(ctx, day, None)
    if isinstance(res, _Flag):
        return res
    return max(_week_day(res, 4), ctx.meeting)


def _r_this_month(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    return _month_end(ctx.meeting.year, ctx.meeting.month)


def _r_next_month(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    nm = _add_months(ctx.meeting.replace(day=1), 1)
    return _period_in_month({"start": "debut", "mid": "mi", "end": "fin"}[_period_kind(_gd(m, "kind"))],
                            nm.year, nm.month)


def _r_month_period(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    mo = _month(m.group("mon"))
    kind = {"start": "debut", "mid": "mi", "end": "fin"}[_period_kind(m.group("kind"))]
    return _with_year(ctx, m, lambda y: _period_in_month(kind, y, mo))


def _r_year_end(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    return dt.date(ctx.meeting.year, 12, 31)


def _r_year_period(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    y = int(m.group("year"))
    kind = _period_kind(m.group("kind"))
    if kind == "start":
        return first_business_day(y, 1)
    if kind == "mid":
        return dt.date(y, 6, 30)
    return dt.date(y, 12, 31)


def _r_past_year(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    return _Flag.PAST if int(m.group("year")) < ctx.meeting.year else _Flag.NOMATCH


def _r_past(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    return _Flag.PAST


def _r_black_friday(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    """Black Friday: the day after the fourth Thursday of November; Cyber Monday three days later."""
    shift = 1 if "black" in m.group("which").lower() else 4

    def build(y: int) -> dt.date:
        first_thu = _next_weekday(dt.date(y, 10, 31), 3)
        return first_thu + dt.timedelta(days=21 + shift)

    return _yearless(ctx, build)


def _r_christmas(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    whole = m.group(0).lower()
    day = 24 if re.match(r"(d'ici|avant|pour|by|before|until|for)\b", whole) else 25
    return _yearless(ctx, lambda y: dt.date(y, 12, day))


_Q_WORDS = {"premier": 1, "1er": 1, "first": 1, "1st": 1, "deuxieme": 2, "2e": 2, "2eme": 2, "second": 2,
            "2nd": 2, "troisieme": 3, "3e": 3, "3eme": 3, "third": 3, "3rd": 3, "quatrieme": 4, "4e": 4,
            "4eme": 4, "fourth": 4, "4th": 4}


def _r_quarter(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    q_short = _gd(m, "q")
    lead = (_gd(m, "lead") or "").lower()
    if q_short and not (lead or _gd(m, "year") or _has_cue(m)):
        return _Flag.NOMATCH  # "un T1", "S3": not a quarter without a cue
    q = int(q_short[1]) if q_short else _Q_WORDS[m.group("qw").lower()]
    start = _period_kind(lead) == "start"

    def build(y: int) -> dt.date:
        return first_business_day(y, 3 * q - 2) if start else _month_end(y, 3 * q)

    return _with_year(ctx, m, build)


def _r_half(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    h = m.group("h").lower()
    first = h in ("premier", "1er", "first", "1st", "h1")
    return _with_year(ctx, m, lambda y: dt.date(y, 6, 30) if first else dt.date(y, 12, 31))


def _r_this_quarter(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    q = (ctx.meeting.month - 1) // 3 + 1
    return _month_end(ctx.meeting.year, 3 * q)


def _r_next_quarter(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    q = (ctx.meeting.month - 1) // 3 + 1
    first = _add_months(dt.date(ctx.meeting.year, 3 * q - 2, 1), 3)
    if _period_kind(_gd(m, "kind")) == "start":
        return first_business_day(first.year, first.month)
    return _month_end(first.year, first.month + 2)


# ---- table

_FR, _EN, _BOTH = frozenset({"fr"}), frozenset({"en"}), frozenset({"fr", "en"})


def _rule(name: str, body: str, resolve: _Resolver, rank: int, langs: frozenset[str],
          prefix: bool = True) -> _Rule:
    if prefix:
        pre = "(?:(?:" + "|".join(_PREFIX[lang] for lang in sorted(langs)) + r")\s+)?"
    else:
        pre = ""
    regex = re.compile(rf"(?<!\w){pre}(?P<body>{body}){_SUFFIX}(?!\w)", re.IGNORECASE)
    return _Rule(name, regex, resolve, rank, langs)


_KIND_FR = r"(?P<kind>debut|fin|milieu|mi|courant)"
_KIND_EN = r"(?P<kind>end|beginning|start|middle|early|late|mid)"
_NEXT_FR = r"(?:prochaine?|suivante?|d'apres)"

_RULES: list[_Rule] = [
    # --- past references: they block their span (never a due date)
    _rule("past_fr",
          r"(?:avant[-\s])?hier(?:\s+(?:matin|soir|apres[-\s]midi))?|ce\s+matin"
          r"|(?:(?:la\s+)?(?:fin|debut|milieu)\s+de\s+)?la\s+semaine\s+(?:derniere|passee|d'avant|precedente)"
          r"|(?:(?:la\s+)?(?:fin|debut|milieu)\s+du\s+|le\s+)?mois\s+(?:dernier|passe|precedent)"
          r"|(?:(?:la\s+)?(?:fin|debut)\s+de\s+)?l'(?:an|annee)\s+(?:derniere?|passee?)"
          r"|(?:le\s+)?trimestre\s+(?:dernier|passe|precedent)"
          rf"|(?:le\s+)?{_WD_FR}\s+(?:dernier|passe)(?!\s+delai)"
          rf"|il\s+y\s+a\s+(?:(?:{_NUM_FR}|quelques|plusieurs)\s+)?"
          r"(?:jours?|semaines?|mois|ans?|annees?|heures?|minutes?|temps|peu)",
          _r_past, 0, _FR, prefix=False),
    _rule("past_en",
          r"(?:the\s+day\s+before\s+)?yesterday(?:\s+(?:morning|afternoon|evening))?|this\s+morning"
          rf"|last\s+(?:week|month|year|quarter|night|{_WD_EN})|earlier\s+this\s+(?:week|month|year)"
          r"|(?:the\s+)?(?:end|beginning|start)\s+of\s+last\s+(?:week|month|year|quarter)"
          rf"|(?:{_NUM_EN}|a\s+few|several)\s+(?:hours?|days?|weeks?|months?|years?)\s+ago",
          _r_past, 0, _EN, prefix=False),
    # "il couvre le samedi et le dimanche": an habit, not a day (but "pour le lundi" is a day)
    _rule("habitual_fr",
          rf"(?<!pour\s)(?<!ici\s)(?<!avant\s)(?<!jusqu'au\s)(?:le|les|tous\s+les)\s+{_WD_FR}s?{_DAYPART_FR}"
          r"(?!\s*(?:\d|prochain|premier|en\s+(?:huit|quinze)|de\s+(?:la|cette)\s+semaine))",
          _r_past, 0, _FR, prefix=False),
    _rule("past_year_fr", rf"en\s+{_YEAR}", _r_past_year, 0, _FR, prefix=False),
    _rule("past_year_en", rf"in\s+{_YEAR}", _r_past_year, 0, _EN, prefix=False),
    # --- today
    _rule("today_fr",
          r"aujourd'?\s*hui|ce\s+soir|cet\s+apres[-\s]midi|ce\s+midi|dans\s+la\s+(?:journee|soiree)"
          r"|(?:en\s+|la\s+)?fin\s+de\s+(?:la\s+)?(?:journee|matinee)|dans\s+l'heure",
          _r_today, DAY, _FR),
    _rule("today_en",
          r"today|tonight|this\s+(?:afternoon|evening)|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|business)"
          r"|eod|cob|close\s+of\s+business|within\s+the\s+hour",
          _r_today, DAY, _EN),
    # --- tomorrow
    _rule("tomorrow_fr", rf"(?P<which>apres[-\s]demain|demain){_DAYPART_FR}", _r_tomorrow, DAY, _FR),
    _rule("tomorrow_en", rf"(?P<which>the\s+day\s+after\s+tomorrow|tomorrow){_DAYPART_EN}",
          _r_tomorrow, DAY, _EN),
    # --- weekdays
    _rule("weekday_fr",
          rf"(?:(?P<this>ce)\s+|le\s+)?(?P<wd>{_WD_FR})(?:\s+(?P<mod>prochain|en\s+huit|en\s+quinze"
          rf"|(?:de\s+)?la\s+semaine\s+{_NEXT_FR}|(?:de\s+)?cette\s+semaine))?{_DAYPART_FR}",
          _r_weekday, DAY, _FR),
    _rule("weekday_en",
          rf"(?:(?P<this>this|next|coming|the\s+coming)\s+)?(?P<wd>{_WD_EN})"
          rf"(?:\s+(?P<mod>next\s+week|this\s+week|week))?{_DAYPART_EN}",
          _r_weekday, DAY, _EN),
    # --- explicit dates
    _rule("weekday_day_fr", rf"(?:le\s+)?(?P<wd>{_WD_FR})\s+(?P<day>{_DAYNUM}(?:er)?|premier){_NOT_TIME}",
          _r_wd_day, EXACT, _FR),
    _rule("cue_day_fr",
          rf"(?:(?:d'ici|avant|pour|au\s+plus\s+tard)\s+le|jusqu'au|d'ici\s+au)\s+(?P<day>{_DAYNUM}(?:er)?)"
          rf"{_NOT_TIME}(?!\s*/)",
          _r_wd_day, EXACT, _FR, prefix=False),
    _rule("weekday_day_en",
          rf"(?P<wd>{_WD_EN}),?\s+(?:the\s+(?P<day>{_DAY_EN})|(?P<day2>{_DAYNUM}(?:st|nd|rd|th)))",
          lambda m, ctx: _r_wd_day_en(m, ctx), EXACT, _EN),
    _rule("cue_day_en", rf"(?:by|before|until|on)\s+the\s+(?P<day>{_DAY_EN})(?!\s+(?:of\s+)?{_MON_EN})",
          _r_wd_day, EXACT, _EN, prefix=False),
    _rule("day_month_fr",
          rf"(?:(?:le\s+)?{_WD_FR}\s+)?(?:le\s+)?(?P<day>{_DAY_FR})\s+(?P<mon>{_MON_FR})(?:\s+{_YEAR})?",
          _r_day_month, EXACT, _FR),
    _rule("day_month_en",
          rf"(?:{_WD_EN},?\s+)?(?:the\s+)?(?P<day>{_DAY_EN})\s+(?:of\s+)?(?P<mon>{_MON_EN})(?:,?\s+{_YEAR})?",
          _r_day_month, EXACT, _EN),
    _rule("month_day_en",
          rf"(?:{_WD_EN},?\s+)?(?P<mon>{_MON_EN})\s+(?:the\s+)?(?P<day>{_DAY_EN})(?:,?\s+{_YEAR})?",
          _r_day_month, EXACT, _EN),
    _rule("iso", r"(?<![\d/.-])(?P<y>(?:19|20)\d{2})-(?P<m>0?[1-9]|1[0-2])-(?P<d>0?[1-9]|[12]\d|3[01])(?![\d-])",
          _r_iso, EXACT, _BOTH),
    _rule("dmy_fr",
          rf"(?:(?:le|du|au)\s+)?(?:{_WD_FR}\s+)?(?<![\d/.,-])(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})"
          r"(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|[.,-]\d)",
          _make_numeric(False), EXACT, _FR),
    _rule("dmy_en",
          rf"(?:(?:the)\s+)?(?:{_WD_EN},?\s+)?(?<![\d/.,-])(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})"
          r"(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|[.,-]\d)",
          _make_numeric(True), EXACT, _EN),
    _rule("dm_fr",
          rf"(?:jusqu'au|le|au|du|{_WD_FR})\s+(?<![\d/.,-])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?![\d/]|[.,]\d)",
          _make_numeric(False), EXACT, _FR),
    _rule("dm_en",
          rf"(?:by|on|before|until|the|{_WD_EN},?)\s+(?<![\d/.,-])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})"
          r"(?![\d/]|[.,]\d)",
          _make_numeric(True), EXACT, _EN, prefix=False),
    _rule("christmas_fr", r"(?:(?:d'ici|avant|pour|a|jusqu'a)\s+)noel", _r_christmas, DAY, _FR, prefix=False),
    _rule("christmas_en", r"(?:(?:by|before|for|at|until)\s+)christmas(?:\s+day)?", _r_christmas, DAY, _EN,
          prefix=False),
    _rule("black_friday", r"(?P<which>black\s+friday|cyber\s+monday)", _r_black_friday, DAY, _BOTH),
    # --- relative durations
    _rule("j_plus", r"(?-i:J)\s?\+\s?(?P<n>\d{1,3})", _r_j_plus, DAY, _BOTH),
    _rule("days_fr",
          rf"(?:(?:dans|d'ici|sous|en\s+moins\s+de)\s+(?:les\s+)?(?P<n>{_NUM_FR})\s*"
          r"(?P<unit>heures?|h|jours?(?:\s+(?:ouvres?|ouvrables?|calendaires?))?)"
          r"|sous\s+(?P<idiom>huitaine|quinzaine)|dans\s+une\s+(?P<idiom2>huitaine|quinzaine)(?:\s+de\s+jours)?)",
          lambda m, ctx: _r_duration_idiom2(m, ctx), DAY, _FR),
    _rule("days_en",
          rf"(?:(?:in|within|in\s+the\s+next)\s+(?P<n>{_NUM_EN})\s*(?P<unit>hours?|hrs?|h|days?"
          r"|business\s+days?|working\s+days?)(?:'?\s*time)?"
          rf"|(?P<n2>{_NUM_EN})\s+(?P<unit2>days?|business\s+days?|working\s+days?)\s+from\s+(?:now|today)"
          r"|(?:in|within)\s+a\s+(?P<idiom>fortnight))",
          lambda m, ctx: _r_duration_en(m, ctx), DAY, _EN),
    _rule("weeks_fr", rf"(?:dans|d'ici|sous)\s+(?:les\s+)?(?P<n>{_NUM_FR})\s+(?P<unit>semaines?)",
          _r_duration, WEEK, _FR),
    _rule("weeks_en",
          rf"(?:(?:in|within|in\s+the\s+next)\s+(?P<n>{_NUM_EN})\s+(?P<unit>weeks?)(?:'?\s*time)?"
          rf"|(?P<n2>{_NUM_EN})\s+(?P<unit2>weeks?)\s+from\s+(?:now|today))",
          lambda m, ctx: _r_duration_en(m, ctx), WEEK, _EN),
    _rule("months_fr", rf"(?:dans|d'ici|sous)\s+(?:les\s+)?(?P<n>{_NUM_FR})\s+(?P<unit>mois|ans?)",
          _r_duration, MONTH, _FR),
    _rule("months_en",
          rf"(?:(?:in|within|in\s+the\s+next)\s+(?P<n>{_NUM_EN})\s+(?P<unit>months?|years?)(?:'?\s*time)?"
          rf"|(?P<n2>{_NUM_EN})\s+(?P<unit2>months?)\s+from\s+(?:now|today))",
          lambda m, ctx: _r_duration_en(m, ctx), MONTH, _EN),
    # --- weeks
    _rule("this_week_fr",
          r"(?:(?:en|la|a\s+la)\s+)?fin\s+de\s+(?:la\s+|cette\s+)?semaine(?!\s+(?:prochaine|suivante|d'apres"
          r"|derniere|passee|\d))|cette\s+semaine|dans\s+la\s+semaine",
          _r_this_week, WEEK, _FR),
    _rule("this_week_en",
          r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week|(?:later\s+)?this\s+week|eow",
          _r_this_week, WEEK, _EN),
    _rule("next_week_fr",
          rf"(?:(?:en|au|a\s+la|la)\s+)?(?:{_KIND_FR}(?:\s+de|\s*-)?\s*)?(?:la\s+)?semaine\s+{_NEXT_FR}",
          _r_next_week, WEEK, _FR),
    _rule("next_week_en",
          rf"(?:(?:the\s+)?{_KIND_EN}(?:\s+of|\s*-)?\s+)?(?:the\s+)?(?:next|following)\s+week",
          _r_next_week, WEEK, _EN),
    _rule("iso_week_fr",
          rf"(?:(?:en|la|pour\s+la)\s+)?semaine\s+(?:n(?:°|o)?\s*)?(?P<n>\d{{1,2}}|{_FR_NUM_WORDS})"
          rf"(?![\d/.,]){_NOT_TIME}(?!\s+(?:du|de|des|d')\s)|(?-i:S)(?P<n2>\d{{2}})(?!\d)",
          _r_iso_week, WEEK, _FR),
    _rule("iso_week_en", r"(?:the\s+)?(?:week|wk|cw)\s*(?:no\.?\s*|#\s*)?(?P<n>\d{1,2})(?![\d/.,])"
          r"(?!\s+(?:of|hours?|days?|weeks?)\b)|(?-i:C?W)(?P<n2>\d{2})(?!\d)",
          _r_iso_week, WEEK, _EN),
    _rule("week_of_fr",
          rf"(?:la\s+)?semaine\s+du\s+(?P<day>{_DAY_FR})(?:\s+(?P<mon>{_MON_FR})(?:\s+{_YEAR})?)?{_NOT_TIME}",
          _r_week_of, WEEK, _FR),
    _rule("week_of_en",
          rf"(?:the\s+)?week\s+of\s+(?:(?P<mon>{_MON_EN})\s+(?P<day>{_DAY_EN})|(?:the\s+)?(?P<day2>{_DAY_EN})"
          rf"\s+(?:of\s+)?(?P<mon2>{_MON_EN}))(?:,?\s+{_YEAR})?",
          lambda m, ctx: _r_week_of_en(m, ctx), WEEK, _EN),
    # --- months
    _rule("this_month_fr",
          r"(?:(?:en|a\s+la|la)\s+)?fin\s+(?:du|de|de\s+ce)\s+mois(?:-ci)?"
          r"(?!\s+(?:prochain|suivant|d'apres|dernier|passe|de\s|d'))|ce\s+mois[-\s]ci",
          _r_this_month, MONTH, _FR),
    _rule("this_month_en",
          r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|month[-\s]end|this\s+month|eom",
          _r_this_month, MONTH, _EN),
    _rule("next_month_fr",
          rf"(?:(?:en|au|a\s+la|le|la|dans\s+le)\s+)?(?:{_KIND_FR}(?:\s+du|\s*-)?\s*)?mois\s+{_NEXT_FR}",
          _r_next_month, MONTH, _FR),
    _rule("next_month_en",
          rf"(?:(?:the\s+)?{_KIND_EN}(?:\s+of|\s*-)?\s+)?(?:the\s+)?(?:next|following)\s+month",
          _r_next_month, MONTH, _EN),
    _rule("month_period_fr",
          rf"(?:(?:en|a\s+la|au|dans\s+le|la)\s+)?{_KIND_FR}(?:\s*-\s*|\s+)"
          rf"(?:du\s+mois\s+(?:de\s+|d')|de\s+|d')?(?P<mon>{_MON_FR})(?:\s+{_YEAR})?",
          _r_month_period, MONTH, _FR),
    _rule("month_period_en",
          rf"(?:(?:in|at)\s+)?(?:the\s+)?{_KIND_EN}(?:\s+of\s+|\s*-\s*|\s+)(?P<mon>{_MON_EN})(?:,?\s+{_YEAR})?",
          _r_month_period, MONTH, _EN),
    # --- quarters, halves, years
    _rule("quarter_fr",
          r"(?:(?P<lead>au|en|fin\s+du|fin|debut\s+du|debut|courant|pour\s+le|le|la\s+fin\s+du"
          r"|a\s+la\s+fin\s+du)\s+)?(?:(?P<q>[TQ][1-4])|(?P<qw>premier|1er|deuxieme|2e|2eme|second"
          rf"|troisieme|3e|3eme|quatrieme|4e|4eme)\s+trimestre)(?:\s+{_YEAR})?",
          _r_quarter, COARSE, _FR),
    _rule("quarter_en",
          r"(?:(?P<lead>in|the\s+end\s+of|end\s+of|the\s+start\s+of|start\s+of|the\s+beginning\s+of"
          r"|beginning\s+of|early|late|during)\s+)?(?:(?P<q>Q[1-4])|(?:the\s+)?(?P<qw>first|second|third"
          rf"|fourth|1st|2nd|3rd|4th)\s+quarter)(?:\s+(?:of\s+)?{_YEAR})?",
          _r_quarter, COARSE, _EN),
    _rule("this_quarter_fr",
          r"(?:(?:la|en)\s+)?fin\s+(?:du|de)\s+trimestre(?!\s+(?:prochain|dernier|passe))|ce\s+trimestre",
          _r_this_quarter, COARSE, _FR),
    _rule("this_quarter_en", r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?quarter|this\s+quarter|eoq",
          _r_this_quarter, COARSE, _EN),
    _rule("next_quarter_fr",
          rf"(?:(?:le|au|en)\s+)?(?:{_KIND_FR}\s+du\s+)?trimestre\s+(?:prochain|suivant)",
          _r_next_quarter, COARSE, _FR),
    _rule("next_quarter_en", rf"(?:(?:the\s+)?{_KIND_EN}\s+of\s+)?(?:the\s+)?next\s+quarter",
          _r_next_quarter, COARSE, _EN),
    _rule("half_fr", rf"(?:(?:au|le)\s+)?(?P<h>premier|1er|second|deuxieme|2e|2eme)\s+semestre(?:\s+{_YEAR})?",
          _r_half, COARSE, _FR),
    _rule("half_en", rf"(?:(?:in|by)\s+)?(?:the\s+)?(?:(?P<h>first|second)\s+half|(?-i:(?P<hs>H[12])))"
          rf"(?:\s+(?:of\s+)?{_YEAR})?",
          lambda m, ctx: _r_half_en(m, ctx), COARSE, _EN, prefix=False),
    _rule("year_end_fr",
          r"(?:(?:a\s+la|en|la)\s+)?fin\s+(?:de\s+l'annee|d'annee|de\s+l'an|de\s+cette\s+annee)"
          r"(?!\s+(?:prochaine|derniere|passee|\d))",
          _r_year_end, COARSE, _FR),
    _rule("year_end_en", r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|year[-\s]end|eoy",
          _r_year_end, COARSE, _EN),
    _rule("year_period_fr",
          rf"(?:(?:a\s+la|en|la)\s+)?(?P<kind>fin|debut|mi|milieu)(?:\s*-\s*|\s+)(?:(?:de\s+)?l'annee\s+)?{_YEAR}",
          _r_year_period, COARSE, _FR),
    _rule("year_period_en",
          rf"(?:(?:in|at)\s+)?(?:the\s+)?(?P<kind>end|beginning|start|early|late|mid|middle)(?:\s+of)?"
          rf"(?:\s*-\s*|\s+){_YEAR}",
          _r_year_period, COARSE, _EN),
]


def _r_wd_day_en(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    day = _day(_gd(m, "day") or _gd(m, "day2") or "")
    if day is None or not 1 <= day <= 31:
        return _Flag.NOMATCH
    return _day_only(ctx, day, _WEEKDAYS[m.group("wd").lower()])


def _r_week_of_en(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    day = _day(_gd(m, "day") or _gd(m, "day2") or "")
    mon = _gd(m, "mon") or _gd(m, "mon2") or ""
    if day is None or not 1 <= day <= 31:
        return _Flag.NOMATCH
    mo = _month(mon)
    res = _with_year(ctx, m, lambda y: _mk(y, mo, day))
    if isinstance(res, _Flag):
        return res
    return max(_week_day(res, 4), ctx.meeting)


def _r_duration_idiom2(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    idiom = _gd(m, "idiom") or _gd(m, "idiom2")
    if idiom:
        return ctx.meeting + dt.timedelta(days=7 if idiom.lower() == "huitaine" else 14)
    return _r_duration(m, ctx)


def _r_duration_en(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    if _gd(m, "idiom"):
        return ctx.meeting + dt.timedelta(days=14)
    n = _num(_gd(m, "n") or _gd(m, "n2") or "")
    if n is None:
        return _Flag.NOMATCH
    unit = (_gd(m, "unit") or _gd(m, "unit2") or "").lower()
    if unit.startswith("h"):
        return ctx.meeting + dt.timedelta(days=n // 24)
    if re.search(r"business|working", unit):
        return add_business_days(ctx.meeting, n)
    if unit.startswith("day"):
        return ctx.meeting + dt.timedelta(days=n)
    if unit.startswith("week"):
        return ctx.meeting + dt.timedelta(days=7 * n)
    if unit.startswith("month"):
        return _add_months(ctx.meeting, n)
    return _add_months(ctx.meeting, 12 * n)


def _r_half_en(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    h = (_gd(m, "h") or _gd(m, "hs") or "").lower()
    first = h in ("first", "h1")
    if _gd(m, "hs") and not (_gd(m, "year") or re.match(r"(in|by)\b", m.group(0), re.IGNORECASE)):
        return _Flag.NOMATCH
    return _with_year(ctx, m, lambda y: dt.date(y, 6, 30) if first else dt.date(y, 12, 31))


# --------------------------------------------------------------------------- times


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


# --------------------------------------------------------------------------- matching


_FOLD = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2013": "-", "\u2014": "-",
         "\u2011": "-", "\u2010": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
         "\u00ba": "o"}


def _fold(s: str) -> tuple[str, list[int]]:
    """Accent-free copy of ``s`` plus, for each folded char, its index in ``s``."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(s):
        if unicodedata.combining(ch):
            continue  # decomposed accent: belongs to the previous char
        c = _FOLD.get(ch)
        if c is None:
            base = unicodedata.normalize("NFD", ch)[0]
            c = base if len(base) == 1 else ch
        out.append(c)
        idx.append(i)
    idx.append(len(s))
    return "".join(out), idx


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
            out.append(_Cand(m.start(), m.end(), rule.rank, d, past))
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
        dm = DueMatch(sentence[o_start:o_end], o_start, o_end, c.date, time)
        result.append((dm, c.rank + (1 if time else 0)))
    return result


def find_all_due(sentence: str, meeting_date: dt.date, language: str = "fr") -> list[DueMatch]:
    """Every due-date expression in ``sentence``, in order; past references are left out."""
    return [dm for dm, _ in _matches(sentence, meeting_date, language)]


def find_due(sentence: str, meeting_date: dt.date, language: str = "fr") -> DueMatch | None:
    """The most specific due-date expression in ``sentence`` (first one on ties), or None."""
    found = _matches(sentence, meeting_date, language)
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


def resolve_due(text: str, meeting_date: dt.date, language: str = "fr") -> dt.date | None:
    """Resolve an already isolated expression ("vendredi", "d'ici fin novembre")."""
    m = find_due(text, meeting_date, language)
    return m.date if m else None


# --- meeting dates given by the user ---------------------------------------------------------------

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


# --------------------------------------------------------------------------- chained dates

#: "sous 48 heures", "dans 2 jours ouvrés", "within 3 days": a delay, counted from some event
_DELAY = re.compile(
    r"(?:sous|dans|d'ici|en|within|in)\s+(?P<n>[\w-]+)\s+(?P<unit>heures?|h|jours?(?:\s+ouvr(?:e|a)s|\s+ouvrables)?|semaines?|"
    r"hours?|(?:business\s+|working\s+)?days?|weeks?)", re.IGNORECASE)
#: the event a delay hangs on: "après réception du contrat", "dès réception du devis", "once we receive the quote"
_CHAIN = re.compile(
    r"(?:(?:apres|a\s+compter\s+de|des|a)\s+(?:la\s+)?(?:reception|signature|validation|livraison)"
    r"|une\s+fois\s+(?:que\s+)?(?:(?:le|la|l'|les)\s*)?(?P<what2>[\w-]+)\s+(?:recue?s?|signee?s?|validee?s?|livree?s?)"
    r"|(?:after|upon|on)\s+(?:receiving|receipt|signature|signing|delivery)|once\s+(?:we|you|they|i)\s+(?:receive|get|sign)\w*)"
    r"(?:\s+(?:de\s+la|de\s+l'|du|des|de|d'|of\s+the|of|the))?\s*(?P<what>[\w-]+)?", re.IGNORECASE)


@dataclass(frozen=True)
class ChainedDelay:
    """A due date counted from another event: the delay, the thing awaited ("contrat"), where it was said."""

    days: int
    business: bool
    anchor: str | None
    start: int
    end: int


def chained_delay(sentence: str, language: str = "fr") -> ChainedDelay | None:
    """"sous quarante-huit heures après réception du contrat" -> 2 days after the contract; "dès réception du devis" -> 0."""
    folded, idx = _fold(sentence)
    chain = _CHAIN.search(folded)
    if chain is None:
        return None
    anchor = chain.group("what2") or chain.group("what")
    if anchor and anchor.lower() in {"de", "du", "des", "la", "le", "les", "the", "it", "them"}:
        anchor = None
    start, end = chain.start(), chain.end()
    days, business = 0, False
    delay = None
    for m in _DELAY.finditer(folded):
        if abs(m.end() - chain.start()) <= 3 or abs(chain.end() - m.start()) <= 3 or m.end() <= chain.start() <= m.end() + 12:
            delay = m
    if delay is not None:
        n = _num(delay.group("n"))
        if n is None:
            return None
        unit = delay.group("unit").lower()
        business = bool(re.search(r"ouvr|business|working", unit))
        days = n // 24 if unit.startswith(("h", "heure", "hour")) else 7 * n if unit.startswith(("semaine", "week")) else n
        start, end = min(start, delay.start()), max(end, delay.end())
    return ChainedDelay(days, business, anchor, idx[start], idx[end])


def chain_date(anchor_date: dt.date, delay: ChainedDelay) -> dt.date:
    """The awaited event's day plus the delay."""
    return add_business_days(anchor_date, delay.days) if delay.business else anchor_date + dt.timedelta(days=delay.days)
