"""One router per resource (issue 21 item 4): the API surface is the one it was before the split, and
no route is defined inside ``create_app`` any more."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount

from summarizer.serve.app import create_app
from summarizer.serve.settings import ServeSettings

#: (path, method) -> (tags, response codes, operationId); every operation but /healthz needs the bearer token
API = {
    ("/api/accounts", "get"): ("accounts", ("200",), "list_accounts_api_accounts_get"),
    ("/api/accounts/{client}", "get"): ("accounts", ("200", "422"), "get_account_api_accounts__client__get"),
    ("/api/accounts/{client}/brief", "get"): ("accounts", ("200", "422"), "brief_api_accounts__client__brief_get"),
    ("/api/accounts/{client}/brief/files/{kind}", "get"):
        ("accounts", ("200", "422"), "brief_file_api_accounts__client__brief_files__kind__get"),
    ("/api/accounts/{client}/chart.svg", "get"): ("accounts", ("200", "422"), "chart_api_accounts__client__chart_svg_get"),
    ("/api/accounts/{client}/files/{kind}", "get"):
        ("accounts", ("200", "422"), "download_api_accounts__client__files__kind__get"),
    ("/api/audit", "get"): ("users", ("200", "422"), "audit_log_api_audit_get"),
    ("/api/me", "get"): ("users", ("200",), "me_api_me_get"),
    ("/healthz", "get"): ("service", ("200",), "healthz_healthz_get"),
    ("/api/jobs", "get"): ("jobs", ("200", "422"), "list_jobs_api_jobs_get"),
    ("/api/jobs", "post"): ("jobs", ("202", "422"), "create_job_api_jobs_post"),
    ("/api/jobs/{job_id}", "delete"): ("jobs", ("204", "422"), "delete_job_api_jobs__job_id__delete"),
    ("/api/jobs/{job_id}", "get"): ("jobs", ("200", "422"), "job_status_api_jobs__job_id__get"),
    ("/api/jobs/{job_id}/audio", "get"): ("crc", ("200", "422"), "audio_api_jobs__job_id__audio_get"),
    ("/api/jobs/{job_id}/crc", "get"): ("crc", ("200", "422"), "get_crc_api_jobs__job_id__crc_get"),
    ("/api/jobs/{job_id}/crc", "put"): ("crc", ("200", "422"), "put_crc_api_jobs__job_id__crc_put"),
    ("/api/jobs/{job_id}/email", "get"): ("crc", ("200", "422"), "email_text_api_jobs__job_id__email_get"),
    ("/api/jobs/{job_id}/files/{kind}", "get"): ("crc", ("200", "422"), "download_api_jobs__job_id__files__kind__get"),
    ("/api/jobs/{job_id}/reply", "post"): ("crc", ("200", "422"), "post_reply_api_jobs__job_id__reply_post"),
    ("/api/jobs/{job_id}/score", "get"): ("crc", ("200", "422"), "get_score_api_jobs__job_id__score_get"),
    ("/api/jobs/{job_id}/speakers", "post"): ("crc", ("200", "422"), "rename_speaker_api_jobs__job_id__speakers_post"),
}
#: the routes outside the schema: Swagger UI, pages, static files (and the sign-in's, with OIDC)
HIDDEN = {("/", "GET"), ("/", "HEAD"), ("/audit", "GET"), ("/accounts", "GET"), ("/accounts/{client:path}", "GET"),
          ("/accounts/{client:path}/brief", "GET"),
          ("/docs", "GET"), ("/docs/oauth2-redirect", "GET"), ("/openapi.json", "GET"), ("/openapi.json", "HEAD")}
SIGN_IN = {("/auth/login", "GET"), ("/auth/callback", "GET"), ("/auth/logout", "POST")}


def _routes(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route, through the included routers (FastAPI keeps them as branches)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from _routes(inner.routes) if inner is not None else [route]


def _app(tmp_path: Path, **settings: Any) -> Iterator[FastAPI]:
    app = create_app(ServeSettings(data_dir=tmp_path / "data", **settings), start_workers=False)
    yield app
    app.state.store.close()


@pytest.fixture(params=[False, True], ids=["token", "sign-in"])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    oidc = {"oidc_issuer": "https://idp.example", "oidc_client_id": "crc", "oidc_client_secret": "s",
            "session_secret": "x" * 32, "public_url": "https://crc.example"} if request.param else {}
    yield from _app(tmp_path, api_token="t" * 32, **oidc)


def test_the_openapi_operations_are_unchanged(app: FastAPI) -> None:
    found = {}
    for path, methods in app.openapi()["paths"].items():
        for method, op in methods.items():
            found[(path, method)] = (*op["tags"], tuple(sorted(op["responses"])), op["operationId"])
            assert (op.get("security") is None) == (path == "/healthz"), path
    assert found == API


def test_the_pages_and_the_sign_in_routes_are_unchanged(app: FastAPI) -> None:
    hidden = {(r.path, m) for r in _routes(app.routes)
              if isinstance(r, APIRoute | BaseRoute) and not getattr(r, "include_in_schema", True)
              for m in sorted(getattr(r, "methods", None) or [])}
    expected = HIDDEN | (SIGN_IN if app.state.settings.oidc_enabled else set())
    assert hidden == expected
    mounts = {r.path for r in _routes(app.routes) if isinstance(r, Mount)}
    assert mounts == {"/static", "/static-offline-docs"}


def test_every_route_lives_in_a_router_module_not_in_create_app(app: FastAPI) -> None:
    homes = {r.endpoint.__module__ for r in _routes(app.routes) if isinstance(r, APIRoute)}
    assert "summarizer.serve.app" not in homes
    ours = {m for m in homes if m.startswith("summarizer.")}
    assert ours == {"summarizer.serve.routes.pages", "summarizer.serve.routes.people", "summarizer.serve.routes.jobs",
                    "summarizer.serve.routes.crc", "summarizer.serve.routes.replies", "summarizer.serve.account"} | (
        {"summarizer.serve.oidc"} if app.state.settings.oidc_enabled else set())
