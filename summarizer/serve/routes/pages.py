"""The HTML page shells and the health probe: what a browser or a load balancer reads without a token.

A shell carries no data, only its own text in the request's language (:mod:`..page_text`); the
page's script then calls the API with the caller's token or session.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import text

from summarizer import __version__
from summarizer.serve.auth import auth_required
from summarizer.serve.db import JobStore
from summarizer.serve.messages import ApiError
from summarizer.serve.page_text import localized_page
from summarizer.serve.routes.context import templates
from summarizer.serve.settings import ServeSettings

router = APIRouter()


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
def index(request: Request) -> Response:
    """The upload page, its own text in the request's language (:mod:`.page_text`)."""
    settings: ServeSettings = request.app.state.settings
    return localized_page(templates(request), request, "index.html", {
        "auth_required": auth_required(settings), "sign_in": settings.oidc_enabled,
        "max_upload_mb": settings.max_upload_mb, "version": __version__,
    })


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request) -> Response:
    """The admin page shell; its rows come from ``/api/audit`` (admins only, checked there)."""
    context = {"auth_required": auth_required(request.app.state.settings), "version": __version__}
    return localized_page(templates(request), request, "audit.html", context)


@router.get("/healthz", tags=["service"])
def healthz(request: Request) -> dict[str, str]:
    """Liveness and database reachability."""
    store: JobStore = request.app.state.store
    try:
        with store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        raise ApiError(503, "database_down") from exc
    return {"status": "ok", "version": __version__}
