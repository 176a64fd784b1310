"""A signed webhook for each CRC (Zapier, Make, n8n, a CRM middleware), through an outbox that loses nothing.

Each delivery is the CRC JSON, POSTed with ``Idempotency-Key: <crc id>-v<version>``
(a receiver seeing the key twice keeps one copy) and, when ``CRC_WEBHOOK_SECRET``
is set, ``X-CRC-Signature: sha256=<hex HMAC-SHA256 of the body>``. A delivery is
first written to the outbox folder (one JSON file per key, atomic), then sent:
5xx answers, timeouts and refused connections are retried with exponential
backoff (tenacity); a 4xx is never retried (the receiver refused this body) and
the entry moves to ``rejected/`` with the reason, except 408 and 429, which stay
queued. Whatever is still queued is sent by the next ``crc push`` or by the
server's drain, with the same body, key and signature.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import httpx
from pydantic import BaseModel, ValidationError
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from summarizer import __version__
from summarizer.crc import CRC
from summarizer.errors import ConfigError
from summarizer.files import atomic_write_text

SIGNATURE_HEADER = "X-CRC-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
#: 4xx answers that mean "later", not "never": they stay in the outbox.
LATER = {408, 429}


class Delivery(BaseModel):
    """One outbox entry: everything needed to send the same bytes again."""

    url: str
    key: str
    crc_id: str
    body: str
    created_at: dt.datetime
    attempts: int = 0
    last_error: str | None = None


class Outcome(BaseModel):
    key: str
    status: Literal["delivered", "queued", "rejected"]
    detail: str | None = None


class _Retryable(Exception):
    """A 5xx, a timeout or a refused connection: worth another try."""


class _Rejected(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(f"HTTP {status}")
        self.status, self.text = status, text


def idempotency_key(crc: CRC) -> str:
    """``<crc id>-v<version>``; the id already ends with its version, which is not repeated."""
    suffix = f"-v{crc.version}"
    return crc.id if crc.id.endswith(suffix) else f"{crc.id}{suffix}"


def sign(body: bytes, secret: str) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the exact body bytes (receivers recompute and compare in constant time)."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, header: str | None, secret: str) -> bool:
    """What a receiver does; used by the tests and shown in docs/crm.md."""
    return header is not None and hmac.compare_digest(sign(body, secret), header)


def check_url(url: str) -> str:
    parsed = httpx.URL(url) if re.match(r"^https?://", url or "") else None
    if parsed is None or not parsed.host:
        raise ConfigError(f"webhook « {url} » : adresse invalide ; attendu https://hote/chemin (ou http:// en local).")
    return url


def _file_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", key) + ".json"


class Outbox:
    """A folder of pending deliveries (``KEY.json``) and refused ones (``rejected/KEY.json``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def put(self, delivery: Delivery) -> Path:
        """Queue (or replace: same key, same CRC version) one delivery; atomic, so a crash never loses it."""
        path = self.root / _file_name(delivery.key)
        atomic_write_text(path, delivery.model_dump_json(indent=2))
        return path

    def pending(self) -> list[tuple[Path, Delivery]]:
        if not self.root.is_dir():
            return []
        out = []
        for path in sorted(self.root.glob("*.json")):
            try:
                out.append((path, Delivery.model_validate_json(path.read_bytes())))
            except (ValidationError, OSError):
                self._reject(path, "entrée illisible")
        return out

    def _reject(self, path: Path, reason: str) -> None:
        target = self.root / "rejected" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        atomic_write_text(target.with_suffix(".reason.txt"), reason + "\n")

    def drain(self, secret: str | None, *, retries: int = 5, backoff: float = 0.5, timeout: float = 10.0,
              client: httpx.Client | None = None) -> list[Outcome]:
        """Send every pending delivery (oldest key order); one sender at a time per process."""
        with self._lock, contextlib.ExitStack() as stack:
            if client is None:
                client = stack.enter_context(httpx.Client(timeout=timeout, follow_redirects=False))
            outcomes = []
            for path, delivery in self.pending():
                outcomes.append(self._send(path, delivery, client, secret, retries, backoff))
            return outcomes

    def _send(self, path: Path, d: Delivery, client: httpx.Client, secret: str | None, retries: int,
              backoff: float) -> Outcome:
        try:
            for attempt in Retrying(stop=stop_after_attempt(max(1, retries)), reraise=True,
                                    wait=wait_exponential(multiplier=backoff, max=max(backoff, 30.0)),
                                    retry=retry_if_exception_type(_Retryable)):
                with attempt:
                    d.attempts += 1
                    post(client, d, secret)
        except _Rejected as exc:
            if exc.status in LATER:
                d.last_error = f"HTTP {exc.status}"
                self.put(d)
                return Outcome(key=d.key, status="queued", detail=f"HTTP {exc.status} : réessai au prochain envoi")
            self._reject(path, f"HTTP {exc.status} : {exc.text[:500]}")
            return Outcome(key=d.key, status="rejected", detail=f"HTTP {exc.status} (refusé par le destinataire)")
        except _Retryable as exc:
            d.last_error = str(exc)
            self.put(d)
            return Outcome(key=d.key, status="queued", detail=str(exc))
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return Outcome(key=d.key, status="delivered")


def post(client: httpx.Client, d: Delivery, secret: str | None) -> None:
    """One POST; raises :class:`_Retryable` or :class:`_Rejected`; returns on 2xx."""
    body = d.body.encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        IDEMPOTENCY_HEADER: d.key,
        "X-CRC-Id": d.crc_id,
        "User-Agent": f"crc/{__version__}",
    }
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    try:
        response = client.post(d.url, content=body, headers=headers)
    except httpx.TimeoutException as exc:
        raise _Retryable(f"délai dépassé ({type(exc).__name__})") from exc
    except httpx.TransportError as exc:
        raise _Retryable(f"destinataire injoignable ({type(exc).__name__})") from exc
    if response.status_code >= 500:
        raise _Retryable(f"HTTP {response.status_code}")
    if response.status_code >= 300:  # a redirect is not a delivery: the URL to give is the final one
        raise _Rejected(response.status_code, response.headers.get("Location") or response.text)


def delivery_for(crc: CRC, url: str) -> Delivery:
    return Delivery(url=url, key=idempotency_key(crc), crc_id=crc.id, body=crc.model_dump_json(),
                    created_at=dt.datetime.now(dt.timezone.utc))


def queue(outbox: Outbox, crcs: Iterable[CRC], url: str) -> list[str]:
    """Write one delivery per CRC to the outbox; returns their keys."""
    keys = []
    for crc in crcs:
        d = delivery_for(crc, url)
        outbox.put(d)
        keys.append(d.key)
    return keys


def default_outbox() -> Path:
    """``CRC_OUTBOX_DIR``, else the per-user state folder (the same for every run, so nothing is orphaned)."""
    env = os.environ.get("CRC_OUTBOX_DIR")
    if env:
        return Path(env)
    from platformdirs import user_state_dir

    return Path(user_state_dir("crc")) / "outbox"


class Notifier:
    """The web service's side: queue each new or edited CRC and drain in a background thread."""

    def __init__(self, url: str, outbox_dir: Path, secret: str | None) -> None:
        self.url = check_url(url)
        self.outbox = Outbox(outbox_dir)
        self.secret = secret
        self._thread: threading.Thread | None = None
        self._again = threading.Event()

    @classmethod
    def from_env(cls, data_dir: Path) -> Notifier | None:
        url = os.environ.get("CRC_WEBHOOK_URL")
        if not url:
            return None
        return cls(url, data_dir / "outbox", os.environ.get("CRC_WEBHOOK_SECRET") or None)

    def notify(self, crc: CRC) -> None:
        queue(self.outbox, [crc], self.url)
        self.kick()

    def kick(self) -> None:
        """Drain now in the background (a drain already running picks the new entry up)."""
        self._again.set()
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="crc-webhook", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while self._again.is_set():
            self._again.clear()
            with contextlib.suppress(Exception):  # a drain failure must never take the server down
                self.outbox.drain(self.secret)

    def join(self, timeout: float = 10.0) -> None:
        if self._thread is not None:
            self._thread.join(timeout)


def summary_line(outcomes: list[Outcome]) -> str:
    counts = {s: sum(o.status == s for o in outcomes) for s in ("delivered", "queued", "rejected")}
    return (f"{counts['delivered']} envoyé(s), {counts['queued']} en attente dans l'outbox, "
            f"{counts['rejected']} refusé(s)")

