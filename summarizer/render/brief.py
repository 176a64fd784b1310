"""The brief before the next call rendered: ``brief.md``, ``brief.html`` (no JavaScript, the style of
``summary.html``; also ``crc serve``'s brief page) and ``brief.docx``. Every line is followed by its quote
and the date of the call that says it, so the rep can check it before repeating it to the client."""

from __future__ import annotations

import html
import io
from pathlib import Path

from docx import Document
from docx.shared import Pt

from summarizer.downstream.account import AccountEvidence, CommitmentStatus, LedgerCommitment
from summarizer.downstream.brief import Brief
from summarizer.files import atomic_write_bytes
from summarizer.lang import get_lang
from summarizer.render.account import _d, _quote_md, _short_id
from summarizer.render.summary import _CSS

OUTPUT_NAMES = ("brief.md", "brief.html", "brief.docx")

#: one section: its title and its lines, each with the quotes it stands on
Section = tuple[str, list[tuple[str, list[AccountEvidence]]]]


def _promise(c: LedgerCommitment, lang: str) -> str:
    w = get_lang(lang).strings.brief
    state = w.overdue if c.status == CommitmentStatus.overdue else w.open
    due = f" — {w.due.format(date=_d(c.due_date))}" if c.due_date else ""
    owner = c.owner or w.unknown_owner
    return f"{state} — {c.text} ({owner}){due} — {w.promised_on.format(date=_short_id(c.source))}"


def sections(brief: Brief) -> list[Section]:
    """The brief's sections in reading order; an empty one says so rather than disappearing."""
    lang = brief.language
    w = get_lang(lang).strings.brief
    last = []
    if brief.next_step is not None:
        last.append((brief.next_step.text, brief.next_step.evidence))
    risks = [(f"{r.text} — {w.seen_on.format(dates=', '.join(map(_short_id, r.seen_in)))}", r.evidence[-1:])
             for r in brief.risks]
    people = [(f"{s.name}" + (f" — {s.role}" if s.role else "") + (f" ({s.organization})" if s.organization else "")
               + f" — {w.named_on.format(dates=', '.join(map(_short_id, s.named_in)))}", s.evidence[:1])
              for s in brief.not_met]
    return [
        (w.next_step, last),
        (w.ours, [(_promise(c, lang), c.evidence) for c in brief.ours]),
        (w.theirs, [(_promise(c, lang), c.evidence) for c in brief.theirs]),
        (w.risks, risks),
        (w.pending, [(p.text, p.evidence) for p in brief.pending]),
        (w.not_met, people),
        (w.questions, [(q.text, q.evidence) for q in brief.questions]),
    ]


def heading(brief: Brief) -> tuple[str, str]:
    """The title and the line under it (as of, calls read, the last call): every render and the page's data."""
    w = get_lang(brief.language).strings.brief
    intro = w.as_of.format(date=_d(brief.as_of), calls=brief.calls)
    if brief.last_call is not None:
        c = brief.last_call
        intro += f" {w.last_call} : {_d(c.date)} — {c.subject}."
    return w.title.format(client=brief.client), intro


def render_markdown(brief: Brief) -> str:
    title, intro = heading(brief)
    w = get_lang(brief.language).strings.brief
    lines = [f"# {title}", "", intro, ""]
    for name, rows in sections(brief):
        lines += [f"## {name}", ""]
        if not rows:
            lines += [f"_{w.none if name != w.next_step else w.no_next_step}_", ""]
            continue
        for text, evidence in rows:
            lines.append(f"- {_md(text)}")
            lines += [f"  > {_md(_quote_md(e, brief.language))}" for e in evidence]
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("\n", " ").replace("<", "&lt;")


def render_html(brief: Brief) -> str:
    e = html.escape
    title, intro = heading(brief)
    w = get_lang(brief.language).strings.brief
    body = [f"<h1>{e(title)}</h1>", f"<p>{e(intro)}</p>"]
    for name, rows in sections(brief):
        body.append(f"<h2>{e(name)}</h2>")
        if not rows:
            body.append(f'<p class="muted">{e(w.none if name != w.next_step else w.no_next_step)}</p>')
            continue
        items = "".join(
            f"<li>{e(text)}" + "".join(f'<blockquote class="evidence" data-crc="{e(q.crc_id)}">'
                                       f"{e(_quote_md(q, brief.language))}</blockquote>" for q in evidence) + "</li>"
            for text, evidence in rows)
        body.append(f"<ul>{items}</ul>")
    css = _CSS + "blockquote{margin:.2rem 0;padding-left:.5rem;border-left:3px solid #ccc;font-size:.85rem;color:#444}"
    return (f'<!DOCTYPE html><html lang="{e(brief.language)}"><head><meta charset="utf-8"><title>{e(title)}</title>'
            f"<style>{css}</style></head><body>{''.join(body)}</body></html>\n")


def render_docx(brief: Brief) -> bytes:
    title, intro = heading(brief)
    w = get_lang(brief.language).strings.brief
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(title, level=0)
    doc.add_paragraph(intro)
    for name, rows in sections(brief):
        doc.add_heading(name, level=1)
        if not rows:
            doc.add_paragraph(w.none if name != w.next_step else w.no_next_step)
        for text, evidence in rows:
            doc.add_paragraph(text, style="List Bullet")
            for q in evidence:
                doc.add_paragraph(_quote_md(q, brief.language), style="Quote")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_brief(brief: Brief, out_dir: Path) -> list[Path]:
    """Render the three files first, then write each atomically: a failure writes nothing."""
    files = {
        "brief.md": render_markdown(brief).encode(),
        "brief.html": render_html(brief).encode(),
        "brief.docx": render_docx(brief),
    }
    for name, data in files.items():
        atomic_write_bytes(out_dir / name, data)
    return [out_dir / name for name in files]
