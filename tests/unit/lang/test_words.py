"""The dictionaries the rules check their wording against: pyspellchecker's words, read without its counts."""

from __future__ import annotations

import pytest

from summarizer.lang import words


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_word_list_is_the_spellcheckers(language: str) -> None:
    """The same words as ``SpellChecker(language=…)`` knows (a pyspellchecker upgrade that changed its file
    format would fail here, not read a wrong list)."""
    from spellchecker import SpellChecker

    words._dictionary.cache_clear()
    assert words._dictionary(language) == frozenset(SpellChecker(language=language).word_frequency.dictionary)


def test_the_word_list_is_read_without_building_a_spellchecker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building ``SpellChecker`` parses every frequency too: three times the cost of the words alone (cold start)."""
    import spellchecker

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("SpellChecker built")

    monkeypatch.setattr(spellchecker, "SpellChecker", refused)
    words._dictionary.cache_clear()
    assert words.known_word("partir", "fr") and not words.known_word("validir", "fr")


def test_an_escaped_key_is_read_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose keys hold escapes (``\\u00e9``) is parsed as JSON, not cut by the key pattern."""
    import gzip
    import pkgutil

    data = gzip.compress(b'{"\\u00c9t\\u00e9": 3, "Mot": 1}')
    monkeypatch.setattr(pkgutil, "get_data", lambda package, resource: data)
    words._dictionary.cache_clear()
    try:
        assert words._dictionary("xx") == {"été", "mot"}
    finally:
        words._dictionary.cache_clear()
