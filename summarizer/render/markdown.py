"""The internal Markdown CRC: the email's sections plus the id, the meeting table, the score and every quote.

This is the rep's and the manager's version, not the client's: it shows the
rubric score with reasons, the golden-rule verdict, the 7-3-1 check, the lint
warnings and, under every item, the verbatim evidence with its timestamp so a
reviewer can audit the CRC against the recording.
"""

from __future__ import annotations

import datetime as dt
import re

from summarizer.crc import CRC, Evidence
from summarizer.lang import get_lang
from summarizer.render.common import (
    clean,
    deadline_label,
    due_label,
    email_subject,
    evidence_label,
    fmt_date,
    fmt_points,
    meeting_type_label,
    owner_label,
    progress_line,
    side_label,
    validation_deadline,
)
from summarizer.score import ScoreReport

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str | None) -> str:
    """One line of user text, safe inside Markdown (no raw HTML, no accidental emphasis, no table breaks)."""
    return _MD_SPECIAL.sub(r"\\\1", clean(text))


def _em(text: str) -> str:
    """Markdown italics, for the line that says a section is empty."""
    return f"_{text}_"


def _cell(text: str | None) -> str:
    return md(text) or "—"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _quotes(evidence: list[Evidence], lang: str) -> list[str]:
    return [f"  > {md(evidence_label(ev, lang))}" for ev in evidence]


def _section(title: str, empty: str, lang: str, entries: list[tuple[str, list[Evidence]]]) -> list[str]:
    """A CRC section: heading, each item's line followed by its quotes, or the empty message."""
    out = [f"## {title}", ""]
    for line, evidence in entries:
        out += [line, *_quotes(evidence, lang)]
    if not entries:
        out.append(empty)
    return [*out, ""]


def render_markdown(crc: CRC, report: ScoreReport, *, deadline: dt.datetime | None = None) -> str:
    """The full internal CRC as Markdown (UTF-8 text, ends with a newline)."""
    lang = crc.meeting.language
    txt = get_lang(lang).strings
    deadline = deadline or validation_deadline(crc.meeting.date)
    colon = txt.common.colon
    out: list[str] = [f"# {md(email_subject(crc))}", ""]
    out += [
        f"- **{txt.markdown.id}{colon}** `{clean(crc.id)}`",
        f"- **{txt.sections.version}{colon}** {clean(crc.version)}",
        "- " + txt.markdown.internal,
        "",
    ]
    out += _meeting_section(crc, lang)
    out += _content_sections(crc, lang)
    out += _crm_section(crc, lang)
    out += _score_section(report, lang)

    when = deadline_label(deadline, lang)
    out += [f"## {txt.markdown.client_validation}", "",
            txt.markdown.validation_asked.format(when=when), ""]

    meta = crc.metadata
    source = f", source `{clean(meta.source)}`" if meta.source else ""
    model = f", {txt.markdown.model} `{clean(meta.model)}`" if meta.model else ""
    out += [f"_{txt.markdown.generated_by} {clean(meta.generator)} (backend `{clean(meta.backend)}`"
            f"{model}{source})._", ""]
    return "\n".join(out)


def _meeting_section(crc: CRC, lang: str) -> list[str]:
    """The meeting table and the participants."""
    txt = get_lang(lang).strings
    out = [f"## {txt.sections.meeting}", ""]
    out += _table(
        [txt.sections.field, txt.sections.value],
        [
            [txt.sections.date, fmt_date(crc.meeting.date)],
            [txt.sections.type, meeting_type_label(crc.meeting.type, lang)],
            [txt.sections.client, _cell(crc.meeting.client) if crc.meeting.client else txt.common.not_identified],
            [txt.sections.subject, _cell(crc.meeting.subject)],
        ],
    )
    out += ["", f"### {txt.sections.participants}", ""]
    if crc.participants:
        out += _table(
            [txt.markdown.name, txt.markdown.organization, txt.markdown.side,
             txt.markdown.role, txt.markdown.decision_role, txt.markdown.stance],
            [
                [_cell(p.name + (f" {txt.markdown.absent}" if p.attended is False else "")), _cell(p.organization), side_label(p.side, lang) or "—", _cell(p.role),
                 _cell(p.decision_role), _cell(p.stance)]
                for p in crc.participants
            ],
        )
    else:
        out.append(txt.markdown.no_participants)
    out.append("")
    return out


def _content_sections(crc: CRC, lang: str) -> list[str]:
    """Objective, facts, decisions, risks, next steps, deliverables, objections and attachments, each item
    followed by its quotes."""
    txt = get_lang(lang).strings
    colon = txt.common.colon
    out = [f"## {txt.sections.objective}", "",
           md(crc.objective) or _em(txt.sections.no_objective), ""]

    out += _section(txt.sections.facts, _em(txt.sections.no_facts), lang,
                    [(f"- {md(fact.text)}", fact.evidence) for fact in crc.facts])
    out += _section(txt.sections.decisions, _em(txt.sections.no_decisions), lang,
                    [(f"- {md(d.text)}", d.evidence) for d in crc.decisions])
    out += _section(
        txt.sections.risks, _em(txt.sections.no_risks),
        lang,
        [(f"- {md(r.text)} ({r.category.value}, {r.severity.value}) — {txt.common.mitigation}{colon} "
          f"{md(r.mitigation) or txt.common.to_define}", r.evidence) for r in crc.risks],
    )
    out += _section(txt.sections.next_step, _em(txt.sections.no_next_step), lang, [
        (f"- **{md(s.action)}** — {md(owner_label(crc, s.owner, s.side, lang))} — "
         f"{md(due_label(s.due_date, s.due_text, lang))}", s.evidence) for s in crc.next_steps])
    out += _section(txt.sections.deliverables, _em(txt.sections.no_deliverables), lang, [
        (f"- **{md(d.what)}** — {md(owner_label(crc, d.issuer, d.side, lang))} — "
         f"{md(due_label(d.due_date, d.due_text, lang, by=True))} — "
         f"{md(d.format) or txt.markdown.format_tbc}", d.evidence) for d in crc.deliverables])

    if crc.progress:  # only a follow-up call reports on earlier promises
        out += _section(txt.sections.progress, "", lang,
                        [(f"- {md(progress_line(p, lang))}", p.evidence) for p in crc.progress])

    if crc.objections:
        out += [f"## {txt.sections.objections}", ""]
        for obj in crc.objections:
            answer = f" — {txt.common.answer}{colon} {md(obj.response)}" if obj.response else ""
            out += [f"- {md(obj.text)}{answer}", *_quotes(obj.evidence, lang)]
        out.append("")

    if crc.attachments:
        out += [f"## {txt.sections.attachments}", ""]
        for att in crc.attachments:
            kind = f" ({md(att.kind)})" if att.kind else ""
            out += [f"- {md(att.name)}{kind}", *_quotes(att.evidence, lang)]
        out.append("")
    return out


def _score_section(report: ScoreReport, lang: str) -> list[str]:
    """The score, its criteria, the golden rule, 7-3-1 and the warnings."""
    txt = get_lang(lang).strings
    colon = txt.common.colon
    out = [f"## {txt.sections.quality}{colon} {fmt_points(report.total, lang)}/"
           f"{fmt_points(report.max, lang)}", ""]
    target = txt.markdown.target_met if report.meets_target else txt.markdown.target_not_met
    out += [f"{txt.markdown.target} ≥ {fmt_points(report.target, lang)}/{fmt_points(report.max, lang)}"
            f"{colon} **{target}**.", ""]
    out += _table(
        [txt.sections.criterion, txt.sections.points, txt.sections.reason],
        [[md(c.label), f"{fmt_points(c.points, lang)}/{fmt_points(c.max, lang)}", md(c.reason)]
         for c in report.criteria],
    )
    golden = report.golden_rule
    mark = "✅" if golden.ok else "❌"
    out += ["", f"**{txt.markdown.golden_rule}{colon}** {mark} {md(golden.verdict)} — {md(golden.reason)}"]
    f731 = report.format_731
    mark = "✅" if f731.ok else "❌"
    counts = txt.markdown.counts_731.format(facts=f731.facts, decisions=f731.decisions, dated=f731.dated_next_steps)
    out += ["", f"**{txt.markdown.format_731}{colon}** {mark} {counts} — {md(f731.reason)}", ""]
    out += [f"### {txt.sections.warnings}", ""]
    out += [f"- {md(w)}" for w in report.warnings] or [txt.markdown.no_warnings]
    out.append("")
    return out


def _crm_section(crc: CRC, lang: str) -> list[str]:
    pack = get_lang(lang)
    txt = pack.strings
    crm, q = crc.crm, crc.qualification
    rows: list[list[str]] = []
    if crm.opportunity_id:
        rows.append([txt.markdown.opportunity, md(crm.opportunity_id)])
    if crm.stage:
        rows.append([txt.markdown.stage, md(crm.stage)])
    if crm.probability is not None:
        rows.append([txt.markdown.probability, f"{crm.probability} %"])
    if crm.amount is not None:
        amount = pack.amount(crm.amount)
        rows.append([txt.markdown.amount, f"{amount} {md(crm.currency)}".strip()])
    if crm.close_date:
        rows.append([txt.markdown.close_date, fmt_date(crm.close_date)])
    if crm.keywords:
        rows.append([txt.markdown.keywords, md(", ".join(crm.keywords))])
    for label, value in (
        (txt.markdown.budget, q.budget), (txt.markdown.authority, q.authority), (txt.markdown.need, q.need),
        (txt.markdown.timeline, q.timeline),
    ):
        if value:
            rows.append([label, md(value)])
    if q.competition:
        rows.append([txt.markdown.competition, md(", ".join(q.competition))])
    if q.decision_criteria:
        rows.append([txt.markdown.decision_criteria, md(", ".join(q.decision_criteria))])
    if not rows:
        return []
    return [f"## {txt.markdown.crm_qualification}", "",
            *_table([txt.sections.field, txt.sections.value], rows), ""]
