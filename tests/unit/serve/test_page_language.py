"""The pages' own text follows ``Accept-Language`` (fr by default, en), and no string is missing in either language."""

from __future__ import annotations

import json
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from serve_support import running, settings_for

from summarizer.serve.messages import Lang
from summarizer.serve.page_text import PAGE_TEXT, page_text

SERVE = Path(__file__).resolve().parents[3] / "summarizer" / "serve"
EN = {"Accept-Language": "en-GB,en;q=0.9"}
FR = {"Accept-Language": "fr-FR"}
#: a string the JS looks up: t("key") or t("key", {...})
JS_KEY = re.compile(r"\bt\(\s*\"([A-Za-z0-9_]+)\"")
#: a string the templates look up: t.key
TEMPLATE_KEY = re.compile(r"\bt\.([A-Za-z0-9_]+)")
PAGES = ["/", "/accounts", "/accounts/Transports%20Ferrand", "/accounts/Transports%20Ferrand/brief"]


class _Visible(HTMLParser):
    """The page's visible text nodes and labelling attributes, and its JSON data block."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.data_block: str | None = None
        self._in_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in_script = dict(attrs).get("id") or ""
        for name, value in attrs:
            if name in {"placeholder", "aria-label", "alt", "title"} and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script == "page-text":
            self.data_block = (self.data_block or "") + data
        elif self._in_script is None and data.strip():
            self.texts.append(data.strip())


def _parse(html: str) -> _Visible:
    parser = _Visible()
    parser.feed(html)
    return parser


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _only(lang: int) -> set[str]:
    """Strings of one language that differ from the other's and take no placeholder (so appear verbatim)."""
    return {pair[lang] for pair in PAGE_TEXT.values() if pair[0] != pair[1] and not _fields(pair[lang])}


@pytest.mark.parametrize(("headers", "lang"), [({}, "fr"), (FR, "fr"), (EN, "en")])
def test_pages_speak_the_requests_language(tmp_path: Path, headers: dict[str, str], lang: Lang) -> None:
    with running(settings_for(tmp_path, max_upload_mb=100), start_workers=False) as (client, _app):
        answers = {path: client.get(path, headers=headers) for path in PAGES}
        assert client.head("/", headers=headers).headers["content-language"] == lang
    for path, r in answers.items():
        assert r.status_code == 200, path
        assert r.headers["content-language"] == lang, path
        assert "accept-language" in r.headers["vary"].lower(), path
        assert f'<html lang="{lang}">' in r.text, path
        page = _parse(r.text)
        # the JSON block the JS reads holds the same language's strings, and the CSP still forbids inline scripts
        assert page.data_block is not None and json.loads(page.data_block) == page_text(lang), path
        assert "script-src 'self';" in r.headers["content-security-policy"]
        scripts = re.findall(r'<script src="/static/([a-z]+\.js)', r.text)
        own = "brief.js" if path.endswith("/brief") else "account.js" if path.startswith("/accounts") else "app.js"
        assert scripts == ["common.js", own], path  # shared first
        other = _only(0 if lang == "en" else 1)
        assert not other & set(page.texts), (path, other & set(page.texts))
    index, accounts = _parse(answers["/"].text).texts, _parse(answers["/accounts"].text).texts
    if lang == "en":
        assert "New call report" in index and "Recent analyses" in index and "Analyse the call" in index
        assert "Download .docx" in index and "Maximum size: 100 MB. Recordings and transcripts stay confidential " \
            "and can be deleted at any time." in index
        assert "Nouveau compte rendu" not in answers["/"].text
        assert "Account plans" in accounts and "Plans de compte" not in answers["/accounts"].text
        assert "Claire Martin:vendor, Marc Ferrand:client" in index  # the placeholder shows the syntax, kept as is
    else:  # the French text is unchanged
        assert "Nouveau compte rendu" in index and "Dernières analyses" in index and "Analyser l'appel" in index
        assert "Taille maximale : 100 Mo. Les enregistrements et transcriptions restent confidentiels et peuvent " \
            "être supprimés à tout moment." in index
        assert "Plans de compte" in accounts and "New call report" not in answers["/"].text


def test_every_string_has_both_languages_with_the_same_fields() -> None:
    assert PAGE_TEXT
    for key, pair in PAGE_TEXT.items():
        assert re.fullmatch(r"[a-z0-9_]+", key), key  # usable as t.key in Jinja and t("key") in JS
        assert len(pair) == 2 and all(isinstance(s, str) and s.strip() for s in pair), key
        assert _fields(pair[0]) == _fields(pair[1]), key
        assert all(re.fullmatch(r"[a-z]+", name) for name in _fields(pair[0])), key  # the JS t() fills {word} only


def test_every_key_the_pages_use_exists() -> None:
    """A string the JS or a template asks for but page_text lacks would show its key (or nothing): caught here."""
    used: dict[str, set[str]] = {}
    for name, pattern in [("static/app.js", JS_KEY), ("static/account.js", JS_KEY),
                          ("templates/index.html", TEMPLATE_KEY), ("templates/account.html", TEMPLATE_KEY),
                          ("templates/_token.html", TEMPLATE_KEY), ("static/audit.js", JS_KEY),
                          ("templates/audit.html", TEMPLATE_KEY), ("static/brief.js", JS_KEY),
                          ("templates/brief.html", TEMPLATE_KEY), ("static/common.js", JS_KEY)]:
        keys = set(pattern.findall((SERVE / name).read_text(encoding="utf-8")))
        assert keys or name.endswith(".js"), name  # a page script may leave all its text to its template
        used[name] = keys
        assert keys <= set(PAGE_TEXT), (name, sorted(keys - set(PAGE_TEXT)))
    everything = set().union(*used.values())
    assert not set(PAGE_TEXT) - everything, sorted(set(PAGE_TEXT) - everything)  # no dead strings
    common = (SERVE / "static/common.js").read_text(encoding="utf-8")
    assert '"Accept-Language": LANG' in common  # API errors come back in the page's language
    for name in ("static/app.js", "static/account.js", "static/audit.js", "static/brief.js", "static/common.js"):
        source = (SERVE / name).read_text(encoding="utf-8")
        # every page's API calls carry the headers: its own fetch, or the token page's (common.js tokenPage)
        assert name == "static/common.js" or ("headers(" in source and "fetch(" in source) or "tokenPage(" in source, name
        assert not re.search(r"[À-ÿ«»]", source), name  # no French left hard-coded
