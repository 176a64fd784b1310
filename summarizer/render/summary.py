"""Team summary of a batch (pilotage commercial): per file, per rep, per client, open commitments.

Pure functions from CRCs + score reports to ``summary.csv``, ``summary.md`` and
``summary.html`` (inline SVG charts, no plotting dependency). "Today" is a
parameter so overdue commitments are reproducible. Each CRC has one rep
(``ingest.metadata.rep_of``), « commercial non identifié » when none is known.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, ValidationError

from summarizer.crc import CRC, Side, is_validated
from summarizer.files import atomic_write_text, safe_cell
from summarizer.ingest.metadata import rep_of
from summarizer.lang import get_lang
from summarizer.score import TARGET, ScoreReport, score_crc

if TYPE_CHECKING:
    from summarizer.lang.strings import SummaryStrings

#: the group a CRC without a known rep or client falls in (a key of the summary's data, so one language)
UNKNOWN_REP = get_lang("fr").strings.summary.unknown_rep
UNKNOWN_CLIENT = get_lang("fr").strings.summary.unknown_client


class FileEntry(BaseModel):
    """One input of the batch as the summary sees it (a CRC when it succeeded)."""

    rel_path: str
    status: str
    reason: str | None = None
    meeting_date_source: str | None = None
    crc: CRC | None = None
    report: ScoreReport | None = None


class Commitment(BaseModel):
    due_date: dt.date
    kind: str  # "next_step" | "deliverable"
    what: str
    owner: str | None = None
    side: str = "unknown"
    client: str
    rel_path: str
    overdue_days: int = 0


class GroupStats(BaseModel):
    name: str
    crcs: int
    average_score: float
    share_target: float  # share of CRCs scoring >= 8/10
    share_dated_both_sides: float  # dated next step with owners on both sides
    share_golden_rule: float
    open_commitments: int
    overdue_commitments: int
    share_validated: float = 0.0  # share of CRCs whose current version the client answered VALIDÉ


class TeamSummary(BaseModel):
    today: dt.date
    files: list[FileEntry]
    reps: list[GroupStats] = Field(default_factory=list)
    clients: list[GroupStats] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    undated_commitments: int = 0

    @property
    def succeeded(self) -> list[FileEntry]:
        return [f for f in self.files if f.crc is not None and f.report is not None]

    @property
    def failed(self) -> list[FileEntry]:
        return [f for f in self.files if f.status == "failed"]


def load_entry(rel_path: str, status: str, reason: str | None, outputs: Iterable[str], out_dir: Path,
               meeting_date_source: str | None = None) -> FileEntry:
    """Read a file's CRC back from OUT_DIR; the score is recomputed if its file is missing."""
    entry = FileEntry(rel_path=rel_path, status=status, reason=reason, meeting_date_source=meeting_date_source)
    if status == "failed":
        return entry
    crc_file = next((out_dir / o for o in outputs if o.endswith(".crc.json")), None)
    if crc_file is None or not crc_file.is_file():
        return entry.model_copy(update={"status": "failed", "reason": "CRC absent du dossier de sortie."})
    try:
        crc = CRC.model_validate_json(crc_file.read_bytes())
    except (ValidationError, OSError) as exc:
        return entry.model_copy(update={"status": "failed", "reason": f"CRC illisible ({type(exc).__name__})."})
    report: ScoreReport | None = None
    score_file = crc_file.with_name(crc_file.name[: -len(".crc.json")] + ".score.json")
    if score_file.is_file():
        try:
            report = ScoreReport.model_validate_json(score_file.read_bytes())
        except (ValidationError, OSError):
            report = None
    return entry.model_copy(update={"crc": crc, "report": report or score_crc(crc)})


def client_of(crc: CRC) -> str:
    """The meeting's client, else the organization of a client-side participant."""
    if crc.meeting.client:
        return crc.meeting.client
    orgs = [p.organization for p in crc.participants if p.side == Side.client and p.organization]
    return orgs[0] if orgs else UNKNOWN_CLIENT


def dated_both_sides(report: ScoreReport) -> bool:
    """The rubric's criterion 4 at full marks: a dated next step, owners on the client and vendor sides."""
    return any(c.key == "next_step" and c.points >= c.max for c in report.criteria)


def missing_criteria(report: ScoreReport) -> list[str]:
    return [c.label for c in report.criteria if c.points < c.max]


def commitments_of(entry: FileEntry, today: dt.date) -> tuple[list[Commitment], int]:
    """Dated next steps and deliverables (and how many have no date)."""
    crc = entry.crc
    assert crc is not None
    client = client_of(crc)
    items: list[tuple[str, str, str | None, Side, dt.date | None]] = [
        ("next_step", s.action, s.owner, s.side, s.due_date) for s in crc.next_steps
    ] + [("deliverable", d.what, d.issuer, d.side, d.due_date) for d in crc.deliverables]
    dated, undated = [], 0
    for kind, what, owner, side, due in items:
        if due is None:
            undated += 1
            continue
        p = crc.participant(owner)
        if p is not None and p.side != Side.unknown:
            side = p.side
        dated.append(Commitment(
            due_date=due, kind=kind, what=what, owner=owner, side=side.value, client=client,
            rel_path=entry.rel_path, overdue_days=max(0, (today - due).days),
        ))
    return dated, undated


def _stats(name: str, entries: list[FileEntry], commitments: list[Commitment]) -> GroupStats:
    reports = [e.report for e in entries if e.report is not None]
    n = len(reports) or 1
    validated = sum(e.crc is not None and e.report is not None and is_validated(e.crc) for e in entries)
    return GroupStats(
        name=name, crcs=len(reports),
        average_score=round(sum(r.total for r in reports) / n, 2),
        share_target=round(sum(r.total >= TARGET for r in reports) / n, 3),
        share_dated_both_sides=round(sum(dated_both_sides(r) for r in reports) / n, 3),
        share_golden_rule=round(sum(r.golden_rule.ok for r in reports) / n, 3),
        open_commitments=len(commitments),
        overdue_commitments=sum(c.overdue_days > 0 for c in commitments),
        share_validated=round(validated / n, 3),
    )


def build_summary(files: list[FileEntry], today: dt.date) -> TeamSummary:
    summary = TeamSummary(today=today, files=sorted(files, key=lambda f: f.rel_path))
    by_rep: dict[str, list[FileEntry]] = defaultdict(list)
    by_client: dict[str, list[FileEntry]] = defaultdict(list)
    commitments_by_file: dict[str, list[Commitment]] = {}
    for entry in summary.succeeded:
        assert entry.crc is not None
        by_rep[rep_of(entry.crc) or UNKNOWN_REP].append(entry)
        by_client[client_of(entry.crc)].append(entry)
        dated, undated = commitments_of(entry, today)
        commitments_by_file[entry.rel_path] = dated
        summary.commitments.extend(dated)
        summary.undated_commitments += undated

    def group(groups: dict[str, list[FileEntry]]) -> list[GroupStats]:
        stats = [
            _stats(name, entries, [c for e in entries for c in commitments_by_file.get(e.rel_path, [])])
            for name, entries in groups.items()
        ]
        return sorted(stats, key=lambda s: (-s.average_score, s.name.lower()))

    summary.reps = group(by_rep)
    summary.clients = group(by_client)
    # overdue first (most overdue on top), then upcoming by due date
    summary.commitments.sort(key=lambda c: (c.overdue_days == 0, -c.overdue_days, c.due_date, c.client, c.what))
    return summary


# --------------------------------------------------------------------------- CSV

CSV_COLUMNS = [
    "file", "status", "reason", "crc_id", "meeting_date", "meeting_date_source", "client", "reps", "score",
    "meets_target", "golden_rule", "dated_next_step_both_sides", "facts", "decisions", "risks", "next_steps",
    "deliverables", "participants", "missing_criteria", "backend", "client_validation",
]


def render_csv(summary: TeamSummary) -> str:
    """One row per file; English snake_case headers like the JSON contract. UTF-8 with BOM for Excel; a cell that
    would be a formula (a client named ``=HYPERLINK(…)``) starts with ``'``, as in the CRM files."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for f in summary.files:
        row: dict[str, object] = {"file": f.rel_path, "status": f.status, "reason": f.reason or ""}
        if f.crc is not None and f.report is not None:
            crc, rep = f.crc, f.report
            row.update(
                crc_id=crc.id, meeting_date=crc.meeting.date.isoformat(),
                meeting_date_source=crc.metadata.meeting_date_source or f.meeting_date_source or "",
                client=client_of(crc) if client_of(crc) != UNKNOWN_CLIENT else "", reps=rep_of(crc) or UNKNOWN_REP, score=f"{rep.total:g}",
                meets_target=int(rep.meets_target), golden_rule=int(rep.golden_rule.ok),
                dated_next_step_both_sides=int(dated_both_sides(rep)), facts=len(crc.facts),
                decisions=len(crc.decisions), risks=len(crc.risks), next_steps=len(crc.next_steps),
                deliverables=len(crc.deliverables), participants=len(crc.participants),
                missing_criteria="; ".join(missing_criteria(rep)), backend=crc.metadata.backend,
                client_validation=_validation_state(crc),
            )
        writer.writerow({k: safe_cell(v) if isinstance(v, str) else v for k, v in row.items()})  # OWASP CSV injection
    return "\ufeff" + buf.getvalue()


def _validation_state(crc: CRC) -> str:
    """validated / changes_requested for the current version; requested when no answer applies to it."""
    v = crc.validation
    if v is None or v.version != crc.version:
        return "requested"
    return "validated" if is_validated(crc) else v.status.value


# --------------------------------------------------------------------------- Markdown


def _pct(x: float) -> str:
    return f"{round(x * 100):d} %"


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _group_headers(txt: SummaryStrings) -> list[str]:
    """The columns of a per-rep or per-client table after its first (the rep or the client)."""
    return [txt.crcs, txt.average, "≥ 8/10", txt.dated_both_sides, txt.golden_rule, txt.validated, txt.commitments,
            txt.overdue]


def _group_table_md(title: str, label: str, groups: list[GroupStats], txt: SummaryStrings) -> list[str]:
    lines = [f"## {title}", ""]
    if not groups:
        return [*lines, f"_{txt.no_crc}_", ""]
    lines += [
        "| " + " | ".join([label, *_group_headers(txt)]) + " |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for g in groups:
        lines.append(
            f"| {_md(g.name)} | {g.crcs} | {g.average_score:.1f} | {_pct(g.share_target)} | "
            f"{_pct(g.share_dated_both_sides)} | {_pct(g.share_golden_rule)} | {_pct(g.share_validated)} | "
            f"{g.open_commitments} | {g.overdue_commitments} |"
        )
    return [*lines, ""]


def render_markdown(summary: TeamSummary, lang: str = "fr") -> str:
    txt = get_lang(lang).strings.summary
    ok = summary.succeeded
    avg = sum(f.report.total for f in ok if f.report) / len(ok) if ok else 0.0
    met = sum(f.report.meets_target for f in ok if f.report)
    lines = [
        "# " + txt.title.format(date=f"{summary.today:%d/%m/%Y}"),
        "",
        txt.overview.format(files=len(summary.files), crcs=len(ok), failed=len(summary.failed), average=f"{avg:.1f}")
        + txt.overview_target.format(met=met, target=f"{TARGET:g}") + ".",
        "",
        f"## {txt.by_file}",
        "",
        "| " + " | ".join([txt.file, txt.client, txt.date_source, txt.score, txt.golden_rule, txt.facts, txt.decisions,
                          txt.risks, txt.next_steps, txt.deliverables, txt.missing]) + " |",
        "|---|---|---|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for f in summary.files:
        if f.crc is None or f.report is None:
            continue
        crc, rep = f.crc, f.report
        lines.append(
            f"| {_md(f.rel_path)} | {_md(client_of(crc))} | {crc.meeting.date:%d/%m/%Y} "
            f"({_md(crc.metadata.meeting_date_source or f.meeting_date_source or '?')}) | {rep.total:g} | "
            f"{txt.yes if rep.golden_rule.ok else txt.no} | {len(crc.facts)} | {len(crc.decisions)} | {len(crc.risks)} | "
            f"{len(crc.next_steps)} | {len(crc.deliverables)} | {_md(', '.join(missing_criteria(rep)) or '—')} |"
        )
    lines.append("")
    lines += _group_table_md(txt.by_rep, txt.rep, summary.reps, txt)
    lines += _group_table_md(txt.by_client, txt.client, summary.clients, txt)
    lines += [f"## {txt.open_commitments}", ""]
    if summary.commitments:
        lines += ["| " + " | ".join(_commitment_headers(txt)) + " |", "|---|---:|---|---|---|---|---|"]
        for c in summary.commitments:
            late = txt.late_days.format(days=c.overdue_days) if c.overdue_days else "—"
            lines.append(
                f"| {c.due_date:%d/%m/%Y} | {late} | {_md(c.what)} | {_md(c.owner or '—')} | {_side(c.side, txt)} | "
                f"{_md(c.client)} | {_md(c.rel_path)} |"
            )
    else:
        lines.append(f"_{txt.no_commitment}_")
    if summary.undated_commitments:
        lines += ["", txt.undated.format(n=summary.undated_commitments)]
    lines.append("")
    if summary.failed:
        lines += [f"## {txt.failures}", ""]
        lines += ["- " + txt.failure.format(file=f.rel_path, reason=f.reason or txt.unknown_reason) for f in summary.failed]
        lines.append("")
    return "\n".join(lines)


def _commitment_headers(txt: SummaryStrings) -> list[str]:
    return [txt.due, txt.late, txt.what, txt.owner, txt.side, txt.client, txt.file]


def _side(side: str, txt: SummaryStrings) -> str:
    return {"client": txt.side_client, "vendor": txt.side_vendor}.get(side, txt.side_unknown)


# --------------------------------------------------------------------------- HTML + SVG


def svg_histogram(scores: list[float], target: float = TARGET, width: int = 480, height: int = 200, *,
                  lang: str = "fr") -> str:
    """Scores 0-10 in 10 bins ([9, 10] closed), with the target as a dashed line."""
    txt = get_lang(lang).strings.summary
    bins = [0] * 10
    for s in scores:
        bins[min(9, max(0, int(s)))] += 1
    top = max(bins) or 1
    pad, bw = 30, (width - 40) / 10
    plot_h = height - 2 * pad
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{html.escape(txt.chart_scores)}">']
    for i, count in enumerate(bins):
        h = plot_h * count / top
        x = 30 + i * bw
        color = "#2e7d32" if i >= target else "#90a4ae"
        parts.append(f'<rect x="{x + 2:.1f}" y="{pad + plot_h - h:.1f}" width="{bw - 4:.1f}" height="{h:.1f}" fill="{color}">'
                     f"<title>{txt.chart_value.format(name=f'{i}–{i + 1}', value=count)}</title></rect>")
        if count:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{pad + plot_h - h - 4:.1f}" font-size="11" text-anchor="middle">{count}</text>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{height - 10}" font-size="11" text-anchor="middle">{i}</text>')
    tx = 30 + target * bw
    parts.append(f'<line x1="{tx:.1f}" y1="{pad - 10}" x2="{tx:.1f}" y2="{pad + plot_h}" stroke="#c62828" stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{tx + 4:.1f}" y="{pad - 12}" font-size="11" fill="#c62828">'
                 f'{txt.chart_target.format(target=f"{target:g}")}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_hbars(items: list[tuple[str, float]], maximum: float = 10.0, target: float | None = TARGET,
              width: int = 560, label: str = "", *, lang: str = "fr") -> str:
    """Horizontal bars (one per rep or client), value printed at the end, optional target line."""
    txt = get_lang(lang).strings.summary
    row, left, right = 24, 190, 50
    height = max(1, len(items)) * row + 30
    span = width - left - right
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{html.escape(label)}">']
    for i, (name, value) in enumerate(items):
        y = 10 + i * row
        w = span * max(0.0, min(value, maximum)) / maximum
        color = "#2e7d32" if target is not None and value >= target else "#1565c0"
        short = name if len(name) <= 28 else name[:27] + "…"
        parts.append(f'<text x="{left - 6}" y="{y + 15}" font-size="12" text-anchor="end">{html.escape(short)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{color}"><title>'
                     f"{txt.chart_value.format(name=html.escape(name), value=f'{value:.1f}')}</title></rect>")
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + 15}" font-size="11">{value:.1f}</text>')
    if target is not None:
        tx = left + span * target / maximum
        parts.append(f'<line x1="{tx:.1f}" y1="4" x2="{tx:.1f}" y2="{height - 18}" stroke="#c62828" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{tx:.1f}" y="{height - 4}" font-size="11" fill="#c62828" text-anchor="middle">{target:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


_CSS = """body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left}
th{background:#f5f5f5}td.n{text-align:right}.late{color:#c62828;font-weight:600}.ko{color:#c62828}.ok{color:#2e7d32}
.charts{display:flex;flex-wrap:wrap;gap:2rem}figure{margin:0}figcaption{font-weight:600;margin-bottom:.3rem}"""


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _group_rows(groups: list[GroupStats]) -> list[list[str]]:
    return [[html.escape(g.name), str(g.crcs), f"{g.average_score:.1f}", _pct(g.share_target),
             _pct(g.share_dated_both_sides), _pct(g.share_golden_rule), _pct(g.share_validated),
             str(g.open_commitments), str(g.overdue_commitments)] for g in groups]


def render_html(summary: TeamSummary, lang: str = "fr") -> str:
    e = html.escape
    txt = get_lang(lang).strings.summary
    ok = summary.succeeded
    scores = [f.report.total for f in ok if f.report]
    group_headers = _group_headers(txt)
    file_rows = []
    for f in summary.files:
        if f.crc is None or f.report is None:
            continue
        crc, rep = f.crc, f.report
        cls = "ok" if rep.meets_target else "ko"
        file_rows.append([
            e(f.rel_path), e(client_of(crc)),
            f"{crc.meeting.date:%d/%m/%Y} ({e(crc.metadata.meeting_date_source or f.meeting_date_source or '?')})",
            f'<span class="{cls}">{rep.total:g}</span>', txt.yes if rep.golden_rule.ok else f'<span class="ko">{txt.no}</span>',
            str(len(crc.facts)), str(len(crc.decisions)), str(len(crc.next_steps)), str(len(crc.deliverables)),
            e(", ".join(missing_criteria(rep)) or "—"),
        ])
    commit_rows = [[
        f"{c.due_date:%d/%m/%Y}",
        f'<span class="late">{txt.late_days.format(days=c.overdue_days)}</span>' if c.overdue_days else "—",
        e(c.what), e(c.owner or "—"), _side(c.side, txt), e(c.client), e(c.rel_path),
    ] for c in summary.commitments]
    title = txt.title.format(date=f"{summary.today:%d/%m/%Y}")
    average = f"{sum(scores) / len(scores) if scores else 0:.1f}"
    numeric = {1, 2, 3, 4, 5, 6, 7, 8}
    parts = [
        "<!doctype html>", f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        "<p>" + txt.overview.format(files=len(summary.files), crcs=len(ok), failed=len(summary.failed), average=average)
        + ".</p>",
        '<div class="charts">',
        f"<figure><figcaption>{txt.chart_scores}</figcaption>{svg_histogram(scores, lang=lang)}</figure>",
        f"<figure><figcaption>{txt.chart_reps}</figcaption>"
        f"{svg_hbars([(g.name, g.average_score) for g in summary.reps], label=txt.chart_reps, lang=lang)}</figure>",
        f"<figure><figcaption>{txt.chart_clients}</figcaption>"
        f"{svg_hbars([(g.name, g.average_score) for g in summary.clients], label=txt.chart_clients, lang=lang)}</figure>",
        "</div>",
        f"<h2>{txt.by_rep}</h2>", _table([txt.rep, *group_headers], _group_rows(summary.reps), numeric),
        f"<h2>{txt.by_client}</h2>", _table([txt.client, *group_headers], _group_rows(summary.clients), numeric),
        f"<h2>{txt.open_commitments}</h2>",
        _table(_commitment_headers(txt), commit_rows, {1}) if commit_rows else f"<p><em>{txt.no_commitment}</em></p>",
    ]
    if summary.undated_commitments:
        parts.append(f"<p>{txt.undated.format(n=summary.undated_commitments)}</p>")
    parts += [
        f"<h2>{txt.by_file}</h2>",
        _table([txt.file, txt.client, txt.date_source, txt.score, txt.golden_rule, txt.facts, txt.decisions,
                txt.next_steps, txt.deliverables, txt.missing], file_rows, {3, 5, 6, 7, 8}),
    ]
    if summary.failed:
        parts.append(f"<h2>{txt.failures}</h2><ul>")
        parts += ["<li>" + txt.failure_html.format(file=e(f.rel_path), reason=e(f.reason or txt.unknown_reason)) + "</li>"
                  for f in summary.failed]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_summary(summary: TeamSummary, out_dir: Path, lang: str = "fr") -> list[Path]:
    """``summary.csv``, ``summary.md``, ``summary.html`` in OUT_DIR, each written atomically."""
    files = {
        out_dir / "summary.csv": render_csv(summary),
        out_dir / "summary.md": render_markdown(summary, lang),
        out_dir / "summary.html": render_html(summary, lang),
    }
    for path, text in files.items():
        atomic_write_text(path, text)
    return list(files)


__all__ = [
    "Commitment",
    "FileEntry",
    "GroupStats",
    "TeamSummary",
    "build_summary",
    "load_entry",
    "render_csv",
    "render_html",
    "render_markdown",
    "write_summary",
]
