"""A long run shows its stage on the terminal after a short delay; a quick one prints nothing."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path
from typing import Any

from rich.console import Console

from summarizer.cli.progress import StageProgress
from summarizer.crc import CRC
from summarizer.extract.base import ExtractContext
from summarizer.ingest.transcript import Transcript
from summarizer.pipeline import RunOptions, run_file

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "01-decouverte-transports-ferrand.vtt"


def _terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=120, color_system=None), buffer


def _until(condition: Any, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_11_5_long_extraction_shows_progress_after_a_short_delay(tmp_path: Path) -> None:
    """The pipeline's hook drives the display: it appears while a slow extraction is still running."""
    console, buffer = _terminal()
    seen_while_extracting = threading.Event()

    with StageProgress(console, delay=0.3) as progress:

        def slow_extractor(transcript: Transcript, ctx: ExtractContext) -> CRC:
            from summarizer.extract.rules.extractor import extract_rules

            if _until(lambda: progress.shown and "extraction du compte rendu" in buffer.getvalue()):
                seen_while_extracting.set()
            return extract_rules(transcript, ctx)

        run_file(SAMPLE, tmp_path, RunOptions(), on_stage=progress.hook(SAMPLE.name), extractor=slow_extractor)
        assert not progress.shown  # hidden as soon as the run is done
    assert seen_while_extracting.is_set()
    assert SAMPLE.name in buffer.getvalue()


def test_11_5_a_quick_run_prints_nothing(tmp_path: Path) -> None:
    console, buffer = _terminal()
    with StageProgress(console, delay=60) as progress:
        run_file(SAMPLE, tmp_path, RunOptions(), on_stage=progress.hook(SAMPLE.name))
    assert buffer.getvalue() == ""


def test_11_5_no_display_off_a_terminal_or_over_the_asrs_own_bar() -> None:
    console, buffer = _terminal()
    with StageProgress(console, enabled=False, delay=0.0) as progress:
        progress.hook("a.vtt")("extracting", 0.0)
        time.sleep(0.3)
        assert not progress.shown
    with StageProgress(console, delay=0.0) as progress:
        hook = progress.hook("call.wav")
        hook("transcribing", 0.0)  # an ASR that draws its own bar reports no fraction
        time.sleep(0.3)
        assert not progress.shown
        hook("transcribing", 0.25)  # one that reports through the hook is drawn here
        assert _until(lambda: progress.shown)
        hook("done", 1.0)
        assert not progress.shown
    assert "transcription de l'enregistrement" in buffer.getvalue()
