"""Classroom-like frames and videos with real faces in known places, for the face benchmark and tests.

The faces are photos that ship inside scikit-image's wheel (nothing is downloaded): the 100 face
crops of `lfw_subset.npy` (25×25 greyscale, Labeled Faces in the Wild) and the astronaut's face.
Each is tinted to one of several skin tones, lit brighter or darker, tilted a little, scaled to
30–200 px and put on a head (hair) and shoulders, in front of a generated classroom: a wall with
a light gradient, a whiteboard, windows, posters with writing, desks, and distractors that a
detector may mistake for faces (the LFW non-face crops, a cat, coins, a coffee cup, a clock).
Nothing here knows which detector is used, so the set cannot be tuned to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import av
import cv2
import numpy as np

SKIN_TONES = ((255, 224, 196), (241, 194, 125), (224, 172, 105), (198, 134, 66), (141, 85, 36), (92, 58, 40))
HAIR = ((20, 16, 14), (60, 40, 25), (110, 75, 40), (200, 160, 90), (150, 60, 30), (170, 170, 170))
CLOTHES = ((40, 60, 140), (150, 30, 40), (30, 110, 60), (230, 230, 230), (25, 25, 30), (200, 150, 40))
ASTRONAUT_FACE = (176, 60, 104, 128)  # x, y, w, h of the face in skimage's 512×512 astronaut.png


@dataclass(frozen=True)
class Scene:
    """One BGR frame and the boxes (x, y, w, h in pixels) of the faces in it."""

    image: np.ndarray
    faces: tuple[tuple[int, int, int, int], ...]


@dataclass(frozen=True)
class Person:
    """A face of `size` px whose centre moves from `start` to `end` (pixels) over a video."""

    face: int  # index into face_crops()
    size: int
    start: tuple[float, float]
    end: tuple[float, float]
    tone: int
    hair: int
    clothes: int
    light: float = 1.0
    tilt: float = 0.0

    def centre(self, progress: float) -> tuple[float, float]:
        (x0, y0), (x1, y1) = self.start, self.end
        return x0 + (x1 - x0) * progress, y0 + (y1 - y0) * progress


@cache
def face_crops() -> tuple[np.ndarray, ...]:
    """Greyscale faces (float 0..1), tightly cropped: the LFW subset's 100 faces and the astronaut's."""
    import skimage.data

    lfw = np.load(Path(skimage.data.__file__).parent / "lfw_subset.npy")
    x, y, w, h = ASTRONAUT_FACE
    astronaut = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2GRAY)[y : y + h, x : x + w]
    return (*[lfw[i].astype(np.float32) for i in range(100)], astronaut.astype(np.float32) / 255)


@cache
def distractors() -> tuple[np.ndarray, ...]:
    """RGB pictures that are not faces: the LFW subset's 100 non-face crops and a few of skimage's photos."""
    import skimage.data

    lfw = np.load(Path(skimage.data.__file__).parent / "lfw_subset.npy")
    grey = [np.repeat((lfw[i] * 255).astype(np.uint8)[..., None], 3, axis=2) for i in range(100, 200)]
    photos = [skimage.data.chelsea(), skimage.data.coffee(), skimage.data.rocket(), skimage.data.horse()]
    photos += [skimage.data.coins(), skimage.data.clock()]
    photos = [
        p if p.ndim == 3 else np.repeat(((p > 0) * 255 if p.dtype == bool else p)[..., None], 3, 2) for p in photos
    ]
    return tuple(grey + [p.astype(np.uint8) for p in photos])


def classroom(rng: np.random.Generator, width: int = 1280, height: int = 720) -> np.ndarray:
    """An RGB classroom without people: wall, whiteboard, windows, posters, desks, distractors."""
    wall = np.array(rng.integers(120, 230, 3), np.float32)
    ramp = np.linspace(rng.uniform(0.7, 1.0), rng.uniform(0.85, 1.15), width, dtype=np.float32)[None, :, None]
    image = (np.ones((height, width, 3), np.float32) * wall * ramp).clip(0, 255).astype(np.uint8)
    board_x = int(rng.uniform(0.15, 0.45) * width)
    board = (board_x, int(0.08 * height), board_x + int(0.4 * width), int(0.45 * height))
    cv2.rectangle(image, board[:2], board[2:], (235, 238, 236), -1)
    cv2.rectangle(image, board[:2], board[2:], (90, 90, 90), 4)
    for _ in range(int(rng.integers(3, 8))):  # marker writing
        x, y = int(rng.uniform(board[0] + 10, board[2] - 120)), int(rng.uniform(board[1] + 30, board[3] - 10))
        colour = tuple(int(c) for c in rng.choice([(20, 20, 160), (20, 20, 20), (160, 20, 20)]))
        cv2.putText(image, _words(rng), (x, y), cv2.FONT_HERSHEY_SIMPLEX, rng.uniform(0.5, 1.1), colour, 2)
    for _ in range(int(rng.integers(1, 3))):  # windows
        x, y, w, h = int(rng.uniform(0, 0.85) * width), int(0.05 * height), int(0.12 * width), int(0.35 * height)
        cv2.rectangle(image, (x, y), (x + w, y + h), (200, 225, 250), -1)
        cv2.line(image, (x + w // 2, y), (x + w // 2, y + h), (240, 240, 240), 5)
    for _ in range(int(rng.integers(2, 6))):  # posters
        x, y = int(rng.uniform(0, 0.9) * width), int(rng.uniform(0.05, 0.4) * height)
        w, h = int(rng.integers(50, 140)), int(rng.integers(60, 160))
        cv2.rectangle(image, (x, y), (x + w, y + h), tuple(int(c) for c in rng.integers(30, 255, 3)), -1)
        cv2.putText(image, _words(rng)[:6], (x + 4, y + 24), cv2.FONT_HERSHEY_PLAIN, 1.2, (10, 10, 10), 1)
    _draw_desks(image, rng)
    pictures = distractors()
    photos = range(len(pictures) - 6, len(pictures))  # the last six are skimage's photos
    for picture in [*rng.choice(len(pictures) - 6, 3, replace=False), *rng.choice(photos, 2, replace=False)]:
        _paste_picture(image, pictures[picture], rng)
    return image


def scene(rng: np.random.Generator, width: int = 1280, height: int = 720, faces: int = 6) -> Scene:
    """A classroom frame with `faces` people, face sizes 30–200 px (log-uniform), as BGR."""
    image = classroom(rng, width, height)
    people: list[Person] = []
    while len(people) < faces:  # faces do not hide one another: a hidden face cannot be counted fairly
        person = random_person(rng, width, height)
        if not any(_apart(person, other) < 0 for other in people):
            people.append(person)
    boxes = render_people(image, people, 0.0)
    _camera(image, rng)
    return Scene(cv2.cvtColor(image, cv2.COLOR_RGB2BGR), tuple(boxes))


def random_person(
    rng: np.random.Generator, width: int, height: int, size_range: tuple[int, int] = (30, 200), move: float = 0.0
) -> Person:
    """A person with a random face, tone, light and tilt; with `move` > 0 the face travels that much of the width."""
    size = int(math.exp(rng.uniform(math.log(size_range[0]), math.log(size_range[1]))))
    # Classroom perspective: small faces sit further back, higher in the frame; big ones lower.
    depth = (math.log(size) - math.log(size_range[0])) / (math.log(size_range[1]) - math.log(size_range[0]) + 1e-9)
    cy = height * (0.3 + 0.45 * depth + rng.uniform(-0.12, 0.12))
    cy = min(max(cy, size * 0.8), height - size * 0.8)
    cx = rng.uniform(size, width - size)
    dx = move * width * rng.choice([-1, 1])
    end_x = min(max(cx + dx, size), width - size)
    return Person(
        face=int(rng.integers(len(face_crops()))),
        size=size,
        start=(cx, cy),
        end=(end_x, cy + rng.uniform(-0.05, 0.05) * height * bool(move)),
        tone=int(rng.integers(len(SKIN_TONES))),
        hair=int(rng.integers(len(HAIR))),
        clothes=int(rng.integers(len(CLOTHES))),
        light=float(rng.uniform(0.55, 1.3)),
        tilt=float(rng.uniform(-15, 15)),
    )


def render_people(image: np.ndarray, people: list[Person], progress: float) -> list[tuple[int, int, int, int]]:
    """Draw `people` (back to front) at `progress` (0..1 of their move) into RGB `image`; return face boxes."""
    return [_draw_person(image, p, *p.centre(progress)) for p in sorted(people, key=lambda p: p.size)]


def _apart(a: Person, b: Person, progress: float = 0.0) -> float:
    """Distance between two heads (hair included) at `progress`, less their radii: negative when they overlap."""
    (ax, ay), (bx, by) = a.centre(progress), b.centre(progress)
    return math.hypot(ax - bx, ay - by) - 0.7 * (a.size + b.size)


def apart_throughout(a: Person, b: Person) -> bool:
    """Whether two moving people's heads stay apart all the way: a hidden face cannot be counted fairly."""
    return all(_apart(a, b, step / 20) >= 0 for step in range(21))


def moving_people(rng: np.random.Generator, count: int, width: int, height: int, sizes=(30, 150), move=0.3) -> list:
    """`count` people who move across `move` of the width without ever hiding one another's face."""
    people: list[Person] = []
    while len(people) < count:
        person = random_person(rng, width, height, sizes, move=move)
        if all(apart_throughout(person, other) for other in people):
            people.append(person)
    return people


def face_video(
    path: Path,
    people: list[Person],
    *,
    seconds: float,
    width: int = 1280,
    height: int = 720,
    fps: int = 30,
    seed: int = 3,
    audio: bool = True,
) -> list[list[tuple[int, int, int, int]]]:
    """Encode an H.264/AAC classroom video where `people` move; return each frame's face boxes (in `people` order)."""
    rng = np.random.default_rng(seed)
    room = classroom(rng, width, height)
    frames = round(seconds * fps)
    truth = []
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=fps, options={"preset": "ultrafast", "crf": "18"})
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        sound = None
        if audio:
            sound = out.add_stream("aac", rate=48000)
            sound.layout = "mono"
        noise = np.random.default_rng(seed + 1)
        for n in range(frames):
            image = room.copy()
            progress = n / max(frames - 1, 1)
            boxes = {id(p): _draw_person(image, p, *p.centre(progress)) for p in sorted(people, key=lambda p: p.size)}
            truth.append([boxes[id(p)] for p in people])
            image = cv2.add(image, noise.integers(0, 5, image.shape, dtype=np.uint8))  # sensor noise
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, fps)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if sound is not None:
            total = round(seconds * 48000)
            for start in range(0, total, 1024):
                t = np.arange(start, min(start + 1024, total), dtype=np.float32) / 48000
                wave = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[None, :]
                piece = av.AudioFrame.from_ndarray(wave, format="flt", layout="mono")
                piece.sample_rate, piece.pts, piece.time_base = 48000, start, Fraction(1, 48000)
                out.mux(sound.encode(piece))
            out.mux(sound.encode(None))
    return truth


def _draw_person(image: np.ndarray, person: Person, cx: float, cy: float) -> tuple[int, int, int, int]:
    """Shoulders, neck, hair and the tinted, lit, tilted face, centred at (cx, cy); return the face box."""
    s = person.size
    cx, cy = int(round(cx)), int(round(cy))
    skin = np.array(SKIN_TONES[person.tone], np.float32)
    clothes = tuple(int(c * min(person.light, 1.0)) for c in CLOTHES[person.clothes])
    hair = tuple(int(c * min(person.light, 1.0)) for c in HAIR[person.hair])
    cv2.ellipse(image, (cx, cy + int(1.5 * s)), (int(1.2 * s), int(0.9 * s)), 0, 0, 360, clothes, -1)
    neck = tuple(int(c) for c in (skin * 0.8 * person.light).clip(0, 255))
    cv2.rectangle(image, (cx - int(0.22 * s), cy + int(0.3 * s)), (cx + int(0.22 * s), cy + int(0.75 * s)), neck, -1)
    cv2.ellipse(image, (cx, cy - int(0.12 * s)), (int(0.6 * s), int(0.68 * s)), person.tilt, 0, 360, hair, -1)
    grey = cv2.resize(face_crops()[person.face], (s, s), interpolation=cv2.INTER_CUBIC).clip(0, 1)
    face = (grey[..., None] * 1.25 * skin * person.light).clip(0, 255)
    mask = np.zeros((s, s), np.float32)
    cv2.ellipse(mask, (s // 2, s // 2), (int(0.47 * s), int(0.52 * s)), 0, 0, 360, 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), max(0.8, s / 30))
    if person.tilt:
        turn = cv2.getRotationMatrix2D((s / 2, s / 2), person.tilt, 1.0)
        face = cv2.warpAffine(face, turn, (s, s), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        mask = cv2.warpAffine(mask, turn, (s, s), flags=cv2.INTER_LINEAR)
    x0, y0 = cx - s // 2, cy - s // 2
    _blend(image, face, mask, x0, y0)
    return x0, y0, s, s


def _blend(image: np.ndarray, patch: np.ndarray, mask: np.ndarray, x0: int, y0: int) -> None:
    """Alpha-blend float `patch` with `mask` (0..1) into uint8 `image` at (x0, y0), clipped to the image."""
    h, w = mask.shape
    ix0, iy0 = max(x0, 0), max(y0, 0)
    ix1, iy1 = min(x0 + w, image.shape[1]), min(y0 + h, image.shape[0])
    if ix1 <= ix0 or iy1 <= iy0:
        return
    region = image[iy0:iy1, ix0:ix1].astype(np.float32)
    sub = (slice(iy0 - y0, iy1 - y0), slice(ix0 - x0, ix1 - x0))
    alpha = mask[sub][..., None]
    image[iy0:iy1, ix0:ix1] = (region * (1 - alpha) + patch[sub] * alpha).astype(np.uint8)


def _paste_picture(image: np.ndarray, picture: np.ndarray, rng: np.random.Generator) -> None:
    """A distractor, 40–160 px wide, framed like a poster or lying on a desk."""
    w = int(rng.integers(40, 160))
    h = max(8, int(w * picture.shape[0] / picture.shape[1]))
    x, y = int(rng.uniform(0, image.shape[1] - w)), int(rng.uniform(0, image.shape[0] - h))
    resized = cv2.resize(picture, (w, h), interpolation=cv2.INTER_AREA).astype(np.float32)
    _blend(image, resized, np.ones((h, w), np.float32), x, y)


def _draw_desks(image: np.ndarray, rng: np.random.Generator) -> None:
    height, width = image.shape[:2]
    colour = tuple(int(c) for c in rng.integers(90, 170, 3) * np.array([1.0, 0.75, 0.5]))
    for row, top in enumerate((0.62, 0.8)):
        y = int(top * height)
        for x in range(int(rng.uniform(-100, 0)), width, int(width / (3 + row))):
            w = int(width / (3.6 + row))
            cv2.rectangle(image, (x, y), (x + w, y + int(0.06 * height)), colour, -1)
            cv2.rectangle(image, (x, y), (x + w, y + int(0.06 * height)), (50, 40, 30), 2)
            for leg in (x + 10, x + w - 16):
                cv2.rectangle(image, (leg, y + int(0.06 * height)), (leg + 6, y + int(0.16 * height)), (60, 60, 60), -1)


def _camera(image: np.ndarray, rng: np.random.Generator) -> None:
    """What a classroom camera adds: a little blur and sensor noise, in place."""
    blurred = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.4, 1.0))
    noise = rng.normal(0, rng.uniform(2, 6), image.shape)
    image[:] = (blurred + noise).clip(0, 255).astype(np.uint8)


def _words(rng: np.random.Generator) -> str:
    words = ("fractions", "photosynthesis", "Monday", "x + 3 = 7", "homework", "group 2", "quiet please", "22/10")
    return " ".join(rng.choice(words, int(rng.integers(1, 3))))
