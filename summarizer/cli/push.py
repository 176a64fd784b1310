"""``crc push [DIR_OR_FILES] --webhook URL``: POST each CRC, signed, through the outbox; no file: drain it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from summarizer.cli import options as opt
from summarizer.cli.output import console, error_line, fail, out
from summarizer.errors import ExitCode
from summarizer.messages import Message


def push(
    inputs: Annotated[Optional[list[Path]], typer.Argument(help="Fichiers STEM.crc.json ou dossiers ; sans argument : vider l'outbox.")] = None,  # noqa: UP045
    webhook: Annotated[
        Optional[str], typer.Option("--webhook", envvar="CRC_WEBHOOK_URL", help="URL du webhook (ou CRC_WEBHOOK_URL).")  # noqa: UP045
    ] = None,
    outbox: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--outbox", help="Dossier des envois en attente (défaut : CRC_OUTBOX_DIR, sinon dossier d'état utilisateur)."),
    ] = None,
    retries: Annotated[int, typer.Option("--retries", help="Tentatives par envoi (5xx, délai, refus de connexion).")] = 5,
    backoff: Annotated[float, typer.Option("--backoff", help="Premier délai entre tentatives, en secondes (doublé ensuite).")] = 0.5,
    timeout: Annotated[float, typer.Option("--timeout", help="Délai maximal d'une requête, en secondes.")] = 10.0,
    debug: opt.Debug = False,
) -> None:
    """Envoyer les CRC à un webhook signé (Zapier, Make, n8n, middleware CRM) ; rien n'est perdu si le destinataire est hors ligne."""
    from summarizer.downstream.crcfiles import load_crcs
    from summarizer.downstream.push import Outbox, check_url, default_outbox, queue, summary_line

    if retries < 1 or backoff < 0 or timeout <= 0:
        fail("--retries ≥ 1, --backoff ≥ 0 et --timeout > 0.")
    box = Outbox(outbox or default_outbox())
    problems: list[str] = []
    if inputs:
        if not webhook:
            fail("--webhook URL manquant (ou variable CRC_WEBHOOK_URL).")
        check_url(webhook)
        crcs, problems = load_crcs(inputs)
        for problem in problems:
            error_line(problem)
        queued = queue(box, (crc for _, crc in crcs), webhook)
        if len(queued) < len(crcs):
            already = Message("webhook_already_sent", count=len(crcs) - len(queued))
            console.print(str(already), highlight=False, soft_wrap=True)
    secret = os.environ.get("CRC_WEBHOOK_SECRET") or None
    if secret is None:
        warning = Message("webhook_unsigned")
        console.print(f"[yellow]Attention[/] : {warning}", highlight=False, soft_wrap=True)
    outcomes = box.drain(secret, retries=retries, backoff=backoff, timeout=timeout)
    for o in outcomes:
        if o.status != "delivered":
            console.print(f"  {o.key} : {o.detail}", highlight=False, soft_wrap=True)
    out.print(f"Webhook : {summary_line(outcomes)} (outbox : {box.root}).", highlight=False, soft_wrap=True)
    if problems or any(o.status == "rejected" for o in outcomes):
        raise typer.Exit(int(ExitCode.USAGE))
    if any(o.status == "queued" for o in outcomes):
        raise typer.Exit(int(ExitCode.ERROR))
