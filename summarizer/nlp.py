"""crc's spaCy pipelines: loaded once, lazily, each with only the components its reader uses.

The rules backend reads the morphology (conditional mood), the part of speech and
the lemma of short clauses: `fr_core_news_sm` without its parser and named
entities (:func:`load_nlp`). The account view reads named people in quotes: the
same model with its entity recogniser and tagger (:func:`load_ner`). The French
class also compiles, when first imported, a 1.4 MB regular expression
(`spacy.lang.fr.tokenizer_exceptions.TOKEN_MATCH`, the hyphenated and elided words
kept whole) that costs more than the rest of the load together (measured by
`bench/startup.py`). The tokenizer's own exceptions and infix rules already keep
the words the rules look at, so that one pattern is never compiled: the import runs
with patterns of that size deferred, and the tokenizer runs without it. spaCy's own
``import`` also loads its command line (``spacy.cli``: downloads, project templates,
requests, jinja2), about 0.2 s no pipeline uses: it is imported only when asked for.
The lemmatizer is one component added to the rules' pipeline, not a second load of
the model. The vocabulary's string table (`vocab/strings.json`, 2.2 MB, every string
of the training data) is not read either: a string is needed only to name a hash the
pipeline made, and each component adds its own (labels, features, lemmas) as it loads
and runs; reading it cost a third of the load, and the tags, features, lemmas and
entities of every call of the corpora are the same without it (`tests/unit/test_nlp.py`).
"""

from __future__ import annotations

import re
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from typing import Any

__all__ = ["load_lemmatizer", "load_ner", "load_nlp"]

#: Patterns longer than this are compiled on first use instead of at import.
_DEFER_ABOVE = 100_000
_LOCK = threading.Lock()
_TOKENIZER = "crc.french_tokenizer_without_token_match.v1"


class _DeferredPattern:
    """Stands for a compiled pattern until a method is called on it."""

    def __init__(self, pattern: str, flags: int, compile_: Callable[..., re.Pattern[str]]) -> None:
        self._args = (pattern, flags)
        self._compile = compile_
        self._compiled: re.Pattern[str] | None = None

    def _real(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = self._compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        if name in {"pattern", "flags", "groups", "groupindex"}:
            return getattr(self._real(), name)
        return partial(self._call, name)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._real(), name)(*args, **kwargs)


@contextmanager
def _huge_patterns_deferred() -> Iterator[None]:
    real = re.compile

    def compile_(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and len(pattern) > _DEFER_ABOVE:
            return _DeferredPattern(pattern, flags, real)
        return real(pattern, flags)

    re.compile = compile_
    try:
        yield
    finally:
        re.compile = real


def _tokenizer_without_token_match() -> Callable[[Any], Any]:
    """spaCy's default tokenizer factory, less ``token_match`` (see the module docstring)."""
    from spacy import util
    from spacy.tokenizer import Tokenizer

    def factory(nlp: Any) -> Any:
        defaults = nlp.Defaults
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=util.compile_prefix_regex(defaults.prefixes).search,
            suffix_search=util.compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=util.compile_infix_regex(defaults.infixes).finditer,
            token_match=None,
            url_match=defaults.url_match,
        )

    return factory


@contextmanager
def _without_torch() -> Iterator[None]:
    """Import spaCy without thinc importing torch (about 1.5 s, and 300 MB) when the diarization
    extra put torch in the environment: thinc only offers torch-backed layers, which the small
    French pipelines do not use. Once torch is loaded (a recording was diarized first), nothing
    is hidden."""
    if "torch" in sys.modules or "thinc" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes ``import torch`` raise ImportError
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


@contextmanager
def _cli_deferred() -> Iterator[None]:
    """Import spaCy without its command line: ``spacy/__init__`` imports ``spacy.cli.info`` (and so every
    command, 0.2 s); a stand-in ``spacy.cli.info`` gives the same ``spacy.info`` on call, and is removed after
    the import so that a later ``import spacy.cli`` finds the real package."""
    if "spacy" in sys.modules:
        yield
        return
    package, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    package.__path__ = []

    def lazy_info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info.info = lazy_info  # type: ignore[attr-defined]
    package.info = info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = package, info
    try:
        yield
    finally:
        for name, stand_in in (("spacy.cli.info", info), ("spacy.cli", package)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
        spacy = sys.modules.get("spacy")
        if spacy is not None and getattr(spacy, "cli", None) is package:
            del spacy.cli


@lru_cache(maxsize=4)
def _french(exclude: tuple[str, ...]) -> Any:
    with _LOCK:
        with _huge_patterns_deferred(), _without_torch(), _cli_deferred():
            import spacy.lang.fr
        import spacy
        from spacy.util import registry

        registry.tokenizers.register(_TOKENIZER, func=_tokenizer_without_token_match)
        # "tokenizer" excluded from the files read: the saved one would recompile the
        # pattern from its text; the factory builds the same rules without it. "strings" too
        # (see the module docstring).
        with _own_registrations_only(registry):
            return spacy.load(
                "fr_core_news_sm",
                exclude=[*exclude, "tokenizer", "strings"],
                config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER}}},
            )


@contextmanager
def _own_registrations_only(registry: Any) -> Iterator[None]:
    """Load the pipeline with only the functions spaCy, thinc and srsly register themselves, not those other
    packages declare as entry points: the model's config names spaCy's own. spaCy imports every declared
    factory to list its factories, and Presidio's (the llm backend's redaction) pulls in torch and its own
    stack, seconds for a rules run that needs none of it; and each of the 80 weight arrays the load decodes
    asks srsly's registry of decoders again, entry points and all, a quarter of the load: read once here."""
    import catalogue
    from srsly.msgpack import msgpack_decoders

    registries = {id(r): r for klass in registry.__mro__ for r in vars(klass).values() if isinstance(r, catalogue.Registry)}
    registries[id(msgpack_decoders)] = msgpack_decoders
    for each in registries.values():
        each._get_entry_points = list
    decoders = msgpack_decoders.get_all()
    msgpack_decoders.get_all = lambda: decoders
    try:
        yield
    finally:
        del msgpack_decoders.get_all
        for each in registries.values():
            del each._get_entry_points


def load_nlp(language: str) -> Any:
    """The rules' pipeline; the French one serves both languages (the conditional mood: morphology only)."""
    del language
    return _french(("parser", "ner", "lemmatizer"))


@lru_cache(maxsize=1)
def load_lemmatizer() -> Callable[[str], Any]:
    """The same with lemmas: ``load_lemmatizer()(text)`` is a Doc with ``lemma_`` set. Their tables take
    most of the load, so only the verb forms the rules cannot read by themselves load them, as one
    component run after the rules' pipeline (the model's ``lemmatizer``, read from its folder)."""
    nlp = load_nlp("fr")
    with _LOCK:
        lemmatizer = nlp.create_pipe("lemmatizer", config={"mode": "rule"})
        lemmatizer.from_disk(nlp.path / "lemmatizer", exclude=["vocab"])

    def lemmatize(text: str) -> Any:
        return lemmatizer(nlp(text))

    return lemmatize


@lru_cache(maxsize=2)
def load_ner(language: str) -> Any:
    """Entities and part-of-speech tags; None for English without ``en_core_web_sm`` (the French
    model misreads English names)."""
    from summarizer.lang import get_lang, is_known

    model = get_lang(language if is_known(language) else None).ner_model  # an unknown language reads French
    if model:
        import spacy

        try:
            return spacy.load(model, exclude=["parser", "lemmatizer", "senter"])
        except OSError:
            return None
    return _french(("parser", "lemmatizer", "attribute_ruler", "senter"))
