"""The run's progress on a terminal, fed by :func:`summarizer.pipeline.run_file`'s ``on_stage`` hook.

Nothing is drawn for a run that ends within ``delay`` seconds (most transcripts),
so quick runs print only their summary; a long one shows its stage, a bar when
the stage reports its progress, and the time spent, after a second or two.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from summarizer.pipeline import Stage, StageHook

LABELS: dict[str, str] = {
    "reading": "lecture de la transcription",
    "transcribing": "transcription de l'enregistrement",
    "extracting": "extraction du compte rendu",
    "scoring": "notation",
    "rendering": "écriture des fichiers",
}


class StageProgress:
    """Use as ``with StageProgress(console) as progress: run_file(..., on_stage=progress.hook(name))``."""

    def __init__(self, console: Console, *, enabled: bool = True, delay: float = 1.5, poll: float = 0.1) -> None:
        self.console = console
        self.enabled = enabled
        self.delay = delay
        self.poll = poll
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._name = ""
        self._stage: str | None = None
        self._fraction = 0.0
        self._since = 0.0
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._thread: threading.Thread | None = None

    def hook(self, name: str) -> StageHook:
        """The ``on_stage`` callback for one file."""

        def on_stage(stage: Stage, fraction: float) -> None:
            with self._lock:
                if stage == "done":
                    self._stage = None
                else:
                    if self._stage is None or self._name != name:
                        self._since = time.monotonic()
                    self._name, self._stage, self._fraction = name, stage, fraction
            if stage == "done":
                self._hide()

        return on_stage

    @property
    def shown(self) -> bool:
        return self._progress is not None

    def __enter__(self) -> StageProgress:
        if self.enabled:
            self._thread = threading.Thread(target=self._loop, name="crc-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._closed = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
        self._hide()

    def _showable(self) -> bool:
        """A stage that draws its own bar (the ASR before it reports through the hook) is left alone."""
        return self._stage is not None and (self._stage != "transcribing" or self._fraction > 0.0)

    def _loop(self) -> None:
        while not self._closed:
            self._wake.wait(self.poll)
            with self._lock:
                if self._stage is None or not self._showable():
                    continue
                if self._progress is None and time.monotonic() - self._since >= self.delay:
                    self._progress = Progress(
                        SpinnerColumn(), TextColumn("[bold]{task.fields[name]}[/] — {task.description}"),
                        BarColumn(), TimeElapsedColumn(), console=self.console, transient=True,
                    )
                    self._progress.start()
                    self._task = self._progress.add_task(LABELS.get(self._stage, self._stage), total=None, name=self._name)
                if self._progress is not None and self._task is not None:
                    total = 1.0 if self._fraction > 0.0 else None
                    self._progress.update(
                        self._task, description=LABELS.get(self._stage, self._stage), total=total,
                        completed=self._fraction, name=self._name,
                    )

    def _hide(self) -> None:
        with self._lock:
            if self._progress is not None:
                self._progress.stop()
            self._progress = self._task = None
