"""Issue 11 items 5 and 7 on the web service: the transcript size limit and the meeting-date range
follow the CLI's (one limit, one date parser), before any job is created."""

from __future__ import annotations

from pathlib import Path

import pytest
from serve_support import SHORT_VTT, running, settings_for, upload

from summarizer.ingest.transcript import MAX_TRANSCRIPT_BYTES


def test_item05_transcript_upload_limit_is_the_transcript_limit(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)  # 500 MB for recordings
    big = SHORT_VTT.encode() + b"\nNOTE " + b"x" * MAX_TRANSCRIPT_BYTES + b"\n"
    with running(settings) as (client, _app):
        r = upload(client, big, "enorme.vtt")
        assert r.status_code == 413, r.text
        assert "au-delà de la limite de 2 Mo pour une transcription" in r.json()["detail"]
        assert upload(client, SHORT_VTT.encode(), "petit.vtt").status_code == 202
    assert len([p for p in settings.data_dir.iterdir() if p.is_dir()]) == 1


@pytest.mark.parametrize(("value", "fragment"), [
    ("9999-12-31", "plage plausible"), ("0001-01-01", "plage plausible"), ("0000-01-01", "plage plausible"), ("2026-02-30", "n'existe pas"), ("2026-02-29", "n'existe pas"),
])
def test_item07_server_bounds_meeting_dates(tmp_path: Path, value: str, fragment: str) -> None:
    with running(settings_for(tmp_path)) as (client, _app):
        r = upload(client, SHORT_VTT.encode(), meeting_date=value)
        assert r.status_code == 422 and fragment in r.json()["detail"]


@pytest.mark.parametrize(("participants", "fragment"), [
    ("Claire Martin:boss", "côté inconnu"), (":client", "nom manquant"),
])
def test_item09_server_refuses_an_unknown_participant_side(tmp_path: Path, participants: str, fragment: str) -> None:
    """The upload form reads participants like `crc run -p`: a side it does not know is refused, never dropped."""
    settings = settings_for(tmp_path)
    with running(settings) as (client, _app):
        r = upload(client, SHORT_VTT.encode(), participants=participants)
        assert r.status_code == 422 and fragment in r.json()["detail"] and "boss" not in r.json()["detail"]
        assert upload(client, SHORT_VTT.encode(), participants="Claire Martin:vendor, Marc Ferrand").status_code == 202
    assert len([p for p in settings.data_dir.iterdir() if p.is_dir()]) == 1
