"""The eval report: one pydantic model, rendered as JSON, Markdown, self-contained HTML and a console table.

Worst cases come first and every miss or false positive is shown with the
transcript line that proves it, so a reviewer can judge a change without
opening the transcripts.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from summarizer import __version__
from summarizer.evaluation.accounts import AccountResult
from summarizer.evaluation.baseline import Comparison, trim_for_baseline
from summarizer.evaluation.metrics import METRICS, CaseResult, Finding, MetricSpec
from summarizer.files import atomic_write_text


class JudgeRow(BaseModel):
    """One rubric criterion rated by the LLM judge next to the deterministic rubric."""

    case: str
    backend: str
    criterion: str
    judge: float | None
    rubric: float
    max: float
    comment: str | None = None


class EvalReport(BaseModel):
    tool: str = f"crc eval {__version__}"
    created_at: dt.datetime
    cases_dir: str
    backends: list[str]
    overall: dict[str, dict[str, float | None]]
    cases: list[CaseResult]
    #: account golds (``*.account-gold.json``) scored per backend
    accounts: list[AccountResult] = Field(default_factory=list)
    comparison: Comparison | None = None
    judge: list[JudgeRow] = Field(default_factory=list)
    judge_overall: dict[str, dict[str, float | None]] = Field(default_factory=dict)
    judge_error: str | None = None
    #: the one split evaluated (``crc eval --split``), or None for the whole folder
    split: str | None = None
    #: overall figures per split ("tune", "measure") and backend, when the folder is split and no --split was given
    splits: dict[str, dict[str, dict[str, float | None]]] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)

    def columns(self) -> dict[str, dict[str, float | None]]:
        """The overview's columns: each backend, then each backend on each split ("rules@measure").

        These are also the keys the baseline gate compares, so a baseline gates every split it records.
        """
        if self.split is not None:
            return {f"{b}@{self.split}": self.overall[b] for b in self.backends}
        cols = dict(self.overall)
        for split, per_backend in self.splits.items():
            cols.update({f"{b}@{split}": m for b, m in per_backend.items()})
        return cols

    def worst_first(self) -> list[CaseResult]:
        """Errors, then the lowest mean F1."""
        return sorted(self.cases, key=lambda r: (r.error is None, r.quality, r.case, r.backend))


# --- formatting ------------------------------------------------------------------

KIND_LABELS = {
    "miss": "Manqué",
    "false_positive": "Faux positif",
    "wrong_owner": "Mauvais responsable",
    "wrong_due_date": "Mauvaise échéance",
    "wrong_side": "Mauvais côté",
    "trap": "Piège extrait",
    "ungrounded": "Citation non ancrée",
    "hallucinated_owner": "Responsable inventé",
    "meeting_type": "Type de réunion",
    "spoken": "Registre oral",
    "participant_side": "Côté du participant",
    "invented_word": "Mot inventé",
    "grammar": "Faute de grammaire",
    "adverbial_due_date": "Adverbe pris pour une échéance",
}


def fmt(spec: MetricSpec, value: float | None) -> str:
    if value is None:
        return "—"
    if spec.kind == "count":
        return f"{value:g}"
    if spec.kind == "seconds":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if spec.kind == "number":
        return f"{value:.2f}" if value < 100 else f"{value:.0f}"
    return f"{value:.3f}" if spec.kind == "ratio" else f"{value:.2f}"


def fmt_delta(spec: MetricSpec, delta: float | None) -> str:
    if delta is None or abs(delta) < 1e-9:
        return ""
    return f"{delta:+g}" if spec.kind == "count" else f"{delta:+.3f}"


def _about_columns(report: EvalReport) -> list[str]:
    """What the columns mean when the folder is split into tune and measure (``eval/splits.json``)."""
    if report.split is not None:
        return [f"découpage : cas « {report.split} » seulement (colonnes BACKEND@{report.split})."]
    if not report.splits:
        return []
    sizes = ", ".join(f"{s} {len({r.case for r in report.cases if r.split == s})}" for s in report.splits)
    return [f"découpage tune/measure ({sizes} cas) : BACKEND = tout le dossier, BACKEND@tune = les cas de mise au "
            "point, BACKEND@measure = les cas jamais utilisés pour la mise au point (le chiffre qui compte)."]


def _visible_specs(report: EvalReport) -> list[MetricSpec]:
    """Hide rows that no backend measured (e.g. WER without audio cases)."""
    return [s for s in METRICS if any(m.get(s.key) is not None for m in report.columns().values())]


def _cell(report: EvalReport, spec: MetricSpec, backend: str) -> tuple[str, str, bool]:
    value = fmt(spec, report.columns()[backend].get(spec.key))
    d = report.comparison.delta(backend, spec.key) if report.comparison else None
    return value, fmt_delta(spec, d.delta if d else None), bool(d and d.regression)


def _case_cells(r: CaseResult) -> list[str]:
    if r.error:
        return [r.case, r.backend, f"ERREUR : {r.error}", "", "", "", "", "", "", ""]
    f1 = [f"{r.prf[c].f1:.2f}" if c in r.prf else "—" for c in ("facts", "decisions", "risks", "commitments")]
    grounded = r.grounded.value
    return [
        r.case, r.backend, *f1, f"{r.traps_extracted}/{r.traps_total}",
        "—" if grounded is None else f"{grounded:.2f}",
        "—" if r.crc_score is None else f"{r.crc_score:g}" + ("" if r.gold_score is None else f" ({r.gold_score:g})"),
        "—" if r.seconds is None else f"{r.seconds:.3f}",
    ]


CASE_HEADERS = ["Cas", "Backend", "F1 faits", "F1 décisions", "F1 risques", "F1 engagements", "Pièges",
                "Ancrage", "Note (gold)", "Secondes"]


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# --- Markdown ---------------------------------------------------------------------


def to_markdown(report: EvalReport) -> str:
    out = [f"# Évaluation crc — {report.created_at:%Y-%m-%d %H:%M} UTC", ""]
    n_cases = len({r.case for r in report.cases})
    out.append(f"{n_cases} cas dans `{report.cases_dir}` ; backends : {', '.join(report.backends)} ; {report.tool}.")
    out.append("")
    out.extend(f"- {line}" for line in _about_columns(report))
    out.extend(f"- note : {n}" for n in report.notes)
    out.append("")
    out.append("## Vue d'ensemble")
    out.append("")
    cols = list(report.columns())
    out.append("| Métrique | " + " | ".join(cols) + " |")
    out.append("|---|" + "---:|" * len(cols))
    for spec in _visible_specs(report):
        cells = []
        for b in cols:
            value, delta, bad = _cell(report, spec, b)
            cell = value + (f" ({delta})" if delta else "")
            cells.append(f"**{cell} ⚠**" if bad else cell)
        out.append(f"| {spec.label} | " + " | ".join(cells) + " |")
    out.append("")
    cmp = report.comparison
    if cmp is not None:
        out.append(f"## Comparaison avec la baseline (`{cmp.baseline}`, tolérance {cmp.tolerance:g})")
        out.append("")
        if cmp.regressions:
            out.append("**Régressions :**")
            out.extend(f"- {r}" for r in cmp.regressions)
        else:
            out.append("Aucune régression au-delà de la tolérance.")
        out.extend(f"- note : {n}" for n in cmp.notes)
        out.append("")
    if report.judge_overall or report.judge_error:
        out.append("## Juge LLM")
        out.append("")
        if report.judge_error:
            out.append(f"Juge indisponible : {report.judge_error}")
        for b, m in report.judge_overall.items():
            parts = ", ".join(f"{k} = {'—' if v is None else f'{v:.2f}'}" for k, v in m.items())
            out.append(f"- {b} : {parts}")
        out.append("")
    out.extend(_accounts_markdown(report))
    out.append("## Par cas (les plus mauvais d'abord)")
    out.append("")
    out.append("| " + " | ".join(CASE_HEADERS) + " |")
    out.append("|" + "---|" * len(CASE_HEADERS))
    for r in report.worst_first():
        out.append("| " + " | ".join(_md_escape(c) for c in _case_cells(r)) + " |")
    out.append("")
    out.append("## Détail")
    for r in report.worst_first():
        if not r.findings and not r.error:
            continue
        out.append("")
        out.append(f"### {r.case} — {r.backend}")
        out.append("")
        if r.error:
            out.append(f"Erreur : {r.error}")
            continue
        for f in _ordered(r.findings):
            detail = f" — {f.detail}" if f.detail else ""
            out.append(f"- **{KIND_LABELS[f.kind]}** ({f.category}) : {_md_escape(f.text)}{_md_escape(detail)}")
            out.extend(f"  > {_md_escape(line)}" for line in f.lines)
    out.append("")
    return "\n".join(out)


def _account_line(a: AccountResult) -> str:
    if a.error:
        return f"{a.case} ({a.backend}) : ERREUR {a.error}"
    parts = [("engagements retrouvés", a.found), ("statut exact", a.status), ("« fait » à raison", a.done_precision),
             ("« fait » retrouvés", a.done_recall), ("du bon côté", a.sides),
             ("lignes promises", a.precision)]
    return f"{a.case} ({a.backend}) : " + ", ".join(f"{label} {r.correct}/{r.total}" for label, r in parts)


def _accounts_markdown(report: EvalReport) -> list[str]:
    if not report.accounts:
        return []
    out = ["## Comptes (gold de compte)", ""]
    for a in report.accounts:
        out.append(f"- {_md_escape(_account_line(a))}")
        out.extend(f"  - {_md_escape(m)}" for m in a.misses)
    out.append("")
    return out


def _ordered(findings: Iterable[Finding]) -> list[Finding]:
    order = list(KIND_LABELS)
    return sorted(findings, key=lambda f: (order.index(f.kind), f.category))


# --- HTML -------------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#1b1f24;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.bad{background:#ffebe9;font-weight:600}.err{color:#cf222e}.delta{color:#57606a;font-size:.85em}
.up{color:#1a7f37}.down{color:#cf222e}blockquote{margin:.2rem 0 .2rem 1rem;padding-left:.6rem;border-left:3px solid #d0d7de;color:#57606a;font-family:ui-monospace,monospace;font-size:.85em}
details{margin:.4rem 0}summary{cursor:pointer;font-weight:600}.k{display:inline-block;min-width:11em;font-weight:600}
"""


def to_html(report: EvalReport) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>",
        f"<title>Évaluation crc — {report.created_at:%Y-%m-%d}</title><style>{_CSS}</style></head><body>",
        f"<h1>Évaluation crc — {report.created_at:%Y-%m-%d %H:%M} UTC</h1>",
        f"<p>{len({r.case for r in report.cases})} cas dans <code>{e(report.cases_dir)}</code> ; "
        f"backends : {e(', '.join(report.backends))} ; {e(report.tool)}.</p>",
        *(f"<p>{e(line)}</p>" for line in _about_columns(report)),
        *(f"<p>note : {e(n)}</p>" for n in report.notes),
        "<h2>Vue d'ensemble</h2><table><tr><th>Métrique</th>",
        *(f"<th>{e(b)}</th>" for b in report.columns()),
        "</tr>",
    ]
    for spec in _visible_specs(report):
        parts.append(f"<tr><td>{e(spec.label)}</td>")
        for b in report.columns():
            value, delta, bad = _cell(report, spec, b)
            d = f" <span class='delta'>({e(delta)})</span>" if delta else ""
            parts.append(f"<td class='n{' bad' if bad else ''}'>{e(value)}{d}</td>")
        parts.append("</tr>")
    parts.append("</table>")
    cmp = report.comparison
    if cmp is not None:
        parts.append(f"<h2>Comparaison avec la baseline <code>{e(cmp.baseline)}</code> (tolérance {cmp.tolerance:g})</h2>")
        if cmp.regressions:
            parts.append("<p class='err'>Régressions :</p><ul>" + "".join(f"<li>{e(r)}</li>" for r in cmp.regressions) + "</ul>")
        else:
            parts.append("<p>Aucune régression au-delà de la tolérance.</p>")
        if cmp.notes:
            parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in cmp.notes) + "</ul>")
    if report.judge_overall or report.judge_error:
        parts.append("<h2>Juge LLM</h2>")
        if report.judge_error:
            parts.append(f"<p class='err'>Juge indisponible : {e(report.judge_error)}</p>")
        for b, m in report.judge_overall.items():
            items = ", ".join(f"{e(k)} = {'—' if v is None else f'{v:.2f}'}" for k, v in m.items())
            parts.append(f"<p><b>{e(b)}</b> : {items}</p>")
    if report.accounts:
        parts.append("<h2>Comptes (gold de compte)</h2><ul>")
        for a in report.accounts:
            misses = "".join(f"<li>{e(m)}</li>" for m in a.misses)
            parts.append(f"<li>{e(_account_line(a))}" + (f"<ul>{misses}</ul>" if misses else "") + "</li>")
        parts.append("</ul>")
    parts.append("<h2>Par cas (les plus mauvais d'abord)</h2><table><tr>")
    parts.extend(f"<th>{e(h)}</th>" for h in CASE_HEADERS)
    parts.append("</tr>")
    for r in report.worst_first():
        cells = _case_cells(r)
        if r.error:
            parts.append(f"<tr><td>{e(r.case)}</td><td>{e(r.backend)}</td><td colspan='8' class='err'>{e(r.error)}</td></tr>")
            continue
        parts.append("<tr>" + "".join(f"<td{' class=n' if i > 1 else ''}>{e(c)}</td>" for i, c in enumerate(cells)) + "</tr>")
    parts.append("</table><h2>Détail</h2>")
    for r in report.worst_first():
        if not r.findings and not r.error:
            continue
        title = f"{r.case} — {r.backend}" + ("" if r.error else f" ({len(r.findings)} écart(s))")
        parts.append(f"<details open><summary>{e(title)}</summary>")
        if r.error:
            parts.append(f"<p class='err'>{e(r.error)}</p>")
        for f in _ordered(r.findings):
            detail = f" — {e(f.detail)}" if f.detail else ""
            parts.append(f"<div><span class='k'>{e(KIND_LABELS[f.kind])}</span> ({e(f.category)}) {e(f.text)}{detail}")
            parts.extend(f"<blockquote>{e(line)}</blockquote>" for line in f.lines)
            parts.append("</div>")
        parts.append("</details>")
    parts.append("</body></html>\n")
    return "".join(parts)


# --- files and console --------------------------------------------------------------


def report_json(report: EvalReport) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(report.model_dump_json())
    return data


def write_reports(report: EvalReport, out_dir: Path) -> list[Path]:
    """report.md, report.html and report.json, each written atomically."""
    targets = {
        "report.json": json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n",
        "report.md": to_markdown(report),
        "report.html": to_html(report),
    }
    written = []
    for name, text in targets.items():
        atomic_write_text(out_dir / name, text)
        written.append(out_dir / name)
    return written


def write_baseline(report: EvalReport, path: Path) -> None:
    atomic_write_text(path, json.dumps(trim_for_baseline(report_json(report)), ensure_ascii=False, indent=2) + "\n")


def console_table(report: EvalReport) -> Any:
    """A rich Table: metric rows × backend columns, deltas against the baseline when given."""
    from rich.table import Table

    table = Table(title="crc eval", show_lines=False)
    table.add_column("Métrique")
    for b in report.columns():
        table.add_column(b, justify="right")
    for spec in _visible_specs(report):
        cells = []
        for b in report.columns():
            value, delta, bad = _cell(report, spec, b)
            text = value + (f" ({delta})" if delta else "")
            cells.append(f"[bold red]{text}[/]" if bad else text)
        table.add_row(spec.label, *cells)
    return table
