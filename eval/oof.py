"""Honest figures on a tune half: the rules backend with out-of-fold clause probabilities.

The shipped clause model learned from every tune call, so its figures on the tune half flatter it (on
calls-dev, decisions F1 0.70 in sample against 0.29 out of fold, before the grammar readings). This script
retrains each category's regression of one language in grouped folds over the tune calls (as
``train_clause_model.py`` does for its thresholds), gives each tune call the probabilities of the fold that
never saw it, and runs ``crc eval`` on that half: the figure to iterate on, measure being for the end.
Needs scikit-learn, like the training script.

    .venv/bin/pip install scikit-learn
    PYTHONHASHSEED=0 .venv/bin/python eval/oof.py calls-dev --language fr
    PYTHONHASHSEED=0 .venv/bin/python eval/oof.py ami-en --relax 1.5 2 3   # the task relax factor to try
    PYTHONHASHSEED=0 .venv/bin/python eval/oof.py calls-dev --report /tmp/oof.json   # the whole report
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

SHOWN = ("commitments.precision", "commitments.recall", "commitments.f1", "owner_accuracy", "due_date_accuracy",
         "decisions.precision", "decisions.recall", "decisions.f1", "risks.precision", "risks.recall", "risks.f1",
         "facts.recall", "participant_side_accuracy", "traps_extracted", "false_commitments_per_call")
Key = tuple[int, str]


def out_of_fold(language: str) -> dict[Key, dict[str, list[float]]]:
    """Per tune call of ``language`` (keyed by its clause count and first clause), each category's
    probability of each clause from the fold that left that call out."""
    import numpy as np
    import train_clause_model as trainer
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from summarizer.evaluation.gold import load_gold
    from summarizer.extract.rules.clauses import split_clauses
    from summarizer.ingest.transcript import read_transcript

    rows: list[tuple[int, dict[str, float], dict[str, int]]] = []
    keys: list[Key] = []
    for path in trainer.tune_cases():
        found, feats, labels = trainer.case_rows(path)
        if found != language:
            continue
        gold = load_gold(path)
        clauses = []
        for seg in read_transcript(path.parent / gold.transcript).segments:
            clauses.extend(split_clauses(seg, len(clauses)))
        keys.append((len(clauses), clauses[0].text if clauses else ""))
        rows.extend((len(keys) - 1, f, {cat: labels[cat][i] for cat in labels}) for i, f in enumerate(feats))
    vec = DictVectorizer()
    x = vec.fit_transform([r[1] for r in rows])
    groups = np.array([r[0] for r in rows])
    out: dict[Key, dict[str, list[float]]] = {}
    for cat in trainer.GOLD_SECTIONS:
        y = np.array([r[2][cat] for r in rows])
        oof = np.zeros(len(y))
        for train, test in GroupKFold(n_splits=5).split(x, y, groups):
            clf = LogisticRegression(C=0.3, max_iter=3000, class_weight={0: 1, 1: 3}).fit(x[train], y[train])
            oof[test] = clf.predict_proba(x[test])[:, 1]
        for (call, _, _), p in zip(rows, oof, strict=True):
            out.setdefault(keys[call], {}).setdefault(cat, []).append(float(p))
    return out


def _patch_learned(table: dict[Key, dict[str, list[float]]]) -> None:
    """``findings.Learned.of`` reads the out-of-fold probabilities of the calls it knows, for the categories
    the package ships a model of."""
    from summarizer.extract.rules import findings

    shipped = findings.Learned.of.__func__  # type: ignore[attr-defined]

    def of(cls: type[findings.Learned], clauses: list, people: object, language: str) -> findings.Learned:
        learned: findings.Learned = shipped(cls, clauses, people, language)
        for cat, probs in table.get((len(clauses), clauses[0].text if clauses else ""), {}).items():
            if cat in learned.probs:
                learned.probs[cat] = probs
                best: dict[int, float] = {}
                for c, value in zip(clauses, probs, strict=True):
                    best[c.seg.index] = max(best.get(c.seg.index, 0.0), value)
                learned.by_segment[cat] = best
        return learned

    findings.Learned.of = classmethod(of)  # type: ignore[method-assign, assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a folder of ../shared/corpora with a tune half in eval/splits.json")
    parser.add_argument("--language", default=None,
                        help="fr or en (default: en for ami-en, else both: calls-dev has calls in each)")
    parser.add_argument("--relax", type=float, nargs="*", help="multiples of the task threshold to try")
    parser.add_argument("--report", type=Path, help="write the whole eval report (JSON) here")
    args = parser.parse_args()

    from summarizer.evaluation.runner import run_eval
    from summarizer.extract.rules import extractor

    languages = [args.language] if args.language else ["en"] if args.corpus.endswith("-en") else ["fr", "en"]
    _patch_learned({key: probs for language in languages for key, probs in out_of_fold(language).items()})
    tune = json.loads((ROOT / "eval" / "splits.json").read_text(encoding="utf-8"))["corpora"][args.corpus]["tune"]
    for relax in args.relax or [extractor.LEARNED_TASK_RELAX]:
        extractor.LEARNED_TASK_RELAX = relax
        report = run_eval(ROOT.parent / "shared" / "corpora" / args.corpus, ["rules"],
                          split_of=dict.fromkeys(tune, "tune"), only="tune")
        overall = report.overall["rules"]
        print(relax, {k: None if overall.get(k) is None else round(overall[k], 3) for k in SHOWN})
        if args.report is not None:
            args.report.write_text(report.model_dump_json(indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
