"""``/accounts/{client}/brief`` in ``crc serve``: a page shell linked from the account page and from a call's
view on the upload page; its data (``/api/accounts/{client}/brief``) and files behind the API token, so the
page loads in token mode (the page fetches with the token it keeps; a plain link cannot send it)."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import SecretStr
from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished

CLIENT = "Transports Ferrand"


def test_brief_data_files_token_and_links(tmp_path) -> None:  # type: ignore[no-untyped-def]
    auth = {"Authorization": "Bearer s3cret-token-for-tests"}
    with running(settings_for(tmp_path, api_token=SecretStr("s3cret-token-for-tests"))) as (http, _app):
        job = upload(http, SHORT_VTT.encode(), "appel.vtt", headers=auth, client=CLIENT, meeting_date="2026-11-18").json()
        assert wait_finished(http, job["id"], headers=auth)["status"] == "done"
        name = quote(CLIENT, safe="")
        shell = http.get(f"/accounts/{name}/brief")
        assert shell.status_code == 200 and 'src="/static/brief.js' in shell.text  # no data, like every page shell
        assert "export des tournées" not in shell.text

        data = f"/api/accounts/{name}/brief"
        assert http.get(data).status_code == 401  # same token as the API: the brief is client data
        assert http.get(data, headers={"Authorization": "Bearer wrong"}).status_code == 401
        view = http.get(data + "?as_of=2026-11-20", headers={**auth, "Accept-Language": "fr"})
        assert view.status_code == 200, view.text
        body = view.json()
        assert body["title"] == "Avant le prochain appel — Transports Ferrand" and body["brief"]["client"] == CLIENT
        sections = {s["name"]: s for s in body["sections"]}
        theirs = sections["Leurs engagements ouverts"]["lines"]
        assert any("export des tournées" in line["text"] for line in theirs)  # the promise of the call ...
        assert all(line["evidence"] and all(q["cite"] and q["crc_id"] for q in line["evidence"]) for line in theirs)
        assert all(s["lines"] or s["empty"] for s in body["sections"])  # an empty section says so
        english = http.get(data + "?as_of=2026-11-20", headers={**auth, "Accept-Language": "en"}).json()
        assert english["title"] == "Before the next call — Transports Ferrand"

        files = f"{data}/files"
        assert http.get(f"{files}/md").status_code == 401
        md = http.get(f"{files}/md?as_of=2026-11-20", headers=auth)
        assert md.status_code == 200 and md.text.startswith("# Avant le prochain appel")
        assert md.headers["content-disposition"] == 'attachment; filename="TransportsFerrand-brief.md"'
        assert http.get(f"{files}/docx", headers=auth).content[:2] == b"PK"
        assert http.get(f"/api/accounts/{quote('Inconnu SA', safe='')}/brief", headers=auth).status_code == 404

        account = http.get(f"/accounts/{name}")
        assert f'href="/accounts/{quote(CLIENT)}/brief"' in account.text  # linked from the account page

