"""What a language pack says about the written register: how its speech becomes a CRC's prose.

``extract/rules/register.py`` holds the language-neutral machinery (stutters, figures, the order of
the steps); each pack's ``register`` module holds its fillers, its person rewriting and its spoken
syntax, as spaCy's ``lang/fr`` holds its stop words. The base class rewrites nothing, so a new pack
overrides only what its language needs.
"""

from __future__ import annotations

import re
from typing import Protocol

#: a pattern that never matches: "no such cue in this language"
NOTHING = re.compile(r"(?!)")


class Speakers(Protocol):
    """Who a sentence's pronouns name (``extract.rules.register.Voice``)."""

    @property
    def speaker(self) -> str | None: ...
    @property
    def me(self) -> str: ...
    @property
    def us(self) -> str: ...
    @property
    def you(self) -> str: ...


class Register:
    """One language's written-register rules; every hook defaults to "nothing to rewrite"."""

    #: who "I" is when the speaker has no name
    speaker: str = "the speaker"
    #: who "we" is: a team nobody named, and the team of its first named member
    team: str = "the team"
    team_of: str = "{lead}'s team"
    #: who "you" is when the other side has no name
    other_party: str = "the other party"
    #: text_to_num's language for figures said in words
    numbers: str = "en"
    #: how a percentage is written after its figure (``re.sub`` replacement of the figure, group 1)
    percent: str = r"\1%"
    #: the separator between thousands of a big figure
    thousands: str = ","
    #: a pronoun said twice that is no stutter ("nous nous engageons"), with its space
    reflexive: frozenset[str] = frozenset()
    #: fillers and spoken lead-ins at the start, inside and at the end of a sentence
    lead: re.Pattern[str] = NOTHING
    inner: re.Pattern[str] = NOTHING
    tail: re.Pattern[str] = NOTHING
    #: "it's decided, …", the lead of a decision ("we'll go with") and its tail
    decided: re.Pattern[str] = NOTHING
    decision_lead: re.Pattern[str] = NOTHING
    decision_tail: re.Pattern[str] = NOTHING
    #: the lead of a risk ("the risk is that")
    risk_lead: re.Pattern[str] = NOTHING
    #: a next step's subject and verb, groups ``obj`` and ``verb``, where the action reads as an infinitive
    #: ("je vous envoie" -> "Envoyer"); else the subject it drops ("I'll send" -> "send")
    action_verb: re.Pattern[str] = NOTHING
    action_subject: re.Pattern[str] = NOTHING

    def team_named(self, lead: str) -> str:
        return self.team_of.format(lead=lead)

    def before_fillers(self, text: str) -> str:
        """A rewrite that must run before the fillers go (they would eat its cue)."""
        return text

    def tidy(self, text: str) -> str:
        """Asides and jargon out, once the fillers went."""
        return text

    def persons(self, text: str, voice: Speakers) -> str:
        """First and second persons in the third: the CRC names who does what."""
        return text

    def syntax(self, text: str) -> str:
        """Spoken constructions in written form, after the persons."""
        return text

    def contract(self, text: str) -> str:
        """The language's obligatory contractions ("de le" -> "du")."""
        return text

    def after_decision_lead(self, rest: str, lead: str) -> str:
        """The decision once its lead went; ``lead`` may change how it reads."""
        return rest

    def risk(self, text: str) -> str:
        """A risk once its lead went."""
        return text

    def action(self, text: str) -> str:
        """A next step once its subject went, as the verb's base form starts it."""
        return text

    def broken(self, text: str) -> bool:
        """The rewriting put a name where the grammar allows only a pronoun: the speaker's words serve better."""
        return False

    def stands_for(self, pronoun: str, phrase: str) -> bool:
        """Whether an object pronoun (« la », « les ») may stand for ``phrase``, a noun phrase said before it."""
        return True

    def dangling(self, text: str) -> bool:
        """The text opens on a personal pronoun whose noun was said before it ("They took 8 %"): read alone in
        a CRC it names no one, and the speaker's words, quoted, say at least that they are a quote."""
        return False
