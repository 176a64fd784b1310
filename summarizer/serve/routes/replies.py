"""The client's answer to the e-mailed CRC (``POST /api/jobs/{id}/reply``): validated, or corrections asked.

The reply is matched to the draft it answers (:func:`summarizer.downstream.validate.validate_reply`),
logged in the CRC, which is re-scored.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, UploadFile

from summarizer.messages import Message
from summarizer.serve.routes.context import Caller, Language, artifact, copy_limited
from summarizer.serve.routes.edits import Applied, commit_edit
from summarizer.serve.security import display_name
from summarizer.serve.users import caller

router = APIRouter(tags=["crc"], dependencies=[Depends(caller)])
#: A client's reply (.eml, with its attachments) is accepted up to 10 MB.
REPLY_LIMIT = 10 * 1048576


@router.post("/api/jobs/{job_id}/reply")
def post_reply(job_id: str, file: Annotated[UploadFile, File(description="La réponse du client (.eml).")],
               lang: Language, at: Caller) -> dict[str, Any]:
    """Déposer la réponse du client : VALIDÉ → validé, sinon corrections demandées ; la note est recalculée.
    `warning` dit quand l'expéditeur n'est ni un participant client ni un destinataire du brouillon."""
    from summarizer.downstream.validate import validate_reply
    from summarizer.files import atomic_write_bytes
    from summarizer.score import score_crc

    rec, directory = at.done(job_id)
    reply_path = directory / "reply.eml"
    copy_limited(file.file, reply_path, REPLY_LIMIT)  # an e-mail, whatever the limit on recordings

    def apply() -> Applied:
        crc, validation, _ = validate_reply(reply_path, artifact(directory, "json"), name=display_name(file.filename))
        report = score_crc(crc)
        atomic_write_bytes(artifact(directory, "score"), report.model_dump_json(indent=2).encode())
        return Applied(crc, report, validation.status)

    applied = commit_edit(at, rec, "validate", apply)
    validation = applied.crc.validation  # the answer just logged in the CRC
    assert validation is not None
    warning = None
    if validation.sender_known is False:
        warning = Message("reply_sender_unknown", sender=validation.by or "?").render(lang)
    return {"validation": validation.model_dump(mode="json"), "score": applied.report.model_dump(mode="json"),
            "warning": warning}
