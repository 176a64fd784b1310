"""Write the recorded model answers replayed by ``tests/integration/http/test_llm_replay_http.py``.

Each ``CALL.answer.json`` is the JSON a strong model returns for crc's extraction request on one
``../shared/corpora/calls-dev`` call, built from that call's ``.gold.json``: every gold fact, decision,
risk and commitment, quoting the gold's evidence in the segment that contains it; due dates with the
words of a cited line that say them (a gold date no words of its lines give, as crc's date resolver
reads them, is left out: crc would drop a date without spoken words); commitments
promised for an absent colleague owned by that colleague as named in the call (what a strong model
does, and what used to lose the whole CRC); and, in two calls, one deliberately bad field that stays
bad through every re-ask (``BAD``). Run from the checkout: ``.venv/bin/python tests/data/llm-replay/build_answers.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.dates.due import find_all_due, resolve_due
from summarizer.evaluation.gold import Gold, GoldItem, load_gold
from summarizer.extract.llm.models import name_spoken, spoken_words
from summarizer.grounding import normalize, quote_in_text
from summarizer.ingest.transcript import Transcript, read_transcript

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2].parent / "shared" / "corpora" / "calls-dev"

#: call -> {start of the gold commitment text: the absent person as named in the call}
ABSENT = {
    "w3-03-qbr-logistique-herbier-de-lou": {"Envoyer la grille des enlèvements": "Mickaël",
                                            "Envoyer les fichiers des étuis": "Margaux"},
    "w3-04-renouvellement-maintenance-echographes-ch-trois-vallees": {"Envoyer le plan d'action": "M. Guérin",
                                                                      "Faire remonter la liste": "Dr Amrani"},
    "w3-07-visite-site-formation-caces-conserverie-lambertin": {"Signer le devis": "M. Delaunay",
                                                                "Envoyer les convocations": "Laetitia"},
    "w3-05-reclamation-traduction-pompes-marquet": {"Envoyer la notice allemande": "Stefan Keller"},
}
#: call -> the bad field: "category" (a risk category that is not one) or "quote" (a fact's second quote,
#: in the line the fact already cites, that the line does not say)
BAD = {"c03-negociation-affretement-salaisons": "category", "w3-05-reclamation-traduction-pompes-marquet": "quote"}
CALLS = [
    "w3-03-qbr-logistique-herbier-de-lou",
    "w3-04-renouvellement-maintenance-echographes-ch-trois-vallees",
    "w3-07-visite-site-formation-caces-conserverie-lambertin",
    "w3-05-reclamation-traduction-pompes-marquet",
    "c03-negociation-affretement-salaisons",
    "w4-01-discovery-iot-sensors-norrvik",
    "l1-negociation-kyc-banque-armorine",
]


def _segment(quote: str, transcript: Transcript) -> int:
    """The segment that says ``quote``: verbatim after normalisation first, else the first fuzzy match."""
    exact = [s.index for s in transcript.segments if normalize(quote) in normalize(s.text)]
    fuzzy = [s.index for s in transcript.segments if quote_in_text(quote, s.text)]
    found = exact or fuzzy
    if not found:
        raise SystemExit(f"quote not found: {quote!r}")
    return found[0]


def _evidence(item: GoldItem, transcript: Transcript) -> list[dict[str, Any]]:
    return [{"segment": _segment(q, transcript), "quote": q} for q in item.evidence]


def _due(evidence: list[dict[str, Any]], gold: Gold, transcript: Transcript, due: Any) -> tuple[str | None, str | None]:
    """The words of a cited line that give the gold date, or (None, None) when none does."""
    if due is None:
        return None, None
    for ev in evidence:
        line = transcript.segments[ev["segment"]].text
        for match in find_all_due(line, gold.meeting_date, gold.language):
            if match.date == due:
                return match.text, due.isoformat()
        words = line.split()
        for n in range(1, 6):  # the shortest words of the line that say that day ("Plutôt le 15.")
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i:i + n]).strip(" ,.;:!?")
                if resolve_due(phrase, gold.meeting_date, gold.language) == due:
                    return phrase, due.isoformat()
    return None, None


def build(name: str) -> dict[str, Any]:
    gold = load_gold(CORPUS / f"{name}.gold.json")
    transcript = read_transcript(CORPUS / gold.transcript)
    words = spoken_words(transcript)
    absent = ABSENT.get(name, {})
    answer: dict[str, Any] = {
        "meeting_type": gold.meeting_type or "other",
        "subject": f"{gold.client} / {gold.vendor}",
        "participants": [{k: v for k, v in {"name": p.name, "side": p.side, "organization": p.organization,
                                            "role": p.role}.items() if v} for p in gold.participants],
        "facts": [{"text": f.text, "evidence": _evidence(f, transcript)} for f in gold.facts],
        "decisions": [{"text": d.text, "commitment": "firm", "evidence": _evidence(d, transcript)} for d in gold.decisions],
        "risks": [{"text": r.text, "category": r.category or "other", "severity": "medium",
                   "evidence": _evidence(r, transcript)} for r in gold.risks],
        "next_steps": [],
        "deliverables": [],
    }
    for c in gold.commitments:
        evidence = _evidence(c, transcript)
        due_text, due_date = _due(evidence, gold, transcript, c.due_date)
        owner = next((who for start, who in absent.items() if c.text.startswith(start)), c.owner)
        if owner and owner != c.owner and not name_spoken(owner, words):
            raise SystemExit(f"{name}: {owner} is not said in the call")
        key, text, who = ("deliverables", "what", "issuer") if c.kind == "deliverable" else ("next_steps", "action", "owner")
        answer[key].append({text: c.text, who: owner, "side": c.side or "unknown", "due_text": due_text,
                            "due_date": due_date, "commitment": "firm", "evidence": evidence})
    if BAD.get(name) == "category":
        answer["risks"][0]["category"] = "financier"
    elif BAD.get(name) == "quote":
        first = answer["facts"][0]["evidence"][0]
        answer["facts"][0]["evidence"].append({"segment": first["segment"], "quote": "nous annulons toute la commande"})
    return answer


def main() -> None:
    for name in CALLS:
        answer = build(name)
        (HERE / f"{name}.answer.json").write_text(json.dumps(answer, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        given = sum(1 for k in ("next_steps", "deliverables") for c in answer[k] if c["due_date"])
        print(f"{name}: {sum(len(answer[k]) for k in ('facts', 'decisions', 'risks', 'next_steps', 'deliverables'))} items, "
              f"{given} dated commitments")


if __name__ == "__main__":
    main()
