"""The audit log: who viewed, downloaded, edited, validated, exported or deleted which CRC, when, from where.

One row per access, in the service's database next to the jobs. It is kept with the data and
purged with it: the rows of a job go when the job goes (DELETE or retention), only the
``delete`` row itself stays, and every row goes after ``CRC_RETENTION_DAYS``. Rows carry ids,
e-mails and addresses, never CRC content.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import DateTime, Integer, String, and_, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from summarizer.serve.db import Base, JobRow, utcnow

Action = Literal["view", "download", "edit", "rename", "validate", "export", "delete", "sign_in", "sign_out"]
#: seconds between two purges triggered by writes
_PURGE_EVERY = 600.0


class AuditRow(Base):
    __tablename__ = "crc_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(254), index=True)
    action: Mapped[str] = mapped_column(String(16))
    job_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    #: the account (client) exported, or the file kind downloaded
    target: Mapped[str | None] = mapped_column(String(200), nullable=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    actor: str
    action: str
    job_id: str | None
    target: str | None
    ip: str | None


class AuditLog:
    """Append and read the audit rows; purges what outlived its data at most every ten minutes."""

    def __init__(self, engine: Engine, retention_days: int) -> None:
        self.engine = engine
        self.retention_days = retention_days
        Base.metadata.create_all(engine, tables=[AuditRow.__table__])  # type: ignore[list-item]
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._last_purge = 0.0
        self._lock = threading.Lock()

    def record(self, actor: str, action: Action, *, job_id: str | None = None, target: str | None = None,
               ip: str | None = None) -> None:
        with self._sessions.begin() as s:
            s.add(AuditRow(at=utcnow(), actor=actor[:254], action=action, job_id=job_id,
                           target=target[:200] if target else None, ip=ip[:64] if ip else None))
        with self._lock:
            due = time.monotonic() - self._last_purge > _PURGE_EVERY
            if due:
                self._last_purge = time.monotonic()
        if due:
            self.purge()

    def forget_job(self, job_id: str) -> None:
        """A deleted job's rows go with it; its ``delete`` row stays (until the retention)."""
        with self._sessions.begin() as s:
            s.execute(delete(AuditRow).where(AuditRow.job_id == job_id, AuditRow.action != "delete"))

    def purge(self, now: dt.datetime | None = None) -> int:
        """Rows of jobs that are gone (purged by retention) and rows older than the retention; returns how many."""
        gone = select(JobRow.id)
        count = 0
        with self._sessions.begin() as s:
            count += s.execute(delete(AuditRow).where(
                AuditRow.job_id.is_not(None), AuditRow.action != "delete", AuditRow.job_id.not_in(gone),
            )).rowcount  # type: ignore[attr-defined]
            if self.retention_days > 0:
                cutoff = (now or utcnow()) - dt.timedelta(days=self.retention_days)
                count += s.execute(delete(AuditRow).where(AuditRow.at < cutoff)).rowcount  # type: ignore[attr-defined]
        return count

    def entries(self, actor: str | None = None, since: dt.datetime | None = None, job_id: str | None = None,
                limit: int = 1000) -> list[AuditEntry]:
        """Newest first."""
        conditions = []
        if actor:
            conditions.append(AuditRow.actor == actor.strip().lower())
        if since:
            conditions.append(AuditRow.at >= since)
        if job_id:
            conditions.append(AuditRow.job_id == job_id)
        q = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
        if conditions:
            q = q.where(and_(*conditions))
        with self._sessions() as s:
            return [AuditEntry(at=r.at.replace(tzinfo=dt.timezone.utc), actor=r.actor, action=r.action,
                               job_id=r.job_id, target=r.target, ip=r.ip) for r in s.scalars(q)]
