"""Sign-in with the company's identity provider: OpenID Connect, authorization code flow with PKCE (Authlib).

``/auth/login`` sends the browser to the provider (state, nonce and the PKCE verifier kept in a
short-lived signed cookie); ``/auth/callback`` exchanges the code, and Authlib checks the ID
token (signature against the provider's keys, issuer, audience, expiry, nonce). The user is
matched by e-mail to crc's table; one absent from it may still come in when the configured
groups claim (``CRC_OIDC_GROUPS_CLAIM``) gives a role: ``crc-admin``, ``crc-manager`` or
``crc-rep``, and ``crc-team-<name>`` the team. The session is a server-side row
(:mod:`.sessions`) behind an HttpOnly, SameSite=Lax cookie, Secure behind TLS.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping
from typing import Any

from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from joserfc.errors import ExpiredTokenError, JoseError

from summarizer.serve.messages import ApiError
from summarizer.serve.sessions import COOKIE, SessionStore
from summarizer.serve.settings import ServeSettings
from summarizer.serve.users import Role, User, UserStore

log = logging.getLogger("summarizer.serve")


def _http_errors() -> tuple[type[Exception], ...]:
    """The HTTP client errors Authlib may raise: httpx2's when installed (Authlib prefers it), httpx's otherwise."""
    import httpx

    errors: list[type[Exception]] = [httpx.HTTPError]
    try:  # by name: httpx2 is Authlib's optional choice, not a dependency of crc
        errors.append(importlib.import_module("httpx2").HTTPError)
    except ImportError:
        pass
    return tuple(errors)


HTTP_ERRORS = _http_errors()
GROUP_PREFIX = "crc-"
#: how long the provider may take to send the browser back (state, nonce, PKCE verifier)
LOGIN_COOKIE_SECONDS = 600


def user_from_claims(claims: Mapping[str, Any], users: UserStore, groups_claim: str | None) -> User | None:
    """crc's user for these ID-token claims: the table first, then the groups claim; None when neither knows them."""
    email = str(claims.get("email") or "").strip().lower()
    if not email or claims.get("email_verified") is False:
        return None
    known = users.get(email)
    if known is not None:
        return known
    groups = claims.get(groups_claim) if groups_claim else None
    if not isinstance(groups, list):
        return None
    names = {str(g) for g in groups}
    role: Role | None = next((r for r in ("admin", "manager", "rep") if f"{GROUP_PREFIX}{r}" in names), None)
    if role is None:
        return None
    team = next((g[len(f"{GROUP_PREFIX}team-"):] for g in sorted(names) if g.startswith(f"{GROUP_PREFIX}team-")), None)
    name = str(claims.get("name") or email)
    return User(email=email, name=name, role=role, team=team or None)


def secure_cookies(settings: ServeSettings, request: Request | None = None) -> bool:
    """Secure cookies behind TLS: the public address is https, or the request itself came over it."""
    if settings.public_url and settings.public_url.lower().startswith("https://"):
        return True
    return request is not None and request.url.scheme == "https"


def oidc_router(
    settings: ServeSettings, users: UserStore, sessions: SessionStore, audit: Callable[..., None]
) -> APIRouter:
    """``/auth/login``, ``/auth/callback``, ``/auth/logout``; ``audit`` records sign-ins and sign-outs."""
    oauth = OAuth()
    issuer = (settings.oidc_issuer or "").rstrip("/")
    secret = settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else None
    oauth.register(
        "idp", client_id=settings.oidc_client_id, client_secret=secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
    )
    client: Any = oauth.create_client("idp")
    router = APIRouter(include_in_schema=False)

    def callback_url(request: Request) -> str:
        if settings.public_url:
            return f"{settings.public_url.rstrip('/')}/auth/callback"
        return str(request.url_for("oidc_callback"))

    @router.get("/auth/login")
    async def login(request: Request) -> Response:
        response: Response = await client.authorize_redirect(request, callback_url(request))
        return response

    @router.get("/auth/callback", name="oidc_callback")
    async def callback(request: Request) -> Response:
        try:
            token = await client.authorize_access_token(request)
        except ExpiredTokenError as exc:
            log.info("sign-in refused: expired ID token")
            raise ApiError(401, "sign_in_expired") from exc
        except (OAuthError, JoseError, ValueError, KeyError) as exc:
            log.info("sign-in refused: %s", type(exc).__name__)
            raise ApiError(401, "sign_in_invalid") from exc
        except HTTP_ERRORS as exc:  # the provider refused the code exchange, or did not answer
            log.warning("sign-in failed: identity provider %s", type(exc).__name__)
            raise ApiError(502, "sign_in_provider") from exc
        claims = token.get("userinfo") or {}
        user = user_from_claims(claims, users, settings.oidc_groups_claim)
        if user is None:
            raise ApiError(403, "sign_in_unknown_user", email=str(claims.get("email") or "?")[:100])
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            COOKIE, sessions.open(user), max_age=int(settings.session_hours * 3600), path="/", httponly=True,
            secure=secure_cookies(settings, request), samesite="lax",
        )
        audit(request, users.principal(user), "sign_in")
        return response

    @router.post("/auth/logout")
    def logout(request: Request) -> Response:
        """Ends the session server-side (a copy of the cookie stops working too) and drops the cookie."""
        value = request.cookies.get(COOKIE)
        user = sessions.user(value)
        sessions.close(value)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(COOKIE, path="/", httponly=True, secure=secure_cookies(settings, request), samesite="lax")
        if user is not None:
            audit(request, users.principal(user), "sign_out")
        return response

    return router
