"""The upload page in English, in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

A browser asking for English gets the page's own text in English: the progress
and result chrome, dates and numbers, an upload refused by the API (its English
message), and the account page; every API call the page makes asks for English.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from serve_support import SAMPLE_VTT, running, settings_for

from summarizer.pipeline import RunResult
from summarizer.serve.jobs import JobSpec, ProgressFn, run_job

CHROMIUM = os.environ.get("CRC_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=en-US",
]
FRENCH_CHROME = ("Télécharger", "Faits saillants", "Responsable", "Échéance", "Validation client", "Renommer", "cible")

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)),
    reason=f"{CHROMIUM} absent: run .ci/install-browser.sh (apt-get install chromium)",
)


def test_upload_page_in_english(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install playwright)")
    gate = threading.Event()

    def held(spec: JobSpec, progress: ProgressFn) -> RunResult:
        """The real run, held at a known stage until the test has read the progress view."""
        progress("extracting", 0.3)
        gate.wait(60)
        return run_job(spec, progress)

    with running(settings_for(tmp_path), processor=held) as (api, _app), sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            context = browser.new_context(locale="en-US", viewport={"width": 1200, "height": 900})
            page = context.new_page()
            errors: list[str] = []
            calls: list[Any] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda req: calls.append(req) if "/api/" in req.url else None)
            page.goto(str(api.base_url))
            page.locator("#upload-view").wait_for(state="visible")
            assert page.evaluate("document.documentElement.lang") == "en"
            assert page.locator("#upload-view h2").inner_text() == "New call report"
            assert page.locator("#upload-button").inner_text() == "Analyse the call"

            # an empty file: refused by the API, whose message comes back in English
            page.locator("#file-input").set_input_files({"name": "empty.vtt", "mimeType": "text/vtt", "buffer": b""})
            page.locator("#upload-button").click()
            page.locator("#banner").filter(has_text="empty file").wait_for(timeout=15_000)
            assert page.locator("#banner").inner_text() == "empty.vtt: empty file."

            page.locator("#file-input").set_input_files(str(SAMPLE_VTT))
            assert page.locator("#file-name").inner_text().endswith(" MB)")
            page.locator("#client-input").fill("Transports Ferrand")
            page.locator("#date-input").fill("2026-11-18")
            page.locator("#participants-input").fill("Claire Martin:vendor")
            page.locator("#upload-button").click()

            page.locator("#progress-stage").filter(has_text="Extracting key facts").wait_for(timeout=30_000)
            assert page.locator("#progress-stage").inner_text() == "Extracting key facts, decisions and next steps…"
            assert page.locator("#progress-percent").inner_text() == "30%"
            assert page.locator("#progress-view h2").inner_text() == "Analysis in progress"
            gate.set()
            page.locator("#result-view").wait_for(state="visible", timeout=90_000)

            titles = [t.strip() for t in page.locator("#crc-sections h4").all_inner_texts()]
            assert any(re.fullmatch(r"Next steps \(\d+\)", t) for t in titles), titles
            assert any(re.fullmatch(r"Key facts \(\d+\)", t) for t in titles), titles
            assert page.locator('[data-download="docx"]').inner_text() == "Download .docx"
            assert page.locator("#copy-email").inner_text() == "Copy the email"
            assert page.locator("#validation-status").inner_text() == "Client validation: requested, no reply yet."
            assert page.locator("#score-target").inner_text().startswith("target ≥ ")
            assert re.fullmatch(r"\d+(\.\d+)?/10", page.locator("#score-total").inner_text()), "English decimals"
            assert "18 Nov 2026" in page.locator("#crc-meta").inner_text()
            assert page.locator("button.rename-speaker").first.inner_text() == "Rename"
            owner = page.locator('[data-section="next_steps"] label').first.inner_text()
            assert owner.startswith("Owner") and "— unassigned —" in owner and "Claire Martin (vendor)" in owner
            # the page's own text only: the CRC and its score are the product's content, written in French
            chrome = " | ".join(page.locator(
                "#result-view :is(button, h3, h4, label, th), #validation-status, #score-target").all_inner_texts())
            assert not [w for w in FRENCH_CHROME if w in chrome], chrome

            # the account page follows the same language
            page.goto(str(api.base_url.join("/accounts")))
            item = page.locator("#accounts-list li", has_text="Transports Ferrand")
            item.wait_for()
            assert page.locator("#accounts-view h2").inner_text() == "Account plans"
            assert "calls: 1, latest on 18 Nov 2026" in item.inner_text()

            assert calls and all(req.all_headers().get("accept-language") == "en" for req in calls), [
                (req.url, req.all_headers().get("accept-language")) for req in calls]
            assert not errors, errors
        finally:
            gate.set()
            browser.close()
