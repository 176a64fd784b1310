"""A test-only language pack, "xx": one folder and one registry line, as a new language would be.

Its strings are the English ones pseudo-localised (each label wrapped in ⟦ ⟧, its ``{fields}`` kept),
so a test can tell every label a render shows came from this pack; its grammar is the base
(French) rules of :class:`Lang`.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

from summarizer.lang.base import Lang
from summarizer.lang.en import LANG as ENGLISH


def pseudo(value: Any) -> Any:
    """Every string of a (nested) strings object wrapped in ⟦ ⟧."""
    if isinstance(value, str):
        return f"⟦{value}⟧"
    assert is_dataclass(value)
    return replace(value, **{f.name: pseudo(getattr(value, f.name)) for f in fields(value)})  # type: ignore[type-var]


LANG = Lang(
    code="xx",
    locale="xx-XX",
    strings=pseudo(ENGLISH.strings),
    months=tuple(f"⟦{month}⟧" for month in ENGLISH.months),
    register=ENGLISH.register,
    cues=ENGLISH.cues,
    messages=ENGLISH.messages,
    spoken=ENGLISH.spoken,
    words=ENGLISH.words,
    function_words=ENGLISH.function_words,
    prompts=ENGLISH.prompts,
    ner_model=ENGLISH.ner_model,
)
