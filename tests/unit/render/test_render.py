"""Renderers: render realistic CRCs to every format and parse the bytes back with the real readers."""

from __future__ import annotations

import datetime as dt
import email
import io
import re
import zipfile
from email.message import EmailMessage
from email.policy import default
from zoneinfo import ZoneInfo

import docx
import pytest
from crc_factory import ev, full_en, full_fr, sparse_fr
from icalendar import Calendar

from summarizer.crc import CRC
from summarizer.dates import due_time
from summarizer.errors import InputError
from summarizer.render import (
    email_subject,
    render_docx,
    render_email_html,
    render_email_text,
    render_eml,
    render_ics,
    render_markdown,
    validation_deadline,
)
from summarizer.render.common import fmt_date_long, fmt_timestamp
from summarizer.score import score_crc

HOSTILE = "<script>alert('x')</script> | *gras* & co"
PARIS = ZoneInfo("Europe/Paris")


def hostile_fr() -> CRC:
    """User text that would break HTML, Markdown tables, XML and headers if rendered raw."""
    return full_fr(
        meeting={"date": "2026-11-18", "type": "demo_poc", "subject": "Démo\nBcc: pirate@evil.fr",
                 "client": "Ferrand & Fils <SA>", "language": "fr"},
        decisions=[{"text": HOSTILE, "evidence": [ev(1, "on valide\x0b le script", "Claire Martin", 12.0)]}],
        facts=[{"text": "Ligne\x00 avec caractère de contrôle", "evidence": [ev(0, "ligne")]}],
    )


def parse_eml(data: bytes) -> EmailMessage:
    msg = email.message_from_bytes(data, policy=default)
    assert isinstance(msg, EmailMessage)
    return msg


# --- common -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "today", "expected"),
    [
        (dt.date(2026, 11, 18), None, dt.datetime(2026, 11, 19, 17, 0)),  # Wednesday -> Thursday
        (dt.date(2026, 11, 20), None, dt.datetime(2026, 11, 23, 17, 0)),  # Friday -> Monday
        (dt.date(2026, 11, 21), None, dt.datetime(2026, 11, 23, 17, 0)),  # Saturday -> Monday
        (dt.date(2026, 11, 10), None, dt.datetime(2026, 11, 12, 17, 0)),  # 11 Nov is a public holiday
        (dt.date(2026, 5, 13), None, dt.datetime(2026, 5, 15, 17, 0)),  # Ascension Thursday (Easter + 39)
        (dt.date(2026, 12, 24), None, dt.datetime(2026, 12, 28, 17, 0)),  # Christmas Friday + weekend
        (dt.date(2026, 11, 18), dt.date(2026, 11, 23), dt.datetime(2026, 11, 24, 17, 0)),  # sent late
        (dt.date(2026, 11, 18), dt.date(2026, 11, 1), dt.datetime(2026, 11, 19, 17, 0)),  # today before meeting
    ],
)
def test_validation_deadline(meeting: dt.date, today: dt.date | None, expected: dt.datetime) -> None:
    assert validation_deadline(meeting, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mercredi 25 à 10h", (dt.time(10), None)),
        ("mercredi 25 de 10h à 10h45", (dt.time(10), dt.time(10, 45))),
        ("cadrage le 25/11 10h–10h45", (dt.time(10), dt.time(10, 45))),
        ("jeudi 14 heures 30", (dt.time(14, 30), None)),
        ("lundi 9 h 15", (dt.time(9, 15), None)),
        ("15:30", (dt.time(15, 30), None)),
        ("Tuesday at 3 pm", (dt.time(15), None)),
        ("Tuesday 10:30am", (dt.time(10, 30), None)),
        ("vendredi midi", (dt.time(12), None)),
        ("sous 24h", None),
        ("dans 2h", None),
        ("within 48h", None),
        ("le 25/11/2026", None),
        ("10 habitants", None),
        ("courant décembre", None),
        ("", None),
        (None, None),
    ],
)
def test_due_time(text: str | None, expected: tuple[dt.time, dt.time | None] | None) -> None:
    assert due_time(text) == expected


def test_fmt_timestamp() -> None:
    assert fmt_timestamp(3725.9) == "01:02:05"
    assert fmt_timestamp(0) == "00:00:00"
    assert fmt_timestamp(None) is None


def test_email_subject() -> None:
    assert email_subject(full_fr()) == "Compte rendu — Découverte TMS — Transports Ferrand — 18/11/2026"
    assert email_subject(full_en()) == "Meeting summary — Contract negotiation — Northwind — 20/11/2026"
    assert email_subject(sparse_fr()) == "Compte rendu — Premier contact — 20/11/2026"
    assert email_subject(hostile_fr()) == "Compte rendu — Démo Bcc: pirate@evil.fr — Ferrand & Fils <SA> — 18/11/2026"


# --- email body ---------------------------------------------------------------------


def test_email_text_full_fr() -> None:
    crc = full_fr()
    body = render_email_text(crc, score_crc(crc))
    assert body.startswith("Bonjour à tous,\n")
    assert "Objectif : Valider le besoin de planification des tournées et organiser le cadrage." in body
    for title in ("Faits saillants", "Décisions", "Risques & dépendances", "Next step", "Livrables", "Pièces"):
        assert f"\n{title}\n- " in body
    assert body.index("Faits saillants") < body.index("Décisions") < body.index("Next step") < body.index("Livrables")
    for decision in crc.decisions:
        assert f"- {decision.text}\n" in body
    assert "plan de levée : Estimation ROI préliminaire pour le comité du 10/12" in body
    assert "- Réunion de cadrage multi-parties — Claire Martin (client) — 25 novembre 2026 à 10h–10h45\n" in body
    assert "- Envoi de l'invitation au cadrage — Julien Morel (vendeur) — 19 novembre 2026\n" in body
    assert ("- Point juridique sur la clause de réversibilité — responsable à confirmer — "
            "date à confirmer (« courant décembre »)\n") in body
    assert ("- Brief besoins + estimation ROI préliminaire — Julien Morel (vendeur) — d'ici le 24 novembre 2026 — "
            "format : PDF\n") in body
    assert "- Export des tournées d'octobre — responsable à confirmer (client) — date à confirmer\n" in body
    assert "Merci de répondre VALIDÉ ou de corriger en rouge avant le 19/11 17h." in body
    assert body.rstrip().endswith("Bien cordialement,\n\nJulien Morel\nAcme Logiciels\n[Signature]")


def test_email_text_keeps_score_and_quotes_internal() -> None:
    crc = full_fr()
    body = render_email_text(crc, score_crc(crc))
    assert "/10" not in body and "Score" not in body and "score" not in body
    assert "Règle" not in body
    for _, item in crc.evidenced_items():
        for quote in item.evidence:
            assert quote.quote not in body


def test_email_text_explicit_deadline_and_english() -> None:
    crc = full_en()
    body = render_email_text(crc, score_crc(crc), deadline=dt.datetime(2026, 11, 24, 12, 30))
    assert body.startswith("Hello Sarah Jones,\n")
    assert "Please reply VALIDATED or correct in red before 24/11 at 12:30 pm." in body
    assert "- Legal call — Sarah Jones (client) — 24 November 2026 at 15:00\n" in body
    assert "- Penalty clause pending legal validation\n" in body and "to be defined" not in body
    assert "Key facts\n" in body and "Deliverables\n" in body and "Faits" not in body
    default_body = render_email_text(crc, score_crc(crc))
    assert "before 23/11 at 5 pm." in default_body  # Friday meeting -> Monday


def test_email_text_sparse_never_invents() -> None:
    crc = sparse_fr()
    body = render_email_text(crc, score_crc(crc))
    assert body.startswith("Bonjour,\n")
    assert "Objectif" not in body
    assert "- Aucune décision formalisée." in body
    assert "- Rappeler le prospect — responsable à confirmer — date à confirmer\n" in body
    assert "Risques" not in body and "Livrables" not in body and "Pièces" not in body
    assert "[Votre nom]\n[Signature]" in body
    assert "avant le 23/11 17h" in body


def test_email_html_escapes_everything() -> None:
    crc = hostile_fr()
    page = render_email_html(crc)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; | *gras* &amp; co" in page
    assert "Ferrand &amp; Fils &lt;SA&gt;" in page  # in the <title>
    assert "\x00" not in page and "\x0b" not in page


# --- .eml -----------------------------------------------------------------------


def test_eml_round_trip() -> None:
    crc = full_fr()
    data = render_eml(crc, score_crc(crc), sender="Julien Morel <j.morel@acme.fr>",
                      recipients=["Claire Martin <claire.martin@ferrand.fr>", "marc.petit@ferrand.fr"])
    msg = parse_eml(data)
    assert msg["Subject"] == "Compte rendu — Découverte TMS — Transports Ferrand — 18/11/2026"
    assert msg["X-Unsent"] == "1"
    assert msg["From"].addresses[0].addr_spec == "j.morel@acme.fr"
    assert [a.addr_spec for a in msg["To"].addresses] == ["claire.martin@ferrand.fr", "marc.petit@ferrand.fr"]
    assert msg["Date"].datetime is not None
    assert re.fullmatch(r"<[^<>@\s]+@acme\.fr>", msg["Message-ID"])
    assert msg.get_content_type() == "multipart/alternative"
    assert not msg.defects
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert plain is not None and html is not None
    text = plain.get_content().replace("\r\n", "\n")
    assert text == render_email_text(crc, score_crc(crc))
    assert "Go pour un cadrage fonctionnel." in text
    assert "avant le 19/11 17h" in text
    assert "avant le 19/11 17h" in html.get_content()
    assert plain.get_content_charset() == "utf-8"
    # SMTP-safe: ASCII on the wire, CRLF line ends, no line over 998 octets.
    assert data.isascii()
    assert b"\r\n" in data and all(len(line) <= 998 for line in data.split(b"\r\n"))


def test_eml_html_part_escapes_script_and_headers_cannot_be_injected() -> None:
    crc = hostile_fr()
    msg = parse_eml(render_eml(crc, score_crc(crc)))
    assert msg["Bcc"] is None
    assert msg["Subject"] == email_subject(crc)
    html = msg.get_body(("html",))
    assert html is not None
    page = html.get_content()
    assert "<script>" not in page and "&lt;script&gt;" in page
    plain = msg.get_body(("plain",))
    assert plain is not None and HOSTILE in plain.get_content()  # plain text keeps the words as said


def test_eml_without_recipients_is_a_draft_with_no_to() -> None:
    crc = sparse_fr()
    msg = parse_eml(render_eml(crc, score_crc(crc)))
    assert msg["To"] is None and msg["From"] is None
    assert msg["X-Unsent"] == "1"
    assert msg["Subject"] == "Compte rendu — Premier contact — 20/11/2026"
    assert msg["Message-ID"].endswith("@crc.invalid>")


def test_eml_is_deterministic_except_date_and_message_id() -> None:
    crc = full_en()
    report = score_crc(crc)

    def stable(data: bytes) -> bytes:
        return re.sub(rb"(?m)^(Date|Message-ID): .*\r\n", b"", data)

    first, second = render_eml(crc, report), render_eml(crc, report)
    assert stable(first) == stable(second)
    msg = parse_eml(first)
    assert msg["Subject"] == "Meeting summary — Contract negotiation — Northwind — 20/11/2026"
    assert msg["Content-Language"] == "en"


@pytest.mark.parametrize("bad", ["claire", "claire@ferrand", "a@b.fr, c@d.fr", "x@y.fr\r\nBcc: z@w.fr", ""])
def test_eml_rejects_bad_recipients(bad: str) -> None:
    crc = full_fr()
    with pytest.raises(InputError, match="adresse e-mail invalide"):
        render_eml(crc, score_crc(crc), recipients=[bad])


# --- Markdown -------------------------------------------------------------------


def test_markdown_full_fr() -> None:
    crc = full_fr()
    report = score_crc(crc)
    md = render_markdown(crc, report)
    assert md.startswith("# Compte rendu — Découverte TMS — Transports Ferrand — 18/11/2026\n")
    assert "`CRC-2026-11-18-TransportsFerrand-v1.0`" in md
    assert "| Type | Découverte |" in md
    assert "| Client | Transports Ferrand |" in md
    assert "| Claire Martin | Transports Ferrand | client | DSI | decision\\_maker | supportive |" in md
    assert "| Julien Morel | Acme Logiciels | vendeur | Account executive |" in md
    assert f"## Qualité du CRC : {report.total:g}/10" in md
    for criterion in report.criteria:
        assert criterion.reason.replace("_", "\\_") in md
    assert "Règle d’or :** ✅ CRC" in md
    assert "Format 7-3-1 :** ✅" in md
    for warning in report.warnings:
        assert f"- {warning}" in md
    # Every item's evidence: verbatim quote, speaker, hh:mm:ss.
    assert "> « on se cale le cadrage mercredi 25 de 10h à 10h45 » — Claire Martin, 00:26:40 (segment 14)" in md
    for _, item in crc.evidenced_items():
        for quote in item.evidence:
            assert f"« {quote.quote} » — {quote.speaker}, {fmt_timestamp(quote.start)}" in md
    assert "responsable à confirmer — date à confirmer (« courant décembre »)" in md
    assert "avant le 19/11 17h" in md
    assert "| Montant | 48\u202f000 EUR |" in md and "| Probabilité | 20 % |" in md


def test_markdown_sparse_and_english() -> None:
    crc = sparse_fr()
    report = score_crc(crc)
    md = render_markdown(crc, report)
    assert "| Client | non identifié |" in md
    assert "_Aucun participant identifié._" in md
    assert "**Rappeler le prospect** — responsable à confirmer — date à confirmer" in md
    assert "> « rappelez-nous » — locuteur inconnu (segment 1)" in md
    assert "❌ simple note" in md
    assert f"## Qualité du CRC : {str(report.total).replace('.', ',').removesuffix(',0')}/10" in md

    crc = full_en()
    md = render_markdown(crc, score_crc(crc))
    assert "## Key facts" in md and "**Golden rule:**" in md and "| Type | Negotiation |" in md
    assert "“we agree on the fixed price for twelve months” — Sarah Jones, 00:15:00 (segment 8)" in md


def test_markdown_escapes_user_text() -> None:
    crc = hostile_fr()
    md = render_markdown(crc, score_crc(crc))
    assert "<script>" not in md
    assert "\\<script\\>alert('x')\\</script\\> \\| \\*gras\\* & co" in md
    assert "| Client | Ferrand & Fils \\<SA\\> |" in md
    assert "\x00" not in md and "\x0b" not in md


# --- .docx ------------------------------------------------------------------------


def _docx_text(data: bytes) -> tuple[list[tuple[str, str]], list[list[list[str]]]]:
    document = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name if p.style is not None else "", p.text) for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def test_docx_full_fr() -> None:
    crc = full_fr()
    data = render_docx(crc, score_crc(crc))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert "word/document.xml" in archive.namelist()
    paragraphs, tables = _docx_text(data)
    assert paragraphs[0] == ("Title", "Compte rendu commercial")
    assert any("CRC-2026-11-18-TransportsFerrand-v1.0" in text for _, text in paragraphs)
    headings = [text for style, text in paragraphs if style.startswith("Heading")]
    assert headings == ["Réunion", "Objectif", "Faits saillants", "Décisions", "Risques & dépendances",
                        "Next step", "Livrables", "Pièces", "Qualité du CRC"]
    meeting, steps, deliverables, criteria = tables
    assert ["Type", "Découverte"] in meeting
    assert meeting[-1][0] == "Participants" and "Claire Martin (Transports Ferrand, client, DSI)" in meeting[-1][1]
    assert steps[0] == ["Action", "Responsable", "Côté", "Échéance"]
    assert ["Réunion de cadrage multi-parties", "Claire Martin", "client", "25/11/2026 à 10h–10h45"] in steps
    assert ["Point juridique sur la clause de réversibilité", "responsable à confirmer", "à confirmer",
            "date à confirmer (« courant décembre »)"] in steps
    assert ["Brief besoins + estimation ROI préliminaire", "Julien Morel", "vendeur", "24/11/2026", "PDF"] in deliverables
    assert len(criteria) == 1 + len(score_crc(crc).criteria)
    assert any(text.startswith("Score : 10/10") for _, text in paragraphs)
    assert any(text.startswith("Règle d’or : CRC") for _, text in paragraphs)
    assert docx.Document(io.BytesIO(data)).core_properties.identifier == crc.id


def test_docx_english_sparse_and_hostile() -> None:
    crc = full_en()
    paragraphs, tables = _docx_text(render_docx(crc, score_crc(crc)))
    assert paragraphs[0] == ("Title", "Sales meeting report")
    assert tables[1][0] == ["Action", "Owner", "Side", "Due"]
    assert ["Legal call", "Sarah Jones", "client", "24/11/2026 at 15:00"] in tables[1]

    crc = sparse_fr()
    paragraphs, tables = _docx_text(render_docx(crc, score_crc(crc)))
    assert ["Client", "non identifié"] in tables[0]
    assert ["Rappeler le prospect", "responsable à confirmer", "à confirmer", "date à confirmer"] in tables[1]
    assert ("Normal", "Aucune décision formalisée.") in paragraphs

    crc = hostile_fr()
    paragraphs, _ = _docx_text(render_docx(crc, score_crc(crc)))
    assert ("List Bullet", HOSTILE) in paragraphs
    assert ("List Bullet", "Ligne avec caractère de contrôle") in paragraphs


# --- .ics -------------------------------------------------------------------------


def test_ics_full_fr() -> None:
    crc = full_fr()
    data = render_ics(crc)
    cal = Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0" and "crc" in str(cal["PRODID"])
    events = cal.walk("VEVENT")
    # 2 dated next steps + 1 dated deliverable; the undated ones are left out, not guessed.
    assert [str(e["UID"]) for e in events] == [
        "CRC-2026-11-18-TransportsFerrand-v1.0-ns0@crc.invalid",
        "CRC-2026-11-18-TransportsFerrand-v1.0-ns1@crc.invalid",
        "CRC-2026-11-18-TransportsFerrand-v1.0-dl0@crc.invalid",
    ]
    cadrage, invitation, brief = events
    assert str(cadrage["SUMMARY"]) == "Réunion de cadrage multi-parties"
    assert cadrage.decoded("DTSTART") == dt.datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)
    assert cadrage.decoded("DTEND") == dt.datetime(2026, 11, 25, 10, 45, tzinfo=PARIS)
    assert invitation.decoded("DTSTART") == dt.date(2026, 11, 19)
    assert not isinstance(invitation.decoded("DTSTART"), dt.datetime)
    assert invitation.decoded("DTEND") == dt.date(2026, 11, 20)
    assert brief.decoded("DTSTART") == dt.date(2026, 11, 24)
    assert str(brief["SUMMARY"]) == "Livrable : Brief besoins + estimation ROI préliminaire"
    description = str(cadrage["DESCRIPTION"])
    assert "Responsable : Claire Martin (client)" in description
    assert "« on se cale le cadrage mercredi 25 de 10h à 10h45 » — Claire Martin, 00:26:40" in description
    assert all(e.decoded("DTSTAMP") == dt.datetime(2026, 11, 18, tzinfo=dt.timezone.utc) for e in events)
    assert render_ics(crc) == data  # stable UIDs and DTSTAMP: re-import updates, never duplicates


def test_ics_english_and_empty() -> None:
    crc = full_en()
    events = Calendar.from_ical(render_ics(crc)).walk("VEVENT")
    assert len(events) == 3
    assert events[0].decoded("DTSTART") == dt.datetime(2026, 11, 24, 15, 0, tzinfo=PARIS)
    assert events[0].decoded("DTEND") == dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)  # 1 h when no end was said
    assert "Owner: Sarah Jones (client)" in str(events[0]["DESCRIPTION"])
    assert str(events[2]["SUMMARY"]) == "Deliverable: Redline with tracked changes"

    cal = Calendar.from_ical(render_ics(sparse_fr()))
    assert cal.walk("VEVENT") == [] and cal["VERSION"] == "2.0" and cal["PRODID"]


def test_every_renderer_is_pure() -> None:
    for crc in (full_fr(), full_en(), sparse_fr(), hostile_fr()):
        report = score_crc(crc)
        assert render_markdown(crc, report) == render_markdown(crc, report)
        assert render_email_text(crc, report) == render_email_text(crc, report)
        assert render_ics(crc) == render_ics(crc)
        assert docx.Document(io.BytesIO(render_docx(crc, report))).paragraphs


def test_docx_with_very_long_client_and_subject() -> None:
    """Core properties are capped at 255 characters by python-docx; the body keeps the full text."""
    import io

    from docx import Document as Open

    crc = full_fr()
    crc.meeting.client = "Groupe " + "Très Long Nom " * 20
    crc.meeting.subject = "Sujet " * 60
    data = render_docx(crc, score_crc(crc))
    doc = Open(io.BytesIO(data))
    assert len(doc.core_properties.title) <= 255
    assert any("Très Long Nom" in p.text for p in doc.paragraphs) or any(
        "Très Long Nom" in c.text for t in doc.tables for r in t.rows for c in r.cells)


@pytest.mark.parametrize(("day", "lang", "expected"), [
    (dt.date(2026, 12, 1), "fr", "1er décembre 2026"), (dt.date(2026, 11, 30), "fr", "30 novembre 2026"),
    (dt.date(2027, 8, 2), "fr", "2 août 2027"), (dt.date(2026, 12, 1), "en", "1 December 2026"),
])
def test_dates_written_out_for_the_client(day: dt.date, lang: str, expected: str) -> None:
    assert fmt_date_long(day, lang) == expected


def test_email_writes_dates_out_and_omits_a_missing_mitigation_while_markdown_keeps_it() -> None:
    crc = full_fr()
    crc.risks[0].mitigation = None
    body = render_email_text(crc, score_crc(crc))
    assert "Merci pour notre échange du 18 novembre 2026." in body
    assert f"- {crc.risks[0].text}\n" in body
    assert "à définir" not in body and "plan de levée" not in body
    assert not re.search(r"\d\d/\d\d/\d{4}", body)  # no JJ/MM/AAAA left for the client
    html_body = render_email_html(crc)
    assert "à définir" not in html_body and "18 novembre 2026" in html_body
    md = render_markdown(crc, score_crc(crc))
    assert "plan de levée : à définir" in md and "25/11/2026" in md  # the internal Markdown is unchanged


def test_a_person_named_but_not_there_is_marked_and_never_a_contact() -> None:
    """``attended: false`` (the rules backend lists « notre DAF, Mme Rouquier » so): the table says she was not
    in the meeting, the rubric's client contact and the e-mail's addressees are the people who were."""
    base = full_fr()
    only_absent = [p.model_copy(update={"attended": False}) if p.side.value == "client" else p for p in base.participants]
    crc = base.model_copy(update={"participants": only_absent})
    md = render_markdown(crc, score_crc(crc))
    assert all(f"{p.name} (hors réunion)" in md for p in only_absent if p.attended is False)
    assert any(p.attended is False for p in only_absent) and score_crc(crc).total < score_crc(base).total
