"""The account plan rendered: ``account.json``, ``account.md``, ``account.html`` (inline SVG, no
JavaScript, the style of ``summary.html``) and ``account.docx``; the HTML is also ``crc serve``'s page."""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.shared import Pt

from summarizer.crc import MeetingType, RiskCategory, Severity, Side
from summarizer.downstream.account import Account, AccountEvidence, CommitmentStatus, LedgerCommitment
from summarizer.files import atomic_write_bytes
from summarizer.lang import get_lang
from summarizer.render.summary import _CSS, svg_hbars
from summarizer.score import TARGET

if TYPE_CHECKING:
    from summarizer.lang.strings import AccountStrings, MeetingTypeNames

OUTPUT_NAMES = ("account.json", "account.md", "account.html", "account.docx")


class _Words:
    """The account plan's labels in one language, with the enum lookups its tables need."""

    def __init__(self, lang: str) -> None:
        strings = get_lang(lang).strings
        self.lang = lang
        self.a: AccountStrings = strings.account
        self.types: MeetingTypeNames = strings.meeting_types_short

    def status(self, value: CommitmentStatus) -> str:
        return {CommitmentStatus.done: self.a.status_done, CommitmentStatus.overdue: self.a.status_overdue,
                CommitmentStatus.open: self.a.status_open, CommitmentStatus.dropped: self.a.status_dropped}[value]

    def side(self, value: Side) -> str:
        return {Side.client: self.a.side_client, Side.vendor: self.a.side_vendor, Side.unknown: self.a.side_unknown}[value]

    def type(self, value: MeetingType) -> str:
        return self.types.of(value)

    def category(self, value: RiskCategory) -> str:
        a = self.a
        return {RiskCategory.budget: a.category_budget, RiskCategory.legal: a.category_legal,
                RiskCategory.it_security: a.category_it_security, RiskCategory.planning: a.category_planning,
                RiskCategory.competition: a.category_competition, RiskCategory.other: a.category_other}[value]

    def severity(self, value: Severity) -> str:
        return {Severity.low: self.a.severity_low, Severity.medium: self.a.severity_medium,
                Severity.high: self.a.severity_high}[value]

    def validation(self, value: str | None) -> str:
        """The client's answer to the call's current version, or "en attente"."""
        if not value:
            return self.a.validation_pending
        return {"validated": self.a.validated, "changes_requested": self.a.changes_requested}.get(value, value)


def _d(day: object) -> str:
    return f"{day:%d/%m/%Y}" if day is not None else "—"


def _short_id(crc_id: str | None) -> str:
    """``CRC-2026-11-18-TransportsFerrand-v1.0`` -> ``18/11/2026``: calls are known by their date."""
    if not crc_id:
        return "—"
    parts = crc_id.split("-")
    return f"{parts[3]}/{parts[2]}/{parts[1]}" if len(parts) > 4 else crc_id


def _quote_md(ev: AccountEvidence, lang: str = "fr") -> str:
    who = f"{ev.speaker}, " if ev.speaker else ""
    return f"{get_lang(lang).quote(ev.quote)} ({who}{_short_id(ev.crc_id)})"


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def headline(account: Account, lang: str = "fr") -> str:
    counts = account.counts()
    return get_lang(lang).strings.account.headline.format(
        calls=len(account.calls), stakeholders=len(account.stakeholders), commitments=len(account.commitments),
        done=counts["done"], overdue=counts["overdue"], open=counts["open"], risks=len(account.risks))


def next_step_line(account: Account, lang: str = "fr") -> str:
    w = _Words(lang)
    n = account.next_step
    if n is None:
        return w.a.next_step_none
    return f"{_d(n.due_date)} — {n.text} ({n.owner or w.a.no_owner}, {w.side(n.side)})"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


# --------------------------------------------------------------------------- Markdown


def render_markdown(account: Account, lang: str = "fr") -> str:
    w = _Words(lang)
    a = w.a
    colon = get_lang(lang).strings.common.colon
    lines = [f"# {a.title.format(client=account.client)}", "",
             f"{a.as_of.format(date=_d(account.as_of))} {headline(account, lang)}", "",
             f"**{a.next_step}{colon}** {_md(next_step_line(account, lang))}", "", f"## {a.calls}", "",
             _row([a.date, a.type, a.subject, a.score, a.golden_rule, a.client_validation]), "|---|---|---|---:|---|---|"]
    for c in account.calls:
        lines.append(f"| {_d(c.date)} | {w.type(c.type)} | {_md(c.subject)} | {c.score:g}/10 | "
                     f"{a.yes if c.golden_rule else a.no} | {w.validation(c.validation)} |")
    lines += ["", f"## {a.stakeholders}", "",
              _row([a.name, a.organization, a.side, a.role, a.decision_role, a.stance, a.calls, a.seen_on]),
              "|---|---|---|---|---|---|---:|---|"]
    for s in account.stakeholders:
        seen = (f"{_d(s.first_seen)} → {_d(s.last_seen)}" if s.first_seen
                else a.never_met_named.format(calls=", ".join(map(_short_id, s.named_in))))
        flag = "".join(f" ⚠ {c}" for c in s.conflicts)  # shown, not silently settled
        lines.append(f"| {_md(s.name + flag)} | {_md(s.organization or '—')} | {w.side(s.side)} | {_md(s.role or '—')} | "
                     f"{_md(s.decision_role or '—')} | {_md(s.stance or '—')} | {len(s.calls)} | {seen} |")
    lines += ["", f"## {a.commitments}", "",
              _row([a.status, a.what, a.owner, a.side, a.due, a.promised, a.closed, a.evidence]),
              "|---|---|---|---|---|---|---|---|"]
    for k in account.commitments:
        proofs = " ; ".join(_quote_md(e, lang) for e in k.evidence)
        lines.append(f"| {w.status(k.status)} | {_md(k.text)} | {_md(k.owner or '—')} | {w.side(k.side)} | "
                     f"{_d(k.due_date)} | {_short_id(k.source)} | {_short_id(k.done_in)} | {_md(proofs)} |")
    lines += ["", f"## {a.risks}", "", _row([a.risk, a.category, a.severity, a.mitigation, a.seen_on]), "|---|---|---|---|---|"]
    for r in account.risks:
        lines.append(f"| {_md(r.text)} | {w.category(r.category)} | {w.severity(r.severity)} | {_md(r.mitigation or '—')} | "
                     f"{', '.join(map(_short_id, r.seen_in))} |")
    lines += ["", f"## {a.decisions}", ""]
    lines += ([f"- {_d(d.date)} — {d.text}{colon} {_quote_md(d.evidence[0], lang)}" for d in account.decisions]
              or [f"_{a.no_decision}_"])
    if account.skipped:
        lines += ["", f"## {a.skipped}", "", *(f"- {s}" for s in account.skipped)]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- HTML

_ACCOUNT_CSS = _CSS + """
.st-done{color:#2e7d32;font-weight:600}.st-dropped{color:#777;font-weight:600}.conflict{font-size:.8rem}.st-overdue{color:#c62828;font-weight:600}.st-open{color:#1565c0;font-weight:600}
blockquote{margin:.2rem 0;padding-left:.5rem;border-left:3px solid #ccc;font-size:.85rem;color:#444}
.muted{color:#777}ol.timeline{padding-left:1.2rem}"""


def _cell_table(table_id: str, headers: list[str], rows: list[tuple[str, list[str]]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(f"<tr{attrs}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>" for attrs, cells in rows)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _quote_html(ev: AccountEvidence, lang: str = "fr") -> str:
    who = f"{html.escape(ev.speaker)}, " if ev.speaker else ""
    return (f'<blockquote class="evidence" data-crc="{html.escape(ev.crc_id)}">'
            f'{get_lang(lang).quote(html.escape(ev.quote))} '
            f'<span class="muted">({who}{_short_id(ev.crc_id)})</span></blockquote>')


def _status_html(c: LedgerCommitment, w: _Words) -> str:
    return f'<span class="st-{c.status.value}">{w.status(c.status)}</span>'


def svg_status_bars(account: Account, lang: str = "fr") -> str:
    a = get_lang(lang).strings.account
    counts = account.counts()
    items = [(a.status_done, float(counts["done"])), (a.status_overdue, float(counts["overdue"])),
             (a.status_open, float(counts["open"]))]
    return svg_hbars(items, maximum=max(1.0, *(v for _, v in items)), target=None, label=a.chart_status, lang=lang)


def score_chart(account: Account, lang: str = "fr") -> str:
    """One bar per call (date and type), the rubric target as a dashed line."""
    w = _Words(lang)
    return svg_hbars([(f"{_d(c.date)} {w.type(c.type)}", c.score) for c in account.calls],
                     target=TARGET, label=w.a.chart_scores, lang=lang)


def _html_tables(account: Account, w: _Words) -> list[str]:
    """The calls, stakeholders, commitments and risks tables (ids and data attributes the page's tests read)."""
    e, a, lang = html.escape, w.a, w.lang
    calls = [(f' data-crc="{e(c.crc_id)}"', [
        _d(c.date), w.type(c.type), e(c.subject), f'<span class="{"ok" if c.meets_target else "ko"}">{c.score:g}/10</span>',
        a.yes if c.golden_rule else f'<span class="ko">{a.no}</span>', e(w.validation(c.validation)),
    ]) for c in account.calls]
    people = [(f' data-met="{"yes" if s.first_seen else "no"}"', [
        e(s.name) + "".join(f'<div class="ko conflict">{e(c)}</div>' for c in s.conflicts),
        e(s.organization or "—"), w.side(s.side), e(s.role or "—"), e(s.decision_role or "—"),
        e(s.stance or "—"), str(len(s.calls)),
        f"{_d(s.first_seen)} → {_d(s.last_seen)}" if s.first_seen
        else a.never_met + "".join(_quote_html(q, lang) for q in s.evidence),
    ]) for s in account.stakeholders]
    ledger = [(f' data-status="{c.status.value}"', [
        _status_html(c, w), e(c.text), e(c.owner or "—"), w.side(c.side), _d(c.due_date), _short_id(c.source),
        _short_id(c.done_in), "".join(_quote_html(q, lang) for q in c.evidence),
    ]) for c in account.commitments]
    risks = [(f' data-seen="{len(r.seen_in)}"', [
        e(r.text), w.category(r.category), w.severity(r.severity), e(r.mitigation or "—"),
        ", ".join(map(_short_id, r.seen_in)), "".join(_quote_html(q, lang) for q in r.evidence),
    ]) for r in account.risks]
    return [
        f"<h2>{a.calls}</h2>",
        _cell_table("calls", [a.date, a.type, a.subject, a.score, a.golden_rule, a.client_validation], calls),
        f"<h2>{a.stakeholders}</h2>", _cell_table(
            "stakeholders", [a.name, a.organization, a.side, a.role, a.decision_role, a.stance, a.calls, a.seen], people),
        f"<h2>{a.commitments}</h2>", _cell_table(
            "commitments", [a.status, a.what, a.owner, a.side, a.due, a.promised, a.closed, a.evidence], ledger),
        f"<h2>{a.risks}</h2>",
        _cell_table("risks", [a.risk, a.category, a.severity, a.mitigation, a.seen_on, a.evidence], risks),
    ]


def render_html(account: Account, lang: str = "fr") -> str:
    e = html.escape
    w = _Words(lang)
    a = w.a
    colon = get_lang(lang).strings.common.colon
    decisions = "".join(f"<li><strong>{_d(d.date)}</strong> — {e(d.text)}{_quote_html(d.evidence[0], lang)}</li>"
                        for d in account.decisions) or f"<li>{a.no_decision}</li>"
    chart = score_chart(account, lang)
    title = a.title.format(client=e(account.client))
    parts = [
        "<!doctype html>", f'<html lang="{lang}"><head><meta charset="utf-8">', f"<title>{title}</title>",
        f"<style>{_ACCOUNT_CSS}</style></head><body>",
        f'<h1 id="account-client">{title}</h1>',
        f'<p id="account-headline">{a.as_of.format(date=_d(account.as_of))} {e(headline(account, lang))}</p>',
        f'<p id="next-step"><strong>{a.next_step}{colon}</strong> {e(next_step_line(account, lang))}</p>',
        '<div class="charts">',
        f'<figure id="score-chart"><figcaption>{a.chart_scores}</figcaption>{chart}</figure>',
        f'<figure id="status-chart"><figcaption>{a.chart_status}</figcaption>{svg_status_bars(account, lang)}</figure>',
        "</div>",
        *_html_tables(account, w),
        f'<h2>{a.decisions}</h2><ol id="decisions" class="timeline">{decisions}</ol>',
    ]
    if account.skipped:
        parts.append(f"<h2>{a.skipped}</h2><ul>" + "".join(f"<li>{e(s)}</li>" for s in account.skipped) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


# --------------------------------------------------------------------------- Word


def render_docx(account: Account, lang: str = "fr") -> bytes:
    w = _Words(lang)
    a = w.a
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(a.title.format(client=account.client), level=0)
    doc.add_paragraph(f"{a.as_of.format(date=_d(account.as_of))} {headline(account, lang)}")
    doc.add_paragraph(f"{a.next_step}{get_lang(lang).strings.common.colon} {next_step_line(account, lang)}")

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

    table(a.calls, [a.date, a.type, a.score, a.golden_rule, a.validation], [
        [_d(c.date), w.type(c.type), f"{c.score:g}/10", a.yes if c.golden_rule else a.no, w.validation(c.validation)]
        for c in account.calls])
    table(a.stakeholders, [a.name, a.organization, a.side, a.role, a.seen], [
        [s.name, s.organization or "—", w.side(s.side), s.role or "—",
         f"{_d(s.first_seen)} → {_d(s.last_seen)}" if s.first_seen else a.never_met]
        for s in account.stakeholders])
    table(a.commitments, [a.status, a.what, a.owner, a.due, a.evidence], [
        [w.status(c.status), c.text, c.owner or "—", _d(c.due_date), "\n".join(_quote_md(q, lang) for q in c.evidence)]
        for c in account.commitments])
    table(a.risks, [a.risk, a.category, a.severity, a.seen_on], [
        [r.text, w.category(r.category), w.severity(r.severity), ", ".join(map(_short_id, r.seen_in))]
        for r in account.risks])
    doc.add_heading(a.decisions, level=1)
    for d in account.decisions:
        doc.add_paragraph(f"{_d(d.date)} — {d.text}", style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_json(account: Account) -> str:
    return account.model_dump_json(indent=2) + "\n"


def write_account(account: Account, out_dir: Path) -> list[Path]:
    """Render all four files first (in French, the renderers' default), then write each atomically:
    a failure writes nothing."""
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
