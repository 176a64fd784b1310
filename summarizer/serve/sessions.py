"""Sign-in sessions (OpenID Connect): a random cookie value, kept server-side as its hash.

Server-side so that signing out, removing the user or the end of ``CRC_SESSION_HOURS`` ends the
session at once, even for a copy of the cookie.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import DateTime, String, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from summarizer.serve.db import Base, utcnow
from summarizer.serve.users import Role, User

COOKIE = "crc_session"


class SessionRow(Base):
    __tablename__ = "crc_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    team: Mapped[str | None] = mapped_column(String(100), nullable=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class SessionStore:
    def __init__(self, engine: Engine, hours: float) -> None:
        self.hours = hours
        Base.metadata.create_all(engine, tables=[SessionRow.__table__])  # type: ignore[list-item]
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def open(self, user: User) -> str:
        """A new session for ``user``; returns the cookie value (shown once, stored hashed)."""
        value = secrets.token_urlsafe(32)
        now = utcnow()
        with self._sessions.begin() as s:
            s.execute(delete(SessionRow).where(SessionRow.expires_at < now))
            s.add(SessionRow(id_hash=_hash(value), email=user.email, name=user.name, role=user.role, team=user.team,
                             expires_at=now + dt.timedelta(hours=self.hours)))
        return value

    def user(self, value: str | None) -> User | None:
        """The signed-in user of a cookie value; None when unknown, signed out or expired."""
        if not value:
            return None
        with self._sessions() as s:
            row = s.scalars(select(SessionRow).where(SessionRow.id_hash == _hash(value))).first()
            if row is None or row.expires_at < utcnow():
                return None
            role: Role = row.role  # type: ignore[assignment]
            return User(email=row.email, name=row.name, role=role, team=row.team)

    def close(self, value: str | None) -> None:
        if value:
            with self._sessions.begin() as s:
                s.execute(delete(SessionRow).where(SessionRow.id_hash == _hash(value)))
