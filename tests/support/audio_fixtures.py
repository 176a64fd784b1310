"""Audio the ASR tests build themselves: real clips from ../shared/data/audio, silence, noise, damage.

Clips are read from the shared folder (never copied into the repo); everything
else is synthesized with numpy + stdlib ``wave`` (PCM) or PyAV (AAC/m4a).
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

SR = 16_000
#: real French speech clips and their README; absent on machines without the shared folder
SHARED_AUDIO = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "audio"
TEST_FR = SHARED_AUDIO / "test_fr.wav"
WHISPER_FR = SHARED_AUDIO / "whisper-french.mp3"
TEST_FR_REF = "Sous le consulat il devient conservateur des eaux et forêts et conseiller général."
WHISPER_FR_REF = (
    "Bienvenue dans Passerelle, un podcast pensé pour éveiller la curiosité "
    "des apprenants et des apprenantes de français."
)


def have_shared_audio() -> bool:
    return TEST_FR.is_file() and WHISPER_FR.is_file()


def load_mono(path: Path) -> np.ndarray:
    """16 kHz mono float32, decoded the way the product decodes."""
    from faster_whisper import decode_audio

    return np.asarray(decode_audio(str(path), sampling_rate=SR), dtype=np.float32)


def to_pcm16(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()


def write_wav(path: Path, channels: list[np.ndarray], rate: int = SR) -> Path:
    """PCM 16-bit WAV; several channels are padded to the same length and interleaved."""
    length = max(len(c) for c in channels)
    padded = [np.pad(c, (0, length - len(c))) for c in channels]
    frames = np.stack(padded, axis=1).reshape(-1) if len(padded) > 1 else padded[0]
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(len(channels))
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(to_pcm16(frames))
    return path


def place(samples: np.ndarray, offset_s: float, total_s: float) -> np.ndarray:
    """``samples`` starting at ``offset_s`` in a silent track of ``total_s`` seconds."""
    out = np.zeros(int(total_s * SR), dtype=np.float32)
    start = int(offset_s * SR)
    end = min(len(out), start + len(samples))
    out[start:end] = samples[: end - start]
    return out


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SR), dtype=np.float32)


def white_noise(seconds: float, amplitude: float = 0.05, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(int(seconds * SR)) * amplitude).astype(np.float32)


def tone(seconds: float, freq: float = 440.0, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def write_encoded(
    path: Path, samples: np.ndarray, container_format: str, codec: str, rate: int = SR, date: str | None = None
) -> Path:
    """Encode mono ``samples`` with PyAV (e.g. mp4/aac, ogg/libopus, webm/libopus, mp3/libmp3lame, flac)."""
    import av

    if rate != SR:
        idx = np.arange(int(len(samples) * rate / SR)) * SR / rate
        samples = np.interp(idx, np.arange(len(samples)), samples).astype(np.float32)
    with av.open(str(path), "w", format=container_format) as container:
        if date:
            container.metadata["date"] = date
        stream = container.add_stream(codec, rate=rate)
        stream.layout = "mono"
        pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
        for start in range(0, len(pcm), 960):
            frame = av.AudioFrame.from_ndarray(pcm[start : start + 960].reshape(1, -1), format="s16", layout="mono")
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def write_m4a(path: Path, samples: np.ndarray, date: str | None = None) -> Path:
    """AAC in an MP4 container (what phones record), optionally with a ``date`` tag."""
    return write_encoded(path, samples, "mp4", "aac", date=date)


def unknown_codec_wav(path: Path, seconds: float = 1.0) -> Path:
    """A well-formed RIFF/WAVE whose format tag (0x9999) names no codec FFmpeg knows."""
    import struct

    data = b"\x01\x02" * int(seconds * SR)
    fmt = struct.pack("<HHIIHH", 0x9999, 1, SR, 2 * SR, 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def corrupt_header(src: Path, dst: Path) -> Path:
    """Same bytes with the container header overwritten: the magic is gone."""
    data = bytearray(src.read_bytes())
    data[:64] = b"\x00\x13\x37" * 21 + b"\x00"
    dst.write_bytes(bytes(data))
    return dst


def truncate(src: Path, dst: Path, keep: float) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * keep)])
    return dst
