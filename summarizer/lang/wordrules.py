"""How a language glues its words, for the invented-word check (``lang/words.py``): a pack attribute."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NOTHING = re.compile(r"(?!)")


@dataclass(frozen=True)
class WordRules:
    """How a language glues words: what is cut before the dictionary look-up, which verb endings count."""

    dictionary: str  # pyspellchecker's language code
    elision: re.Pattern[str] = _NOTHING  # cut before the word ("l'", "qu'")
    contraction: re.Pattern[str] = _NOTHING  # cut after it ("'ll", "'s")
    #: conjugated endings whose infinitive (stem + "er"/"ir") is looked up: future, conditional, present, participle
    verb_endings: tuple[str, ...] = ()
    other: str | None = None  # the other dictionary also accepted (franglais)
