"""The one edit path of a done job: apply the change, store it, record it, fire the webhook.

A CRC changes three ways on the service: a PUT of the edited CRC, a speaker rename, and the
client's e-mailed reply (validated, or corrections asked). Each only supplies its ``apply``
step, which writes the job's files (new version, score, renders) and returns an :class:`Applied`;
:func:`commit_edit` then does what all three owe: map the refusal to 409/422, update the job
table (version, score, golden rule), audit the change and queue the webhook (``CRC_WEBHOOK_URL``)
with the new CRC, so the CRM hears of every version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from summarizer.crc import CRC
from summarizer.errors import InputError
from summarizer.score import ScoreReport
from summarizer.serve.audit import Action
from summarizer.serve.db import JobRecord
from summarizer.serve.jobs import EditConflict
from summarizer.serve.messages import ApiError
from summarizer.serve.routes.context import Access

log = logging.getLogger("summarizer.serve")


@dataclass(frozen=True)
class Applied:
    """What an edit wrote: the CRC as stored, its score, what the audit trail names, and job columns it changes."""

    crc: CRC
    report: ScoreReport
    #: the audit row's target: the new version, or the reply's verdict
    target: str
    #: job-table columns only this kind of edit may change (a PUT may change the date and the client)
    columns: Mapping[str, Any] = field(default_factory=dict)


def commit_edit(at: Access, rec: JobRecord, action: Action, apply: Callable[[], Applied]) -> Applied:
    """Run ``apply`` (409 on a stale version, 422 on a refused change: nothing stored), then store → audit → webhook."""
    try:
        applied = apply()
    except EditConflict as exc:
        raise ApiError(409, exc) from exc
    except InputError as exc:  # the pipeline's line, the same as `crc score`'s
        raise ApiError(422, exc) from exc
    crc, report = applied.crc, applied.report
    at.store.update(rec.id, crc_id=crc.id, version=crc.version, score=report.total,
                    golden_rule=report.golden_rule.ok, **applied.columns)
    log.info("job %s %s -> v%s", rec.id, action, crc.version)
    at.record(action, rec.id, applied.target)
    notifier = at.pool.notifier
    if notifier is not None:  # the CRM hears of every version, the client's answer included
        notifier.notify(crc)
    return applied
