"""``crc worker``: a Celery worker running crc's jobs from a Redis (or RabbitMQ) broker.

Start as many as the machines allow (see ``docs/deploy.md``); ``crc batch
--broker`` and ``crc serve`` with ``CRC_BROKER_URL`` hand them the files.
Inputs and outputs must be on storage every worker sees at the same path.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from summarizer.cli import options as opt

if TYPE_CHECKING:
    from summarizer.queue.app import Registrar


def available_cores() -> list[int]:
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return list(range(os.cpu_count() or 1))


def share_cores(concurrency: int) -> None:
    """Give each pool process its slice of the cores (Linux).

    Whisper sizes its thread pool to the cores a process may use: without this,
    N processes each start one thread per core and fight over them, so two
    recordings at once go little faster than one.
    """
    cores = available_cores()
    if concurrency < 2 or len(cores) < 2 or not hasattr(os, "sched_setaffinity"):
        return
    from celery.signals import worker_process_init

    def pin(**_: object) -> None:
        from billiard.process import current_process

        index = getattr(current_process(), "index", None)
        if index is None:
            return
        k = index % concurrency
        share = cores[k * len(cores) // concurrency : (k + 1) * len(cores) // concurrency] or [cores[k % len(cores)]]
        os.sched_setaffinity(0, share)

    worker_process_init.connect(pin, weak=False)


def worker_tasks() -> tuple[Registrar, ...]:
    """Every task a worker runs: a batch file and a web job (the one place both are named together)."""
    from summarizer.batch.tasks import register as file_task
    from summarizer.serve.remote import register_job_task as job_task

    return (file_task, job_task)


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
    from summarizer.batch.tasks import warm_up
    from summarizer.cli.output import console, fail
    from summarizer.queue.app import QUEUES, BrokerSettings, check_broker, make_app, sanitize

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
    app = make_app(url, tasks=worker_tasks())
    check_broker(app)
    if pool == "prefork":
        share_cores(concurrency or len(available_cores()))
    # Loaded before the pool forks: every process starts with spaCy and the lexicons in memory.
    warm_up()
    from summarizer.queue.protocol import protocol

    # the protocol this worker accepts jobs under: the submitters' must be the same (docs/deploy.md)
    console.print(f"crc worker : {sanitize(url)} · files {','.join(wanted)} · {pool} · version {protocol()}",
                  highlight=False)
    import celery.app.trace

    # Results name files and clients: success lines keep the job id and time only, as crc serve's logs.
    celery.app.trace.LOG_SUCCESS = "Task %(name)s[%(id)s] succeeded in %(runtime)ss"
    argv = [
        "worker", f"--queues={','.join(wanted)}", f"--pool={pool}", f"--loglevel={loglevel}",
        f"--hostname=crc-{os.getpid()}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]
    if concurrency is not None:
        argv.append(f"--concurrency={concurrency}")
    app.worker_main(argv=argv)
