"""Optional LLM judge: rate the rubric criteria that need judgment, next to the deterministic rubric.

The deterministic scorer counts sentences, facts and future-tense markers; the
judge reads the CRC like a sales manager would. Their agreement tells whether
the cheap score can be trusted for these criteria. Uses the LLM backend's
settings and transport (retries, one-line errors).
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Sequence
from typing import Any

from summarizer.crc import CRC
from summarizer.errors import BackendError, ConfigError
from summarizer.evaluation.report import JudgeRow
from summarizer.score import score_crc

#: criterion key in score.py -> (max points, what the judge is told)
CRITERIA: dict[str, tuple[float, str]] = {
    "objective": (1.0, "Clarté de l'objectif : le résultat de l'échange exprimé en une seule phrase claire (0, 0.5 ou 1)."),
    "facts": (1.0, "Faits saillants : 5 à 7 points factuels, sans opinion ni jugement (0, 0.5 ou 1)."),
    "decisions": (2.0, "Décisions formalisées : au moins 2 décisions, rédigées au présent, pas des souhaits (0 à 2 par pas de 0.5)."),
}

ENV_HELP = "juge LLM non configuré : définissez CRC_LLM_MODEL et OPENAI_BASE_URL (ou OPENAI_API_KEY)."

_SYSTEM = (
    "Tu évalues un compte rendu commercial (CRC) selon un barème. Réponds uniquement par un objet JSON "
    '{"objective": nombre, "facts": nombre, "decisions": nombre, "comment": "une phrase"}. '
    "Des repères entre crochets ([PERSONNE_1], [EMAIL_1], [CLIENT_1]…) remplacent des noms et coordonnées "
    "pseudonymisés : lis-les comme les valeurs qu'ils remplacent, sans effet sur la note."
)


def judge_settings() -> Any:
    """The LLM settings, or :class:`ConfigError` with the variables to set."""
    from summarizer.extract.llm.settings import load_settings

    settings = load_settings()
    if not settings.model or not (settings.base_url or settings.api_key):
        raise ConfigError(ENV_HELP)
    return settings.require()


def judge_messages(crc: CRC) -> list[dict[str, str]]:
    body = {
        "objective": crc.objective,
        "facts": [f.text for f in crc.facts],
        "decisions": [d.text for d in crc.decisions],
    }
    rubric = "\n".join(f"- {key} (max {mx:g}) : {text}" for key, (mx, text) in CRITERIA.items())
    return [
        {"role": "system", "content": _SYSTEM},
        {"role": "user", "content": f"Barème :\n{rubric}\n\nCRC :\n{json.dumps(body, ensure_ascii=False, indent=1)}"},
    ]


def parse_verdict(text: str) -> tuple[dict[str, float], str | None]:
    """Scores clamped to each criterion's range and rounded to 0.5; tolerant of prose around the JSON."""
    m = re.search(r"\{.*\}", text or "", re.S)
    if not m:
        raise BackendError("réponse du juge sans objet JSON.")
    try:
        data = json.loads(m.group(0))
    except json.JSONDecodeError as exc:
        raise BackendError(f"réponse du juge illisible (JSON invalide : {exc.msg}).") from exc
    scores: dict[str, float] = {}
    for key, (mx, _) in CRITERIA.items():
        value = data.get(key)
        if isinstance(value, (int, float)):
            scores[key] = min(mx, max(0.0, round(float(value) * 2) / 2))
    comment = data.get("comment")
    return scores, comment if isinstance(comment, str) else None


class Judge:
    """One client for the whole run; ``rate`` returns one row per criterion."""

    def __init__(self, settings: Any | None = None) -> None:
        from summarizer.extract.llm.transport import CallStats, make_client, robust_create

        self.settings = settings or judge_settings()
        self.stats = CallStats()
        self._create = robust_create(make_client(self.settings), self.settings, self.stats)

    def rate(self, case: str, backend: str, crc: CRC) -> list[JudgeRow]:
        from summarizer.extract.llm.redact import call_pseudonyms
        from summarizer.extract.llm.transport import translate_error

        texts = [crc.objective or "", *(f.text for f in crc.facts), *(d.text for d in crc.decisions)]
        pseudo = call_pseudonyms(self.settings, texts, crc.meeting.language, [p.name for p in crc.participants],
                                 crc.meeting.client, None, _SYSTEM + "".join(t for _, t in CRITERIA.values()))
        create = pseudo.wrap(self._create) if pseudo else self._create
        try:
            response = create(
                model=self.settings.model, messages=judge_messages(crc), temperature=0.0,
                max_tokens=300,
            )
        except Exception as exc:
            raise translate_error(exc, self.settings) from exc
        content = response.choices[0].message.content or ""
        scores, comment = parse_verdict(content)
        rubric = {c.key: c.points for c in score_crc(crc).criteria}
        return [
            JudgeRow(case=case, backend=backend, criterion=key, judge=scores.get(key), rubric=rubric.get(key, 0.0),
                     max=mx, comment=comment)
            for key, (mx, _) in CRITERIA.items()
        ]


def agreement(rows: Sequence[JudgeRow]) -> dict[str, dict[str, float | None]]:
    """Per backend: share of criteria where judge and rubric give the same points, and their MAE."""
    out: dict[str, dict[str, float | None]] = {}
    for backend in sorted({r.backend for r in rows}):
        rated = [r for r in rows if r.backend == backend and r.judge is not None]
        diffs = [abs((r.judge or 0.0) - r.rubric) for r in rated]
        out[backend] = {
            "agreement": sum(d < 0.25 for d in diffs) / len(diffs) if diffs else None,
            "mae": statistics.fmean(diffs) if diffs else None,
            "rated": float(len(rated)),
        }
        for key in CRITERIA:
            per = [abs((r.judge or 0.0) - r.rubric) for r in rated if r.criterion == key]
            out[backend][f"{key}.mae"] = statistics.fmean(per) if per else None
    return out
