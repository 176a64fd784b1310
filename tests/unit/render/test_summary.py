"""Team summary: per rep / per client aggregates, open commitments, csv/md/html outputs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from pathlib import Path

from summarizer.crc import (
    CRC,
    Attachment,
    Crm,
    Decision,
    Deliverable,
    Evidence,
    Fact,
    Meeting,
    NextStep,
    Participant,
    Risk,
    Side,
    make_crc_id,
)
from summarizer.ingest.metadata import rep_of
from summarizer.render.summary import (
    FileEntry,
    build_summary,
    load_entry,
    render_csv,
    render_html,
    render_markdown,
    svg_hbars,
    svg_histogram,
    write_summary,
)
from summarizer.score import score_crc

EV = [Evidence(segment=0, speaker="Claire Martin", quote="on s'engage")]
TODAY = dt.date(2026, 12, 1)


def good_crc(client: str, rep: str, day: dt.date) -> CRC:
    """A CRC built to score 10/10: dated next steps with owners on both sides, deliverable, risks..."""
    return CRC(
        id=make_crc_id(day, client),
        meeting=Meeting(date=day, subject="Découverte", client=client),
        participants=[Participant(name=rep, side=Side.vendor), Participant(name="Marc <Client>", side=Side.client)],
        objective="Qualifier le besoin.",
        facts=[Fact(text=f"Fait {i}", evidence=EV) for i in range(5)],
        decisions=[Decision(text="Le pilote démarre en janvier.", evidence=EV), Decision(text="Le périmètre est validé.", evidence=EV)],
        risks=[Risk(text="Budget", mitigation="Sponsor", evidence=EV)],
        next_steps=[
            NextStep(action="Atelier de cadrage", owner=rep, side=Side.vendor, due_date=day + dt.timedelta(days=10), evidence=EV),
            NextStep(action="Validation DSI", owner="Marc <Client>", side=Side.client, due_date=day + dt.timedelta(days=3), evidence=EV),
        ],
        deliverables=[Deliverable(what="Devis", issuer=rep, due_date=day + dt.timedelta(days=2), evidence=EV)],
        crm=Crm(stage="Qualification"),
        attachments=[Attachment(name="enregistrement")],
    )


def weak_crc(client: str | None, day: dt.date) -> CRC:
    """A note, not a CRC: no owner, no date (golden rule fails)."""
    return CRC(
        id=make_crc_id(day, client),
        meeting=Meeting(date=day, subject="Appel", client=client),
        participants=[Participant(name="Paul Durand", side=Side.unknown), Participant(name="Zoé", side=Side.client)],
        facts=[Fact(text="Le client hésite.", evidence=EV)],
        next_steps=[NextStep(action="Se rappeler", evidence=EV)],
    )


def entry(rel: str, crc: CRC) -> FileEntry:
    return FileEntry(rel_path=rel, status="done", crc=crc, report=score_crc(crc), meeting_date_source="filename")


def sample_entries() -> list[FileEntry]:
    return [
        entry("a.vtt", good_crc("Transports Ferrand", "Claire Martin", dt.date(2026, 11, 18))),  # due 20/11, 21/11, 28/11: overdue
        entry("b.vtt", good_crc("Clinique Saint-Roch", "Claire Martin", dt.date(2026, 11, 30))),  # due 02/12.. upcoming
        entry("c.txt", weak_crc("Transports Ferrand", dt.date(2026, 11, 25))),
        FileEntry(rel_path="bad.docx", status="failed", reason="bad.docx : fichier .docx corrompu."),
    ]


def test_scores_are_what_the_fixtures_claim() -> None:
    good = score_crc(good_crc("X", "Claire Martin", dt.date(2026, 11, 18)))
    weak = score_crc(weak_crc("X", dt.date(2026, 11, 18)))
    assert good.total == 10 and good.golden_rule.ok
    assert weak.total < 8 and not weak.golden_rule.ok


def test_per_rep_and_per_client_aggregates() -> None:
    s = build_summary(sample_entries(), TODAY)
    reps = {g.name: g for g in s.reps}
    # vendor participants; the weak CRC has none, so its non-client participant stands in
    assert set(reps) == {"Claire Martin", "Paul Durand"}
    claire = reps["Claire Martin"]
    assert (claire.crcs, claire.average_score, claire.share_target, claire.share_dated_both_sides) == (2, 10.0, 1.0, 1.0)
    assert claire.open_commitments == 6 and claire.overdue_commitments == 3
    paul = reps["Paul Durand"]
    assert paul.share_target == 0.0 and paul.share_golden_rule == 0.0 and paul.open_commitments == 0
    clients = {g.name: g for g in s.clients}
    ferrand = clients["Transports Ferrand"]
    weak_total = score_crc(weak_crc("X", dt.date(2026, 11, 25))).total
    assert ferrand.crcs == 2 and ferrand.average_score == round((10 + weak_total) / 2, 2) and ferrand.share_target == 0.5
    assert s.undated_commitments == 1 and len(s.failed) == 1


def test_commitments_overdue_first() -> None:
    s = build_summary(sample_entries(), TODAY)
    overdue = [c for c in s.commitments if c.overdue_days > 0]
    assert s.commitments[: len(overdue)] == overdue  # overdue block on top
    assert [c.overdue_days for c in overdue] == sorted((c.overdue_days for c in overdue), reverse=True)
    assert overdue[0].due_date == dt.date(2026, 11, 20) and overdue[0].overdue_days == 11
    upcoming = s.commitments[len(overdue):]
    assert [c.due_date for c in upcoming] == sorted(c.due_date for c in upcoming)
    assert {c.side for c in s.commitments} == {"vendor", "client"}


def test_reps_fallback_to_evidence_speakers() -> None:
    crc = weak_crc(None, dt.date(2026, 11, 18)).model_copy(update={"participants": []})
    assert rep_of(crc) == "Claire Martin"


def test_csv_round_trip() -> None:
    text = render_csv(build_summary(sample_entries(), TODAY))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["file"] for r in rows] == ["a.vtt", "b.vtt", "bad.docx", "c.txt"]
    a, bad, c = rows[0], rows[2], rows[3]
    assert a["score"] == "10" and a["golden_rule"] == "1" and a["meeting_date_source"] == "filename"
    assert a["reps"] == "Claire Martin" and a["missing_criteria"] == ""
    assert bad["status"] == "failed" and "corrompu" in bad["reason"] and bad["score"] == ""
    assert c["golden_rule"] == "0" and "Next step" in c["missing_criteria"]


def test_markdown_and_html_are_escaped_and_contain_charts() -> None:
    s = build_summary(sample_entries(), TODAY)
    md = render_markdown(s)
    assert "## Par commercial" in md and "| Claire Martin | 2 | 10.0 | 100 % |" in md
    assert "`bad.docx` : bad.docx : fichier .docx corrompu." in md
    page = render_html(s)
    assert page.count("<svg") == 3
    assert "Marc <Client>" not in page and "Marc &lt;Client&gt;" in page
    for chunk in page.split("<svg")[1:]:
        ET.fromstring("<svg" + chunk.split("</svg>")[0] + "</svg>")  # each chart is well-formed XML


def test_svg_histogram_bins() -> None:
    svg = svg_histogram([10.0, 9.5, 2.0, 2.5])
    root = ET.fromstring(svg)
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert "9–10 : 2" in titles and "2–3 : 2" in titles and "0–1 : 0" in titles
    assert ET.fromstring(svg_hbars([("A & B", 7.5)]))


def test_load_entry_reads_outputs_and_flags_missing(tmp_path: Path) -> None:
    crc = good_crc("Ferrand", "Claire Martin", dt.date(2026, 11, 18))
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "call.crc.json").write_text(crc.model_dump_json(), encoding="utf-8")
    e = load_entry("x/call.vtt", "done", None, ["x/call.crc.json"], tmp_path)
    assert e.crc == crc and e.report is not None and e.report.total == 10  # score recomputed when absent
    gone = load_entry("y.vtt", "done", None, ["y.crc.json"], tmp_path)
    assert gone.status == "failed" and gone.crc is None
    written = write_summary(build_summary([e, gone], TODAY), tmp_path)
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)


def test_client_falls_back_to_client_side_organization() -> None:
    crc = weak_crc(None, dt.date(2026, 11, 18))
    crc.participants[1].organization = "Cabinet Dumas"
    s = build_summary([entry("x.txt", crc)], TODAY)
    assert [g.name for g in s.clients] == ["Cabinet Dumas"]
    anonymous = build_summary([entry("y.txt", weak_crc(None, dt.date(2026, 11, 18)))], TODAY)
    assert [g.name for g in anonymous.clients] == ["(client non identifié)"]
