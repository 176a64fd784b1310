"""Due dates that hang on another event ("sous 48 heures après réception du contrat")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from summarizer.dates.vocabulary import _fold, _num
from summarizer.workdays import add_business_days

#: "sous 48 heures", "dans 2 jours ouvrés", "within 3 days": a delay, counted from some event
_DELAY = re.compile(
    r"(?:sous|dans|d'ici|en|within|in)\s+(?P<n>[\w-]+)\s+(?P<unit>heures?|h|jours?(?:\s+ouvr(?:e|a)s|\s+ouvrables)?|semaines?|"
    r"hours?|(?:business\s+|working\s+)?days?|weeks?)", re.IGNORECASE)
#: the event a delay hangs on: "après réception du contrat", "dès réception du devis", "once we receive the quote";
#: a whole word: the "a" that ends « la validation du devis » is no « à »
_CHAIN = re.compile(
    r"\b(?:(?:apres|a\s+compter\s+de|des|a)\s+(?:la\s+)?(?:reception|signature|validation|livraison)"
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
