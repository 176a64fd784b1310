"""People: who is calling (``/api/me``) and the audit trail (``/api/audit``, admins only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from summarizer.serve.audit import AuditLog
from summarizer.serve.messages import ApiError
from summarizer.serve.sessions import COOKIE
from summarizer.serve.users import Who

router = APIRouter(tags=["users"])


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


@router.get("/api/me", response_model=Me)
def me(request: Request, who: Who) -> Me:
    """Qui est connecté : e-mail, nom, rôle (rep, manager, admin) et équipe."""
    return Me(email=who.email, name=who.name, role=who.role, team=who.team,
              session=COOKIE in request.cookies and "authorization" not in request.headers)


@router.get("/api/audit", response_model=list[AuditOut])
def audit_log(
    request: Request,
    who: Who,
    user: Annotated[str | None, Query(max_length=254, description="E-mail de l'utilisateur.")] = None,
    since: Annotated[dt.datetime | None, Query(description="Depuis (ISO 8601, UTC).")] = None,
    job: Annotated[str | None, Query(max_length=64, description="Identifiant de la tâche.")] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[AuditOut]:
    """Journal d'audit (administrateurs) : qui a consulté, téléchargé, modifié, validé, exporté ou supprimé quel CRC."""
    if not who.is_admin:
        raise ApiError(403, "admin_only")
    audit: AuditLog = request.app.state.audit
    since_utc = since.astimezone(dt.timezone.utc).replace(tzinfo=None) if since and since.tzinfo else since
    return [AuditOut(**vars(e)) for e in audit.entries(user, since_utc, job, limit)]
