"""Folder processing: discovery, a resumable manifest, one planner, worker pools or Celery workers, failure isolation."""

from summarizer.batch.discovery import discover, matches_glob, output_plan, supported_suffixes
from summarizer.batch.local import run_batch, summary_entries, write_batch_summary
from summarizer.batch.manifest import MANIFEST_NAME, BatchReport, FileOutcome, Manifest, settings_hash
from summarizer.batch.plan import BatchObserver, Observer, validate_dirs
from summarizer.batch.worker import process_one

__all__ = [
    "MANIFEST_NAME",
    "BatchObserver",
    "BatchReport",
    "FileOutcome",
    "Manifest",
    "Observer",
    "discover",
    "matches_glob",
    "output_plan",
    "process_one",
    "run_batch",
    "settings_hash",
    "summary_entries",
    "supported_suffixes",
    "validate_dirs",
    "write_batch_summary",
]
