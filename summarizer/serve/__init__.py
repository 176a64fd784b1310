"""``crc serve``: the upload service (FastAPI app, job table, in-process worker pool).

It only calls :mod:`summarizer.pipeline`; no second implementation of any stage.
"""

from __future__ import annotations
