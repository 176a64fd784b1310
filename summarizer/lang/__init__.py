"""Language packs, one folder per language, and the registry every language check uses.

As spaCy's ``spacy/lang/fr``: ``get_lang("fr")`` imports ``summarizer.lang.fr`` on first
use and returns its ``LANG``. Adding a language is one folder (copy ``lang/en``) and one
line in :data:`LANGUAGES`; the CRC schema, ``crc run --language`` and the web service
accept exactly the codes listed here.

Importing this package is cheap (the registry only): the strings and their classes load
with the first :func:`get_lang`, so ``crc --help`` and the schema check do not pay for them.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import TYPE_CHECKING, Literal, TypeAlias

if TYPE_CHECKING:
    from summarizer.lang.base import Lang

#: language code -> the module holding its pack (``LANG``); one line per language
LANGUAGES: dict[str, str] = {
    "fr": "summarizer.lang.fr",
    "en": "summarizer.lang.en",
}

DEFAULT = "fr"


def is_known(code: object) -> bool:
    return isinstance(code, str) and code in LANGUAGES


@cache
def _load(code: str, module: str) -> Lang:
    from summarizer.lang.base import Lang

    pack = importlib.import_module(module).LANG
    if not isinstance(pack, Lang) or pack.code != code:
        raise TypeError(f"{module}.LANG is not the {code!r} language pack")
    return pack


def get_lang(code: str | None = None) -> Lang:
    """The pack of ``code`` (French when None); ``KeyError`` for a code no pack serves."""
    code = code or DEFAULT
    return _load(code, LANGUAGES[code])


def code_of(tag: str | None) -> str:
    """The pack serving a language tag ("en-GB" -> "en", "EN" -> "en"); French for none or one no pack serves."""
    code = re.split(r"[-_]", (tag or "").strip().lower(), maxsplit=1)[0]
    return code if code in LANGUAGES else DEFAULT


def codes() -> tuple[str, ...]:
    """Every language code, French first: what the schema, the CLI and the service accept."""
    return tuple(LANGUAGES)


def choices(*extra: str) -> str:
    """"'fr', 'en' or 'auto'", as pydantic lists the values it accepts (the messages translate "or")."""
    quoted = [f"'{code}'" for code in (*codes(), *extra)]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def pattern() -> str:
    """The JSON Schema pattern of a language code: "^(fr|en)$"."""
    return "^(" + "|".join(codes()) + ")$"


if TYPE_CHECKING:
    LanguageOption: TypeAlias = str
else:
    #: what ``--language`` and the upload form accept: a pack's code, or "auto" (detected from the call)
    LanguageOption = Literal[tuple([*LANGUAGES, "auto"])]


__all__ = ["DEFAULT", "LANGUAGES", "LanguageOption", "choices", "code_of", "codes", "get_lang", "is_known", "pattern"]
