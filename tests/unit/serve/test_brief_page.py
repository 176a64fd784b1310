"""``/accounts/{client}/brief`` in ``crc serve``: the brief rendered on the server, behind the API token,
linked from the account page; its files with ``?kind=``."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import SecretStr
from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished

CLIENT = "Transports Ferrand"


def test_brief_page_files_token_and_link(tmp_path) -> None:  # type: ignore[no-untyped-def]
    auth = {"Authorization": "Bearer s3cret-token-for-tests"}
    with running(settings_for(tmp_path, api_token=SecretStr("s3cret-token-for-tests"))) as (http, _app):
        job = upload(http, SHORT_VTT.encode(), "appel.vtt", headers=auth, client=CLIENT, meeting_date="2026-11-18").json()
        assert wait_finished(http, job["id"], headers=auth)["status"] == "done"
        path = f"/accounts/{quote(CLIENT, safe='')}/brief"
        assert http.get(path).status_code == 401  # same token as the API: the brief is client data
        page = http.get(path + "?as_of=2026-11-20", headers={**auth, "Accept-Language": "fr"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "Avant le prochain appel — Transports Ferrand" in page.text and "<script" not in page.text
        assert "Leurs engagements ouverts" in page.text and 'class="evidence"' in page.text
        assert "export des tournées" in page.text  # the promise of the call, with its quote
        english = http.get(path + "?as_of=2026-11-20", headers={**auth, "Accept-Language": "en"})
        assert "Before the next call — Transports Ferrand" in english.text
        md = http.get(path + "?kind=md&as_of=2026-11-20", headers=auth)
        assert md.status_code == 200 and md.text.startswith("# Avant le prochain appel")
        assert http.get(path + "?kind=docx", headers=auth).content[:2] == b"PK"
        assert http.get(f"/accounts/{quote('Inconnu SA', safe='')}/brief", headers=auth).status_code == 404
        shell = http.get(f"/accounts/{quote(CLIENT, safe='')}")
        assert f'href="/accounts/{quote(CLIENT)}/brief"' in shell.text  # linked from the account page
