"""Write the console's soft alert chimes (chime_1..3.wav) with the standard library.

Run at build time: ``python resources/sounds/make_chimes.py``. Chimes are low sine notes
with a slow fade-in and a long decay, so even the most urgent one never startles a
dispatcher at 3 a.m.; higher levels add notes, not loudness or pitch.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
#: level -> notes (Hz) played one after another; all below 500 Hz.
LEVELS: dict[int, tuple[float, ...]] = {
    1: (392.00,),  # G4
    2: (329.63, 392.00),  # E4 G4
    3: (261.63, 329.63, 392.00),  # C4 E4 G4
}
NOTE_SECONDS = 0.55
FADE_IN = 0.06
PEAK = 0.35  # of full scale: the player's volume scales further


def note(freq: float, seconds: float) -> list[float]:
    out = []
    for i in range(int(RATE * seconds)):
        t = i / RATE
        env = min(1.0, t / FADE_IN) * math.exp(-3.2 * t)
        tone = math.sin(2 * math.pi * freq * t) + 0.18 * math.sin(4 * math.pi * freq * t)
        out.append(PEAK * env * tone / 1.18)
    return out


def chime(level: int) -> list[float]:
    samples: list[float] = []
    for freq in LEVELS[level]:
        samples += note(freq, NOTE_SECONDS)
    samples += [0.0] * int(RATE * 0.15)  # a breath of silence before any repeat
    return samples


def write(path: Path, samples: list[float]) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(b"".join(struct.pack("<h", int(s * 32767)) for s in samples))


def main() -> None:
    here = Path(__file__).parent
    for level in LEVELS:
        write(here / f"chime_{level}.wav", chime(level))


if __name__ == "__main__":
    main()
