"""What makes the service safe on a company network: tokens, content sniffing, ids, limits, headers.

* Access: ``Authorization: Bearer <CRC_API_TOKEN>``; without a token the app
  refuses to start unless bound to loopback, then serves loopback clients only
  and checks the Host header (DNS-rebinding).
* CSRF: auth is a header, never a cookie, so a foreign page cannot ride it; on
  top, unsafe methods with a foreign ``Origin`` (or ``Sec-Fetch-Site:
  cross-site``) are refused, which also protects the token-less loopback mode.
* Uploads: the body is counted while it streams (413 beyond the limit, even
  without Content-Length); the stored suffix comes from the bytes, never from
  the client's file name, which is kept for display only.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import re
import secrets
import traceback
import unicodedata
import zipfile
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.ingest.media import audio_kind
from summarizer.ingest.transcript import sniff_format
from summarizer.serve.messages import message, scope_language

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

JOB_ID_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
TEXT_SUFFIXES = {"vtt": ".vtt", "srt": ".srt", "json": ".json", "txt": ".txt"}
#: how much of the upload the sniffer looks at
SNIFF_BYTES = 64 * 1024
#: after refusing a body, read at most this much more of it (and wait at most this long per chunk)
_DRAIN_BYTES = 16 * 1024 * 1024
_DRAIN_SECONDS = 2.0
_ENVELOPE = 64 * 1024


def describe_exception(exc: BaseException) -> str:
    """Exception type and where our code raised it; never the message, which may quote the transcript."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "summarizer" in f.filename]
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__module__}.{type(exc).__qualname__}{where}"


def new_job_id() -> str:
    """128 bits from the OS CSPRNG, URL-safe: unguessable and safe as a directory name."""
    return secrets.token_urlsafe(16)


def valid_job_id(job_id: str) -> bool:
    return bool(JOB_ID_RE.match(job_id))


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def display_name(name: str | None) -> str:
    """The client's file name, reduced to a harmless label: basename, printable, 120 chars max."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().lstrip(".") or "fichier"
    return base[:120]


def check_token(expected: str, authorization: str | None) -> bool:
    """Constant-time comparison of ``Authorization: Bearer <token>``."""
    if not authorization:
        return False
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return False
    return secrets.compare_digest(value.strip().encode(), expected.encode())


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    text = head.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(2, len(text) // 200):
        text = head.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\r\n\f") or 0x7F <= ord(ch) <= 0x9F or ch == "\ufffd")
    return controls <= max(2, len(text) // 200)


class UploadRejected(InputError):
    """An upload that is neither a recording nor a transcript; ``key`` names its message (:mod:`.messages`)."""

    def __init__(self, key: str, filename: str) -> None:
        super().__init__(message(key, "fr", name=filename))
        self.key = key


def sniff_upload(path: Path, filename: str = "fichier") -> tuple[str, bool]:
    """(suffix, is_audio) from the file's bytes; :class:`InputError` when it is neither audio nor a transcript."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head:
        raise UploadRejected("empty_file", filename)
    audio = audio_kind(head)
    if audio:
        return audio, True
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError) as exc:
            raise UploadRejected("corrupt_docx", filename) from exc
        if "word/document.xml" not in names:
            raise UploadRejected("zip_not_docx", filename)
        return ".docx", False
    if not _looks_like_text(head):
        raise UploadRejected("unsupported_upload", filename)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    return TEXT_SUFFIXES[sniff_format(text)], False


# --- ASGI middlewares (pure ASGI: they never read or log bodies) ----------------


def _json_response(
    scope: Scope, status: int, key: str, extra_headers: list[tuple[bytes, bytes]] | None = None, **params: Any
) -> tuple[Message, Message]:
    """A JSON error whose message (:mod:`.messages` ``key``) is in the request's language."""
    lang = scope_language(scope.get("headers", []))
    body = json.dumps({"detail": message(key, lang, **params)}, ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"content-language", lang.encode()),
    ]
    return (
        {"type": "http.response.start", "status": status, "headers": headers + (extra_headers or [])},
        {"type": "http.response.body", "body": body},
    )


class BodyLimitMiddleware:
    """413 when the request body exceeds the limit: checked on Content-Length and while streaming."""

    def __init__(self, app: ASGIApp, upload_limit: int, default_limit: int = 4 * 1024 * 1024,
                 reply_limit: int = 10 * 1024 * 1024) -> None:
        self.app = app
        self.upload_limit = upload_limit
        self.default_limit = default_limit
        self.reply_limit = reply_limit

    def _limits(self, scope: Scope) -> tuple[int, str, float]:
        """(bytes allowed, message key, the limit the message states in MB)."""
        path = scope["path"].rstrip("/")
        if scope["method"] == "POST" and path == "/api/jobs":  # + the multipart envelope and form fields
            return self.upload_limit + _ENVELOPE, "file_too_large", round(self.upload_limit / 1048576, 2)
        if scope["method"] == "POST" and path.startswith("/api/jobs/") and path.endswith("/reply"):
            return self.reply_limit + _ENVELOPE, "file_too_large", round(self.reply_limit / 1048576, 2)
        return self.default_limit, "request_too_large", round(self.default_limit / 1048576, 2)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, key, mb = self._limits(scope)
        body_done = False
        replied = False

        async def drain() -> None:
            """Read and drop what the client is still sending (bounded), so it reads the 413 instead of a reset."""
            nonlocal body_done
            budget = _DRAIN_BYTES
            while not body_done and budget > 0:
                try:
                    msg = await asyncio.wait_for(receive(), _DRAIN_SECONDS)
                except asyncio.TimeoutError:
                    return
                if msg["type"] != "http.request":
                    return
                budget -= len(msg.get("body", b""))
                body_done = not msg.get("more_body", False)

        async def reply_413() -> None:
            nonlocal replied
            if not replied:
                replied = True
                await drain()
                for part in _json_response(scope, 413, key, [(b"connection", b"close")], mb=mb):
                    await send(part)

        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            await reply_413()
            return
        received = 0
        exceeded = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded, body_done
            if exceeded:
                return {"type": "http.disconnect"}
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                body_done = not msg.get("more_body", False)
                if received > limit:
                    exceeded = True  # the app sees a disconnect; whatever it answers becomes a 413
                    return {"type": "http.disconnect"}
            return msg

        async def guarded_send(msg: Message) -> None:
            if exceeded:
                await reply_413()
                return
            await send(msg)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded:
            await reply_413()


_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
#: FastAPI's /docs page loads Swagger UI from a CDN with an inline bootstrap script
_DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]


class SecurityHeadersMiddleware:
    """Security headers on every response; ``no-store`` on the API (confidential content)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        csp = _DOCS_CSP if path.startswith("/docs") else _CSP

        async def with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                headers = [(k, v) for k, v in msg.get("headers", []) if k.lower() != b"server"]
                headers += [*_HEADERS, (b"content-security-policy", csp.encode())]
                if path.startswith("/api/"):
                    headers.append((b"cache-control", b"no-store"))
                msg["headers"] = headers
            await send(msg)

        await self.app(scope, receive, with_headers)


class ConfidentialErrorsMiddleware:
    """Outermost: an unexpected exception becomes a French 500 and a log line with its type and place only.

    Without it the server would log the traceback and message, which may quote
    a transcript (confidential).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            logging.getLogger("summarizer.serve").error(
                "%s %s: internal error %s", scope["method"], _route_hint(scope["path"]), describe_exception(exc)
            )
            if started:
                return
            for part in _json_response(scope, 500, "internal"):
                await send(part)


def _route_hint(path: str) -> str:
    """The path with the job id kept (ids are not confidential) and anything else after it dropped."""
    parts = path.split("/")
    return "/".join(parts[:5])


_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k == name:
            return bytes(v).decode("latin-1")
    return None


class OriginGuardMiddleware:
    """CSRF and DNS-rebinding guard.

    Unsafe methods from a browser must come from this very origin. Without a
    token (loopback mode), the Host header must also name a loopback address
    and the peer must be local.
    """

    def __init__(self, app: ASGIApp, loopback_only: bool, allowed_origins: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.loopback_only = loopback_only
        self.allowed_origins = allowed_origins

    async def _deny(self, scope: Scope, send: Send, status: int, key: str) -> None:
        for part in _json_response(scope, status, key):
            await send(part)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host") or ""
        if self.loopback_only:
            client = scope.get("client")
            peer = client[0] if client else None
            hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if not is_loopback(peer) or not is_loopback(hostname):
                await self._deny(scope, send, 403, "local_only")
                return
        if scope["method"] in _UNSAFE:
            origin = _header(scope, b"origin")
            site = _header(scope, b"sec-fetch-site")
            trusted = origin in self.allowed_origins
            if origin == "null":
                await self._deny(scope, send, 403, "csrf_opaque")
                return
            if not trusted and (site == "cross-site" or (origin and origin.split("://", 1)[-1] != host)):
                await self._deny(scope, send, 403, "csrf_foreign")
                return
        await self.app(scope, receive, send)
