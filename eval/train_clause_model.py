"""Train the rules backend's clause classifier on the tune halves of the corpora (never on eval/holdout).

    .venv/bin/pip install scikit-learn
    .venv/bin/python eval/train_clause_model.py            # writes summarizer/extract/rules/clause_model.json
    .venv/bin/python eval/train_clause_model.py --report   # also prints cross-validated clause-level P/R/F1

A clause is labelled with a category when a gold item of that category cites it (its evidence quote
overlaps the clause in the cited segment). One logistic regression per language and category; the
threshold of each is chosen by cross-validation over calls (grouped folds), for F1 at clause level.
The weights are written as plain JSON, read at run time by ``summarizer.extract.rules.clause_model``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
OUT = ROOT / "summarizer" / "extract" / "rules" / "clause_model.json"

#: a category whose cross-validated clause F1 is below this is left to the cue rules
MIN_CV_F1 = 0.2
#: a vendor-side model must tell the sides apart at least this often in cross-validation to ship
MIN_SIDE_ACCURACY = 0.75
GOLD_SECTIONS = {"decision": "decisions", "risk": "risks", "commitment": "commitments", "fact": "facts"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9']+", text))


def tune_cases() -> list[Path]:
    """Gold files the model may learn from: samples/ and the tune half of each split corpus."""
    splits = json.loads((ROOT / "eval" / "splits.json").read_text(encoding="utf-8"))
    out = sorted((ROOT / "samples").glob("*.gold.json"))
    for corpus, parts in splits["corpora"].items():
        for stem in parts["tune"]:
            out.extend(sorted((CORPORA / corpus).glob(f"{stem}.gold.json")))
    return out


def _overlaps(clause: str, quote: str) -> bool:
    if not clause or not quote:
        return False
    if quote in clause or clause in quote:
        return True
    cw, qw = set(clause.split()), set(quote.split())
    return len(cw & qw) >= max(3, 0.6 * min(len(cw), len(qw)))


def case_rows(gold_path: Path) -> tuple[str, list[dict[str, float]], dict[str, list[int]]]:
    """(language, features per clause, 0/1 labels per category) of one annotated call."""
    from summarizer.crc import Side
    from summarizer.evaluation.gold import load_gold
    from summarizer.extract.base import ExtractContext, detect_language
    from summarizer.extract.rules.clause_model import clause_features
    from summarizer.extract.rules.clauses import split_clauses
    from summarizer.extract.rules.participants import infer_participants
    from summarizer.grounding import quote_in_text
    from summarizer.ingest.transcript import read_transcript

    gold = load_gold(gold_path)
    transcript = read_transcript(gold_path.parent / gold.transcript)
    language = gold.language if gold.language in ("fr", "en") else detect_language(transcript)
    ctx = ExtractContext(meeting_date=gold.meeting_date, client=gold.client, vendor=gold.vendor, language=language)
    clauses = []
    for seg in transcript.segments:
        clauses.extend(split_clauses(seg, len(clauses)))
    people = infer_participants(transcript, clauses, ctx)
    sides = {speaker: p.side.value for speaker, p in people.by_speaker.items() if p.side != Side.unknown}
    feats = [clause_features(clauses, i, sides) for i in range(len(clauses))]
    labels = {cat: [0] * len(clauses) for cat in GOLD_SECTIONS}
    for cat, section in GOLD_SECTIONS.items():
        for item in getattr(gold, section):
            for quote in item.evidence:
                q = _fold(quote)
                for i, c in enumerate(clauses):
                    if quote_in_text(quote, c.seg.text) and _overlaps(_fold(c.text), q):
                        labels[cat][i] = 1
    return language, feats, labels


def _weights(vec: Any, clf: Any) -> dict[str, float]:
    """A fitted logistic regression as the JSON the package reads: weights by feature name (the
    negligible ones dropped), the intercept folded into ``bias``."""
    names = vec.get_feature_names_out()
    w = {str(names[k]): round(float(v), 4) for k, v in enumerate(clf.coef_[0]) if abs(v) >= 0.01}
    w["bias"] = round(float(clf.intercept_[0]) + w.get("bias", 0.0), 4)
    return w


def side_rows(gold_path: Path) -> tuple[str, list[tuple[dict[str, float], int]]]:
    """(language, [(speaker features, 1 if vendor else 0)]) of one call, speakers named as the pipeline names them."""
    from summarizer.evaluation.gold import load_gold
    from summarizer.extract.base import ExtractContext, detect_language
    from summarizer.extract.rules.clauses import split_clauses
    from summarizer.extract.rules.participants import speaker_side_features
    from summarizer.ingest.speaker_labels import name_placeholder_speakers
    from summarizer.ingest.transcript import read_transcript
    from summarizer.names import name_key
    from summarizer.pipeline import parse_participants

    gold = load_gold(gold_path)
    transcript = read_transcript(gold_path.parent / gold.transcript)
    language = gold.language if gold.language in ("fr", "en") else detect_language(transcript)
    named = name_placeholder_speakers(transcript, [], language)
    transcript = named.transcript
    hints = parse_participants(list(named.side_hints()))
    ctx = ExtractContext(meeting_date=gold.meeting_date, client=gold.client, vendor=gold.vendor, language=language,
                         participants=hints)
    clauses = []
    for seg in transcript.segments:
        clauses.extend(split_clauses(seg, len(clauses)))
    sides = {name_key(p.name): p.side for p in gold.participants if p.side in ("vendor", "client")}
    firsts = {name_key(p.name.split()[0]): p.side for p in gold.participants if p.side in ("vendor", "client")}
    rows = []
    for speaker, feats in speaker_side_features(transcript, clauses, ctx).items():
        side = sides.get(name_key(speaker)) or firsts.get(name_key(speaker.split()[0]) if speaker.split() else None)
        if side is not None:
            rows.append((feats, 1 if getattr(side, "value", side) == "vendor" else 0))
    return language, rows


def train_side(report: bool) -> dict[str, dict[str, float]]:
    """One vendor-side logistic regression per language, over the speakers of the tune calls."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    by_lang: dict[str, list[tuple[int, dict[str, float], int]]] = {}
    for n, path in enumerate(tune_cases()):
        language, rows = side_rows(path)
        by_lang.setdefault(language, []).extend((n, f, y) for f, y in rows)
    out: dict[str, dict[str, float]] = {}
    for language, rows in sorted(by_lang.items()):
        vec = DictVectorizer()
        x = vec.fit_transform([r[1] for r in rows])
        y = np.array([r[2] for r in rows])
        groups = np.array([r[0] for r in rows])
        if len(set(y)) < 2 or len(set(groups)) < 5:
            continue
        oof = np.zeros(len(y))
        for tr, te in GroupKFold(n_splits=5).split(x, y, groups):
            oof[te] = LogisticRegression(C=0.3, max_iter=3000).fit(x[tr], y[tr]).predict_proba(x[te])[:, 1]
        accuracy = float(((oof >= 0.5) == y).mean())
        if report:
            print(f"{language} side       {len(y)} speakers, cv accuracy {accuracy:.2f}", file=sys.stderr)
        if accuracy < MIN_SIDE_ACCURACY:
            continue
        clf = LogisticRegression(C=0.3, max_iter=3000).fit(x, y)
        out[language] = _weights(vec, clf)
    return out


def train(report: bool) -> dict[str, object]:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import precision_recall_fscore_support
    from sklearn.model_selection import GroupKFold

    by_lang: dict[str, list[tuple[int, dict[str, float], dict[str, int]]]] = {}
    for n, path in enumerate(tune_cases()):
        language, feats, labels = case_rows(path)
        rows = by_lang.setdefault(language, [])
        rows.extend((n, f, {cat: labels[cat][i] for cat in labels}) for i, f in enumerate(feats))
    model: dict[str, object] = {}
    for language, rows in sorted(by_lang.items()):
        vec = DictVectorizer()
        x = vec.fit_transform([r[1] for r in rows])
        groups = np.array([r[0] for r in rows])
        weights: dict[str, dict[str, float]] = {}
        thresholds: dict[str, float] = {}
        for cat in GOLD_SECTIONS:
            y = np.array([r[2][cat] for r in rows])
            if y.sum() < 10:
                continue
            oof = np.zeros(len(y))
            for train_idx, test_idx in GroupKFold(n_splits=5).split(x, y, groups):
                clf = LogisticRegression(C=0.3, max_iter=3000, class_weight={0: 1, 1: 3})
                clf.fit(x[train_idx], y[train_idx])
                oof[test_idx] = clf.predict_proba(x[test_idx])[:, 1]
            best = max((precision_recall_fscore_support(y, oof >= t, average="binary", zero_division=0)[2], t)
                       for t in np.arange(0.2, 0.9, 0.025))
            if best[0] < MIN_CV_F1:  # no better than the cues: ship nothing, the rules keep this category
                print(f"{language} {cat:10s} cv F1 {best[0]:.2f} < {MIN_CV_F1}: not shipped", file=sys.stderr)
                continue
            clf = LogisticRegression(C=0.3, max_iter=3000, class_weight={0: 1, 1: 3}).fit(x, y)
            weights[cat], thresholds[cat] = _weights(vec, clf), round(float(best[1]), 3)
            if report:
                p, r, f, _ = precision_recall_fscore_support(y, oof >= best[1], average="binary", zero_division=0)
                print(f"{language} {cat:10s} n+={int(y.sum()):4d}/{len(y)} cv P {p:.2f} R {r:.2f} F1 {f:.2f} "
                      f"at {best[1]:.3f}; {len(weights[cat])} weights", file=sys.stderr)
        model[language] = {"weights": weights, "thresholds": thresholds}
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="print cross-validated clause-level figures")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    model = train(args.report)
    for language, weights in train_side(args.report).items():
        model.setdefault(language, {"weights": {}, "thresholds": {}})["side"] = weights  # type: ignore[index]
    OUT.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
