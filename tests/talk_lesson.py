"""A classroom lesson with known ground truth, spoken by espeak-ng, for the talk-time tests and bench.

Four synthetic voices take turns from a script: the teacher (near the microphone: loud, almost
dry) and three students (across the room: about 10 dB quieter, with a room's reverb), one of
them pitched close to the teacher. Between turns are known gaps, the teacher's questions are
followed by known waits, and the whole is mixed with classroom noise (pink noise, a mains hum,
desk knocks and a chair scrape in the silences). The truth is where each utterance's dry
signal starts and ends, as a person marking the recording by ear would put it.

Nothing binary is committed: `make_lesson` builds it in a second or two (espeak-ng, Debian
package `espeak-ng`, speaks to WAV files), and writes a WAV and an M4A (AAC, through PyAV).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

RATE = 22050  # espeak-ng's own rate: the analysis must resample to 16 kHz itself
TEACHER = "teacher"
STUDENT = "student"


@dataclass(frozen=True)
class Voice:
    role: str
    espeak: str  # espeak-ng voice+variant
    pitch: int  # espeak-ng -p, 0-99
    speed: int  # words per minute
    gain_db: float  # level at the microphone, relative to the teacher
    reverb_s: float  # RT60 of the room as the microphone hears this voice
    wet: float  # reverberant energy against the direct sound


VOICES = {
    "teacher": Voice(TEACHER, "en-us+m3", 40, 150, 0.0, 0.25, 0.08),
    "maya": Voice(STUDENT, "en-us+f2", 70, 170, -10.0, 0.5, 0.45),
    "leo": Voice(STUDENT, "en-gb+m3", 42, 165, -9.0, 0.5, 0.45),  # pitched close to the teacher
    "ana": Voice(STUDENT, "en-us+f4", 60, 160, -11.0, 0.5, 0.45),
}

# (speaker, words, silence after it in seconds, whether it is a question the teacher marks). Some turns
# follow within a third of a second, as real ones do: the split must find a change of voice there too.
SCRIPT: tuple[tuple[str, str, float, bool], ...] = (
    (
        "teacher",
        "Good morning everyone. Today we are going to look at why the moon seems to change its shape "
        "over a month, and I want you to think like scientists while we do it.",
        1.1,
        False,
    ),
    ("teacher", "So here is my first question. What do you already know about the phases of the moon?", 2.8, True),
    ("maya", "The moon gets bigger and then smaller again.", 0.3, False),
    ("teacher", "Good. Bigger and smaller. Does the moon itself really change size?", 1.5, True),
    ("leo", "No, I think it is the shadow of the earth that covers part of it.", 1.3, False),
    (
        "teacher",
        "That is a very common idea, and a lot of grown ups think so too. Let us test it. "
        "If it were the shadow of the earth, when could we see it?",
        3.8,
        True,
    ),
    ("ana", "Only at night, when the sun is behind the earth?", 0.25, False),
    ("leo", "But I saw the moon this morning on the way to school.", 0.3, False),
    (
        "teacher",
        "Interesting. Leo saw the moon in the daytime. Keep that in mind, because it matters. "
        "Now I will hold up this ball, and this lamp will be the sun. Watch the side of the ball that is lit "
        "as I walk around the circle. Tell me what you notice about the bright part each time I stop.",
        2.2,
        False,
    ),
    ("maya", "The bright part is always on the side of the lamp.", 1.1, False),
    ("teacher", "Why do you think that happens?", 5.0, True),
    ("ana", "Because the lamp is where the light comes from, so that side is lit up.", 1.0, False),
    ("leo", "So we only see part of the lit side from where we sit.", 1.4, False),
    ("teacher", "Yes. Say more about that. What changes as the ball goes around?", 0.35, True),
    ("maya", "How much of the lit half is facing us.", 1.2, False),
    ("teacher", "Exactly right. So who can explain a full moon in their own words?", 2.0, True),
    ("leo", "The whole lit half faces the earth, so we see a circle.", 0.3, False),
    (
        "teacher",
        "Wonderful thinking, all of you. Write that in your notebooks, and draw the ball and the lamp "
        "for each of the four phases we saw today.",
        1.2,
        False,
    ),
)
LEAD_IN_S = 1.5
TAIL_S = 2.0
# When the teacher presses the question key, relative to the end of the question: in its last
# words, right at its end, or a moment after.
MARKER_OFFSETS_S = (-0.6, 0.0, 0.2)
EDGE_LEVEL = 10 ** (-45 / 20)  # an utterance starts and ends where its dry signal first/last rises above this


@dataclass(frozen=True)
class Utterance:
    speaker: str
    role: str
    start: float
    end: float


@dataclass(frozen=True)
class Lesson:
    """The generated recording and its truth."""

    wav: Path
    m4a: Path
    mp4: Path  # the same sound with a (still) picture: a lesson video
    duration: float
    utterances: tuple[Utterance, ...]
    questions: tuple[float, ...]  # the markers the teacher pressed
    waits: tuple[float, ...]  # true wait after each question: end of the question to the next speech
    question_ends: tuple[float, ...]

    def truth_share(self, role: str) -> float:
        return sum(u.end - u.start for u in self.utterances if u.role == role) / self.duration

    def speech_mask(self, hop: float) -> np.ndarray:
        """True where someone speaks, one value per `hop` seconds from the start."""
        mask = np.zeros(int(self.duration / hop), dtype=bool)
        for u in self.utterances:
            mask[int(round(u.start / hop)) : int(round(u.end / hop))] = True
        return mask

    def alone(self, pause: float = 0.6) -> list[Utterance]:
        """The utterances followed by a pause of `pause` s or more: where the detector's hangover shows alone."""
        following = [*self.utterances[1:], None]
        return [u for u, n in zip(self.utterances, following, strict=True) if n is None or n.start - u.end >= pause]

    def teacher_sample(self) -> tuple[float, float]:
        """The teacher's first sentences: what a teacher would mark as a sample of their voice."""
        first = self.utterances[0]
        return first.start, first.end


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None


def make_lesson(folder: Path, *, repeats: int = 1, seed: int = 2026) -> Lesson:
    """Speak the script `repeats` times into folder/lesson.wav and folder/lesson.m4a, with its truth."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    spoken = _speak_all(folder)
    position = LEAD_IN_S
    utterances, questions, question_ends, silences, placed = [], [], [], [], []
    for _ in range(repeats):
        for speaker, words, gap, is_question in SCRIPT:
            voice = VOICES[speaker]
            dry = spoken[speaker, words]
            begin = int(round(position * RATE))
            utterances.append(Utterance(speaker, voice.role, begin / RATE, (begin + len(dry)) / RATE))
            placed.append((begin, _room(dry, voice, rng)))  # its reverberation rings on into the gap
            if is_question:
                end = utterances[-1].end
                questions.append(round(end + MARKER_OFFSETS_S[len(questions) % len(MARKER_OFFSETS_S)], 3))
                question_ends.append(end)
            position = utterances[-1].end + gap
            silences.append((utterances[-1].end, gap))
    mixed = np.zeros(int((position + TAIL_S) * RATE), np.float32)
    for begin, wet in placed:
        mixed[begin : begin + len(wet)] += wet[: len(mixed) - begin]
    starts = [u.start for u in utterances]
    waits = [min(s for s in starts if s > end) - end for end in question_ends]
    mixed += _classroom_noise(len(mixed), silences, rng)
    mixed *= 0.5 / np.max(np.abs(mixed))
    wav = folder / "lesson.wav"
    _write_wav(wav, mixed)
    m4a = folder / "lesson.m4a"
    _write_m4a(m4a, mixed)
    mp4 = folder / "lesson.mp4"
    _write_m4a(mp4, mixed, picture=True)
    return Lesson(
        wav, m4a, mp4, len(mixed) / RATE, tuple(utterances), tuple(questions), tuple(waits), tuple(question_ends)
    )


def _speak_all(folder: Path) -> dict[tuple[str, str], np.ndarray]:
    """Each line of the script as espeak-ng says it, cut to where the voice starts and stops."""
    spoken = {}
    with tempfile.TemporaryDirectory(dir=folder) as temp:
        for index, (speaker, words, _gap, _q) in enumerate(SCRIPT):
            if (speaker, words) in spoken:
                continue
            voice = VOICES[speaker]
            path = Path(temp) / f"{index}.wav"
            subprocess.run(
                [
                    "espeak-ng",
                    "-v",
                    voice.espeak,
                    "-p",
                    str(voice.pitch),
                    "-s",
                    str(voice.speed),
                    "-w",
                    str(path),
                    words,
                ],
                check=True,
                capture_output=True,
            )
            samples = _read_wav(path)
            loud = np.flatnonzero(np.abs(samples) > EDGE_LEVEL * np.max(np.abs(samples)))
            spoken[speaker, words] = samples[int(loud[0]) : int(loud[-1]) + 1]
    return spoken


def _room(dry: np.ndarray, voice: Voice, rng: np.random.Generator) -> np.ndarray:
    """The voice as the microphone hears it: its level there plus the room's reverberation."""
    dry = dry / (np.sqrt(np.mean(dry**2)) + 1e-12) * 0.1 * 10 ** (voice.gain_db / 20)
    length = int(voice.reverb_s * RATE)
    t = np.arange(length) / RATE
    tail = rng.standard_normal(length) * np.exp(-6.9 * t / voice.reverb_s)  # -60 dB at RT60
    tail[: int(0.01 * RATE)] = 0  # the first reflections arrive after the direct sound
    tail *= np.sqrt(voice.wet / np.sum(tail**2))
    impulse = np.concatenate([[1.0], tail[1:]])
    size = 1 << (len(dry) + len(impulse)).bit_length()  # convolution through the FFT: np.convolve is slow
    wet = np.fft.irfft(np.fft.rfft(dry, size) * np.fft.rfft(impulse, size), size)[: len(dry) + len(impulse)]
    return wet.astype(np.float32)


def _classroom_noise(length: int, silences: list[tuple[float, float]], rng: np.random.Generator) -> np.ndarray:
    """Pink noise (ventilation, the room), a faint mains hum, and knocks and scrapes in some silences."""
    white = rng.standard_normal(length)
    spectrum = np.fft.rfft(white)
    spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 1))
    pink = np.fft.irfft(spectrum, n=length)
    pink *= 0.004 / np.sqrt(np.mean(pink**2))  # about 28 dB under the teacher, 18 under the students
    t = np.arange(length) / RATE
    noise = pink + 0.002 * np.sin(2 * np.pi * 50 * t)
    for index, (at, gap) in enumerate(silences):
        if gap < 1.0 or index % 3:
            continue
        begin = int((at + 0.3) * RATE)
        if index % 2:  # a desk knock: a short decaying burst
            burst = rng.standard_normal(int(0.06 * RATE)) * np.exp(-np.arange(int(0.06 * RATE)) / (0.01 * RATE))
            burst *= 0.05
        else:  # a chair scrape: band-limited noise for a third of a second
            burst = np.convolve(rng.standard_normal(int(0.3 * RATE)), np.ones(8) / 8, mode="same") * 0.01
        noise[begin : begin + len(burst)] += burst[: max(0, length - begin)]
    return noise.astype(np.float32)


def _read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as reader:
        assert reader.getframerate() == RATE and reader.getnchannels() == 1
        data = np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16)
    return data.astype(np.float32) / 32768


def _write_wav(path: Path, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())


def _write_m4a(path: Path, samples: np.ndarray, *, picture: bool = False) -> None:
    """AAC at 44.1 kHz in an MP4 container, as a phone or camera would record it; with `picture`, also
    a small H.264 picture at 2 frames a second (a class filmed from the back: the sound is what counts)."""
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("aac", rate=44100, layout="mono")
        if picture:  # every stream is added before the first packet is written
            video = container.add_stream("libx264", rate=2)
            video.width, video.height, video.pix_fmt = 160, 96, "yuv420p"
            pixels = np.full((96, 160, 3), 90, np.uint8)
            for number in range(int(len(samples) / RATE * 2)):
                pixels[:, :, 1] = (number * 7) % 256
                frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
                frame.pts = number
                container.mux(video.encode(frame))
            container.mux(video.encode(None))
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=44100)
        step = RATE  # one second at a time
        for begin in range(0, len(samples), step):
            frame = av.AudioFrame.from_ndarray(samples[None, begin : begin + step].copy(), format="flt", layout="mono")
            frame.sample_rate = RATE
            frame.pts = begin
            for resampled in resampler.resample(frame):
                container.mux(stream.encode(resampled))
        for resampled in resampler.resample(None):
            container.mux(stream.encode(resampled))
        container.mux(stream.encode(None))


@dataclass(frozen=True)
class Scores:
    """How an analysis of the lesson compares with its truth."""

    frame_accuracy: float  # speech/silence agreement per 10 ms
    teacher_share_error: float  # absolute, in fractions of the recording
    student_share_error: float
    wait_errors: tuple[float | None, ...]  # measured minus true, per question; None if none was measured
    end_offsets: tuple[float, ...]  # measured minus true end of each utterance that was found


def score(result, lesson: Lesson, hop: float = 0.01) -> Scores:
    """Compare a TalkResult (portfolio_app.core.talk) with the lesson's truth."""
    truth = lesson.speech_mask(hop)
    found = np.zeros_like(truth)
    for segment in result.segments:
        found[int(round(segment.start / hop)) : int(round(segment.end / hop))] = True
    waits = {w.question_at: w.wait for w in result.wait_times}
    errors = []
    for at, wait in zip(lesson.questions, lesson.waits, strict=True):
        measured = waits.get(at)
        errors.append(None if measured is None else measured - wait)
    offsets = []
    for u in lesson.utterances:
        overlapping = [s for s in result.segments if s.start < u.end and s.end > u.start]
        if overlapping:
            offsets.append(overlapping[-1].end - u.end)
    return Scores(
        float(np.mean(found == truth)),
        abs(result.teacher_share - lesson.truth_share(TEACHER)),
        abs(result.student_share - lesson.truth_share(STUDENT)),
        tuple(errors),
        tuple(offsets),
    )
