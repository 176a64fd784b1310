"""The team's 10-point rubric (crc-methode-bareme), the golden rule, 7-3-1 and lint warnings.

Scoring is a pure function of the CRC: it never looks at the transcript, so an
edited CRC (``crc score FILE.crc.json``) is scored exactly like a fresh one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

from summarizer.crc import CRC, MAX_FACTS, Side
from summarizer.errors import InputError, validation_problems
from summarizer.messages import Message

if TYPE_CHECKING:
    from summarizer.ingest.transcript import Transcript
from summarizer.downstream.validate import is_validated

TARGET = 8.0


def validate_crc(data: bytes | str | dict[str, Any], transcript: Transcript | None = None) -> CRC:
    """A CRC edited by hand, checked as the pipeline's own: schema, domain rules and, given the
    transcript, every quote in the segment it cites. One :class:`InputError` line otherwise, the same
    for ``crc score`` and the web service's ``PUT`` (names the fields, never echoes the input)."""
    context = {"transcript": transcript} if transcript is not None else None
    try:
        if isinstance(data, dict):
            return CRC.model_validate(data, context=context)
        return CRC.model_validate_json(data, context=context)
    except ValidationError as exc:
        raise InputError(invalid_crc_message(exc)) from exc


def invalid_crc_message(exc: ValidationError, limit: int = 3) -> Message:
    """The first problems of an invalid CRC, "(+N)" for the others."""
    problems = validation_problems(exc, limit)
    more = exc.error_count() - limit
    if more > 0:
        return Message("crc_invalid_more", problems=problems, more=more)
    return Message("crc_invalid", problems=problems)


class Criterion(BaseModel):
    key: str
    label: str
    points: float
    max: float
    reason: str


class GoldenRule(BaseModel):
    """One verifiable milestone, one named owner, one due date; otherwise only a note."""

    ok: bool
    verdict: str
    reason: str
    milestone: str | None = None
    owner: str | None = None
    due_date: dt.date | None = None


class Format731(BaseModel):
    facts: int
    decisions: int
    dated_next_steps: int
    ok: bool
    reason: str


class ScoreReport(BaseModel):
    crc_id: str
    total: float
    max: float = 10.0
    target: float = TARGET
    meets_target: bool
    criteria: list[Criterion]
    golden_rule: GoldenRule
    format_731: Format731
    warnings: list[str] = Field(default_factory=list)


def _t(lang: str, fr: str, en: str) -> str:
    return en if lang == "en" else fr


_FUTURE_OR_WISH = re.compile(
    r"\b(on va|nous allons|on verra|il faudrait|on pourrait|ce serait|serait|pourrait|devrait|"
    r"we will|we'll|we would|we could|should|might)\b",
    re.I,
)


def _owner_side(crc: CRC, owner: str | None, side: Side) -> Side:
    p = crc.participant(owner)
    if p is not None and p.side != Side.unknown:
        return p.side
    return side


def score_crc(crc: CRC) -> ScoreReport:
    lang = crc.meeting.language
    crit: list[Criterion] = []

    def add(key: str, label: str, points: float, maximum: float, reason: str) -> None:
        crit.append(Criterion(key=key, label=label, points=points, max=maximum, reason=reason))

    # 1. Objective, one sentence.
    obj = (crc.objective or "").strip()
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", obj) if s.strip()]
    if obj and len(sentences) == 1:
        add("objective", _t(lang, "Clarté de l'objectif", "Clear objective"), 1, 1,
            _t(lang, "Objectif exprimé en une phrase.", "Objective stated in one sentence."))
    elif obj:
        add("objective", _t(lang, "Clarté de l'objectif", "Clear objective"), 0.5, 1,
            _t(lang, f"Objectif en {len(sentences)} phrases : le résumer en une.",
               f"Objective spans {len(sentences)} sentences: make it one."))
    else:
        add("objective", _t(lang, "Clarté de l'objectif", "Clear objective"), 0, 1,
            _t(lang, "Aucun objectif formulé.", "No objective stated."))

    # 2. Key facts: 5-7 factual points.
    n = len(crc.facts)
    if 5 <= n <= MAX_FACTS:
        pts, why = 1.0, _t(lang, f"{n} faits saillants (5 à 7 attendus).", f"{n} key facts (5-7 expected).")
    elif n > 0:
        pts, why = 0.5, _t(lang, f"{n} fait(s) saillant(s) seulement ; 5 à 7 attendus.",
                           f"Only {n} key fact(s); 5-7 expected.")
    else:
        pts, why = 0.0, _t(lang, "Aucun fait saillant.", "No key facts.")
    add("facts", _t(lang, "Faits saillants", "Key facts"), pts, 1, why)

    # 3. Decisions: at least 2, in the present tense.
    n = len(crc.decisions)
    not_present = [d for d in crc.decisions if _FUTURE_OR_WISH.search(d.text)]
    if n >= 2:
        pts, why = 2.0, _t(lang, f"{n} décisions formalisées.", f"{n} decisions recorded.")
    elif n == 1:
        pts, why = 1.0, _t(lang, "Une seule décision ; au moins 2 attendues.", "Only one decision; at least 2 expected.")
    else:
        pts, why = 0.0, _t(lang, "Aucune décision formalisée.", "No decision recorded.")
    if not_present and pts > 0:
        pts -= 0.5
        why += _t(lang, f" {len(not_present)} au futur ou au conditionnel : les écrire au présent.",
                  f" {len(not_present)} in future/conditional form: write them in the present.")
    add("decisions", _t(lang, "Décisions formalisées", "Decisions"), pts, 2, why)

    # 4. Dated next step with owners on both sides.
    dated = [s for s in crc.next_steps if s.due_date and s.owner]
    sides = {_owner_side(crc, s.owner, s.side) for s in dated}
    if dated and {Side.client, Side.vendor} <= sides:
        pts, why = 2.0, _t(lang, "Next step datée, responsables côté client et côté vendeur.",
                           "Dated next step with owners on the client and vendor sides.")
    elif dated:
        missing = _t(lang, "client", "client") if Side.client not in sides else _t(lang, "vendeur", "vendor")
        pts, why = 1.0, _t(lang, f"Next step datée mais aucun responsable côté {missing}.",
                           f"Dated next step but no owner on the {missing} side.")
    elif crc.next_steps:
        pts, why = 0.5, _t(lang, "Next step sans date ou sans responsable nommé.", "Next step without a date or a named owner.")
    else:
        pts, why = 0.0, _t(lang, "Aucune next step.", "No next step.")
    add("next_step", _t(lang, "Next step datée & responsables", "Dated next step & owners"), pts, 2, why)

    # 5. Risks & dependencies: 1-3 with a mitigation plan.
    n = len(crc.risks)
    with_plan = [r for r in crc.risks if r.mitigation]
    if 1 <= n <= 3 and len(with_plan) == n:
        pts, why = 1.0, _t(lang, f"{n} risque(s), chacun avec un plan de levée.", f"{n} risk(s), each with a mitigation.")
    elif 1 <= n <= 3:
        pts, why = 0.5, _t(lang, f"{n - len(with_plan)} risque(s) sans plan de levée.",
                           f"{n - len(with_plan)} risk(s) without mitigation.")
    elif n > 3:
        pts, why = 0.5, _t(lang, f"{n} risques : garder les 1 à 3 prioritaires.", f"{n} risks: keep the top 1-3.")
    else:
        pts, why = 0.0, _t(lang, "Aucun risque ni dépendance identifiés.", "No risk or dependency identified.")
    add("risks", _t(lang, "Risques & dépendances", "Risks & dependencies"), pts, 1, why)

    # 6. Deliverables: who sends what, by when, format.
    complete = [d for d in crc.deliverables if d.issuer and d.due_date]
    if complete:
        pts, why = 1.0, _t(lang, f"{len(complete)} livrable(s) avec émetteur et échéance.",
                           f"{len(complete)} deliverable(s) with issuer and due date.")
    elif crc.deliverables:
        pts, why = 0.5, _t(lang, "Livrables sans émetteur ou sans échéance.", "Deliverables lack an issuer or a due date.")
    else:
        pts, why = 0.0, _t(lang, "Aucun livrable promis.", "No deliverable promised.")
    add("deliverables", _t(lang, "Livrables promis", "Deliverables"), pts, 1, why)

    # 7. Evidence and attachments referenced.
    items = crc.evidenced_items()
    all_quoted = bool(items) and all(item.evidence for _, item in items)
    if all_quoted and crc.attachments:
        pts, why = 1.0, _t(lang, "Chaque point cite la transcription ; pièces référencées.",
                           "Every item quotes the transcript; attachments referenced.")
    elif all_quoted:
        pts, why = 0.5, _t(lang, "Citations présentes, mais aucune pièce/preuve référencée.",
                           "Quotes present but no attachment referenced.")
    else:
        pts, why = 0.0, _t(lang, "Points sans preuve.", "Items without evidence.")
    add("evidence", _t(lang, "Pièces & preuves", "Evidence & attachments"), pts, 1, why)

    # 8. CRM alignment and client validation requested.
    crm = crc.crm
    crm_ok = bool(crm.stage or crm.close_date or crm.amount is not None or crm.probability is not None)
    client_contact = any(p.side == Side.client for p in crc.participants)
    obtained = is_validated(crc)  # the client answered VALIDÉ to this very version (crc validate)
    pts = (0.5 if crm_ok else 0.0) + (0.5 if client_contact or obtained else 0.0)
    parts = [
        _t(lang, "champs CRM renseignés" if crm_ok else "champs CRM (étape, montant, échéance) vides",
           "CRM fields filled" if crm_ok else "CRM fields (stage, amount, close date) empty"),
        _t(lang, "validation client obtenue" if obtained else "validation demandée au client (e-mail)"
           if client_contact else "aucun interlocuteur client identifié pour la validation",
           "client validation obtained" if obtained else "client validation requested (email)"
           if client_contact else "no client contact to ask for validation"),
    ]
    add("crm_validation", _t(lang, "Alignement CRM & validation client", "CRM alignment & client validation"),
        pts, 1, "; ".join(parts).capitalize() + ".")

    total = round(sum(c.points for c in crit), 1)
    golden = _golden_rule(crc)
    f731 = _format_731(crc, lang)
    return ScoreReport(
        crc_id=crc.id, total=total, meets_target=total >= TARGET, criteria=crit,
        golden_rule=golden, format_731=f731, warnings=_warnings(crc, lang),
    )


def _golden_rule(crc: CRC) -> GoldenRule:
    lang = crc.meeting.language
    candidates: list[tuple[str, str | None, dt.date | None]] = [
        (s.action, s.owner, s.due_date) for s in crc.next_steps
    ] + [(d.what, d.issuer, d.due_date) for d in crc.deliverables]
    for what, owner, due in candidates:
        if owner and due:
            return GoldenRule(
                ok=True, verdict="CRC", milestone=what, owner=owner, due_date=due,
                reason=_t(lang, f"Jalon « {what} » porté par {owner} pour le {due:%d/%m/%Y}.",
                          f"Milestone '{what}' owned by {owner}, due {due:%d/%m/%Y}."),
            )
    missing = []
    if not candidates:
        missing.append(_t(lang, "jalon", "milestone"))
    if not any(o for _, o, _ in candidates):
        missing.append(_t(lang, "responsable nommé", "named owner"))
    if not any(d for _, _, d in candidates):
        missing.append(_t(lang, "date d'échéance", "due date"))
    if not missing:
        missing.append(_t(lang, "un même jalon avec responsable et date", "one milestone with both owner and date"))
    return GoldenRule(
        ok=False, verdict=_t(lang, "simple note", "just a note"),
        reason=_t(lang, "Règle d'or non respectée, il manque : ", "Golden rule not met, missing: ") + ", ".join(missing) + ".",
    )


def _format_731(crc: CRC, lang: str) -> Format731:
    dated = [s for s in crc.next_steps if s.due_date and s.owner]
    sides = {_owner_side(crc, s.owner, s.side) for s in dated}
    issues = []
    if not 1 <= len(crc.facts) <= 7:
        issues.append(_t(lang, "faits : 1 à 7 lignes", "facts: 1-7 lines"))
    if not 1 <= len(crc.decisions) <= 3:
        issues.append(_t(lang, "décisions : 1 à 3", "decisions: 1-3"))
    if not dated:
        issues.append(_t(lang, "aucune next step datée avec responsable", "no dated next step with owner"))
    elif not {Side.client, Side.vendor} <= sides:
        issues.append(_t(lang, "next step sans responsable des deux côtés", "next step lacks owners on both sides"))
    return Format731(
        facts=len(crc.facts), decisions=len(crc.decisions), dated_next_steps=len(dated), ok=not issues,
        reason=_t(lang, "Format 7-3-1 respecté.", "7-3-1 format met.") if not issues else "; ".join(issues),
    )


def _warnings(crc: CRC, lang: str) -> list[str]:
    """The rubric's common mistakes, as lint warnings."""
    w = []
    if not any(s.due_date for s in crc.next_steps) and not any(d.due_date for d in crc.deliverables):
        w.append(_t(lang, "Oubli de la date : aucune échéance dans le CRC.", "Missing date: no due date anywhere."))
    if not crc.decisions:
        w.append(_t(lang, "Raconter sans décider : aucune décision séparée des faits.", "Narrating without deciding: no decision."))
    vague = [d for d in crc.deliverables if not d.issuer or not d.due_date]
    if vague:
        w.append(_t(lang, f"Souhait ou engagement ? {len(vague)} livrable(s) sans émetteur ou sans date.",
                    f"Wish or commitment? {len(vague)} deliverable(s) without issuer or date."))
    if len(crc.risks) > 3:
        w.append(_t(lang, f"Risques noyés : {len(crc.risks)} risques, prioriser les 1 à 3 principaux.",
                    f"Too many risks ({len(crc.risks)}): prioritise 1-3."))
    if not any(_owner_side(crc, s.owner, s.side) == Side.client for s in crc.next_steps if s.owner):
        w.append(_t(lang, "Client ignoré : aucune action portée par le client.", "Client ignored: no action owned by the client."))
    unowned = [s for s in crc.next_steps if not s.owner]
    if unowned:
        w.append(_t(lang, f"{len(unowned)} next step(s) sans responsable nommé.", f"{len(unowned)} next step(s) without a named owner."))
    for d in crc.decisions:
        if _FUTURE_OR_WISH.search(d.text):
            w.append(_t(lang, f"Décision au futur/conditionnel : « {d.text[:60]} ».", f"Decision not in present tense: '{d.text[:60]}'."))
    return w
