"""The words of spoken dates: number words, day and month names, cues, and text folding."""

from __future__ import annotations

import re
import unicodedata

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
