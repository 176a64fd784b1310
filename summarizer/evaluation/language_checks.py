"""Is an item text written French or English? Invented words and grammar errors, for the eval and for tuning.

A CRC item is rewritten from speech; the rewriting must not invent words ("agreeds", "validie") nor
break grammar ("la comité", "ne est"). Two checks, both usable on their own while tuning a backend::

    from summarizer.evaluation.language_checks import CallWords, check_item
    words = CallWords.of_texts(segment_texts, names=["Transports Ferrand"])
    check_item("Le client validie le devis", "fr", words)  # ItemCheck(invented=['validie'], grammar=[], ...)

- **Invented word**: a word in neither the call nor the language's dictionary (pyspellchecker's fr/en
  word lists; the other language's list too, for franglais). Elisions (l', d', qu'…), hyphenated parts,
  contractions, digits, acronyms and case are handled; a proper name counts when the call says it.
  A French ``-er``/``-ir`` verb form is accepted when its infinitive is known ("recontactera" from
  "recontacter"); no other ending is, so "étie" or "validie" stay invented.
- **Grammar error** (French only): Debian's Grammalecte (``python3-grammalecte``, installed by
  ``.ci/install-grammalecte.sh``), typography rules off, errors inside quotation marks ignored (the
  speaker's own words). Grammalecte is not in the venv: it is imported from Debian's dist-packages, and
  when absent the metric is ``None`` (skipped, with a note in the report).
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

#: where Debian's python3-grammalecte lives; added to sys.path for that import only
DEBIAN_DIST_PACKAGES = "/usr/lib/python3/dist-packages"

#: Grammalecte options turned off: typography (spaces, apostrophes, dashes, capitals, numbers, units),
#: hyphens ("Jean Luc" as the transcript spells a name), markup, OCR. What stays on is grammar:
#: agreement, conjugation, elision, confusions, locutions.
_TYPOGRAPHY_OPTIONS = ("typo", "apos", "eepi", "esp", "tab", "nbsp", "tu", "maj", "minis", "num", "virg", "poncfin",
                       "unit", "nf", "liga", "mapos", "chim", "ocr", "html", "latex", "md")

_TOKEN = re.compile(r"[\w'’-]+")
_ELISION = re.compile(r"^(?:l|d|j|m|t|s|n|c|ç|qu|jusqu|lorsqu|puisqu|presqu|quoiqu)'(?=\w)", re.I)
_EN_CONTRACTION = re.compile(r"'(?:s|t|ll|re|ve|d|m)$", re.I)
#: French verb endings whose infinitive (stem + "er"/"ir") is looked up: future, conditional, present, participle
_FR_VERB_ENDINGS = ("eraient", "erions", "eriez", "eront", "erait", "erons", "erez", "erai", "era", "ent", "ée", "ées",
                    "és", "é", "e", "es", "ons", "ez", "iront", "irait", "iraient", "ira", "it", "issent", "issait", "is",
                    "ie", "ies")
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")


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


# --- grammar (French, Grammalecte) -------------------------------------------------


@lru_cache(maxsize=1)
def _grammalecte() -> Any | None:
    """Grammalecte's engine with typography off, or None when it is not installed."""
    try:
        grammalecte = importlib.import_module("grammalecte")
    except ImportError:
        added = DEBIAN_DIST_PACKAGES not in sys.path
        if added:
            sys.path.append(DEBIAN_DIST_PACKAGES)  # last: never shadows what the venv has
        try:
            grammalecte = importlib.import_module("grammalecte")
        except ImportError:
            return None
        finally:
            if added:
                sys.path.remove(DEBIAN_DIST_PACKAGES)
    engine = grammalecte.GrammarChecker("fr").getGCEngine()
    engine.setOptions(dict.fromkeys(_TYPOGRAPHY_OPTIONS, False))
    return engine


def grammar_available() -> bool:
    """Whether the grammar check can run (Debian's python3-grammalecte installed)."""
    return _grammalecte() is not None


def grammar_errors(text: str, names: Iterable[str | None] = ()) -> list[str] | None:
    """Grammalecte's messages for ``text`` ("« comité » est masculin"); None without Grammalecte.

    Errors inside quotation marks (the speaker's words) or inside one of ``names`` (people and
    organisations: "Mutuelle Horizon" is no agreement error) are not crc's making and are left out.
    """
    engine = _grammalecte()
    if engine is None:
        return None
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    for name in {n.strip() for n in names if n and n.strip()}:
        quoted.extend((m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I))
    out: list[str] = []
    for err in engine.parse(text, "FR", bDebug=False):
        start, end = int(err["nStart"]), int(err["nEnd"])
        if any(a <= start and end <= b for a, b in quoted):
            continue
        out.append(f"« {text[start:end]} » : {str(err['sMessage']).strip()}")
    return out


@dataclass
class ItemCheck:
    """What is wrong with one item text: invented words, grammar errors (None: not checked), spoken word."""

    invented: list[str] = field(default_factory=list)
    grammar: list[str] | None = None
    spoken: str | None = None

    @property
    def ok(self) -> bool:
        return not self.invented and not self.grammar and self.spoken is None


def check_item(text: str, language: str, call: CallWords, names: Iterable[str | None] = ()) -> ItemCheck:
    """Every language check of one item text: the function to call while tuning a backend.

    ``names``: the people and organisations of the call, whose words Grammalecte must not "correct".
    """
    from summarizer.evaluation.metrics import spoken_register

    return ItemCheck(
        invented=invented_words(text, language, call),
        grammar=grammar_errors(text, names) if language == "fr" else None,
        spoken=spoken_register(text, language),
    )
