"""``crc serve``: the upload page and job API on one machine (see :mod:`summarizer.serve`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def serve(
    host: Annotated[str, typer.Option(help="Adresse d'écoute ; autre que 127.0.0.1 exige CRC_API_TOKEN.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port d'écoute.")] = 8000,
    data_dir: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--data-dir", help="Dossier des fichiers et de la base (défaut : CRC_DATA_DIR ou dossier utilisateur)."),
    ] = None,
    workers: Annotated[Optional[int], typer.Option(help="Traitements simultanés (défaut : CRC_WORKERS ou 1).")] = None,  # noqa: UP045
    backend: Annotated[Optional[str], typer.Option(help="rules ou llm (défaut : CRC_BACKEND ou rules).")] = None,  # noqa: UP045
) -> None:
    """Lancer le service web : page de dépôt et API (documentée sur /docs)."""
    import logging

    import uvicorn
    from pydantic import ValidationError

    from summarizer.cli.output import fail
    from summarizer.errors import validation_summary
    from summarizer.serve.app import create_app
    from summarizer.serve.settings import ServeSettings

    overrides: dict[str, object] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if workers is not None:
        overrides["workers"] = workers
    if backend is not None:
        overrides["backend"] = backend
    try:
        settings = ServeSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        where = ".".join(str(x) for x in exc.errors()[0]["loc"])
        fail(f"réglage invalide : {validation_summary(exc)} (variable CRC_{where.upper()} ou option).")
    web = create_app(settings, host=host)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    auth = "jeton requis" if settings.api_token else "sans jeton (local uniquement)"
    typer.echo(f"crc serve : {display_url(host, port)} ({auth}) ; données dans {settings.data_dir}", err=True)
    # No access log: query strings may carry client names; the app logs job ids only.
    uvicorn.run(web, host=host, port=port, access_log=False, server_header=False, proxy_headers=False, log_level="info")


def display_url(host: str, port: int) -> str:
    """The address to open: an IPv6 host goes in brackets (``http://[::1]:8000/``, RFC 3986)."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/"
