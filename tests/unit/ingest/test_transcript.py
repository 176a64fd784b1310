"""Readers: every format into the same ordered segments; bad input is one clear error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from docx import Document

from summarizer.errors import InputError
from summarizer.ingest.transcript import (
    decode_bytes,
    read_transcript,
    read_vtt,
    write_transcript_json,
    write_transcript_vtt,
)

TEAMS_VTT = """WEBVTT

6f3c2a1e-1111-4c1b-9d7e-0a1b2c3d4e5f/12-0
00:00:01.000 --> 00:00:04.500
<v Claire Martin>Bonjour à tous, merci d'être là.</v>

6f3c2a1e-1111-4c1b-9d7e-0a1b2c3d4e5f/13-0
00:00:05.000 --> 00:00:09.250
<v Marc Ferrand>Bonjour. On a 140 camions
sur trois dépôts.</v>
"""

ZOOM_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:03.000
Claire Martin: Bonjour Marc.

2
00:01:02.500 --> 00:01:05.000
Marc Ferrand: Bonjour Claire, ça va ?
"""

SRT = """1
00:00:01,000 --> 00:00:02,000
Claire Martin: Première phrase.

2
00:00:02,500 --> 00:00:04,000
Sans locuteur ici.
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def test_teams_vtt_voice_tags_and_multiline(tmp_path: Path) -> None:
    t = read_transcript(write(tmp_path, "a.vtt", TEAMS_VTT))
    assert [s.speaker for s in t.segments] == ["Claire Martin", "Marc Ferrand"]
    assert t.segments[1].text == "Bonjour. On a 140 camions sur trois dépôts."
    assert t.segments[1].start == 5.0 and t.segments[1].end == 9.25
    assert [s.index for s in t.segments] == [0, 1]


def test_zoom_vtt_name_prefix(tmp_path: Path) -> None:
    t = read_transcript(write(tmp_path, "z.vtt", ZOOM_VTT))
    assert t.segments[1].speaker == "Marc Ferrand"
    assert t.segments[1].text == "Bonjour Claire, ça va ?"
    assert t.segments[1].start == 62.5


def test_vtt_header_date_and_title(tmp_path: Path) -> None:
    t = read_transcript(write(tmp_path, "h.vtt", "WEBVTT\nDate: 2026-11-18\nTitle: Découverte\n\n" + TEAMS_VTT[8:]))
    assert t.meeting_date == dt.date(2026, 11, 18)
    assert t.title == "Découverte"


def test_srt_with_and_without_speaker(tmp_path: Path) -> None:
    t = read_transcript(write(tmp_path, "a.srt", SRT))
    assert [(s.speaker, s.text) for s in t.segments] == [("Claire Martin", "Première phrase."), (None, "Sans locuteur ici.")]
    assert t.segments[0].start == 1.0


def test_txt_french_colon_stamps_and_continuation(tmp_path: Path) -> None:
    text = "[00:00:05] Claire Martin : Bonjour.\n[00:01:10] Marc Ferrand: Bonjour Claire,\ncomment allez-vous ?\n"
    t = read_transcript(write(tmp_path, "a.txt", text))
    assert [s.speaker for s in t.segments] == ["Claire Martin", "Marc Ferrand"]
    assert t.segments[1].text == "Bonjour Claire, comment allez-vous ?"
    assert t.segments[0].start == 5.0 and t.segments[0].end == 70.0


def test_txt_cp1252_detected(tmp_path: Path) -> None:
    text = "Claire : Le comité décide en février, ça dépend du budget à 45 000 €.\nMarc : Très bien, c'est noté."
    t = read_transcript(write(tmp_path, "w.txt", text.encode("cp1252")))
    assert "comité décide en février" in t.segments[0].text and "€" in t.segments[0].text
    assert t.segments[1].speaker == "Marc"


def test_utf8_bom(tmp_path: Path) -> None:
    t = read_transcript(write(tmp_path, "b.txt", "\ufeffClaire : Éléments reçus.".encode("utf-8-sig")))
    assert t.segments[0].speaker == "Claire" and t.segments[0].text == "Éléments reçus."


def test_latin1_without_cp1252_specials() -> None:
    assert decode_bytes("Réunion à Sète".encode("latin-1")) == "Réunion à Sète"


def test_json_object_and_bare_list(tmp_path: Path) -> None:
    obj = {"language": "fr", "meeting_date": "2026-11-12", "segments": [
        {"start": 0.0, "end": 2.0, "speaker": "SPEAKER_00", "text": " Bonjour "},
        {"start": 2.0, "end": 3.0, "speaker": None, "text": "Oui."}]}
    t = read_transcript(write(tmp_path, "a.json", json.dumps(obj)))
    assert t.language == "fr" and t.meeting_date == dt.date(2026, 11, 12)
    assert t.segments[0].text == "Bonjour" and t.segments[1].speaker is None
    t2 = read_transcript(write(tmp_path, "b.json", json.dumps(obj["segments"])))
    assert len(t2.segments) == 2


def test_docx_teams_layout(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Transcript")
    doc.add_paragraph("Claire Martin   0:03")
    doc.add_paragraph("Bonjour, on commence ?")
    doc.add_paragraph("Marc Ferrand   1:02:05")
    doc.add_paragraph("Oui, allons-y.")
    doc.core_properties.created = dt.datetime(2026, 11, 20, 9, 0)
    p = tmp_path / "t.docx"
    doc.save(str(p))
    t = read_transcript(p)
    assert [(s.speaker, s.start, s.text) for s in t.segments] == [
        ("Claire Martin", 3.0, "Bonjour, on commence ?"), ("Marc Ferrand", 3725.0, "Oui, allons-y.")]
    assert t.meeting_date == dt.date(2026, 11, 20)


def test_docx_header_title_and_date(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Visite de site – Verdier Emballages")
    doc.add_paragraph("16 novembre 2026, 10 h 02 · 7 min 45 s")
    doc.add_paragraph("Nicolas Fabre   0:03")
    doc.add_paragraph("Bon, ça enregistre.")
    doc.core_properties.created = dt.datetime(2026, 11, 30, 9, 0)
    p = tmp_path / "v.docx"
    doc.save(str(p))
    t = read_transcript(p)
    assert t.title == "Visite de site – Verdier Emballages"
    assert t.meeting_date == dt.date(2026, 11, 16)  # the header wins over the file's creation date
    assert [s.speaker for s in t.segments] == ["Nicolas Fabre"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-11-18 10:00", dt.date(2026, 11, 18)), ("Réunion du 18/11/2026", dt.date(2026, 11, 18)),
     ("1er décembre 2026", dt.date(2026, 12, 1)), ("November 16, 2026 3:00 PM", dt.date(2026, 11, 16)),
     ("Compte rendu", None), ("31/02/2026", None)],
)
def test_header_date(text: str, expected: dt.date | None) -> None:
    from summarizer.ingest.transcript import header_date

    assert header_date(text) == expected


def test_roundtrip_written_json_and_vtt(tmp_path: Path) -> None:
    t = read_transcript(write(tmp_path, "a.vtt", TEAMS_VTT))
    back_json = read_transcript(write(tmp_path, "x.json", write_transcript_json(t)))
    back_vtt = read_vtt(write_transcript_vtt(t))
    for back in (back_json, back_vtt):
        assert [(s.speaker, s.text, s.start) for s in back.segments] == [(s.speaker, s.text, s.start) for s in t.segments]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "", "vide"),
        ("blank.vtt", "WEBVTT\n\n", "vide"),
        ("bad.json", "{not json", "JSON invalide"),
        ("nosegs.json", '{"foo": 1}', "segments"),
        ("x.pdf", "%PDF-1.4", "non pris en charge"),
        ("bin.txt", b"\x00\x01\x02\x03" * 100, "binaire"),
        ("fake.docx", "pas un zip", "illisible"),
        ("novtt.vtt", "00:00:01.000 --> 00:00:02.000\nsalut", "WEBVTT"),
    ],
)
def test_bad_input_one_clear_line(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_transcript(write(tmp_path, name, content))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="introuvable"):
        read_transcript(tmp_path / "nope.vtt")
    with pytest.raises(InputError, match="dossier"):
        read_transcript(tmp_path)


def test_huge_file_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.ingest.transcript as tr

    monkeypatch.setattr(tr, "MAX_TRANSCRIPT_BYTES", 100)
    with pytest.raises(InputError, match="limite"):
        read_transcript(write(tmp_path, "big.txt", "Claire : bonjour\n" * 20))


# --- issue 11 -----------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


def _strip_labels(text: str, pattern: str) -> str:
    import re

    return re.sub(pattern, "", text, flags=re.M)


def test_item01_unlabelled_lines_have_no_speaker(tmp_path: Path) -> None:
    """The altea call with its "[hh:mm:ss] Name : " prefixes removed: speech with colons, no speakers."""
    text = _strip_labels((SAMPLES / "03-negociation-groupe-altea.txt").read_text(encoding="utf-8"),
                         r"^\[[0-9:]+\] [^:]+ : ")
    assert "Parfait. Alors l'ordre du jour :" in text
    t = read_transcript(write(tmp_path, "nospk.txt", text))
    assert t.speakers == []
    assert len(t.segments) == len(text.strip().splitlines())  # one segment per line, not one blob
    assert any(s.text.startswith("Parfait. Alors l'ordre du jour :") for s in t.segments)


def test_item01_unlabelled_srt_has_no_speaker(tmp_path: Path) -> None:
    text = _strip_labels((SAMPLES / "09-demo-editique-banque-loire.srt").read_text(encoding="utf-8"),
                         r"^[A-ZÀ-Þ][^:\n]{0,40}: ")
    t = read_transcript(write(tmp_path, "nospk.srt", text))
    assert t.speakers == []
    assert any(s.text.startswith("Le POC : 23 modèles sur 25") for s in t.segments)  # the words as written
    text2 = _strip_labels((SAMPLES / "02-demo-poc-clinique-saint-roch.srt").read_text(encoding="utf-8"),
                          r"^[A-ZÀ-Þ][^:\n]{0,40}: ")
    assert read_transcript(write(tmp_path, "nospk2.srt", text2)).speakers == []


def test_item01_labels_still_read() -> None:
    """Every sample keeps its speakers; a speaker who talks once in a labelled file is kept too."""
    from summarizer.ingest.transcript import accepted_labels, name_like

    assert read_transcript(SAMPLES / "03-negociation-groupe-altea.txt").speakers == [
        "Camille Dubreuil", "Isabelle Moreau", "Antoine Lebrun", "François Petit"]
    assert name_like("Jean de La Fontaine") and name_like("M. Ferrand") and name_like("Speaker 2")
    assert not name_like("Parfait. Alors l'ordre du jour") and not name_like("Premier chiffre")
    assert not name_like("Bon. Je vais être honnête") and not name_like("Bref")
    assert accepted_labels(["Claire", "Marc"]) == {"Claire", "Marc"}
    assert accepted_labels(["Objet", None, None, None]) == set()


def test_item06_mixed_utf8_and_cp1252_lines(tmp_path: Path) -> None:
    data = (
        "Claire Martin : Le comité décide en février.\n".encode()
        + "Marc Ferrand : Très bien, ça dépend du budget à 45 000 €.\n".encode("cp1252")
        + "Claire Martin : Je vous envoie la proposition révisée.\n".encode()
    )
    t = read_transcript(write(tmp_path, "mixed.txt", data))
    texts = [s.text for s in t.segments]
    assert texts == ["Le comité décide en février.", "Très bien, ça dépend du budget à 45 000 €.",
                     "Je vous envoie la proposition révisée."]
    assert t.speakers == ["Claire Martin", "Marc Ferrand"]
    assert len(t.warnings) == 1 and "encodages mélangés" in t.warnings[0]
    # a pure cp1252 file is not "mixed": no warning
    pure = read_transcript(write(tmp_path, "w.txt", "Claire : été\nMarc : noël\n".encode("cp1252")))
    assert pure.warnings == [] and pure.segments[0].text == "été"


def test_item05_transcript_limit_is_what_a_call_can_be(tmp_path: Path) -> None:
    """2 MB: a 10-hour meeting (about 1.5 MB of text) passes, 2 MB + 1 byte is refused with the reason."""
    from summarizer.ingest.transcript import MAX_TRANSCRIPT_BYTES

    assert MAX_TRANSCRIPT_BYTES == 2 * 1024 * 1024
    line = "[00:00:01] Claire Martin : " + "on avance sur le déploiement des trois dépôts. " * 3 + "\n"
    ten_hours = line * (int(1.5 * 1024 * 1024) // len(line.encode()))
    assert len(read_transcript(write(tmp_path, "long.txt", ten_hours)).segments) > 5000
    big = write(tmp_path, "big.txt", b"Claire : x\n" * (MAX_TRANSCRIPT_BYTES // 11 + 1))
    with pytest.raises(InputError) as err:
        read_transcript(big)
    assert "au-delà de la limite de 2 Mo pour une transcription" in str(err.value)


def test_item07_json_nested_deep_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="imbriqué trop profondément"):
        read_transcript(write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000))


@pytest.mark.parametrize("start", ["1e400", "1e300", "-1e400", "NaN", "Infinity", "1" + "0" * 400])
def test_item07_json_start_beyond_a_call_is_a_clear_error(tmp_path: Path, start: str) -> None:
    text = '{"segments": [{"start": START, "end": 2.0, "speaker": "Claire", "text": "Bonjour."}]}'
    text = text.replace("START", start)
    with pytest.raises(InputError, match="« start » vaut") as err:
        read_transcript(write(tmp_path, "inf.json", text))
    assert "\n" not in str(err.value)


def test_item07_metadata_dates_out_of_range_or_impossible_are_ignored(tmp_path: Path) -> None:
    for header in ("Date: 9999-12-31", "Date: 0001-01-01", "Date: 2026-02-30"):
        t = read_transcript(write(tmp_path, "a.vtt", f"WEBVTT\n{header}\n\n00:00:01.000 --> 00:00:02.000\n<v A>Oui.</v>\n"))
        assert t.meeting_date is None


def test_item14_size_message_shows_enough_precision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.ingest.transcript as tr
    from summarizer.messages import size_label

    assert size_label(52_428_801, 50 * 1024 * 1024) == "50,000001 Mo"
    assert size_label(50 * 1024 * 1024) == "50 Mo"
    assert size_label(3 * 1024 * 1024 + 1, 2 * 1024 * 1024) == "3,0 Mo"
    assert size_label(52_428_801, 50 * 1024 * 1024, "en") == "50.000001 MB"
    monkeypatch.setattr(tr, "MAX_TRANSCRIPT_BYTES", 50 * 1024 * 1024)
    p = tmp_path / "big.txt"
    with p.open("wb") as fh:  # sparse: 52,428,801 bytes without writing them
        fh.truncate(52_428_801)
    with pytest.raises(InputError) as err:
        read_transcript(p)
    assert "fichier de 50,000001 Mo, au-delà de la limite de 50 Mo" in str(err.value)


@pytest.mark.parametrize("name", ["empty.vtt", "empty.srt", "empty.json", "empty.docx", "blank.vtt"])
def test_item14_empty_file_says_empty(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="fichier vide"):
        read_transcript(write(tmp_path, name, "  \n\n" if name.startswith("blank") else ""))


def test_item01_unlabelled_docx_paragraphs_have_no_speaker(tmp_path: Path) -> None:
    doc = Document()
    for text in ("Parfait. Alors l'ordre du jour : le contrat, puis les délais.",
                 "Très bien, on commence.", "Bon. Je vais être honnête : le budget est serré."):
        doc.add_paragraph(text)
    doc.save(str(tmp_path / "sans.docx"))
    t = read_transcript(tmp_path / "sans.docx")
    assert t.speakers == [] and len(t.segments) == 3
    assert t.segments[0].text == "Parfait. Alors l'ordre du jour : le contrat, puis les délais."
    labelled = Document()
    for text in ("Claire Martin: Bonjour.", "Marc Ferrand: Bonjour Claire.", "Claire Martin: On commence."):
        labelled.add_paragraph(text)
    labelled.save(str(tmp_path / "avec.docx"))
    assert read_transcript(tmp_path / "avec.docx").speakers == ["Claire Martin", "Marc Ferrand"]
