"""Optional sub-commands: each module here exposes ``register(app: typer.Typer) -> None``.

``summarizer.cli`` registers every module of this package, so a feature
(doctor, eval, batch, serve) adds its command without editing ``cli.py``.
Heavy imports belong inside the command functions, not at module top.
"""
