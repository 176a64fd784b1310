"""The ``crc`` command (Typer + rich): one module per command, one error boundary in :mod:`.app`.

Commands only call the pipeline (and the batch, eval and serve layers above it).
"""

from summarizer.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
