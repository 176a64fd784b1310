"""What a language pack is: its code, its strings and the few grammar rules renders need.

A pack is one folder (``lang/fr``, ``lang/en``) whose module exposes ``LANG``, an
instance of :class:`Lang` or of a subclass overriding a rule (English writes
"10:30" and "5 pm" where French writes "10h30" and "17h"). The rules below are the
French ones, the product's first language.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from summarizer.lang.cues import Cues
from summarizer.lang.messages import Messages
from summarizer.lang.promise import PromiseGrammar
from summarizer.lang.register import Register
from summarizer.lang.spoken import Spoken
from summarizer.lang.strings import Strings
from summarizer.lang.wordrules import WordRules


@dataclass(frozen=True)
class Prompts:
    """What crc writes to the models (Whisper, the LLM) in this language: never shown to a user."""

    #: Whisper's primer, so it spells the names right: the call, with or without its client, and who speaks
    call_with: str
    call: str
    participants: str
    #: the LLM's note on one part of a long call, its hints per meeting type, and "not given"
    chunk: str
    type_hints: str
    unknown: str
    #: weekday names, Monday first, as the prompt dates the meeting
    weekdays: tuple[str, ...]


@dataclass(frozen=True)
class Lang:
    """One language: ``code`` (as in the CRC's ``meeting.language``), its strings and its grammar."""

    code: str
    #: the tag Word and the e-mail's ``Content-Language`` use ("fr-FR", "en-GB")
    locale: str
    strings: Strings
    #: month names, January first, as a letter writes them
    months: tuple[str, ...]
    #: how its speech becomes a CRC's written register (``lang/<code>/register.py``)
    register: Register
    #: what the rules backend listens for in its calls (``lang/<code>/cues.py``)
    cues: Cues
    #: what the command line and the service tell a user, by key (``lang/<code>/messages.py``)
    messages: Messages
    #: what marks a CRC's text as still spoken, for the evaluation (``lang/<code>/spoken.py``)
    spoken: Spoken
    #: its dictionary and how its words glue (``lang/words.py``)
    words: WordRules
    #: its most common words: the vote that tells a call's language
    function_words: re.Pattern[str]
    prompts: Prompts
    #: whether Grammalecte checks its grammar in the evaluation
    grammar_check: bool = False
    #: spaCy's entity model, None for crc's French pipeline (which reads entities and tags)
    ner_model: str | None = None
    #: how the rules read a promise from a clause's grammar (``lang/<code>/promise.py``); none by default
    promise: PromiseGrammar = field(default_factory=PromiseGrammar)

    def date_long(self, day: dt.date) -> str:
        """« 1er décembre 2026 »: a date as a letter to the client writes it."""
        number = "1er" if day.day == 1 else str(day.day)
        return f"{number} {self.months[day.month - 1]} {day.year}"

    def time(self, value: dt.time) -> str:
        """10h, 10h30."""
        return f"{value.hour}h" if value.minute == 0 else f"{value.hour}h{value.minute:02d}"

    def deadline(self, deadline: dt.datetime) -> str:
        """« 19/11 17h », as the validation request writes it."""
        return f"{deadline:%d/%m} {self.time(deadline.time())}"

    def points(self, value: float) -> str:
        """7.5 -> "7,5"; integers without decimals."""
        return f"{value:g}".replace(".", ",")

    def amount(self, value: float) -> str:
        """12 500,50: narrow no-break space between thousands, decimal comma, no ",00"."""
        return f"{value:,.2f}".removesuffix(".00").replace(",", "\u202f").replace(".", ",")

    def quote(self, text: str) -> str:
        """« text » (or the pack's own quotation marks)."""
        return self.strings.common.quote.format(text=text)
