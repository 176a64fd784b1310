"""The account pages of ``crc serve``: one plan de compte per client, from the CRCs of its done jobs.

``/accounts/{client}/brief`` is the brief before the next call, rendered on the server (same token as the
API: a page needs no script to read it). ``/accounts`` and ``/accounts/{client}`` are a page shell (no data, like ``/``); the data comes from
``/api/accounts...`` behind the same token as the job API, fetched by ``static/account.js``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ValidationError

from summarizer import __version__
from summarizer.crc import CRC, call_key
from summarizer.downstream.account import Account, LoadedCrc, build_account, clients_of, select_client
from summarizer.lang import get_lang
from summarizer.serve.db import JobFilter, JobStore
from summarizer.serve.jobs import artifact_path, job_dir
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


def _done_crcs(store: JobStore, data_dir: Path, who: Principal) -> Iterator[LoadedCrc]:
    """The CRC of every done job ``who`` may see (its latest version); a missing or unreadable file is skipped.

    An account is built from these only: a rep's account plan holds their own calls with the
    client, a manager's their team's, never another rep's notes.
    """
    offset = 0
    while True:
        page = store.list_jobs(JobFilter(status="done", limit=_PAGE, offset=offset), who.visible_clause())
        for rec in page:
            path = artifact_path(job_dir(data_dir, rec.id), "json")
            try:
                yield LoadedCrc(crc=CRC.model_validate_json(path.read_bytes()), source=rec.filename)
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

    # before the page shell's {client:path}, which would take "X/brief" as a client
    @router.get("/accounts/{client:path}/brief", tags=["accounts"], dependencies=[auth])
    def brief(request: Request, client: str, who: Who, kind: Literal["md", "html", "docx"] | None = None,
              as_of: AsOf = None) -> Response:
        """Avant le prochain appel : la page du commercial (HTML), ou ses fichiers md, html, docx (``kind``)."""
        from summarizer.downstream.brief import build_brief
        from summarizer.render.account import _quote_md
        from summarizer.render.brief import render_docx, render_html, render_markdown, sections
        from summarizer.serve.messages import request_language

        crcs = list(_done_crcs(store, data_dir, who))  # the caller's calls only, as the account
        if not select_client(crcs, client):
            raise ApiError(404, "account_not_found", client=client[:100])
        lang = request_language(request.headers.get("accept-language"))
        page = build_brief(crcs, client, as_of or dt.date.today(), language=lang)
        audit(request, who, "export" if kind else "view", None, f"{page.client} (brief{f' {kind}' if kind else ''})")
        if kind is not None:
            data = render_docx(page) if kind == "docx" else (render_markdown if kind == "md" else render_html)(page).encode()
            media = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}.get(kind, FILES["docx"][1])
            name = f"{_slug_of(page.client)}-brief.{kind}"
            return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
        response = templates.TemplateResponse(request, "brief.html", {
            "brief": page, "sections": sections(page), "w": get_lang(lang).strings.brief, "lang": lang,
            "version": __version__, "client": client, "as_of": page.as_of.isoformat(),
            "cite": lambda q: _quote_md(q, lang)})
        response.headers["Content-Language"] = lang
        response.headers["Vary"] = "Accept-Language"
        return response

    @router.get("/accounts", response_class=HTMLResponse, include_in_schema=False)
    @router.get("/accounts/{client:path}", response_class=HTMLResponse, include_in_schema=False)
    def page(request: Request, client: str | None = None) -> Response:
        """The page shell, its own text in the request's language (:mod:`.page_text`)."""
        from summarizer.serve.page_text import localized_page

        context = {"auth_required": auth_required, "sign_in": sign_in, "version": __version__, "client": client or ""}
        return localized_page(templates, request, "account.html", context)

    return router


def _slug(account: Account) -> str:
    return _slug_of(account.client)


def _slug_of(client: str) -> str:
    from summarizer.crc import client_slug

    return client_slug(client)

