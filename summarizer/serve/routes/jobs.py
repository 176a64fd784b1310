"""Jobs: upload a call (``POST /api/jobs``), list, follow and delete jobs.

An upload is streamed to the job's folder, sniffed (the stored suffix comes from the bytes, never
from the client's file name), registered in the job table and handed to the worker pool; the
heavy work happens in :mod:`summarizer.serve.jobs`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile
from pydantic import BaseModel

from summarizer.dates import parse_meeting_date
from summarizer.ingest.metadata import write_call_file
from summarizer.ingest.transcript import MAX_TRANSCRIPT_BYTES, too_large_message
from summarizer.lang import LanguageOption
from summarizer.messages import Lang
from summarizer.pipeline import participant_problem
from summarizer.serve import jobs as jobs_mod
from summarizer.serve.db import JobFilter, JobRecord, JobStatus
from summarizer.serve.messages import ApiError
from summarizer.serve.routes.context import Caller, Language, copy_limited
from summarizer.serve.security import UploadRejected, display_name, new_job_id, sniff_upload
from summarizer.serve.users import caller

log = logging.getLogger("summarizer.serve")
router = APIRouter(tags=["jobs"], dependencies=[Depends(caller)])


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


@router.post("/api/jobs", status_code=202, response_model=JobCreated)
def create_job(
    response: Response,
    at: Caller,
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
    directory = jobs_mod.job_dir(at.data_dir, job_id)
    directory.mkdir(mode=0o700)
    shown = display_name(file.filename)
    try:
        part = directory / "upload.part"
        size = copy_limited(file.file, part, at.settings.max_upload_bytes)
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
        who = at.who
        at.store.create(
            job_id, filename=shown, input_suffix=suffix, from_audio=audio, client=_blank(client),
            rep=_blank(rep) or (who.name if who.email else None), meeting_date=day, participants=names,
            language=language, owner=who.email, team=who.team,
        )
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    at.pool.submit(job_id)
    log.info("job %s queued (%s)", job_id, "audio" if audio else "transcript")
    response.headers["Location"] = f"/api/jobs/{job_id}"
    return JobCreated(id=job_id)


@router.get("/api/jobs", response_model=list[JobOut])
def list_jobs(
    lang: Language,
    at: Caller,
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
    return [JobOut.of(r, lang) for r in at.store.list_jobs(flt, at.who.visible_clause())]


@router.get("/api/jobs/{job_id}", response_model=JobOut)
def job_status(job_id: str, lang: Language, at: Caller) -> JobOut:
    """État d'une tâche : queued, running, done ou failed, avec la progression (0..1)."""
    return JobOut.of(at.job(job_id), lang)


@router.delete("/api/jobs/{job_id}", status_code=204)
def delete_job(job_id: str, at: Caller) -> Response:
    """Supprimer la tâche : la ligne et tous ses fichiers (enregistrement, transcription, CRC)."""
    rec = at.job(job_id)
    at.store.delete(rec.id)
    at.audit.forget_job(rec.id)  # the job's trail goes with it; the delete itself stays
    at.record("delete", rec.id)
    jobs_mod.mark_deleted(at.data_dir, rec.id)
    if not at.pool.cancel(rec.id):  # a running job stops at its next stage and removes its own files
        jobs_mod.delete_job_files(at.data_dir, rec.id)
    log.info("job %s deleted", rec.id)
    return Response(status_code=204)


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
