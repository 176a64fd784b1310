"""English: its own times ("10:30", "5 pm"), numbers ("7.5", "12,500.5") and dates ("1 December 2026")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from summarizer.lang.base import Lang, Prompts
from summarizer.lang.en.cues import CUES
from summarizer.lang.en.messages import MESSAGES
from summarizer.lang.en.promise import PROMISE
from summarizer.lang.en.register import REGISTER
from summarizer.lang.en.spoken import SPOKEN
from summarizer.lang.en.strings import STRINGS
from summarizer.lang.wordrules import WordRules


@dataclass(frozen=True)
class English(Lang):
    def date_long(self, day: dt.date) -> str:
        return f"{day.day} {self.months[day.month - 1]} {day.year}"

    def time(self, value: dt.time) -> str:
        return f"{value:%H:%M}"

    def deadline(self, deadline: dt.datetime) -> str:
        """"19/11 at 5 pm"."""
        hour12 = deadline.hour % 12 or 12
        suffix = "am" if deadline.hour < 12 else "pm"
        minutes = f":{deadline.minute:02d}" if deadline.minute else ""
        return f"{deadline:%d/%m} at {hour12}{minutes} {suffix}"

    def points(self, value: float) -> str:
        return f"{value:g}"

    def amount(self, value: float) -> str:
        return f"{value:,.2f}".removesuffix(".00")


LANG = English(
    code="en",
    locale="en-GB",
    strings=STRINGS,
    months=("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"),
    register=REGISTER,
    cues=CUES,
    promise=PROMISE,
    messages=MESSAGES,
    spoken=SPOKEN,
    words=WordRules("en", contraction=re.compile(r"'(?:s|t|ll|re|ve|d|m)$", re.I), other="fr"),
    function_words=re.compile(r"\b(the|and|is|are|you|we|to|of|for|with|that|this|it's|i|on|not|will)\b", re.I),
    prompts=Prompts(
        call_with="Sales call with {client}.",
        call="Sales call.",
        participants="Participants: {names}.",
        chunk="This is part {part} of {parts} of a long call: extract only what these lines contain.",
        type_hints=(
            "Hints per meeting type: discovery = pain, criteria, decision makers, budget; demo/POC = validated use "
            "cases, gaps, remediation plan; negotiation = price, SLA, timeline, clauses, legal review; QBR = KPIs, "
            "delivered value, expansion; renewal = contract end, terms."
        ),
        unknown="not given",
        weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    ),
    ner_model="en_core_web_sm",
)
