"""The batch manifest: one SQLite row per (file, content hash, settings hash), so a re-run resumes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from summarizer import __version__
from summarizer.errors import InputError
from summarizer.pipeline import RunOptions

MANIFEST_NAME = "manifest.sqlite"
Status = Literal["done", "failed", "skipped"]


#: RunOptions fields that never change an output (display, cache locations).
_NOT_SETTINGS = {"progress", "asr_cache_dir"}


def settings_hash(options: RunOptions) -> str:
    """What makes an output differ for the same content: options, crc version, LLM model/endpoint."""
    data: dict[str, Any] = options.model_dump(mode="json", exclude=_NOT_SETTINGS)
    data["crc_version"] = __version__
    if options.backend == "llm" or options.fallback == "llm":
        data["llm"] = [os.environ.get("CRC_LLM_MODEL"), os.environ.get("OPENAI_BASE_URL")]
    blob = json.dumps(data, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


class FileOutcome(BaseModel):
    """What a worker reports back: small and picklable (the CRC itself is on disk)."""

    rel_path: str
    sha256: str
    status: Status
    reason: str | None = None
    #: what the reader noticed (no speakers, mixed encodings, diarization install hint): shown, not fatal
    warnings: list[str] = Field(default_factory=list)
    outputs: list[str] = Field(default_factory=list)
    score: float | None = None
    golden_rule: bool | None = None
    crc_id: str | None = None
    meeting_date: dt.date | None = None
    meeting_date_source: str | None = None
    attempts: int = 1
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    duration: float | None = None


class BatchReport(BaseModel):
    input_dir: Path
    out_dir: Path
    settings: str
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    interrupted: bool = False
    elapsed: float = 0.0
    outcomes: list[FileOutcome] = Field(default_factory=list)

    @property
    def failures(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def add(self, outcome: FileOutcome) -> None:
        """Count one finished file (done or failed)."""
        self.outcomes.append(outcome)
        if outcome.status == "done":
            self.done += 1
        else:
            self.failed += 1


_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
  rel_path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  settings TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
  reason TEXT,
  outputs TEXT NOT NULL DEFAULT '[]',
  score REAL,
  golden_rule INTEGER,
  crc_id TEXT,
  meeting_date TEXT,
  meeting_date_source TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  started_at TEXT,
  finished_at TEXT NOT NULL,
  duration REAL,
  PRIMARY KEY (rel_path, sha256, settings)
)
"""


class Manifest:
    """SQLite (WAL) in OUT_DIR, one row per (relative path, content hash, settings hash)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path} : manifeste illisible ({exc}) ; supprimez-le pour tout retraiter.") from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, rel_path: str, sha256: str, settings: str) -> FileOutcome | None:
        row = self.db.execute(
            "SELECT * FROM files WHERE rel_path=? AND sha256=? AND settings=?", (rel_path, sha256, settings)
        ).fetchone()
        return _outcome(row) if row else None

    def latest(self, rel_path: str, settings: str) -> FileOutcome | None:
        """The most recent row for this file under these settings (whatever its content hash)."""
        row = self.db.execute(
            "SELECT * FROM files WHERE rel_path=? AND settings=? ORDER BY finished_at DESC LIMIT 1",
            (rel_path, settings),
        ).fetchone()
        return _outcome(row) if row else None

    def record(self, o: FileOutcome, settings: str) -> None:
        """One transaction per file, after its outputs are on disk."""
        assert o.status in ("done", "failed")
        finished = o.finished_at or dt.datetime.now(dt.timezone.utc)
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute(
                """INSERT INTO files (rel_path, sha256, settings, status, reason, outputs, score, golden_rule,
                       crc_id, meeting_date, meeting_date_source, attempts, started_at, finished_at, duration)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
                   ON CONFLICT (rel_path, sha256, settings) DO UPDATE SET
                       status=excluded.status, reason=excluded.reason, outputs=excluded.outputs,
                       score=excluded.score, golden_rule=excluded.golden_rule, crc_id=excluded.crc_id,
                       meeting_date=excluded.meeting_date, meeting_date_source=excluded.meeting_date_source,
                       attempts=files.attempts + 1, started_at=excluded.started_at,
                       finished_at=excluded.finished_at, duration=excluded.duration""",
                (
                    o.rel_path, o.sha256, settings, o.status, o.reason, json.dumps(o.outputs), o.score,
                    None if o.golden_rule is None else int(o.golden_rule), o.crc_id,
                    o.meeting_date.isoformat() if o.meeting_date else None, o.meeting_date_source,
                    o.started_at.isoformat() if o.started_at else None, finished.isoformat(), o.duration,
                ),
            )

    def all(self) -> list[FileOutcome]:
        return [_outcome(r) for r in self.db.execute("SELECT * FROM files ORDER BY rel_path, finished_at")]


def _outcome(row: sqlite3.Row) -> FileOutcome:
    return FileOutcome(
        rel_path=row["rel_path"], sha256=row["sha256"], status=row["status"], reason=row["reason"],
        outputs=json.loads(row["outputs"] or "[]"), score=row["score"],
        golden_rule=None if row["golden_rule"] is None else bool(row["golden_rule"]), crc_id=row["crc_id"],
        meeting_date=row["meeting_date"], meeting_date_source=row["meeting_date_source"],
        attempts=row["attempts"], started_at=row["started_at"], finished_at=row["finished_at"],
        duration=row["duration"],
    )
