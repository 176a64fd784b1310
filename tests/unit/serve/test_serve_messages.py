"""Error messages of the web service: name the field, never echo what was sent, speak the request's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from serve_support import SECRET_WORDS, SHORT_VTT, running, settings_for, upload, wait_finished

from summarizer.lang import get_lang
from summarizer.serve.messages import request_language

EN = {"Accept-Language": "en-GB,en;q=0.9"}
FR = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
ENGLISH_FRAMEWORK = ("Field required", "Invalid multipart data", "Not Found", "Method Not Allowed", "Input should", "String should")


def _flat(body: object) -> str:
    return json.dumps(body, ensure_ascii=False)


def test_11_11_validation_errors_name_the_field_and_never_echo_the_upload(tmp_path: Path) -> None:
    with running(settings_for(tmp_path), start_workers=False) as (client, _app):
        # the transcript sent as a plain form field instead of a file: FastAPI used to echo all of it
        r = client.post("/api/jobs", data={"file": SHORT_VTT})
        assert r.status_code == 422
        body = r.json()
        assert SECRET_WORDS not in r.text and "input" not in _flat(body)
        [item] = body["detail"]
        assert item["loc"] == ["body", "file"] and item["msg"].startswith("file : ")
        too_long = upload(client, SHORT_VTT.encode(), client=SECRET_WORDS * 30)
        assert too_long.status_code == 422 and SECRET_WORDS not in too_long.text
        assert too_long.json()["detail"][0]["msg"] == "client : au plus 200 caractères"
        bad_json = client.put("/api/jobs/x/crc", content=b'{"quote": "' + SECRET_WORDS.encode() + b'"', headers={"content-type": "application/json"})
        assert bad_json.status_code == 422 and SECRET_WORDS not in bad_json.text
        date = upload(client, SHORT_VTT.encode(), meeting_date=f"{SECRET_WORDS}-01")
        assert date.status_code == 422 and SECRET_WORDS not in date.text and "meeting_date" in date.json()["detail"]


@pytest.mark.parametrize(("headers", "lang"), [({}, "fr"), (FR, "fr"), (EN, "en")])
def test_11_11_every_message_in_the_requests_language(tmp_path: Path, headers: dict[str, str], lang: str) -> None:
    with running(settings_for(tmp_path), start_workers=False) as (client, _app):
        answers = {
            "missing file": client.post("/api/jobs", data={"client": "x"}, headers=headers),
            "bad language": upload(client, SHORT_VTT.encode(), headers=headers, language="de"),
            "multipart": client.post("/api/jobs", content=b"--xx\r\nbroken\r\n\r\nabc\r\n--xx--\r\n",
                                     headers={**headers, "content-type": "multipart/form-data; boundary=xx"}),
            "no route": client.get("/api/nothing", headers=headers),
            "method": client.patch("/api/jobs", headers=headers),
            "unknown job": client.get("/api/jobs/AAAAAAAAAAAAAAAAAAAAAA", headers=headers),
            "impossible date": upload(client, SHORT_VTT.encode(), headers=headers, meeting_date="2026-02-30"),
            "unrecognised": upload(client, b"\x00\x01\x02binary", "x.bin", headers=headers),
        }
    for name, r in answers.items():
        assert 400 <= r.status_code < 500, (name, r.status_code)
        assert r.headers["content-language"] == lang, name
        text = _flat(r.json())
        for english in ENGLISH_FRAMEWORK:
            assert english not in text, (name, text)
    detail = {name: _flat(r.json()["detail"]) for name, r in answers.items()}
    if lang == "en":
        assert "file: field required" in detail["missing file"]
        assert "value not allowed" in detail["bad language"]
        assert "Unreadable multipart upload" in detail["multipart"]
        assert "no such date" in detail["impossible date"]
        assert "unrecognised content" in detail["unrecognised"]
    else:
        assert "file : champ obligatoire" in detail["missing file"]
        assert "'fr', 'en' ou 'auto'" in detail["bad language"]
        assert "Envoi multipart illisible" in detail["multipart"]
        assert "cette date n'existe pas" in detail["impossible date"]
        assert "contenu non reconnu" in detail["unrecognised"]


def test_11_11_job_errors_and_guards_follow_accept_language(tmp_path: Path) -> None:
    with running(settings_for(tmp_path)) as (client, _app):
        job_id = upload(client, SHORT_VTT.encode()).json()["id"]
        assert wait_finished(client, job_id)["status"] == "done"
        crc = client.get(f"/api/jobs/{job_id}/crc").json()
        stale = {**crc, "version": "0.9"}
        conflict = client.put(f"/api/jobs/{job_id}/crc", json=stale, headers=EN)
        assert conflict.status_code == 409 and conflict.json()["detail"].startswith("The CRC was changed meanwhile (version 1.0)")
        foreign = client.post("/api/jobs", headers={**EN, "Origin": "http://evil.example"}, files={"file": ("a.vtt", b"x")})
        assert foreign.status_code == 403 and "foreign origin" in foreign.json()["detail"]
        audio = client.get(f"/api/jobs/{job_id}/audio", headers=EN)
        assert audio.json()["detail"] == "This job has no audio recording."


def test_11_11_accept_language_parsing() -> None:
    assert request_language(None) == "fr"
    assert request_language("de-DE,de;q=0.9") == "fr"
    assert request_language("en-US,en;q=0.9,fr;q=0.8") == "en"
    assert request_language("fr;q=0.4, en;q=0.8") == "en"
    assert request_language("en;q=0, fr") == "fr"
    assert request_language("garbage;;;q=x") == "fr"
    fr, en = get_lang("fr").messages.service, get_lang("en").messages.service
    assert fr.keys() == en.keys() and all(fr[key] and en[key] and fr[key] != en[key] for key in fr)


def test_11_11_a_failed_jobs_reason_follows_each_requests_language(tmp_path: Path) -> None:
    """The pipeline's reason is stored as a key and parameters: the same job reads in French and English."""
    with running(settings_for(tmp_path)) as (client, _app):
        job_id = upload(client, b'{"id": 3, "turns": []}', "export.json").json()["id"]
        job = wait_finished(client, job_id)
        assert job["status"] == "failed"
        assert job["error"] == 'export.json : JSON sans clé "segments" ; attendu {"segments": [...]} ou une liste.'
        english = client.get(f"/api/jobs/{job_id}", headers=EN).json()["error"]
        assert english == 'export.json: JSON without a "segments" key; expected {"segments": [...]} or a list.'
        listed = client.get("/api/jobs", headers=EN).json()
        assert [j["error"] for j in listed if j["id"] == job_id] == [english]


def test_11_11_edit_rename_and_reply_errors_in_the_requests_language(tmp_path: Path) -> None:
    with running(settings_for(tmp_path)) as (client, _app):
        job_id = upload(client, SHORT_VTT.encode()).json()["id"]
        assert wait_finished(client, job_id)["status"] == "done"
        crc = client.get(f"/api/jobs/{job_id}/crc").json()
        edited = json.loads(json.dumps(crc))
        section = next(name for name in ("facts", "decisions", "next_steps", "deliverables") if edited[name])
        evidence = edited[section][0]["evidence"][0]
        evidence["quote"] = "jamais dit"
        at = f"{section}: {{}} {evidence['segment']}"
        for headers, expected in ((EN, "invalid CRC — " + at.format("quote not found in segment") + ": “jamais dit”"),
                                  (FR, "CRC invalide — " + at.format("citation absente du segment") + " : « jamais dit »")):
            r = client.put(f"/api/jobs/{job_id}/crc", json=edited, headers=headers)
            assert r.status_code == 422 and r.json()["detail"] == expected
        missing = {k: v for k, v in crc.items() if k != "meeting"}
        r = client.put(f"/api/jobs/{job_id}/crc", json=missing, headers=EN)
        assert r.status_code == 422 and r.json()["detail"] == "invalid CRC — meeting: field required"
        rename = client.post(f"/api/jobs/{job_id}/speakers", json={"old": "Personne", "new": "X", "version": crc["version"]},
                             headers=EN)
        assert rename.status_code == 422
        assert rename.json()["detail"] == "Speaker “Personne” is not in the transcript; speakers: Claire Martin, Marc Ferrand."
        reply = b"From: marc@ferrand.fr\r\nSubject: Autre sujet\r\n\r\nBonjour\r\n"
        r = client.post(f"/api/jobs/{job_id}/reply", files={"file": ("reponse.eml", reply)}, headers=EN)
        assert r.status_code == 422
        assert r.json()["detail"].startswith(f"reponse.eml: this reply does not match {crc['id']}")
        r = client.post(f"/api/jobs/{job_id}/reply", files={"file": ("reponse.eml", b"pas un mail")}, headers=FR)
        assert r.status_code == 422 and r.json()["detail"].startswith("reponse.eml : ce n'est pas un e-mail")


def test_11_11_an_oversized_transcript_is_refused_in_the_requests_units(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.serve.routes.jobs as jobs_routes

    monkeypatch.setattr(jobs_routes, "MAX_TRANSCRIPT_BYTES", 1024 * 1024)
    big = SHORT_VTT.encode() + b"\n" * (1024 * 1024)
    with running(settings_for(tmp_path), start_workers=False) as (client, _app):
        en = upload(client, big, "long.vtt", headers=EN)
        fr = upload(client, big, "long.vtt", headers=FR)
    assert en.status_code == fr.status_code == 413
    assert "long.vtt: a 1.001 MB file, over the 1 MB limit for a transcript" in en.json()["detail"]
    assert "long.vtt : fichier de 1,001 Mo, au-delà de la limite de 1 Mo" in fr.json()["detail"]
