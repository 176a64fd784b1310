"""The pipeline's user-facing messages by key, rendered in any language pack's words.

A :class:`~summarizer.errors.CrcError` raised with a :class:`Message` renders
in French on the command line (``str(exc)``) and in the request's language in
the web service, which stores the key and parameters of a failed job rather
than its text. The templates live in the packs (``lang/<code>/messages.py``), a
language no pack serves reads French. Templates are ``str.format`` strings; a
few format specs are language-aware:

- ``{size:bytes}`` a byte count ("1,4 Mo" / "1.4 MB"); ``{size:bytes/limit}``
  also never reads like the ``limit`` parameter;
- ``{items:or}`` / ``{items:and}`` a list joined with the language's word;
- ``{items:names}`` a list joined with commas, "aucun" / "none" when empty;
- ``{loc:place}`` a pydantic location, "racine" / "root" when empty;
- ``{detail:colon}`` an optional detail after the language's colon, nothing when empty;
- a parameter that is itself a :class:`Message` (or a list of them, joined
  with " ; ") is rendered in the same language.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from summarizer.lang import get_lang, is_known

if TYPE_CHECKING:
    from summarizer.lang.messages import Messages

#: a language pack's code ("fr", "en"); any other renders French
Lang = str


def words(lang: str | None) -> Messages:
    """The messages of ``lang``'s pack; French for a language no pack serves, as the service always answered."""
    return get_lang(lang if is_known(lang) else None).messages


def catalog() -> Mapping[str, str]:
    """Every pipeline message key (French's, which every pack shares) -> its French template."""
    return words(None).catalog


def reasons() -> frozenset[str]:
    """The pydantic error types a message explains (the others read "valeur invalide")."""
    return frozenset(key.removeprefix("pydantic:") for key in catalog() if key.startswith("pydantic:")) - {"invalid"}


@dataclass(frozen=True, init=False)
class Message:
    """A message key and its parameters (JSON-able: text, numbers, lists, nested messages)."""

    key: str
    params: dict[str, Any]

    def __init__(self, key: str, /, **params: Any) -> None:
        if key not in catalog():
            raise KeyError(f"unknown message key {key!r}")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", {name: _plain(value) for name, value in params.items()})

    def render(self, lang: Lang = "fr") -> str:
        return _Formatter(lang).vformat(words(lang).catalog[self.key], (), self.params)

    def __str__(self) -> str:
        return self.render("fr")

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "params": {k: _to_json(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        """The inverse of :meth:`to_json`; ``KeyError`` for a key this version does not know."""
        return cls(str(data["key"]), **{k: _from_json(v) for k, v in dict(data.get("params") or {}).items()})

    @classmethod
    def stored(cls, data: object) -> Message | None:
        """:meth:`from_json` of a message another process or version stored; None when it cannot be read
        (a key this version does not know, a shape that is not a message), so the caller keeps its text."""
        if not isinstance(data, Mapping):
            return None
        try:
            message = cls.from_json(data)
            message.render("fr"), message.render("en")
        except (KeyError, ValueError, IndexError, TypeError, AttributeError):
            return None
        return message


def render(message: Message | str, lang: Lang = "fr") -> str:
    """A message in ``lang``; a plain string (a text never keyed) as it is."""
    return message.render(lang) if isinstance(message, Message) else message


def _plain(value: Any) -> Any:
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _to_json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"key", "params"}:
        return Message.from_json(value)
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


class _Formatter(string.Formatter):
    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.words = words(lang)
        self.params: Mapping[str, Any] = {}

    def vformat(self, format_string: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
        self.params = kwargs
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("bytes"):
            against = format_spec.partition("/")[2]
            return size_label(int(value), self.params.get(against) if against else None, self.lang)
        if format_spec == "place":  # a pydantic location: "next_steps.0.owner", "racine" when empty
            return ".".join(str(part) for part in value) or self.words.root
        if format_spec == "colon":  # an optional detail after a colon
            return "" if not value else self.words.colon + str(value)
        if format_spec == "choices":  # pydantic writes "'fr', 'en' or 'auto'"
            return str(value).replace(" or ", self.words.or_)
        if format_spec in {"or", "and", "names"} or isinstance(value, list):
            items = [self.format_field(v, "") for v in value]
            if format_spec == "names":
                return ", ".join(items) or self.words.none
            if format_spec in {"or", "and"}:
                word = self.words.or_ if format_spec == "or" else self.words.and_
                return word.join(items) if len(items) < 3 else ", ".join(items[:-1]) + word + items[-1]
            return self.words.separator.join(items)
        if isinstance(value, Message):
            return value.render(self.lang)
        return super().format_field(value, format_spec)


def size_label(size: int, limit: int | None = None, lang: Lang = "fr") -> str:
    """A byte count in the language's units ("1,4 Mo" / "1.4 MB"), precise enough never to read like ``limit``."""
    units = words(lang)
    kb, mb, byte_word = units.kb, units.mb, units.byte

    def decimal(text: str) -> str:
        return text.replace(".", units.decimal)

    if size < 1024 * 1024:
        return decimal(f"{size / 1024:.1f} {kb}") if size >= 1024 else f"{size} {byte_word}"
    if size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} {mb}"
    for decimals in range(1, 7):
        shown = f"{size / (1024 * 1024):.{decimals}f}"
        if limit is None or shown.rstrip("0").rstrip(".") != f"{limit / (1024 * 1024):.{decimals}f}".rstrip("0").rstrip("."):
            return f"{decimal(shown)} {mb}"
    return f"{size:,} {byte_word}".replace(",", units.thousands)


#: the context values a reason may show: limits and choices, never the input
_SAFE_CONTEXT = {"max_length", "min_length", "expected", "ge", "le", "gt", "lt"}


def reason_of(error: Mapping[str, Any]) -> Message:
    """One pydantic error's reason as a message, without the input value.

    crc's own validators raise :class:`MessageError`: its message is kept; a plain
    ``ValueError`` keeps its text.
    """
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if isinstance(ctx.get("error"), MessageError):
        return ctx["error"].message
    if kind == "value_error" and "UploadFile" in str(error.get("msg", "")):
        kind = "upload_expected"
    elif kind == "value_error":
        return Message("verbatim", text=str(error.get("msg", "")).removeprefix("Value error, "))
    safe = {k: v if isinstance(v, (int, float)) else str(v) for k, v in ctx.items() if k in _SAFE_CONTEXT}
    key = f"pydantic:{kind}" if kind in reasons() else "pydantic:invalid"
    message = Message(key, **safe)
    try:
        message.render("fr"), message.render("en")
    except (KeyError, IndexError, ValueError):  # a context this version did not expect
        return Message("pydantic:invalid")
    return message


def problem_of(error: Mapping[str, Any], *, skip: frozenset[str] = frozenset()) -> Message:
    """ "where : reason" for one pydantic error; ``skip`` drops location parts (FastAPI's "body")."""
    loc = [part for part in error.get("loc", ()) if isinstance(part, (str, int)) and str(part) not in skip]
    if not loc and isinstance((error.get("ctx") or {}).get("error"), MessageError):  # a rule on the whole CRC names its fields
        return reason_of(error)
    return Message("field_problem", where=loc, reason=reason_of(error))


class MessageError(ValueError):
    """What crc's pydantic validators raise: pydantic shows the French text and keeps the exception
    in the error's context, where :func:`reason_of` finds the message for other languages."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("fr"))
        self.message = message
