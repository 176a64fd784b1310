"""The upload page in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Uploads a sample transcript, waits for the result, edits a due date, checks
that the score and version change, downloads the .docx and keeps a screenshot
in ``test-artifacts/serve-result.png``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from serve_support import ROOT, SAMPLE_VTT, running, settings_for

from summarizer.crc import CRC
from summarizer.score import score_crc

CHROMIUM = os.environ.get("CRC_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TOKEN = "browser-test-token"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)),
    reason=f"{CHROMIUM} absent: run .ci/install-browser.sh (apt-get install chromium)",
)


def _due_date_edit(crc: dict[str, Any]) -> tuple[int, str, float]:
    """(next-step index, new date or "" to clear, expected score): one due-date edit that moves the score."""
    meeting = dt.date.fromisoformat(crc["meeting"]["date"])
    for i, step in enumerate(crc["next_steps"]):
        value = "" if step["due_date"] else (meeting + dt.timedelta(days=10)).isoformat()
        edited = CRC.model_validate(crc)
        edited.next_steps[i].due_date = dt.date.fromisoformat(value) if value else None
        total = score_crc(edited).total
        if total != score_crc(CRC.model_validate(crc)).total:
            return i, value, total
    raise AssertionError("no single due-date edit changes this CRC's score")


def test_upload_edit_download_in_chromium(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install playwright)")
    settings = settings_for(tmp_path, api_token=TOKEN)
    ARTIFACTS.mkdir(exist_ok=True)
    with running(settings) as (api, _app), sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            context = browser.new_context(accept_downloads=True, locale="fr-FR", viewport={"width": 1200, "height": 900})
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(str(api.base_url))

            # asked for the token once
            page.locator("#token-input").fill(TOKEN)
            page.locator("#token-form button[type=submit]").click()
            page.locator("#upload-view").wait_for(state="visible")

            page.locator("#file-input").set_input_files(str(SAMPLE_VTT))
            page.locator("#client-input").fill("Transports Ferrand")
            page.locator("#date-input").fill("2026-11-18")
            page.locator("#participants-input").fill("Claire Martin:vendor")
            page.locator("#upload-button").click()
            page.locator("#result-view").wait_for(state="visible", timeout=90_000)

            crc_id = page.locator("#crc-id").inner_text()
            assert crc_id == "CRC-2026-11-18-TransportsFerrand-ce3ba2-v1.0"
            score_before = page.locator("#score-total").inner_text()
            assert page.locator("#criteria-body tr").count() >= 1
            assert page.locator("#golden-rule").inner_text().strip()
            assert page.locator("blockquote.evidence").count() > 0

            job_id = page.evaluate("location.hash").split("=", 1)[1]
            crc = api.get(f"/api/jobs/{job_id}/crc", headers={"Authorization": f"Bearer {TOKEN}"}).json()
            index, value, expected = _due_date_edit(crc)
            page.locator(f'[name="next_steps.{index}.due_date"]').fill(value)
            page.locator("#save-button").click()
            page.locator("#save-status").filter(has_text="Version 1.1").wait_for(timeout=30_000)

            score_after = page.locator("#score-total").inner_text()
            assert score_after != score_before
            assert score_after == f"{expected:g}".replace(".", ",") + "/10"
            assert page.locator("#crc-id").inner_text() == "CRC-2026-11-18-TransportsFerrand-ce3ba2-v1.1"
            saved = page.locator(f'[name="next_steps.{index}.due_date"]').input_value()
            assert saved == value

            with page.expect_download() as info:
                page.locator('[data-download="docx"]').click()
            download = info.value
            assert download.suggested_filename == "CRC-2026-11-18-TransportsFerrand-ce3ba2-v1.1.docx"
            target = tmp_path / download.suggested_filename
            download.save_as(target)
            with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as docx:
                assert "word/document.xml" in docx.namelist()

            page.screenshot(path=str(ARTIFACTS / "serve-result.png"), full_page=True)
            assert not errors, errors
        finally:
            browser.close()


SHARED_WAV = ROOT.parent / "shared" / "data" / "audio" / "test_fr.wav"


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_WAV.is_file(), reason=f"{SHARED_WAV} absent")
def test_evidence_timestamp_plays_the_recording(tmp_path: Path) -> None:
    """Audio upload (real Whisper): clicking an evidence time stamp plays the recording from that second."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install playwright)")
    settings = settings_for(tmp_path)  # loopback, no token
    with running(settings) as (api, _app), sync_api.sync_playwright() as pw:
        r = api.post("/api/jobs", files={"file": ("appel.wav", SHARED_WAV.read_bytes())}, data={"meeting_date": "2026-11-18"})
        job_id = r.json()["id"]
        deadline = dt.datetime.now() + dt.timedelta(seconds=240)
        while (job := api.get(f"/api/jobs/{job_id}").json())["status"] not in {"done", "failed"}:
            assert dt.datetime.now() < deadline
            time.sleep(0.1)
        assert job["status"] == "done", job["error"]
        # The 7-second clip states no fact; add one through the API, quoting the transcribed words (grounded).
        crc = api.get(f"/api/jobs/{job_id}/crc").json()
        transcript = (settings.data_dir / job_id / "input.transcript.json").read_text(encoding="utf-8")
        segment = json.loads(transcript)["segments"][-1]
        crc["facts"] = [{"text": "Fait tiré de l'enregistrement", "evidence": [
            {"segment": segment["index"], "start": segment["start"], "speaker": segment["speaker"], "quote": segment["text"]}]}]
        assert api.put(f"/api/jobs/{job_id}/crc", json=crc).status_code == 200

        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.goto(f"{api.base_url}#job={job_id}")
            page.locator("#result-view").wait_for(state="visible", timeout=30_000)
            page.wait_for_function("() => document.getElementById('audio').readyState >= 1", timeout=30_000)
            page.locator("button.stamp").first.click()
            page.wait_for_function("() => !document.getElementById('audio').paused", timeout=10_000)
            current = page.evaluate("document.getElementById('audio').currentTime")
            assert current >= float(segment["start"])
            assert page.evaluate("document.getElementById('audio').src").startswith("blob:")
        finally:
            browser.close()
