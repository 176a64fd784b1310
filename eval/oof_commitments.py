"""Honest figures on a tune half: the rules backend with out-of-fold commitment probabilities.

The shipped clause model learned from every tune call, so its figures on the tune half flatter it. This
script retrains the commitment regression of one language in grouped folds over the tune calls (as
``train_clause_model.py`` does for its thresholds), gives each tune call the probabilities of the fold
that never saw it, and runs ``crc eval`` on that half. Needs scikit-learn, like the training script.

    .venv/bin/pip install scikit-learn
    PYTHONHASHSEED=0 .venv/bin/python eval/oof_commitments.py ami-en            # relax factor of the package
    PYTHONHASHSEED=0 .venv/bin/python eval/oof_commitments.py ami-en --relax 1.5 2 3
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

SHOWN = ("commitments.precision", "commitments.recall", "commitments.f1", "owner_accuracy",
         "false_commitments_per_call")


def out_of_fold(language: str) -> dict[tuple[int, str], list[float]]:
    """Per tune call of ``language`` (keyed by its clause count and first clause), the commitment
    probability of each clause from the fold that left that call out."""
    import numpy as np
    import train_clause_model as trainer
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from summarizer.evaluation.gold import load_gold
    from summarizer.extract.rules.clauses import split_clauses
    from summarizer.ingest.transcript import read_transcript

    rows: list[tuple[int, dict[str, float], int]] = []
    keys: list[tuple[int, str]] = []
    for path in trainer.tune_cases():
        found, feats, labels = trainer.case_rows(path)
        if found != language:
            continue
        gold = load_gold(path)
        clauses = []
        for seg in read_transcript(path.parent / gold.transcript).segments:
            clauses.extend(split_clauses(seg, len(clauses)))
        keys.append((len(clauses), clauses[0].text if clauses else ""))
        rows.extend((len(keys) - 1, f, labels["commitment"][i]) for i, f in enumerate(feats))
    vec = DictVectorizer()
    x = vec.fit_transform([r[1] for r in rows])
    y = np.array([r[2] for r in rows])
    groups = np.array([r[0] for r in rows])
    oof = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        clf = LogisticRegression(C=0.3, max_iter=3000, class_weight={0: 1, 1: 3}).fit(x[train], y[train])
        oof[test] = clf.predict_proba(x[test])[:, 1]
    out: dict[tuple[int, str], list[float]] = {}
    for (call, _, _), p in zip(rows, oof, strict=True):
        out.setdefault(keys[call], []).append(float(p))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a folder of ../shared/corpora with a tune half in eval/splits.json")
    parser.add_argument("--language", default="en")
    parser.add_argument("--relax", type=float, nargs="*", help="multiples of the threshold to try")
    args = parser.parse_args()

    from summarizer.evaluation.runner import run_eval
    from summarizer.extract.rules import extractor, findings

    table = out_of_fold(args.language)
    shipped = findings.Learned.of.__func__  # type: ignore[attr-defined]

    def of(cls: type[findings.Learned], clauses: list, people: object, language: str) -> findings.Learned:
        learned: findings.Learned = shipped(cls, clauses, people, language)
        probs = table.get((len(clauses), clauses[0].text if clauses else ""))
        if probs is not None and "commitment" in learned.probs:
            learned.probs["commitment"] = probs
        return learned

    findings.Learned.of = classmethod(of)  # type: ignore[method-assign, assignment]
    tune = json.loads((ROOT / "eval" / "splits.json").read_text(encoding="utf-8"))["corpora"][args.corpus]["tune"]
    for relax in args.relax or [extractor.LEARNED_TASK_RELAX]:
        extractor.LEARNED_TASK_RELAX = relax
        report = run_eval(ROOT.parent / "shared" / "corpora" / args.corpus, ["rules"],
                          split_of=dict.fromkeys(tune, "tune"), only="tune")
        overall = report.overall["rules"]
        print(relax, {k: None if overall[k] is None else round(overall[k], 3) for k in SHOWN})


if __name__ == "__main__":
    main()
