"""Renaming a diarized speaker from the result page in headless Chromium (skipped without Chromium)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from serve_support import SHORT_VTT, running, settings_for

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)),
    reason=f"{CHROMIUM} absent: run .ci/install-browser.sh (apt-get install chromium)",
)


def test_rename_a_speaker_from_the_page(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install playwright)")
    diarized = tmp_path / "appel.vtt"
    diarized.write_text(SHORT_VTT.replace("<v Marc Ferrand>", "<v Locuteur 2>"), encoding="utf-8")
    with running(settings_for(tmp_path)) as (api, _app), sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            page = browser.new_page(locale="fr-FR")
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("dialog", lambda dialog: dialog.accept("Marc Ferrand"))
            page.goto(str(api.base_url))
            page.locator("#upload-view").wait_for(state="visible")
            page.locator("#file-input").set_input_files(str(diarized))
            page.locator("#date-input").fill("2026-11-18")
            page.locator("#upload-button").click()
            page.locator("#result-view").wait_for(state="visible", timeout=90_000)

            speaker = page.locator("ul.participants li").filter(has_text="Locuteur 2")
            speaker.locator("button.rename-speaker").click()
            page.locator("#save-status").filter(has_text="version 1.1").wait_for(timeout=30_000)

            participants = page.locator("ul.participants").inner_text()
            assert "Marc Ferrand" in participants and "Locuteur 2" not in participants
            assert page.locator("#crc-id").inner_text().endswith("-v1.1")
            assert "Locuteur 2" not in page.locator("#crc-sections").inner_text()
            assert not errors, errors
        finally:
            browser.close()
