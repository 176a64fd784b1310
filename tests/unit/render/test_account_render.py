"""The account plan's four files: what each shows, escaping, and all-or-nothing writing."""

from __future__ import annotations

import datetime as dt
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from summarizer.crc import CRC, make_crc_id
from summarizer.downstream.account import Account, LoadedCrc, build_account
from summarizer.render import account as render

CLIENT = "Transports Ferrand"
D1, D2 = dt.date(2026, 11, 18), dt.date(2026, 12, 8)


def ev(segment: int, quote: str, speaker: str) -> dict[str, Any]:
    return {"segment": segment, "quote": quote, "speaker": speaker}


def crc(day: dt.date, **sections: Any) -> CRC:
    data: dict[str, Any] = {
        "id": make_crc_id(day, CLIENT),
        "meeting": {"date": day.isoformat(), "type": "discovery", "subject": "Appel <suivi>", "client": CLIENT},
        "participants": [{"name": "Claire Martin", "organization": "Logivia", "side": "vendor"},
                         {"name": "Marc Ferrand", "organization": CLIENT, "side": "client"}],
    }
    data.update(sections)
    return CRC.model_validate(data)


@pytest.fixture(scope="module")
def account() -> Account:
    first = crc(
        D1,
        deliverables=[
            {"what": "Une proposition pour le cadrage", "issuer": "Claire Martin", "due_date": "2026-11-20",
             "evidence": [ev(3, "je vous envoie d'ici vendredi une proposition pour le cadrage", "Claire Martin")]},
            {"what": "L'export des tournées <octobre>", "issuer": "Marc Ferrand", "due_date": "2026-11-30",
             "evidence": [ev(5, "je vous transmets l'export des tournées <octobre>", "Marc Ferrand")]},
        ],
        risks=[{"text": "Budget 2027 pas encore arbitré", "category": "budget",
                "evidence": [ev(9, "Le budget 2027 n'est pas encore arbitré", "Marc Ferrand")]}],
        decisions=[{"text": "Pilote à Lyon", "evidence": [ev(11, "on part sur le dépôt de Lyon", "Marc Ferrand")]}],
    )
    second = crc(
        D2,
        facts=[{"text": "Reçue", "evidence": [ev(2, "Oui, on l'a bien reçue, la proposition", "Marc Ferrand")]}],
        risks=[{"text": "Budget 2027 toujours pas arbitré", "category": "budget",
                "evidence": [ev(6, "le budget 2027 n'est toujours pas arbitré", "Marc Ferrand")]}],
        next_steps=[{"action": "Envoyer le business case", "owner": "Claire Martin", "due_date": "2026-12-15",
                     "evidence": [ev(8, "je vous envoie le business case pour que Sophie Garnier l'ait", "Claire Martin")]}],
    )
    return build_account([LoadedCrc(crc=first), LoadedCrc(crc=second)], CLIENT, dt.date(2026, 12, 10))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_markdown_shows_every_section(account: Account) -> None:
    md = render.render_markdown(account)
    for title in ("# Plan de compte — Transports Ferrand", "## Appels", "## Interlocuteurs", "## Engagements",
                  "## Risques", "## Décisions"):
        assert title in md
    assert "Au 10/12/2026. 2 appel(s)" in md and "1 fait(s), 1 en retard, 1 ouvert(s)" in md
    done = next(line for line in md.splitlines() if line.startswith("| fait |"))
    assert "18/11/2026" in done and "08/12/2026" in done and "bien reçue" in done and "d'ici vendredi" in done
    assert "jamais rencontré (cité le 08/12/2026)" in md
    assert "**Prochaine étape datée :** 15/12/2026 — Envoyer le business case (Claire Martin, vendeur)" in md
    assert "| 18/11/2026, 08/12/2026 |" in md  # the budget risk, one line, both calls


def test_html_is_self_contained_and_escaped(account: Account) -> None:
    page = render.render_html(account)
    parser = _Tags()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and tags.count("svg") == 2  # score chart + status chart, no JavaScript
    assert "<octobre>" not in page and "&lt;octobre&gt;" in page and "Appel &lt;suivi&gt;" in page
    statuses = [a["data-status"] for t, a in parser.tags if t == "tr" and "data-status" in a]
    assert sorted(statuses) == ["done", "open", "overdue"]
    assert [a["data-met"] for t, a in parser.tags if t == "tr" and "data-met" in a] == ["yes", "yes", "no"]
    crcs = [a["data-crc"] for t, a in parser.tags if t == "blockquote"]
    assert crcs.count(make_crc_id(D2, CLIENT)) >= 2 and crcs.count(make_crc_id(D1, CLIENT)) >= 2
    scores, statuses_svg = page.split('aria-label="Note par appel"')[1], page.split('aria-label="Engagements par statut"')[1]
    assert "stroke-dasharray" in scores.split("</svg>")[0]  # the 8/10 target line
    assert "stroke-dasharray" not in statuses_svg.split("</svg>")[0]  # counts have no target


def test_docx_tables(account: Account) -> None:
    doc = Document(io.BytesIO(render.render_docx(account)))
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings == ["Appels", "Interlocuteurs", "Engagements", "Risques", "Décisions"]
    ledger = doc.tables[2]
    rows = [[c.text for c in r.cells] for r in ledger.rows[1:]]
    assert sorted(r[0] for r in rows) == ["en retard", "fait", "ouvert"]
    done = next(r for r in rows if r[0] == "fait")
    assert "bien reçue" in done[4] and "d'ici vendredi" in done[4]
    assert any("Sophie Garnier" in c.text for r in doc.tables[1].rows for c in r.cells)


def test_write_account_all_or_nothing(account: Account, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = render.write_account(account, tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(render.OUTPUT_NAMES)
    assert Account.model_validate_json((tmp_path / "out" / "account.json").read_bytes()) == account
    assert json.loads((tmp_path / "out" / "account.json").read_text(encoding="utf-8"))["as_of"] == "2026-12-10"

    def broken(_: Account) -> bytes:
        raise RuntimeError("docx")

    monkeypatch.setattr(render, "render_docx", broken)
    with pytest.raises(RuntimeError):
        render.write_account(account, tmp_path / "again")
    assert not (tmp_path / "again").exists() or not any((tmp_path / "again").iterdir())


def test_empty_account_renders() -> None:
    empty = build_account([LoadedCrc(crc=crc(D1))], CLIENT, D1)
    assert "Aucune prochaine étape datée." in render.render_markdown(empty)
    assert "_Aucune décision._" in render.render_markdown(empty)
    assert "Aucune décision." in render.render_html(empty)
    Document(io.BytesIO(render.render_docx(empty)))
