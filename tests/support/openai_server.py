"""A scripted OpenAI-compatible server for tests: Starlette + uvicorn on 127.0.0.1, random port.

The real ``openai`` client talks HTTP to it. Each chat-completion request
takes the next step of the script (a :class:`Reply` or a callable building one
from the request body); every request is recorded so tests can assert on what
the client sent (prompt, schema, number of retries).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict/list -> JSON; str -> raw text (e.g. malformed JSON)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (to trigger client timeouts)


Step = Reply | Callable[[dict[str, Any]], Reply]


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    at: float


def _usage(request: dict[str, Any], content: str) -> dict[str, int]:
    prompt = len(json.dumps(request.get("messages", []), ensure_ascii=False)) // 4
    completion = max(1, len(content) // 4)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def completion_body(request: dict[str, Any], content: str, finish_reason: str = "stop") -> dict[str, Any]:
    """A chat completion answering ``request`` with ``content``: as a tool call when tools were sent."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if request.get("tools"):
        choice = request.get("tool_choice")
        name = (
            choice["function"]["name"]
            if isinstance(choice, dict)
            else request["tools"][0]["function"]["name"]
        )
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": content}}],
        }
        finish_reason = "tool_calls" if finish_reason == "stop" else finish_reason
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "test-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": _usage(request, content),
    }


def answer(payload: dict[str, Any] | str) -> Callable[[dict[str, Any]], Reply]:
    """A step replying with ``payload`` (JSON-encoded unless already a string) in the request's mode."""
    content = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return lambda request: Reply(200, completion_body(request, content))


def error(status: int, message: str = "error", headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"error": {"message": message, "type": "test_error", "code": status}}, headers or {})


class ScriptedServer:
    """Start with ``with ScriptedServer(script) as server:``; ``server.url`` is the ``/v1`` base URL.

    ``kind`` imitates servers that support only one structured-output flavour:
    ``tools`` refuses ``response_format`` json_schema, ``json_schema`` refuses tools (400).
    ``api_key`` makes every route answer 401 to another bearer token.
    """

    def __init__(
        self,
        script: list[Step] | None = None,
        default: Step | None = None,
        models: tuple[str, ...] = ("test-model",),
        kind: Literal["any", "tools", "json_schema"] = "any",
        api_key: str | None = None,
    ) -> None:
        self.script: list[Step] = list(script or [])
        self.default = default
        self.models = models
        self.kind = kind
        self.api_key = api_key
        self.requests: list[Recorded] = []
        self.responses: list[int] = []
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # --- what tests read -------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def chat(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def counts(self) -> tuple[int, int]:
        """(chat requests received, of which answered 200)."""
        chat_statuses = [s for r, s in zip(self.requests, self.responses, strict=False) if r.path.endswith("/chat/completions")]
        return len(chat_statuses), sum(1 for s in chat_statuses if s == 200)

    # --- app ------------------------------------------------------------------------
    def _unauthorized(self, request: Request) -> Response | None:
        if self.api_key and request.headers.get("authorization") != f"Bearer {self.api_key}":
            return JSONResponse({"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}}, 401)
        return None

    async def _record(self, request: Request) -> Recorded:
        raw = await request.body()
        try:
            body: Any = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            body = raw.decode("utf-8", "replace")
        rec = Recorded(request.method, request.url.path, dict(request.headers), body, time.monotonic())
        with self._lock:
            self.requests.append(rec)
        return rec

    def _answered(self, status: int) -> None:
        with self._lock:
            self.responses.append(status)

    async def _models(self, request: Request) -> Response:
        await self._record(request)
        denied = self._unauthorized(request)
        if denied is not None:
            self._answered(401)
            return denied
        self._answered(200)
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in self.models]
        return JSONResponse({"object": "list", "data": data})

    async def _chat(self, request: Request) -> Response:
        rec = await self._record(request)
        denied = self._unauthorized(request)
        if denied is not None:
            self._answered(401)
            return denied
        body = rec.body if isinstance(rec.body, dict) else {}
        refused = self._refuse(body)
        if refused is not None:
            reply = refused
        else:
            with self._lock:
                step = self.script.pop(0) if self.script else self.default
            if step is None:
                reply = error(500, "script exhausted")
            else:
                reply = step(body) if callable(step) else step
        if reply.delay:
            await asyncio.sleep(reply.delay)
        self._answered(reply.status)
        if isinstance(reply.body, (dict, list)):
            return JSONResponse(reply.body, reply.status, headers=reply.headers)
        return Response(str(reply.body or ""), reply.status, headers=reply.headers, media_type="application/json")

    def _refuse(self, body: dict[str, Any]) -> Reply | None:
        if body.get("model") not in self.models:
            return error(404, f"The model `{body.get('model')}` does not exist")
        fmt = (body.get("response_format") or {}).get("type")
        if self.kind == "tools" and fmt == "json_schema":
            return error(400, "response_format json_schema is not supported by this server")
        if self.kind == "json_schema" and body.get("tools"):
            return error(400, "tools are not supported by this server")
        return None

    # --- lifecycle ------------------------------------------------------------------
    def __enter__(self) -> ScriptedServer:
        app = Starlette(
            routes=[
                Route("/v1/models", self._models, methods=["GET"]),
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
            ]
        )
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("scripted OpenAI server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.should_exit = True
        self._thread.join(timeout=5)
