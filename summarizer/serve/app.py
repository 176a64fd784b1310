"""The FastAPI app: upload page, job API, artifact downloads.

Build it with :func:`create_app`; ``crc serve`` runs it under uvicorn. Handlers
are plain ``def`` (run in the thread pool): they only touch the job table and
the job's directory, and the heavy work happens in :mod:`.jobs` workers.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import os
import re
import secrets
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import IO, Annotated, Any

from fastapi import Body, Depends, FastAPI, File, Form, Query, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException

from summarizer import __version__
from summarizer.dates import parse_meeting_date
from summarizer.downstream.metadata import write_call_file
from summarizer.errors import ConfigError, InputError
from summarizer.ingest.transcript import MAX_TRANSCRIPT_BYTES, too_large_message
from summarizer.lang import LanguageOption
from summarizer.messages import Lang, Message
from summarizer.pipeline import participant_problem
from summarizer.score import ScoreReport
from summarizer.serve import jobs as jobs_mod
from summarizer.serve.account import account_router
from summarizer.serve.audit import Action, AuditLog
from summarizer.serve.db import JobFilter, JobRecord, JobStatus, JobStore
from summarizer.serve.jobs import ARTIFACTS, EditConflict, Processor, WorkerPool, artifact_path, job_dir
from summarizer.serve.messages import (
    ApiError,
    framework_key,
    message,
    request_language,
    validation_details,
)
from summarizer.serve.remote import remote_processor
from summarizer.serve.security import (
    BodyLimitMiddleware,
    ConfidentialErrorsMiddleware,
    OriginGuardMiddleware,
    SecurityHeadersMiddleware,
    UploadRejected,
    check_token,
    display_name,
    is_loopback,
    new_job_id,
    sniff_upload,
    valid_job_id,
)
from summarizer.serve.sessions import COOKIE, SessionStore
from summarizer.serve.settings import ServeSettings
from summarizer.serve.users import SERVICE, TOKEN_PREFIX, Principal, UserStore, Who, caller

log = logging.getLogger("summarizer.serve")
HERE = Path(__file__).parent
_CHUNK = 1024 * 1024
_AUDIO_TYPES = {
    ".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".flac": "audio/flac", ".m4a": "audio/mp4",
    ".mp4": "video/mp4", ".webm": "audio/webm", ".aac": "audio/aac", ".wma": "audio/x-ms-wma", ".aiff": "audio/aiff",
}


def _language(request: Request) -> Lang:
    return request_language(request.headers.get("accept-language"))


#: the request's language (``Accept-Language``), for what a route writes itself
Language = Annotated[Lang, Depends(_language)]


class JobCreated(BaseModel):
    id: str
    status: JobStatus = "queued"


class JobOut(BaseModel):
    """A job as the API shows it. ``progress`` is 0..1; ``error`` is one line in the request's language when failed."""

    id: str
    status: JobStatus
    progress: float
    stage: str
    error: str | None
    filename: str
    from_audio: bool
    client: str | None
    rep: str | None
    meeting_date: dt.date | None
    crc_id: str | None
    version: str | None
    score: float | None
    golden_rule: bool | None
    created_at: dt.datetime
    updated_at: dt.datetime
    finished_at: dt.datetime | None

    @classmethod
    def of(cls, rec: JobRecord, lang: Lang = "fr") -> JobOut:
        data = rec.model_dump(include=set(cls.model_fields))
        data["error"] = rec.error_in(lang)
        for key in ("created_at", "updated_at", "finished_at"):
            if data[key] is not None:
                data[key] = data[key].replace(tzinfo=dt.timezone.utc)
        return cls.model_validate(data)


class Me(BaseModel):
    email: str | None
    name: str
    role: str
    team: str | None
    session: bool


class AuditOut(BaseModel):
    at: dt.datetime
    actor: str
    action: str
    job_id: str | None
    target: str | None
    ip: str | None


class EditResult(BaseModel):
    crc: dict[str, Any]
    score: ScoreReport
    version: str


class SpeakerRename(BaseModel):
    """Rename one speaker everywhere (segments, participants, owners, quotes)."""

    old: str
    new: str
    version: str


class EmailText(BaseModel):
    subject: str
    text: str


#: A client's reply (.eml, with its attachments) is accepted up to 10 MB.
REPLY_LIMIT = 10 * 1048576


def _copy_limited(src: IO[bytes], dst: Path, limit: int) -> int:
    size = 0
    with dst.open("wb") as out:
        while chunk := src.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise ApiError(413, "file_too_large", mb=round(limit / 1048576, 2))
            out.write(chunk)
    return size


def create_app(
    settings: ServeSettings | None = None, *, host: str = "127.0.0.1", processor: Processor | None = None,
    start_workers: bool = True,
) -> FastAPI:
    """The app, its job table and worker pool. Without a token or sign-in (OIDC), only a loopback ``host`` is allowed."""
    settings = settings or ServeSettings()
    token = settings.api_token.get_secret_value() if settings.api_token else None
    if token is None and not settings.oidc_enabled and not is_loopback(host):
        raise ConfigError(
            f"écoute sur {host} sans jeton : définissez CRC_API_TOKEN (ou utilisez --host 127.0.0.1)."
        )
    data_dir = settings.data_dir
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    store = JobStore(settings.sqlalchemy_url())
    pool = WorkerPool(store, settings, processor or remote_processor() or jobs_mod.run_job)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["downloads"] = jobs_mod.page_downloads  # the page's buttons, from the outputs registry

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if start_workers:
            pool.start()
        try:
            yield
        finally:
            pool.stop()
            store.close()

    app = FastAPIOffline(  # Swagger UI served from the package: /docs works without internet
        title="crc — comptes rendus commerciaux",
        version=__version__,
        description="Déposer un enregistrement ou une transcription d'appel et obtenir le CRC noté, "
        "ses pièces (.docx, .eml, .md, .ics, .json) et l'e-mail de suivi.",
        lifespan=lifespan,
        redoc_url=None,
    )
    users = UserStore(store.engine)
    audit = AuditLog(store.engine, settings.retention_days)
    sessions = SessionStore(store.engine, settings.session_hours)
    app.state.settings, app.state.store, app.state.pool = settings, store, pool
    app.state.users, app.state.audit, app.state.sessions = users, audit, sessions
    auth_required = token is not None or settings.oidc_enabled

    def require_auth(request: Request) -> Principal:
        """Who calls: the service token (admin), a personal token, a sign-in session, or loopback mode (admin)."""
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
            if request.method in {"POST", "PUT", "PATCH", "DELETE"} and request.headers.get("x-requested-with") != "crc":
                raise ApiError(403, "csrf_header")  # a cookie rides along by itself: ask for what only the page sends
            known = users.get(signed_in.email)
            return users.principal(known or signed_in)
        if token is None and not settings.oidc_enabled:
            return SERVICE  # loopback-only mode, enforced by OriginGuardMiddleware
        raise ApiError(401, "bad_token", headers={"WWW-Authenticate": "Bearer"})

    app.state.authenticate = require_auth
    Auth = Depends(caller)

    def record(request: Request, who: Principal, action: Action, job_id: str | None = None,
               target: str | None = None) -> None:
        ip = request.client.host if request.client else None
        audit.record(who.email or who.name, action, job_id=job_id, target=target, ip=ip)

    def get_job(job_id: str, who: Principal) -> JobRecord:
        """The job if ``who`` may see it; another rep's job is a 404, as if it did not exist."""
        rec = store.get(job_id, who.visible_clause()) if valid_job_id(job_id) else None
        if rec is None:
            raise ApiError(404, "job_not_found")
        return rec

    def done_dir(job_id: str, who: Principal) -> tuple[JobRecord, Path]:
        rec = get_job(job_id, who)
        if rec.status != "done":
            raise ApiError(409, "not_ready", status=rec.status)
        return rec, job_dir(data_dir, rec.id)

    def artifact(directory: Path, kind: str) -> Path:
        path = artifact_path(directory, kind)
        if not path.is_file():
            raise ApiError(404, "file_gone")
        return path

    # --- page -----------------------------------------------------------------

    @app.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> Response:
        """The upload page, its own text in the request's language (:mod:`.page_text`)."""
        from summarizer.serve.page_text import localized_page

        return localized_page(
            templates, request, "index.html",
            {"auth_required": auth_required, "sign_in": settings.oidc_enabled, "max_upload_mb": settings.max_upload_mb, "version": __version__},
        )

    app.include_router(account_router(
        store, data_dir, Auth, audit=record, auth_required=auth_required, sign_in=settings.oidc_enabled,
    ))
    if settings.oidc_enabled:
        from summarizer.serve.oidc import oidc_router

        app.include_router(oidc_router(settings, users, sessions, record))
    app.mount("/static", StaticFiles(directory=str(HERE / "static"), html=False), name="static")

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, str]:
        """Liveness and database reachability."""
        try:
            with store.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:
            raise ApiError(503, "database_down") from exc
        return {"status": "ok", "version": __version__}

    # --- people -----------------------------------------------------------------

    @app.get("/api/me", response_model=Me, tags=["users"])
    def me(request: Request, who: Who) -> Me:
        """Qui est connecté : e-mail, nom, rôle (rep, manager, admin) et équipe."""
        return Me(email=who.email, name=who.name, role=who.role, team=who.team,
                  session=COOKIE in request.cookies and "authorization" not in request.headers)

    @app.get("/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request) -> Response:
        """The admin page shell; its rows come from ``/api/audit`` (admins only, checked there)."""
        from summarizer.serve.page_text import localized_page

        return localized_page(templates, request, "audit.html", {"auth_required": auth_required, "version": __version__})

    @app.get("/api/audit", response_model=list[AuditOut], tags=["users"])
    def audit_log(
        who: Who,
        user: Annotated[str | None, Query(max_length=254, description="E-mail de l'utilisateur.")] = None,
        since: Annotated[dt.datetime | None, Query(description="Depuis (ISO 8601, UTC).")] = None,
        job: Annotated[str | None, Query(max_length=64, description="Identifiant de la tâche.")] = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    ) -> list[AuditOut]:
        """Journal d'audit (administrateurs) : qui a consulté, téléchargé, modifié, validé, exporté ou supprimé quel CRC."""
        if not who.is_admin:
            raise ApiError(403, "admin_only")
        since_utc = since.astimezone(dt.timezone.utc).replace(tzinfo=None) if since and since.tzinfo else since
        return [AuditOut(**vars(e)) for e in audit.entries(user, since_utc, job, limit)]

    # --- jobs -----------------------------------------------------------------

    @app.post("/api/jobs", status_code=202, response_model=JobCreated, tags=["jobs"], dependencies=[Auth])
    def create_job(
        response: Response,
        who: Who,
        file: Annotated[UploadFile, File(description="Enregistrement audio ou transcription (.vtt .srt .txt .json .docx).")],
        client: Annotated[str | None, Form(max_length=200, description="Nom du client (entreprise).")] = None,
        meeting_date: Annotated[str | None, Form(description="Date de la réunion, AAAA-MM-JJ.")] = None,
        participants: Annotated[
            str | None, Form(max_length=4000, description="« Nom:vendor, Nom:client » séparés par des virgules.")
        ] = None,
        rep: Annotated[str | None, Form(max_length=200, description="Commercial à l'origine du dépôt.")] = None,
        language: Annotated[LanguageOption, Form()] = "auto",
        opportunity_id: Annotated[str | None, Form(max_length=200, description="Identifiant de l'opportunité (CRM).")] = None,
        crm_stage: Annotated[str | None, Form(max_length=200, description="Étape de l'opportunité (CRM).")] = None,
    ) -> JobCreated:
        """Déposer un fichier ; le traitement démarre en arrière-plan (suivre `GET /api/jobs/{id}`)."""
        day = _meeting_day(meeting_date)
        problem = participant_problem([participants]) if participants else None
        if problem is not None:
            raise ApiError(422, f"participants_{problem[1]}")
        job_id = new_job_id()
        directory = job_dir(data_dir, job_id)
        directory.mkdir(mode=0o700)
        shown = display_name(file.filename)
        try:
            part = directory / "upload.part"
            size = _copy_limited(file.file, part, settings.max_upload_bytes)
            if size == 0:
                raise ApiError(422, "empty_file", name=shown)
            try:
                suffix, audio = sniff_upload(part, shown)
            except UploadRejected as exc:
                raise ApiError(415, exc.key, name=shown) from exc
            if not audio and size > MAX_TRANSCRIPT_BYTES:  # CRC_MAX_UPLOAD_MB is for recordings
                raise ApiError(413, too_large_message(shown, size, MAX_TRANSCRIPT_BYTES))
            os.replace(part, directory / f"input{suffix}")
            names = [participants.strip()] if participants and participants.strip() else []
            write_call_file(directory, opportunity_id, crm_stage)
            store.create(
                job_id, filename=shown, input_suffix=suffix, from_audio=audio, client=_blank(client),
                rep=_blank(rep) or (who.name if who.email else None), meeting_date=day, participants=names,
                language=language, owner=who.email, team=who.team,
            )
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        pool.submit(job_id)
        log.info("job %s queued (%s)", job_id, "audio" if audio else "transcript")
        response.headers["Location"] = f"/api/jobs/{job_id}"
        return JobCreated(id=job_id)

    @app.get("/api/jobs", response_model=list[JobOut], tags=["jobs"], dependencies=[Auth])
    def list_jobs(
        lang: Language,
        who: Who,
        client: Annotated[str | None, Query(max_length=200, description="Sous-chaîne du nom du client.")] = None,
        rep: Annotated[str | None, Query(max_length=200, description="Sous-chaîne du nom du commercial.")] = None,
        status: JobStatus | None = None,
        date: Annotated[dt.date | None, Query(description="Date de réunion exacte.")] = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[JobOut]:
        """Lister les tâches, les plus récentes d'abord."""
        flt = JobFilter(
            client=client, rep=rep, status=status, date_from=date or date_from, date_to=date or date_to,
            limit=limit, offset=offset,
        )
        return [JobOut.of(r, lang) for r in store.list_jobs(flt, who.visible_clause())]

    @app.get("/api/jobs/{job_id}", response_model=JobOut, tags=["jobs"], dependencies=[Auth])
    def job_status(job_id: str, lang: Language, who: Who) -> JobOut:
        """État d'une tâche : queued, running, done ou failed, avec la progression (0..1)."""
        return JobOut.of(get_job(job_id, who), lang)

    @app.delete("/api/jobs/{job_id}", status_code=204, tags=["jobs"], dependencies=[Auth])
    def delete_job(job_id: str, request: Request, who: Who) -> Response:
        """Supprimer la tâche : la ligne et tous ses fichiers (enregistrement, transcription, CRC)."""
        rec = get_job(job_id, who)
        store.delete(rec.id)
        audit.forget_job(rec.id)  # the job's trail goes with it; the delete itself stays
        record(request, who, "delete", rec.id)
        jobs_mod.mark_deleted(data_dir, rec.id)
        if not pool.cancel(rec.id):  # a running job stops at its next stage and removes its own files
            jobs_mod.delete_job_files(data_dir, rec.id)
        log.info("job %s deleted", rec.id)
        return Response(status_code=204)

    @app.get("/api/jobs/{job_id}/crc", tags=["crc"], dependencies=[Auth])
    def get_crc(job_id: str, request: Request, who: Who) -> Response:
        """Le CRC (contrat JSON, voir `crc schema`)."""
        _, directory = done_dir(job_id, who)
        record(request, who, "view", job_id)
        return Response(artifact(directory, "json").read_bytes(), media_type="application/json")

    @app.put("/api/jobs/{job_id}/crc", response_model=EditResult, tags=["crc"], dependencies=[Auth])
    def put_crc(
        job_id: str, request: Request, who: Who,
        data: Annotated[dict[str, Any], Body(description="Le CRC modifié, avec sa `version` actuelle.")],
    ) -> EditResult:
        """Enregistrer un CRC modifié : revalidé contre la transcription, version +0.1, renoté, pièces régénérées."""
        rec, directory = done_dir(job_id, who)
        try:
            result = jobs_mod.apply_edit(directory, data, from_audio=rec.from_audio)
        except EditConflict as exc:
            raise ApiError(409, exc) from exc
        except InputError as exc:  # the pipeline's line, the same as `crc score`'s
            raise ApiError(422, exc) from exc
        crc = result.crc
        store.update(
            rec.id, crc_id=crc.id, version=crc.version, score=result.report.total,
            golden_rule=result.report.golden_rule.ok, meeting_date=crc.meeting.date,
            client=crc.meeting.client or rec.client,
        )
        log.info("job %s edited -> v%s", rec.id, crc.version)
        record(request, who, "edit", rec.id, crc.version)
        if pool.notifier is not None:
            pool.notifier.notify(crc)
        return EditResult(crc=crc.model_dump(mode="json"), score=result.report, version=crc.version)

    @app.post("/api/jobs/{job_id}/reply", tags=["crc"], dependencies=[Auth])
    def post_reply(job_id: str, file: Annotated[UploadFile, File(description="La réponse du client (.eml).")],
                   lang: Language, request: Request, who: Who) -> dict[str, Any]:
        """Déposer la réponse du client : VALIDÉ → validé, sinon corrections demandées ; la note est recalculée.
        `warning` dit quand l'expéditeur n'est ni un participant client ni un destinataire du brouillon."""
        from summarizer.downstream.validate import validate_reply
        from summarizer.files import atomic_write_bytes
        from summarizer.score import score_crc

        rec, directory = done_dir(job_id, who)
        reply_path = directory / "reply.eml"
        _copy_limited(file.file, reply_path, REPLY_LIMIT)  # an e-mail, whatever the limit on recordings
        try:
            crc, validation, _ = validate_reply(reply_path, artifact(directory, "json"), name=display_name(file.filename))
        except InputError as exc:
            raise ApiError(422, exc) from exc
        report = score_crc(crc)
        atomic_write_bytes(artifact(directory, "score"), report.model_dump_json(indent=2).encode())
        store.update(rec.id, crc_id=crc.id, version=crc.version, score=report.total)
        record(request, who, "validate", rec.id, validation.status)
        if pool.notifier is not None:  # the CRM hears of the client's answer too
            pool.notifier.notify(crc)
        warning = None
        if validation.sender_known is False:
            warning = Message("reply_sender_unknown", sender=validation.by or "?").render(lang)
        return {"validation": validation.model_dump(mode="json"), "score": report.model_dump(mode="json"),
                "warning": warning}

    @app.post("/api/jobs/{job_id}/speakers", response_model=EditResult, tags=["crc"], dependencies=[Auth])
    def rename_speaker(job_id: str, body: SpeakerRename, request: Request, who: Who) -> EditResult:
        """Renommer un locuteur partout (segments, participants, responsables, citations) : version +0.1, renoté."""
        from summarizer.serve.rename import rename_speaker as rename

        rec, directory = done_dir(job_id, who)
        try:
            result = rename(directory, body.old, body.new, body.version, from_audio=rec.from_audio)
        except EditConflict as exc:
            raise ApiError(409, exc) from exc
        except InputError as exc:
            raise ApiError(422, exc) from exc
        crc = result.crc
        store.update(rec.id, crc_id=crc.id, version=crc.version, score=result.report.total,
                     golden_rule=result.report.golden_rule.ok)
        log.info("job %s speaker renamed -> v%s", rec.id, crc.version)
        record(request, who, "rename", rec.id, crc.version)
        if pool.notifier is not None:
            pool.notifier.notify(crc)
        return EditResult(crc=crc.model_dump(mode="json"), score=result.report, version=crc.version)

    @app.get("/api/jobs/{job_id}/score", response_model=ScoreReport, tags=["crc"], dependencies=[Auth])
    def get_score(job_id: str, who: Who) -> Response:
        """La note sur 10, critère par critère, règle d'or et 7-3-1."""
        _, directory = done_dir(job_id, who)
        return Response(artifact(directory, "score").read_bytes(), media_type="application/json")

    @app.get(
        "/api/jobs/{job_id}/files/{kind}", tags=["crc"], dependencies=[Auth],
        responses={200: {"content": {mime: {} for _, mime in ARTIFACTS.values()}}},
    )
    def download(job_id: str, kind: Annotated[str, jobs_mod.artifact_kind()], request: Request, who: Who) -> FileResponse:
        """Télécharger une pièce : docx, eml, md, ics, json (CRC), score (JSON) ou toute sortie enregistrée."""
        rec, directory = done_dir(job_id, who)
        record(request, who, "download", rec.id, kind)
        suffix, media_type = ARTIFACTS[kind]
        name = f"{rec.crc_id or 'CRC'}{suffix}"
        return FileResponse(artifact(directory, kind), media_type=media_type, filename=name)

    @app.get("/api/jobs/{job_id}/email", response_model=EmailText, tags=["crc"], dependencies=[Auth])
    def email_text(job_id: str, request: Request, who: Who) -> EmailText:
        """Objet et texte de l'e-mail de suivi, pour le copier dans sa messagerie."""
        _, directory = done_dir(job_id, who)
        record(request, who, "view", job_id, "email")
        msg = email.message_from_bytes(artifact(directory, "eml").read_bytes(), policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",)) if isinstance(msg, EmailMessage) else None
        content = body.get_content() if body is not None else ""
        return EmailText(subject=str(msg.get("subject", "")), text=str(content))

    @app.get("/api/jobs/{job_id}/audio", tags=["crc"], dependencies=[Auth])
    def audio(job_id: str, request: Request, who: Who) -> FileResponse:
        """L'enregistrement déposé (pour réécouter un passage cité)."""
        rec = get_job(job_id, who)
        record(request, who, "download", rec.id, "audio")
        if not rec.from_audio:
            raise ApiError(404, "no_audio")
        path = job_dir(data_dir, rec.id) / f"input{rec.input_suffix}"
        if not path.is_file():
            raise ApiError(404, "recording_gone")
        return FileResponse(path, media_type=_AUDIO_TYPES.get(rec.input_suffix, "application/octet-stream"))

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

    # Added innermost first: the size limit, the origin guard, the confidential 500, then headers on everything.
    if settings.oidc_enabled:  # Authlib keeps the sign-in's state, nonce and PKCE verifier here, 10 minutes
        from starlette.middleware.sessions import SessionMiddleware

        from summarizer.serve.oidc import LOGIN_COOKIE_SECONDS, secure_cookies

        signing = settings.session_secret.get_secret_value() if settings.session_secret else secrets.token_urlsafe(32)
        app.add_middleware(
            SessionMiddleware, secret_key=signing, session_cookie="crc_login", max_age=LOGIN_COOKIE_SECONDS,
            same_site="lax", https_only=secure_cookies(settings),
        )
    app.add_middleware(BodyLimitMiddleware, upload_limit=settings.max_upload_bytes, reply_limit=REPLY_LIMIT)
    app.add_middleware(
        OriginGuardMiddleware, loopback_only=token is None and not settings.oidc_enabled, allowed_origins=settings.origins()
    )
    app.add_middleware(ConfidentialErrorsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _meeting_day(value: str | None) -> dt.date | None:
    """The form's meeting date; a 422 naming the field (never repeating the value) when it is not one."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if not _ISO_DAY.fullmatch(text):
        raise ApiError(422, "date_format")
    try:
        return parse_meeting_date(text)
    except ValueError as exc:
        try:  # a day that exists (year 0 checked as year 1) is only out of range
            dt.date(max(int(text[:4]), 1), int(text[5:7]), int(text[8:10]))
        except ValueError:
            raise ApiError(422, "date_impossible") from exc
        raise ApiError(422, "date_range") from exc


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None

