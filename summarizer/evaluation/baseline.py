"""The regression gate: compare overall metrics with a previous run's ``report.json``.

"Higher is better" ratios may not drop by more than the tolerance; lower-is-better
counts (traps extracted, hallucinated owners, case errors) may not increase at
all; WER may not rise by more than the tolerance, the score MAE (out of 10) by
more than ten times it. Timing and cost figures are shown, never gated: they
depend on the machine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from summarizer.errors import InputError
from summarizer.evaluation.metrics import METRIC_BY_KEY, METRICS

Overall = dict[str, dict[str, float | None]]

_EPS = 1e-9


class Delta(BaseModel):
    backend: str
    metric: str
    baseline: float | None
    current: float | None
    delta: float | None
    regression: bool = False


class Comparison(BaseModel):
    baseline: str
    tolerance: float
    deltas: list[Delta] = Field(default_factory=list)
    regressions: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.regressions)

    def delta(self, backend: str, metric: str) -> Delta | None:
        return next((d for d in self.deltas if d.backend == backend and d.metric == metric), None)


def load_baseline(path: Path) -> Overall:
    """The ``overall`` block of a report.json (full or trimmed), and each split's (``rules@measure``)."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path} : baseline illisible ({exc.strerror}).") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} : baseline n'est pas du JSON valide (ligne {exc.lineno}).") from exc
    overall = data.get("overall") if isinstance(data, dict) else None
    if not isinstance(overall, dict) or not all(isinstance(v, dict) for v in overall.values()):
        raise InputError(f"{path} : pas de bloc « overall » ; attendu un report.json écrit par `crc eval`.")
    split = data.get("split")
    columns = {f"{b}@{split}" if split else b: m for b, m in overall.items()}
    splits = data.get("splits") or {}
    if isinstance(splits, dict):
        for name, per_backend in splits.items():
            if isinstance(per_backend, dict):
                columns.update({f"{b}@{name}": m for b, m in per_backend.items() if isinstance(m, dict)})
    return {str(b): {str(k): (float(v) if isinstance(v, (int, float)) else None) for k, v in m.items()}
            for b, m in columns.items()}


def _is_regression(metric: str, base: float, cur: float, tolerance: float) -> bool:
    spec = METRIC_BY_KEY[metric]
    if spec.direction == "info":
        return False
    if spec.direction == "higher":
        return cur < base - tolerance - _EPS
    if spec.kind == "count":
        return cur > base + _EPS
    if spec.kind == "points":
        return cur > base + tolerance * 10 + _EPS
    return cur > base + tolerance + _EPS


def compare(current: Overall, baseline: Overall, tolerance: float, baseline_name: str = "baseline") -> Comparison:
    cmp = Comparison(baseline=baseline_name, tolerance=tolerance)
    for backend, metrics in current.items():
        base = baseline.get(backend)
        if base is None:
            cmp.notes.append(f"backend {backend} absent de la baseline : pas de comparaison.")
            continue
        if base.get("cases") is not None and metrics.get("cases") != base.get("cases"):
            cmp.notes.append(
                f"{backend} : {metrics.get('cases'):g} cas contre {base.get('cases'):g} dans la baseline."
            )
        for spec in METRICS:
            cur, ref = metrics.get(spec.key), base.get(spec.key)
            delta = cur - ref if cur is not None and ref is not None else None
            bad = delta is not None and _is_regression(spec.key, ref, cur, tolerance)  # type: ignore[arg-type]
            cmp.deltas.append(Delta(backend=backend, metric=spec.key, baseline=ref, current=cur, delta=delta, regression=bad))
            if bad:
                cmp.regressions.append(f"{backend} · {spec.label} ({spec.key}) : {ref:.3f} → {cur:.3f}")
            elif ref is not None and cur is None and spec.direction != "info":
                cmp.notes.append(f"{backend} · {spec.key} : plus mesurable (baseline {ref:.3f}).")
    return cmp


def trim_for_baseline(report_json: dict[str, Any]) -> dict[str, Any]:
    """What the gate needs, small enough to review in a diff: overall metrics and the case list."""
    return {
        "tool": report_json.get("tool"),
        "created_at": report_json.get("created_at"),
        "cases_dir": report_json.get("cases_dir"),
        "backends": report_json.get("backends"),
        "overall": report_json.get("overall"),
        "split": report_json.get("split"),
        "splits": report_json.get("splits") or {},
        "cases": sorted({c["case"] for c in report_json.get("cases", [])}),
    }
