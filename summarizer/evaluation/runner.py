"""Run every backend on every gold case and collect per-case results.

A case is a ``*.gold.json`` file in the cases folder; its ``transcript`` key
names the transcript or recording beside it. A bad case (unreadable file,
invalid gold, quote not found) becomes an error row and the run goes on.
Extractors are injectable so tests can feed a degraded prediction.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from summarizer.crc import CRC
from summarizer.errors import CrcError, InputError
from summarizer.evaluation.accounts import (
    AccountResult,
    account_split,
    aggregate_accounts,
    discover_accounts,
    run_account,
)
from summarizer.evaluation.cases import case_name, select_cases
from summarizer.evaluation.gold import Gold, ResolvedGold, load_gold, resolve_gold
from summarizer.evaluation.metrics import CaseResult, aggregate, blind_measures, evaluate_crc
from summarizer.evaluation.report import EvalReport
from summarizer.evaluation.splits import SPLITS
from summarizer.extract.base import ExtractContext
from summarizer.files import atomic_write_text
from summarizer.ingest.transcript import Transcript
from summarizer.pipeline import RunOptions, RunResult

Extractor = Callable[[Transcript, ExtractContext], CRC]
#: called after each case with (case name, number done, total)
ProgressHook = Callable[[str, int, int], None]


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


class _Timer:
    """The run's stage hook: when each stage started, so the eval times ASR and extraction alone."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.stage: str | None = None

    def __call__(self, stage: str, fraction: float) -> None:
        if stage not in self.started:
            self.started[stage] = time.perf_counter()
            self.stage = stage

    def seconds(self, stage: str, until: str) -> float | None:
        if stage in self.started and until in self.started:
            return self.started[until] - self.started[stage]
        return None


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
    """Every backend on one case. Never raises for a bad case (unless ``debug``): returns error rows.

    Each backend goes through :func:`summarizer.pipeline.run_file` (nothing written) with its
    extractor. A recording is transcribed afresh by the first backend (a transcript cache private to
    this case, model loaded first, so the RTF measures transcription alone) and read from that cache
    by the others. A case that cannot be read or resolved gives every backend the same error row.
    """
    from summarizer.pipeline import run_file

    name = case_name(gold_path)

    def case_error(exc: Exception) -> tuple[list[CaseResult], dict[str, CRC]]:
        if debug and not isinstance(exc, CrcError):
            raise exc
        return _error_rows(name, backends, _one_line(exc)), {}

    try:
        gold: Gold = load_gold(gold_path)
    except Exception as exc:
        return case_error(exc)
    source = gold_path.parent / gold.transcript
    rows: list[CaseResult] = []
    crcs: dict[str, CRC] = {}
    case: tuple[ResolvedGold, float | None, float | None] | None = None  # (resolved gold, WER, RTF)
    sha256: str | None = None  # the first run hashes the file, the others reuse it
    with tempfile.TemporaryDirectory(prefix="crc-eval-asr-") as asr_cache:
        options = RunOptions(
            backend="rules", meeting_date=gold.meeting_date, client=gold.client, vendor=gold.vendor,
            language=gold.language, progress=False, asr_cache_dir=Path(asr_cache),
        )
        for backend in backends:
            timer = _Timer()
            try:
                if case is None:
                    _preload_asr_model(source, options)
                result, _ = run_file(
                    source, None, options.model_copy(update={"backend": backend}), on_stage=timer,
                    extractor=extractors[backend], sha256=sha256,
                )
                sha256 = result.crc.metadata.source_sha256
            except Exception as exc:
                if timer.stage in {None, "reading", "transcribing"}:
                    return case_error(exc)
                if debug and not isinstance(exc, CrcError):
                    raise
                rows.append(CaseResult(case=name, backend=backend, error=_one_line(exc)))
                continue
            transcript = result.transcript
            if case is None:
                try:
                    case = _case_facts(gold, gold_path, source, result, timer)
                except Exception as exc:
                    return case_error(exc)
            resolved, wer, rtf = case
            try:
                row = evaluate_crc(result.crc, gold, resolved, transcript)
            except Exception as exc:
                if debug and not isinstance(exc, CrcError):
                    raise
                rows.append(CaseResult(case=name, backend=backend, error=_one_line(exc)))
                continue
            if backend == "rules":  # cheap: the same call again without the gold's names
                blind, _ = run_file(
                    source, None, options.model_copy(update={"backend": backend, "client": None, "vendor": None}),
                    extractor=extractors[backend], sha256=sha256,
                )
                blind_measures(blind.crc, gold, row, blind.transcript)
            crc = result.crc
            row.case, row.backend = name, backend
            row.seconds = timer.seconds("extracting", "scoring") or 0.0
            row.tokens = _usage_tokens(crc)
            row.attempts = crc.metadata.attempts
            row.crc_score = result.report.total
            row.wer, row.rtf = wer, rtf
            if resolved.unresolved:
                row.notes.append(
                    f"{len(resolved.unresolved)} citation(s) du gold absente(s) de la transcription ASR, "
                    f"dont {resolved.unresolved[0]} : appariement par le texte pour ces éléments."
                )
            rows.append(row)
            crcs[backend] = crc
            if crc_dir is not None:
                atomic_write_text(crc_dir / f"{name}.{backend}.crc.json", crc.model_dump_json(indent=2))
    return rows, crcs


def _case_facts(
    gold: Gold, gold_path: Path, source: Path, result: RunResult, timer: _Timer
) -> tuple[ResolvedGold, float | None, float | None]:
    """What the first run tells about the case: the gold resolved on its transcript, WER and RTF."""
    transcript = result.transcript
    resolved = resolve_gold(gold, transcript, gold_path.name, strict=not result.from_audio)
    if not result.from_audio:
        return resolved, None, None
    wer = None
    if gold.reference_transcript:
        ref_path = gold_path.parent / gold.reference_transcript
        try:
            reference = ref_path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{ref_path.name} : transcription de référence illisible ({exc.strerror}).") from exc
        wer = word_error_rate(reference, " ".join(s.text for s in transcript.segments))
    return resolved, wer, _rtf(source, timer.seconds("transcribing", "extracting"))


def _preload_asr_model(source: Path, options: RunOptions) -> None:
    from summarizer.ingest.media import is_audio

    if source.is_file() and is_audio(source):
        from summarizer.ingest.whisper_model import load_model

        load_model(options.asr_model)


def _rtf(source: Path, seconds: float | None) -> float | None:
    """Real-time factor of the transcription (its seconds over the recording's)."""
    from summarizer.ingest.asr import decode

    duration = decode(source).duration
    return seconds / duration if seconds is not None and duration else None


def run_eval(
    cases_dir: Path,
    backends: Sequence[str],
    extractors: Mapping[str, Extractor] | None = None,
    crc_dir: Path | None = None,
    on_case: ProgressHook | None = None,
    on_crc: Callable[[str, str, CRC], None] | None = None,
    debug: bool = False,
    split_of: Mapping[str, str] | None = None,
    only: str | None = None,
) -> EvalReport:
    """The whole evaluation; ``on_crc(case, backend, crc)`` lets the judge see each CRC.

    With ``split_of`` (case -> "tune"/"measure", see :mod:`summarizer.evaluation.splits`) the report
    also gives each split's overall figures, or only one split's cases when ``only`` names it.
    """
    chosen = {b: (extractors or {}).get(b) or pipeline_extractor(b) for b in backends}
    gold_paths = select_cases(cases_dir, split_of, only)
    results: list[CaseResult] = []
    for n, gold_path in enumerate(gold_paths, 1):
        rows, crcs = run_case(gold_path, backends, chosen, crc_dir, debug)
        results.extend(rows)
        if on_crc is not None:
            for backend, crc in crcs.items():
                on_crc(case_name(gold_path), backend, crc)
        if on_case is not None:
            on_case(case_name(gold_path), n, len(gold_paths))
    account_golds = [(p, account_split(p, split_of)) for p in discover_accounts(cases_dir)]
    accounts = [run_account(p, b, chosen[b], split) for p, split in account_golds if only is None or split == only
                for b in backends]
    if split_of is not None:
        for r in results:
            r.split = split_of.get(r.case)

    def overall_of(rows: Sequence[CaseResult], accounts: Sequence[AccountResult]) -> dict[str, dict[str, float | None]]:
        return {b: {**aggregate([r for r in rows if r.backend == b]),
                    **aggregate_accounts([a for a in accounts if a.backend == b])} for b in backends}

    report = EvalReport(
        created_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0), cases_dir=str(cases_dir),
        backends=list(backends), overall=overall_of(results, accounts), cases=results, accounts=accounts, split=only,
    )
    if split_of is not None and only is None:
        for split in SPLITS:
            report.splits[split] = overall_of([r for r in results if r.split == split],
                                              [a for a in accounts if a.split == split])
        unsplit = sorted({r.case for r in results if r.split is None})
        if unsplit:
            report.notes.append(f"{len(unsplit)} cas hors du découpage tune/measure, dont {unsplit[0]} : "
                                "comptés dans l'ensemble seulement.")
    from summarizer.evaluation.language_checks import grammar_available

    if results and not grammar_available():
        report.notes.append("Grammalecte absent : fautes de grammaire non mesurées "
                            "(installer python3-grammalecte : bash .ci/install-grammalecte.sh).")
    return report
