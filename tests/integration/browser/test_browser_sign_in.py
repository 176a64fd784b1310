"""Sign-in through a real OpenID Connect provider (oidc-provider-mock on localhost), in headless Chromium.

A rep signs in and sees only their calls, a manager their team's; the session cookie is
HttpOnly and SameSite=Lax; sign-out ends the session server-side (a copy of the cookie stops
working); an expired ID token, or one not signed by the provider, is refused. And the admin page
``/audit`` shows the trail to an admin, and one line to a rep.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished
from test_browser import CHROMIUM, LAUNCH_ARGS

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason=f"{CHROMIUM} absent: run .ci/install-browser.sh")
oidc_mock = pytest.importorskip("oidc_provider_mock", reason="oidc-provider-mock not installed (pip install -e '.[test]')")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")

ADMIN = "admin-token-for-sign-in-tests"
PEOPLE = {
    "claire@logivia.fr": "Claire Martin", "bob@logivia.fr": "Bob Durand", "nina@logivia.fr": "Nina Nord",
    "zoe@logivia.fr": "Zoé Sud", "intrus@ailleurs.fr": "Intrus",
}


def _users() -> list[Any]:
    claims = {email: {"email": email, "email_verified": True, "name": name} for email, name in PEOPLE.items()}
    claims["zoe@logivia.fr"]["groups"] = ["crc-rep", "crc-team-Sud"]  # absent from crc's table: the claim decides
    return [oidc_mock.User(sub=email, claims=c) for email, c in claims.items()]


@contextmanager
def _provider(**options: Any) -> Iterator[str]:
    with oidc_mock.run_server_in_thread(user_claims=_users(), **options) as server:
        yield f"http://localhost:{server.server_port}"


@contextmanager
def _forging_proxy(upstream: str) -> Iterator[str]:
    """The provider behind a man in the middle that re-signs every ID token with its own key (same ``kid``)."""
    import werkzeug.serving
    from joserfc import jwt
    from joserfc.jwk import RSAKey
    from werkzeug.wrappers import Request, Response

    key = RSAKey.generate_key(2048)

    def part(token: str, i: int) -> dict[str, Any]:
        raw = token.split(".")[i]
        return dict(json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))))

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        req = Request(environ)
        headers = {k: v for k, v in req.headers.items() if k.lower() != "content-length"}
        r = httpx.request(req.method, upstream + req.full_path.rstrip("?"), headers=headers, content=req.get_data())
        body = r.content
        if req.path == "/oauth2/token" and r.status_code == 200:
            data = r.json()
            header = part(data["id_token"], 0)  # the same header (alg, kid if any): only the signature is not theirs
            data["id_token"] = jwt.encode(header, part(data["id_token"], 1), key)
            body = json.dumps(data).encode()
        drop = {"content-length", "transfer-encoding", "content-encoding", "connection"}
        kept = [(k, v) for k, v in r.headers.items() if k.lower() not in drop]
        return Response(body, status=r.status_code, headers=kept)(environ, start_response)

    server = werkzeug.serving.make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


def _settings(tmp_path: Path, issuer: str) -> Any:
    return settings_for(tmp_path, api_token=ADMIN, oidc_issuer=issuer, oidc_client_id="crc",
                        oidc_client_secret="client-secret", oidc_groups_claim="groups")


def _sign_in(browser: Any, base: str, email: str) -> tuple[Any, Any, list[str]]:
    """A fresh browser context signed in as ``email`` (clicks the page's link, then the provider's button)."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    authorize: list[str] = []
    page.on("request", lambda r: authorize.append(r.url) if "/oauth2/authorize" in r.url else None)
    page.goto(base)
    page.locator("#sign-in-link").click()
    page.locator(f'button[value="{email}"]').click()
    page.wait_for_url(lambda url: url.startswith(base))
    return context, page, authorize


def _rows(page: Any, count: int) -> list[str]:
    """The jobs table's rows once it holds ``count`` of them (the list loads after the page shows it)."""
    rows = page.locator("#jobs-table tbody tr")
    if count == 0:  # the page shows the list with the upload form, then hides it once loaded empty
        page.locator("#upload-view").wait_for(state="visible")
        sync_api.expect(page.locator("#jobs-view")).to_be_hidden()
    sync_api.expect(rows).to_have_count(count)
    texts: list[str] = rows.all_inner_texts()
    return texts


def test_reps_and_managers_sign_in_and_see_their_calls_then_sign_out(tmp_path: Path) -> None:
    with _provider() as issuer, running(_settings(tmp_path, issuer)) as (http, app), \
            sync_api.sync_playwright() as pw:
        users = app.state.users
        users.add("claire@logivia.fr", "Claire Martin", "rep", "Nord")
        users.add("bob@logivia.fr", "Bob Durand", "rep", "Nord")
        users.add("nina@logivia.fr", "Nina Nord", "manager", "Nord")
        jobs = {}
        for email, client in (("claire@logivia.fr", "Transports Ferrand"), ("bob@logivia.fr", "Fromagerie Bel")):
            auth = {"Authorization": f"Bearer {users.new_token(email)}"}
            job_id = upload(http, SHORT_VTT.encode(), "appel.vtt", headers=auth, client=client).json()["id"]
            assert wait_finished(http, job_id, headers=auth)["status"] == "done"
            jobs[client] = job_id
        base = str(http.base_url).rstrip("/")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            context, page, authorize = _sign_in(browser, base, "claire@logivia.fr")
            query = parse_qs(urlsplit(authorize[0]).query)
            assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43  # PKCE
            assert query["response_type"] == ["code"] and "nonce" in query
            rows = _rows(page, 1)
            assert "Transports Ferrand" in rows[0]  # her call only, not Bob's
            sync_api.expect(page.locator("#signed-in-as")).to_contain_text("Claire Martin (rep)")
            cookie = next(c for c in context.cookies() if c["name"] == "crc_session")
            assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and not cookie["secure"]  # plain http here
            # the API behind the page enforces it too, with the cookie alone
            assert page.request.get(f"{base}/api/jobs/{jobs['Fromagerie Bel']}").status == 404
            assert page.request.get(f"{base}/api/jobs/{jobs['Transports Ferrand']}/crc").status == 200
            # a change riding the cookie needs the header only the page's scripts send (CSRF)
            bare = page.request.delete(f"{base}/api/jobs/{jobs['Transports Ferrand']}", headers={"Origin": base})
            assert bare.status == 403

            # the accounts page too: her client only, with the session alone
            page.goto(f"{base}/accounts")
            sync_api.expect(page.locator("#accounts-list li")).to_have_count(1)
            sync_api.expect(page.locator("#accounts-list")).to_contain_text("Transports Ferrand")
            assert page.locator("#token-view").is_hidden()
            page.goto(base)

            page.locator("#sign-out-form button").click()
            page.locator("#sign-in-link").wait_for(state="visible")
            assert not [c for c in context.cookies() if c["name"] == "crc_session"]
            stolen = httpx.get(f"{base}/api/jobs", cookies={"crc_session": cookie["value"]})
            assert stolen.status_code == 401  # the session ended server-side, not only in this browser
            context.close()

            context, page, _ = _sign_in(browser, base, "nina@logivia.fr")
            assert len(_rows(page, 2)) == 2  # the manager of team Nord sees both
            context.close()

            context, page, _ = _sign_in(browser, base, "zoe@logivia.fr")  # a rep through the groups claim, team Sud
            sync_api.expect(page.locator("#signed-in-as")).to_contain_text("Zoé Sud (rep)")  # once /api/me answered
            assert _rows(page, 0) == []
            assert page.request.get(f"{base}/api/jobs").json() == []
            context.close()

            context, page, _ = _sign_in(browser, base, "intrus@ailleurs.fr")
            assert "n'est pas un utilisateur de crc" in page.content()
            assert not [c for c in context.cookies() if c["name"] == "crc_session"]
            context.close()
        finally:
            browser.close()
        trail = {(e.actor, e.action) for e in app.state.audit.entries()}
        assert {("claire@logivia.fr", "sign_in"), ("claire@logivia.fr", "sign_out"), ("claire@logivia.fr", "view")} <= trail


@pytest.mark.parametrize("kind", ["expired", "forged"])
def test_an_expired_or_forged_id_token_is_refused(tmp_path: Path, kind: str) -> None:
    expired = kind == "expired"  # the provider itself issues ID tokens that expired ten minutes ago
    provider = _provider(access_token_max_age=timedelta(minutes=-10)) if expired else _provider()
    with provider as upstream, (nullcontext(upstream) if expired else _forging_proxy(upstream)) as issuer, \
            running(_settings(tmp_path, issuer)) as (http, app), sync_api.sync_playwright() as pw:
        app.state.users.add("claire@logivia.fr", "Claire Martin", "rep", "Nord")
        base = str(http.base_url).rstrip("/")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            context, page, _ = _sign_in(browser, base, "claire@logivia.fr")
            text = page.content()
            assert ("a expiré" if kind == "expired" else "jeton non signé par lui") in text, text[:500]
            assert not [c for c in context.cookies() if c["name"] == "crc_session"]
            assert page.request.get(f"{base}/api/jobs").status == 401
        finally:
            browser.close()


def test_the_audit_page_shows_the_trail_to_admins_only(tmp_path: Path) -> None:
    with running(settings_for(tmp_path, api_token=ADMIN)) as (http, app), sync_api.sync_playwright() as pw:
        users = app.state.users
        users.add("claire@logivia.fr", "Claire Martin", "rep", "Nord")
        rep_token = users.new_token("claire@logivia.fr")
        auth = {"Authorization": f"Bearer {rep_token}"}
        job_id = upload(http, SHORT_VTT.encode(), "appel.vtt", headers=auth, client="Transports Ferrand").json()["id"]
        assert wait_finished(http, job_id, headers=auth)["status"] == "done"
        assert http.get(f"/api/jobs/{job_id}/files/docx", headers=auth).status_code == 200
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            for token, sees in ((ADMIN, True), (rep_token, False)):
                page = browser.new_context(locale="fr-FR").new_page()
                page.goto(f"{str(http.base_url).rstrip('/')}/audit")
                page.locator("#token-input").fill(token)
                page.locator("#token-form button[type=submit]").click()
                if sees:
                    row = page.locator("#audit-table tbody tr").first
                    row.wait_for()
                    assert "claire@logivia.fr" in row.inner_text() and "download" in row.inner_text()
                    assert job_id in row.inner_text() and "127.0.0.1" in row.inner_text()
                else:
                    sync_api.expect(page.locator("#banner")).to_have_text("Réservé aux administrateurs.")
                    assert page.locator("#audit-view").is_hidden()
                page.context.close()
        finally:
            browser.close()
