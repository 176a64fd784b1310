"""A done job's CRC: read it, edit it (PUT), rename a speaker, and fetch its score, files, e-mail and recording.

Every route here reaches the job through :meth:`.context.Access.done` (or ``job`` for the
recording), so visibility and "not ready yet" are checked in one place; every read is audited.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel

from summarizer.score import ScoreReport
from summarizer.serve import jobs as jobs_mod
from summarizer.serve.jobs import ARTIFACTS
from summarizer.serve.messages import ApiError
from summarizer.serve.routes.context import Caller, artifact
from summarizer.serve.routes.edits import Applied, commit_edit
from summarizer.serve.users import caller

router = APIRouter(tags=["crc"], dependencies=[Depends(caller)])
AUDIO_TYPES = {
    ".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".flac": "audio/flac", ".m4a": "audio/mp4",
    ".mp4": "video/mp4", ".webm": "audio/webm", ".aac": "audio/aac", ".wma": "audio/x-ms-wma", ".aiff": "audio/aiff",
}


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


def _edit_result(applied: Applied) -> EditResult:
    return EditResult(crc=applied.crc.model_dump(mode="json"), score=applied.report, version=applied.crc.version)


@router.get("/api/jobs/{job_id}/crc")
def get_crc(job_id: str, at: Caller) -> Response:
    """Le CRC (contrat JSON, voir `crc schema`)."""
    _, directory = at.done(job_id)
    at.record("view", job_id)
    return Response(artifact(directory, "json").read_bytes(), media_type="application/json")


@router.put("/api/jobs/{job_id}/crc", response_model=EditResult)
def put_crc(
    job_id: str, at: Caller,
    data: Annotated[dict[str, Any], Body(description="Le CRC modifié, avec sa `version` actuelle.")],
) -> EditResult:
    """Enregistrer un CRC modifié : revalidé contre la transcription, version +0.1, renoté, pièces régénérées."""
    rec, directory = at.done(job_id)

    def apply() -> Applied:
        result = jobs_mod.apply_edit(directory, data, from_audio=rec.from_audio)
        crc = result.crc
        columns = {"meeting_date": crc.meeting.date, "client": crc.meeting.client or rec.client}
        return Applied(crc, result.report, crc.version, columns)

    return _edit_result(commit_edit(at, rec, "edit", apply))


@router.post("/api/jobs/{job_id}/speakers", response_model=EditResult)
def rename_speaker(job_id: str, body: SpeakerRename, at: Caller) -> EditResult:
    """Renommer un locuteur partout (segments, participants, responsables, citations) : version +0.1, renoté."""
    from summarizer.serve.rename import rename_speaker as rename

    rec, directory = at.done(job_id)

    def apply() -> Applied:
        result = rename(directory, body.old, body.new, body.version, from_audio=rec.from_audio)
        return Applied(result.crc, result.report, result.crc.version)

    return _edit_result(commit_edit(at, rec, "rename", apply))


@router.get("/api/jobs/{job_id}/score", response_model=ScoreReport)
def get_score(job_id: str, at: Caller) -> Response:
    """La note sur 10, critère par critère, règle d'or et 7-3-1."""
    _, directory = at.done(job_id)
    return Response(artifact(directory, "score").read_bytes(), media_type="application/json")


@router.get("/api/jobs/{job_id}/files/{kind}", responses={200: {"content": {mime: {} for _, mime in ARTIFACTS.values()}}})
def download(job_id: str, kind: Annotated[str, jobs_mod.artifact_kind()], at: Caller) -> FileResponse:
    """Télécharger une pièce : docx, eml, md, ics, json (CRC), score (JSON) ou toute sortie enregistrée."""
    rec, directory = at.done(job_id)
    at.record("download", rec.id, kind)
    suffix, media_type = ARTIFACTS[kind]
    name = f"{rec.crc_id or 'CRC'}{suffix}"
    return FileResponse(artifact(directory, kind), media_type=media_type, filename=name)


@router.get("/api/jobs/{job_id}/email", response_model=EmailText)
def email_text(job_id: str, at: Caller) -> EmailText:
    """Objet et texte de l'e-mail de suivi, pour le copier dans sa messagerie."""
    _, directory = at.done(job_id)
    at.record("view", job_id, "email")
    msg = email.message_from_bytes(artifact(directory, "eml").read_bytes(), policy=email.policy.default)
    body = msg.get_body(preferencelist=("plain",)) if isinstance(msg, EmailMessage) else None
    content = body.get_content() if body is not None else ""
    return EmailText(subject=str(msg.get("subject", "")), text=str(content))


@router.get("/api/jobs/{job_id}/audio")
def audio(job_id: str, at: Caller) -> FileResponse:
    """L'enregistrement déposé (pour réécouter un passage cité)."""
    rec = at.job(job_id)
    at.record("download", rec.id, "audio")
    if not rec.from_audio:
        raise ApiError(404, "no_audio")
    path = jobs_mod.job_dir(at.data_dir, rec.id) / f"input{rec.input_suffix}"
    if not path.is_file():
        raise ApiError(404, "recording_gone")
    return FileResponse(path, media_type=AUDIO_TYPES.get(rec.input_suffix, "application/octet-stream"))
