"""HTTP robustness for the LLM backend: tenacity retries around one chat-completion call.

The openai client's own retries are disabled (``max_retries=0``) so that one
policy, here, decides: 429 (honouring ``Retry-After``), 5xx, connection errors
and timeouts are retried with exponential backoff and jitter within a total
deadline; 400/401/403/404 are not retried and become one line naming the
setting to fix. Every request and its token usage is counted for the CRC
metadata and for tests.
"""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import openai
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
)

from summarizer.errors import BackendError, ConfigError
from summarizer.extract.llm.settings import LlmSettings
from summarizer.logs import quiet_unless_configured
from summarizer.messages import Message

log = logging.getLogger(__name__)
quiet_unless_configured()  # instructor's English lines would repeat crc's own (``--debug`` shows them)


@dataclass
class CallStats:
    """What the transport saw, summed over every call of one extraction (thread-safe)."""

    requests: int = 0
    responses: int = 0
    transport_retries: int = 0
    #: seconds slept before each transport retry (Retry-After or backoff)
    waits: list[float] = field(default_factory=list)
    usage: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add_usage(self, usage: Any) -> None:
        if usage is None:
            return
        with self._lock:
            for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
                value = getattr(usage, key, None)
                if isinstance(value, int):
                    self.usage[key] = self.usage.get(key, 0) + value

    def bump(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)


class DeadlineExceeded(Exception):
    """The total deadline of one call (CRC_LLM_DEADLINE) ran out between attempts."""


def make_client(settings: LlmSettings) -> openai.OpenAI:
    """An OpenAI client for any compatible endpoint; retries are ours, not the SDK's."""
    settings.require()
    return openai.OpenAI(
        api_key=settings.effective_api_key,
        base_url=settings.base_url or None,
        timeout=settings.timeout,
        max_retries=0,
    )


def is_retryable(exc: BaseException) -> bool:
    """429, 5xx, 408/409, connection errors and timeouts are worth another try."""
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in {408, 409, 429} or exc.status_code >= 500
    return False


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """Seconds asked by ``Retry-After`` (delta-seconds or HTTP date), or ``retry-after-ms``."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _Wait:
    """Retry-After when the server gives one (capped), else exponential backoff with jitter."""

    def __init__(self, settings: LlmSettings) -> None:
        self.cap = settings.retry_after_max
        self.initial = settings.backoff_initial
        self.max = settings.backoff_max

    def backoff(self, attempt: int) -> float:
        """initial x 2^(n-1) plus up to ``initial`` of jitter, capped (tenacity's helper changed its
        arguments between 8.x and 9.x, and both are in use)."""
        return min(self.max, self.initial * 2 ** (attempt - 1) + random.uniform(0, self.initial))

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc)
        if asked is not None:
            return min(asked, self.cap)
        return self.backoff(state.attempt_number)


def describe_error(exc: BaseException, settings: LlmSettings) -> Message:
    """What went wrong and which setting to look at."""
    where = settings.base_url or "api.openai.com"
    if isinstance(exc, DeadlineExceeded):
        return Message("llm_deadline", seconds=f"{settings.deadline:g}", where=where)
    if isinstance(exc, openai.APITimeoutError):
        return Message("llm_timeout", where=where)
    if isinstance(exc, openai.APIConnectionError):
        return Message("llm_unreachable", where=where)
    if isinstance(exc, openai.APIStatusError):
        detail = _server_message(exc)
        code = exc.status_code
        if code == 401:
            return Message("llm_401", where=where)
        if code == 403:
            return Message("llm_403", where=where, model=settings.model)
        if code == 404:
            return Message("llm_404", where=where, model=settings.model)
        if code in {400, 422}:
            return Message("llm_refused", where=where, code=code, detail=detail)
        if code == 429:
            return Message("llm_429", where=where)
        return Message("llm_server_error", where=where, code=code, detail=detail)
    return Message("llm_failed", type=type(exc).__name__, detail=str(exc))


def _server_message(exc: openai.APIStatusError) -> str:
    """The server's own error message, first line only (bodies vary across servers)."""
    body = exc.body
    msg: Any = None
    if isinstance(body, dict):
        inner = body.get("error")
        msg = inner.get("message") if isinstance(inner, dict) else inner or body.get("message")
    elif isinstance(body, str):
        msg = body
    return str(msg).strip().splitlines()[0][:160] if msg else ""


def translate_error(exc: BaseException, settings: LlmSettings) -> Exception:
    """ConfigError for what a setting fixes (401/403/404), BackendError for the rest."""
    message = describe_error(exc, settings)
    if isinstance(exc, openai.APIStatusError) and exc.status_code in {401, 403, 404}:
        return ConfigError(message)
    return BackendError(message)


def robust_create(client: openai.OpenAI, settings: LlmSettings, stats: CallStats) -> Callable[..., Any]:
    """``client.chat.completions.create`` with retries, a total deadline and accounting.

    The deadline bounds the whole call: each attempt's timeout is shrunk to
    what is left, and no retry starts after it.
    """
    wait = _Wait(settings)

    def create(*args: Any, **kwargs: Any) -> Any:
        started = time.monotonic()

        def attempt() -> Any:
            left = settings.deadline - (time.monotonic() - started)
            if left <= 0:
                raise DeadlineExceeded(settings.deadline)
            stats.bump("requests")
            response = client.chat.completions.create(*args, **{**kwargs, "timeout": min(settings.timeout, left)})
            stats.bump("responses")
            stats.add_usage(getattr(response, "usage", None))
            return response

        def before_sleep(state: RetryCallState) -> None:
            stats.bump("transport_retries")
            with stats._lock:
                stats.waits.append(state.next_action.sleep if state.next_action else 0.0)
            exc = state.outcome.exception() if state.outcome else None
            log.warning("LLM: %s ; nouvel essai %d", type(exc).__name__, state.attempt_number + 1)

        def bounded_wait(state: RetryCallState) -> float:
            return max(0.0, min(wait(state), settings.deadline - (time.monotonic() - started)))

        retrying = Retrying(
            retry=retry_if_exception(is_retryable),
            stop=stop_after_attempt(settings.transport_attempts) | stop_after_delay(settings.deadline),
            wait=bounded_wait,
            before_sleep=before_sleep,
            reraise=True,
        )
        return retrying(attempt)

    return create

