"""The CRC as a Word document (python-docx): the formal version to file in the CRM or on the Drive.

Title, CRC id, meeting table, one heading per section, next steps and
deliverables as tables (action, responsable, côté, échéance), the score summary
at the end. Quotes stay in the Markdown; the .docx is meant to be read.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt, RGBColor
from docx.table import Table

from summarizer.crc import CRC
from summarizer.files import CRC_MARK
from summarizer.lang import get_lang
from summarizer.render.common import (
    clean,
    due_label,
    email_subject,
    fmt_date,
    fmt_points,
    meeting_type_label,
    owner_name,
    progress_line,
    side_label,
)
from summarizer.score import ScoreReport

_TABLE_STYLE = "Table Grid"


def _table(doc: DocumentObject, header: list[str], rows: list[list[str]]) -> Table:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles[_TABLE_STYLE]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return table


def _styled(doc: DocumentObject, text: str, style_id: str) -> None:
    """Paragraph with a built-in style set by id: python-docx's by-name lookup rescans every style
    on each call and was half of the rendering time of a batch."""
    doc.add_paragraph(text)._p.style = style_id


def _bullets(doc: DocumentObject, items: list[str], empty: str) -> None:
    if not items:
        doc.add_paragraph(empty).runs[0].italic = True
        return
    for item in items:
        _styled(doc, item, "ListBullet")


def render_docx(crc: CRC, report: ScoreReport) -> bytes:
    """A valid .docx (zip with word/document.xml) of the CRC, in the meeting's language."""
    lang = crc.meeting.language
    doc = Document()
    normal = doc.styles["Normal"].font
    normal.name = "Calibri"
    normal.size = Pt(11)
    _properties(doc, crc)
    _meeting(doc, crc)
    _content(doc, crc)
    _quality(doc, report, lang)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _properties(doc: DocumentObject, crc: CRC) -> None:
    """The file's properties: title, subject, id, language and crc's mark (never read back as an input)."""
    props = doc.core_properties  # python-docx refuses core properties over 255 characters
    props.title = email_subject(crc)[:255]
    props.subject = clean(crc.meeting.subject)[:255]
    props.identifier = clean(crc.id)[:255]
    props.author = clean(crc.metadata.generator) or "crc"
    props.category = CRC_MARK  # read back by crc_output_reason: never an input
    props.language = get_lang(crc.meeting.language).locale
    props.keywords = ", ".join(clean(k) for k in crc.crm.keywords)[:255]
    created = dt.datetime.combine(crc.meeting.date, dt.time(0, 0))
    props.created = created
    props.modified = created


def _meeting(doc: DocumentObject, crc: CRC) -> None:
    """Title, id and version, subject line, and the meeting table with its participants."""
    lang = crc.meeting.language
    txt = get_lang(lang).strings
    colon = txt.common.colon
    _styled(doc, txt.docx.title, "Title")
    p = doc.add_paragraph()
    p.add_run(txt.docx.id).bold = True
    p.add_run(clean(crc.id))
    p.add_run(f"   {txt.sections.version}{colon} {clean(crc.version)}")
    doc.add_paragraph(email_subject(crc))

    _styled(doc, txt.sections.meeting, "Heading1")
    participants = []
    for person in crc.participants:
        details = [d for d in (clean(person.organization), side_label(person.side, lang), clean(person.role)) if d]
        absent = f" {txt.markdown.absent}" if person.attended is False else ""
        participants.append(clean(person.name) + absent + (f" ({', '.join(details)})" if details else ""))
    meeting = _table(doc, [txt.sections.field, txt.sections.value], [
        [txt.sections.date, fmt_date(crc.meeting.date)],
        [txt.sections.type, meeting_type_label(crc.meeting.type, lang)],
        [txt.sections.client, clean(crc.meeting.client) or txt.common.not_identified],
        [txt.sections.subject, clean(crc.meeting.subject)],
        [txt.sections.participants, "\n".join(participants) or txt.docx.no_participants],
    ])
    for row in meeting.rows[1:]:
        row.cells[0].paragraphs[0].runs[0].bold = True


def _content(doc: DocumentObject, crc: CRC) -> None:
    """Objective, facts, decisions, risks, next steps, deliverables, objections and attachments."""
    lang = crc.meeting.language
    txt = get_lang(lang).strings
    colon = txt.common.colon
    _styled(doc, txt.sections.objective, "Heading1")
    _bullets(doc, [clean(crc.objective)] if clean(crc.objective) else [],
             txt.sections.no_objective)

    _styled(doc, txt.sections.facts, "Heading1")
    _bullets(doc, [clean(f.text) for f in crc.facts], txt.sections.no_facts)

    _styled(doc, txt.sections.decisions, "Heading1")
    _bullets(doc, [clean(d.text) for d in crc.decisions], txt.sections.no_decisions)

    _styled(doc, txt.sections.risks, "Heading1")
    plan = f"{txt.common.mitigation}{colon} "
    _bullets(doc, [f"{clean(r.text)} — {plan}{clean(r.mitigation) or txt.common.to_define}"
                   for r in crc.risks], txt.sections.no_risks)

    header = [txt.docx.action, txt.docx.owner, txt.docx.side, txt.docx.due]
    _styled(doc, txt.sections.next_step, "Heading1")
    if crc.next_steps:
        _table(doc, header, [
            [clean(s.action), owner_name(crc, s.owner, lang),
             side_label(crc.owner_side(s.owner, s.side), lang) or txt.common.to_confirm,
             due_label(s.due_date, s.due_text, lang)]
            for s in crc.next_steps
        ])
    else:
        _bullets(doc, [], txt.sections.no_next_step)

    _styled(doc, txt.sections.deliverables, "Heading1")
    if crc.deliverables:
        _table(doc, [txt.docx.deliverable, txt.docx.issuer, header[2], header[3], txt.sections.format], [
            [clean(d.what), owner_name(crc, d.issuer, lang),
             side_label(crc.owner_side(d.issuer, d.side), lang) or txt.common.to_confirm,
             due_label(d.due_date, d.due_text, lang), clean(d.format) or txt.common.to_confirm]
            for d in crc.deliverables
        ])
    else:
        _bullets(doc, [], txt.sections.no_deliverables)

    if crc.progress:
        _styled(doc, txt.sections.progress, "Heading1")
        _bullets(doc, [progress_line(p, lang) for p in crc.progress], "")

    if crc.objections:
        _styled(doc, txt.sections.objections, "Heading1")
        answer = f"{txt.common.answer}{colon} "
        _bullets(doc, [clean(o.text) + (f" — {answer}{clean(o.response)}" if clean(o.response) else "")
                       for o in crc.objections], "")

    if crc.attachments:
        _styled(doc, txt.sections.attachments, "Heading1")
        _bullets(doc, [clean(a.name) + (f" ({clean(a.kind)})" if clean(a.kind) else "") for a in crc.attachments], "")


def _quality(doc: DocumentObject, report: ScoreReport, lang: str) -> None:
    """The score against the target, its criteria, the golden rule, 7-3-1 and the warnings."""
    txt = get_lang(lang).strings
    colon = txt.common.colon
    _styled(doc, txt.sections.quality, "Heading1")
    p = doc.add_paragraph()
    run = p.add_run(f"{txt.docx.score}{colon} {fmt_points(report.total, lang)}/{fmt_points(report.max, lang)}")
    run.bold = True
    run.font.color.rgb = RGBColor(0x1E, 0x7B, 0x34) if report.meets_target else RGBColor(0xC0, 0x00, 0x00)
    p.add_run(f"  ({txt.docx.target} ≥ {fmt_points(report.target, lang)})")
    _table(doc, [txt.sections.criterion, txt.sections.points, txt.sections.reason], [
        [clean(c.label), f"{fmt_points(c.points, lang)}/{fmt_points(c.max, lang)}", clean(c.reason)]
        for c in report.criteria
    ])
    golden = report.golden_rule
    p = doc.add_paragraph()
    p.add_run(txt.docx.golden_rule).bold = True
    p.add_run(f"{clean(golden.verdict)} — {clean(golden.reason)}")
    f731 = report.format_731
    p = doc.add_paragraph()
    p.add_run(txt.docx.format_731).bold = True
    p.add_run(clean(f731.reason))
    if report.warnings:
        doc.add_paragraph(txt.sections.warnings).runs[0].bold = True
        _bullets(doc, [clean(w) for w in report.warnings], "")
