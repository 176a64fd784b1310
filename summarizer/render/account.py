"""The account plan rendered: ``account.json``, ``account.md``, ``account.html`` (inline SVG, no
JavaScript, the style of ``summary.html``) and ``account.docx``; the HTML is also ``crc serve``'s page."""

from __future__ import annotations

import html
import io
from pathlib import Path

from docx import Document
from docx.shared import Pt

from summarizer.crc import MeetingType, RiskCategory, Severity, Side
from summarizer.downstream.account import Account, AccountEvidence, CommitmentStatus, LedgerCommitment
from summarizer.files import atomic_write_bytes
from summarizer.render.summary import _CSS, svg_hbars
from summarizer.score import TARGET

STATUS_FR = {CommitmentStatus.done: "fait", CommitmentStatus.overdue: "en retard", CommitmentStatus.open: "ouvert"}
SIDE_FR = {Side.client: "client", Side.vendor: "vendeur", Side.unknown: "?"}
TYPE_FR = {
    MeetingType.discovery: "découverte", MeetingType.demo_poc: "démo / POC", MeetingType.negotiation: "négociation",
    MeetingType.qbr: "QBR", MeetingType.site_visit: "visite de site", MeetingType.renewal: "renouvellement",
    MeetingType.other: "autre",
}
CATEGORY_FR = {
    RiskCategory.budget: "budget", RiskCategory.legal: "juridique", RiskCategory.it_security: "SI / sécurité",
    RiskCategory.planning: "planning", RiskCategory.competition: "concurrence", RiskCategory.other: "autre",
}
SEVERITY_FR = {Severity.low: "faible", Severity.medium: "moyenne", Severity.high: "élevée"}
VALIDATION_FR = {"validated": "validé", "changes_requested": "corrections demandées"}
OUTPUT_NAMES = ("account.json", "account.md", "account.html", "account.docx")


def _d(day: object) -> str:
    return f"{day:%d/%m/%Y}" if day is not None else "—"


def _validation(value: str | None) -> str:
    return VALIDATION_FR.get(value, value) if value else "en attente"


def _short_id(crc_id: str | None) -> str:
    """``CRC-2026-11-18-TransportsFerrand-v1.0`` -> ``18/11/2026``: calls are known by their date."""
    if not crc_id:
        return "—"
    parts = crc_id.split("-")
    return f"{parts[3]}/{parts[2]}/{parts[1]}" if len(parts) > 4 else crc_id


def _quote_md(ev: AccountEvidence) -> str:
    who = f"{ev.speaker}, " if ev.speaker else ""
    return f"« {ev.quote} » ({who}{_short_id(ev.crc_id)})"


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def headline(account: Account) -> str:
    counts = account.counts()
    return (f"{len(account.calls)} appel(s), {len(account.stakeholders)} interlocuteur(s), "
            f"{len(account.commitments)} engagement(s) : {counts['done']} fait(s), {counts['overdue']} en retard, "
            f"{counts['open']} ouvert(s) ; {len(account.risks)} risque(s).")


def next_step_line(account: Account) -> str:
    n = account.next_step
    if n is None:
        return "Aucune prochaine étape datée."
    return f"{_d(n.due_date)} — {n.text} ({n.owner or 'responsable non nommé'}, {SIDE_FR[n.side]})"


# --------------------------------------------------------------------------- Markdown


def render_markdown(account: Account) -> str:
    lines = [f"# Plan de compte — {account.client}", "", f"Au {_d(account.as_of)}. {headline(account)}", "",
             f"**Prochaine étape datée :** {_md(next_step_line(account))}", "", "## Appels", "",
             "| Date | Type | Sujet | Note | Règle d'or | Validation client |", "|---|---|---|---:|---|---|"]
    for c in account.calls:
        lines.append(f"| {_d(c.date)} | {TYPE_FR[c.type]} | {_md(c.subject)} | {c.score:g}/10 | "
                     f"{'oui' if c.golden_rule else 'non'} | {_validation(c.validation)} |")
    lines += ["", "## Interlocuteurs", "", "| Nom | Organisation | Côté | Rôle | Rôle décisionnel | Position | Appels | Vu le |",
              "|---|---|---|---|---|---|---:|---|"]
    for s in account.stakeholders:
        seen = f"{_d(s.first_seen)} → {_d(s.last_seen)}" if s.first_seen else f"jamais rencontré (cité le {', '.join(map(_short_id, s.named_in))})"
        lines.append(f"| {_md(s.name)} | {_md(s.organization or '—')} | {SIDE_FR[s.side]} | {_md(s.role or '—')} | "
                     f"{_md(s.decision_role or '—')} | {_md(s.stance or '—')} | {len(s.calls)} | {seen} |")
    lines += ["", "## Engagements", "", "| Statut | Quoi | Responsable | Côté | Échéance | Promis le | Clos le | Preuves |",
              "|---|---|---|---|---|---|---|---|"]
    for k in account.commitments:
        proofs = " ; ".join(_quote_md(e) for e in k.evidence)
        lines.append(f"| {STATUS_FR[k.status]} | {_md(k.text)} | {_md(k.owner or '—')} | {SIDE_FR[k.side]} | "
                     f"{_d(k.due_date)} | {_short_id(k.source)} | {_short_id(k.done_in)} | {_md(proofs)} |")
    lines += ["", "## Risques", "", "| Risque | Catégorie | Gravité | Levée | Vu le |", "|---|---|---|---|---|"]
    for r in account.risks:
        lines.append(f"| {_md(r.text)} | {CATEGORY_FR[r.category]} | {SEVERITY_FR[r.severity]} | {_md(r.mitigation or '—')} | "
                     f"{', '.join(map(_short_id, r.seen_in))} |")
    lines += ["", "## Décisions", ""]
    lines += [f"- {_d(d.date)} — {d.text} : {_quote_md(d.evidence[0])}" for d in account.decisions] or ["_Aucune décision._"]
    if account.skipped:
        lines += ["", "## Non pris en compte", "", *(f"- {s}" for s in account.skipped)]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- HTML

_ACCOUNT_CSS = _CSS + """
.st-done{color:#2e7d32;font-weight:600}.st-overdue{color:#c62828;font-weight:600}.st-open{color:#1565c0;font-weight:600}
blockquote{margin:.2rem 0;padding-left:.5rem;border-left:3px solid #ccc;font-size:.85rem;color:#444}
.muted{color:#777}ol.timeline{padding-left:1.2rem}"""


def _cell_table(table_id: str, headers: list[str], rows: list[tuple[str, list[str]]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(f"<tr{attrs}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>" for attrs, cells in rows)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _quote_html(ev: AccountEvidence) -> str:
    who = f"{html.escape(ev.speaker)}, " if ev.speaker else ""
    return (f'<blockquote class="evidence" data-crc="{html.escape(ev.crc_id)}">« {html.escape(ev.quote)} » '
            f'<span class="muted">({who}{_short_id(ev.crc_id)})</span></blockquote>')


def _status_html(c: LedgerCommitment) -> str:
    return f'<span class="st-{c.status.value}">{STATUS_FR[c.status]}</span>'


def svg_status_bars(account: Account) -> str:
    counts = account.counts()
    items = [("fait", float(counts["done"])), ("en retard", float(counts["overdue"])), ("ouvert", float(counts["open"]))]
    return svg_hbars(items, maximum=max(1.0, *(v for _, v in items)), target=None, label="Engagements par statut")


def score_chart(account: Account) -> str:
    """One bar per call (date and type), the rubric target as a dashed line."""
    return svg_hbars([(f"{_d(c.date)} {TYPE_FR[c.type]}", c.score) for c in account.calls],
                     target=TARGET, label="Note par appel")


def render_html(account: Account) -> str:
    e = html.escape
    calls = [(f' data-crc="{e(c.crc_id)}"', [
        _d(c.date), TYPE_FR[c.type], e(c.subject), f'<span class="{"ok" if c.meets_target else "ko"}">{c.score:g}/10</span>',
        "oui" if c.golden_rule else '<span class="ko">non</span>', e(_validation(c.validation)),
    ]) for c in account.calls]
    people = [(f' data-met="{"yes" if s.first_seen else "no"}"', [
        e(s.name), e(s.organization or "—"), SIDE_FR[s.side], e(s.role or "—"), e(s.decision_role or "—"),
        e(s.stance or "—"), str(len(s.calls)),
        f"{_d(s.first_seen)} → {_d(s.last_seen)}" if s.first_seen
        else "jamais rencontré" + "".join(_quote_html(q) for q in s.evidence),
    ]) for s in account.stakeholders]
    ledger = [(f' data-status="{c.status.value}"', [
        _status_html(c), e(c.text), e(c.owner or "—"), SIDE_FR[c.side], _d(c.due_date), _short_id(c.source),
        _short_id(c.done_in), "".join(_quote_html(q) for q in c.evidence),
    ]) for c in account.commitments]
    risks = [(f' data-seen="{len(r.seen_in)}"', [
        e(r.text), CATEGORY_FR[r.category], SEVERITY_FR[r.severity], e(r.mitigation or "—"),
        ", ".join(map(_short_id, r.seen_in)), "".join(_quote_html(q) for q in r.evidence),
    ]) for r in account.risks]
    decisions = "".join(f"<li><strong>{_d(d.date)}</strong> — {e(d.text)}{_quote_html(d.evidence[0])}</li>"
                        for d in account.decisions) or "<li>Aucune décision.</li>"
    chart = score_chart(account)
    title = f"Plan de compte — {e(account.client)}"
    parts = [
        "<!doctype html>", '<html lang="fr"><head><meta charset="utf-8">', f"<title>{title}</title>",
        f"<style>{_ACCOUNT_CSS}</style></head><body>",
        f'<h1 id="account-client">{title}</h1>',
        f'<p id="account-headline">Au {_d(account.as_of)}. {e(headline(account))}</p>',
        f'<p id="next-step"><strong>Prochaine étape datée :</strong> {e(next_step_line(account))}</p>',
        '<div class="charts">',
        f'<figure id="score-chart"><figcaption>Note par appel</figcaption>{chart}</figure>',
        f'<figure id="status-chart"><figcaption>Engagements par statut</figcaption>{svg_status_bars(account)}</figure>',
        "</div>",
        "<h2>Appels</h2>", _cell_table("calls", ["Date", "Type", "Sujet", "Note", "Règle d'or", "Validation client"], calls),
        "<h2>Interlocuteurs</h2>", _cell_table(
            "stakeholders", ["Nom", "Organisation", "Côté", "Rôle", "Rôle décisionnel", "Position", "Appels", "Vu"], people),
        "<h2>Engagements</h2>", _cell_table(
            "commitments", ["Statut", "Quoi", "Responsable", "Côté", "Échéance", "Promis le", "Clos le", "Preuves"], ledger),
        "<h2>Risques</h2>", _cell_table("risks", ["Risque", "Catégorie", "Gravité", "Levée", "Vu le", "Preuves"], risks),
        f'<h2>Décisions</h2><ol id="decisions" class="timeline">{decisions}</ol>',
    ]
    if account.skipped:
        parts.append("<h2>Non pris en compte</h2><ul>" + "".join(f"<li>{e(s)}</li>" for s in account.skipped) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


# --------------------------------------------------------------------------- Word


def render_docx(account: Account) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(f"Plan de compte — {account.client}", level=0)
    doc.add_paragraph(f"Au {_d(account.as_of)}. {headline(account)}")
    doc.add_paragraph(f"Prochaine étape datée : {next_step_line(account)}")

    def table(title: str, header: list[str], rows: list[list[str]]) -> None:
        doc.add_heading(title, level=1)
        if not rows:
            doc.add_paragraph("—")
            return
        t = doc.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            for cell, text in zip(t.add_row().cells, row, strict=True):
                cell.text = text

    table("Appels", ["Date", "Type", "Note", "Règle d'or", "Validation"], [
        [_d(c.date), TYPE_FR[c.type], f"{c.score:g}/10", "oui" if c.golden_rule else "non", _validation(c.validation)]
        for c in account.calls])
    table("Interlocuteurs", ["Nom", "Organisation", "Côté", "Rôle", "Vu"], [
        [s.name, s.organization or "—", SIDE_FR[s.side], s.role or "—",
         f"{_d(s.first_seen)} → {_d(s.last_seen)}" if s.first_seen else "jamais rencontré"]
        for s in account.stakeholders])
    table("Engagements", ["Statut", "Quoi", "Responsable", "Échéance", "Preuves"], [
        [STATUS_FR[c.status], c.text, c.owner or "—", _d(c.due_date), "\n".join(_quote_md(q) for q in c.evidence)]
        for c in account.commitments])
    table("Risques", ["Risque", "Catégorie", "Gravité", "Vu le"], [
        [r.text, CATEGORY_FR[r.category], SEVERITY_FR[r.severity], ", ".join(map(_short_id, r.seen_in))]
        for r in account.risks])
    doc.add_heading("Décisions", level=1)
    for d in account.decisions:
        doc.add_paragraph(f"{_d(d.date)} — {d.text}", style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_json(account: Account) -> str:
    return account.model_dump_json(indent=2) + "\n"


def write_account(account: Account, out_dir: Path) -> list[Path]:
    """Render all four files first, then write each atomically: a failure writes nothing."""
    files = {
        "account.json": render_json(account).encode(),
        "account.md": render_markdown(account).encode(),
        "account.html": render_html(account).encode(),
        "account.docx": render_docx(account),
    }
    written = []
    for name, data in files.items():
        atomic_write_bytes(out_dir / name, data)
        written.append(out_dir / name)
    return written
