"""The account page in headless Chromium: two calls of Transports Ferrand uploaded to the real
service, then ``/accounts/Transports Ferrand`` shows the ledger (done, overdue, open), the person
named but never met, the risk raised twice, the score chart, and downloads the Word plan; the second
call's view on the upload page links the brief before the next call, which loads with the token the
page keeps (token mode, no sign-in) and downloads its Markdown.
Screenshots are kept in ``test-artifacts/account-page.png`` and ``brief-page.png``.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from serve_support import ROOT, SAMPLES, running, settings_for, upload, wait_finished

CHROMIUM = os.environ.get("CRC_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TOKEN = "account-page-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CALLS = [
    (SAMPLES / "01-decouverte-transports-ferrand.vtt", "2026-11-18"),
    (SAMPLES / "account-ferrand" / "02-suivi-transports-ferrand.vtt", "2026-12-08"),
]

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)),
    reason=f"{CHROMIUM} absent: run .ci/install-browser.sh (apt-get install chromium)",
)


def test_account_page_in_chromium(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install playwright)")
    settings = settings_for(tmp_path, api_token=TOKEN)
    ARTIFACTS.mkdir(exist_ok=True)
    jobs = []
    with running(settings) as (api, _app):
        for path, day in CALLS:
            res = upload(api, path.read_bytes(), path.name, headers=AUTH, client="Transports Ferrand",
                         meeting_date=day, participants="Claire Martin:vendor, Julien Roussel:vendor")
            assert res.status_code == 202, res.text
            assert wait_finished(api, res.json()["id"], timeout=90, headers=AUTH)["status"] == "done"
            jobs.append(res.json()["id"])
        assert api.get("/api/accounts/Transports Ferrand").status_code == 401  # the data needs the token
        assert api.get("/api/accounts/Inconnu", headers=AUTH).status_code == 404

        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
            try:
                context = browser.new_context(accept_downloads=True, locale="fr-FR", viewport={"width": 1200, "height": 900})
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                        if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)

                page.goto(str(api.base_url.join("/accounts")))
                page.locator("#token-input").fill(TOKEN)
                page.locator("#token-form button[type=submit]").click()
                link = page.locator("#accounts-list a", has_text="Transports Ferrand")
                link.wait_for()
                assert "2 appel(s)" in page.locator("#accounts-list li").first.inner_text()
                link.click()
                page.locator("#account-view").wait_for(state="visible")
                page.locator("#as-of-input").fill("2026-12-10")
                page.locator("#as-of-form button").click()
                page.locator("#account-headline").filter(has_text="Au 10/12/2026").wait_for()

                assert page.locator("#account-client").inner_text() == "Plan de compte — Transports Ferrand"
                rows = page.locator("#commitments tbody tr")
                statuses = [rows.nth(i).get_attribute("data-status") for i in range(rows.count())]
                assert sorted(statuses) == sorted(["done"] * 3 + ["overdue"] * 2 + ["open"] * 3)
                done = page.locator('#commitments tr[data-status="done"]', has_text="proposition pour le cadrage")
                assert done.locator("blockquote.evidence").count() >= 2  # the promise and the report
                assert {done.locator("blockquote").nth(i).get_attribute("data-crc") for i in range(2)} == {
                    "CRC-2026-11-18-TransportsFerrand-ce3ba2-v1.0", "CRC-2026-12-08-TransportsFerrand-cf2c80-v1.0"}
                overdue = page.locator('#commitments tr[data-status="overdue"]', has_text="export des tournées")
                assert "en retard" in overdue.inner_text()
                assert "11/12/2026" in page.locator("#next-step").inner_text()

                not_met = page.locator('#stakeholders tr[data-met="no"]')
                assert not_met.count() == 1 and "Sophie Garnier" in not_met.inner_text()
                assert page.locator('#stakeholders tr[data-met="yes"]').count() == 4
                assert page.locator('#risks tr[data-seen="2"]').count() >= 1
                assert page.locator("#calls tbody tr").count() == 2
                assert page.locator("#decisions li").count() >= 2
                page.wait_for_function("document.getElementById('score-chart').naturalWidth > 0")

                with page.expect_download() as info:
                    page.locator('[data-download="docx"]').click()
                download = info.value
                assert download.suggested_filename == "TransportsFerrand-account.docx"
                target = tmp_path / download.suggested_filename
                download.save_as(target)
                with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as docx:
                    assert "Sophie Garnier" in docx.read("word/document.xml").decode()

                page.screenshot(path=str(ARTIFACTS / "account-page.png"), full_page=True)
                _brief_from_the_upload_page(page, str(api.base_url.join(f"/#job={jobs[-1]}")), tmp_path)
                assert not errors, errors
            finally:
                browser.close()


def _brief_from_the_upload_page(page: Any, job_url: str, tmp_path: Path) -> None:
    """The call's view links its client's brief; the brief page fetches its data with the saved token."""
    page.goto(job_url)
    link = page.locator("#brief-link")
    link.wait_for(state="visible")
    link.click()
    page.locator("#brief-view").wait_for(state="visible")
    assert page.url.endswith("/accounts/Transports%20Ferrand/brief")
    page.goto(page.url + "?as_of=2026-12-10")  # the second call is dated after the machine's today
    page.locator("#brief-intro").filter(has_text="10/12/2026").wait_for()
    assert page.locator("#brief-title").inner_text() == "Avant le prochain appel — Transports Ferrand"
    cards = page.locator("#brief-sections section")
    assert cards.count() == 7
    theirs = cards.filter(has_text="Leurs engagements ouverts")
    assert "export des tournées" in theirs.inner_text()  # still not sent: the client's open promise
    assert theirs.locator("blockquote.evidence").count() >= 1
    assert "Sophie Garnier" in cards.filter(has_text="jamais rencontr").inner_text()
    with page.expect_download() as info:
        page.locator('[data-download="md"]').click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "TransportsFerrand-brief.md"
    assert target.read_text(encoding="utf-8").startswith("# Avant le prochain appel — Transports Ferrand")
    page.screenshot(path=str(ARTIFACTS / "brief-page.png"), full_page=True)
