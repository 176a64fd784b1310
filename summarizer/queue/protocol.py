"""What a submitter and a Celery worker must share, checked on both sides of every job.

Why: a worker of another crc version silently ignored the options it did not know
(``--speakers``: a CRC without speakers, recorded as done) or failed with a raw
TypeError on arguments it did not expect. The submitter sends :func:`protocol` with
each job, the worker refuses a job sent under another one and echoes its own in
every reply, and the submitter accepts only replies carrying its own.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from typing import Any

from summarizer import __version__
from summarizer.messages import Message

#: bump when a task's arguments or reply change meaning (the options' shape is hashed in below)
TASK_PROTOCOL = 2
#: the kwargs key of the protocol in a job message, and of the worker's in its reply
KEY = "protocol"

#: what Python says when a task is called with arguments its code does not take (an older worker)
_SIGNATURE = re.compile(r"unexpected keyword argument|required positional argument|positional arguments? but")


@lru_cache(maxsize=1)
def protocol() -> str:
    """``<crc version>/<task protocol>-<hash of the run options' schema>``: an option added or changed
    on one side only is a mismatch, even between two checkouts of the same release."""
    from summarizer.pipeline import RunOptions

    schema = json.dumps(RunOptions.model_json_schema(), sort_keys=True)
    return f"{__version__}/{TASK_PROTOCOL}-{hashlib.sha256(schema.encode()).hexdigest()[:8]}"


def mismatch(worker: object, worker_protocol: object, sent_protocol: object) -> Message:
    """The one line both sides give for a job sent and run under different protocols (None: an older
    crc, which sends or answers none)."""
    def label(value: object) -> str:
        return str(value) if value else "?"

    return Message("worker_version", worker=label(worker), theirs=label(worker_protocol), ours=label(sent_protocol))


def reply_mismatch(meta: dict[str, Any]) -> Message | None:
    """Why a final result meta cannot be trusted as this version's answer, or None when it can.

    A reply without our protocol comes from a worker of another version (older ones send none);
    a task that failed on its own arguments is an older worker given a newer message.
    """
    result = meta.get("result")
    worker = meta.get("worker")
    if meta.get("status") == "SUCCESS" and isinstance(result, dict):
        theirs = result.get(KEY)
        return None if theirs == protocol() else mismatch(worker, theirs, protocol())
    if meta.get("status") == "FAILURE" and isinstance(result, dict) and result.get("exc_type") == "TypeError":
        if _SIGNATURE.search(str(result.get("exc_message"))):
            return mismatch(worker, None, protocol())
    return None
