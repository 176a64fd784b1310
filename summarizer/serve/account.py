"""The account pages of ``crc serve``: one plan de compte per client, from the CRCs of its done jobs.

``/accounts``, ``/accounts/{client}`` and ``/accounts/{client}/brief`` (the brief before the next call) are
page shells (no data, like ``/``); the data comes from ``/api/accounts...`` behind the same token as the job
API, fetched by ``static/account.js`` and ``static/brief.js`` with the token the page keeps (a plain link
cannot carry an ``Authorization`` header, so a page that needed it would answer 401 in token mode).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field, ValidationError

from summarizer import __version__
from summarizer.crc import call_key
from summarizer.downstream.account import Account, LoadedCrc, build_account, clients_of, select_client
from summarizer.downstream.brief import Brief
from summarizer.lang import get_lang
from summarizer.serve.db import JobFilter, JobStore
from summarizer.serve.jobs import job_dir, load_crc
from summarizer.serve.messages import ApiError
from summarizer.serve.users import Principal, Who

HERE = Path(__file__).parent
_PAGE = 500
FILES: dict[str, tuple[str, str]] = {
    "json": ("account.json", "application/json"),
    "md": ("account.md", "text/markdown; charset=utf-8"),
    "html": ("account.html", "text/html; charset=utf-8"),
    "docx": ("account.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


#: module level: FastAPI resolves the handlers' string annotations in this module's globals
AsOf = Annotated[dt.date | None, Query(description="Date de référence (défaut : aujourd'hui).")]


class AccountSummary(BaseModel):
    client: str
    calls: int
    last_call: dt.date


class BriefQuote(BaseModel):
    crc_id: str
    cite: str = Field(description="The quote, who said it and the call's date, as the renders print it.")


class BriefLine(BaseModel):
    text: str
    evidence: list[BriefQuote]


class BriefSection(BaseModel):
    name: str
    empty: str = Field(description="What the page says when the section has no line.")
    lines: list[BriefLine]


class BriefView(BaseModel):
    """The brief as the page reads it: its text in the request's language, and the data (``brief``)."""

    title: str
    intro: str
    sections: list[BriefSection]
    brief: Brief


def brief_view(page: Brief) -> BriefView:
    from summarizer.render.account import _quote_md
    from summarizer.render.brief import heading, sections

    w = get_lang(page.language).strings.brief
    title, intro = heading(page)
    return BriefView(title=title, intro=intro, brief=page, sections=[
        BriefSection(name=name, empty=w.no_next_step if i == 0 else w.none, lines=[
            BriefLine(text=text, evidence=[BriefQuote(crc_id=e.crc_id, cite=_quote_md(e, page.language)) for e in ev])
            for text, ev in rows])
        for i, (name, rows) in enumerate(sections(page))])


def _done_crcs(store: JobStore, data_dir: Path, who: Principal) -> Iterator[LoadedCrc]:
    """The CRC of every done job ``who`` may see (its latest version); a missing or unreadable file is skipped.

    An account is built from these only: a rep's account plan holds their own calls with the
    client, a manager's their team's, never another rep's notes.
    """
    offset = 0
    while True:
        page = store.list_jobs(JobFilter(status="done", limit=_PAGE, offset=offset), who.visible_clause())
        for rec in page:
            try:
                yield LoadedCrc(crc=load_crc(job_dir(data_dir, rec.id)), source=rec.filename)
            except (OSError, ValidationError, ValueError):
                continue
        if len(page) < _PAGE:
            return
        offset += _PAGE


def account_router(
    store: JobStore, data_dir: Path, auth: Any, *, audit: Callable[..., None], auth_required: bool,
    sign_in: bool = False,
) -> APIRouter:
    """Routes to include in the app; ``auth`` is the app's token dependency (API routes only), ``audit``
    records an access (request, principal, action, job id, target)."""
    router = APIRouter()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    context = {"auth_required": auth_required, "sign_in": sign_in, "version": __version__}
    _brief_routes(router, templates, store, data_dir, auth, audit, context)  # first: "{client:path}" takes the rest

    def load(client: str, as_of: dt.date | None, who: Principal) -> Account:
        crcs = list(_done_crcs(store, data_dir, who))
        if not select_client(crcs, client):
            raise ApiError(404, "account_not_found", client=client[:100])
        return build_account(crcs, client, as_of or dt.date.today())

    @router.get("/api/accounts", response_model=list[AccountSummary], tags=["accounts"], dependencies=[auth])
    def list_accounts(who: Who) -> list[AccountSummary]:
        """Les clients qui ont au moins un CRC terminé (parmi les appels que l'appelant voit)."""
        crcs = list(_done_crcs(store, data_dir, who))
        out = []
        for name in clients_of(crcs):
            mine = select_client(crcs, name)
            calls = {call_key(c.crc.id) for c in mine}
            out.append(AccountSummary(client=name, calls=len(calls), last_call=max(c.crc.meeting.date for c in mine)))
        return sorted(out, key=lambda a: (-a.last_call.toordinal(), a.client.lower()))

    @router.get("/api/accounts/{client:path}/chart.svg", tags=["accounts"], dependencies=[auth])
    def chart(client: str, who: Who, as_of: AsOf = None) -> Response:
        """La note de chaque appel (SVG)."""
        from summarizer.render.account import score_chart

        return Response(score_chart(load(client, as_of, who)), media_type="image/svg+xml")

    @router.get("/api/accounts/{client:path}/files/{kind}", tags=["accounts"], dependencies=[auth])
    def download(
        client: str, kind: Literal["json", "md", "html", "docx"], request: Request, who: Who, as_of: AsOf = None,
    ) -> Response:
        """Télécharger le plan de compte : json, md, html ou docx."""
        from summarizer.render.account import render_docx, render_html, render_json, render_markdown

        account = load(client, as_of, who)
        audit(request, who, "export", None, f"{account.client} ({kind})")
        renderers = {"json": render_json, "md": render_markdown, "html": render_html}
        data = render_docx(account) if kind == "docx" else renderers[kind](account).encode()
        name, media_type = FILES[kind]
        return Response(data, media_type=media_type,
                        headers={"Content-Disposition": f'attachment; filename="{_slug(account)}-{name}"'})

    # after chart.svg and files/: a client name may hold "/" ("Ørsted A/S"), so {client:path} takes the rest
    @router.get("/api/accounts/{client:path}", response_model=Account, tags=["accounts"], dependencies=[auth])
    def get_account(client: str, request: Request, who: Who, as_of: AsOf = None) -> Account:
        """Le plan de compte : interlocuteurs, engagements (fait / en retard / ouvert), risques, décisions, appels."""
        account = load(client, as_of, who)
        audit(request, who, "view", None, account.client)
        return account

    @router.get("/accounts", response_class=HTMLResponse, include_in_schema=False)
    @router.get("/accounts/{client:path}", response_class=HTMLResponse, include_in_schema=False)
    def page(request: Request, client: str | None = None) -> Response:
        """The page shell, its own text in the request's language (:mod:`.page_text`)."""
        from summarizer.serve.page_text import localized_page

        return localized_page(templates, request, "account.html", {**context, "client": client or ""})

    return router


def _brief_routes(router: APIRouter, templates: Jinja2Templates, store: JobStore, data_dir: Path, auth: Any,
                  audit: Callable[..., None], context: dict[str, Any]) -> None:
    """The brief before the next call: its page shell, its data and its files (registered before the
    account's routes, whose ``{client:path}`` would take "X/brief" as a client)."""

    def load_brief(request: Request, client: str, as_of: dt.date | None, who: Principal) -> Brief:
        from summarizer.downstream.brief import build_brief
        from summarizer.serve.messages import request_language

        crcs = list(_done_crcs(store, data_dir, who))  # the caller's calls only, as the account
        if not select_client(crcs, client):
            raise ApiError(404, "account_not_found", client=client[:100])
        lang = request_language(request.headers.get("accept-language"))
        return build_brief(crcs, client, as_of or dt.date.today(), language=lang)

    @router.get("/api/accounts/{client:path}/brief/files/{kind}", tags=["accounts"], dependencies=[auth])
    def brief_file(client: str, kind: Literal["md", "html", "docx"], request: Request, who: Who,
                   as_of: AsOf = None) -> Response:
        """Télécharger la page « avant le prochain appel » : md, html ou docx (dans la langue de la requête)."""
        from summarizer.render.brief import render_docx, render_html, render_markdown

        page = load_brief(request, client, as_of, who)
        audit(request, who, "export", None, f"{page.client} (brief {kind})")
        data = render_docx(page) if kind == "docx" else (render_markdown if kind == "md" else render_html)(page).encode()
        media = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}.get(kind, FILES["docx"][1])
        name = f"{_slug_of(page.client)}-brief.{kind}"
        return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @router.get("/api/accounts/{client:path}/brief", response_model=BriefView, tags=["accounts"], dependencies=[auth])
    def brief(client: str, request: Request, who: Who, as_of: AsOf = None) -> BriefView:
        """Avant le prochain appel : engagements ouverts (les nôtres d'abord), risques, décisions en attente,
        personnes jamais rencontrées, dernière étape, questions ; chaque ligne avec sa citation."""
        page = load_brief(request, client, as_of, who)
        audit(request, who, "view", None, f"{page.client} (brief)")
        return brief_view(page)

    @router.get("/accounts/{client:path}/brief", response_class=HTMLResponse, include_in_schema=False)
    def brief_page(request: Request, client: str) -> Response:
        """The brief's page shell; ``static/brief.js`` fetches its data with the page's token."""
        from summarizer.serve.page_text import localized_page

        return localized_page(templates, request, "brief.html", {**context, "client": client})


def _slug(account: Account) -> str:
    return _slug_of(account.client)


def _slug_of(client: str) -> str:
    from summarizer.crc import client_slug

    return client_slug(client)

