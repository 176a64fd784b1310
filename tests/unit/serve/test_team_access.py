"""Issue 24: personal tokens, who sees what (rep, manager, admin), and the audit log, through the real API."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished

from summarizer.serve.users import UserStore

ADMIN = "admin-secret-token"
REPLY = b"""From: Marc Ferrand <marc@ferrand.fr>
To: claire@logivia.fr
Subject: Re: compte rendu
Date: Wed, 18 Nov 2026 10:00:00 +0100
Content-Type: text/plain; charset=utf-8

VALIDE
"""


def _bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def _people(users: UserStore) -> dict[str, dict[str, str]]:
    users.add("claire@logivia.fr", "Claire Martin", "rep", "Nord")
    users.add("bob@logivia.fr", "Bob Durand", "rep", "Nord")
    users.add("sud@logivia.fr", "Sam Sud", "rep", "Sud")
    users.add("nina@logivia.fr", "Nina Nord", "manager", "Nord")
    users.add("sonia@logivia.fr", "Sonia Sud", "manager", "Sud")
    users.add("root@logivia.fr", "Ada Admin", "admin", None)
    return {email.split("@")[0]: _bearer(users.new_token(email)) for email in (
        "claire@logivia.fr", "bob@logivia.fr", "sud@logivia.fr", "nina@logivia.fr", "sonia@logivia.fr", "root@logivia.fr",
    )}


def _done(http: httpx.Client, who: dict[str, str], client: str, **fields: str) -> str:
    r = upload(http, SHORT_VTT.encode(), "appel.vtt", headers=who, client=client, meeting_date="2026-11-18", **fields)
    assert r.status_code == 202, r.text
    job_id: str = r.json()["id"]
    assert wait_finished(http, job_id, headers=who)["status"] == "done"
    return job_id


def _ids(http: httpx.Client, who: dict[str, str]) -> set[str]:
    r = http.get("/api/jobs", headers=who)
    assert r.status_code == 200, r.text
    return {j["id"] for j in r.json()}


def _reply_to(http: httpx.Client, job_id: str, who: dict[str, str]) -> bytes:
    """The client's "VALIDÉ" answering the draft e-mail crc wrote (its Message-ID and version)."""
    import email

    draft = email.message_from_bytes(http.get(f"/api/jobs/{job_id}/files/eml", headers=who).content)
    return (f"From: Marc Ferrand <marc@ferrand.fr>\r\nTo: claire@logivia.fr\r\nSubject: Re: {draft['Subject']}\r\n"
            f"In-Reply-To: {draft['Message-ID']}\r\nReferences: {draft['Message-ID']}\r\n"
            "Date: Wed, 18 Nov 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVALIDÉ\r\n").encode()


def _every_route(http: httpx.Client, who: dict[str, str], job_id: str) -> dict[str, int]:
    """Status of each job route for ``who`` (reads, edits, reply, rename, delete last)."""
    base = f"/api/jobs/{job_id}"
    crc: dict[str, Any] = {"version": "1.0"}
    return {
        "status": http.get(base, headers=who).status_code,
        "crc": http.get(f"{base}/crc", headers=who).status_code,
        "score": http.get(f"{base}/score", headers=who).status_code,
        "email": http.get(f"{base}/email", headers=who).status_code,
        "file": http.get(f"{base}/files/docx", headers=who).status_code,
        "put": http.put(f"{base}/crc", json=crc, headers=who).status_code,
        "reply": http.post(f"{base}/reply", files={"file": ("r.eml", REPLY)}, headers=who).status_code,
        "rename": http.post(f"{base}/speakers", json={"old": "Marc Ferrand", "new": "M. Ferrand", "version": "1.0"},
                            headers=who).status_code,
        "delete": http.delete(base, headers=who).status_code,
    }


def test_a_rep_sees_own_calls_a_manager_the_team_and_others_get_404(tmp_path: Path) -> None:
    with running(settings_for(tmp_path, api_token=ADMIN)) as (http, app):
        tok = _people(app.state.users)
        mine = _done(http, tok["claire"], "Transports Ferrand")
        named = _done(http, _bearer(ADMIN), "Fromagerie Bel", rep="bob durand")  # uploaded by the service, names Bob
        south = _done(http, tok["sud"], "Vins du Sud")

        assert _ids(http, tok["claire"]) == {mine}
        assert _ids(http, tok["bob"]) == {named}  # the CRC names him as rep (case aside)
        assert _ids(http, tok["nina"]) == {mine, named}  # her team, Nord
        assert _ids(http, tok["sonia"]) == {south}
        assert _ids(http, tok["root"]) == _ids(http, _bearer(ADMIN)) == {mine, named, south}
        assert http.get(f"/api/jobs/{mine}", headers=tok["claire"]).json()["rep"] == "Claire Martin"  # defaulted

        # another rep, or a manager of another team: every route is a 404, and nothing changed
        for outsider in ("bob", "sonia", "sud"):
            assert set(_every_route(http, tok[outsider], mine).values()) == {404}, outsider
        assert http.get(f"/api/jobs/{mine}/crc", headers=tok["claire"]).json()["version"] == "1.0"

        # accounts: only those of the clients of calls one sees
        def accounts(who: str) -> set[str]:
            return {a["client"] for a in http.get("/api/accounts", headers=tok[who]).json()}

        assert accounts("claire") == {"Transports Ferrand"}
        assert accounts("nina") == {"Transports Ferrand", "Fromagerie Bel"}
        ferrand = quote("Transports Ferrand", safe="")
        for path in (f"/api/accounts/{ferrand}", f"/api/accounts/{ferrand}/files/md", f"/api/accounts/{ferrand}/chart.svg",
                     f"/api/accounts/{ferrand}/brief", f"/api/accounts/{ferrand}/brief/files/md"):
            assert http.get(path, headers=tok["sud"]).status_code == 404, path
            assert http.get(path, headers=tok["claire"]).status_code == 200, path

        # the owner's manager may do everything, including the delete
        codes = _every_route(http, tok["nina"], mine)
        assert codes["status"] == codes["crc"] == codes["file"] == 200
        assert codes["put"] == 422 and codes["reply"] == 422 and codes["rename"] == 200  # reached the job
        assert codes["delete"] == 204
        assert _ids(http, tok["claire"]) == set()


def test_revoked_removed_or_forged_personal_tokens_get_401(tmp_path: Path) -> None:
    with running(settings_for(tmp_path, api_token=ADMIN), start_workers=False) as (http, app):
        users: UserStore = app.state.users
        tok = _people(users)
        assert http.get("/api/me", headers=tok["claire"]).json()["role"] == "rep"
        token = tok["claire"]["Authorization"].split()[1]
        forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        assert http.get("/api/jobs", headers=_bearer(forged)).status_code == 401
        assert http.get("/api/jobs", headers=_bearer("crcu_nope.nope")).status_code == 401
        users.revoke_token("claire@logivia.fr")
        r = http.get("/api/jobs", headers=tok["claire"])
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        new = users.new_token("bob@logivia.fr")
        assert http.get("/api/jobs", headers=tok["bob"]).status_code == 401  # the previous token stops working
        assert http.get("/api/jobs", headers=_bearer(new)).status_code == 200
        users.remove("bob@logivia.fr")
        assert http.get("/api/jobs", headers=_bearer(new)).status_code == 401
        for path in ("/api/jobs", "/api/accounts", "/api/me", "/api/audit"):
            assert http.get(path).status_code == 401, path
        # only the hash is stored
        with app.state.store.engine.connect() as conn:
            stored = " ".join(str(v) for row in conn.exec_driver_sql("SELECT * FROM crc_users") for v in row)
        assert tok["nina"]["Authorization"].split()[1].split(".")[1] not in stored


def test_every_access_is_in_the_audit_log_and_goes_with_the_job(tmp_path: Path) -> None:
    with running(settings_for(tmp_path, api_token=ADMIN)) as (http, app):
        tok = _people(app.state.users)
        job = _done(http, tok["claire"], "Transports Ferrand")
        crc = http.get(f"/api/jobs/{job}/crc", headers=tok["claire"]).json()
        assert http.get(f"/api/jobs/{job}/files/docx", headers=tok["nina"]).status_code == 200
        assert http.put(f"/api/jobs/{job}/crc", json=crc, headers=tok["claire"]).status_code == 200
        reply = http.post(f"/api/jobs/{job}/reply", files={"file": ("r.eml", _reply_to(http, job, tok["claire"]))},
                          headers=tok["claire"])
        assert reply.status_code == 200, reply.text
        assert http.get(f"/api/accounts/{quote('Transports Ferrand', safe='')}/files/docx", headers=tok["claire"]).status_code == 200
        assert http.get(f"/api/jobs/{job}/crc", headers=tok["sud"]).status_code == 404  # refused: not "viewed"

        assert http.get("/api/audit", headers=tok["nina"]).status_code == 403  # admins only
        rows = http.get("/api/audit", headers=tok["root"]).json()
        trail = {(r["actor"], r["action"], r["job_id"]) for r in rows}
        assert {("claire@logivia.fr", "view", job), ("nina@logivia.fr", "download", job),
                ("claire@logivia.fr", "edit", job), ("claire@logivia.fr", "validate", job),
                ("claire@logivia.fr", "export", None)} <= trail
        assert not any(r["actor"] == "sud@logivia.fr" for r in rows)
        assert all(r["ip"] == "127.0.0.1" for r in rows)
        only = http.get("/api/audit", params={"user": "nina@logivia.fr"}, headers=_bearer(ADMIN)).json()
        assert [r["action"] for r in only] == ["download"]

        assert http.delete(f"/api/jobs/{job}", headers=tok["claire"]).status_code == 204
        after = http.get("/api/audit", params={"job": job}, headers=_bearer(ADMIN)).json()
        assert [(r["actor"], r["action"]) for r in after] == [("claire@logivia.fr", "delete")]  # purged with the data


def test_sign_in_alone_may_listen_beyond_loopback_and_asks_for_a_session(tmp_path: Path) -> None:
    """With OIDC and no CRC_API_TOKEN the service may bind 0.0.0.0: nothing is open without a session or a token."""
    from fastapi.testclient import TestClient

    from summarizer.serve.app import create_app

    settings = settings_for(tmp_path, oidc_issuer="https://sso.example.com/realms/crc", oidc_client_id="crc",
                            oidc_client_secret="s")
    app = create_app(settings, host="0.0.0.0", start_workers=False)
    with TestClient(app, base_url="http://crc.example.com") as http:
        for path in ("/api/jobs", "/api/accounts", "/api/me", "/api/audit"):
            assert http.get(path).status_code == 401, path  # not "local only", not open
        assert http.get("/api/jobs", cookies={"crc_session": "made-up"}).status_code == 401
        page = http.get("/")
        assert page.status_code == 200 and 'href="/auth/login"' in page.text
        users: UserStore = app.state.users
        users.add("claire@logivia.fr", "Claire Martin", "rep", "Nord")
        assert http.get("/api/me", headers=_bearer(users.new_token("claire@logivia.fr"))).json()["email"] == "claire@logivia.fr"
