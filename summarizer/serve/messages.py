"""The web service's user-facing messages, in the request's language (``Accept-Language``: a pack's code, fr by default).

Every message the service itself writes has a key in the packs' ``service`` mapping
(``lang/<code>/messages.py``); framework messages
(FastAPI's 422s, Starlette's 404/405, multipart errors) are replaced by these.
A validation error names the field and never repeats what was sent: a 422 must
not echo an uploaded transcript back. Messages from the pipeline (a file that
cannot be read, an edited CRC that fails its checks) come from
:mod:`summarizer.messages`, the same as the command line's, in either language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fastapi import HTTPException

from summarizer.errors import CrcError
from summarizer.lang import DEFAULT, is_known
from summarizer.messages import Lang, Message, reason_of, words

#: English details Starlette/FastAPI raise by themselves (start of the text) -> our key
FRAMEWORK_DETAILS: dict[str, str] = {
    "Not Found": "not_found",
    "Method Not Allowed": "method_not_allowed",
    "Invalid multipart data.": "bad_multipart",
    "Missing boundary in multipart.": "bad_multipart",
    "Too many files.": "bad_multipart",
    "Too many fields.": "bad_multipart",
    "Part exceeded maximum size": "bad_multipart",
    "There was an error parsing the body": "bad_multipart",
}


def framework_key(detail: object) -> str | None:
    """Our key for an English message the framework wrote, if it is one."""
    if not isinstance(detail, str):
        return None
    return next((key for start, key in FRAMEWORK_DETAILS.items() if detail.startswith(start)), None)

_LANG = re.compile(r"^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def request_language(accept_language: str | None) -> Lang:
    """The best language a pack serves in an ``Accept-Language`` header by quality; French when none is asked for."""
    best: tuple[float, int, Lang] | None = None
    for position, part in enumerate((accept_language or "").split(",")[:20]):
        m = _LANG.match(part)
        if not m or not is_known(m.group(1).lower()):
            continue
        try:
            quality = float(m.group(2)) if m.group(2) else 1.0
        except ValueError:
            continue
        lang: Lang = m.group(1).lower()
        if quality > 0 and (best is None or (quality, -position) > (best[0], best[1])):
            best = (quality, -position, lang)
    return best[2] if best else DEFAULT


def scope_language(headers: Iterable[tuple[bytes, bytes]]) -> Lang:
    """:func:`request_language` from raw ASGI headers (for the pure ASGI middlewares)."""
    for name, value in headers:
        if name == b"accept-language":
            return request_language(value.decode("latin-1"))
    return DEFAULT


def service_keys() -> frozenset[str]:
    """Every key of the service's own messages (French's, which every pack shares)."""
    return frozenset(words(None).service)


def message(key: str, lang: Lang, **params: Any) -> str:
    return words(lang).service[key].format(**params)


class ApiError(HTTPException):
    """An HTTP error in the request's language: a service message by key, or the pipeline's own
    (a :class:`~summarizer.messages.Message`, or a :class:`~summarizer.errors.CrcError` raised with one)."""

    def __init__(
        self, status_code: int, key: str | Message | CrcError, headers: Mapping[str, str] | None = None, **params: Any
    ) -> None:
        render: Callable[[Lang], str]
        if isinstance(key, CrcError):
            render = key.localized
        elif isinstance(key, Message):
            render = key.render
        else:
            def render(lang: Lang) -> str:
                return message(key, lang, **params)
        super().__init__(status_code, render("fr"), headers=dict(headers) if headers else None)
        self._render = render

    def localized(self, lang: Lang) -> str:
        return self._render(lang)


def _field(loc: Iterable[Any], lang: Lang) -> str:
    names = [str(part) for part in loc if isinstance(part, str) and part not in {"body", "query", "path", "header", "cookie"}]
    return ".".join(names) if names else words(lang).whole_body


def validation_details(errors: Iterable[Mapping[str, Any]], lang: Lang) -> list[dict[str, Any]]:
    """FastAPI's 422 items without ``input`` or ``ctx``: the place, the type and a message naming the field."""
    sep = words(lang).colon
    out = []
    for error in errors:
        loc = [part for part in error.get("loc", ()) if isinstance(part, (str, int))]
        reason = reason_of(error).render(lang)
        out.append({"loc": loc, "type": error.get("type"), "msg": f"{_field(loc, lang)}{sep}{reason}"})
    return out
