"""A signed webhook for each CRC (Zapier, Make, n8n, a CRM middleware), through an outbox that loses nothing.

Each delivery is the CRC JSON, POSTed with ``Idempotency-Key: <crc id>`` (the id
ends with its version; a client's answer adds ``.validated-…``/``.changes_requested-…``),
so a receiver seeing the key twice keeps one copy, and, when ``CRC_WEBHOOK_SECRET``
is set, ``X-CRC-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t.key.body">``
(Stripe-style: the time stamp and the key are signed too, so a captured request
cannot be replayed later or under another key). A delivery is first written to
the outbox folder (one JSON file per key, atomic), then sent:
5xx answers, timeouts and refused connections are retried with exponential
backoff (tenacity); a 4xx is never retried (the receiver refused this body) and
the entry moves to ``rejected/`` with the reason, except 408 and 429, which stay
queued. Whatever is still queued is sent by the next ``crc push`` or by the
server's drain, with the same body and key. Queuing and sending hold a lock on
the outbox folder, and a delivered key is remembered (``sent/``), so two
``crc push`` at once never deliver a version twice. Each request has a total
deadline (``--timeout``), which a receiver trickling its answer cannot stretch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

import httpx
from filelock import FileLock
from pydantic import BaseModel, ValidationError
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from summarizer import __version__
from summarizer.crc import CRC
from summarizer.errors import ConfigError
from summarizer.files import atomic_write_text
from summarizer.messages import Message

SIGNATURE_HEADER = "X-CRC-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
#: 4xx answers that mean "later", not "never": they stay in the outbox.
LATER = {408, 429}
#: How old a signed request a receiver should accept (seconds), and how much of a refusal's text crc reads.
TOLERANCE = 300
MAX_ANSWER = 2000
log = logging.getLogger("summarizer.push")


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
    """``<crc id>`` (it ends with ``-v<version>``); with the client's answer logged, ``<crc id>.<status>-<12 hex>``,
    so a validation is a delivery of its own, which a receiver that already has the version does not drop."""
    suffix = f"-v{crc.version}"
    key = crc.id if crc.id.endswith(suffix) else f"{crc.id}{suffix}"
    v = crc.validation
    if v is None:
        return key
    answer = hashlib.sha256(f"{v.status.value}|{v.message_id}|{v.at}|{v.sha256}".encode()).hexdigest()[:12]
    return f"{key}.{v.status.value}-{answer}"


def sign(body: bytes, secret: str, key: str, timestamp: int | None = None) -> str:
    """``t=<unix time>,v1=<hex>``: HMAC-SHA256 of ``"<t>.<Idempotency-Key>.<body>"`` (see docs/crm.md)."""
    t = int(time.time()) if timestamp is None else timestamp
    payload = f"{t}.{key}.".encode() + body
    return f"t={t},v1=" + hmac.new(secret.encode("utf-8"), payload, hashlib.sha256).hexdigest()


def verify(body: bytes, header: str | None, secret: str, key: str, *, tolerance: int = TOLERANCE,
           now: float | None = None) -> bool:
    """What a receiver does (shown in docs/crm.md): recompute over the time stamp, the key and the body, compare in
    constant time, and refuse a time stamp older (or further ahead) than ``tolerance`` seconds."""
    if not header:
        return False
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        t = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - t) > tolerance:
        return False
    return hmac.compare_digest(sign(body, secret, key, t), f"t={t},v1={parts.get('v1', '')}")


def check_url(url: str) -> str:
    """An http(s) URL with a host (any case: ``HTTPS://`` too); anything else is one :class:`ConfigError` line."""
    problem = ConfigError(Message("webhook_url_invalid", url=(url or "")[:200]))
    if not re.match(r"^https?://", url or "", re.IGNORECASE):
        raise problem
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise problem from exc
    if not parsed.host:
        raise problem
    return url


def _file_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", key) + ".json"


def _body_sha(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class Outbox:
    """A folder of pending deliveries (``KEY.json``), refused ones (``rejected/KEY.json``) and delivered keys
    (``sent/KEY.json``). :meth:`locked` serialises queuing and sending across threads and processes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.RLock()

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """This process's threads, then every process using the folder (a lock file beside the entries)."""
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            with FileLock(str(self.root / ".lock")):
                yield

    def put(self, delivery: Delivery) -> Path:
        """Queue (or replace: same key, same CRC version) one delivery; atomic, so a crash never loses it."""
        path = self.root / _file_name(delivery.key)
        atomic_write_text(path, delivery.model_dump_json(indent=2))
        return path

    def was_sent(self, delivery: Delivery) -> bool:
        """These very bytes were delivered under this key already."""
        mark = self.root / "sent" / _file_name(delivery.key)
        try:
            return json.loads(mark.read_text(encoding="utf-8")).get("body_sha256") == _body_sha(delivery.body)
        except (OSError, ValueError, AttributeError):
            return False

    def _mark_sent(self, d: Delivery) -> None:
        atomic_write_text(self.root / "sent" / _file_name(d.key), json.dumps(
            {"key": d.key, "body_sha256": _body_sha(d.body), "at": dt.datetime.now(dt.timezone.utc).isoformat()}))

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
        """Send every pending delivery (oldest key order); one sender at a time per outbox folder."""
        with self.locked(), contextlib.ExitStack() as stack:
            if client is None:
                client = stack.enter_context(httpx.Client(timeout=timeout, follow_redirects=False))
            outcomes = []
            for path, delivery in self.pending():
                if self.was_sent(delivery):  # queued again while another run was sending it
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
                    continue
                outcomes.append(self._send(path, delivery, client, secret, retries, backoff, timeout))
            return outcomes

    def _send(self, path: Path, d: Delivery, client: httpx.Client, secret: str | None, retries: int,
              backoff: float, timeout: float) -> Outcome:
        try:
            for attempt in Retrying(stop=stop_after_attempt(max(1, retries)), reraise=True,
                                    wait=wait_exponential(multiplier=backoff, max=max(backoff, 30.0)),
                                    retry=retry_if_exception_type(_Retryable)):
                with attempt:
                    d.attempts += 1
                    post(client, d, secret, timeout)
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
        self._mark_sent(d)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return Outcome(key=d.key, status="delivered")


def _read_some(response: httpx.Response, deadline: float) -> str:
    """At most :data:`MAX_ANSWER` bytes of the answer, and never past ``deadline``."""
    data = b""
    for chunk in response.iter_raw():
        data += chunk
        if len(data) >= MAX_ANSWER or time.monotonic() > deadline:
            break
    return data[:MAX_ANSWER].decode("utf-8", errors="replace")


def post(client: httpx.Client, d: Delivery, secret: str | None, timeout: float = 10.0) -> None:
    """One POST within ``timeout`` seconds in all; raises :class:`_Retryable` or :class:`_Rejected`; returns on 2xx.

    The answer's body is not needed to know a delivery went through, so a 2xx or 5xx one is not read; a refusal's
    is read up to the deadline, for its reason."""
    body = d.body.encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        IDEMPOTENCY_HEADER: d.key,
        "X-CRC-Id": d.crc_id,
        "User-Agent": f"crc/{__version__}",
    }
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret, d.key)
    deadline = time.monotonic() + timeout
    try:
        with client.stream("POST", d.url, content=body, headers=headers, timeout=timeout) as response:
            status = response.status_code
            text = _read_some(response, deadline) if 300 <= status < 500 else ""
            location = response.headers.get("Location")
    except httpx.TimeoutException as exc:
        raise _Retryable(f"délai dépassé ({type(exc).__name__})") from exc
    except httpx.TransportError as exc:
        raise _Retryable(f"destinataire injoignable ({type(exc).__name__})") from exc
    if status >= 500:
        raise _Retryable(f"HTTP {status}")
    if status >= 300:  # a redirect is not a delivery: the URL to give is the final one
        raise _Rejected(status, location or text)


def delivery_for(crc: CRC, url: str) -> Delivery:
    return Delivery(url=url, key=idempotency_key(crc), crc_id=crc.id, body=crc.model_dump_json(),
                    created_at=dt.datetime.now(dt.timezone.utc))


def queue(outbox: Outbox, crcs: Iterable[CRC], url: str) -> list[str]:
    """Write one delivery per CRC to the outbox, except what was delivered already; returns the keys queued."""
    keys = []
    with outbox.locked():
        for crc in crcs:
            d = delivery_for(crc, url)
            if outbox.was_sent(d):
                continue
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
        secret = os.environ.get("CRC_WEBHOOK_SECRET") or None
        if secret is None:
            log.warning("%s", Message("webhook_unsigned"))
        return cls(url, data_dir / "outbox", secret)

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

