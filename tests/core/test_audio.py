from __future__ import annotations

import ast
import hashlib
import io
import math
import os
import subprocess
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

import pytest
from mutagen.mp3 import MP3

from mockpbx.core import audio

FRAME_SECONDS = 576 / 8000
FRAME_BYTES = 144
SIDE_INFO_BYTES = 9  # MPEG-2/2.5 mono
HEADER_BYTES = 4
SLOT_BYTES = FRAME_BYTES - HEADER_BYTES - SIDE_INFO_BYTES
DTMF_LOW = (697, 770, 852, 941)
DTMF_HIGH = (1209, 1336, 1477, 1633)


@dataclass(frozen=True)
class SideInfo:
    main_data_begin: int
    part2_3_length: int
    big_values: int
    global_gain: int


def frame_headers(data: bytes) -> set[bytes]:
    assert len(data) % FRAME_BYTES == 0
    return {data[i : i + HEADER_BYTES] for i in range(0, len(data), FRAME_BYTES)}


def side_infos(data: bytes) -> list[SideInfo]:
    infos = []
    width = 8 * SIDE_INFO_BYTES
    for offset in range(HEADER_BYTES, len(data), FRAME_BYTES):
        bits = int.from_bytes(data[offset : offset + SIDE_INFO_BYTES], "big")
        # main_data_begin(8) private(1) part2_3_length(12) big_values(9) global_gain(8) ...
        infos.append(
            SideInfo(
                main_data_begin=bits >> (width - 8),
                part2_3_length=(bits >> (width - 21)) & 0xFFF,
                big_values=(bits >> (width - 30)) & 0x1FF,
                global_gain=(bits >> (width - 38)) & 0xFF,
            )
        )
    return infos


def assert_reservoir_consistent(infos: list[SideInfo]) -> None:
    """What a decoder relies on: every frame's main data starts after the previous frame's and
    ends inside the bytes received so far. A bad splice of copied frames breaks this."""
    previous_end_bits = 0
    for index, info in enumerate(infos):
        start_bits = 8 * (SLOT_BYTES * index - info.main_data_begin)
        assert start_bits >= previous_end_bits, f"frame {index} overlaps the previous frame's data"
        end_bits = start_bits + info.part2_3_length
        assert end_bits <= 8 * SLOT_BYTES * (index + 1), f"frame {index} reads past its own slot"
        previous_end_bits = end_bits


def tone_fraction(infos: list[SideInfo]) -> float:
    """Share of frames that carry spectral data quantized with a coarse step: a decoder-free sign of
    loud content. global_gain is the quantizer step in 1.5 dB units; the tone bursts need a much
    coarser step than -60 dBFS comfort noise, and silence carries no spectral data at all."""
    return sum(1 for info in infos if info.big_values > 0 and info.global_gain >= 168) / len(infos)


def encode_like_recordings(pcm: bytes) -> bytes:
    encoder = audio._new_encoder()
    return bytes(encoder.encode(pcm)) + bytes(encoder.flush())


def goertzel_power(samples: array[int], frequency: float) -> float:
    coefficient = 2 * math.cos(2 * math.pi * frequency / 8000)
    previous = before = 0.0
    for sample in samples:
        previous, before = sample + coefficient * previous - before, previous
    return previous * previous + before * before - coefficient * previous * before


def wav_samples(data: bytes) -> array[int]:
    with wave.open(io.BytesIO(data)) as reader:
        samples = array("h", reader.readframes(reader.getnframes()))
    assert sys.byteorder == "little"
    return samples


@pytest.mark.parametrize("seconds", [0, 1, 7, 61, 3600])
def test_mp3_duration_is_the_nearest_whole_number_of_frames(seconds: int) -> None:
    data = audio.mp3_recording("call-42", seconds)

    info = MP3(io.BytesIO(data)).info
    assert abs(info.length - seconds) <= FRAME_SECONDS / 2  # the nearest whole number of frames
    assert (info.version, info.layer, info.sample_rate, info.channels, info.bitrate) == (2.5, 3, 8000, 1, 16000)
    # Without a Xing tag, mutagen's length is the frame count; only 0 s carries an "Info" tag.
    assert len(data) == FRAME_BYTES * max(1, round(info.length / FRAME_SECONDS))
    assert (data[HEADER_BYTES + SIDE_INFO_BYTES :][:4] == b"Info") == (seconds == 0)


@pytest.mark.parametrize("seconds", [0, 61, 3600])
def test_mp3_every_frame_header_is_mpeg25_layer3_8khz_mono(seconds: int) -> None:
    headers = frame_headers(audio.mp3_recording("call-42", seconds))

    assert len(headers) == 1
    word = int.from_bytes(headers.pop(), "big")
    assert word >> 21 == 0x7FF  # frame sync
    assert (word >> 19) & 0b11 == 0b00  # MPEG 2.5
    assert (word >> 17) & 0b11 == 0b01  # Layer III
    assert (word >> 12) & 0xF == 2  # 16 kbit/s in the MPEG-2/2.5 Layer III table
    assert (word >> 10) & 0b11 == 2  # 8000 Hz for MPEG 2.5
    assert (word >> 9) & 1 == 0  # no padding slot, so every frame is 144 bytes
    assert (word >> 6) & 0b11 == 0b11  # single channel


@pytest.mark.parametrize("seconds", [7, 61, 3600])
def test_mp3_bitstream_is_decodable_and_carries_tones(seconds: int) -> None:
    infos = side_infos(audio.mp3_recording("call-42", seconds))

    assert_reservoir_consistent(infos)
    assert tone_fraction(infos) > 0.1


def test_tone_check_rejects_silence_and_comfort_noise() -> None:
    noise = array("h", ((b - 128) >> 2 for b in hashlib.shake_256(b"noise").digest(7 * 8000))).tobytes()

    for pcm in (bytes(2 * 7 * 8000), noise):
        infos = side_infos(encode_like_recordings(pcm))
        assert_reservoir_consistent(infos)
        assert tone_fraction(infos) < 0.02


@pytest.mark.parametrize(("seed", "period"), [("call-42", 1), ("other", 2)])
def test_steady_state_shortcut_matches_a_full_encode(seed: str, period: int, monkeypatch: pytest.MonkeyPatch) -> None:
    found: list[int] = []
    real_period = audio._period

    def spy(chunks: list[bytes]) -> int:
        found.append(real_period(chunks))
        return found[-1]

    monkeypatch.setattr(audio, "_period", spy)
    # 64 s is 18 whole cycles plus a partial one; with period 2 one whole cycle is also left over
    # after the copies, so every branch of the shortcut runs.
    cycle = audio._cycle(seed)
    cycles, rest = divmod((round(64 / FRAME_SECONDS) - 2) * 576, len(cycle) // 2)
    encoder = audio._new_encoder()
    chunks = [bytes(encoder.encode(cycle)) for _ in range(cycles)]
    full = b"".join([*chunks, bytes(encoder.encode(cycle[: 2 * rest])), bytes(encoder.flush())])

    assert audio.mp3_recording(seed, 64) == full
    assert period in found


def test_mp3_is_deterministic_across_calls_and_interpreters() -> None:
    cases = [("call-42", 0), ("call-42", 61), ("pbx4fl-1700000000.17", 7)]
    here = [hashlib.sha256(audio.mp3_recording(seed, seconds)).hexdigest() for seed, seconds in cases]
    again = [hashlib.sha256(audio.mp3_recording(seed, seconds)).hexdigest() for seed, seconds in cases]
    wav_here = hashlib.sha256(audio.wav_voicemail("vm-1", 3)).hexdigest()

    script = (
        "import hashlib\n"
        "from mockpbx.core import audio\n"
        f"for seed, seconds in {cases!r}:\n"
        "    print(hashlib.sha256(audio.mp3_recording(seed, seconds)).hexdigest())\n"
        "print(hashlib.sha256(audio.wav_voicemail('vm-1', 3)).hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[2]
    # A different hash seed than ours, so anything derived from hash() would show up here.
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=root, check=True
    )

    assert here == again
    assert result.stdout.split() == [*here, wav_here]


def test_different_seeds_give_different_audio() -> None:
    assert audio.mp3_recording("a", 7) != audio.mp3_recording("b", 7)
    assert audio.wav_voicemail("a", 7) != audio.wav_voicemail("b", 7)


@pytest.mark.parametrize("seconds", [0, 1, 7, 61])
def test_wav_format_and_exact_length(seconds: int) -> None:
    data = audio.wav_voicemail("vm-1", seconds)

    with wave.open(io.BytesIO(data)) as reader:
        params = reader.getparams()
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 8000)
    assert params.nframes == seconds * 8000
    assert params.comptype == "NONE"
    assert len(data) == 44 + 2 * seconds * 8000


def test_wav_is_audible_and_unclipped() -> None:
    samples = wav_samples(audio.wav_voicemail("vm-1", 7))

    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    assert rms > 1000
    assert max(abs(s) for s in samples) < 32000


def test_wav_starts_with_a_dual_tone() -> None:
    burst = wav_samples(audio.wav_voicemail("vm-1", 1))[:800]  # the shortest burst is 100 ms

    for group in (DTMF_LOW, DTMF_HIGH):
        powers = sorted(goertzel_power(burst, frequency) for frequency in group)
        assert powers[-1] > 20 * powers[-2]


def test_negative_seconds_are_rejected() -> None:
    with pytest.raises(ValueError):
        audio.mp3_recording("x", -1)
    with pytest.raises(ValueError):
        audio.wav_voicemail("x", -1)


def test_content_types() -> None:
    assert audio.MP3_CONTENT_TYPE == "audio/mpeg"
    assert audio.WAV_CONTENT_TYPE == "audio/wav"


def test_module_imports_only_stdlib_and_lameenc() -> None:
    tree = ast.parse(Path(audio.__file__).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])

    assert imported - set(sys.stdlib_module_names) == {"lameenc"}
