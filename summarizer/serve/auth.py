"""Who calls the service: the service token, a personal token, a sign-in session, or loopback mode.

:func:`authenticate` is ``app.state.authenticate``, the check behind every ``who: Who`` parameter
(:func:`summarizer.serve.users.caller`); it reads the settings and stores from ``app.state``.
"""

from __future__ import annotations

from fastapi import Request

from summarizer.serve.messages import ApiError
from summarizer.serve.security import check_token
from summarizer.serve.sessions import COOKIE, SessionStore
from summarizer.serve.settings import ServeSettings
from summarizer.serve.users import SERVICE, TOKEN_PREFIX, Principal, UserStore

_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def service_token(settings: ServeSettings) -> str | None:
    """``CRC_API_TOKEN``, the admin/service token, when set."""
    return settings.api_token.get_secret_value() if settings.api_token else None


def auth_required(settings: ServeSettings) -> bool:
    """False in loopback-only mode (no token, no sign-in): the pages then ask for nothing."""
    return service_token(settings) is not None or settings.oidc_enabled


def authenticate(request: Request) -> Principal:
    """The caller, or a 401 (403 for a cookie-borne write without the page's header)."""
    settings: ServeSettings = request.app.state.settings
    users: UserStore = request.app.state.users
    sessions: SessionStore = request.app.state.sessions
    token = service_token(settings)
    header = request.headers.get("authorization")
    if header:
        if token is not None and check_token(token, header):
            return SERVICE
        value = header.partition(" ")[2].strip()
        user = users.by_token(value) if header.lower().startswith("bearer ") else None
        if user is not None:
            return users.principal(user)
        if token is not None or value.startswith(TOKEN_PREFIX):  # a revoked or mistyped personal token
            raise ApiError(401, "bad_token", headers={"WWW-Authenticate": "Bearer"})
    elif (signed_in := sessions.user(request.cookies.get(COOKIE))) is not None:
        if request.method in _UNSAFE and request.headers.get("x-requested-with") != "crc":
            raise ApiError(403, "csrf_header")  # a cookie rides along by itself: ask for what only the page sends
        known = users.get(signed_in.email)
        return users.principal(known or signed_in)
    if token is None and not settings.oidc_enabled:
        return SERVICE  # loopback-only mode, enforced by OriginGuardMiddleware
    raise ApiError(401, "bad_token", headers={"WWW-Authenticate": "Bearer"})
