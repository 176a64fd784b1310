"""What every router asks of the app, read from ``request.app.state`` on each request (no closures).

``create_app`` puts the job table, settings, worker pool, audit log, user and session stores and
the templates on ``app.state``; a route takes ``at: Caller`` (the checked caller and those stores)
or ``lang: Language``, and reaches a job only through :meth:`Access.job`, which applies the
caller's visibility.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from summarizer.messages import Lang
from summarizer.serve.audit import Action, AuditLog
from summarizer.serve.db import JobRecord, JobStore
from summarizer.serve.jobs import WorkerPool, artifact_path, job_dir
from summarizer.serve.messages import ApiError, request_language
from summarizer.serve.security import valid_job_id
from summarizer.serve.settings import ServeSettings
from summarizer.serve.users import Principal, Who

_CHUNK = 1024 * 1024


def _language(request: Request) -> Lang:
    return request_language(request.headers.get("accept-language"))


#: the request's language (``Accept-Language``), for what a route writes itself
Language = Annotated[Lang, Depends(_language)]


def record(request: Request, who: Principal, action: Action, job_id: str | None = None,
           target: str | None = None) -> None:
    """One row of the audit trail: who did what to which job, from which address."""
    audit: AuditLog = request.app.state.audit
    ip = request.client.host if request.client else None
    audit.record(who.email or who.name, action, job_id=job_id, target=target, ip=ip)


def templates(request: Request) -> Jinja2Templates:
    found: Jinja2Templates = request.app.state.templates
    return found


@dataclass(frozen=True)
class Access:
    """The checked caller and the app's stores: the one way a route reaches a job, and records it."""

    request: Request
    who: Principal

    @property
    def store(self) -> JobStore:
        store: JobStore = self.request.app.state.store
        return store

    @property
    def settings(self) -> ServeSettings:
        settings: ServeSettings = self.request.app.state.settings
        return settings

    @property
    def pool(self) -> WorkerPool:
        pool: WorkerPool = self.request.app.state.pool
        return pool

    @property
    def audit(self) -> AuditLog:
        audit: AuditLog = self.request.app.state.audit
        return audit

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    def job(self, job_id: str) -> JobRecord:
        """The job if the caller may see it; another rep's job is a 404, as if it did not exist."""
        rec = self.store.get(job_id, self.who.visible_clause()) if valid_job_id(job_id) else None
        if rec is None:
            raise ApiError(404, "job_not_found")
        return rec

    def done(self, job_id: str) -> tuple[JobRecord, Path]:
        """The job and its folder, once it is done (409 before)."""
        rec = self.job(job_id)
        if rec.status != "done":
            raise ApiError(409, "not_ready", status=rec.status)
        return rec, job_dir(self.data_dir, rec.id)

    def record(self, action: Action, job_id: str | None = None, target: str | None = None) -> None:
        record(self.request, self.who, action, job_id, target)


def access(request: Request, who: Who) -> Access:
    return Access(request, who)


#: a route parameter ``at: Caller`` is the checked caller with the app's stores (401 without credentials)
Caller = Annotated[Access, Depends(access)]


def artifact(directory: Path, kind: str) -> Path:
    """A done job's file of this kind; 404 when it is gone (retention, a deleted folder)."""
    path = artifact_path(directory, kind)
    if not path.is_file():
        raise ApiError(404, "file_gone")
    return path


def copy_limited(src: IO[bytes], dst: Path, limit: int) -> int:
    """Stream an upload to ``dst``, a 413 beyond ``limit`` bytes; returns its size."""
    size = 0
    with dst.open("wb") as out:
        while chunk := src.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise ApiError(413, "file_too_large", mb=round(limit / 1048576, 2))
            out.write(chunk)
    return size
