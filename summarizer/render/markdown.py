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
    side_label,
    t,
    validation_deadline,
)
from summarizer.score import ScoreReport

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str | None) -> str:
    """One line of user text, safe inside Markdown (no raw HTML, no accidental emphasis, no table breaks)."""
    return _MD_SPECIAL.sub(r"\\\1", clean(text))


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
    deadline = deadline or validation_deadline(crc.meeting.date)
    colon = " :" if lang != "en" else ":"
    out: list[str] = [f"# {md(email_subject(crc))}", ""]
    out += [
        f"- **{t(lang, 'Identifiant', 'Id')}{colon}** `{clean(crc.id)}`",
        f"- **Version{colon}** {clean(crc.version)}",
        "- " + t(lang, "_Document interne (score et citations) : ne pas transmettre tel quel au client._",
                 "_Internal document (score and quotes): do not forward as is to the client._"),
        "",
    ]

    # Meeting
    out += [f"## {t(lang, 'Réunion', 'Meeting')}", ""]
    out += _table(
        [t(lang, "Champ", "Field"), t(lang, "Valeur", "Value")],
        [
            ["Date", fmt_date(crc.meeting.date)],
            ["Type", meeting_type_label(crc.meeting.type, lang)],
            ["Client", _cell(crc.meeting.client) if crc.meeting.client else t(lang, "non identifié", "not identified")],
            [t(lang, "Sujet", "Subject"), _cell(crc.meeting.subject)],
        ],
    )
    out += ["", f"### {t(lang, 'Participants', 'Participants')}", ""]
    if crc.participants:
        out += _table(
            [t(lang, "Nom", "Name"), t(lang, "Organisation", "Organization"), t(lang, "Côté", "Side"),
             t(lang, "Rôle", "Role"), t(lang, "Rôle décisionnel", "Decision role"), t(lang, "Posture", "Stance")],
            [
                [_cell(p.name), _cell(p.organization), side_label(p.side, lang) or "—", _cell(p.role),
                 _cell(p.decision_role), _cell(p.stance)]
                for p in crc.participants
            ],
        )
    else:
        out.append(t(lang, "_Aucun participant identifié._", "_No participant identified._"))
    out.append("")

    # Content sections
    out += [f"## {t(lang, 'Objectif', 'Objective')}", "",
            md(crc.objective) or t(lang, "_Aucun objectif formulé._", "_No objective stated._"), ""]

    out += _section(t(lang, "Faits saillants", "Key facts"), t(lang, "_Aucun fait saillant._", "_No key facts._"), lang,
                    [(f"- {md(fact.text)}", fact.evidence) for fact in crc.facts])
    out += _section(t(lang, "Décisions", "Decisions"), t(lang, "_Aucune décision formalisée._", "_No decision recorded._"), lang,
                    [(f"- {md(d.text)}", d.evidence) for d in crc.decisions])
    out += _section(
        t(lang, "Risques & dépendances", "Risks & dependencies"), t(lang, "_Aucun risque identifié._", "_No risk identified._"),
        lang,
        [(f"- {md(r.text)} ({r.category.value}, {r.severity.value}) — {t(lang, 'plan de levée', 'mitigation')}{colon} "
          f"{md(r.mitigation) or t(lang, 'à définir', 'to be defined')}", r.evidence) for r in crc.risks],
    )
    out += _section("Next step", t(lang, "_Aucune next step._", "_No next step._"), lang, [
        (f"- **{md(s.action)}** — {md(owner_label(crc, s.owner, s.side, lang))} — "
         f"{md(due_label(s.due_date, s.due_text, lang))}", s.evidence) for s in crc.next_steps])
    out += _section(t(lang, "Livrables", "Deliverables"), t(lang, "_Aucun livrable promis._", "_No deliverable promised._"), lang, [
        (f"- **{md(d.what)}** — {md(owner_label(crc, d.issuer, d.side, lang))} — "
         f"{md(due_label(d.due_date, d.due_text, lang, by=True))} — "
         f"{md(d.format) or t(lang, 'format à confirmer', 'format to be confirmed')}", d.evidence) for d in crc.deliverables])

    if crc.objections:
        out += [f"## {t(lang, 'Objections', 'Objections')}", ""]
        for obj in crc.objections:
            answer = f" — {t(lang, 'réponse', 'answer')}{colon} {md(obj.response)}" if obj.response else ""
            out += [f"- {md(obj.text)}{answer}", *_quotes(obj.evidence, lang)]
        out.append("")

    if crc.attachments:
        out += [f"## {t(lang, 'Pièces', 'Attachments')}", ""]
        for att in crc.attachments:
            kind = f" ({md(att.kind)})" if att.kind else ""
            out += [f"- {md(att.name)}{kind}", *_quotes(att.evidence, lang)]
        out.append("")

    out += _crm_section(crc, lang)

    # Score
    out += [f"## {t(lang, 'Qualité du CRC', 'CRC quality')}{colon} {fmt_points(report.total, lang)}/"
            f"{fmt_points(report.max, lang)}", ""]
    target = t(lang, "atteinte", "met") if report.meets_target else t(lang, "non atteinte", "not met")
    out += [f"{t(lang, 'Cible', 'Target')} ≥ {fmt_points(report.target, lang)}/{fmt_points(report.max, lang)}"
            f"{colon} **{target}**.", ""]
    out += _table(
        [t(lang, "Critère", "Criterion"), "Points", t(lang, "Motif", "Reason")],
        [[md(c.label), f"{fmt_points(c.points, lang)}/{fmt_points(c.max, lang)}", md(c.reason)]
         for c in report.criteria],
    )
    golden = report.golden_rule
    mark = "✅" if golden.ok else "❌"
    out += ["", f"**{t(lang, 'Règle d’or', 'Golden rule')}{colon}** {mark} {md(golden.verdict)} — {md(golden.reason)}"]
    f731 = report.format_731
    mark = "✅" if f731.ok else "❌"
    counts = t(lang, f"{f731.facts} fait(s), {f731.decisions} décision(s), {f731.dated_next_steps} next step datée(s)",
               f"{f731.facts} fact(s), {f731.decisions} decision(s), {f731.dated_next_steps} dated next step(s)")
    out += ["", f"**{t(lang, 'Format 7-3-1', '7-3-1 format')}{colon}** {mark} {counts} — {md(f731.reason)}", ""]
    out += [f"### {t(lang, 'Avertissements', 'Warnings')}", ""]
    out += [f"- {md(w)}" for w in report.warnings] or [t(lang, "_Aucun avertissement._", "_No warnings._")]
    out.append("")

    # Validation
    when = deadline_label(deadline, lang)
    out += [f"## {t(lang, 'Validation client', 'Client validation')}", "",
            t(lang, f"Demande incluse dans l'e-mail : « Merci de répondre VALIDÉ ou de corriger en rouge avant le {when}. »",
              f"Asked in the email: “Please reply VALIDATED or correct in red before {when}.”"), ""]

    meta = crc.metadata
    source = f", source `{clean(meta.source)}`" if meta.source else ""
    model = f", {t(lang, 'modèle', 'model')} `{clean(meta.model)}`" if meta.model else ""
    out += [f"_{t(lang, 'Généré par', 'Generated by')} {clean(meta.generator)} (backend `{clean(meta.backend)}`"
            f"{model}{source})._", ""]
    return "\n".join(out)


def _crm_section(crc: CRC, lang: str) -> list[str]:
    crm, q = crc.crm, crc.qualification
    rows: list[list[str]] = []
    if crm.opportunity_id:
        rows.append([t(lang, "Opportunité", "Opportunity"), md(crm.opportunity_id)])
    if crm.stage:
        rows.append([t(lang, "Étape", "Stage"), md(crm.stage)])
    if crm.probability is not None:
        rows.append([t(lang, "Probabilité", "Probability"), f"{crm.probability} %"])
    if crm.amount is not None:
        amount = f"{crm.amount:,.2f}".removesuffix(".00")
        amount = amount.replace(",", "\u202f").replace(".", ",") if lang != "en" else amount
        rows.append([t(lang, "Montant", "Amount"), f"{amount} {md(crm.currency)}".strip()])
    if crm.close_date:
        rows.append([t(lang, "Date de closing", "Close date"), fmt_date(crm.close_date)])
    if crm.keywords:
        rows.append([t(lang, "Mots-clés", "Keywords"), md(", ".join(crm.keywords))])
    for label_fr, label_en, value in (
        ("Budget", "Budget", q.budget), ("Décideur", "Authority", q.authority), ("Besoin", "Need", q.need),
        ("Calendrier", "Timeline", q.timeline),
    ):
        if value:
            rows.append([t(lang, label_fr, label_en), md(value)])
    if q.competition:
        rows.append([t(lang, "Concurrence", "Competition"), md(", ".join(q.competition))])
    if q.decision_criteria:
        rows.append([t(lang, "Critères de décision", "Decision criteria"), md(", ".join(q.decision_criteria))])
    if not rows:
        return []
    return [f"## {t(lang, 'CRM & qualification', 'CRM & qualification')}", "",
            *_table([t(lang, "Champ", "Field"), t(lang, "Valeur", "Value")], rows), ""]
