"""Deterministic, playable call audio: MP3 call recordings and WAV voicemail messages.

The same seed always yields the same bytes, in any process: a tone pattern and comfort noise are
derived from SHAKE-256 of the seed, never from ``hash()`` or the global PRNG.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import wave

import lameenc

__all__ = ["MP3_CONTENT_TYPE", "WAV_CONTENT_TYPE", "SAMPLE_RATE", "mp3_recording", "wav_voicemail"]

MP3_CONTENT_TYPE = "audio/mpeg"
WAV_CONTENT_TYPE = "audio/wav"

SAMPLE_RATE = 8000
_MP3_KBPS = 16
# LAME's best psychoacoustic setting: it costs little because of the steady-state shortcut below, and
# at this bitrate it also converges to a periodic bitstream sooner than the fast settings do.
_LAME_QUALITY = 2

# An MPEG-2.5 Layer III frame at 8 kHz holds one 576-sample granule; at 16 kbit/s it is always
# exactly 144 bytes (72 * bitrate / rate divides evenly, so there is never a padding slot).
_FRAME_SAMPLES = 576
_FRAME_BYTES = 72 * _MP3_KBPS * 1000 // SAMPLE_RATE
_HEADER_BYTES = 4
_SIDE_INFO_BYTES = 9  # MPEG-2/2.5 mono; the Xing tag starts right after it
# LAME emits two frames more than the granules it was fed (encoder delay plus the flushed tail).
_LAME_EXTRA_FRAMES = 2

# The pattern repeats every 3.456 s. A whole number of granules keeps every cycle aligned to the
# same encoder phase, which is what lets the encoder's output become periodic.
_SLOTS = 8
_SLOT_SAMPLES = 6 * _FRAME_SAMPLES
_CYCLE_SAMPLES = _SLOTS * _SLOT_SAMPLES
_CYCLE_FRAMES = _CYCLE_SAMPLES // _FRAME_SAMPLES
_MAX_PERIOD = 4

_DTMF_LOW = (697, 770, 852, 941)
_DTMF_HIGH = (1209, 1336, 1477, 1633)
# Real DTMF senders give the high group a few dB more level ("twist").
_LOW_AMPLITUDE = 5000.0
_HIGH_AMPLITUDE = 6300.0
_RAMP_SAMPLES = 64

# Comfort noise: each PRNG byte becomes a little-endian int16 sample in [-32, 31] through two
# translate tables, so a whole cycle of noise is built at C speed.
_NOISE_LOW_BYTES = bytes(((r & 0x3F) - 32) & 0xFF for r in range(256))
_NOISE_HIGH_BYTES = bytes(0xFF if (r & 0x3F) < 32 else 0x00 for r in range(256))


def mp3_recording(seed: str, seconds: int) -> bytes:
    """A call recording: mono 8 kHz, 16 kbit/s CBR MPEG-2.5 Layer III without ID3 tags.

    Args:
        seed: Anything that identifies the call (a unique id, say); it selects the tones.
        seconds: Requested duration. The file holds the whole number of 72 ms frames nearest to
            it, so any decoder reports it within half a frame. 0 gives a single "Info" tag frame
            that declares no audio, because a lone audio frame is not recognised as MP3 by readers
            such as mutagen (they want two consecutive frame headers before trusting a sync).

    Returns:
        The MP3 bytes, identical for the same arguments in every process.
    """
    frames = (_check_seconds(seconds) * SAMPLE_RATE + _FRAME_SAMPLES // 2) // _FRAME_SAMPLES
    if frames == 0:
        return _info_frame(_encode_mp3(b"", 0)[:_HEADER_BYTES])
    # Whole seconds give at least 14 frames, so LAME's two extra frames always fit.
    return _encode_mp3(_cycle(seed), (frames - _LAME_EXTRA_FRAMES) * _FRAME_SAMPLES)


def wav_voicemail(seed: str, seconds: int) -> bytes:
    """A voicemail message: 8 kHz, 16-bit, mono PCM WAV of exactly ``seconds * 8000`` frames.

    Args:
        seed: Anything that identifies the message; it selects the tones.
        seconds: Duration in whole seconds.

    Returns:
        The WAV bytes, identical for the same arguments in every process.
    """
    samples = _check_seconds(seconds) * SAMPLE_RATE
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(_repeat(_cycle(seed), samples * 2))
    return buffer.getvalue()


def _info_frame(header: bytes) -> bytes:
    """A Xing "Info" (CBR) tag frame declaring zero audio frames and its own length in bytes."""
    tag = b"Info" + (0x1 | 0x2).to_bytes(4, "big") + (0).to_bytes(4, "big") + _FRAME_BYTES.to_bytes(4, "big")
    return (header + bytes(_SIDE_INFO_BYTES) + tag).ljust(_FRAME_BYTES, b"\x00")


def _check_seconds(seconds: int) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        raise ValueError(f"seconds must be a non-negative int, got {seconds!r}")
    return seconds


def _repeat(block: bytes, length: int) -> bytes:
    whole, rest = divmod(length, len(block))
    return block * whole + block[:rest]


def _cycle(seed: str) -> bytes:
    """One cycle of little-endian int16 PCM: a DTMF-like burst per slot over comfort noise."""
    # SHAKE-256 is the PRNG: specified by FIPS 202, so unlike random.Random's byte helpers it cannot
    # change between Python versions, and it runs in C.
    stream = hashlib.shake_256(b"mockpbx.audio\x00" + seed.encode("utf-8")).digest(_SLOTS + _CYCLE_SAMPLES)
    choices, noise = stream[:_SLOTS], stream[_SLOTS:]
    pcm = bytearray(2 * _CYCLE_SAMPLES)
    pcm[0::2] = noise.translate(_NOISE_LOW_BYTES)
    pcm[1::2] = noise.translate(_NOISE_HIGH_BYTES)
    for slot, choice in enumerate(choices):
        # Bits 0-3 pick the key, bits 4-7 a burst of 100-325 ms; the rest of the slot stays noise.
        burst = _burst(choice & 0x0F, 800 + 120 * (choice >> 4))
        start = 2 * slot * _SLOT_SAMPLES
        pcm[start : start + len(burst)] = burst
    return bytes(pcm)


@functools.cache
def _burst(key: int, samples: int) -> bytes:
    """A raised-cosine-edged dual tone; cached, as only 256 (key, length) pairs exist."""
    low = 2.0 * math.pi * _DTMF_LOW[key >> 2] / SAMPLE_RATE
    high = 2.0 * math.pi * _DTMF_HIGH[key & 0x03] / SAMPLE_RATE
    out = bytearray()
    for n in range(samples):
        edge = min(n, samples - 1 - n)
        gain = 1.0 if edge >= _RAMP_SAMPLES else 0.5 - 0.5 * math.cos(math.pi * edge / _RAMP_SAMPLES)
        value = gain * (_LOW_AMPLITUDE * math.sin(low * n) + _HIGH_AMPLITUDE * math.sin(high * n))
        out += round(value).to_bytes(2, "little", signed=True)
    return bytes(out)


def _new_encoder() -> lameenc.Encoder:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(_MP3_KBPS)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_out_sample_rate(SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(_LAME_QUALITY)
    encoder.silence()
    return encoder


def _encode_mp3(cycle: bytes, samples: int) -> bytes:
    """Encode ``samples`` of the repeated cycle, copying the output once it becomes periodic.

    After a few cycles of identical input LAME settles and emits the same bytes for each cycle, or
    for each group of ``period`` cycles (within 6 cycles for each of 1000 seeds tried). Once two
    consecutive groups match, the stream ``... group group`` has been seen for real, so repeating the
    group and then resuming the encoder (which is at the same phase) still yields a stream whose bit
    reservoir back-pointers are exactly the ones LAME wrote. That makes an hour cost a few cycles; if
    the output never repeats, every cycle is simply encoded.
    """
    encoder = _new_encoder()
    cycles, rest = divmod(samples, _CYCLE_SAMPLES)
    out: list[bytes] = []
    done = 0
    shortcut_taken = False
    while done < cycles:
        out.append(bytes(encoder.encode(cycle)))
        done += 1
        period = 0 if shortcut_taken else _period(out)
        if period:
            shortcut_taken = True
            copies = (cycles - done) // period
            out.append(b"".join(out[-period:]) * copies)
            done += copies * period
    # Always called, even with no samples: lameenc refuses to flush an encoder that never encoded.
    out.append(bytes(encoder.encode(cycle[: 2 * rest])))
    out.append(bytes(encoder.flush()))
    return b"".join(out)


def _period(chunks: list[bytes]) -> int:
    """The number of cycles after which the encoder's output last repeated, or 0."""
    for period in range(1, _MAX_PERIOD + 1):
        if len(chunks) < 2 * period:
            break
        group = chunks[-period:]
        # The length test keeps the frame count exact: a group must hold exactly its cycles' frames.
        if group == chunks[-2 * period : -period] and sum(map(len, group)) == (period * _CYCLE_FRAMES * _FRAME_BYTES):
            return period
    return 0
