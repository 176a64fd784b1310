"""Recordings to :class:`Transcript` with faster-whisper: decoding, VAD, stereo speaker split, cache.

Decoding engine. Every run goes through faster-whisper's ``BatchedInferencePipeline``:
Silero VAD cuts the speech into chunks of at most 30 s at silences, each chunk
is decoded without timestamp tokens (measured: word-perfect on test_fr.wav where
the classic timestamped decoding writes "conseillers générales"), and word
timestamps split the chunks back into sentence segments with real start times.
``AsrOptions.batched`` only sets the batch size (1 = sequential, lowest memory;
8 = batched, faster on long calls).

Speakers. A stereo recording whose channels differ (call recorders put each side
on its own channel) is transcribed channel by channel and labelled by channel.
A mono recording, or stereo whose channels carry the same mix, is diarized
(``ingest/diarize.py``, extra ``[diarize]``): each word takes the speaker heard
at its time, a sentence is split where the speaker changes inside it, and the
speakers get real names only from what was given or said (``ingest/speakers.py``).
Without the extra, or with ``diarize=False``, segments carry no speaker; a
diarization failure keeps the transcription (no speakers, one warning).

Progress is the caller's to draw: ``on_progress(done, total)`` in seconds of audio.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from summarizer.errors import ConfigError, InputError
from summarizer.ingest.transcript import Segment, Transcript
from summarizer.lang import code_of, get_lang, is_known
from summarizer.messages import Message

#: ``on_progress(done, total)``: seconds of audio processed so far, out of ``total``
ProgressCallback = Callable[[float, float], None]

#: bump when the transcription recipe changes, so cached transcripts are redone
ASR_VERSION = "3"
SAMPLE_RATE = 16_000
DEFAULT_CHANNELS = ("Vendeur", "Client")

#: peak amplitude under which a recording counts as silence (about -54 dBFS)
_SILENCE_PEAK = 2e-3
#: two channels are two talkers when this share of active windows is this many dB apart
_APART_DB = 10.0
_APART_SHARE = 0.2
#: a channel this much quieter than the other over a window only carries bleed
_BLEED_DB = 15.0
_SENTENCE_END = re.compile(r"[.?!…]+[\"»”)]*$")


class AsrOptions(BaseModel):
    model: str | None = None
    language: str = "fr"
    channels: tuple[str, str] | None = None
    participants: list[str] = Field(default_factory=list)
    client: str | None = None
    word_timestamps: bool = False
    batched: bool = False
    cache_dir: Path | None = None
    #: speakers of a mono recording (extra ``[diarize]``); off: segments carry no speaker
    diarize: bool = True
    #: the number of speakers when known; else the number of participants, else estimated (1–8)
    speakers: int | None = Field(default=None, ge=1, le=8)


# --- decoding -----------------------------------------------------------------


@dataclass
class DecodedAudio:
    """16 kHz float32 channels (1 or 2), as decoded; ``meeting_date`` from the container tags."""

    channels: list[np.ndarray]
    meeting_date: dt.date | None

    @property
    def duration(self) -> float:
        return len(self.channels[0]) / SAMPLE_RATE


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _tag_date(metadata: dict[str, str]) -> dt.date | None:
    for key in ("date", "creation_time", "DATE", "com.apple.quicktime.creationdate", "ICRD"):
        m = _DATE.search(str(metadata.get(key, "")))
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def wav_missing_bytes(path: Path) -> int:
    """Bytes the WAV ``data`` chunk declares beyond the end of the file (0 if whole or not WAV).

    FFmpeg quietly decodes what is there, so half a copied call would pass for a short call.
    Sizes 0 and 0xFFFFFFFF mean "unknown" (live recorders) and are not checked.
    """
    import struct

    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(12)
        if len(head) < 12 or head[:4] not in {b"RIFF", b"RF64"} or head[8:12] != b"WAVE":
            return 0
        pos = 12
        while pos + 8 <= size:
            fh.seek(pos)
            chunk_id, chunk_size = struct.unpack("<4sI", fh.read(8))
            if chunk_id == b"data":
                if chunk_size in (0, 0xFFFFFFFF):
                    return 0
                return max(0, pos + 8 + chunk_size - size)
            pos += 8 + chunk_size + (chunk_size & 1)
    return 0


def _duration_is_exact(path: Path, format_name: str) -> bool:
    """Whether the container states its length (so a shorter decode means a truncated file).

    Raw ADTS AAC and MP3 without a Xing/Info/VBRI header only get a length estimated
    from the bitrate, which VBR files miss by a lot: never call those truncated.
    """
    if format_name == "aac":
        return False
    if format_name == "mp3":
        with path.open("rb") as fh:
            head = fh.read(64 * 1024)
        return any(tag in head for tag in (b"Xing", b"Info", b"VBRI"))
    return True


def decode(path: Path) -> DecodedAudio:
    """Decode with PyAV (bundled FFmpeg); raise one-line :class:`InputError` on anything unusable."""
    import av
    from faster_whisper import decode_audio

    name = path.name
    if not path.exists():
        raise InputError(Message("file_missing", path=path))
    if path.is_dir():
        raise InputError(Message("file_is_dir", path=path))
    if path.stat().st_size == 0:
        raise InputError(Message("audio_empty", name=name))
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            streams = container.streams.audio
            if not streams:
                raise InputError(Message("audio_no_stream", name=name))
            stream = streams[0]
            if stream.codec_context is None:
                raise InputError(Message("audio_codec", name=name))
            n_channels = stream.codec_context.channels or 1
            if stream.duration is not None and stream.time_base is not None:
                declared: float | None = float(stream.duration * stream.time_base)
            else:
                declared = float(container.duration) / 1_000_000 if container.duration else None
            if not _duration_is_exact(path, container.format.name):
                declared = None
            meeting_date = _tag_date({**dict(container.metadata), **dict(stream.metadata)})
        stereo = n_channels >= 2
        decoded = decode_audio(str(path), sampling_rate=SAMPLE_RATE, split_stereo=stereo)
    except InputError:
        raise
    except av.error.DecoderNotFoundError as exc:
        raise InputError(Message("audio_codec", name=name)) from exc
    except (av.FFmpegError, ValueError, IndexError, TypeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc).split(";")[0]
        raise InputError(Message("audio_corrupt", name=name, reason=reason)) from exc
    channels = list(decoded) if stereo else [decoded]
    audio = DecodedAudio(channels=[np.ascontiguousarray(c, dtype=np.float32) for c in channels], meeting_date=meeting_date)
    if audio.duration < 0.1:
        raise InputError(Message("audio_no_sound", name=name))
    if wav_missing_bytes(path) > 0:
        raise InputError(Message("wav_truncated", name=name))
    if declared and declared > 2.0 and audio.duration < 0.9 * declared - 0.5:
        raise InputError(Message("audio_truncated", name=name, decoded=audio.duration, declared=declared))
    if max(float(np.abs(c).max()) for c in audio.channels) < _SILENCE_PEAK:
        raise InputError(Message("audio_silent", name=name))
    return audio


# --- stereo ---------------------------------------------------------------------


def _envelopes(a: np.ndarray, b: np.ndarray, window: float = 0.2) -> tuple[np.ndarray, np.ndarray, int]:
    """RMS per window of both channels (same length), and the window size in samples."""
    size = int(window * SAMPLE_RATE)
    n = min(len(a), len(b)) // size
    ra = np.sqrt((a[: n * size].astype(np.float64).reshape(n, size) ** 2).mean(axis=1)) + 1e-9
    rb = np.sqrt((b[: n * size].astype(np.float64).reshape(n, size) ** 2).mean(axis=1)) + 1e-9
    return ra, rb, size


def channels_differ(left: np.ndarray, right: np.ndarray) -> bool:
    """True when each channel carries its own talker (call recorders put one side per channel).

    The test is on who is active when: in a two-sided recording, many active
    moments are loud on one channel and 10 dB+ quieter (silence or bleed) on the
    other. Copies, panned or "produced" stereo (a podcast measures at most ~7 dB
    apart) and a silent channel are one signal: no speaker split, nothing guessed.
    """
    if float(np.abs(left).max()) < _SILENCE_PEAK or float(np.abs(right).max()) < _SILENCE_PEAK:
        return False
    ra, rb, _ = _envelopes(left, right)
    if len(ra) == 0:
        return False
    loud = np.maximum(ra, rb)
    active = loud > loud.max() * 10 ** (-35 / 20)
    apart = np.abs(20 * np.log10(ra / rb)) >= _APART_DB
    return float(apart[active].mean()) >= _APART_SHARE


def suppress_bleed(own: np.ndarray, other: np.ndarray, window: float = 0.2) -> np.ndarray:
    """Mute windows where ``own`` is only the other side's voice leaking in (>15 dB quieter).

    Without this, cross-talk on a channel gets transcribed twice under the wrong label.
    """
    rms_a, rms_b, size = _envelopes(own, other, window)
    n = len(rms_a)
    if n == 0:
        return own
    bleed = 20 * np.log10(rms_b / rms_a) > _BLEED_DB
    if not bleed.any():
        return own
    out = own.copy()
    out[: n * size].reshape(n, size)[bleed] = 0.0
    return out


# --- whisper ----------------------------------------------------------------------


def initial_prompt(options: AsrOptions, language: str | None = None) -> str | None:
    """Known names, so Whisper spells them right (applied to every chunk).

    The glue sentence is in ``language``, the language decoded (default: the one forced): French glue
    on English speech can make Whisper drift. For any other or an unknown language, the names only.
    """
    names = [p.strip() for p in options.participants if p.strip()]
    client = (options.client or "").strip()
    if not names and not client:
        return None
    lang = (language or options.language).strip().lower()
    if not is_known(lang):
        return ", ".join([*([client] if client else []), *names]) + "."
    prompts = get_lang(lang).prompts
    parts = [prompts.call_with.format(client=client) if client else prompts.call]
    if names:
        parts.append(prompts.participants.format(names=", ".join(names)))
    return " ".join(parts)


def degenerate(sentences: list[Sentence], prompt: str | None = None) -> bool:
    """Whisper's known failure with a prompt: one short line repeated ("Hello." x13) or the prompt echoed."""
    texts = [re.sub(r"\W+", " ", s.text).strip().lower() for s in sentences]
    texts = [t for t in texts if t]
    if not texts:
        return False
    if len(texts) >= 3 and max(texts.count(t) for t in set(texts)) * 2 >= len(texts):
        return True
    echo = re.sub(r"\W+", " ", prompt or "").strip().lower()
    return bool(echo) and any(echo in t for t in texts)


def _language(options: AsrOptions, supported: list[str]) -> str | None:
    """The language to force, checked against the loaded model's (an English-only model has one)."""
    lang = options.language.strip().lower()
    if lang == "auto":
        return None
    if lang not in supported:
        raise ConfigError(Message("asr_language", language=options.language))
    return lang


@dataclass
class Sentence:
    """One sentence as decoded, with its words' times (diarization labels words, then sentences)."""

    start: float
    end: float
    text: str
    words: list[tuple[float, float, str]] = field(default_factory=list)


def _split_segment(seg: Any, pause: float | None) -> Iterator[Sentence]:
    """Cut a decoded chunk into sentences (and at long pauses when asked) using word times."""
    words = list(seg.words or [])
    if not words:
        yield Sentence(float(seg.start), float(seg.end), seg.text)
        return
    current: list[Any] = []
    for i, word in enumerate(words):
        current.append(word)
        nxt = words[i + 1] if i + 1 < len(words) else None
        cut = nxt is None or bool(_SENTENCE_END.search(word.word.strip()))
        if pause is not None and nxt is not None and float(nxt.start) - float(word.end) >= pause:
            cut = True
        if cut:
            yield Sentence(
                float(current[0].start), float(current[-1].end), "".join(w.word for w in current),
                [(float(w.start), float(w.end), w.word) for w in current],
            )
            current = []


def _detect_language(pipeline: Any, samples: np.ndarray) -> str:
    """The spoken language, as the pipeline itself would detect it (speech only)."""
    if not pipeline.model.model.is_multilingual:
        return "en"
    language, _, _ = pipeline.model.detect_language(audio=samples, vad_filter=True)
    return str(language)


def _decode(
    pipeline: Any, samples: np.ndarray, options: AsrOptions, language: str | None, prompt: str | None,
    report: Callable[[float], None],
) -> tuple[list[Sentence], str | None]:
    segments, info = pipeline.transcribe(
        samples,
        language=language,
        beam_size=5,
        batch_size=8 if options.batched else 1,
        vad_filter=True,
        condition_on_previous_text=False,
        initial_prompt=prompt,
        word_timestamps=True,
    )
    pause = 0.8 if options.word_timestamps else None
    out: list[Sentence] = []
    for seg in segments:
        out.extend(_split_segment(seg, pause))
        report(float(seg.end))
    return out, info.language


def _transcribe_channel(
    samples: np.ndarray,
    options: AsrOptions,
    report: Callable[[float], None],
) -> tuple[list[Sentence], str | None]:
    """One channel through the batched pipeline; returns its sentences and the language.
    ``report(seconds)`` is told how far into the channel the decoding is.

    The names given must never cost words: the prompt is in the language spoken (detected first), only
    the names when another language is forced, and a decoding it made degenerate is done again without it.
    """
    from summarizer.ingest.whisper_model import load_pipeline

    pipeline = load_pipeline(options.model)
    language = _language(options, pipeline.model.supported_languages)
    prompt = None
    if initial_prompt(options) is not None:
        spoken = _detect_language(pipeline, samples)
        language = language or spoken
        # forced French on English speech: the names alone, no French sentence around them
        prompt = initial_prompt(options, spoken if spoken == language else "und")
    out, detected = _decode(pipeline, samples, options, language, prompt, report)
    if prompt is not None and degenerate(out, prompt):
        plain, detected_plain = _decode(pipeline, samples, options, language, None, lambda _t: None)
        if not degenerate(plain):
            out, detected = plain, detected_plain
    report(len(samples) / SAMPLE_RATE)
    return out, detected


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- speakers of a mono recording -------------------------------------------------------


#: share of the audio's duration the progress total reserves for diarization
_DIARIZE_SHARE = 0.25


def _speaker_count(options: AsrOptions) -> int | None:
    if options.speakers:
        return options.speakers
    names = [p for p in options.participants if p.strip()]
    return min(len(names), 8) if names else None


def diarize_sentences(
    samples: np.ndarray, sentences: list[Sentence], options: AsrOptions, language: str | None
) -> list[tuple[float, float, str | None, str]]:
    """(start, end, speaker name, text) per speaker run of each sentence; raises on any failure."""
    from summarizer.ingest.diarize import diarize, split_by_speaker
    from summarizer.ingest.speakers import name_speakers

    speech = [(w[0], w[1]) for s in sentences for w in s.words] or [(s.start, s.end) for s in sentences]
    turns = diarize(samples, speech, speakers=_speaker_count(options))
    pieces: list[tuple[float, float, int | None, str]] = []
    for sentence in sentences:
        words = sentence.words or [(sentence.start, sentence.end, sentence.text)]
        for speaker, run in split_by_speaker(words, turns):
            pieces.append((run[0][0], run[-1][1], speaker, "".join(w[2] for w in run)))
    ids = [(p[2], _clean(p[3])) for p in pieces if p[2] is not None and _clean(p[3])]
    names = name_speakers([(int(s), t) for s, t in ids], options.participants, language)
    return [(a, b, names.get(s) if s is not None else None, text) for a, b, s, text in pieces]


def _diarize_warning(source: str, exc: Exception, language: str | None) -> str:
    return Message("diarize_failed", source=source, reason=one_line_reason(exc)).render(code_of(language))


def one_line_reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


def install_hint(language: str | None) -> str:
    from summarizer.ingest.diarize import INSTALL_HINT

    return Message("diarize_missing", command=INSTALL_HINT).render(code_of(language))


def transcribe_decoded(
    audio: DecodedAudio,
    options: AsrOptions,
    *,
    source: str,
    progress: bool = True,
    on_progress: ProgressCallback | None = None,
) -> Transcript:
    """Whisper over decoded audio: one pass per channel (labelled) for differing stereo, else one pass
    then diarization. ``progress`` is kept for old callers and ignored: drawing is the caller's job."""
    from summarizer.ingest.diarize import available as diarizer_available

    split = len(audio.channels) == 2 and channels_differ(audio.channels[0], audio.channels[1])
    tracks: list[tuple[np.ndarray, str | None]]
    if split:
        left, right = audio.channels
        tracks = [
            (suppress_bleed(left, right), (options.channels or DEFAULT_CHANNELS)[0]),
            (suppress_bleed(right, left), (options.channels or DEFAULT_CHANNELS)[1]),
        ]
    else:
        mono = audio.channels[0] if len(audio.channels) == 1 else (audio.channels[0] + audio.channels[1]) / 2
        tracks = [(mono, None)]
    diarizing = not split and options.diarize and diarizer_available()
    if diarizing:
        from summarizer.ingest.diarize import warm_up

        warm_up()
    total = audio.duration * (len(tracks) + (_DIARIZE_SHARE if diarizing else 0.0))
    notify = on_progress or (lambda done, total: None)
    items: list[tuple[float, float, str | None, str]] = []
    warnings: list[str] = []
    language: str | None = None
    for n, (samples, label) in enumerate(tracks):
        offset = n * audio.duration

        def report(t: float, o: float = offset) -> None:
            notify(min(total, o + t), total)

        sentences, lang = _transcribe_channel(samples, options, report)
        language = language or lang
        if diarizing and sentences:
            try:
                items.extend(diarize_sentences(samples, sentences, options, language))
            except Exception as exc:  # a diarization failure never loses the transcription
                warnings.append(_diarize_warning(source, exc, language))
                items.extend((s.start, s.end, None, s.text) for s in sentences)
        else:
            items.extend((s.start, s.end, label, s.text) for s in sentences)
    notify(total, total)
    if not split and options.diarize and not diarizing:
        warnings.append(install_hint(language or options.language))
    items.sort(key=lambda it: (it[0], it[1]))
    segments: list[Segment] = []
    for start, end, speaker, text in items:
        text = _clean(text)
        if text:
            segments.append(
                Segment(index=len(segments), start=round(start, 2), end=round(max(end, start), 2), speaker=speaker, text=text)
            )
    if not segments:
        raise InputError(Message("no_speech", name=source))
    return Transcript(
        segments=segments,
        source=source,
        format="audio",
        language=language or (None if options.language == "auto" else options.language),
        meeting_date=audio.meeting_date,
        warnings=warnings,
    )


# --- cache ------------------------------------------------------------------------


def cache_key(content_sha256: str, options: AsrOptions) -> str:
    """Audio content + model identity + every option that changes the text."""
    from summarizer.ingest.whisper_model import model_identity

    payload: dict[str, Any] = {
        "v": ASR_VERSION,
        "audio": content_sha256,
        "model": model_identity(options.model),
        "language": options.language,
        "channels": list(options.channels or DEFAULT_CHANNELS),
        "prompt": initial_prompt(options),
        "word_timestamps": options.word_timestamps,
        "batched": options.batched,
    }
    if options.diarize:  # an install of the extra, or another count, redoes the transcript
        from summarizer.ingest.diarize import available

        payload["diarize"] = {"available": available(), "speakers": options.speakers}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:40]


def default_transcript_cache() -> Path:
    from summarizer.ingest.whisper_model import default_cache_root

    return default_cache_root() / "transcripts"


def transcribe_audio(
    path: Path,
    options: AsrOptions,
    *,
    progress: bool = True,
    sha256: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> Transcript:
    """Transcribe a recording (cached on content + model + options); one-line InputError on bad audio.
    ``sha256``: the content hash when the caller already has it; ``on_progress``: see
    :data:`ProgressCallback` (``progress`` is ignored: nothing is drawn here)."""
    from summarizer.files import atomic_write_text, sha256_file

    if not path.is_file():
        decode(path)  # raises the right one-line error (missing, directory)
    cache_dir = options.cache_dir or default_transcript_cache()
    cached = cache_dir / f"{cache_key(sha256 or sha256_file(path), options)}.json"
    if cached.is_file():
        try:
            hit = Transcript.model_validate_json(cached.read_text(encoding="utf-8"))
            return hit.model_copy(update={"source": path.name})
        except (ValueError, OSError):
            pass  # unreadable cache entry: transcribe again and overwrite it
    transcript = transcribe_decoded(decode(path), options, source=path.name, on_progress=on_progress)
    if any("locuteurs impossible" in w or "separation failed" in w for w in transcript.warnings):
        return transcript  # a failed diarization is retried next time, not cached
    try:
        atomic_write_text(cached, transcript.model_dump_json())
    except OSError:
        pass  # a read-only cache must not fail the run
    return transcript
