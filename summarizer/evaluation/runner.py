"""Run every backend on every gold case and collect per-case results.

A case is a ``*.gold.json`` file in the cases folder; its ``transcript`` key
names the transcript or recording beside it. A bad case (unreadable file,
invalid gold, quote not found) becomes an error row and the run goes on.
Extractors are injectable so tests can feed a degraded prediction.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from summarizer.crc import CRC
from summarizer.errors import CrcError, InputError
from summarizer.evaluation.gold import Gold, load_gold, resolve_gold
from summarizer.evaluation.metrics import CaseResult, aggregate, evaluate_crc
from summarizer.evaluation.report import EvalReport
from summarizer.extract.base import ExtractContext
from summarizer.files import atomic_write_text
from summarizer.ingest.transcript import Transcript
from summarizer.pipeline import RunOptions

Extractor = Callable[[Transcript, ExtractContext], CRC]
#: called after each case with (case name, number done, total)
ProgressHook = Callable[[str, int, int], None]

GOLD_SUFFIX = ".gold.json"


def discover_cases(cases_dir: Path) -> list[Path]:
    """Gold files of the folder (recursively), in a stable order."""
    if not cases_dir.is_dir():
        raise InputError(f"{cases_dir} : dossier de cas introuvable ; indiquez --cases DOSSIER.")
    return sorted(p for p in cases_dir.rglob(f"*{GOLD_SUFFIX}") if p.is_file())


def case_name(gold_path: Path) -> str:
    return gold_path.name[: -len(GOLD_SUFFIX)]


def pipeline_extractor(backend: str) -> Extractor:
    """The production path: the pipeline's backend dispatch (no fallback, errors surface)."""
    from summarizer.pipeline import extract

    def run(transcript: Transcript, ctx: ExtractContext) -> CRC:
        return extract(transcript, ctx, backend)

    return run


def _words(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("\u2019", "'")
    return " ".join(re.sub(r"[^\w'\s-]|(?<!\w)['-]|['-](?!\w)", " ", text).split())


def word_error_rate(reference: str, hypothesis: str) -> float:
    """WER after case and punctuation normalisation (jiwer)."""
    import jiwer

    ref, hyp = _words(reference), _words(hypothesis)
    if not ref:
        raise InputError("transcription de référence vide : WER impossible.")
    return float(jiwer.wer(ref, hyp))


def _load(source: Path, gold: Gold, options: RunOptions) -> tuple[Transcript, bool, float | None]:
    """(transcript, from_audio, RTF). Audio is transcribed afresh (no transcript cache) with the
    model already loaded, so the RTF measures transcription alone."""
    from summarizer.ingest.asr import AsrOptions, decode, is_audio, transcribe_decoded
    from summarizer.ingest.whisper_model import load_model
    from summarizer.pipeline import load_transcript

    if not (source.is_file() and is_audio(source)):
        return load_transcript(source, options)[0], False, None
    load_model(options.asr_model)
    audio = decode(source)
    asr = AsrOptions(model=options.asr_model, language=gold.language, client=gold.client)
    t0 = time.perf_counter()
    transcript = transcribe_decoded(audio, asr, source=source.name, progress=False)
    seconds = time.perf_counter() - t0
    return transcript, True, seconds / audio.duration


def _usage_tokens(crc: CRC) -> int | None:
    usage = crc.metadata.usage
    if not usage:
        return None
    if "total_tokens" in usage:
        return int(usage["total_tokens"])
    return int(usage.get("prompt_tokens", 0) + usage.get("completion_tokens", 0))


def _error_rows(name: str, backends: Sequence[str], message: str) -> list[CaseResult]:
    return [CaseResult(case=name, backend=b, error=message) for b in backends]


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, CrcError):
        return str(exc)
    return f"erreur interne ({type(exc).__name__}: {exc})"


def run_case(
    gold_path: Path,
    backends: Sequence[str],
    extractors: Mapping[str, Extractor],
    crc_dir: Path | None = None,
    debug: bool = False,
) -> tuple[list[CaseResult], dict[str, CRC]]:
    """Every backend on one case. Never raises for a bad case (unless ``debug``): returns error rows."""
    from summarizer.pipeline import build_context
    from summarizer.score import score_crc

    name = case_name(gold_path)
    try:
        gold: Gold = load_gold(gold_path)
        source = gold_path.parent / gold.transcript
        options = RunOptions(
            backend="rules", meeting_date=gold.meeting_date, client=gold.client, vendor=gold.vendor,
            language=gold.language, progress=False,
        )
        transcript, from_audio, rtf = _load(source, gold, options)
        resolved = resolve_gold(gold, transcript, gold_path.name, strict=not from_audio)
        ctx = build_context(source, transcript, options)
        wer = None
        if from_audio and gold.reference_transcript:
            ref_path = gold_path.parent / gold.reference_transcript
            try:
                reference = ref_path.read_text(encoding="utf-8")
            except OSError as exc:
                raise InputError(f"{ref_path.name} : transcription de référence illisible ({exc.strerror}).") from exc
            wer = word_error_rate(reference, " ".join(s.text for s in transcript.segments))
    except Exception as exc:
        if debug and not isinstance(exc, CrcError):
            raise
        return _error_rows(name, backends, _one_line(exc)), {}

    rows: list[CaseResult] = []
    crcs: dict[str, CRC] = {}
    for backend in backends:
        try:
            t0 = time.perf_counter()
            crc = extractors[backend](transcript, ctx)
            seconds = time.perf_counter() - t0
            result = evaluate_crc(crc, gold, resolved, transcript)
        except Exception as exc:
            if debug and not isinstance(exc, CrcError):
                raise
            rows.append(CaseResult(case=name, backend=backend, error=_one_line(exc)))
            continue
        result.case, result.backend = name, backend
        result.seconds = seconds
        result.tokens = _usage_tokens(crc)
        result.attempts = crc.metadata.attempts
        result.crc_score = score_crc(crc).total
        result.wer, result.rtf = wer, rtf
        if resolved.unresolved:
            result.notes.append(
                f"{len(resolved.unresolved)} citation(s) du gold absente(s) de la transcription ASR, "
                f"dont {resolved.unresolved[0]} : appariement par le texte pour ces éléments."
            )
        rows.append(result)
        crcs[backend] = crc
        if crc_dir is not None:
            atomic_write_text(crc_dir / f"{name}.{backend}.crc.json", crc.model_dump_json(indent=2))
    return rows, crcs


def run_eval(
    cases_dir: Path,
    backends: Sequence[str],
    extractors: Mapping[str, Extractor] | None = None,
    crc_dir: Path | None = None,
    on_case: ProgressHook | None = None,
    on_crc: Callable[[str, str, CRC], None] | None = None,
    debug: bool = False,
) -> EvalReport:
    """The whole evaluation; ``on_crc(case, backend, crc)`` lets the judge see each CRC."""
    chosen = {b: (extractors or {}).get(b) or pipeline_extractor(b) for b in backends}
    gold_paths = discover_cases(cases_dir)
    results: list[CaseResult] = []
    for n, gold_path in enumerate(gold_paths, 1):
        rows, crcs = run_case(gold_path, backends, chosen, crc_dir, debug)
        results.extend(rows)
        if on_crc is not None:
            for backend, crc in crcs.items():
                on_crc(case_name(gold_path), backend, crc)
        if on_case is not None:
            on_case(case_name(gold_path), n, len(gold_paths))
    overall = {b: aggregate([r for r in results if r.backend == b]) for b in backends}
    return EvalReport(
        created_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        cases_dir=str(cases_dir), backends=list(backends), overall=overall, cases=results,
    )
