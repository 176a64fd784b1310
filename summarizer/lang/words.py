"""Which words a language has: pyspellchecker's word lists plus the words of the call itself.

Why here: the rules backend checks its own rewriting with it (a rewritten item whose wording holds a
word in neither the call nor the dictionary falls back to the speaker's words) and the eval measures
the same thing (``evaluation/language_checks``). A French ``-er``/``-ir`` verb form counts when its
infinitive is known ("recontactera"); no other ending does, so "étie" or "validie" stay invented.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"[\w'’-]+")
_ELISION = re.compile(r"^(?:l|d|j|m|t|s|n|c|ç|qu|jusqu|lorsqu|puisqu|presqu|quoiqu)'(?=\w)", re.I)
_EN_CONTRACTION = re.compile(r"'(?:s|t|ll|re|ve|d|m)$", re.I)
#: French verb endings whose infinitive (stem + "er"/"ir") is looked up: future, conditional, present, participle
_FR_VERB_ENDINGS = ("eraient", "erions", "eriez", "eront", "erait", "erons", "erez", "erai", "era", "ent", "ée", "ées",
                    "és", "é", "e", "es", "ons", "ez", "iront", "irait", "iraient", "ira", "it", "issent", "issait", "is",
                    "ie", "ies")
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")


@lru_cache(maxsize=2)
def _dictionary(language: str) -> frozenset[str]:
    """pyspellchecker's word list for ``language`` (lower case); loaded once (about a second)."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language=language).word_frequency.dictionary)


def _words(text: str) -> list[str]:
    return [t.replace("’", "'").strip("'-") for t in _TOKEN.findall(text)]


@dataclass(frozen=True)
class CallWords:
    """Every word said in the call (and the names given with it), lower case: never "invented"."""

    words: frozenset[str]

    @classmethod
    def of_texts(cls, texts: Iterable[str], names: Iterable[str | None] = ()) -> CallWords:
        out: set[str] = set()
        for text in [*texts, *(n for n in names if n)]:
            for token in _words(text):
                low = token.lower()
                out.add(low)
                out.update(p for p in re.split(r"['-]", low) if p)
        return cls(frozenset(out))


def _known(word: str, language: str, call: CallWords) -> bool:
    low = word.lower()
    other = "en" if language == "fr" else "fr"
    return low in call.words or low in _dictionary(language) or low in _dictionary(other)


def _french_verb_form(word: str, call: CallWords) -> bool:
    """A regular conjugated form whose infinitive is known: "recontactera" (recontacter), "finira" (finir)."""
    low = word.lower()
    for ending in _FR_VERB_ENDINGS:
        stem = low[: -len(ending)]
        if low.endswith(ending) and len(stem) >= 3:
            infinitive = stem + ("ir" if ending.startswith("i") else "er")
            if infinitive in _dictionary("fr") or infinitive in call.words:
                return True
            if ending.startswith("er") and any(stem + e in call.words for e in ("e", "ent", "é")):
                return True  # the future of an -er verb said in the present: "recontacte" -> "recontactera"
    return False


def _word_ok(token: str, language: str, call: CallWords) -> bool:
    if _known(token, language, call):
        return True
    if language == "fr" and _french_verb_form(token, call):
        return True
    return False


def invented_words(text: str, language: str, call: CallWords) -> list[str]:
    """Words of ``text`` in neither the call nor the dictionaries, in order of appearance."""
    lang = "en" if language == "en" else "fr"
    found: list[str] = []
    for raw in _words(text):
        if not raw or any(c.isdigit() for c in raw) or (raw.isupper() and len(raw) > 1):
            continue  # numbers, references ("T3"), acronyms ("CRM")
        token = raw
        if lang == "fr":
            token = _ELISION.sub("", token)
        if _known(token, lang, call):
            continue
        if lang == "en":
            token = _EN_CONTRACTION.sub("", token)
        parts = [p for p in re.split(r"[-']", token) if p]
        if parts and all(_word_ok(p, lang, call) for p in parts):
            continue
        if raw not in found:
            found.append(raw)
    return found
