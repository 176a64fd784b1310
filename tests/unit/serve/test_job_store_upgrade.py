"""A job table written by an older crc (no ``error_detail``) keeps working after an upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from summarizer.messages import Message
from summarizer.serve.db import JobStore, failure_detail


def test_11_11_an_older_sqlite_table_gains_the_message_column(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite"
    url = f"sqlite:///{path}"
    JobStore(url).close()
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE crc_jobs DROP COLUMN error_detail")
        conn.execute(
            "INSERT INTO crc_jobs (id, status, stage, progress, error, attempts, filename, input_suffix, from_audio, "
            "participants, language, created_at, updated_at) VALUES ('old', 'failed', 'failed', 1, "
            "'appel.vtt : fichier vide.', 1, 'appel.vtt', '.vtt', 0, '[]', 'auto', '2026-01-01', '2026-01-01')"
        )
    store = JobStore(url)
    try:
        old = store.get("old")
        assert old is not None and old.error_detail is None
        assert old.error_in("en") == "appel.vtt : fichier vide."
        reason = Message("transcript_no_speech", name="appel.vtt")
        store.update("old", error=str(reason), error_detail=failure_detail(reason))
        again = store.get("old")
        assert again is not None
        assert again.error_in("fr") == "appel.vtt : transcription vide, aucune parole trouvée."
        assert again.error_in("en") == "appel.vtt: empty transcript, no speech found."
    finally:
        store.close()


def test_11_11_a_message_this_version_does_not_know_falls_back_to_the_french_line(tmp_path: Path) -> None:
    store = JobStore(f"sqlite:///{tmp_path / 'jobs.sqlite'}")
    try:
        store.create("j", filename="a.vtt", input_suffix=".vtt", from_audio=False, client=None, rep=None,
                     meeting_date=None, participants=[], language="auto")
        store.update("j", error="Ligne française.", error_detail='{"key": "from_a_newer_crc", "params": {}}')
        job = store.get("j")
        assert job is not None and job.error_in("en") == "Ligne française."
    finally:
        store.close()
