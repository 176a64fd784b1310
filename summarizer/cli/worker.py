"""``crc worker``: a Celery worker running crc's jobs from a Redis (or RabbitMQ) broker.

Start as many as the machines allow (see ``docs/deploy.md``); ``crc batch
--broker`` and ``crc serve`` with ``CRC_BROKER_URL`` hand them the files.
Inputs and outputs must be on storage every worker sees at the same path.
"""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from summarizer.cli import options as opt


def worker(
    broker: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--broker", help="URL du broker (défaut : CRC_BROKER_URL), ex. redis://127.0.0.1:6379/0."),
    ] = None,
    queues: Annotated[
        str, typer.Option("--queues", "-Q", help="Files à servir : asr (enregistrements), extract (transcriptions).")
    ] = "asr,extract",
    concurrency: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--concurrency", "-c", help="Traitements simultanés (défaut : nombre de cœurs)."),
    ] = None,
    pool: Annotated[
        str, typer.Option("--pool", help="prefork (processus, défaut : ASR et règles), threads (LLM) ou solo."),
    ] = "prefork",
    loglevel: Annotated[str, typer.Option("--loglevel", help="DEBUG, INFO, WARNING…")] = "INFO",
    debug: opt.Debug = False,
) -> None:
    """Lancer un worker Celery qui traite les fichiers envoyés par `crc batch --broker` ou `crc serve`."""
    from summarizer.batch.celery_app import QUEUES, BrokerSettings, check_broker, make_app, sanitize
    from summarizer.batch.tasks import warm_up
    from summarizer.cli.output import console, fail

    url = broker or BrokerSettings().broker_url
    if not url:
        fail("aucun broker : indiquez --broker redis://hôte:6379/0 ou la variable CRC_BROKER_URL.")
    wanted = [q.strip() for q in queues.split(",") if q.strip()]
    unknown = [q for q in wanted if q not in QUEUES]
    if not wanted or unknown:
        fail(f"--queues {queues} : files possibles {', '.join(QUEUES)} (séparées par des virgules).")
    if concurrency is not None and concurrency < 1:
        fail(f"--concurrency {concurrency} : au moins 1.")
    if pool not in ("prefork", "threads", "solo"):
        fail(f"--pool {pool} : prefork, threads ou solo.")
    app = make_app(url)
    check_broker(app)
    # Loaded before the pool forks: every process starts with spaCy and the lexicons in memory.
    warm_up()
    console.print(f"crc worker : {sanitize(url)} · files {','.join(wanted)} · {pool}", highlight=False)
    argv = [
        "worker", f"--queues={','.join(wanted)}", f"--pool={pool}", f"--loglevel={loglevel}",
        f"--hostname=crc-{os.getpid()}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]
    if concurrency is not None:
        argv.append(f"--concurrency={concurrency}")
    app.worker_main(argv=argv)
