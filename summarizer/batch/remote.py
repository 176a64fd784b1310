"""A batch on Celery workers: the local batch's discovery, manifest and resume, with a broker in between.

The submitter is the only writer of the manifest, as in a local batch: workers
return a :class:`FileOutcome` through the result backend and write outputs on
storage every machine sees at the same path (NFS/SMB, see ``docs/deploy.md``).
Task ids derive from (relative path, content hash, settings hash), so a re-run
after Ctrl-C or a lost broker first collects what finished meanwhile, then
enqueues only the rest; a message still queued from the earlier run is the same
job, and the worker returns its stored result instead of running it twice.
Ctrl-C (or ``crc batch --cancel`` from elsewhere) flags the jobs not started yet,
which workers then drop unrun; running ones finish and a re-run collects them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.batch import marks
from summarizer.batch import protocol as wire
from summarizer.batch.celery_app import TASK_NAME, app_for, check_broker, queue_for, sanitize
from summarizer.batch.discovery import discover, output_plan
from summarizer.batch.local import (
    BatchObserver,
    Observer,
    _cleanup_tmp,
    _lock,
    _outputs_complete,
    _Stop,
    validate_dirs,
)
from summarizer.batch.manifest import MANIFEST_NAME, BatchReport, FileOutcome, Manifest, settings_hash
from summarizer.batch.tasks import task_id_for
from summarizer.batch.worker import _one_line
from summarizer.pipeline import RunOptions, sha256_file

if TYPE_CHECKING:
    import threading

    from celery import Celery

#: Result-backend states after which a job will not change any more.
FINAL = {"SUCCESS", "FAILURE", "REVOKED"}
#: Seconds between two checks that the broker was not restarted meanwhile.
RESTART_CHECK = 2.0


class RemoteBatchReport(BatchReport):
    """A batch report plus, when the broker went away mid-batch, the line saying so."""

    broker_lost: str | None = None
    pending: int = 0
    #: jobs not started when the batch was interrupted, dropped by the workers (a re-run sends them again)
    cancelled: int = 0


def _connection_errors(app: Celery) -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError

    errors: list[type[BaseException]] = [OperationalError, OSError, TimeoutError]
    errors.extend(getattr(app.backend, "connection_errors", ()) or ())
    return tuple(errors)


def backend_run_id(app: Celery) -> str | None:
    """The Redis server's ``run_id`` (new at every start), or None when the backend is not Redis.

    A broker restarted between two polls is reconnected to silently, without
    the jobs it held (no persistence): a changed run id is how we notice.
    """
    client = getattr(app.backend, "client", None)
    if client is None or not hasattr(client, "info"):
        return None
    return str(client.info("server").get("run_id"))


def sent_by(meta: dict[str, Any], token: str) -> bool:
    """Whether a result answers the message we sent last (its ``token``), not an earlier one.

    A worker cut off by a lost broker may store its failure after the broker is
    back, over a job sent again since: that stale failure must not end the wait.
    Results stored without the request's kwargs cannot tell, and are trusted.
    """
    kwargs = meta.get("kwargs")
    return not isinstance(kwargs, dict) or kwargs.get("token") == token


def fetch_metas(app: Celery, task_ids: list[str], chunk: int = 500) -> dict[str, dict[str, Any]]:
    """Task id -> result meta (``status``, ``result``); one round trip per ``chunk`` ids on key-value backends."""
    backend = app.backend
    metas: dict[str, dict[str, Any]] = {}
    if hasattr(backend, "mget") and hasattr(backend, "get_key_for_task"):
        for i in range(0, len(task_ids), chunk):
            ids = task_ids[i : i + chunk]
            values = backend.mget([backend.get_key_for_task(t) for t in ids])
            for task_id, value in zip(ids, values, strict=True):
                metas[task_id] = backend.decode_result(value) if value else {"status": "PENDING", "result": None}
    else:
        for task_id in task_ids:
            metas[task_id] = backend.get_task_meta(task_id)
    return metas


def outcome_from(meta: dict[str, Any], rel: str, sha: str, out_dir: Path) -> FileOutcome:
    """A final result meta as the outcome the manifest records; a reply from a worker of another
    version is a failure saying so, never a file done with options it may have ignored."""
    refused = wire.reply_mismatch(meta)
    if refused is not None:
        return FileOutcome(rel_path=rel, sha256=sha, status="failed", reason=f"{Path(rel).name} : {refused}")
    if meta.get("status") == "SUCCESS" and isinstance(meta.get("result"), dict):
        outcome = FileOutcome.model_validate(meta["result"])
        if outcome.status == "done" and not _outputs_complete(out_dir, outcome):
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


def _cancel(app: Celery, task_ids: list[str]) -> int:
    """Flag jobs so workers drop those not started yet; running ones finish (a re-run collects them)."""
    from summarizer.batch.celery_app import BrokerSettings

    try:
        return marks.cancel(app.backend, task_ids, BrokerSettings().result_expires)
    except _connection_errors(app):
        return 0


def cancel_remote_batch(
    input_dir: Path, out_dir: Path, options: RunOptions, *, broker_url: str, pattern: str | None = None,
    since: dt.date | None = None,
) -> int:
    """``crc batch --cancel``: the jobs of this batch (same folders and options) not done yet are
    dropped by the workers when they reach them; returns how many were flagged."""
    validate_dirs(input_dir, out_dir)
    app = app_for(broker_url)
    check_broker(app)
    options = options.model_copy(update={"progress": False, "date_fallback": "mtime"})
    settings = settings_hash(options)
    in_root, out_root = input_dir.resolve(), out_dir.resolve()
    files: list[tuple[str, str]] = []
    for path in discover(input_dir, out_dir, pattern, since):
        with contextlib.suppress(OSError):
            files.append((path.resolve().relative_to(in_root).as_posix(), sha256_file(path)))
    if (out_dir / MANIFEST_NAME).is_file():  # read only: the batch may still be running and hold its lock
        with Manifest(out_dir / MANIFEST_NAME) as manifest:
            files = [(rel, sha) for rel, sha in files
                     if getattr(manifest.get(rel, sha, settings), "status", None) != "done"]
    return _cancel(app, [task_id_for(rel, sha, settings, out_root) for rel, sha in files])


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
    poll: float = 0.02,
    broker_grace: float = 15.0,
) -> RemoteBatchReport:
    """Enqueue every supported file not already done, then record results as they arrive.

    Raises :class:`~summarizer.errors.ConfigError` (exit 2) when the broker is
    unreachable at start. A broker lost for more than ``broker_grace`` seconds
    later ends the wait (one back sooner gets back what it lost): the report says so
    (``broker_lost``), what finished is in the manifest, and a re-run resumes.
    """
    validate_dirs(input_dir, out_dir)
    app = app_for(broker_url)
    check_broker(app)
    errors = _connection_errors(app)
    observer = observer if observer is not None else BatchObserver()
    options = options.model_copy(update={"progress": False, "date_fallback": "mtime"})
    settings = settings_hash(options)
    payload = options.model_dump(mode="json")
    t0 = time.perf_counter()
    report = RemoteBatchReport(input_dir=input_dir, out_dir=out_dir, settings=settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    in_root, out_root = input_dir.resolve(), out_dir.resolve()
    with _lock(out_dir), Manifest(out_dir / MANIFEST_NAME) as manifest:
        paths = discover(input_dir, out_dir, pattern, since, only=only)
        plan = output_plan(paths, input_dir)
        report.total = len(paths)
        observer.started(len(paths))

        def handle(o: FileOutcome) -> None:
            manifest.record(o, settings)
            report.add(o)
            observer.file_done(o)

        todo: dict[str, tuple[Path, str, str]] = {}
        for path in paths:
            rel = path.resolve().relative_to(in_root).as_posix()
            try:
                sha = sha256_file(path)
            except OSError as exc:
                handle(FileOutcome(rel_path=rel, sha256="", status="failed",
                                   reason=_one_line(f"{path.name} : illisible ({exc}).")))
                continue
            previous = manifest.get(rel, sha, settings)
            if previous and previous.status == "done" and _outputs_complete(out_dir, previous):
                previous.status = "skipped"
                report.outcomes.append(previous)
                report.skipped += 1
                observer.file_done(previous)
            else:
                todo[task_id_for(rel, sha, settings, out_root)] = (path, rel, sha)

        pending: dict[str, tuple[Path, str, str]] = {}
        lost: str | None = None
        with _Stop(stop) as stopper:
            stopper.on_stop = observer.stopping
            try:
                # What an earlier, interrupted run left running may be finished: collect it first.
                run_id, checked = backend_run_id(app), time.monotonic()
                metas = fetch_metas(app, list(todo))

                tokens: dict[str, str] = {}

                def send(task_id: str, path: Path, sha: str) -> None:
                    tokens[task_id] = uuid.uuid4().hex
                    marks.clear(app.backend, task_id)  # cancelled by an earlier Ctrl-C: this run resumes it
                    app.send_task(
                        TASK_NAME, task_id=task_id, queue=queue_for(path),
                        args=[str(path.resolve()), str(in_root), str(out_root), plan[path][1], sha, payload, timeout],
                        kwargs={"token": tokens[task_id], wire.KEY: wire.protocol()}, time_limit=timeout + 60 if timeout else None,
                    )

                for task_id, (path, rel, sha) in todo.items():
                    if stopper.stopped:
                        break
                    meta = metas.get(task_id, {})
                    if meta.get("status") == "SUCCESS":
                        outcome = outcome_from(meta, rel, sha, out_dir)
                        if outcome.status == "done":
                            handle(outcome)
                            continue
                    if meta.get("status") in FINAL:
                        app.backend.forget(task_id)  # a failure (or vanished outputs) is retried, as locally
                    send(task_id, path, sha)
                    pending[task_id] = (path, rel, sha)
                down_since: float | None = None
                while pending and not stopper.stopped:
                    try:
                        metas = fetch_metas(app, list(pending))
                        for task_id, meta in metas.items():
                            if meta.get("status") in FINAL:
                                _, rel, sha = pending[task_id]
                                outcome = outcome_from(meta, rel, sha, out_dir)
                                if outcome.status == "done" or sent_by(meta, tokens[task_id]):
                                    del pending[task_id]
                                    handle(outcome)
                                # else: an earlier message's failure, stored late; ours will overwrite it
                        if pending and (down_since is not None or time.monotonic() - checked > RESTART_CHECK):
                            now_id, checked = backend_run_id(app), time.monotonic()
                            if now_id != run_id:  # restarted empty: what was queued or running is gone
                                run_id = now_id
                                for task_id, (path, _, sha) in pending.items():
                                    send(task_id, path, sha)
                        down_since = None
                    except errors:
                        # A broker restart is a short outage: wait for it a little before giving up.
                        down_since = down_since or time.monotonic()
                        if time.monotonic() - down_since > broker_grace:
                            raise
                        stopper.event.wait(0.5)
                        continue
                    if pending:
                        stopper.event.wait(poll)
            except KeyboardInterrupt:
                stopper.event.set()
            except errors as exc:
                lost = type(exc).__name__
            if stopper.stopped and pending and lost is None:
                report.cancelled = _cancel(app, list(pending))
            report.pending = report.total - len(report.outcomes)
            if lost is not None:
                report.broker_lost = (
                    f"broker {sanitize(broker_url)} perdu en cours de lot ({lost}) ; {report.pending} fichier(s) "
                    "sans résultat : relancez la même commande une fois le broker revenu."
                )
            report.interrupted = stopper.stopped and report.pending > 0
        if report.pending == 0:
            _cleanup_tmp(out_dir)  # every job answered: a .tmp left now is a killed worker's
    report.elapsed = round(time.perf_counter() - t0, 3)
    return report
