"""The FastAPI app: settings, shared state, middleware and the routers, assembled.

Build it with :func:`create_app`; ``crc serve`` runs it under uvicorn. The routes live in one
router per resource (:mod:`.routes`, :mod:`.account`, :mod:`.oidc`) and read what they share from
``app.state``. Handlers are plain ``def`` (run in the thread pool): they only touch the job table
and the job's directory, and the heavy work happens in :mod:`.jobs` workers.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from summarizer import __version__
from summarizer.errors import ConfigError
from summarizer.serve import jobs as jobs_mod
from summarizer.serve.account import account_router
from summarizer.serve.audit import AuditLog
from summarizer.serve.auth import auth_required, authenticate, service_token
from summarizer.serve.db import JobStore
from summarizer.serve.jobs import Processor, WorkerPool
from summarizer.serve.messages import ApiError, framework_key, message, request_language, validation_details
from summarizer.serve.remote import remote_processor
from summarizer.serve.routes import crc, jobs, pages, people, replies
from summarizer.serve.routes.context import record
from summarizer.serve.routes.replies import REPLY_LIMIT
from summarizer.serve.security import (
    BodyLimitMiddleware,
    ConfidentialErrorsMiddleware,
    OriginGuardMiddleware,
    SecurityHeadersMiddleware,
    is_loopback,
)
from summarizer.serve.sessions import SessionStore
from summarizer.serve.settings import ServeSettings
from summarizer.serve.users import UserStore, caller

HERE = Path(__file__).parent


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Workers run while the app serves; the job table closes after them."""
    if app.state.start_workers:
        app.state.pool.start()
    try:
        yield
    finally:
        app.state.pool.stop()
        app.state.store.close()


def create_app(
    settings: ServeSettings | None = None, *, host: str = "127.0.0.1", processor: Processor | None = None,
    start_workers: bool = True,
) -> FastAPI:
    """The app, its job table and worker pool. Without a token or sign-in (OIDC), only a loopback ``host`` is allowed."""
    settings = settings or ServeSettings()
    if service_token(settings) is None and not settings.oidc_enabled and not is_loopback(host):
        raise ConfigError(
            f"écoute sur {host} sans jeton : définissez CRC_API_TOKEN (ou utilisez --host 127.0.0.1)."
        )
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    app = FastAPIOffline(  # Swagger UI served from the package: /docs works without internet
        title="crc — comptes rendus commerciaux",
        version=__version__,
        description="Déposer un enregistrement ou une transcription d'appel et obtenir le CRC noté, "
        "ses pièces (.docx, .eml, .md, .ics, .json) et l'e-mail de suivi.",
        lifespan=_lifespan,
        redoc_url=None,
    )
    _set_state(app, settings, processor, start_workers)
    _include_routers(app, settings)
    _add_error_handlers(app)
    _add_middleware(app, settings)
    return app


def _set_state(app: FastAPI, settings: ServeSettings, processor: Processor | None, start_workers: bool) -> None:
    """What the routers share, on ``app.state`` (tests read the store and pool there too)."""
    store = JobStore(settings.sqlalchemy_url())
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["downloads"] = jobs_mod.page_downloads  # the page's buttons, from the outputs registry
    state = app.state
    state.settings, state.store, state.templates, state.start_workers = settings, store, templates, start_workers
    state.pool = WorkerPool(store, settings, processor or remote_processor() or jobs_mod.run_job)
    state.users = UserStore(store.engine)
    state.audit = AuditLog(store.engine, settings.retention_days)
    state.sessions = SessionStore(store.engine, settings.session_hours)
    state.authenticate = authenticate  # behind every ``who: Who`` (users.caller)


def _include_routers(app: FastAPI, settings: ServeSettings) -> None:
    app.include_router(pages.router)
    app.include_router(account_router(
        app.state.store, settings.data_dir, Depends(caller), audit=record, auth_required=auth_required(settings),
        sign_in=settings.oidc_enabled,
    ))
    if settings.oidc_enabled:
        from summarizer.serve.oidc import oidc_router

        app.include_router(oidc_router(settings, app.state.users, app.state.sessions, record))
    app.mount("/static", StaticFiles(directory=str(HERE / "static"), html=False), name="static")
    for router in (people.router, jobs.router, crc.router, replies.router):
        app.include_router(router)


def _add_error_handlers(app: FastAPI) -> None:
    """FastAPI's errors and ours, in the request's language."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        """FastAPI's 422 in the request's language, naming fields, without the ``input`` it would echo."""
        lang = request_language(request.headers.get("accept-language"))
        return JSONResponse(
            {"detail": validation_details(exc.errors(), lang)}, status_code=422, headers={"Content-Language": lang}
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """Our errors and the framework's (404, 405, multipart) in the request's language."""
        lang = request_language(request.headers.get("accept-language"))
        if isinstance(exc, ApiError):
            detail: Any = exc.localized(lang)
        elif (key := framework_key(exc.detail)) is not None:
            detail = message(key, lang)
        else:
            detail = exc.detail
        headers = {**(exc.headers or {}), "Content-Language": lang}
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=headers)


def _add_middleware(app: FastAPI, settings: ServeSettings) -> None:
    """Added innermost first: the size limit, the origin guard, the confidential 500, then headers on everything."""
    if settings.oidc_enabled:  # Authlib keeps the sign-in's state, nonce and PKCE verifier here, 10 minutes
        from starlette.middleware.sessions import SessionMiddleware

        from summarizer.serve.oidc import LOGIN_COOKIE_SECONDS, secure_cookies

        signing = settings.session_secret.get_secret_value() if settings.session_secret else secrets.token_urlsafe(32)
        app.add_middleware(
            SessionMiddleware, secret_key=signing, session_cookie="crc_login", max_age=LOGIN_COOKIE_SECONDS,
            same_site="lax", https_only=secure_cookies(settings),
        )
    app.add_middleware(BodyLimitMiddleware, upload_limit=settings.max_upload_bytes, reply_limit=REPLY_LIMIT)
    loopback_only = service_token(settings) is None and not settings.oidc_enabled
    app.add_middleware(OriginGuardMiddleware, loopback_only=loopback_only, allowed_origins=settings.origins())
    app.add_middleware(ConfidentialErrorsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
