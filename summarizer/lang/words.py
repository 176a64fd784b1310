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

from summarizer.lang.wordrules import WordRules

_TOKEN = re.compile(r"[\w'’-]+")
_PARTS = re.compile(r"['-]")
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")


#: a key of pyspellchecker's word-frequency file, ``{"mot": 12, …}``, when no key holds an escape
_JSON_KEY = re.compile(r'"([^"\\]*)":')


@lru_cache(maxsize=2)
def _dictionary(language: str) -> frozenset[str]:
    """pyspellchecker's word list for ``language`` (lower case, as its ``SpellChecker`` reads it); loaded once.

    Only the words are read, not their frequencies: building ``SpellChecker`` parses every count and
    lower-cases every key again, three times the cost (0.1 s against 0.3 s for French, a cold start's
    share). The file is the one the library loads (``resources/<code>.json.gz``)."""
    import gzip
    import json
    import pkgutil

    data = pkgutil.get_data("spellchecker", f"resources/{language}.json.gz")
    if data is None:
        raise FileNotFoundError(f"pyspellchecker has no dictionary for {language!r}")
    text = gzip.decompress(data).decode("utf-8")
    if "\\" in text:  # an escaped key (« \u00e9 »): the JSON parser reads it
        return frozenset(word.lower() for word in json.loads(text))
    return frozenset(_JSON_KEY.findall(text.lower()))


def known_word(word: str, language: str) -> bool:
    """Whether the language's dictionary has the word (lower case, as written)."""
    from summarizer.lang import get_lang, is_known

    return is_known(language) and word.lower() in _dictionary(get_lang(language).words.dictionary)


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
            out.update(token.lower() for token in _words(text))
        for low in [w for w in out if "'" in w or "-" in w]:  # each word once: a call says most of them often
            out.update(p for p in _PARTS.split(low) if p)
        return cls(frozenset(out))


def _known(word: str, rules: WordRules, call: CallWords) -> bool:
    low = word.lower()
    return (low in call.words or low in _dictionary(rules.dictionary)
            or (rules.other is not None and low in _dictionary(rules.other)))


def _verb_form(word: str, rules: WordRules, call: CallWords) -> bool:
    """A regular conjugated form whose infinitive is known: "recontactera" (recontacter), "finira" (finir)."""
    low = word.lower()
    for ending in rules.verb_endings:
        stem = low[: -len(ending)]
        if low.endswith(ending) and len(stem) >= 3:
            infinitive = stem + ("ir" if ending.startswith("i") else "er")
            if infinitive in _dictionary(rules.dictionary) or infinitive in call.words:
                return True
            if ending.startswith("er") and any(stem + e in call.words for e in ("e", "ent", "é")):
                return True  # the future of an -er verb said in the present: "recontacte" -> "recontactera"
    return False


def invented_words(text: str, language: str, call: CallWords) -> list[str]:
    """Words of ``text`` in neither the call nor the dictionaries, in order of appearance."""
    from summarizer.lang import get_lang, is_known

    rules = get_lang(language if is_known(language) else None).words  # an unknown language reads French
    found: list[str] = []
    for raw in _words(text):
        if not raw or any(c.isdigit() for c in raw) or (raw.isupper() and len(raw) > 1):
            continue  # numbers, references ("T3"), acronyms ("CRM")
        token = rules.elision.sub("", raw)
        if _known(token, rules, call):
            continue
        token = rules.contraction.sub("", token)
        parts = [p for p in re.split(r"[-']", token) if p]
        if parts and all(_known(p, rules, call) or _verb_form(p, rules, call) for p in parts):
            continue
        if raw not in found:
            found.append(raw)
    return found
