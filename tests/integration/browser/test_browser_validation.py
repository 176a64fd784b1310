"""The client's reply dropped on the result page (headless Chromium): the status line and the score change."""

from __future__ import annotations

import shutil
import time
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest
from serve_support import SAMPLE_VTT, running, settings_for

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)),
                                reason=f"{CHROMIUM} absent: run .ci/install-browser.sh")


def test_drop_reply_on_the_result_page(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with running(settings_for(tmp_path)) as (api, _app), sync_api.sync_playwright() as pw:
        r = api.post("/api/jobs", files={"file": ("appel.vtt", SAMPLE_VTT.read_bytes())},
                     data={"client": "Transports Ferrand", "meeting_date": "2026-11-18"})
        job_id = r.json()["id"]
        deadline = time.monotonic() + 90
        while api.get(f"/api/jobs/{job_id}").json()["status"] not in {"done", "failed"}:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        draft = api.get(f"/api/jobs/{job_id}/files/eml").content.decode()
        msg_id = next(x.split(":", 1)[1].strip() for x in draft.splitlines() if x.lower().startswith("message-id:"))
        reply = EmailMessage()
        reply["From"] = "Marc Ferrand <marc@transports-ferrand.fr>"
        reply["Subject"] = "RE: compte rendu"
        reply["Date"] = "Thu, 19 Nov 2026 09:30:00 +0100"
        reply["In-Reply-To"] = msg_id
        reply.set_content("VALIDÉ\n\n> Merci de répondre VALIDÉ")
        eml = tmp_path / "reponse.eml"
        eml.write_bytes(reply.as_bytes(policy=SMTP))

        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            page = browser.new_page(locale="fr-FR")
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{api.base_url}/#job={job_id}")
            page.locator("#result-view").wait_for(state="visible", timeout=30_000)
            assert "demandée" in page.locator("#validation-status").inner_text()
            page.locator("#reply-input").set_input_files(str(eml))
            page.locator("#validation-status").filter(has_text="obtenue").wait_for(timeout=15_000)
            assert "Marc Ferrand" in page.locator("#validation-status").inner_text()
            assert "19/11/2026" in page.locator("#validation-status").inner_text()
            row = page.locator('#criteria-body tr[data-criterion="crm_validation"]').inner_text()
            assert "validation client obtenue" in row
            assert not errors, errors
        finally:
            browser.close()
