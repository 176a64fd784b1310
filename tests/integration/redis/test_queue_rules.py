"""The queue's decisions without a broker: which queue, which job id, which failure is worth a retry."""

from __future__ import annotations

from pathlib import Path

import httpx
import openai
import pytest

from summarizer import __version__
from summarizer.batch.remote import outcome_from
from summarizer.batch.tasks import task_id_for
from summarizer.errors import BackendError, ConfigError, InputError
from summarizer.extract.llm.transport import DeadlineExceeded
from summarizer.queue.app import ASR_QUEUE, EXTRACT_QUEUE, queue_for
from summarizer.queue.protocol import protocol
from summarizer.queue.tasks import is_transient


def _status_error(code: int) -> openai.APIStatusError:
    response = httpx.Response(code, request=httpx.Request("POST", "http://127.0.0.1/v1/chat/completions"))
    return openai.APIStatusError("error", response=response, body=None)


def _raised(error: Exception, cause: BaseException | None) -> Exception:
    try:
        raise error from cause
    except Exception as exc:
        return exc


def test_recordings_go_to_asr_transcripts_to_extract() -> None:
    assert queue_for(Path("appel.WAV")) == ASR_QUEUE
    assert queue_for(Path("appel.m4a")) == ASR_QUEUE
    for name in ("appel.vtt", "appel.srt", "appel.txt", "appel.json", "appel.docx"):
        assert queue_for(Path(name)) == EXTRACT_QUEUE


def test_only_endpoint_trouble_is_transient() -> None:
    assert is_transient(_raised(BackendError("503"), _status_error(503)))
    assert is_transient(_raised(BackendError("429"), _status_error(429)))
    assert is_transient(_raised(BackendError("délai"), DeadlineExceeded(600)))
    assert not is_transient(_raised(ConfigError("401"), _status_error(401)))
    assert not is_transient(_raised(BackendError("CRC invalide"), ValueError("schema")))
    assert not is_transient(BackendError("sans cause"))
    assert not is_transient(InputError("fichier vide"))


def test_job_id_is_stable_and_specific(tmp_path: Path) -> None:
    a = task_id_for("2026/appel.vtt", "ab" * 32, "s1", tmp_path / "out")
    assert a == task_id_for("2026/appel.vtt", "ab" * 32, "s1", tmp_path / "out")
    assert a != task_id_for("2026/appel.vtt", "cd" * 32, "s1", tmp_path / "out")  # content changed
    assert a != task_id_for("2026/appel.vtt", "ab" * 32, "s2", tmp_path / "out")  # settings changed
    assert a != task_id_for("2026/appel.vtt", "ab" * 32, "s1", tmp_path / "autre")  # another OUT_DIR
    assert a != task_id_for("2026/autre.vtt", "ab" * 32, "s1", tmp_path / "out")


def test_a_done_result_without_its_files_is_a_storage_failure(tmp_path: Path) -> None:
    meta = {"status": "SUCCESS", "result": {"rel_path": "a.vtt", "sha256": "x", "status": "done", "outputs": ["a.crc.json"],
                                            "protocol": protocol()}}
    outcome = outcome_from(meta, "a.vtt", "x", tmp_path)
    assert outcome.status == "failed" and "stockage partagé" in (outcome.reason or "")
    (tmp_path / "a.crc.json").write_text("{}")
    assert outcome_from(meta, "a.vtt", "x", tmp_path).status == "done"
    failure = {"status": "FAILURE", "result": {"exc_type": "TimeLimitExceeded", "exc_message": "600"}}
    assert "TimeLimitExceeded" in (outcome_from(failure, "a.vtt", "x", tmp_path).reason or "")


def test_a_reply_from_another_version_is_a_failure_saying_so(tmp_path: Path) -> None:
    """Issue 20 item 8: an older worker's "done" (it ignored --speakers) must not be recorded as done."""
    (tmp_path / "a.crc.json").write_text("{}")
    done = {"rel_path": "a.vtt", "sha256": "x", "status": "done", "outputs": ["a.crc.json"]}
    older = {"status": "SUCCESS", "worker": "crc-1@old", "result": done}  # older workers send no protocol
    outcome = outcome_from(older, "a.vtt", "x", tmp_path)
    assert outcome.status == "failed"
    assert outcome.reason == (f"a.vtt : versions différentes : le worker crc-1@old est en ?, cet envoi en {protocol()} ; "
                              "installez la même version de crc sur les workers et ici, puis relancez.")
    newer = {**older, "result": {**done, "protocol": "9.9.9/9-abcdef12"}}
    assert "est en 9.9.9/9-abcdef12" in (outcome_from(newer, "a.vtt", "x", tmp_path).reason or "")
    # an older worker given an argument it does not take: one line, not a raw TypeError
    crashed = {"status": "FAILURE", "worker": "crc-1@old", "result": {
        "exc_type": "TypeError", "exc_message": ["process_file() got an unexpected keyword argument 'protocol'"]}}
    assert "versions différentes" in (outcome_from(crashed, "a.vtt", "x", tmp_path).reason or "")
    other = {"status": "FAILURE", "result": {"exc_type": "TypeError", "exc_message": "unsupported operand"}}
    assert "versions différentes" not in (outcome_from(other, "a.vtt", "x", tmp_path).reason or "")
    assert protocol().startswith(__version__ + "/")


def test_the_protocol_follows_the_options_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """An option added on one side only (``--speakers`` once) changes the protocol: the other side refuses."""
    from pydantic import create_model

    from summarizer import pipeline
    from summarizer.queue import protocol as wire

    before = wire.protocol()
    wire.protocol.cache_clear()
    monkeypatch.setattr(pipeline, "RunOptions", create_model("RunOptions", __base__=pipeline.RunOptions, extra_option=(int, 0)))
    try:
        assert wire.protocol() != before
    finally:
        wire.protocol.cache_clear()
