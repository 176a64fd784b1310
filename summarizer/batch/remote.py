"""A batch on Celery workers: the local batch's plan (:mod:`summarizer.batch.plan`), with a broker in between.

The submitter is the only writer of the manifest, as in a local batch: workers
return a :class:`FileOutcome` through the result backend and write outputs on
storage every machine sees at the same path (NFS/SMB, see ``docs/deploy.md``).
Task ids derive from (relative path, content hash, settings hash), so a re-run
after Ctrl-C or a lost broker first collects what finished meanwhile, then
enqueues only the rest; a message still queued from the earlier run is the same
job, and the worker returns its stored result instead of running it twice.
Ctrl-C (or ``crc batch --cancel`` from elsewhere) flags the jobs not started yet,
which workers then drop unrun; running ones finish and a re-run collects them. Sending, waiting
and riding out a broker restart is the queue layer's :class:`~summarizer.queue.relay.Relay`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.batch.discovery import discover
from summarizer.batch.manifest import MANIFEST_NAME, BatchReport, FileOutcome, Manifest, settings_hash
from summarizer.batch.plan import (
    BatchPlan,
    Observer,
    Planned,
    StopRequest,
    batch_options,
    cleanup_tmp,
    open_plan,
    outputs_complete,
    per_file,
    validate_dirs,
)
from summarizer.batch.tasks import task_id_for
from summarizer.batch.worker import _one_line
from summarizer.ingest.metadata import CallMetadata
from summarizer.pipeline import RunOptions, sha256_file
from summarizer.queue import marks
from summarizer.queue import protocol as wire
from summarizer.queue.app import (
    FINAL,
    app_for,
    cancel,
    check_broker,
    connection_errors,
    fetch_metas,
    queue_for,
    sanitize,
)
from summarizer.queue.relay import Relay
from summarizer.queue.tasks import FILE_TASK

if TYPE_CHECKING:
    import threading

    from celery import Celery


class RemoteBatchReport(BatchReport):
    """A batch report plus, when the broker went away mid-batch, the line saying so."""

    broker_lost: str | None = None
    pending: int = 0
    #: jobs not started when the batch was interrupted, dropped by the workers (a re-run sends them again)
    cancelled: int = 0


def outcome_from(meta: dict[str, Any], rel: str, sha: str, out_dir: Path) -> FileOutcome:
    """A final result meta as the outcome the manifest records; a reply from a worker of another
    version is a failure saying so, never a file done with options it may have ignored."""
    refused = wire.reply_mismatch(meta)
    if refused is not None:
        return FileOutcome(rel_path=rel, sha256=sha, status="failed", reason=f"{Path(rel).name} : {refused}")
    if meta.get("status") == "SUCCESS" and isinstance(meta.get("result"), dict):
        outcome = FileOutcome.model_validate(meta["result"])
        if outcome.status == "done" and not outputs_complete(out_dir, outcome):
            reason = (f"{Path(rel).name} : sorties absentes de {out_dir} ; les workers doivent voir le même "
                      "stockage partagé au même chemin.")
            return FileOutcome(rel_path=rel, sha256=sha, status="failed", reason=reason)
        return outcome
    result = meta.get("result")
    if isinstance(result, dict) and result.get("exc_type"):
        detail = f"{result.get('exc_type')}: {result.get('exc_message')}"
    else:
        detail = f"{meta.get('status')}: {result!r}"[:200]
    reason = _one_line(f"{Path(rel).name} : échec sur le worker ({detail}).")
    return FileOutcome(rel_path=rel, sha256=sha, status="failed", reason=reason)


def cancel_remote_batch(
    input_dir: Path, out_dir: Path, options: RunOptions, *, broker_url: str, pattern: str | None = None,
    since: dt.date | None = None, metadata: Mapping[str, CallMetadata] | None = None,
) -> int:
    """``crc batch --cancel``: the jobs of this batch (same folders, options and ``--metadata``) not done yet
    are dropped by the workers when they reach them; returns how many were flagged."""
    validate_dirs(input_dir, out_dir)
    app = app_for(broker_url)
    check_broker(app)
    file_options = per_file(batch_options(options), metadata)
    in_root, out_root = input_dir.resolve(), out_dir.resolve()
    files: list[tuple[str, str, str]] = []
    for path in discover(input_dir, out_dir, pattern, since):
        rel = path.resolve().relative_to(in_root).as_posix()
        with contextlib.suppress(OSError):
            files.append((rel, sha256_file(path), file_options(rel)[1]))
    if (out_dir / MANIFEST_NAME).is_file():  # read only: the batch may still be running and hold its lock
        with Manifest(out_dir / MANIFEST_NAME) as manifest:
            files = [(rel, sha, settings) for rel, sha, settings in files
                     if getattr(manifest.get(rel, sha, settings), "status", None) != "done"]
    return cancel(app, [task_id_for(rel, sha, settings, out_root) for rel, sha, settings in files])


def run_remote_batch(
    input_dir: Path,
    out_dir: Path,
    options: RunOptions,
    *,
    broker_url: str,
    pattern: str | None = None,
    since: dt.date | None = None,
    only: Iterable[Path] | None = None,
    timeout: float | None = None,
    observer: Observer | None = None,
    stop: threading.Event | None = None,
    metadata: Mapping[str, CallMetadata] | None = None,
    poll: float = 0.02,
    broker_grace: float = 15.0,
) -> RemoteBatchReport:
    """Enqueue every supported file not already done, then record results as they arrive.

    Raises :class:`~summarizer.errors.ConfigError` (exit 2) when the broker is
    unreachable at start. A broker lost for more than ``broker_grace`` seconds
    later ends the wait (one back sooner gets back what it lost): the report says so
    (``broker_lost``), what finished is in the manifest, and a re-run resumes.
    ``metadata`` sets per-file options as in a local batch.
    """
    validate_dirs(input_dir, out_dir)
    app = app_for(broker_url)
    check_broker(app)
    options = batch_options(options)
    t0 = time.perf_counter()
    report = RemoteBatchReport(input_dir=input_dir, out_dir=out_dir, settings=settings_hash(options))
    with open_plan(input_dir, out_dir, options, report, pattern=pattern, since=since, only=only,
                   metadata=metadata, observer=observer) as plan, StopRequest(stop) as stopper:
        stopper.on_stop = plan.observer.stopping
        pending: set[str] = set()
        lost: str | None = None
        try:
            _send_and_wait(app, plan, stopper, pending, timeout, poll, broker_grace)
        except KeyboardInterrupt:
            stopper.event.set()
        except connection_errors(app) as exc:
            lost = type(exc).__name__
        if stopper.stopped and pending and lost is None:
            report.cancelled = cancel(app, sorted(pending))
        report.pending = report.total - len(report.outcomes)
        if lost is not None:
            report.broker_lost = (
                f"broker {sanitize(broker_url)} perdu en cours de lot ({lost}) ; {report.pending} fichier(s) "
                "sans résultat : relancez la même commande une fois le broker revenu."
            )
        report.interrupted = stopper.stopped and report.pending > 0
        if report.pending == 0:
            cleanup_tmp(out_dir)  # every job answered: a .tmp left now is a killed worker's
    report.elapsed = round(time.perf_counter() - t0, 3)
    return report


def _send_and_wait(
    app: Celery, plan: BatchPlan, stopper: StopRequest, pending: set[str], timeout: float | None, poll: float,
    grace: float,
) -> None:
    """Collect what an earlier, interrupted run left finished, send the rest, record answers as they
    land. ``pending`` (the caller's) holds the ids sent and unanswered, so a Ctrl-C or a lost broker at
    any point leaves the caller those to cancel or report."""
    in_root, out_root = plan.input_dir.resolve(), plan.out_dir.resolve()
    jobs = {task_id_for(one.rel, one.sha, one.settings, out_root): one for one in plan.todo}

    def sender(task_id: str, token: str) -> None:
        one = jobs[task_id]
        marks.clear(app.backend, task_id)  # cancelled by an earlier Ctrl-C: this run resumes it
        app.send_task(
            FILE_TASK, task_id=task_id, queue=queue_for(one.path),
            args=[str(one.path.resolve()), str(in_root), str(out_root), one.stem, one.sha,
                  one.options.model_dump(mode="json"), timeout],
            kwargs={"token": token, wire.KEY: wire.protocol()}, time_limit=timeout + 60 if timeout else None,
        )

    relay = Relay(app, sender, poll=poll, grace=grace, stop=stopper.event)
    metas = fetch_metas(app, list(jobs))
    for task_id, one in jobs.items():
        if stopper.stopped:
            break
        meta = metas.get(task_id, {})
        if meta.get("status") == "SUCCESS":
            outcome = outcome_from(meta, one.rel, one.sha, plan.out_dir)
            if outcome.status == "done":
                plan.handle(outcome)
                continue
        if meta.get("status") in FINAL:
            app.backend.forget(task_id)  # a failure (or vanished outputs) is retried, as locally
        relay.send(task_id)
        pending.add(task_id)

    def on_meta(task_id: str, meta: dict[str, Any]) -> bool:
        if meta.get("status") not in FINAL:
            return False
        one: Planned = jobs[task_id]
        outcome = outcome_from(meta, one.rel, one.sha, plan.out_dir)
        if outcome.status == "done" or relay.answers(task_id, meta):
            plan.handle(outcome)
            return True
        return False  # an earlier message's failure, stored late; ours will overwrite it

    relay.wait(pending, on_meta)
