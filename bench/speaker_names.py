"""Names for diarized speakers on calls-dev: labels named right / left as label / named wrong, and owners.

The diarized calls of `../shared/corpora/calls-dev` are those whose transcript has a label that is
not a name ("Locuteur 2", "SPEAKER_01", "Vendeur"). Sorted by file name, the even ones are the
tuning half, the odd ones the measured half. The truth for a label is the gold participant its
turns speak for: every commitment with an owner votes, through the segments its evidence cites, for
that owner on the speaker of each segment; labels and participants are then paired one-to-one to
maximise the votes (a label without votes, or a tie, has no truth; the last label and participant
left pair up). A name is right when it is the participant's name or shares a name word with that
participant only (an ASR-mangled surname still names the right person).

A third table takes the calls whose labels are names, replaces each label by "SPEAKER_0N" and
checks the names found against the original labels (never tuned on).

Owner accuracy is `crc eval --backend rules` on a folder of symlinks to one half (with golds),
in-process, with the naming step (before: turned off, after: on).

    .venv/bin/python bench/speaker_names.py [--corpus ../shared/corpora/calls-dev] [--no-eval]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.evaluation.gold import Gold, load_gold, locate  # noqa: E402
from summarizer.ingest.speaker_labels import NamedSpeakers, is_placeholder, name_placeholder_speakers  # noqa: E402
from summarizer.ingest.transcript import Transcript, read_transcript  # noqa: E402
from summarizer.names import name_key  # noqa: E402


def diarized_cases(corpus: Path) -> list[Path]:
    """Gold files, sorted by name, whose transcript has a placeholder label."""
    out = []
    for gold_path in sorted(corpus.glob("*.gold.json")):
        transcript = read_transcript(gold_path.parent / load_gold(gold_path).transcript)
        if any(is_placeholder(label) for label in transcript.speakers):
            out.append(gold_path)
    return out


def truth(gold: Gold, transcript: Transcript) -> dict[str, str]:
    """Label -> gold participant, from the commitments' owners and the segments their evidence cites."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for item in gold.commitments:
        if item.owner:
            for quote in item.evidence:
                for index in locate(quote, transcript):
                    speaker = transcript.segments[index].speaker
                    if speaker:
                        votes[speaker][item.owner] += 1
    labels = [label for label in transcript.speakers if is_placeholder(label)]
    people = [p.name for p in gold.participants]
    best: tuple[int, tuple[tuple[str, str], ...]] = (-1, ())
    if len(labels) <= len(people):
        pairings = (tuple(zip(labels, chosen, strict=True)) for chosen in itertools.permutations(people, len(labels)))
    else:
        pairings = (tuple(zip(order, people, strict=True)) for order in itertools.permutations(labels, len(people)))
    for pairs in pairings:  # one-to-one, most votes (at most 8! pairings)
        total = sum(votes[label][person] for label, person in pairs)
        if total > best[0]:
            best = (total, pairs)
    mapping = {label: person for label, person in best[1] if votes[label][person] > 0}
    left_labels = [label for label in labels if label not in mapping]
    left_people = [p for p in people if p not in mapping.values()]
    if len(left_labels) == 1 and len(left_people) == 1:
        mapping[left_labels[0]] = left_people[0]
    return mapping


def _word_match(a: str, b: str) -> bool:
    """The same name word, ASR spelling aside ("Bessières"/"Bessière", "Fournier"/"Fournié")."""
    return len(a) > 2 and len(b) > 2 and (a == b or SequenceMatcher(None, a, b).ratio() >= 0.85)


def verdict(name: str | None, person: str, people: list[str]) -> str:
    """right / label / wrong for the name a label was given: right when it is the participant's name or
    shares a name word with that participant only."""
    if name is None:  # a person the call never names keeps the label in the gold too
        return "right" if is_placeholder(person) else "label"
    if name_key(name) == name_key(person):
        return "right"
    words = [*name_key(name).split(), name_key(name).replace(" ", "")]  # "Perry Chon" is "Perrichon" split by ASR
    sharing = [p for p in people if any(_word_match(w, v) for w in words for v in name_key(p).split())]
    return "right" if sharing == [person] else "wrong"


def naming_table(cases: list[Path]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for gold_path in cases:
        gold = load_gold(gold_path)
        transcript = read_transcript(gold_path.parent / gold.transcript)
        named = name_placeholder_speakers(transcript, language=gold.language)
        people = [p.name for p in gold.participants]
        answer = truth(gold, transcript)
        for label in transcript.speakers:
            if not is_placeholder(label):
                continue
            name = named.renamed.get(label)
            if label not in answer:
                v = "no truth" if name is None else "named, no truth"
            else:
                v = verdict(name, answer[label], people)
            counts[v] += 1
            print(f"  {gold_path.name[:40]:40} {label:11} -> {name or '(label)':28} truth {answer.get(label, '?'):22} {v}")
    return counts


def anonymised_table(corpus: Path) -> Counter[str]:
    """The calls whose labels are names, each label replaced by "SPEAKER_0N": the truth is the label."""
    counts: Counter[str] = Counter()
    for gold_path in sorted(corpus.glob("*.gold.json")):
        gold = load_gold(gold_path)
        transcript = read_transcript(gold_path.parent / gold.transcript)
        labels = transcript.speakers
        if not labels or any(is_placeholder(label) for label in labels):
            continue
        blank = {label: f"SPEAKER_{n:02d}" for n, label in enumerate(labels)}
        segments = [s.model_copy(update={"speaker": blank.get(s.speaker or "", s.speaker)}) for s in transcript.segments]
        named = name_placeholder_speakers(transcript.model_copy(update={"segments": segments}), language=gold.language)
        for label in labels:
            name = named.renamed.get(blank[label])
            v = verdict(name, label, labels)
            counts[v] += 1
            if v == "wrong":
                print(f"  {gold_path.name[:40]:40} {label:24} -> {name}  wrong")
    return counts


def _shares(counts: Counter[str]) -> str:
    judged = counts["right"] + counts["label"] + counts["wrong"]
    if not judged:
        return "nothing judged"
    return ", ".join(f"{k} {counts[k]}/{judged} ({counts[k] / judged:.0%})" for k in ("right", "label", "wrong"))


def owner_accuracy(cases: list[Path], naming: bool) -> tuple[float | None, float | None]:
    """(owner accuracy, participant side accuracy) of `crc eval --backend rules` on these cases."""
    from summarizer.evaluation.runner import run_eval

    with tempfile.TemporaryDirectory(prefix="crc-speaker-names-") as tmp:
        folder = Path(tmp)
        for gold_path in cases:
            (folder / gold_path.name).symlink_to(gold_path.resolve())
            source = gold_path.parent / load_gold(gold_path).transcript
            (folder / source.name).symlink_to(source.resolve())
        off = mock.patch("summarizer.pipeline.name_placeholder_speakers", lambda t, *a, **k: NamedSpeakers(t))
        if naming:
            report = run_eval(folder, ["rules"])
        else:
            with off:
                report = run_eval(folder, ["rules"])
    overall = report.overall["rules"]
    return overall.get("owner_accuracy"), overall.get("participant_side_accuracy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "calls-dev")
    parser.add_argument("--no-eval", action="store_true", help="naming only, no crc eval")
    args = parser.parse_args()
    cases = diarized_cases(args.corpus)
    halves = {"tune": cases[0::2], "measure": cases[1::2]}
    for half, chosen in halves.items():
        print(f"{half}: {', '.join(p.name.removesuffix('.gold.json') for p in chosen)}")
        counts = naming_table(chosen)
        print(f"{half}: labels {_shares(counts)}; without truth: {counts['no truth']} left, {counts['named, no truth']} named")
        if not args.no_eval:
            before = owner_accuracy(chosen, naming=False)
            after = owner_accuracy(chosen, naming=True)
            fmt = lambda v: "n/a" if v is None else f"{v:.2f}"  # noqa: E731
            print(f"{half}: owner accuracy {fmt(before[0])} -> {fmt(after[0])}, "
                  f"participant sides {fmt(before[1])} -> {fmt(after[1])} (crc eval --backend rules, before -> after)")


    print("named calls, labels replaced by SPEAKER_0N (never tuned on):")
    print(f"anonymised: labels {_shares(anonymised_table(args.corpus))}")


if __name__ == "__main__":
    main()
