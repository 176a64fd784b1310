"""The team's 10-point rubric (crc-methode-bareme), the golden rule, 7-3-1 and lint warnings.

Scoring is a pure function of the CRC: it never looks at the transcript, so an
edited CRC (``crc score FILE.crc.json``) is scored exactly like a fresh one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

from summarizer.crc import CRC, MAX_FACTS, Side, is_validated
from summarizer.errors import InputError, validation_problems
from summarizer.lang import get_lang
from summarizer.messages import Message

if TYPE_CHECKING:
    from summarizer.ingest.transcript import Transcript
    from summarizer.lang.strings import ScoreStrings

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


_FUTURE_OR_WISH = re.compile(
    r"\b(on va|nous allons|on verra|il faudrait|on pourrait|ce serait|serait|pourrait|devrait|"
    r"we will|we'll|we would|we could|should|might)\b",
    re.I,
)


def score_crc(crc: CRC) -> ScoreReport:
    """The rubric's eight criteria, the golden rule, 7-3-1 and the warnings, in the CRC's language."""
    lang = crc.meeting.language
    txt = get_lang(lang).strings.score
    crit = [rule(crc, txt) for rule in _CRITERIA]
    total = round(sum(c.points for c in crit), 1)
    golden = _golden_rule(crc)
    f731 = _format_731(crc, lang)
    return ScoreReport(
        crc_id=crc.id, total=total, meets_target=total >= TARGET, criteria=crit,
        golden_rule=golden, format_731=f731, warnings=_warnings(crc, lang),
    )


def _objective(crc: CRC, txt: ScoreStrings) -> Criterion:
    """1. Objective, one sentence."""
    obj = (crc.objective or "").strip()
    sentences = [part for part in re.split(r"(?<=[.!?])\s+", obj) if part.strip()]
    if obj and len(sentences) == 1:
        pts, why = 1.0, txt.objective_ok
    elif obj:
        pts, why = 0.5, txt.objective_long.format(n=len(sentences))
    else:
        pts, why = 0.0, txt.objective_none
    return Criterion(key="objective", label=txt.objective, points=pts, max=1, reason=why)


def _facts(crc: CRC, txt: ScoreStrings) -> Criterion:
    """2. Key facts: 5-7 factual points."""
    n = len(crc.facts)
    if 5 <= n <= MAX_FACTS:
        pts, why = 1.0, txt.facts_ok.format(n=n)
    elif n > 0:
        pts, why = 0.5, txt.facts_few.format(n=n)
    else:
        pts, why = 0.0, txt.facts_none
    return Criterion(key="facts", label=txt.facts, points=pts, max=1, reason=why)


def _decisions(crc: CRC, txt: ScoreStrings) -> Criterion:
    """3. Decisions: at least 2, in the present tense."""
    n = len(crc.decisions)
    not_present = [d for d in crc.decisions if _FUTURE_OR_WISH.search(d.text)]
    if n >= 2:
        pts, why = 2.0, txt.decisions_ok.format(n=n)
    elif n == 1:
        pts, why = 1.0, txt.decisions_one
    else:
        pts, why = 0.0, txt.decisions_none
    if not_present and pts > 0:
        pts -= 0.5
        why += txt.decisions_not_present.format(n=len(not_present))
    return Criterion(key="decisions", label=txt.decisions, points=pts, max=2, reason=why)


def _next_step(crc: CRC, txt: ScoreStrings) -> Criterion:
    """4. Dated next step with owners on both sides."""
    common = get_lang(crc.meeting.language).strings.common
    dated = [step for step in crc.next_steps if step.due_date and step.owner]
    sides = {crc.owner_side(step.owner, step.side) for step in dated}
    if dated and {Side.client, Side.vendor} <= sides:
        pts, why = 2.0, txt.next_step_ok
    elif dated:
        missing = common.client if Side.client not in sides else common.vendor
        pts, why = 1.0, txt.next_step_one_side.format(missing=missing)
    elif crc.next_steps:
        pts, why = 0.5, txt.next_step_vague
    else:
        pts, why = 0.0, txt.next_step_none
    return Criterion(key="next_step", label=txt.next_step, points=pts, max=2, reason=why)


def _risks(crc: CRC, txt: ScoreStrings) -> Criterion:
    """5. Risks & dependencies: 1-3 with a mitigation plan."""
    n = len(crc.risks)
    with_plan = [r for r in crc.risks if r.mitigation]
    if 1 <= n <= 3 and len(with_plan) == n:
        pts, why = 1.0, txt.risks_ok.format(n=n)
    elif 1 <= n <= 3:
        pts, why = 0.5, txt.risks_no_plan.format(n=n - len(with_plan))
    elif n > 3:
        pts, why = 0.5, txt.risks_many.format(n=n)
    else:
        pts, why = 0.0, txt.risks_none
    return Criterion(key="risks", label=txt.risks, points=pts, max=1, reason=why)


def _deliverables(crc: CRC, txt: ScoreStrings) -> Criterion:
    """6. Deliverables: who sends what, by when, format."""
    complete = [d for d in crc.deliverables if d.issuer and d.due_date]
    if complete:
        pts, why = 1.0, txt.deliverables_ok.format(n=len(complete))
    elif crc.deliverables:
        pts, why = 0.5, txt.deliverables_vague
    else:
        pts, why = 0.0, txt.deliverables_none
    return Criterion(key="deliverables", label=txt.deliverables, points=pts, max=1, reason=why)


def _evidence(crc: CRC, txt: ScoreStrings) -> Criterion:
    """7. Evidence and attachments referenced."""
    items = crc.evidenced_items()
    all_quoted = bool(items) and all(item.evidence for _, item in items)
    if all_quoted and crc.attachments:
        pts, why = 1.0, txt.evidence_ok
    elif all_quoted:
        pts, why = 0.5, txt.evidence_no_attachment
    else:
        pts, why = 0.0, txt.evidence_none
    return Criterion(key="evidence", label=txt.evidence, points=pts, max=1, reason=why)


def _crm_validation(crc: CRC, txt: ScoreStrings) -> Criterion:
    """8. CRM alignment and client validation requested."""
    crm = crc.crm
    crm_ok = bool(crm.stage or crm.close_date or crm.amount is not None or crm.probability is not None)
    client_contact = any(p.side == Side.client and p.attended is not False for p in crc.participants)
    obtained = is_validated(crc)  # the client answered VALIDÉ to this very version (crc validate)
    pts = (0.5 if crm_ok else 0.0) + (0.5 if client_contact or obtained else 0.0)
    parts = [
        txt.crm_filled if crm_ok else txt.crm_empty,
        txt.validation_obtained if obtained else txt.validation_requested
        if client_contact else txt.validation_no_contact,
    ]
    return Criterion(key="crm_validation", label=txt.crm_validation, points=pts, max=1,
                     reason="; ".join(parts).capitalize() + ".")


#: the rubric, in the order the reports list it
_CRITERIA: tuple[Callable[[CRC, ScoreStrings], Criterion], ...] = (
    _objective, _facts, _decisions, _next_step, _risks, _deliverables, _evidence, _crm_validation,
)


def _golden_rule(crc: CRC) -> GoldenRule:
    txt = get_lang(crc.meeting.language).strings
    candidates: list[tuple[str, str | None, dt.date | None]] = [
        (step.action, step.owner, step.due_date) for step in crc.next_steps
    ] + [(d.what, d.issuer, d.due_date) for d in crc.deliverables]
    for what, owner, due in candidates:
        if owner and due:
            return GoldenRule(
                ok=True, verdict="CRC", milestone=what, owner=owner, due_date=due,
                reason=txt.score.golden_ok.format(what=what, owner=owner, due=f"{due:%d/%m/%Y}"),
            )
    missing = []
    if not candidates:
        missing.append(txt.score.golden_milestone)
    if not any(o for _, o, _ in candidates):
        missing.append(txt.score.golden_owner)
    if not any(d for _, _, d in candidates):
        missing.append(txt.score.golden_due)
    if not missing:
        missing.append(txt.score.golden_same)
    return GoldenRule(
        ok=False, verdict=txt.score.golden_note,
        reason=txt.score.golden_missing + ", ".join(missing) + ".",
    )


def _format_731(crc: CRC, lang: str) -> Format731:
    txt = get_lang(lang).strings
    dated = [step for step in crc.next_steps if step.due_date and step.owner]
    sides = {crc.owner_side(step.owner, step.side) for step in dated}
    issues = []
    if not 1 <= len(crc.facts) <= 7:
        issues.append(txt.score.f731_facts)
    if not 1 <= len(crc.decisions) <= 3:
        issues.append(txt.score.f731_decisions)
    if not dated:
        issues.append(txt.score.f731_no_dated)
    elif not {Side.client, Side.vendor} <= sides:
        issues.append(txt.score.f731_one_side)
    return Format731(
        facts=len(crc.facts), decisions=len(crc.decisions), dated_next_steps=len(dated), ok=not issues,
        reason=txt.score.f731_ok if not issues else "; ".join(issues),
    )


def _warnings(crc: CRC, lang: str) -> list[str]:
    """The rubric's common mistakes, as lint warnings."""
    txt = get_lang(lang).strings
    w = []
    if not any(step.due_date for step in crc.next_steps) and not any(d.due_date for d in crc.deliverables):
        w.append(txt.score.warn_no_date)
    if not crc.decisions:
        w.append(txt.score.warn_no_decision)
    vague = [d for d in crc.deliverables if not d.issuer or not d.due_date]
    if vague:
        w.append(txt.score.warn_vague.format(n=len(vague)))
    if len(crc.risks) > 3:
        w.append(txt.score.warn_risks.format(n=len(crc.risks)))
    if not any(crc.owner_side(step.owner, step.side) == Side.client for step in crc.next_steps if step.owner):
        w.append(txt.score.warn_client_ignored)
    unowned = [step for step in crc.next_steps if not step.owner]
    if unowned:
        w.append(txt.score.warn_unowned.format(n=len(unowned)))
    for d in crc.decisions:
        if _FUTURE_OR_WISH.search(d.text):
            w.append(txt.score.warn_decision_tense.format(text=d.text[:60]))
    return w
