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
  speaker's own words). An error is crc's making (``crc_made``) unless Grammalecte reports the same
  one, on the same word, in a segment the item cites: the eval counts both, crc's and all. Grammalecte is not in the venv: it is imported from Debian's dist-packages, and
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

from summarizer.lang import get_lang, is_known
from summarizer.lang.words import QUOTED, CallWords, invented_words

#: where Debian's python3-grammalecte lives; added to sys.path for that import only
DEBIAN_DIST_PACKAGES = "/usr/lib/python3/dist-packages"

#: Grammalecte options turned off: typography (spaces, apostrophes, dashes, capitals, numbers, units),
#: hyphens ("Jean Luc" as the transcript spells a name), markup, OCR. What stays on is grammar:
#: agreement, conjugation, elision, confusions, locutions.
_TYPOGRAPHY_OPTIONS = ("typo", "apos", "eepi", "esp", "tab", "nbsp", "tu", "maj", "minis", "num", "virg", "poncfin",
                       "unit", "nf", "liga", "mapos", "chim", "ocr", "html", "latex", "md")

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


def grammar_checked(language: str) -> bool:
    """Whether Grammalecte checks ``language``: its pack says so (French only)."""
    return is_known(language) and get_lang(language).grammar_check


def grammar_available() -> bool:
    """Whether the grammar check can run (Debian's python3-grammalecte installed)."""
    return _grammalecte() is not None


@dataclass(frozen=True)
class GrammarError:
    """One Grammalecte error: the word it flags, the rule and its message."""

    word: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"« {self.word} » : {self.message}"

    def same_as(self, other: GrammarError) -> bool:
        """The same error on the same word (the rule, or its message when a nearby rewrite changed the rule)."""
        return self.word.lower() == other.word.lower() and (self.rule == other.rule or self.message == other.message)


def grammar_report(text: str, names: Iterable[str | None] = ()) -> list[GrammarError] | None:
    """Grammalecte's errors in ``text``; None without Grammalecte.

    Errors inside quotation marks (the speaker's words) or inside one of ``names`` (people and
    organisations: "Mutuelle Horizon" is no agreement error) are not crc's making and are left out.
    """
    engine = _grammalecte()
    if engine is None:
        return None
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    for name in {n.strip() for n in names if n and n.strip()}:
        quoted.extend((m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I))
    out: list[GrammarError] = []
    for err in engine.parse(text, "FR", bDebug=False):
        start, end = int(err["nStart"]), int(err["nEnd"])
        if any(a <= start and end <= b for a, b in quoted):
            continue
        out.append(GrammarError(text[start:end], str(err["sRuleId"]), str(err["sMessage"]).strip()))
    return out


def grammar_errors(text: str, names: Iterable[str | None] = ()) -> list[str] | None:
    """Grammalecte's messages for ``text`` ("« comité » est masculin"); None without Grammalecte."""
    errors = grammar_report(text, names)
    return None if errors is None else [str(e) for e in errors]


@lru_cache(maxsize=4096)
def _said_errors(segment: str) -> tuple[GrammarError, ...]:
    """The segment's errors, as said and with its figures in digits: « sept Française sur 10 » is the
    speaker's agreement error even though Grammalecte sees it only once the CRC writes « 7 »."""
    from summarizer.extract.rules.register import numbers_in_digits

    digits = numbers_in_digits(segment, "fr")
    return (*(grammar_report(segment) or ()), *((grammar_report(digits) or ()) if digits != segment else ()))


def crc_made(errors: Iterable[GrammarError], said: Iterable[str]) -> list[GrammarError]:
    """The errors not in what the speaker said: an item keeping « leur maisons » from the segment it
    cites repeats the speaker; only an error Grammalecte does not find, on the same word, in a cited
    segment is crc's making."""
    spoken = [e for text in said for e in _said_errors(text)]
    return [e for e in errors if not any(e.same_as(s) for s in spoken)]


@dataclass
class ItemCheck:
    """What is wrong with one item text: invented words, grammar errors (None: not checked), spoken word."""

    invented: list[str] = field(default_factory=list)
    grammar: list[str] | None = None
    spoken: str | None = None

    @property
    def ok(self) -> bool:
        return not self.invented and not self.grammar and self.spoken is None


#: a word said twice ("the the", "de de"): a stutter kept from the speech; "nous nous", "that that" are grammar
_STUTTER = re.compile(r"(?<![\w'])([^\W\d_]+)\s+\1(?![\w'])", re.I)
_DOUBLES_OK = {"nous", "vous", "that", "had"}


def spoken_register(text: str, language: str = "fr") -> str | None:
    """The first word that marks ``text`` as spoken (a first or second person, a filler, a stutter), or None.

    French also counts a dislocated "c'est" and a negation without "ne". The word list is documented in
    ``eval/README.md``. Words inside quotation marks are the speaker's own, cited: not counted (as the
    grammar check does).
    """
    spoken = get_lang(language if is_known(language) else None).spoken  # an unknown language reads French
    norm = spoken.normal(QUOTED.sub("«»", text).replace("’", "'").strip())
    m = spoken.words.search(norm)
    if m:
        return m.group(0).strip(" ,")
    stutter = next((m.group(0) for m in _STUTTER.finditer(norm) if m.group(1).lower() not in _DOUBLES_OK), None)
    if stutter:
        return stutter
    return spoken.syntax(norm)


def check_item(text: str, language: str, call: CallWords, names: Iterable[str | None] = (),
               said: Iterable[str] = ()) -> ItemCheck:
    """Every language check of one item text: the function to call while tuning a backend.

    ``names``: the people and organisations of the call, whose words Grammalecte must not "correct";
    ``said``: the segments the item cites, whose own errors are the speaker's, not crc's.
    """
    errors = grammar_report(text, names) if grammar_checked(language) else None
    return ItemCheck(
        invented=invented_words(text, language, call),
        grammar=None if errors is None else [str(e) for e in crc_made(errors, said)],
        spoken=spoken_register(text, language),
    )
