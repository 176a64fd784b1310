"""The rule table: one regex per way of saying a due date, each with the function that resolves it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from summarizer.dates.arithmetic import _add_months, _iso_friday, _mk, _month_end, _next_weekday, _week_day
from summarizer.dates.types import _RECENT_PAST_DAYS, COARSE, DAY, EXACT, MONTH, WEEK, Period, _Flag
from summarizer.dates.vocabulary import (
    _DAY_EN,
    _DAY_FR,
    _DAYNUM,
    _DAYPART_EN,
    _DAYPART_FR,
    _FR_NUM_WORDS,
    _MON_EN,
    _MON_FR,
    _NOT_TIME,
    _NUM_EN,
    _NUM_FR,
    _PREFIX,
    _SUFFIX,
    _WD_EN,
    _WD_FR,
    _WEEKDAYS,
    _YEAR,
    _day,
    _month,
    _num,
)
from summarizer.workdays import add_business_days, first_business_day


@dataclass(frozen=True)
class _Ctx:
    meeting: dt.date


_Resolver = Callable[["re.Match[str]", _Ctx], "dt.date | Period | _Flag"]


@dataclass(frozen=True)
class _Rule:
    """A way of saying a due date. Its regex is compiled when first searched: a French call never compiles
    the English rules (half the table, a cold start's 30 ms), nor an English call the French ones."""

    name: str
    pattern: str
    resolve: _Resolver
    rank: int
    langs: frozenset[str]

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.IGNORECASE)


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


#: "aujourd'hui" / "today" as an adverb of the present, not a deadline: at the head of the clause
#: ("Aujourd'hui, on a 140 camions"), followed by its subject, its verb or an adverb of the present ("today we use
#: SAP", "la France aujourd'hui n'est plus entendue", « on se bat aujourd'hui en effet »), or the complement
#: of a noun or a state ("l'agenda d'aujourd'hui", "the rate card we use today", "for today")
_CLAUSE_HEAD = re.compile(r"(?:^|[,.;:!?]|\b(?:et|mais|donc|alors|and|but|so))\s*$", re.I)
_PRESENT_BEFORE = re.compile(r"(?:\b(?:c'est|qu'|d'|jusqu'|for|of|as of|"
                             r"use|using|utilise|utilisons|utilisez|have|avons|a|ont|est|sont|is|are))\s*$", re.I)
_PRESENT_AFTER = re.compile(r"^\s*(?:on|nous|je|j'|il|elle|ils|elles|c'|ça|ne|n'|est|sont|we|i|it|they|there|you|is|are|"
                            r"en effet|déjà|encore|toujours|même|indeed|already|still|even)\b", re.I)


#: « ce que je viens de vous dire tout à l'heure »: just done, with « tout à l'heure » meaning earlier
_JUST_DONE = re.compile(r"\b(?:viens|vient|venons|venez|viennent)\s+d")


def _sentence_before(m: re.Match[str]) -> str:
    """The words of the match's sentence before it, where a past tense would say it tells what was."""
    return re.split(r"[.;!?]", m.string[: m.start("body")])[-1]


def _r_today(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    if m.group("body").lower().startswith(("tout", "tantot")):
        sentence = _sentence_before(m)
        if _PAST_VERB.search(sentence) or _JUST_DONE.search(sentence):
            return _Flag.NOMATCH  # « les bêtises que vous avez dites tout à l'heure »: earlier in the call
    if m.group("body").lower().startswith(("aujourd", "today")):
        before, after = m.string[: m.start("body")], m.string[m.end("body") :]
        head = _CLAUSE_HEAD.search(before) and after.lstrip().startswith(",")
        if head or _PRESENT_BEFORE.search(before) or _PRESENT_AFTER.match(after):
            return _Flag.NOMATCH
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


#: a verb in the past (imperfect, or « avoir »/« être » and a participle) earlier in the sentence
_PAST_VERB = re.compile(r"\b\w+(?:ais|ait|aient)\b|(?<!c')\b(?:ai|as|a|avons|avez|ont|suis|est|sommes|sont)\s+(?:\w+\s+)?\w+(?:e|es|ee|ees|i|is|u|us|t)\b")


def _r_bare_day(m: re.Match[str], ctx: _Ctx) -> dt.date | _Flag:
    """« je le présente le 2 »: the next 2nd; but « ils avaient un inventaire le 17 » tells what was, not a day ahead."""
    if _PAST_VERB.search(_sentence_before(m)):
        return _Flag.NOMATCH
    return _r_wd_day(m, ctx)


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
        return ctx.meeting + dt.timedelta(days={"huitaine": 8, "quinzaine": 14, "fortnight": 14}[idiom])
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


def _week_end_said(m: re.Match[str]) -> bool:
    """« fin de semaine », "end of next week": the end of a week is a deadline. The week alone (« cette
    semaine », « la semaine prochaine », "early next week") is a period, which names no day: no due date."""
    return bool(re.search(r"\b(?:fin|end|eow|late)\b", m.group(0).lower()))


def _r_this_week(m: re.Match[str], ctx: _Ctx) -> dt.date | Period:
    friday = max(_week_day(ctx.meeting, 4), ctx.meeting)
    return friday if _week_end_said(m) else Period(friday)


def _r_next_week(m: re.Match[str], ctx: _Ctx) -> dt.date | Period:
    friday = _week_day(ctx.meeting, 4, 1)
    return friday if _week_end_said(m) else Period(friday)


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


def _r_month_period(m: re.Match[str], ctx: _Ctx) -> dt.date | Period | _Flag:
    """« fin juin » ends a month: a deadline. « début juillet », « courant août », "early July" name part of
    a month and no day: a period (its latest day, the month's end, only tells when it is overdue)."""
    mo = _month(m.group("mon"))
    kind = {"start": "debut", "mid": "mi", "end": "fin"}[_period_kind(m.group("kind"))]
    found = _with_year(ctx, m, lambda y: _period_in_month(kind, y, mo))
    if isinstance(found, dt.date) and (kind == "debut" or (m.group("kind") or "").lower() == "courant"):
        return Period(_month_end(found.year, found.month))
    return found


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
    return _Rule(name, rf"(?<!\w){pre}(?P<body>{body}){_SUFFIX}(?!\w)", resolve, rank, langs)


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
    # "il couvre le samedi et le dimanche", « les majorations du samedi »: an habit, not a day (but "pour le lundi" is a day)
    _rule("habitual_fr",
          rf"(?<!pour\s)(?<!ici\s)(?<!avant\s)(?<!jusqu'au\s)(?:le|les|tous\s+les|du)\s+{_WD_FR}s?{_DAYPART_FR}"
          r"(?!\s*(?:\d|prochain|premier|en\s+(?:huit|quinze)|de\s+(?:la|cette)\s+semaine))",
          _r_past, 0, _FR, prefix=False),
    _rule("past_year_fr", rf"en\s+{_YEAR}", _r_past_year, 0, _FR, prefix=False),
    _rule("past_year_en", rf"in\s+{_YEAR}", _r_past_year, 0, _EN, prefix=False),
    # --- today
    _rule("today_fr",
          r"aujourd'?\s*hui|ce\s+soir|cet\s+apres[-\s]midi|ce\s+midi|dans\s+la\s+(?:journee|soiree)"
          rf"|(?:en\s+|la\s+)?fin\s+de\s+(?:la\s+)?(?:journee|matinee)(?!\s+(?:de\s+)?(?:demain|{_WD_FR}))"
          r"|dans\s+l'heure|tout\s+a\s+l'heure|tantot",
          _r_today, DAY, _FR),
    _rule("today_en",
          r"today|tonight|this\s+(?:afternoon|evening)|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|business)"
          rf"(?!\s+(?:on\s+)?(?:tomorrow|{_WD_EN}))|eod(?!\s+(?:on\s+)?(?:tomorrow|{_WD_EN}))"
          rf"|cob(?!\s+(?:on\s+)?(?:tomorrow|{_WD_EN}))|close\s+of\s+business|within\s+the\s+hour",
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
    _rule("weekday_day_fr", rf"(?:le\s+)?(?P<wd>{_WD_FR})\s+(?P<day>{_DAY_FR}){_NOT_TIME}",
          _r_wd_day, EXACT, _FR),
    _rule("cue_day_fr",
          rf"(?:(?:d'ici|avant|pour|au\s+plus\s+tard)\s+le|jusqu'au|d'ici\s+au)\s+(?P<day>{_DAYNUM}(?:er)?)"
          rf"{_NOT_TIME}(?!\s*/)",
          _r_wd_day, EXACT, _FR, prefix=False),
    # « au showroom le 15. », « je le présente le 2 » (a day of the month alone, ending the clause: not « le 2 pièces »)
    _rule("bare_day_fr", rf"le\s+(?P<day>{_DAYNUM}(?:er)?){_NOT_TIME}(?=\s*(?:[,.;:!?)]|$))",
          _r_bare_day, EXACT, _FR, prefix=False),
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
          rf"(?:(?:dans|d'ici|sous|endeans|en\s+moins\s+de)\s+(?:les\s+)?(?P<n>{_NUM_FR})\s*"
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
        return ctx.meeting + dt.timedelta(days=8 if idiom.lower() == "huitaine" else 14)
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
