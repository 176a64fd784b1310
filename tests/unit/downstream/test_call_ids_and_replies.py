"""Issue 20 items 1, 2 and 7: one id per call, a reply binds to the version it answers, only the client validates."""

from __future__ import annotations

import datetime as dt
import json
import re
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

import pytest
from crc_factory import full_fr
from typer.testing import CliRunner

from summarizer.cli.app import app
from summarizer.crc import CRC, ValidationStatus, call_key, crc_id_for, is_validated, make_crc_id
from summarizer.downstream.account import account_from_folder
from summarizer.downstream.export import records_of
from summarizer.downstream.push import Outbox, queue
from summarizer.downstream.validate import decide, read_reply, validate_reply
from summarizer.errors import InputError
from summarizer.pipeline import RunOptions, run_file
from summarizer.render.common import email_subject
from summarizer.render.email import render_eml
from summarizer.score import score_crc

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
PARIS = dt.timezone(dt.timedelta(hours=1))
CLIENT = "Claire Martin <claire.martin@transports-ferrand.fr>"


def _message_id(eml: bytes) -> str:
    return next(line.split(":", 1)[1].strip() for line in eml.decode().splitlines() if line.lower().startswith("message-id:"))


def _reply(path: Path, body: str, *, subject: str, in_reply_to: str | None = None, sender: str = CLIENT,
           when: dt.datetime = dt.datetime(2026, 11, 19, 9, 30, tzinfo=PARIS), msg_id: str = "<r1@tf.fr>") -> Path:
    msg = EmailMessage()
    msg["From"], msg["Subject"], msg["Date"], msg["Message-ID"] = sender, subject, format_datetime(when), msg_id
    if in_reply_to:
        msg["In-Reply-To"] = msg["References"] = in_reply_to
    msg.set_content(body)
    path.write_bytes(msg.as_bytes(policy=SMTP))
    return path


# --------------------------------------------------------------------------- item 1


def test_two_calls_same_client_and_day_get_their_own_stable_id_everywhere(tmp_path: Path) -> None:
    out = tmp_path / "same"
    options = RunOptions(client="Transports Ferrand", meeting_date=dt.date(2026, 11, 18))
    first, _ = run_file(SAMPLES / "01-decouverte-transports-ferrand.vtt", out, options)
    other, _ = run_file(SAMPLES / "06-renouvellement-mutuelle-horizon.vtt", out, options)
    a, b = first.crc, other.crc
    assert a.id != b.id and call_key(a.id) != call_key(b.id)
    for crc in (a, b):  # readable: date, client, a short part from the source's hash
        assert re.fullmatch(r"CRC-2026-11-18-TransportsFerrand-[0-9a-f]{6}-v1\.0", crc.id), crc.id
        assert crc.id.split("-")[-2] == crc.metadata.source_sha256[:6]  # type: ignore[index]
    again, _ = run_file(SAMPLES / "01-decouverte-transports-ferrand.vtt", None, options)
    assert again.crc.id == a.id  # stable across re-runs of the same file

    box = Outbox(tmp_path / "outbox")
    queue(box, [a, b], "https://crm.example/hook")
    assert len(box.pending()) == 2  # one outbox entry each: push delivers both

    account = account_from_folder(out, "Transports Ferrand", dt.date(2026, 12, 1))
    assert sorted(c.crc_id for c in account.calls) == sorted([a.id, b.id])

    ids = [r.external_id for crc in (a, b) for r in records_of(crc)]
    assert len(ids) == len(set(ids))

    # a reply to call 06's draft, whatever its subject, never validates call 01
    draft_06 = _message_id((out / "06-renouvellement-mutuelle-horizon.email.eml").read_bytes())
    reply = _reply(tmp_path / "r.eml", "VALIDÉ", subject="RE: " + email_subject(a), in_reply_to=draft_06)
    with pytest.raises(InputError, match="ne correspond pas"):
        validate_reply(reply, out / "01-decouverte-transports-ferrand.crc.json")
    crc, v, _ = validate_reply(reply, out / "06-renouvellement-mutuelle-horizon.crc.json")
    assert crc.id == b.id and v.matched_by == "message_id"


def test_an_edited_client_or_a_new_version_keeps_the_calls_tag() -> None:
    crc = full_fr().model_copy(update={"id": make_crc_id(dt.date(2026, 11, 18), "Transports Ferrand", tag="0a1b2c")})
    renamed = crc.model_copy(update={"meeting": crc.meeting.model_copy(update={"client": "TF Groupe"})})
    assert crc_id_for(renamed, "1.1") == "CRC-2026-11-18-TFGroupe-0a1b2c-v1.1"
    old = full_fr()  # an id written before tags: still valid, and bumps keep its form
    assert old.id == "CRC-2026-11-18-TransportsFerrand-v1.0" and crc_id_for(old, "1.1").endswith("Ferrand-v1.1")


def test_a_non_latin_client_gets_a_valid_id() -> None:
    crc = full_fr()
    crc.meeting.client, crc.metadata.source_sha256 = "日本電気", "ab" * 32
    assert CRC.model_validate(crc.model_dump() | {"id": crc_id_for(crc)}).id == "CRC-2026-11-18-Client-ababab-v1.0"


# --------------------------------------------------------------------------- item 2


def _setup(tmp_path: Path) -> tuple[Path, str]:
    crc = full_fr()
    crc_path = tmp_path / "ferrand.crc.json"
    crc_path.write_text(crc.model_dump_json(indent=2), encoding="utf-8")
    for suffix in (".email.md", ".docx"):
        (tmp_path / f"ferrand{suffix}").write_bytes(b"old")
    draft = render_eml(crc, score_crc(crc), sender="Julien Morel <julien.morel@acme.fr>")
    (tmp_path / "ferrand.email.eml").write_bytes(draft)
    return crc_path, _message_id(draft)


def _edit(crc_path: Path) -> None:
    data = json.loads(crc_path.read_text(encoding="utf-8"))
    data["objective"] = "Objectif corrigé à la main."
    crc_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_the_same_reply_after_an_edit_does_not_validate_the_new_version(tmp_path: Path) -> None:
    crc_path, msg_id = _setup(tmp_path)
    reply = _reply(tmp_path / "r.eml", "VALIDÉ, merci.", subject="RE: x", in_reply_to=msg_id)
    validate_reply(reply, crc_path)
    _edit(crc_path)
    with pytest.raises(InputError, match=r"répond à la version 1\.0 ; le CRC est maintenant en version 1\.1"):
        validate_reply(reply, crc_path)
    saved = CRC.model_validate_json(crc_path.read_bytes())
    assert saved.version == "1.1" and saved.validation is None and not is_validated(saved)
    new_id = _message_id((tmp_path / "ferrand.email.eml").read_bytes())  # a new draft, naming v1.1
    assert new_id != msg_id and f".{saved.id}@" in new_id and saved.id.endswith("-v1.1")
    answer = _reply(tmp_path / "r2.eml", "Validé !", subject="RE: x", in_reply_to=new_id,
                    when=dt.datetime.now(dt.timezone.utc), msg_id="<r2@tf.fr>")
    crc, v, _ = validate_reply(answer, crc_path)
    assert v.version == "1.1" and is_validated(crc)


def test_an_older_validation_does_not_override_a_later_correction_request(tmp_path: Path) -> None:
    crc_path, msg_id = _setup(tmp_path)
    early = _reply(tmp_path / "ok.eml", "Validé.", subject="RE: x", in_reply_to=msg_id,
                   when=dt.datetime(2026, 11, 19, 9, 0, tzinfo=PARIS), msg_id="<ok@tf.fr>")
    late = _reply(tmp_path / "fix.eml", "Le montant est faux.", subject="RE: x", in_reply_to=msg_id,
                  when=dt.datetime(2026, 11, 19, 11, 0, tzinfo=PARIS), msg_id="<fix@tf.fr>")
    validate_reply(late, crc_path)
    with pytest.raises(InputError, match="avant la réponse déjà enregistrée"):
        validate_reply(early, crc_path)
    _edit(crc_path)  # the correction is made: v1.1; the early VALIDÉ (subject only) is still not v1.1's
    by_subject = _reply(tmp_path / "s.eml", "Validé.", subject="RE: " + email_subject(full_fr()),
                        when=dt.datetime(2026, 11, 19, 9, 0, tzinfo=PARIS), msg_id="<ok@tf.fr>")
    with pytest.raises(InputError, match=r"version 1\.0"):
        validate_reply(by_subject, crc_path)
    with pytest.raises(InputError, match=r"avant la version 1\.1"):
        validate_reply(by_subject, crc_path)
    assert not is_validated(CRC.model_validate_json(crc_path.read_bytes()))


def test_a_validation_re_renders_the_markdown_and_word_files(tmp_path: Path) -> None:
    crc_path, msg_id = _setup(tmp_path)
    draft = (tmp_path / "ferrand.email.eml").read_bytes()
    validate_reply(_reply(tmp_path / "r.eml", "Validé", subject="RE: x", in_reply_to=msg_id), crc_path)
    assert "validation client obtenue" in (tmp_path / "ferrand.email.md").read_text(encoding="utf-8")
    assert (tmp_path / "ferrand.docx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "ferrand.email.eml").read_bytes() == draft  # the sent draft stays as it was


# --------------------------------------------------------------------------- item 7


@pytest.mark.parametrize("text", ["Validé ? Non, pas du tout, le montant est faux.", "Valide-t-on vraiment ce planning ?",
                                  "Validé sauf le montant.", "Validé. Enfin non, le montant est faux.",
                                  "Validé mais il manque le dépôt de Lyon"])
def test_a_question_or_a_refusal_is_not_a_validation(text: str) -> None:
    assert decide(text) == ValidationStatus.changes_requested


@pytest.mark.parametrize("text", ["VALIDÉ", "Validé, pas de souci.", "Validé, merci Julien !", "Validated, no changes."])
def test_plain_validations_still_validate(text: str) -> None:
    assert decide(text) == ValidationStatus.validated


def test_a_validation_from_someone_else_is_logged_but_does_not_count(tmp_path: Path) -> None:
    crc_path, msg_id = _setup(tmp_path)
    stranger = _reply(tmp_path / "r.eml", "VALIDÉ", subject="RE: " + email_subject(full_fr()),
                      sender="Eve <eve@attacker.example>")
    result = CliRunner().invoke(app, ["validate", str(stranger), "--crc", str(crc_path)])
    assert result.exit_code == 0, result.output
    assert "ni un participant côté client ni un destinataire du brouillon" in result.output
    saved = CRC.model_validate_json(crc_path.read_bytes())
    assert saved.validation is not None and saved.validation.sender_known is False and not is_validated(saved)
    # the client's own address (first.last) or display name counts
    client = _reply(tmp_path / "c.eml", "VALIDÉ", subject="RE: x", in_reply_to=msg_id,
                    sender="<marc.petit@transports-ferrand.fr>", when=dt.datetime(2026, 11, 20, tzinfo=PARIS))
    crc, v, _ = validate_reply(client, crc_path)
    assert v.sender_known is True and is_validated(crc)


def test_a_reply_without_charset_reads_its_accents(tmp_path: Path) -> None:
    raw = (b"From: " + CLIENT.encode() + b"\r\nSubject: RE: x\r\nDate: Thu, 19 Nov 2026 09:30:00 +0100\r\n"
           b"Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\nVALID\xc3\x89, merci.\r\n")
    path = tmp_path / "r.eml"
    path.write_bytes(raw)
    assert read_reply(path).text == "VALIDÉ, merci."
    path.write_bytes(raw.replace(b"\xc3\x89", b"\xc9"))  # Windows-1252
    assert decide(read_reply(path).text) == ValidationStatus.validated
