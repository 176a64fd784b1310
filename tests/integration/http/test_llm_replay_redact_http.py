"""``crc eval``'s own run of the llm backend with redaction on and off: no loss.

On the recorded calls-dev answers and on ``samples/`` (answers built from each sample's gold by
``tests/data/llm-replay/build_answers.py``). With redaction on, the scripted server answers with the
placeholders it was sent wherever the answer has a value it only saw as a placeholder, as a model shown
only pseudonymised lines would.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from llm_replay import CALLS_DEV, REPLAY, recorded, replay_step
from openai_server import Reply, ScriptedServer
from test_llm_redact_http import learned, pseudonymised
from test_llm_replay_http import FIGURES, LONG

from summarizer.crc import CRC
from summarizer.evaluation.metrics import CaseResult, aggregate
from summarizer.evaluation.runner import run_case
from summarizer.extract.base import ExtractContext
from summarizer.extract.llm.extractor import extract_llm
from summarizer.extract.llm.settings import LlmSettings
from summarizer.ingest.speaker_labels import is_placeholder
from summarizer.ingest.transcript import Transcript

CALLS = sorted(p.name.removesuffix(".answer.json") for p in REPLAY.glob("*.answer.json"))
SAMPLES = Path(__file__).resolve().parents[3] / "samples"

needs_corpus = pytest.mark.skipif(not CALLS_DEV.is_dir(), reason="../shared/corpora/calls-dev is not here")


def _answering_with_placeholders(answer: dict[str, Any], seen: dict[str, Any]) -> Any:
    inner = replay_step(answer)

    def step(request: dict[str, Any]) -> Reply:
        reply = inner(request)
        mapping = learned(request, seen["transcript"], seen["ctx"])
        seen["placeholders"] += len(mapping)
        message = reply.body["choices"][0]["message"]
        for call in message.get("tool_calls") or []:
            call["function"]["arguments"] = pseudonymised(json.loads(call["function"]["arguments"]), mapping)
        if message.get("content"):
            message["content"] = pseudonymised(json.loads(message["content"]), mapping)
        seen["bodies"].append(json.dumps(request, ensure_ascii=False))
        return reply

    return step


def _run(gold: Path, answer: dict[str, Any], redact: str, context: int = 32000) -> tuple[CaseResult, CRC, dict[str, Any]]:
    seen: dict[str, Any] = {"placeholders": 0, "bodies": []}
    with ScriptedServer(default=_answering_with_placeholders(answer, seen)) as server:
        def extractor(transcript: Transcript, ctx: ExtractContext) -> CRC:
            seen.update(transcript=transcript, ctx=ctx)
            settings = LlmSettings(base_url=server.url, api_key="sk-test", model="test-model", mode="tools",
                                   timeout=20.0, deadline=60.0, backoff_initial=0.01, max_attempts=2,
                                   context_tokens=context, max_output_tokens=1024, max_concurrency=1, redact=redact)
            return extract_llm(transcript, ctx, settings)

        [row], crcs = run_case(gold, ["llm"], {"llm": extractor}, debug=True)
    assert row.error is None, f"{gold.name}: {row.error}"
    return row, crcs["llm"], seen


def _sample_answers() -> dict[str, dict[str, Any]]:
    """A strong model's answer for each sample, built from its gold like the recorded calls-dev ones."""
    sys.path.insert(0, str(REPLAY))
    try:
        import build_answers
    finally:
        sys.path.remove(str(REPLAY))
    corpus, build_answers.CORPUS = build_answers.CORPUS, SAMPLES
    try:
        return {p.name.removesuffix(".gold.json"): build_answers.build(p.name.removesuffix(".gold.json"))
                for p in sorted(SAMPLES.glob("*.gold.json"))}
    finally:
        build_answers.CORPUS = corpus


@pytest.fixture(scope="module")
def runs() -> dict[str, dict[str, tuple[CaseResult, CRC, dict[str, Any]]]]:
    return {redact: {name: _run(CALLS_DEV / f"{name}.gold.json", recorded(name), redact, 6144 if name == LONG else 32000)
                     for name in CALLS} for redact in ("on", "off")}


@needs_corpus
def test_eval_loses_nothing_with_redaction(runs: dict[str, Any]) -> None:
    on = aggregate([r[0] for r in runs["on"].values()])
    off = aggregate([r[0] for r in runs["off"].values()])
    assert on["errors"] == 0.0 and on["cases"] == float(len(CALLS))
    assert {k: on[k] for k in [*FIGURES, "grounding"]} == {k: off[k] for k in [*FIGURES, "grounding"]}
    for name in CALLS:
        row_on, crc_on, _ = runs["on"][name]
        row_off, crc_off, _ = runs["off"][name]
        assert {c: p.model_dump() for c, p in row_on.prf.items()} == {c: p.model_dump() for c, p in row_off.prf.items()}
        assert (row_on.owner, row_on.due_date, row_on.side) == (row_off.owner, row_off.due_date, row_off.side), name
        assert [(s.owner, s.due_date) for s in crc_on.next_steps] == [(s.owner, s.due_date) for s in crc_off.next_steps]


@needs_corpus
def test_the_calls_really_went_pseudonymised(runs: dict[str, Any]) -> None:
    for name in CALLS:
        _, crc, seen = runs["on"][name]
        assert seen["placeholders"] > 0 and crc.metadata.redaction.get("person", 0) >= 2, name
        speakers = {s for s in seen["transcript"].speakers if not is_placeholder(s)}  # "Locuteur 2" names nobody
        assert not [s for s in speakers for body in seen["bodies"] if s in body], name
        assert runs["off"][name][1].metadata.redaction == {}


def test_crc_eval_on_the_samples_loses_nothing_with_redaction() -> None:
    answers = _sample_answers()
    assert len(answers) >= 10
    rows: dict[str, list[CaseResult]] = {"on": [], "off": []}
    for name, answer in answers.items():
        for redact in ("on", "off"):
            row, _, seen = _run(SAMPLES / f"{name}.gold.json", answer, redact)
            rows[redact].append(row)
            assert (seen["placeholders"] > 0) is (redact == "on"), name
    on, off = aggregate(rows["on"]), aggregate(rows["off"])
    assert on["errors"] == 0.0 and on["cases"] == float(len(answers))
    assert {k: on[k] for k in [*FIGURES, "grounding"]} == {k: off[k] for k in [*FIGURES, "grounding"]}


@needs_corpus
def test_every_gold_name_is_replaced_in_the_first_requests(runs: dict[str, Any]) -> None:
    """Participants and owners of the gold, absent colleagues included, never given to crc (no ``-p``): each
    part of their names is replaced in what the model is first sent. (A re-ask may quote a name the
    recorded answer has and the call never said, which no model shown the pseudonymised call could write.)"""
    import re

    from summarizer.evaluation.gold import load_gold
    from summarizer.extract.llm.redact import name_parts

    checked, leaked = 0, []
    for name in CALLS:
        gold = load_gold(CALLS_DEV / f"{name}.gold.json")
        first = "\n".join(b for b in runs["on"][name][2]["bodies"] if len(json.loads(b)["messages"]) <= 2)
        people = {p.name for p in gold.participants} | {c.owner for c in gold.commitments if c.owner}
        for part in {n for p in people if not is_placeholder(p) for n in name_parts(p)}:
            checked += 1
            if re.search(rf"(?<!\w){re.escape(part)}(?!\w)", first):
                leaked.append((name, part))
    assert checked >= 80 and not leaked
