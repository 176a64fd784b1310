"""The brief before the next call: ours first, only what is still open, every line with its quote.

Hand-built CRCs pin each rule; the sample pair runs through the real rules backend and every quote the
brief prints is checked against the transcripts (nothing invented)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from summarizer.crc import CRC, make_crc_id
from summarizer.downstream.account import CommitmentStatus, LoadedCrc
from summarizer.downstream.brief import build_brief
from summarizer.render.brief import render_docx, render_html, render_markdown

ROOT = Path(__file__).resolve().parents[3]
CLIENT = "Transports Ferrand"
D1, D2 = dt.date(2026, 11, 18), dt.date(2026, 12, 8)
PEOPLE = [{"name": "Claire Martin", "organization": "Logivia", "side": "vendor"},
          {"name": "Marc Ferrand", "organization": CLIENT, "side": "client"}]


def ev(segment: int, quote: str, speaker: str) -> dict[str, Any]:
    return {"segment": segment, "quote": quote, "speaker": speaker}


def _crc(day: dt.date, **sections: Any) -> CRC:
    return CRC.model_validate({"id": make_crc_id(day, CLIENT), "meeting": {
        "date": day.isoformat(), "subject": "Appel", "client": CLIENT}, "participants": PEOPLE, **sections})


FIRST = _crc(
    D1,
    deliverables=[
        {"what": "Export des tournées", "issuer": "Marc Ferrand", "side": "client", "due_date": "2026-11-30",
         "evidence": [ev(1, "je vous transmets l'export des tournées", "Marc Ferrand")]},
        {"what": "Proposition de cadrage", "issuer": "Claire Martin", "side": "vendor", "due_date": "2026-11-20",
         "evidence": [ev(2, "je vous envoie la proposition de cadrage", "Claire Martin")]},
    ],
    risks=[
        {"text": "Accès TrakFleet pas ouverts", "category": "it_security",
         "evidence": [ev(3, "les accès TrakFleet ne sont pas ouverts", "Marc Ferrand")]},
        {"text": "Budget 2027 pas arbitré", "category": "budget",
         "evidence": [ev(4, "le budget 2027 sera tranché au comité de direction", "Marc Ferrand")]},
    ],
)
SECOND = _crc(
    D2,
    progress=[{"status": "done", "what": "La proposition de cadrage", "who": "Claire Martin",
               "evidence": [ev(1, "je vous ai envoyé la proposition de cadrage", "Claire Martin")]},
              {"status": "done", "what": "Les accès TrakFleet", "who": "Marc Ferrand",
               "evidence": [ev(2, "les accès TrakFleet, c'est fait, ils sont ouverts", "Marc Ferrand")]}],
    next_steps=[
        {"action": "Envoyer le business case", "owner": "Claire Martin", "side": "vendor", "due_date": "2026-12-15",
         "evidence": [ev(3, "je vous envoie le business case pour que Sophie Garnier l'ait", "Claire Martin")]},
        {"action": "Planifier la démo", "owner": "Marc Ferrand", "side": "client", "due_date": "2026-12-11",
         "evidence": [ev(4, "je planifie la démo d'ici vendredi", "Marc Ferrand")]},
    ],
)


def test_the_brief_keeps_what_is_open_ours_first_with_quotes() -> None:
    brief = build_brief([LoadedCrc(crc=FIRST), LoadedCrc(crc=SECOND)], CLIENT, dt.date(2026, 12, 10))
    assert [c.text for c in brief.ours] == ["Envoyer le business case"]  # the proposal was reported sent
    assert [(c.text, c.status) for c in brief.theirs] == [
        ("Export des tournées", CommitmentStatus.overdue), ("Planifier la démo", CommitmentStatus.open)]
    assert [r.text for r in brief.risks] == ["Budget 2027 pas arbitré"]  # TrakFleet: reported done since
    assert [p.evidence[0].quote for p in brief.pending] == ["le budget 2027 sera tranché au comité de direction"]
    assert brief.next_step is not None and brief.next_step.text.startswith("Planifier la démo (Marc Ferrand)")
    assert [s.name for s in brief.not_met] == ["Sophie Garnier"]
    asked = [q.text for q in brief.questions]
    assert asked[0] == "Où en est « Export des tournées » (Marc Ferrand), attendu le 30/11/2026 ?"
    assert "Pouvons-nous rencontrer Sophie Garnier avant la décision ?" in asked
    assert all(q.evidence for q in brief.questions)  # a question stands on a quote


def test_renders_print_every_line_with_its_quote() -> None:
    brief = build_brief([LoadedCrc(crc=FIRST), LoadedCrc(crc=SECOND)], CLIENT, dt.date(2026, 12, 10))
    md = render_markdown(brief)
    assert md.index("## Nos engagements ouverts") < md.index("## Leurs engagements ouverts")
    assert "  > « je vous transmets l'export des tournées » (Marc Ferrand, 18/11/2026)" in md
    assert "## Décisions en attente d'un comité" in md and "## Questions à poser" in md
    page = render_html(brief)
    assert "<script" not in page and 'data-crc="' in page
    assert render_docx(brief)[:2] == b"PK"


def test_a_committee_that_decided_later_is_no_longer_pending() -> None:
    decided = _crc(dt.date(2026, 12, 20), facts=[{"text": "Accord du comité", "evidence": [
        ev(1, "le comité de direction a validé le budget", "Marc Ferrand")]}])
    brief = build_brief([LoadedCrc(crc=c) for c in (FIRST, SECOND, decided)], CLIENT, dt.date(2026, 12, 21))
    assert brief.pending == []


def test_the_sample_brief_invents_nothing(tmp_path: Path) -> None:
    """The sample pair through the rules backend: every quote of the brief is in a transcript of the account."""
    from summarizer.downstream.brief import brief_from_folder
    from summarizer.grounding import normalize
    from summarizer.ingest.transcript import read_transcript
    from summarizer.pipeline import RunOptions, run_file

    sources = [(ROOT / "samples" / "01-decouverte-transports-ferrand.vtt", D1),
               (ROOT / "samples" / "account-ferrand" / "02-suivi-transports-ferrand.vtt", D2)]
    for path, day in sources:
        run_file(path, tmp_path, RunOptions(meeting_date=day, client=CLIENT, vendor="Logivia", progress=False))
    brief = brief_from_folder(tmp_path, CLIENT, dt.date(2026, 12, 10))
    spoken = normalize(" ".join(s.text for path, _ in sources for s in read_transcript(path).segments))
    quotes = re.findall(r"^  > « (.+?) » \(", render_markdown(brief), flags=re.M)
    assert len(quotes) >= 10
    assert [q for q in quotes if normalize(q) not in spoken] == []
    assert [c.text for c in brief.ours][:1] == ["Envoyer le business case chiffré, pour que Sophie Garnier l'ait avant les congés"]
    assert all(c.status != CommitmentStatus.done for c in brief.ours + brief.theirs)


def test_cli_writes_three_files_and_exit_2_on_unknown_client(tmp_path: Path) -> None:
    crcs = tmp_path / "crcs"
    crcs.mkdir()
    for c in (FIRST, SECOND):
        (crcs / f"{c.id}.crc.json").write_text(c.model_dump_json(), encoding="utf-8")
    out = tmp_path / "out"
    run = [sys.executable, "-m", "summarizer.cli", "brief", str(crcs), "--client", CLIENT, "--as-of", "2026-12-10",
           "--out", str(out)]
    res = subprocess.run(run, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["brief.docx", "brief.html", "brief.md"]
    bad = subprocess.run([*run[:6], "Inconnu SA", *run[7:]], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "Inconnu SA" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
