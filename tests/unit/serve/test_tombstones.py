"""A deleted job leaves a tombstone a Celery worker checks (issue 20 item 4); old tombstones are purged."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from summarizer.serve.jobs import TOMBSTONE_AGE, delete_job_files, is_deleted, job_dir, purge_tombstones


def test_delete_leaves_a_tombstone_and_the_purge_forgets_old_ones(tmp_path: Path) -> None:
    folder = job_dir(tmp_path, "job1")
    (folder / "asr-cache").mkdir(parents=True)
    (folder / "crc.crc.json").write_text("{}")
    assert not is_deleted(tmp_path, "job1")
    delete_job_files(tmp_path, "job1")
    assert not folder.exists() and is_deleted(tmp_path, "job1")
    delete_job_files(tmp_path, "job2")  # a job whose folder is already gone: still marked
    old = (dt.datetime.now(dt.timezone.utc) - TOMBSTONE_AGE - dt.timedelta(hours=1)).timestamp()
    os.utime(tmp_path / ".deleted" / "job2", (old, old))
    assert purge_tombstones(tmp_path, TOMBSTONE_AGE) == 1
    assert is_deleted(tmp_path, "job1") and not is_deleted(tmp_path, "job2")
    assert purge_tombstones(tmp_path / "nowhere", TOMBSTONE_AGE) == 0
