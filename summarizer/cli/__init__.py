"""The ``crc`` command (Typer + rich): one module per command, one error boundary in :mod:`.app`.

Commands only call the pipeline (and the batch, eval and serve layers above it).
"""

import gc

from summarizer.cli.app import app

#: New container objects between two collections of the youngest generation (Python's default: 700). A run
#: imports spaCy, pydantic, python-docx… and loads a model, millions of objects that all live to the end:
#: at 700 the collector ran 270 times, walking the grown heap at each older-generation pass, 0.2 s of a
#: 1.7 s cold start (``bench/startup.py``); at 50,000 a few times, 0.06 s. Cyclic garbage is still freed,
#: in larger batches.
GC_YOUNG_THRESHOLD = 50_000


def main() -> None:
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    app()


__all__ = ["app", "main"]
