"""People of ``crc serve``: users, roles, teams, personal tokens, and who sees which job.

A personal token reads ``crcu_<id>.<secret>``: the id finds the row, the secret's SHA-256 is
compared in constant time with the stored one, so the token itself is never stored and a
lookup leaks nothing about it. ``CRC_API_TOKEN`` stays the admin/service token.

Visibility (:class:`Principal`): a rep sees the jobs they uploaded or whose CRC names them as
rep (the job's ``rep`` column holds ``meeting.rep``), a manager those of every member of their
team, an admin everything. The rule is one SQL clause (:meth:`Principal.visible_clause`),
applied to every list and every single-job lookup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import DateTime, String, delete, false, func, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from summarizer.errors import InputError
from summarizer.messages import Message
from summarizer.serve.db import Base, JobRow, utcnow

Role = Literal["rep", "manager", "admin"]
ROLES: tuple[Role, ...] = ("rep", "manager", "admin")
TOKEN_PREFIX = "crcu_"


class UserRow(Base):
    __tablename__ = "crc_users"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    team: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    token_id: Mapped[str | None] = mapped_column(String(32), nullable=True, unique=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    token_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


@dataclass(frozen=True)
class User:
    email: str
    name: str
    role: Role
    team: str | None
    has_token: bool = False


@dataclass(frozen=True)
class Principal:
    """Who is calling, and the people whose calls they may see (empty for an admin: everything)."""

    email: str | None
    name: str
    role: Role
    team: str | None = None
    #: e-mails and lower-cased names of the people whose jobs this principal sees (self, or the team)
    emails: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def visible_clause(self) -> ColumnElement[bool] | None:
        """The WHERE clause on ``crc_jobs`` for what this principal sees; None for everything."""
        if self.is_admin:
            return None
        clauses: list[ColumnElement[bool]] = []
        if self.emails:
            clauses.append(JobRow.owner.in_(sorted(self.emails)))
        if self.names:
            clauses.append(func.lower(func.trim(JobRow.rep)).in_(sorted(self.names)))
        if self.role == "manager" and self.team:
            clauses.append(JobRow.team == self.team)
        return or_(*clauses) if clauses else false()


#: the service token, and the token-less loopback mode: one person on their own machine
SERVICE = Principal(email=None, name="service", role="admin")


def normalize_email(email: str) -> str:
    value = email.strip().lower()
    local, _, domain = value.partition("@")
    if not local or not domain or " " in value or len(value) > 254:
        raise InputError(Message("user_bad_email", email=email[:100]))
    return value


def _name_key(name: str) -> str:
    return " ".join(name.split()).lower()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class UserStore:
    """The users table; thread-safe like :class:`~summarizer.serve.db.JobStore` (one session per call)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        Base.metadata.create_all(engine, tables=[UserRow.__table__])  # type: ignore[list-item]
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def add(self, email: str, name: str, role: str, team: str | None) -> User:
        """Create or update a user (same e-mail: new name, role, team; the token is kept)."""
        email = normalize_email(email)
        if role not in ROLES:
            raise InputError(Message("user_bad_role", role=role, roles=list(ROLES)))
        name = " ".join(name.split())
        if not name:
            raise InputError(Message("user_no_name"))
        team = " ".join(team.split()) if team and team.strip() else None
        if role == "manager" and team is None:
            raise InputError(Message("user_manager_team"))
        with self._sessions.begin() as s:
            row = s.get(UserRow, email)
            if row is None:
                row = UserRow(email=email, name=name, role=role, team=team, created_at=utcnow())
                s.add(row)
            else:
                row.name, row.role, row.team = name, role, team
            s.flush()
            return _user(row)

    def get(self, email: str) -> User | None:
        with self._sessions() as s:
            row = s.get(UserRow, email.strip().lower())
            return _user(row) if row else None

    def list(self) -> list[User]:
        with self._sessions() as s:
            return [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.team, UserRow.email))]

    def remove(self, email: str) -> bool:
        with self._sessions.begin() as s:
            return bool(s.execute(delete(UserRow).where(UserRow.email == email.strip().lower())).rowcount)  # type: ignore[attr-defined]

    def new_token(self, email: str) -> str:
        """A new personal token, returned once; only its hash is kept (the previous one stops working)."""
        token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
        with self._sessions.begin() as s:
            done = s.execute(
                update(UserRow).where(UserRow.email == email.strip().lower())
                .values(token_id=token_id, token_hash=_hash(secret), token_at=utcnow())
            ).rowcount  # type: ignore[attr-defined]
        if not done:
            raise InputError(Message("user_unknown", email=email[:100]))
        return f"{TOKEN_PREFIX}{token_id}.{secret}"

    def revoke_token(self, email: str) -> bool:
        with self._sessions.begin() as s:
            return bool(s.execute(
                update(UserRow).where(UserRow.email == email.strip().lower())
                .values(token_id=None, token_hash=None, token_at=None)
            ).rowcount)  # type: ignore[attr-defined]

    def by_token(self, token: str) -> User | None:
        """The user whose personal token this is; None for anything else (constant-time on the secret)."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        token_id, _, secret = token[len(TOKEN_PREFIX):].partition(".")
        if not token_id or not secret:
            return None
        with self._sessions() as s:
            row = s.scalars(select(UserRow).where(UserRow.token_id == token_id)).first()
            stored = row.token_hash if row is not None and row.token_hash else _hash("")
            ok = secrets.compare_digest(_hash(secret), stored)
            return _user(row) if ok and row is not None else None

    def principal(self, user: User) -> Principal:
        """What ``user`` may see: their own calls, or their team's for a manager, everything for an admin."""
        if user.role == "admin":
            return Principal(email=user.email, name=user.name, role="admin", team=user.team)
        people = [user]
        if user.role == "manager" and user.team:
            with self._sessions() as s:
                people += [_user(r) for r in s.scalars(select(UserRow).where(UserRow.team == user.team))]
        return Principal(
            email=user.email, name=user.name, role=user.role, team=user.team,
            emails=frozenset(p.email for p in people), names=frozenset(_name_key(p.name) for p in people),
        )


def _user(row: UserRow) -> User:
    return User(email=row.email, name=row.name, role=row.role, team=row.team,  # type: ignore[arg-type]
                has_token=row.token_hash is not None)


#: documents the Bearer scheme in OpenAPI; the check itself is the app's ``require_auth`` (constant-time)
BEARER = HTTPBearer(
    auto_error=False,
    description="CRC_API_TOKEN ou jeton personnel (crc users token) ; inutile sur 127.0.0.1 sans jeton.",
)


def caller(
    request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)] = None
) -> Principal:
    """The route dependency: the app's own check (``app.state.authenticate``), run once per request."""
    principal: Principal = request.app.state.authenticate(request)
    return principal


#: a route parameter ``who: Who`` is the caller, checked (401 otherwise)
Who = Annotated[Principal, Depends(caller)]
