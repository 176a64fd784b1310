"""The two HTML pages' own text (their "chrome"), in the request's language (``Accept-Language``: fr by default, en).

The strings live in the language packs (``summarizer/lang/<code>/strings.py``, field
``page``). The templates take every visible string from :func:`page_text`, and embed the
same dict as a JSON data block (``<script type="application/json"
id="page-text">``, not executed, so the CSP's ``script-src 'self'`` holds) that
``app.js`` and ``account.js`` read with their ``t("key", {field: value})``.
The pages send ``Accept-Language`` with every API call, so error messages
(the service's and the pipeline's) come back in the page's language too; the
CRC and its score stay in the call's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from summarizer.lang import get_lang
from summarizer.messages import Lang
from summarizer.serve.messages import request_language


def page_text(lang: Lang) -> dict[str, str]:
    """Every page string in one language, by key: what the templates render and embed for the JS.

    The page's own strings are the pack's ``page`` fields; the meeting types (``type_discovery``...)
    are the pack's short names, the ones the account plan writes.
    """
    strings = get_lang(lang).strings
    text = asdict(strings.page)
    text.update((f"type_{kind}", name) for kind, name in asdict(strings.meeting_types_short).items())
    return text


#: key -> (French, English): both packs side by side, to check that every string is translated
PAGE_TEXT: dict[str, tuple[str, str]] = {
    key: (french, page_text("en")[key]) for key, french in page_text("fr").items()
}


def localized_page(templates: Jinja2Templates, request: Request, name: str, context: Mapping[str, Any]) -> Response:
    """Render a page in the request's language, saying so (``Content-Language``) and that it varies with it."""
    lang = request_language(request.headers.get("accept-language"))
    response = templates.TemplateResponse(request, name, {**context, "lang": lang, "t": page_text(lang)})
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language"
    return response
