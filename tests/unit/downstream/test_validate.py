"""``crc validate``: the client's reply (real .eml files) logged against the exact CRC version."""

from __future__ import annotations

import csv
import datetime as dt
import json
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

import pytest
from crc_factory import full_fr
from typer.testing import CliRunner

from summarizer.cli.app import app
from summarizer.crc import CRC, ValidationStatus, content_sha256, is_validated
from summarizer.downstream.validate import decide, own_text
from summarizer.render.common import email_subject
from summarizer.render.email import render_eml
from summarizer.render.summary import FileEntry, build_summary, render_csv, render_markdown
from summarizer.score import score_crc

QUOTE_FR = (
    "Le mer. 18 nov. 2026 à 17:02, Julien Morel <julien.morel@acme.fr> a\n"
    "écrit :\n> Bonjour Claire,\n> Merci pour notre échange du 18/11/2026.\n> Merci de répondre VALIDÉ ou de corriger en rouge.\n"
)


def setup(tmp_path: Path) -> tuple[Path, CRC, str]:
    crc = full_fr()
    crc_path = tmp_path / "ferrand.crc.json"
    crc_path.write_text(crc.model_dump_json(indent=2), encoding="utf-8")
    draft = render_eml(crc, score_crc(crc), sender="Julien Morel <julien.morel@acme.fr>")
    (tmp_path / "ferrand.email.eml").write_bytes(draft)
    msg_id = next(line.split(":", 1)[1].strip() for line in draft.decode().splitlines() if line.startswith("Message-ID:"))
    assert crc.id in msg_id  # render/email.py sets a Message-ID naming the CRC
    return crc_path, crc, msg_id


def reply(tmp_path: Path, body: str, *, subject: str, in_reply_to: str | None = None, html: str | None = None,
          name: str = "reply.eml", sender: str = "Claire Martin <claire.martin@transports-ferrand.fr>") -> Path:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Julien Morel <julien.morel@acme.fr>"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(dt.datetime(2026, 11, 19, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    msg["Message-ID"] = "<reply-1@transports-ferrand.fr>"
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    path = tmp_path / name
    path.write_bytes(msg.as_bytes(policy=SMTP))
    return path


def validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", *args])
    return result.exit_code, result.output


def test_valide_reply_matched_by_message_id(tmp_path: Path) -> None:
    crc_path, crc, msg_id = setup(tmp_path)
    path = reply(tmp_path, "VALIDÉ, merci Julien.\n\n" + QUOTE_FR, subject="RE: " + email_subject(crc), in_reply_to=msg_id)
    code, output = validate(str(path), "--crc", str(crc_path))
    assert code == 0, output
    assert "validé" in output and "Message-ID" in output
    saved = CRC.model_validate_json(crc_path.read_bytes())
    v = saved.validation
    assert v is not None and v.status == ValidationStatus.validated and v.matched_by == "message_id"
    assert v.by == "Claire Martin <claire.martin@transports-ferrand.fr>"
    assert v.at == dt.datetime(2026, 11, 19, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert v.message_id == "<reply-1@transports-ferrand.fr>" and v.version == "1.0"
    assert v.sha256 == content_sha256(crc) and v.message == "VALIDÉ, merci Julien."
    assert is_validated(saved)
    assert (tmp_path / "ferrand.v1.0.crc.json").read_bytes() == crc_path.read_bytes()
    crit = next(c for c in score_crc(saved).criteria if c.key == "crm_validation")
    assert "validation client obtenue" in crit.reason
    assert "validation demandée" in next(c for c in score_crc(crc).criteria if c.key == "crm_validation").reason
    s = build_summary([FileEntry(rel_path="a.vtt", status="done", crc=saved, report=score_crc(saved)),
                       FileEntry(rel_path="b.vtt", status="done", crc=crc, report=score_crc(crc))], dt.date(2026, 12, 1))
    assert [(g.name, g.share_validated) for g in s.reps] == [("Julien Morel", 0.5)]
    rows = {r["file"]: r for r in csv.DictReader(render_csv(s).lstrip("\ufeff").splitlines())}
    assert rows["a.vtt"]["client_validation"] == "validated" and rows["b.vtt"]["client_validation"] == "requested"
    assert "| Julien Morel | 2 |" in render_markdown(s) and "| 50 % |" in render_markdown(s)


def test_correction_matched_by_subject_keeps_the_text(tmp_path: Path) -> None:
    crc_path, crc, _ = setup(tmp_path)
    body = ("Bonjour Julien,\nLe budget est de 52 k€ et non 48 k€.\nCordialement,\nClaire\n\n"
            "De : Julien Morel <julien.morel@acme.fr>\nEnvoyé : mercredi 18 novembre 2026 17:02\nObjet : ...\n"
            "Merci de répondre VALIDÉ ou de corriger en rouge.\n")
    path = reply(tmp_path, body, subject="TR : RE: " + email_subject(crc))  # Outlook lost In-Reply-To
    code, output = validate(str(path), "--crc", str(crc_path))
    assert code == 0, output
    assert "corrections demandées" in output and "objet" in output
    v = CRC.model_validate_json(crc_path.read_bytes()).validation
    assert v is not None and v.status == ValidationStatus.changes_requested and v.matched_by == "subject"
    assert v.message == "Bonjour Julien,\nLe budget est de 52 k€ et non 48 k€.\nCordialement,\nClaire"


def test_unrelated_mail_and_malformed_file_leave_the_crc_unchanged(tmp_path: Path) -> None:
    crc_path, _, _ = setup(tmp_path)
    before = crc_path.read_bytes()
    unrelated = reply(tmp_path, "VALIDÉ", subject="Invitation : webinar logistique", in_reply_to="<other@x.fr>")
    code, output = validate(str(unrelated), "--crc", str(crc_path))
    assert code == 2 and "ne correspond pas à CRC-2026-11-18-TransportsFerrand-v1.0" in output
    assert len(output.strip().splitlines()) == 1
    pdf = tmp_path / "reply.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")
    code, output = validate(str(pdf), "--crc", str(crc_path))
    assert code == 2 and "reply.pdf : ce n'est pas un e-mail" in output
    code, output = validate(str(tmp_path / "absent.eml"), "--crc", str(crc_path))
    assert code == 2 and "introuvable" in output
    assert crc_path.read_bytes() == before
    assert not (tmp_path / "ferrand.v1.0.crc.json").exists()


def test_edit_after_validation_is_v1_1_and_v1_0_is_kept(tmp_path: Path) -> None:
    crc_path, crc, msg_id = setup(tmp_path)
    validate(str(reply(tmp_path, "Validé\n" + QUOTE_FR, subject="x", in_reply_to=msg_id)), "--crc", str(crc_path))
    data = json.loads(crc_path.read_text(encoding="utf-8"))
    data["objective"] = "Objectif corrigé à la main."
    crc_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, output = validate("--crc", str(crc_path))
    assert code == 0 and "version 1.0 → 1.1" in output
    amended = CRC.model_validate_json(crc_path.read_bytes())
    assert amended.version == "1.1" and amended.id == "CRC-2026-11-18-TransportsFerrand-v1.1"
    assert amended.validation is None and amended.objective == "Objectif corrigé à la main."
    kept = CRC.model_validate_json((tmp_path / "ferrand.v1.0.crc.json").read_bytes())
    assert kept.version == "1.0" and kept.objective == crc.objective and is_validated(kept)
    assert "validation demandée" in validate("--crc", str(crc_path))[1]
    # the export skips the kept version: one note, for v1.1
    result = CliRunner().invoke(app, ["export", str(tmp_path), "--to", "jsonl", "--out", str(tmp_path / "x.jsonl")])
    notes = [json.loads(x) for x in (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    assert result.exit_code == 0 and [n["crc_id"] for n in notes if n["kind"] == "note"] == [amended.id]


def test_html_only_reply_and_first_word_rule() -> None:
    assert decide("Validé !") == ValidationStatus.validated
    assert decide("  *VALIDATED* thanks") == ValidationStatus.validated
    assert decide("valide") == ValidationStatus.validated
    assert decide("OK pour moi, validé") == ValidationStatus.changes_requested  # nothing guessed beyond the first word
    assert decide("Validée sous réserve") == ValidationStatus.changes_requested
    assert decide("") == ValidationStatus.changes_requested
    assert own_text("Validé\n\nOn Wed, Nov 18, 2026 at 5:02 PM Julien <j@a.fr> wrote:\n> Hello") == "Validé"
    assert own_text("Merci\n-----Message d'origine-----\nDe : x") == "Merci"


@pytest.mark.parametrize("html_body", ['<div dir="ltr">Validé</div><blockquote>Merci de répondre VALIDÉ</blockquote>'])
def test_html_reply(tmp_path: Path, html_body: str) -> None:
    crc_path, crc, msg_id = setup(tmp_path)
    msg = EmailMessage()
    msg["From"] = "claire.martin@transports-ferrand.fr"
    msg["Subject"] = "Re: " + email_subject(crc)
    msg["In-Reply-To"] = msg_id
    msg.set_content(html_body, subtype="html")
    path = tmp_path / "html.eml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    code, output = validate(str(path), "--crc", str(crc_path))
    assert code == 0, output
    v = CRC.model_validate_json(crc_path.read_bytes()).validation
    assert v is not None and v.status == ValidationStatus.validated and v.message == "Validé"


def test_web_page_accepts_a_dropped_reply(tmp_path: Path) -> None:
    from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished

    with running(settings_for(tmp_path)) as (http, _app):
        job = upload(http, SHORT_VTT.encode(), "appel.vtt", client="Transports Ferrand").json()
        assert wait_finished(http, job["id"])["status"] == "done"
        draft = http.get(f"/api/jobs/{job['id']}/files/eml").content
        msg_id = next(line.split(":", 1)[1].strip() for line in draft.decode().splitlines()
                      if line.lower().startswith("message-id:"))
        before = http.get(f"/api/jobs/{job['id']}/crc").content
        unrelated = reply(tmp_path, "VALIDÉ", subject="Newsletter", name="other.eml")
        r = http.post(f"/api/jobs/{job['id']}/reply", files={"file": ("autre.eml", unrelated.read_bytes())})
        assert r.status_code == 422 and "autre.eml : cette réponse ne correspond pas" in r.json()["detail"]
        assert http.get(f"/api/jobs/{job['id']}/crc").content == before
        good = reply(tmp_path, "Validé, merci.\n> citation", subject="RE: x", in_reply_to=msg_id,
                     sender="Marc Ferrand <marc.ferrand@transports-ferrand.fr>")  # the client in SHORT_VTT
        r = http.post(f"/api/jobs/{job['id']}/reply", files={"file": ("reponse.eml", good.read_bytes())})
        assert r.status_code == 200, r.text
        assert r.json()["validation"]["status"] == "validated"
        crc = CRC.model_validate_json(http.get(f"/api/jobs/{job['id']}/crc").content)
        assert is_validated(crc)
        score = http.get(f"/api/jobs/{job['id']}/score").json()
        assert "validation client obtenue" in next(c["reason"] for c in score["criteria"] if c["key"] == "crm_validation")
        page = http.get("/").text
        assert 'id="reply-input"' in page and 'id="validation-status"' in page
