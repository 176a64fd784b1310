"""What marks a written text as still spoken, per language: the evaluation's check of the written register.

``evaluation.metrics.spoken_register`` asks the pack of the CRC's language; the rules that rewrite
speech live beside it (``lang/<code>/register.py``), this is the independent check of their result.
"""

from __future__ import annotations

import re

from summarizer.lang.register import NOTHING


class Spoken:
    """One language's spoken markers; the base finds none."""

    #: a first or second person, a filler or a spoken lead-in, as a whole word
    words: re.Pattern[str] = NOTHING

    def normal(self, text: str) -> str:
        """The text as the check reads it ("US" the country is no "us")."""
        return text

    def syntax(self, text: str) -> str | None:
        """A spoken construction the words miss (a dislocation, a negation without "ne"), or None."""
        return None


def spoken_words(persons: str, fillers: str, elided: str = r"(?!x)x") -> re.Pattern[str]:
    """Persons and fillers as whole words, and elided persons ("j'ai") by their apostrophe."""
    return re.compile(rf"(?<!\w)(?:(?:{persons}|{fillers})(?![\w'])|{elided})", re.I)
