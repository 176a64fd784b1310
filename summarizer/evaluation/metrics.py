"""Per-case metrics of one CRC against its gold, and their aggregation per backend.

Every metric is a pure function of (CRC, gold, transcript). Counts are kept
(tp/fp/fn, correct/total) so that the overall figures are micro-averages over
all items, not averages of per-case ratios that small cases would dominate.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from summarizer.crc import CRC
from summarizer.evaluation.gold import Gold, ResolvedGold
from summarizer.evaluation.language_checks import (
    CallWords,
    crc_made,
    grammar_checked,
    grammar_report,
    invented_words,
    spoken_register,
)
from summarizer.evaluation.matching import CATEGORIES, Item, crc_items, gold_items, match_items, name_key
from summarizer.grounding import quote_in_text
from summarizer.ingest.transcript import Transcript


class PRF(BaseModel):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Ratio(BaseModel):
    correct: int = 0
    total: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None


FindingKind = Literal[
    "miss", "false_positive", "wrong_owner", "wrong_due_date", "wrong_side", "trap", "ungrounded",
    "hallucinated_owner", "meeting_type", "spoken", "participant_side", "invented_word", "grammar", "adverbial_due_date",
]


class Finding(BaseModel):
    """One thing the prediction got wrong, with the transcript lines that show it."""

    kind: FindingKind
    category: str
    text: str
    detail: str | None = None
    lines: list[str] = Field(default_factory=list)


class CaseResult(BaseModel):
    case: str
    backend: str
    #: "tune" or "measure" when the folder is split (eval/splits.json)
    split: str | None = None
    error: str | None = None
    prf: dict[str, PRF] = Field(default_factory=dict)
    owner: Ratio = Field(default_factory=Ratio)
    due_date: Ratio = Field(default_factory=Ratio)
    side: Ratio = Field(default_factory=Ratio)
    #: item texts still in spoken register (correct = spoken ones, total = all item texts)
    spoken: Ratio = Field(default_factory=Ratio)
    #: item texts with a word in neither the call nor the dictionary (correct = such items, total = all item texts)
    invented: Ratio = Field(default_factory=Ratio)
    #: French item texts with a Grammalecte error of crc's making: not found, on the same word, in a segment
    #: the item cites (total 0 when Grammalecte is absent or the CRC is in English)
    grammar: Ratio = Field(default_factory=Ratio)
    #: French item texts with any Grammalecte error, the speaker's kept ones included
    grammar_all: Ratio = Field(default_factory=Ratio)
    #: commitments due the meeting day because "aujourd'hui"/"today" was read as a deadline
    adverbial_due_dates: int = 0
    #: gold participants found with the gold side
    participant_side: Ratio = Field(default_factory=Ratio)
    #: rules backend run again with neither --client nor --vendor: the client named, the sides right
    client_found: Ratio = Field(default_factory=Ratio)
    blind_participant_side: Ratio = Field(default_factory=Ratio)
    traps_extracted: int = 0
    traps_total: int = 0
    grounded: Ratio = Field(default_factory=Ratio)
    hallucinated_owners: int = 0
    meeting_type_ok: bool | None = None
    crc_score: float | None = None
    gold_score: float | None = None
    wer: float | None = None
    rtf: float | None = None
    seconds: float | None = None
    tokens: int | None = None
    attempts: int | None = None
    crc_id: str | None = None
    notes: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def quality(self) -> float:
        """Mean F1 over the four categories: the sort key for "worst cases first"."""
        if self.error or not self.prf:
            return -1.0
        return statistics.fmean(p.f1 for p in self.prf.values())


def transcript_line(transcript: Transcript, index: int) -> str:
    if index >= len(transcript.segments):
        return f"[{index}] (segment inexistant)"
    seg = transcript.segments[index]
    stamp = ""
    if seg.start is not None:
        m, s = divmod(int(seg.start), 60)
        h, m = divmod(m, 60)
        stamp = f" {h:02d}:{m:02d}:{s:02d}"
    who = f"{seg.speaker} : " if seg.speaker else ""
    return f"[{index}{stamp}] {who}{seg.text}"


def _lines(transcript: Transcript, segments: Iterable[int]) -> list[str]:
    return [transcript_line(transcript, i) for i in sorted(segments)]


@dataclass(frozen=True)
class _People:
    keys: frozenset[str]
    sides: dict[str, str]

    def known(self, name: str) -> bool:
        """Full name, or a first or last name of exactly one known person."""
        key = name_key(name)
        if key is None:
            return True
        if key in self.keys:
            return True
        tokens = set(key.split())
        return sum(1 for k in self.keys if tokens <= set(k.split())) == 1


def _people(gold: Gold, transcript: Transcript) -> _People:
    keys: set[str] = set()
    sides: dict[str, str] = {}
    for p in gold.participants:
        key = name_key(p.name)
        if key:
            keys.add(key)
            if p.side:
                sides[key] = p.side
    keys.update(k for k in (name_key(s) for s in transcript.speakers) if k)
    return _People(frozenset(keys), sides)


# --- written register ------------------------------------------------------------

def _cited_item_texts(crc: CRC) -> list[tuple[str, str, set[int]]]:
    """Each item text with the segments its evidence cites (a risk's mitigation cites the risk's)."""
    items: list[tuple[str, str, object]] = [
        *(("facts", f.text, f) for f in crc.facts), *(("decisions", d.text, d) for d in crc.decisions),
        *(("risks", r.text, r) for r in crc.risks), *(("risks", r.mitigation, r) for r in crc.risks if r.mitigation),
        *(("next_steps", s.action, s) for s in crc.next_steps), *(("deliverables", d.what, d) for d in crc.deliverables)]
    return [(section, text, {e.segment for e in getattr(item, "evidence", [])}) for section, text, item in items]


def _item_texts(crc: CRC) -> list[tuple[str, str]]:
    return [(section, text) for section, text, _ in _cited_item_texts(crc)]


def _participant_sides(crc: CRC, gold: Gold, result: CaseResult) -> None:
    """Each gold participant with a side: found in the CRC (full name, or one unambiguous part of it) with that side."""
    predicted = [(name_key(p.name) or "", p) for p in crc.participants]
    for g in gold.participants:
        if not g.side:
            continue
        key = name_key(g.name) or ""
        hits = [p for k, p in predicted if k == key] or [
            p for k, p in predicted if k and (set(k.split()) <= set(key.split()) or set(key.split()) <= set(k.split()))]
        side = hits[0].side.value if len(hits) == 1 else None
        result.participant_side.total += 1
        if side == g.side:
            result.participant_side.correct += 1
        else:
            result.findings.append(Finding(kind="participant_side", category="participants", text=g.name,
                                           detail=f"prédit {side or '—'}, attendu {g.side}"))


def blind_measures(crc: CRC, gold: Gold, result: CaseResult, transcript: Transcript) -> None:
    """Score a CRC made without the gold's client and vendor: what the call alone gives.

    Only calls that name their client count (its name said as such, or in the file's own
    title): a client never named must stay unknown. It counts as found when the
    CRC names the gold's organisation (accents and case aside, or one name containing the
    other: "Altéa" for "Groupe Altéa").
    """
    text = " \n ".join([transcript.title or "", *(s.text for s in transcript.segments)])
    said, wanted = (" ".join(re.findall(r"\w+", name_key(x) or "")) for x in (text, gold.client or ""))
    if wanted and f" {wanted} " in f" {said} ":
        result.client_found.total += 1
        found, wanted = name_key(crc.meeting.client) or "", name_key(gold.client) or ""
        if found and (found == wanted or set(found.split()) <= set(wanted.split())
                      or set(wanted.split()) <= set(found.split())):
            result.client_found.correct += 1
        else:
            result.findings.append(Finding(kind="participant_side", category="participants", text=gold.client or "",
                                           detail=f"client sans --client : prédit {crc.meeting.client or '—'}"))
    scratch = CaseResult(case="", backend=result.backend)
    _participant_sides(crc, gold, scratch)
    result.blind_participant_side = scratch.participant_side


def _pred_side(crc: CRC, item: Item) -> str | None:
    if item.side:
        return item.side
    p = crc.participant(item.owner)
    return None if p is None or p.side.value == "unknown" else p.side.value


def evaluate_crc(crc: CRC, gold: Gold, resolved: ResolvedGold, transcript: Transcript) -> CaseResult:
    """Compare one CRC with its gold. ``case``/``backend``/cost fields are filled by the caller."""
    result = CaseResult(case="", backend=crc.metadata.backend, crc_id=crc.id)
    findings = result.findings
    pred = crc_items(crc)
    ref = gold_items(gold, resolved)
    people = _people(gold, transcript)
    matched_pred: dict[str, set[int]] = {}
    gold_of_commitment: dict[int, Item] = {}

    for cat in CATEGORIES:
        p_items, g_items = pred[cat], ref[cat]
        matches = match_items(p_items, g_items)
        mp = {m.pred for m in matches}
        mg = {m.gold for m in matches}
        matched_pred[cat] = mp
        result.prf[cat] = PRF(tp=len(matches), fp=len(p_items) - len(mp), fn=len(g_items) - len(mg))
        for j, g in enumerate(g_items):
            if j not in mg:
                findings.append(Finding(kind="miss", category=cat, text=g.text, lines=_lines(transcript, g.segments)))
        for i, p in enumerate(p_items):
            if i not in mp:
                findings.append(
                    Finding(kind="false_positive", category=cat, text=p.text, lines=_lines(transcript, p.segments))
                )
        if cat != "commitments":
            continue
        for m in matches:
            p, g = p_items[m.pred], g_items[m.gold]
            gold_of_commitment[m.pred] = g
            lines = _lines(transcript, p.segments | g.segments)
            result.owner.total += 1
            if name_key(p.owner) == name_key(g.owner):
                result.owner.correct += 1
            else:
                findings.append(Finding(kind="wrong_owner", category=cat, text=p.text,
                                        detail=f"prédit {p.owner or '—'}, attendu {g.owner or '—'}", lines=lines))
            result.due_date.total += 1
            if p.due_date == g.due_date:
                result.due_date.correct += 1
            else:
                findings.append(Finding(kind="wrong_due_date", category=cat, text=p.text,
                                        detail=f"prédit {p.due_date or '—'}, attendu {g.due_date or '—'}", lines=lines))
            g_side = g.side or (people.sides.get(name_key(g.owner) or "") if g.owner else None)
            p_side = _pred_side(crc, p)
            result.side.total += 1
            if p_side == g_side:
                result.side.correct += 1
            else:
                findings.append(Finding(kind="wrong_side", category=cat, text=p.text,
                                        detail=f"prédit {p_side or '—'}, attendu {g_side or '—'}", lines=lines))

    # Traps: an unmatched decision or commitment that cites a trap's segment.
    suspects = [(cat, p) for cat in ("decisions", "commitments")
                for i, p in enumerate(pred[cat]) if i not in matched_pred[cat]]
    result.traps_total = len(gold.traps)
    for trap, segs in zip(gold.traps, resolved.traps, strict=True):
        hits = [(cat, p) for cat, p in suspects if p.segments & segs]
        if hits:
            result.traps_extracted += 1
            cat, p = hits[0]
            findings.append(Finding(kind="trap", category=cat, text=p.text,
                                    detail=f"piège « {trap.kind} » pris pour un engagement ou une décision",
                                    lines=_lines(transcript, segs)))

    _grounding(crc, transcript, result)

    # Hallucinated owners: a named owner who is not among the people in the call.
    for p in pred["commitments"]:
        if p.owner and not people.known(p.owner):
            result.hallucinated_owners += 1
            findings.append(Finding(kind="hallucinated_owner", category="commitments", text=p.text,
                                    detail=f"« {p.owner} » n'est pas un participant", lines=_lines(transcript, p.segments)))

    for section, text in _item_texts(crc):
        result.spoken.total += 1
        word = spoken_register(text, crc.meeting.language)
        if word:
            result.spoken.correct += 1
            findings.append(Finding(kind="spoken", category=section, text=text, detail=f"registre oral : « {word} »"))
    _language_checks(crc, gold, transcript, result)
    _adverbial_due_dates(crc, pred["commitments"], gold_of_commitment, transcript, result)
    _participant_sides(crc, gold, result)

    if gold.meeting_type is not None:
        result.meeting_type_ok = crc.meeting.type == gold.meeting_type
        if not result.meeting_type_ok:
            findings.append(Finding(kind="meeting_type", category="meeting", text=crc.meeting.type.value,
                                    detail=f"attendu {gold.meeting_type.value}"))
    result.gold_score = gold.score
    return result


def _grounding(crc: CRC, transcript: Transcript, result: CaseResult) -> None:
    """Every quote of an item is found in the segment it cites."""
    for section, item in crc.evidenced_items():
        result.grounded.total += 1
        bad = [e for e in item.evidence
               if e.segment >= len(transcript.segments) or not quote_in_text(e.quote, transcript.segments[e.segment].text)]
        if bad:
            result.findings.append(Finding(kind="ungrounded", category=section, text=_item_text(item),
                                           detail=f"citation introuvable : « {bad[0].quote[:80]} »",
                                           lines=_lines(transcript, {e.segment for e in bad})))
        else:
            result.grounded.correct += 1


def _language_checks(crc: CRC, gold: Gold, transcript: Transcript, result: CaseResult) -> None:
    """Invented words and (French) grammar errors of every item text; see ``language_checks``."""
    names = [gold.client, gold.vendor, crc.meeting.client, *transcript.speakers,
             *(n for p in gold.participants for n in (p.name, p.organization)),
             *(n for p in crc.participants for n in (p.name, p.organization))]
    call = CallWords.of_texts([transcript.title or "", *(s.text for s in transcript.segments)], names=names)
    language = crc.meeting.language
    for section, text, segments in _cited_item_texts(crc):
        result.invented.total += 1
        words = invented_words(text, language, call)
        if words:
            result.invented.correct += 1
            result.findings.append(Finding(kind="invented_word", category=section, text=text,
                                           detail="mot absent de l'appel et du dictionnaire : " + ", ".join(words)))
        errors = grammar_report(text, names) if grammar_checked(language) else None
        if errors is None:
            continue
        result.grammar.total += 1
        result.grammar_all.total += 1
        result.grammar_all.correct += bool(errors)
        ours = crc_made(errors, (transcript.segments[i].text for i in segments if i < len(transcript.segments)))
        if ours:
            result.grammar.correct += 1
            result.findings.append(Finding(kind="grammar", category=section, text=text,
                                           detail="; ".join(map(str, ours)), lines=_lines(transcript, segments)))


#: adverbs of the present that are not deadlines ("aujourd'hui, on a 140 camions", "today we use SAP")
_PRESENT_ADVERB = re.compile(r"(?<![\w'])(?:aujourd'hui|ce soir|maintenant|actuellement|en ce moment|à ce jour|"
                             r"today|tonight|now|currently)(?![\w'])", re.I)


def _adverbial_due_dates(crc: CRC, commitments: Sequence[Item], gold_of: dict[int, Item], transcript: Transcript,
                         result: CaseResult) -> None:
    """Commitments due the meeting day, citing a segment that says "aujourd'hui"/"today", that the gold does not date so."""
    for i, p in enumerate(commitments):
        if p.due_date is None or p.due_date != crc.meeting.date:
            continue
        g = gold_of.get(i)
        if g is not None and g.due_date == p.due_date:
            continue
        said = " ".join(transcript.segments[k].text for k in sorted(p.segments) if k < len(transcript.segments))
        m = _PRESENT_ADVERB.search(said.replace("’", "'"))
        if m:
            result.adverbial_due_dates += 1
            result.findings.append(Finding(kind="adverbial_due_date", category="commitments", text=p.text,
                                           detail=f"échéance {p.due_date} tirée de « {m.group(0)} »",
                                           lines=_lines(transcript, p.segments)))


def _item_text(item: object) -> str:
    for attr in ("text", "action", "what"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    return ""


# --- aggregation ---------------------------------------------------------------

Direction = Literal["higher", "lower", "info"]
Kind = Literal["ratio", "count", "points", "seconds", "number"]


@dataclass(frozen=True)
class MetricSpec:
    key: str
    label: str
    direction: Direction
    kind: Kind


def _specs() -> list[MetricSpec]:
    labels = {"facts": "Faits", "decisions": "Décisions", "risks": "Risques", "commitments": "Engagements"}
    out = [
        MetricSpec(f"{cat}.{m}", f"{labels[cat]} — {name}", "higher", "ratio")
        for cat in CATEGORIES
        for m, name in (("precision", "précision"), ("recall", "rappel"), ("f1", "F1"))
    ]
    return [
        *out,
        MetricSpec("owner_accuracy", "Responsable exact", "higher", "ratio"),
        MetricSpec("due_date_accuracy", "Échéance exacte (jour)", "higher", "ratio"),
        MetricSpec("side_accuracy", "Côté exact", "higher", "ratio"),
        MetricSpec("participant_side_accuracy", "Côté des participants exact", "higher", "ratio"),
        MetricSpec("spoken_share", "Items en registre oral (part)", "lower", "ratio"),
        MetricSpec("invented_word_share", "Items avec un mot inventé (part)", "lower", "ratio"),
        MetricSpec("grammar_error_share", "Items avec une faute de grammaire de crc (part, fr)", "lower", "ratio"),
        MetricSpec("grammar_error_share_all", "Items avec une faute de grammaire, même dite (part, fr)", "lower", "ratio"),
        MetricSpec("adverbial_due_dates", "Adverbes pris pour une échéance", "lower", "count"),
        MetricSpec("client_found", "Client trouvé sans --client", "higher", "ratio"),
        MetricSpec("blind_participant_side_accuracy", "Côté des participants sans --client/--vendor", "higher", "ratio"),
        MetricSpec("traps_extracted", "Pièges extraits (doit être 0)", "lower", "count"),
        MetricSpec("false_decisions_per_call", "Décisions sans équivalent dans le gold, par appel", "lower", "number"),
        MetricSpec("false_commitments_per_call", "Engagements sans équivalent dans le gold, par appel", "lower", "number"),
        MetricSpec("grounding", "Ancrage (citations trouvées)", "higher", "ratio"),
        MetricSpec("hallucinated_owners", "Responsables inventés", "lower", "count"),
        MetricSpec("meeting_type_accuracy", "Type de réunion exact", "higher", "ratio"),
        MetricSpec("score_mae", "Écart de note (MAE, /10)", "lower", "points"),
        MetricSpec("crc_score_mean", "Note moyenne du CRC (/10)", "info", "points"),
        MetricSpec("wer", "WER (audio)", "lower", "ratio"),
        MetricSpec("rtf", "RTF (audio)", "info", "number"),
        MetricSpec("seconds_per_call", "Secondes par appel (médiane)", "info", "seconds"),
        MetricSpec("tokens_per_call", "Tokens par appel", "info", "number"),
        MetricSpec("attempts_per_call", "Tentatives par appel", "info", "number"),
        MetricSpec("account_commitments_found", "Comptes : engagements retrouvés", "higher", "ratio"),
        MetricSpec("account_status_accuracy", "Comptes : statut exact (retrouvés)", "higher", "ratio"),
        MetricSpec("account_done_precision", "Comptes : « fait » à raison", "higher", "ratio"),
        MetricSpec("account_done_recall", "Comptes : « fait » retrouvés", "higher", "ratio"),
        MetricSpec("account_named_not_met", "Comptes : personnes citées jamais rencontrées", "higher", "ratio"),
        MetricSpec("account_sides", "Comptes : interlocuteurs du bon côté", "higher", "ratio"),
        MetricSpec("account_ledger_precision", "Comptes : lignes du registre promises", "higher", "ratio"),
        MetricSpec("account_errors", "Comptes en erreur", "lower", "count"),
        MetricSpec("cases", "Cas évalués", "info", "count"),
        MetricSpec("errors", "Cas en erreur", "lower", "count"),
    ]


METRICS: list[MetricSpec] = _specs()
METRIC_BY_KEY = {m.key: m for m in METRICS}


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.fmean(known) if known else None


def aggregate(results: Sequence[CaseResult]) -> dict[str, float | None]:
    """Overall metrics for one backend: micro-averaged over items, errors counted apart."""
    ok = [r for r in results if r.error is None]
    out: dict[str, float | None] = {}
    for cat in CATEGORIES:
        total = PRF(
            tp=sum(r.prf[cat].tp for r in ok if cat in r.prf),
            fp=sum(r.prf[cat].fp for r in ok if cat in r.prf),
            fn=sum(r.prf[cat].fn for r in ok if cat in r.prf),
        )
        has = bool(ok)
        out[f"{cat}.precision"] = total.precision if has else None
        out[f"{cat}.recall"] = total.recall if has else None
        out[f"{cat}.f1"] = total.f1 if has else None

    def ratio(attr: str) -> float | None:
        parts = [getattr(r, attr) for r in ok]
        return Ratio(correct=sum(p.correct for p in parts), total=sum(p.total for p in parts)).value

    out["owner_accuracy"] = ratio("owner")
    out["due_date_accuracy"] = ratio("due_date")
    out["side_accuracy"] = ratio("side")
    out["participant_side_accuracy"] = ratio("participant_side")
    out["spoken_share"] = ratio("spoken")
    out["invented_word_share"] = ratio("invented")
    out["grammar_error_share"] = ratio("grammar")
    out["grammar_error_share_all"] = ratio("grammar_all")
    out["adverbial_due_dates"] = float(sum(r.adverbial_due_dates for r in ok)) if ok else None
    out["client_found"] = ratio("client_found")
    out["blind_participant_side_accuracy"] = ratio("blind_participant_side")
    out["traps_extracted"] = float(sum(r.traps_extracted for r in ok)) if ok else None
    # a corpus with no gold item (fredsum-fr) has precision 0 however many items are wrongly extracted: count them
    for cat in ("decisions", "commitments"):
        out[f"false_{cat}_per_call"] = sum(r.prf[cat].fp for r in ok if cat in r.prf) / len(ok) if ok else None
    out["grounding"] = ratio("grounded")
    out["hallucinated_owners"] = float(sum(r.hallucinated_owners for r in ok)) if ok else None
    typed = [r.meeting_type_ok for r in ok if r.meeting_type_ok is not None]
    out["meeting_type_accuracy"] = sum(typed) / len(typed) if typed else None
    out["score_mae"] = _mean([abs(r.crc_score - r.gold_score) for r in ok
                              if r.crc_score is not None and r.gold_score is not None])
    out["crc_score_mean"] = _mean([r.crc_score for r in ok])
    out["wer"] = _mean([r.wer for r in ok])
    out["rtf"] = _mean([r.rtf for r in ok])
    # median: the first call of a run also loads models (spaCy, Whisper) and would skew a mean
    seconds = [r.seconds for r in ok if r.seconds is not None]
    out["seconds_per_call"] = statistics.median(seconds) if seconds else None
    out["tokens_per_call"] = _mean([float(r.tokens) if r.tokens is not None else None for r in ok])
    out["attempts_per_call"] = _mean([float(r.attempts) if r.attempts is not None else None for r in ok])
    out["cases"] = float(len(results))
    out["errors"] = float(len(results) - len(ok))
    return out
