"""What the whole call is: its meeting type, objective sentence, qualification (BANT) and CRM fields.

Apart from the finders because these read the call as a whole, or the finders' results.
"""

from __future__ import annotations

import re

from summarizer.crc import Crm, Decision, MeetingType, Qualification
from summarizer.extract.rules import lexicon as lx
from summarizer.extract.rules.clauses import Clause, clean, is_trap
from summarizer.extract.rules.commitments import Commitment
from summarizer.extract.rules.participants import Voices
from summarizer.extract.rules.register import written
from summarizer.lang import get_lang
from summarizer.lang.words import known_word

#: the opening clauses say what the meeting is for: their cues weigh this much more
_OPENING_CLAUSES = 15
_OPENING_WEIGHT = 3.0
#: a cold call shows in its first clauses
_COLD_CALL_CLAUSES = 12
#: the cue votes a meeting type needs, else « other »
_TYPE_VOTES = 2
MAX_CRITERIA = 5


def meeting_type(clauses: list[Clause]) -> MeetingType:
    votes = dict.fromkeys(lx.MEETING_TYPE_CUES, 0.0)
    for c in clauses:
        weight = _OPENING_WEIGHT if c.position < _OPENING_CLAUSES else 1.0
        for t, rx in lx.MEETING_TYPE_CUES.items():
            votes[t] += weight * len(rx.findall(c.low))
    if any(lx.COLD_CALL.search(c.low) for c in clauses[:_COLD_CALL_CLAUSES]):
        return MeetingType.other  # a cold call is none of the rubric's meeting types
    best = max(votes, key=lambda t: votes[t])
    return best if votes[best] >= _TYPE_VOTES else MeetingType.other


def _inside(text: str, client: str | None, lang: str) -> str:
    """A decision inside the sentence: its first letter in lower case, unless it opens a quote or a name
    (the client's, two capitalised words, or a word the language's dictionary lacks: « Nordet Santé fait… »,
    « Jean Luc Mélenchon voit… », « Orkalis bascule… », never « nordet Santé »)."""
    name = re.match(r"(?!(?:Que|Qu'|Si|Le|La|Les|L'|Un|Une|Des|Du|De|Pour|Avec|Sur|Dans|En|Au|Aux|Et|Mais|Ou|The|A|An|"
                    r"For|With|On|In|And|But|Or|If|That)\b)[A-ZÀ-Þ][\w'-]*\s+[A-ZÀ-Þ][a-zà-ÿ]", text)  # a name
    single = re.match(r"[A-ZÀ-Þ][a-zà-ÿ]+\b", text)  # « Orkalis bascule… »: a capitalised word no dictionary has
    unknown = single is not None and not known_word(single.group(0).lower(), lang)
    if text[:1] in "«“\"" or (client and text.startswith(client)) or name or unknown:
        return text
    return text[:1].lower() + text[1:]


def objective(mtype: MeetingType, client: str | None, decisions: list[Decision], steps: list[Commitment], lang: str) -> str:
    """One sentence: what the call achieved, from its own decisions and next step."""
    strings = get_lang(lang).strings
    label = strings.objective.meeting_types.of(mtype)
    who = f" {client}" if client else ""
    colon = strings.common.colon  # French typography puts a space before the colon
    parts = []
    if decisions:
        first = re.split(r",\s+(?:c'est|et|mais|parce)\b", decisions[0].text)[0]
        parts.append(_inside(first, client, lang))
    dated = next((s for s in steps if s.due_date), None)
    if dated:
        step = dated.text[0].lower() + dated.text[1:]  # an action opens on its verb
        parts.append(f"{strings.objective.next_step}{colon} {step} ({dated.due_date:%d/%m})")
    if not parts:
        return f"{label}{who}{colon} " + strings.objective.no_step
    body = strings.objective.separator.join(parts).rstrip(".")
    head = "," if colon.strip() in body else colon  # one colon a sentence: « X, prochaine étape : … », never « X : prochaine étape : … »
    return f"{label}{who}{head} {body}."


def qualification(clauses: list[Clause], voice: Voices) -> Qualification:
    """BANT and criteria, each in the written register of whoever said it."""
    q = Qualification()
    for c in clauses:
        if c.question or is_trap(c):
            continue
        if q.budget is None and re.search(r"\b(budget|enveloppe)\b", c.low) and lx.FIGURE.search(c.low):
            q.budget = written(clean(c.text), voice(c.speaker))
        if q.authority is None and lx.DECISION_PROCESS.search(c.low):
            q.authority = written(clean(c.text), voice(c.speaker))
        if q.need is None and lx.PAIN.search(c.low):
            q.need = written(clean(c.text), voice(c.speaker))
        if q.timeline is None and re.search(r"\b(go-live|mise en (production|service)|démarrage|déploiement|avant l'été|d'ici (l'été|la fin de l'année)|go live|rollout)\b", c.low):
            q.timeline = written(clean(c.text), voice(c.speaker))
        comp = re.search(r"\b(?:concurrent|on regarde aussi|on consulte aussi|également|aussi)\s+(?:chez\s+)?([A-Z][\w-]+)", c.text)
        if comp and lx.RISK_CATEGORIES["competition"].search(c.low) and comp.group(1) not in q.competition:
            q.competition.append(comp.group(1))
        if lx.CRITERIA.search(c.low) and len(q.decision_criteria) < MAX_CRITERIA:
            q.decision_criteria.append(written(clean(c.text), voice(c.speaker)))
    return q


_AMOUNT = re.compile(r"(\d[\d  .]*(?:,\d+)?)\s?(k€|k euros|m€|€|euros)", re.I)


def crm_fields(mtype: MeetingType, clauses: list[Clause], lang: str, keywords: list[str]) -> Crm:
    amount = None
    for c in clauses:
        if c.question or is_trap(c):
            continue
        if re.search(r"\b(total|montant|prix|proposition|offre|contrat|annuel|par an|tarif)\b", c.low):
            m = _AMOUNT.search(c.text)
            if m:
                raw = m.group(1).replace(" ", "").replace("\u202f", "").replace(" ", "").replace(".", "").replace(",", ".")
                try:
                    value = float(raw)
                except ValueError:
                    continue
                unit = m.group(2).lower()
                amount = value * (1000 if unit.startswith("k") else 1_000_000 if unit.startswith("m") else 1)
    return Crm(stage=get_lang(lang).strings.objective.stages.of(mtype), amount=amount, currency="EUR" if amount is not None else None, keywords=keywords)


CRM_KEYWORDS = ["SLA", "SSO", "POC", "RGPD", "API", "ERP", "DPA", "ROI", "NPS", "SaaS", "HDS"]


