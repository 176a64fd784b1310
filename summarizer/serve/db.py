"""The job table (SQLAlchemy 2): SQLite by default, any SQLAlchemy URL (PostgreSQL) unchanged.

Only portable column types and plain UPDATE ... WHERE statements are used, so
the same code runs on SQLite and PostgreSQL. Rows are returned as detached
:class:`JobRecord` snapshots: no ORM object leaves this module.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from summarizer.messages import Lang, Message

JobStatus = Literal["queued", "running", "done", "failed"]
#: a job interrupted while running is retried once; the second interruption fails it
MAX_ATTEMPTS = 2


def utcnow() -> dt.datetime:
    """Naive UTC: stored the same way on SQLite (no time zones) and PostgreSQL."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class JobRow(Base):
    __tablename__ = "crc_jobs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="queued")
    stage: Mapped[str] = mapped_column(String(32), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: the failure as a message key and parameters (JSON), shown in each request's language
    error_detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    filename: Mapped[str] = mapped_column(String(255))
    input_suffix: Mapped[str] = mapped_column(String(16))
    from_audio: Mapped[bool] = mapped_column(Boolean, default=False)
    client: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    rep: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    #: the e-mail of the user who uploaded it (None: the service token or the token-less local mode)
    owner: Mapped[str | None] = mapped_column(String(254), nullable=True, index=True)
    #: the uploader's team, so their manager keeps seeing the call whatever the table says later
    team: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    meeting_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    participants: Mapped[str] = mapped_column(Text, default="[]")
    language: Mapped[str] = mapped_column(String(8), default="auto")
    # Text: built from the client name, which is unbounded after an edit; PostgreSQL enforces VARCHAR lengths.
    crc_id: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[str | None] = mapped_column(String(16), nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    golden_rule: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


_TABLE = JobRow.__table__


class JobRecord(BaseModel):
    """A snapshot of one row."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    status: JobStatus
    stage: str
    progress: float
    error: str | None
    error_detail: dict[str, Any] | None = None
    attempts: int
    filename: str
    input_suffix: str
    from_audio: bool
    client: str | None
    rep: str | None
    owner: str | None = None
    team: str | None = None
    meeting_date: dt.date | None
    participants: list[str]
    language: str
    crc_id: str | None
    version: str | None
    score: float | None
    golden_rule: bool | None
    created_at: dt.datetime
    updated_at: dt.datetime
    finished_at: dt.datetime | None

    @classmethod
    def of(cls, row: JobRow) -> JobRecord:
        return cls.of_mapping({c.key: getattr(row, c.key) for c in _TABLE.columns})

    @classmethod
    def of_mapping(cls, row: Mapping[Any, Any]) -> JobRecord:
        data = dict(row)
        data["participants"] = json.loads(data.get("participants") or "[]")
        data["error_detail"] = _json_object(data.get("error_detail"))
        return cls.model_validate(data)

    def error_in(self, lang: Lang) -> str | None:
        """The failure reason in ``lang``; the stored French line when the message is not known here."""
        message = Message.stored(self.error_detail)
        return message.render(lang) if message is not None else self.error


class JobFilter(BaseModel):
    client: str | None = None
    rep: str | None = None
    status: JobStatus | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    limit: int = 100
    offset: int = 0


class JobStore:
    """All job-table access. Thread-safe: one short session per call."""

    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict[str, Any] = {"future": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        Base.metadata.create_all(self.engine)
        _add_missing_columns(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def create(
        self, job_id: str, *, filename: str, input_suffix: str, from_audio: bool, client: str | None,
        rep: str | None, meeting_date: dt.date | None, participants: list[str], language: str,
        owner: str | None = None, team: str | None = None,
    ) -> JobRecord:
        now = utcnow()
        client, rep = _fit("client", client), _fit("rep", rep)
        row = JobRow(
            id=job_id, status="queued", stage="queued", progress=0.0, attempts=0, filename=filename,
            input_suffix=input_suffix, from_audio=from_audio, client=client, rep=rep, owner=owner, team=team, meeting_date=meeting_date,
            participants=json.dumps(participants, ensure_ascii=False), language=language,
            created_at=now, updated_at=now,
        )
        with self._session() as s:
            s.add(row)
            s.flush()
            return JobRecord.of(row)

    def get(self, job_id: str, where: ColumnElement[bool] | None = None) -> JobRecord | None:
        """The job, or None; ``where`` narrows to what a user may see (:meth:`Principal.visible_clause`)."""
        # Core, not the ORM: this is the status-polling hot path.
        q = select(_TABLE).where(_TABLE.c.id == job_id)
        if where is not None:
            q = q.where(where)
        with self.engine.connect() as conn:
            row = conn.execute(q).mappings().first()
        return JobRecord.of_mapping(row) if row else None

    def list_jobs(self, flt: JobFilter, where: ColumnElement[bool] | None = None) -> list[JobRecord]:
        q = select(JobRow)
        if where is not None:
            q = q.where(where)
        if flt.client:
            q = q.where(JobRow.client.ilike(f"%{_like_escape(flt.client)}%", escape="\\"))
        if flt.rep:
            q = q.where(JobRow.rep.ilike(f"%{_like_escape(flt.rep)}%", escape="\\"))
        if flt.status:
            q = q.where(JobRow.status == flt.status)
        if flt.date_from:
            q = q.where(JobRow.meeting_date >= flt.date_from)
        if flt.date_to:
            q = q.where(JobRow.meeting_date <= flt.date_to)
        q = q.order_by(JobRow.created_at.desc(), JobRow.id).limit(flt.limit).offset(flt.offset)
        with self.engine.connect() as conn:
            return [JobRecord.of_mapping(r) for r in conn.execute(q.with_only_columns(*_TABLE.columns)).mappings()]

    def update(self, job_id: str, **fields: Any) -> bool:
        """Set columns; False when the row is gone (deleted meanwhile)."""
        fields = {key: _fit(key, value) for key, value in fields.items()}
        fields["updated_at"] = utcnow()
        with self._session() as s:
            result = s.execute(update(JobRow).where(JobRow.id == job_id).values(**fields))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def claim(self, job_id: str) -> bool:
        """queued -> running, atomically; False if another worker (or a delete) got there first."""
        with self._session() as s:
            result = s.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.status == "queued")
                .values(status="running", stage="starting", progress=0.0, attempts=JobRow.attempts + 1,
                        updated_at=utcnow(), error=None, error_detail=None)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def recover(self) -> tuple[list[str], list[str]]:
        """After a restart: running jobs go back to the queue once, then fail. Returns (queued ids, failed ids)."""
        with self._session() as s:
            stale = list(s.scalars(select(JobRow).where(JobRow.status == "running")))
            failed = []
            for row in stale:
                if row.attempts >= MAX_ATTEMPTS:
                    row.status, row.stage, row.progress = "failed", "failed", 1.0
                    interrupted = Message("job_interrupted")
                    row.error, row.error_detail = str(interrupted), failure_detail(interrupted)
                    row.finished_at = utcnow()
                    failed.append(row.id)
                else:
                    row.status, row.stage, row.progress = "queued", "queued", 0.0
                row.updated_at = utcnow()
            s.flush()
            queued = list(s.scalars(
                select(JobRow.id).where(JobRow.status == "queued").order_by(JobRow.created_at, JobRow.id)
            ))
        return queued, failed

    def delete(self, job_id: str) -> bool:
        with self._session() as s:
            result = s.execute(delete(JobRow).where(JobRow.id == job_id))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def older_than(self, cutoff: dt.datetime) -> list[str]:
        """Jobs created before ``cutoff`` that are not being processed (retention purge)."""
        q = select(JobRow.id).where(JobRow.created_at < cutoff, JobRow.status != "running")
        with self._session() as s:
            return list(s.scalars(q))


def failure_detail(reason: Message | str) -> str | None:
    """What the ``error_detail`` column holds for a failure reason (None for a text never keyed)."""
    return json.dumps(reason.to_json(), ensure_ascii=False) if isinstance(reason, Message) else None


def _json_object(raw: Any) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _add_missing_columns(engine: Engine) -> None:
    """Add the nullable columns a newer crc defined to a table an older one created (no migration tool needed).

    Only nullable columns are ever added this way; two services starting together may race on
    the ALTER, so a failure is re-checked rather than raised.
    """
    present = {column["name"] for column in inspect(engine).get_columns(JobRow.__tablename__)}
    for column in _TABLE.columns:
        if column.name in present or not column.nullable:
            continue
        kind = column.type.compile(dialect=engine.dialect)
        try:
            with engine.begin() as conn:
                conn.execute(text(f'ALTER TABLE {JobRow.__tablename__} ADD COLUMN "{column.name}" {kind}'))
        except Exception:
            if column.name not in {c["name"] for c in inspect(engine).get_columns(JobRow.__tablename__)}:
                raise


def _fit(column: str, value: Any) -> Any:
    """Clip a string to its VARCHAR length: PostgreSQL rejects longer values, SQLite would keep them.

    Only the label columns (client, rep) can receive unbounded text (a CRC edit, a speaker name);
    the full value stays in the CRC itself.
    """
    length = getattr(_TABLE.c[column].type, "length", None)
    if isinstance(value, str) and length and len(value) > length:
        return value[:length].rstrip()
    return value


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets the page poll while a worker writes; busy_timeout absorbs short lock waits."""
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
