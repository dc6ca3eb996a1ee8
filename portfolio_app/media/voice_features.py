"""What a voice sounds like at the microphone, per 32 ms window, from numpy alone: level, MFCCs, pitch.

Enough to tell a voice near the microphone from voices across the room and to compare a stretch
of speech with a sample of one speaker; not a speaker model (none ships inside an installable
wheel without torch: see the FACTS of the project).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RATE = 16000
MEL_BANDS = 26
CEPSTRA = 12  # MFCC 1-12; MFCC 0 is the level, kept apart
CHUNK = 4096  # windows per FFT batch: bounds memory on a 45-minute lesson
MIN_F0, MAX_F0 = 70.0, 400.0
VOICED = 0.45  # normalised autocorrelation at the pitch lag above which a window is voiced
# How much voice colour (per unit of the sample's own spread) and pitch (per octave) count against
# loudness (per 6 dB): set on the generated lesson so that distance from the microphone leads.
COLOUR_WEIGHT = 0.5
PITCH_WEIGHT = 0.5


@dataclass(frozen=True)
class WindowFeatures:
    level_db: np.ndarray  # (n,) mean power in dB full scale
    mfcc: np.ndarray  # (n, CEPSTRA)
    f0: np.ndarray  # (n,) Hz, NaN where unvoiced

    @property
    def count(self) -> int:
        return len(self.level_db)


@dataclass(frozen=True)
class VoiceProfile:
    """A stretch of speech summarised: loud level, mean and spread of MFCCs, median pitch."""

    level_db: float
    mfcc_mean: np.ndarray
    mfcc_std: np.ndarray
    f0: float  # NaN when nothing was voiced
    windows: int


def window_features(samples: np.ndarray, window: int) -> WindowFeatures:
    """Features of every whole `window` of 16 kHz `samples`."""
    count = len(samples) // window
    frames_all = samples[: count * window].reshape(count, window)
    taper = np.hanning(window).astype(np.float32)
    bank = _mel_bank(window)
    dct = _dct_matrix(MEL_BANDS, CEPSTRA + 1)[1:]
    lags = np.arange(int(RATE / MAX_F0), int(RATE / MIN_F0) + 1)
    levels, mfccs, pitches = [], [], []
    for begin in range(0, count, CHUNK):
        frames = frames_all[begin : begin + CHUNK]
        levels.append(10 * np.log10(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-10))
        power = np.abs(np.fft.rfft(frames * taper, axis=1)) ** 2
        mel = np.log(power @ bank.T + 1e-10)
        mfccs.append(mel @ dct.T)
        centred = frames - frames.mean(axis=1, keepdims=True)
        spectrum = np.abs(np.fft.rfft(centred, 2 * window, axis=1)) ** 2
        autocorrelation = np.fft.irfft(spectrum, axis=1)[:, : lags[-1] + 1]
        # unbiased: each lag has fewer overlapping samples
        autocorrelation = autocorrelation / (window - np.arange(lags[-1] + 1))
        energy = autocorrelation[:, 0] + 1e-12
        best = lags[np.argmax(autocorrelation[:, lags], axis=1)]
        strength = autocorrelation[np.arange(len(frames)), best] / energy
        pitches.append(np.where(strength > VOICED, RATE / best, np.nan))
    if not levels:
        return WindowFeatures(np.zeros(0), np.zeros((0, CEPSTRA)), np.zeros(0))
    return WindowFeatures(np.concatenate(levels), np.concatenate(mfccs), np.concatenate(pitches))


def profile(features: WindowFeatures, indexes: np.ndarray) -> VoiceProfile:
    """The voice in the windows at `indexes`, judged by its louder half (pauses inside a stretch are quiet)."""
    if len(indexes) == 0:
        return VoiceProfile(-100.0, np.zeros(CEPSTRA), np.ones(CEPSTRA), float("nan"), 0)
    levels = features.level_db[indexes]
    loud = indexes[levels >= np.median(levels)]
    voiced = features.f0[loud]
    voiced = voiced[~np.isnan(voiced)]
    mfcc = features.mfcc[loud]
    return VoiceProfile(
        float(np.percentile(levels, 75)),
        mfcc.mean(axis=0),
        mfcc.std(axis=0) + 1e-6,
        float(np.median(voiced)) if len(voiced) >= 3 else float("nan"),
        len(indexes),
    )


def unlikeness(teacher: VoiceProfile, other: VoiceProfile) -> float:
    """How unlike the teacher's sample a stretch is: 0 for the sample itself, about 1 where it turns.

    Quieter by 6 dB counts 1 (nearest the microphone is the teacher); louder counts nothing.
    The voice colour (mean MFCCs, in units of the sample's own spread) and pitch (in semitones)
    add to it with smaller weights: a quiet teacher aside stays the teacher's if it sounds like them.
    """
    quieter = max(0.0, teacher.level_db - other.level_db) / 6.0
    colour = float(np.sqrt(np.mean(((other.mfcc_mean - teacher.mfcc_mean) / teacher.mfcc_std) ** 2)))
    pitch = 0.0
    if not (np.isnan(teacher.f0) or np.isnan(other.f0)):
        pitch = abs(12 * np.log2(other.f0 / teacher.f0))
    return quieter + COLOUR_WEIGHT * colour + PITCH_WEIGHT * pitch / 12


def _mel_bank(window: int) -> np.ndarray:
    def mel(hz):
        return 2595 * np.log10(1 + hz / 700)

    def hz(m):
        return 700 * (10 ** (m / 2595) - 1)

    edges = hz(np.linspace(mel(60.0), mel(7600.0), MEL_BANDS + 2))
    bins = np.fft.rfftfreq(window, 1 / RATE)
    bank = np.zeros((MEL_BANDS, len(bins)))
    for band in range(MEL_BANDS):
        low, centre, high = edges[band : band + 3]
        rising = (bins - low) / (centre - low)
        falling = (high - bins) / (high - centre)
        bank[band] = np.clip(np.minimum(rising, falling), 0, None)
    return bank


def _dct_matrix(inputs: int, outputs: int) -> np.ndarray:
    n = np.arange(inputs)
    return np.array([np.cos(np.pi * k * (2 * n + 1) / (2 * inputs)) for k in range(outputs)]) * np.sqrt(2 / inputs)
