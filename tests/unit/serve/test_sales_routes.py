"""Issue 20 items 11, 12 and 13 on the web service: client names in any script or with "/", rename refusals."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished


def test_clients_with_a_slash_or_in_another_script_have_their_own_reachable_account(tmp_path: Path) -> None:
    with running(settings_for(tmp_path)) as (http, _app):
        for client in ("Ørsted A/S", "日本電気", "Вымпелком"):
            job = upload(http, SHORT_VTT.encode(), f"{client[:2]}.vtt", client=client, meeting_date="2026-11-18").json()
            done = wait_finished(http, job["id"])
            assert done["status"] == "done", done["error"]  # no "erreur interne (IndexError)"
        summaries = {a["client"]: a["calls"] for a in http.get("/api/accounts").json()}
        assert summaries == {"Ørsted A/S": 1, "日本電気": 1, "Вымпелком": 1}  # three accounts, not one "Client"
        path = quote("Ørsted A/S", safe="")
        account = http.get(f"/api/accounts/{path}")
        assert account.status_code == 200, account.text
        assert account.json()["client"] == "Ørsted A/S"
        assert http.get(f"/api/accounts/{path}/chart.svg").status_code == 200
        assert http.get(f"/api/accounts/{path}/files/md").status_code == 200
        assert http.get(f"/accounts/{path}").status_code == 200
        assert http.get(f"/api/accounts/{quote('日本電気', safe='')}").json()["client"] == "日本電気"


def test_rename_refuses_invisible_characters_and_its_409_is_one_sentence(tmp_path: Path) -> None:
    diarized = SHORT_VTT.replace("<v Marc Ferrand>", "<v Locuteur 2>")
    with running(settings_for(tmp_path)) as (http, _app):
        job_id = upload(http, diarized.encode(), "appel.vtt", meeting_date="2026-11-18").json()["id"]
        assert wait_finished(http, job_id)["status"] == "done"
        for bad in ("Marc\x00Ferrand", "\u202eMarc Ferrand", "Marc\u200bFerrand"):
            r = http.post(f"/api/jobs/{job_id}/speakers", json={"old": "Locuteur 2", "new": bad, "version": "1.0"})
            assert r.status_code == 422 and "caractère de contrôle ou invisible" in r.json()["detail"], r.text
        stale = {"old": "Locuteur 2", "new": "Marc", "version": "0.9"}
        fr = http.post(f"/api/jobs/{job_id}/speakers", json=stale)
        assert fr.status_code == 409
        assert fr.json()["detail"] == "Le CRC a été modifié entre-temps (version 1.0) ; rechargez la page."
        en = http.post(f"/api/jobs/{job_id}/speakers", json=stale, headers={"Accept-Language": "en"})
        assert en.json()["detail"] == "The CRC was changed meanwhile (version 1.0); reload the page."
        assert http.get(f"/api/jobs/{job_id}/crc").json()["version"] == "1.0"


def test_the_job_table_rep_is_the_crcs(tmp_path: Path) -> None:
    """The CRC's rep is the vendor who speaks most; the job table (filters, team summary) says the same."""
    two_vendors = SHORT_VTT.replace("WEBVTT\n", "WEBVTT\n\n00:00:00.000 --> 00:00:00.900\n<v Paul Premier>Bonjour.</v>\n", 1)
    with running(settings_for(tmp_path)) as (http, _app):
        job = upload(http, two_vendors.encode(), "appel.vtt", meeting_date="2026-11-18",
                     participants="Paul Premier:vendor, Claire Martin:vendor, Marc Ferrand:client").json()
        done = wait_finished(http, job["id"])
        crc = http.get(f"/api/jobs/{job['id']}/crc").json()
    assert crc["meeting"]["rep"] == "Claire Martin" and crc["participants"][0]["name"] == "Paul Premier"
    assert done["rep"] == "Claire Martin"


def _reply(msg_id: str, sender: str) -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["Subject"], msg["In-Reply-To"] = sender, "RE: x", msg_id
    msg.set_content("VALIDÉ")
    return msg.as_bytes()


def test_two_calls_same_client_and_day_are_two_calls_and_a_stranger_is_flagged(tmp_path: Path) -> None:
    other = SHORT_VTT.replace("120 camions", "95 camions")
    with running(settings_for(tmp_path)) as (http, _app):
        jobs = [upload(http, text.encode(), f"appel{i}.vtt", client="Transports Ferrand",
                       meeting_date="2026-11-18").json()["id"] for i, text in enumerate((SHORT_VTT, other))]
        ids = [wait_finished(http, j)["crc_id"] for j in jobs]
        assert ids[0] != ids[1]
        assert http.get("/api/accounts").json()[0]["calls"] == 2
        draft = http.get(f"/api/jobs/{jobs[1]}/files/eml").content.decode()
        msg_id = next(x.split(":", 1)[1].strip() for x in draft.splitlines() if x.lower().startswith("message-id:"))
        wrong = http.post(f"/api/jobs/{jobs[0]}/reply", files={"file": ("r.eml", _reply(msg_id, "Marc Ferrand <m@tf.fr>"))})
        assert wrong.status_code == 422  # call 1's reply never validates call 0
        r = http.post(f"/api/jobs/{jobs[1]}/reply", files={"file": ("r.eml", _reply(msg_id, "Eve <eve@x.example>"))},
                      headers={"Accept-Language": "en"})
        assert r.status_code == 200 and r.json()["validation"]["sender_known"] is False
        assert r.json()["warning"].startswith("the sender Eve <eve@x.example> is neither a client-side participant")
